//! The performance dashboard: a scripted month of orders, surveys and a complaint gives exactly
//! the figures computed here by hand, over the outlets each manager reaches.

use crate::helpers::TestApp;
use crate::repair_kit::*;
use aftersales::api::complaints::FileComplaint;
use aftersales::api::feedback::AnswerSurvey;
use aftersales::api::kpis::GetDashboard;
use aftersales::domain::complaint::{ComplaintCategory, ComplaintForm};
use aftersales::domain::kpi::{Dashboard, Kpi, Measure};
use aftersales::domain::survey::SurveyForm;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::{StepRequest, WorkOrderEvent};
use aftersales::domain::{AppError, Field, Problem};
use chrono::Duration;

fn figure(dashboard: &Dashboard, kpi: Kpi) -> Measure {
    dashboard
        .rows
        .iter()
        .find(|r| r.now.kpi == kpi)
        .expect("every indicator is on the dashboard")
        .now
}

async fn survey(app: &TestApp, customer: &crate::helpers::Customer, number: &str, nps: u8) {
    let token = customer_view(app, customer, number)
        .await
        .expect("the customer's order")
        .survey
        .and_then(|s| s.token)
        .expect("a survey link");
    app.call(
        &app.visitor(),
        AnswerSurvey {
            token,
            form: SurveyForm {
                nps: Some(nps),
                ratings: [Some(4); 5],
                comment: String::new(),
            },
        },
    )
    .await
    .expect("answered");
}

async fn a_scripted_month_gives_the_figures_computed_by_hand(app: TestApp) {
    // Arrange: two walk-ins at Pudong this month.
    let shop = Shop::new(&app).await;
    let now = the_outlet_local_now(&app, &shop).await;
    // A: repaired, passed at the first inspection, handed back on time; the owner gives 10.
    let happy = app.customer().await;
    let a = shop
        .check_in(&app, walk_in(&happy, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &a, "42,130").await;
    survey(&app, &happy, &a, 10).await;
    // B: fails its first inspection, is handed back after the promised time; the owner gives 5
    // and files a complaint about it.
    let unhappy = app.customer().await;
    let b = shop
        .check_in(&app, walk_in(&unhappy, RepairCategory::Minor, now))
        .await;
    dispatch_to_tech(&app, &shop, &b).await;
    for event in [WorkOrderEvent::StartRepair, WorkOrderEvent::Finish] {
        step(&app, &shop.tech, &b, StepRequest::plain(event))
            .await
            .expect("repaired");
    }
    step(
        &app,
        &shop.inspector,
        &b,
        StepRequest::plain(WorkOrderEvent::FailCheck).with_note("刹车仍有异响"),
    )
    .await
    .expect("failed");
    app.clock.advance(Duration::hours(7));
    step(
        &app,
        &shop.tech,
        &b,
        StepRequest::plain(WorkOrderEvent::Finish),
    )
    .await
    .expect("repaired again");
    pass_settle_and_deliver(&app, &shop, &b, "42,140").await;
    survey(&app, &unhappy, &b, 5).await;
    app.call(
        &unhappy.client,
        FileComplaint {
            form: ComplaintForm {
                order: b.clone(),
                category: Some(ComplaintCategory::Timeliness),
                what_happened: "比承诺的时间晚了一个多小时".into(),
                ..ComplaintForm::default()
            },
        },
    )
    .await
    .expect("filed");
    let admin = app.staff("admin").await;
    let hq = app.staff("hqadmin").await;

    // Act
    let pudong = app
        .call(
            &admin.client,
            GetDashboard {
                period: "2026-11".into(),
            },
        )
        .await
        .expect("the dashboard");
    let group = app
        .call(&hq.client, GetDashboard { period: "".into() })
        .await
        .expect("this month's dashboard");
    let bad = app
        .call(
            &admin.client,
            GetDashboard {
                period: "11/2026".into(),
            },
        )
        .await;

    // Assert: by hand — 2 delivered, 1 on time, 1 first-time pass, NPS (1 − 1) / 2, no
    // rework, 1 complaint per 2 orders.
    assert_eq!(pudong.period.first.to_string(), "2026-11-01");
    assert_eq!(pudong.outlets.len(), 1);
    assert_eq!(group.outlets.len(), 2, "headquarters counts every outlet");
    for dashboard in [&pudong, &group] {
        let on_time = figure(dashboard, Kpi::OnTimeDelivery);
        assert_eq!(
            (on_time.counted, on_time.out_of, on_time.value),
            (1, 2, Some(500))
        );
        assert_eq!(figure(dashboard, Kpi::FirstTimeQcPass).value, Some(500));
        let nps = figure(dashboard, Kpi::Nps);
        assert_eq!((nps.counted, nps.out_of, nps.value), (0, 2, Some(0)));
        assert_eq!(figure(dashboard, Kpi::ComebackRate).value, Some(0));
        assert_eq!(figure(dashboard, Kpi::ComplaintRate).value, Some(500));
        // Both surveys sent at delivery were answered; the complaint is still unanswered; both
        // orders were walk-ins; no booking was due.
        assert_eq!(figure(dashboard, Kpi::SurveyResponse).value, Some(1000));
        assert_eq!(figure(dashboard, Kpi::ComplaintResponse24h).value, Some(0));
        assert_eq!(figure(dashboard, Kpi::WalkInShare).value, Some(1000));
        assert_eq!(figure(dashboard, Kpi::NoShowRate).value, None);
        // October recorded nothing: no figure to compare with.
        assert!(dashboard.rows.iter().all(|r| r.before.value.is_none()));
    }
    let on_time = pudong
        .rows
        .iter()
        .find(|r| r.now.kpi == Kpi::OnTimeDelivery)
        .unwrap();
    assert_eq!(on_time.now.meets(on_time.target), Some(false));
    assert_eq!(
        bad,
        Err(AppError::invalid(Field::Period, Problem::PeriodFormat))
    );
}

on_both_databases!(a_scripted_month_gives_the_figures_computed_by_hand);
