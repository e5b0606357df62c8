//! Scorecards and service points: a quarter of two orders at Pudong, a comeback and a complaint
//! laid at the technician's door give each person the points computed here by hand; managers
//! see their people, everyone else their own card, and headquarters sets the weights.

use crate::complaints::{about, act, action_for, file, staff_view};
use crate::helpers::{Staff, TestApp};
use crate::kpis::survey;
use crate::repair_kit::*;
use aftersales::api::organisation::{AddAssessment, GetPeople};
use aftersales::api::scorecards::{GetScoreBoard, SetPointWeights};
use aftersales::domain::complaint::{ComplaintEvent, Responsibility, StaffAction};
use aftersales::domain::organisation::AssessmentForm;
use aftersales::domain::scorecard::{ScoreBoard, Scorecard, Seat};
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::{CheckInForm, WorkOrderNumber};
use aftersales::domain::{AppError, Field, Problem};

async fn board(app: &TestApp, who: &Staff, period: &str) -> Result<ScoreBoard, AppError> {
    app.call(
        &who.client,
        GetScoreBoard {
            period: period.into(),
        },
    )
    .await
}

fn card<'a>(board: &'a ScoreBoard, name: &str, seat: Seat) -> &'a Scorecard {
    board
        .cards
        .iter()
        .find(|c| c.facts.name == name && c.facts.seat == seat)
        .unwrap_or_else(|| panic!("{name}'s card: {:?}", board.cards))
}

async fn weigh(app: &TestApp, who: &Staff, weights: [&str; 7]) -> Result<(), AppError> {
    app.call(
        &who.client,
        SetPointWeights {
            weights: weights.map(String::from).to_vec(),
        },
    )
    .await
}

async fn each_persons_quarter_weighs_into_points_ranked_and_shown_to_whom_it_should_be(
    app: TestApp,
) {
    // Arrange: 刘婷 opens and 张伟 repairs two orders, both on time and passed first time; the
    // first owner rates every aspect 4 and comes back with the same fault; the second complains
    // and the technician is found responsible.
    let shop = Shop::new(&app).await;
    let now = the_outlet_local_now(&app, &shop).await;
    let alice = app.customer().await;
    let first = shop
        .check_in(&app, walk_in(&alice, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &first, "42,130").await;
    survey(&app, &alice, &first, 10).await;
    let bob = app.customer().await;
    let second = shop
        .check_in(&app, walk_in(&bob, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &second, "42,130").await;
    shop.check_in(
        &app,
        CheckInForm {
            rework_of: Some(WorkOrderNumber::parse(&first).unwrap()),
            odometer_km: "42,600".into(),
            ..walk_in(&alice, RepairCategory::Minor, now)
        },
    )
    .await;
    let csm = app.staff("csm").await;
    let complaint = file(&app, &bob.client, about(&second))
        .await
        .expect("filed")
        .number;
    let technician = staff_view(&app, &csm, &complaint)
        .await
        .unwrap()
        .technicians
        .into_iter()
        .find(|(_, name)| name == "张伟")
        .expect("张伟 works at Pudong")
        .0;
    for action in [
        action_for(ComplaintEvent::Accept),
        action_for(ComplaintEvent::ConcludeInvestigation),
        StaffAction::DetermineResponsibility {
            responsibility: Some(Responsibility::Technician { technician }),
            reasoning: "施工不规范".into(),
        },
    ] {
        act(&app, &csm, &complaint, action).await.expect("a stage");
    }
    let admin = app.staff("admin").await;
    let hq = app.staff("hqadmin").await;
    // Her manager assesses her for the quarter: 5, 5, 4, 4, 4 — 4.4 on average.
    let quarter = board(&app, &admin, "").await.expect("this quarter").period;
    let her = app
        .call(&admin.client, GetPeople {})
        .await
        .expect("the people")
        .people
        .into_iter()
        .find(|p| p.username == "advisor")
        .expect("刘婷")
        .id;
    app.call(
        &admin.client,
        AddAssessment {
            id: her,
            form: AssessmentForm {
                period: quarter.label(),
                scores: ["5", "5", "4", "4", "4"].map(String::from).to_vec(),
                comment: "接待规范".into(),
            },
        },
    )
    .await
    .expect("assessed");

    // Act
    let seen_by_admin = board(&app, &admin, "").await.expect("the outlet's cards");
    let own = board(&app, &shop.advisor, "").await.expect("her own card");
    let wrong = board(&app, &admin, "2026-11").await;

    // Assert: by hand, with the default weights — 2 orders × 1 + on time 100 % × 20 + first
    // pass 100 % × 20 + rating 4.0 / 5 × 20 + assessment 4.4 / 5 × 20 − 1 comeback × 5 = 70.6
    // points for the advisor; the technician, not assessed, loses 10 for the complaint: 43.
    let advisor = card(&seen_by_admin, "刘婷", Seat::Advisor);
    assert_eq!(
        (
            advisor.facts.delivered,
            advisor.facts.on_time,
            advisor.facts.first_passed,
            advisor.facts.rating(),
            advisor.facts.comebacks,
            advisor.facts.complaints
        ),
        (2, 2, 2, Some(40), 1, 0)
    );
    assert_eq!(advisor.facts.assessment, Some(44));
    assert_eq!(advisor.points, 706);
    let tech = card(&seen_by_admin, "张伟", Seat::Technician);
    assert_eq!((tech.facts.comebacks, tech.facts.complaints), (1, 1));
    assert_eq!(tech.points, 430);
    assert_eq!((advisor.outlet_rank, tech.outlet_rank), (1, 2));
    assert_eq!((advisor.region_rank, tech.region_rank), (1, 2));
    assert_eq!(seen_by_admin.period.label().len(), 7, "this quarter");
    // Everyone else sees their own card only.
    assert_eq!(own.cards.len(), 1);
    assert!(own.cards[0].own);
    assert_eq!(own.cards[0].facts.name, "刘婷");
    assert_eq!(
        wrong,
        Err(AppError::invalid(Field::Period, Problem::PeriodFormat))
    );

    // Act: headquarters forgives comebacks; an advisor cannot change the weights.
    let refused = weigh(
        &app,
        &shop.advisor,
        ["1", "20", "20", "20", "20", "0", "10"],
    )
    .await;
    let too_much = weigh(&app, &hq, ["1", "20", "20", "20", "20", "101", "10"]).await;
    weigh(&app, &hq, ["1", "20", "20", "20", "20", "0", "10"])
        .await
        .expect("the new weights");

    // Assert
    assert_eq!(refused, Err(AppError::Forbidden));
    assert_eq!(
        too_much,
        Err(AppError::invalid(
            Field::Entry(5),
            Problem::NotBetween { min: 0, max: 100 }
        ))
    );
    let after = board(&app, &admin, "").await.expect("counted again");
    assert_eq!(card(&after, "刘婷", Seat::Advisor).points, 756);
    assert_eq!(after.weights.0[5], 0);
    let lines = app
        .state
        .repo()
        .sealed_audit_lines(0, i64::MAX, 10_000)
        .await
        .expect("the audit log");
    assert!(lines
        .iter()
        .any(|l| l.action == "service_points.weights_set" && l.detail.contains("[5,0]")));
}

on_both_databases!(each_persons_quarter_weighs_into_points_ranked_and_shown_to_whom_it_should_be);
