//! The indicators' daily figures: every change to what a day counts (a booking made, moved,
//! cancelled, received or missed; an order opened and handed back; a survey sent and answered
//! a day later) marks its day, and the stored days always equal a recount from the records.

use crate::helpers::{hm, Backend, TestApp};
use crate::kpis::survey;
use crate::repair_kit::*;
use aftersales::api::booking::{CancelBooking, RescheduleBooking};
use aftersales::api::reception::{MarkArrived, MarkNoShow};
use aftersales::api::work_orders::{AddEstimateLine, RecordCustomerDecision};
use aftersales::domain::estimate::{DeskDecisionForm, LineDecision};
use aftersales::domain::ids::OutletId;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::{ApprovalMethod, StepRequest, WorkOrderEvent};
use aftersales::server::db::{DayCount, StaleDay};
use aftersales::server::services::kpi_days::recheck;
use chrono::{Duration, NaiveDate};

/// Recounts every day (the marked ones first) and finds each stored day equal to its recount:
/// a change that did not mark its day would have left the day's earlier counts stored.
async fn all_days_equal_their_recount(app: &TestApp, after: &str) {
    let (checked, differ) = recheck(&app.state).await.expect("rechecked");
    assert!(checked > 0);
    assert_eq!(differ, vec![], "after {after}: of {checked} days");
}

async fn the_stored_days_equal_a_recount_after_every_kind_of_change(app: TestApp) {
    // Arrange: the demo group, written through the same changes at start-up, is counted.
    all_days_equal_their_recount(&app, "start-up").await;
    let (customer, other) = (app.customer().await, app.customer().await);
    let (tomorrow, later) = (app.day(1), app.day(3));

    // Act and assert: a booking made, moved, cancelled.
    let moved = app
        .booking(&customer)
        .on(tomorrow)
        .at(hm(14, 0))
        .booked()
        .await;
    all_days_equal_their_recount(&app, "a booking").await;
    app.call(
        &customer.client,
        RescheduleBooking {
            number: moved.number.as_str().into(),
            date: later,
            start: hm(10, 0),
        },
    )
    .await
    .expect("moved");
    all_days_equal_their_recount(&app, "a booking moved").await;
    app.call(
        &customer.client,
        CancelBooking {
            number: moved.number.as_str().into(),
        },
    )
    .await
    .expect("cancelled");
    all_days_equal_their_recount(&app, "a booking cancelled").await;

    // The day comes: one customer comes, one does not.
    let missed = app.booking(&other).on(tomorrow).at(hm(9, 0)).booked().await;
    let came = app
        .booking(&customer)
        .on(tomorrow)
        .at(hm(11, 0))
        .booked()
        .await;
    all_days_equal_their_recount(&app, "two bookings").await;
    app.clock.advance(Duration::days(1));
    let advisor = app.staff("advisor").await;
    app.call(
        &advisor.client,
        MarkArrived {
            number: came.number.as_str().into(),
        },
    )
    .await
    .expect("received");
    all_days_equal_their_recount(&app, "a customer received").await;
    app.call(
        &advisor.client,
        MarkNoShow {
            number: missed.number.as_str().into(),
        },
    )
    .await
    .expect("missed");
    all_days_equal_their_recount(&app, "a no-show").await;

    // A walk-in is opened, repaired and handed back; its survey is answered the next day.
    let shop = Shop::new(&app).await;
    let now = the_outlet_local_now(&app, &shop).await;
    let order = shop
        .check_in(&app, walk_in(&other, RepairCategory::Minor, now))
        .await;
    all_days_equal_their_recount(&app, "a check-in").await;
    repair_and_deliver(&app, &shop, &order, "42,130").await;
    all_days_equal_their_recount(&app, "a hand-over").await;
    app.clock.advance(Duration::days(1));
    survey(&app, &other, &order, 9).await;
    all_days_equal_their_recount(&app, "a survey answered").await;
    let sent_on = app.day(-1);

    // A finding, added after check-in and approved by phone the next day; an order cancelled.
    let now = the_outlet_local_now(&app, &shop).await;
    let found = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    dispatch_to_tech(&app, &shop, &found).await;
    step(
        &app,
        &shop.tech,
        &found,
        StepRequest::plain(WorkOrderEvent::StartDiagnosis),
    )
    .await
    .expect("diagnosing");
    all_days_equal_their_recount(&app, "a check-in").await;
    let line = app
        .call(
            &shop.tech.client,
            AddEstimateLine {
                number: found.clone(),
                line: labour_line("更换刹车片", "1", "200"),
            },
        )
        .await
        .expect("a finding");
    step(
        &app,
        &shop.tech,
        &found,
        StepRequest::plain(WorkOrderEvent::RequestApproval),
    )
    .await
    .expect("asked");
    all_days_equal_their_recount(&app, "a finding").await;
    app.clock.advance(Duration::days(1));
    app.call(
        &shop.advisor.client,
        RecordCustomerDecision {
            number: found.clone(),
            form: DeskDecisionForm {
                decisions: vec![LineDecision {
                    line,
                    approve: true,
                }],
                method: ApprovalMethod::Phone,
                note: "客户电话同意".into(),
                signature_png: String::new(),
            },
        },
    )
    .await
    .expect("approved");
    all_days_equal_their_recount(&app, "a finding approved").await;
    let now = the_outlet_local_now(&app, &shop).await;
    let third = app.customer().await;
    let cancelled = shop
        .check_in(&app, walk_in(&third, RepairCategory::Minor, now))
        .await;
    all_days_equal_their_recount(&app, "a check-in").await;
    step(
        &app,
        &shop.advisor,
        &cancelled,
        StepRequest::plain(WorkOrderEvent::Cancel).with_note("客户不修了"),
    )
    .await
    .expect("cancelled");
    all_days_equal_their_recount(&app, "an order cancelled").await;
    let sent_day = app
        .state
        .repo()
        .stored_day(app.pudong(), sent_on)
        .await
        .expect("read")
        .expect("counted")
        .facts;
    assert_eq!(sent_day.surveys_sent, sent_day.surveys_answered);
    assert!(sent_day.surveys_answered >= 1 && sent_day.orders.delivered >= 1);
}

on_both_databases!(the_stored_days_equal_a_recount_after_every_kind_of_change);

/// The marks of an outlet's day.
async fn read(app: &TestApp, outlet: OutletId, day: NaiveDate) -> Vec<StaleDay> {
    app.state
        .repo()
        .stale_days(Some(&[outlet]), day, day, 100)
        .await
        .expect("the marks")
}

/// A story whose worker stays idle after its first turn (it would recount the marked days).
async fn idle_worker(backend: Backend) -> Option<TestApp> {
    TestApp::try_spawn_with(backend, &[("NOTIFY_INTERVAL_MS", "3600000")]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recount_is_kept_only_if_no_later_one_was_stored_on_sqlite() {
    let app = idle_worker(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    a_recount_is_kept_only_if_no_later_one_was_stored(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recount_is_kept_only_if_no_later_one_was_stored_on_postgres() {
    if let Some(app) = idle_worker(Backend::Postgres).await {
        a_recount_is_kept_only_if_no_later_one_was_stored(app).await;
    }
}

async fn a_recount_is_kept_only_if_no_later_one_was_stored(app: TestApp) {
    // Arrange: a day marked twice, read by two recounts at different times.
    recheck(&app.state).await.expect("rechecked");
    let repo = app.state.repo();
    let (outlet, day) = (app.pudong(), app.day(5));

    let customer = app.customer().await;
    app.booking(&customer).on(day).at(hm(9, 0)).booked().await;
    let early: Vec<StaleDay> = read(&app, outlet, day).await;
    app.booking(&customer).on(day).at(hm(15, 0)).booked().await;
    let late: Vec<StaleDay> = read(&app, outlet, day).await;
    let count = |held: i64| DayCount {
        facts: aftersales::domain::kpi::Facts {
            booked_minutes: held,
            ..Default::default()
        },
        faults: vec![],
    };

    // Act: the later recount is stored first; the earlier one comes after it.
    let later_stored = repo.save_day(&late[0], &count(120)).await.expect("saved");
    let earlier_stored = repo.save_day(&early[0], &count(60)).await.expect("saved");

    // Assert
    assert_eq!((early[0].marks.len(), late[0].marks.len()), (1, 2));
    assert!(later_stored);
    assert!(
        !earlier_stored,
        "an earlier recount never overwrites a later one"
    );
    let stored = repo.stored_day(outlet, day).await.expect("read");
    assert_eq!(stored.map(|d| d.facts.booked_minutes), Some(120));
    assert_eq!(read(&app, outlet, day).await, vec![]);
}

async fn a_drill_down_lists_the_newest_records_of_the_whole_period(app: TestApp) {
    // Arrange: two years of history, a quarter of it more than a drill-down lists.
    use aftersales::domain::identity::Username;
    use aftersales::domain::kpi::{Kpi, DRILL_LIMIT};
    use aftersales::server::services::kpis::drill;
    use chrono::Datelike;
    let earlier = app.day(-92);
    let quarter = format!("{}-Q{}", earlier.year(), earlier.month0() / 3 + 1);
    let hq = app
        .state
        .repo()
        .staff_by_username(&Username::parse("hqadmin").expect("a name"))
        .await
        .expect("read")
        .expect("headquarters");
    for kpi in [
        Kpi::OnTimeDelivery,
        Kpi::Nps,
        Kpi::SurveyResponse,
        Kpi::NoShowRate,
        Kpi::WalkInShare,
    ] {
        // Act
        let newest = drill(&app.state, &hq, &quarter, None, &kpi.code(), false)
            .await
            .expect("the drill-down");
        let every = drill(&app.state, &hq, &quarter, None, &kpi.code(), true)
            .await
            .expect("all of it");

        // Assert
        assert!(
            every.rows.len() > DRILL_LIMIT,
            "{kpi:?}: {}",
            every.rows.len()
        );
        assert_eq!(newest.total, every.total, "{kpi:?}");
        assert_eq!(newest.rows.len(), DRILL_LIMIT, "{kpi:?}");
        assert_eq!(newest.rows[..], every.rows[..DRILL_LIMIT], "{kpi:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drill_down_lists_the_newest_records_of_the_whole_period_on_sqlite() {
    let app = with_history(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    a_drill_down_lists_the_newest_records_of_the_whole_period(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drill_down_lists_the_newest_records_of_the_whole_period_on_postgres() {
    if let Some(app) = with_history(Backend::Postgres).await {
        a_drill_down_lists_the_newest_records_of_the_whole_period(app).await;
    }
}

/// The demo group with two years of past orders (about 1,100 a quarter).
async fn with_history(backend: Backend) -> Option<TestApp> {
    TestApp::try_spawn_with(backend, &[("DEMO_HISTORY_ORDERS", "9000")]).await
}

async fn a_database_from_before_the_daily_figures_is_counted_at_its_first_start(app: TestApp) {
    // Arrange: an order handed back, then the database as it was before the stored outcomes
    // and the daily figures.
    let shop = Shop::new(&app).await;
    let now = the_outlet_local_now(&app, &shop).await;
    let customer = app.customer().await;
    let order = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &order, "42,130").await;
    app.execute_sql("DELETE FROM kpi_days; DELETE FROM kpi_day_marks; DELETE FROM order_outcomes")
        .await;

    // Act: an instance starts on it.
    let upgraded = app.second_instance().await;

    // Assert: every recorded day was counted, not only the days of the outcomes it stored.
    let (checked, differ) = recheck(&upgraded.state).await.expect("rechecked");
    assert_eq!(differ, vec![], "of {checked} days");
    let today = upgraded
        .state
        .repo()
        .stored_day(upgraded.pudong(), upgraded.day(0))
        .await
        .expect("read")
        .expect("counted")
        .facts;
    assert!(today.orders.delivered >= 1 && today.orders_opened >= 1);
}

on_both_databases!(a_database_from_before_the_daily_figures_is_counted_at_its_first_start);
