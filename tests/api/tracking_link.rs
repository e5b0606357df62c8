//! The tracking link (the QR code on the check-in sheet) is a bystander's view: the car's
//! progress and whom to call, without the customer's survey link, call records, words, type,
//! photos, name or full VIN; and it stops working the outlet's number of days after delivery.

use crate::helpers::TestApp;
use crate::repair_kit::*;
use aftersales::api::work_orders::TrackedWorkOrder;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::AppError;
use chrono::Duration;

async fn tracked(
    app: &TestApp,
    token: &str,
) -> Result<aftersales::domain::work_order::WorkOrderView, AppError> {
    app.call(
        &app.visitor(),
        TrackedWorkOrder {
            token: token.into(),
        },
    )
    .await
}

async fn the_link_shows_progress_not_the_customers_records_and_expires_after_delivery(
    app: TestApp,
) {
    // Arrange: a delivered order (its survey open, the customer's words on record).
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &number, "42,130").await;
    let token = shop.staff_view(&app, &number).await.tracking_token.unwrap();
    let own = customer_view(&app, &customer, &number).await.unwrap();

    // Act
    let seen = tracked(&app, &token).await.unwrap();
    app.clock.advance(Duration::days(29));
    let a_month_on = tracked(&app, &token).await;
    app.clock.advance(Duration::days(2));
    let later = tracked(&app, &token).await;

    // Assert: progress and the outlet, nothing of the customer's own.
    assert_eq!(seen.number.as_str(), number);
    assert_eq!(seen.status, own.status);
    assert!(own.survey.is_some(), "the owner's page has the survey");
    assert_eq!(seen.survey, None, "no survey link");
    assert!(
        seen.approvals.is_empty(),
        "no records of calls or signatures"
    );
    assert_eq!(seen.customer_type, None);
    assert!(seen.customer_words.is_empty() && seen.expectations.is_empty());
    assert!(seen.walk_around.is_empty() && seen.photos.is_empty());
    assert!(!seen.customer_name.is_empty());
    assert_ne!(seen.customer_name, own.customer_name, "the name is masked");
    assert!(!seen.outlet_phone.is_empty(), "whom to call");
    assert!(a_month_on.is_ok(), "still open 29 days after delivery");
    assert_eq!(
        later.unwrap_err(),
        AppError::NotFound,
        "expired after 30 days"
    );
}

on_both_databases!(the_link_shows_progress_not_the_customers_records_and_expires_after_delivery);

async fn what_the_pages_read_is_kept_only_until_the_order_changes(app: TestApp) {
    use aftersales::api::work_orders::AddWorkOrderNote;
    use aftersales::domain::work_order::{StepRequest, WorkOrderEvent};
    // Arrange: an order being diagnosed, its tracking link read (and so kept) once.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    dispatch_to_tech(&app, &shop, &number).await;
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::StartDiagnosis),
    )
    .await
    .unwrap();
    let token = shop.staff_view(&app, &number).await.tracking_token.unwrap();
    let before = tracked(&app, &token).await.unwrap();

    // Act: a public note changes nothing a step decides on (the order's version stays).
    app.call(
        &shop.tech.client,
        AddWorkOrderNote {
            number: number.clone(),
            note: "前刹车片磨损严重".into(),
            public: true,
        },
    )
    .await
    .unwrap();
    let after = tracked(&app, &token).await.unwrap();
    app.clock.advance(Duration::hours(30));
    let later = tracked(&app, &token).await.unwrap();

    // Assert: the note is there at once, and the clocks are read at each view.
    assert_eq!(after.timeline.len(), before.timeline.len() + 1);
    assert!(after.timeline.iter().any(|e| e.note == "前刹车片磨损严重"));
    assert!(later.now > after.now);
    assert_ne!(
        later.sla, after.sla,
        "the clocks run on while the rest is kept"
    );
}

on_both_databases!(what_the_pages_read_is_kept_only_until_the_order_changes);
