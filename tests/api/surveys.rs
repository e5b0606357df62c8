//! The post-service survey and the follow-up visits: a delivered order's link answers its own
//! survey once and only until it expires; a detractor or a low rating puts a call on the
//! customer-service manager's list; every delivery gets a routine call some days later.

use crate::helpers::{Backend, TestApp};
use crate::repair_kit::*;
use aftersales::api::feedback::*;
use aftersales::api::work_orders::NotificationsOutbox;
use aftersales::domain::follow_up::{FollowUpForm, FollowUpSource, FollowUpTask};
use aftersales::domain::survey::{SurveyForm, SurveyInvitation, SurveyOutcome};
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::NotificationKind;
use aftersales::domain::{AppError, Conflict, Field, Problem};
use chrono::Duration;

fn answers(nps: u8, ratings: [u8; 5]) -> SurveyForm {
    SurveyForm {
        nps: Some(nps),
        ratings: ratings.map(Some),
        comment: "师傅很专业".into(),
    }
}

/// A walk-in of a fresh customer, repaired and delivered; answers the customer, the order
/// number and the survey link's token.
async fn delivered(app: &TestApp, shop: &Shop) -> (crate::helpers::Customer, String, String) {
    let customer = app.customer().await;
    let now = the_outlet_local_now(app, shop).await;
    let number = shop
        .check_in(app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(app, shop, &number, "42,130").await;
    let view = customer_view(app, &customer, &number).await.unwrap();
    let token = view
        .survey
        .and_then(|s| s.token)
        .expect("the customer's page has the survey link");
    (customer, number, token)
}

async fn answer(app: &TestApp, token: &str, form: SurveyForm) -> Result<SurveyOutcome, AppError> {
    app.call(
        &app.visitor(),
        AnswerSurvey {
            token: token.into(),
            form,
        },
    )
    .await
}

async fn tasks(app: &TestApp, who: &crate::helpers::Staff) -> Result<Vec<FollowUpTask>, AppError> {
    app.call(&who.client, FollowUpList {}).await
}

async fn a_delivered_orders_link_answers_its_own_survey_once(app: TestApp) {
    // Arrange: two delivered orders.
    let shop = Shop::new(&app).await;
    let (_, number, token) = delivered(&app, &shop).await;
    let (_, _, other_token) = delivered(&app, &shop).await;
    let outbox = app
        .call(&shop.advisor.client, NotificationsOutbox {})
        .await
        .unwrap();
    assert!(
        outbox
            .iter()
            .any(|m| m.kind == NotificationKind::SurveyInvite
                && m.order.as_ref().is_some_and(|o| o.as_str() == number)),
        "the invitation goes out through the outbox"
    );
    assert_eq!(
        shop.staff_view(&app, &number).await.survey.unwrap().token,
        None,
        "staff see the answer, not the customer's link"
    );

    // Act
    let opened = app
        .call(
            &app.visitor(),
            OpenSurvey {
                token: token.clone(),
            },
        )
        .await
        .unwrap();
    let first = answer(&app, &token, answers(9, [5, 5, 4, 5, 5])).await;
    let second = answer(&app, &token, answers(3, [1, 1, 1, 1, 1])).await;

    // Assert
    assert!(matches!(opened, SurveyInvitation::Open { ref order, .. } if order.as_str() == number));
    assert_eq!(first, Ok(SurveyOutcome::Thanks { follow_up: false }));
    assert_eq!(
        second,
        Ok(SurveyOutcome::AlreadyAnswered),
        "one response per order"
    );
    let stored = shop.staff_view(&app, &number).await.survey.unwrap();
    assert_eq!(
        stored.answer.map(|a| a.nps),
        Some(9),
        "the first answer stands"
    );
    let other = app
        .call(&app.visitor(), OpenSurvey { token: other_token })
        .await
        .unwrap();
    assert!(
        matches!(other, SurveyInvitation::Open { .. }),
        "another order's survey is untouched"
    );
    let csm = app.staff("csm").await;
    assert!(
        tasks(&app, &csm).await.unwrap().is_empty(),
        "a promoter needs no call"
    );
}

async fn a_detractor_or_a_low_rating_puts_a_call_on_the_managers_list(app: TestApp) {
    // Arrange
    let shop = Shop::new(&app).await;
    let csm = app.staff("csm").await;
    let (customer, number, token) = delivered(&app, &shop).await;
    let (_, _, passive) = delivered(&app, &shop).await;
    let (_, slow_number, slow) = delivered(&app, &shop).await;

    // Act: a 4 with a low timeliness rating; a content 8; a 9 who found it slow.
    let detractor = answer(&app, &token, answers(4, [4, 4, 2, 3, 4])).await;
    let content = answer(&app, &passive, answers(8, [3, 3, 3, 3, 3])).await;
    let promoter_but_slow = answer(&app, &slow, answers(9, [5, 5, 2, 5, 5])).await;
    let incomplete = answer(
        &app,
        &slow,
        SurveyForm {
            nps: Some(9),
            ..Default::default()
        },
    )
    .await;

    // Assert
    assert_eq!(detractor, Ok(SurveyOutcome::Thanks { follow_up: true }));
    assert_eq!(content, Ok(SurveyOutcome::Thanks { follow_up: false }));
    assert_eq!(
        promoter_but_slow,
        Ok(SurveyOutcome::Thanks { follow_up: true })
    );
    assert_eq!(
        incomplete,
        Ok(SurveyOutcome::AlreadyAnswered),
        "an answered survey is refused before its form is read"
    );
    let list = tasks(&app, &csm).await.unwrap();
    let orders: Vec<_> = list
        .iter()
        .filter_map(|t| t.order.as_ref().map(|n| n.as_str().to_string()))
        .collect();
    assert_eq!(list.len(), 2, "{orders:?}");
    let call = list
        .iter()
        .find(|t| t.order.as_ref().map(|n| n.as_str()) == Some(number.as_str()))
        .unwrap();
    assert_eq!(call.source, FollowUpSource::Survey);
    assert_eq!(
        call.phone, customer.phone,
        "the manager needs the number to call"
    );
    assert_eq!(call.survey.as_ref().map(|a| a.nps), Some(4));
    assert_eq!(call.due_at - call.created_at, Duration::hours(24));
    assert!(!call.overdue);
    assert!(list
        .iter()
        .any(|t| t.order.as_ref().map(|n| n.as_str()) == Some(slow_number.as_str())));

    // Only the manager and the outlet manager work the list.
    assert_eq!(tasks(&app, &shop.advisor).await, Err(AppError::Forbidden));
    assert_eq!(
        tasks(&app, &app.staff("admin").await)
            .await
            .map(|l| l.len()),
        Ok(2)
    );

    // The call is recorded once, with its outcome; the list shows it done.
    let record = |form: FollowUpForm| app.call(&csm.client, RecordFollowUp { id: call.id, form });
    assert_eq!(
        record(FollowUpForm {
            reached: true,
            satisfaction: None,
            outcome: "已致歉".into(),
        })
        .await,
        Err(AppError::invalid(Field::Satisfaction, Problem::Required))
    );
    let done = FollowUpForm {
        reached: true,
        satisfaction: Some(4),
        outcome: "已致歉并解释排队原因，客户表示理解".into(),
    };
    assert_eq!(record(done.clone()).await, Ok(()));
    assert_eq!(
        record(done).await,
        Err(AppError::Conflict(Conflict::FollowUpDone))
    );
    let after = tasks(&app, &csm).await.unwrap();
    let recorded = after.iter().find(|t| t.id == call.id).unwrap();
    assert!(recorded.done_at.is_some());
    assert_eq!(recorded.done_by.as_deref(), Some("周敏"));
    assert_eq!(recorded.satisfaction, Some(4));

    // Another outlet's manager cannot see or record it.
    let minhang = app.staff("advisor2").await;
    assert_eq!(
        app.call(
            &minhang.client,
            RecordFollowUp {
                id: call.id,
                form: FollowUpForm::default(),
            },
        )
        .await,
        Err(AppError::Forbidden),
        "advisors never reach the list"
    );
}

async fn an_expired_or_unknown_link_says_so(app: TestApp) {
    let shop = Shop::new(&app).await;
    let (_, _, token) = delivered(&app, &shop).await;

    // Fourteen days later (the outlet's default) the link no longer works.
    app.clock.advance(Duration::days(14));
    let opened = app
        .call(
            &app.visitor(),
            OpenSurvey {
                token: token.clone(),
            },
        )
        .await;
    assert_eq!(opened, Ok(SurveyInvitation::Expired));
    assert_eq!(
        answer(&app, &token, answers(10, [5; 5])).await,
        Ok(SurveyOutcome::Expired)
    );
    assert_eq!(
        app.call(
            &app.visitor(),
            OpenSurvey {
                token: "not-a-survey".into()
            }
        )
        .await,
        Err(AppError::NotFound)
    );
}

async fn every_delivery_gets_a_routine_call_three_days_later_once(app: TestApp) {
    let shop = Shop::new(&app).await;
    let csm = app.staff("csm").await;
    let (_, number, _) = delivered(&app, &shop).await;

    // Two days on: nothing yet.
    app.clock.advance(Duration::days(2));
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(tasks(&app, &csm).await.unwrap().is_empty());

    // Three days on: one routine call, however often the worker looks.
    app.clock.advance(Duration::days(1) + Duration::minutes(1));
    eventually("the routine call opens", || async {
        !tasks(&app, &csm).await.unwrap().is_empty()
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let list = tasks(&app, &csm).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].source, FollowUpSource::Routine);
    assert_eq!(
        list[0].order.as_ref().map(|n| n.as_str()),
        Some(number.as_str())
    );
}

/// The demo group's past (as `DEMO_HISTORY_ORDERS` writes it) has had its routine calls: the
/// manager's list is not filled with a call for every order of the last months.
async fn past_orders_leave_their_routine_calls_done(app: TestApp) {
    // Arrange: two years of orders, and the worker's look for calls that came due.
    let csm = app.staff("csm").await;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;

    // Act
    let list = tasks(&app, &csm).await.unwrap();

    // Assert: the calls of the last days are there, done; at most a call or two just opened.
    let routine = |done: bool| {
        list.iter()
            .filter(|t| t.source == FollowUpSource::Routine && t.done_at.is_some() == done)
            .count()
    };
    assert!(routine(true) > 0, "the history's routine calls are done");
    assert!(
        routine(false) <= 2,
        "{} routine calls opened for past orders",
        routine(false)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_orders_leave_their_routine_calls_done_on_sqlite() {
    let app = TestApp::try_spawn_with(Backend::Sqlite, &[("DEMO_HISTORY_ORDERS", "600")])
        .await
        .expect("SQLite always runs");
    past_orders_leave_their_routine_calls_done(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_orders_leave_their_routine_calls_done_on_postgres() {
    if let Some(app) =
        TestApp::try_spawn_with(Backend::Postgres, &[("DEMO_HISTORY_ORDERS", "600")]).await
    {
        past_orders_leave_their_routine_calls_done(app).await;
    }
}

on_both_databases!(
    a_delivered_orders_link_answers_its_own_survey_once,
    a_detractor_or_a_low_rating_puts_a_call_on_the_managers_list,
    an_expired_or_unknown_link_says_so,
    every_delivery_gets_a_routine_call_three_days_later_once,
);

async fn a_survey_needs_only_the_recommendation_and_a_skipped_rating_stays_unanswered(
    app: TestApp,
) {
    // Arrange
    let shop = Shop::new(&app).await;
    let (_, number, token) = delivered(&app, &shop).await;
    let form = SurveyForm {
        nps: Some(10),
        ratings: [Some(5), None, None, Some(4), None],
        comment: String::new(),
    };

    // Act
    let outcome = answer(&app, &token, form).await;

    // Assert: thanked without a call; the skipped ratings are stored as no answer.
    assert_eq!(outcome, Ok(SurveyOutcome::Thanks { follow_up: false }));
    let stored = shop.staff_view(&app, &number).await.survey.unwrap();
    assert_eq!(
        stored.answer.map(|a| a.ratings),
        Some([Some(5), None, None, Some(4), None])
    );
}

on_both_databases!(a_survey_needs_only_the_recommendation_and_a_skipped_rating_stays_unanswered);
