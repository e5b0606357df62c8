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
