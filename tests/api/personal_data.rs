//! A customer's copy of everything kept about them (PIPL): `GET /my-data`, theirs only; and the
//! erasure of their personal data, which keeps the records the law requires without them.

use crate::helpers::TestApp;
use crate::repair_kit::*;
use aftersales::api::auth::{EraseMyData, SignIn};
use aftersales::api::booking::CancelBooking;
use aftersales::api::work_orders::StaffWorkOrder;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::{AppError, Conflict, Field, Problem};
use reqwest::StatusCode;

async fn a_customer_downloads_everything_kept_about_them_and_nothing_of_anyone_else(app: TestApp) {
    // Arrange: two customers, each with a booking.
    let customer = app.customer().await;
    let mine = app.booking(&customer).booked().await;
    let other = app.customer().await;
    let theirs = app.booking(&other).on(app.day(2)).booked().await;

    // Act
    let response = customer
        .client
        .get(format!("{}/my-data", app.address))
        .send()
        .await
        .expect("the server answers");
    let status = response.status();
    let disposition = response.headers().get("content-disposition").cloned();
    let cache = response.headers().get("cache-control").cloned();
    let body = response.text().await.expect("a body");
    let document: serde_json::Value = serde_json::from_str(&body).expect("a JSON document");

    // Assert
    assert_eq!(status, StatusCode::OK);
    assert!(disposition.is_some_and(|d| d.to_str().unwrap_or_default().starts_with("attachment")));
    assert_eq!(
        cache.as_ref().and_then(|c| c.to_str().ok()),
        Some("no-store")
    );
    assert_eq!(document["account"]["mobile"], customer.phone.as_str());
    assert_eq!(
        document["cars"][0]["plate"],
        serde_json::to_value(&customer.car().plate).unwrap()
    );
    assert!(
        body.contains(mine.number.as_str()),
        "their booking is in it"
    );
    assert!(
        !body.contains(theirs.number.as_str()),
        "another customer's booking is not"
    );
    assert!(!body.contains(&other.phone), "nor their number");
    assert!(
        document["account_activity"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "the account's own activity is in it"
    );
    let lines = app
        .state
        .repo()
        .sealed_audit_lines(0, i64::MAX, 10_000)
        .await
        .expect("the audit log");
    assert!(lines.iter().any(|l| l.action == "customer.data_exported"));
}

async fn nobody_else_gets_a_customers_data(app: TestApp) {
    // Arrange
    let advisor = app.staff("advisor").await;

    // Act
    let visitor = app
        .visitor()
        .get(format!("{}/my-data", app.address))
        .send()
        .await
        .expect("the server answers")
        .status();
    let staff = advisor
        .client
        .get(format!("{}/my-data", app.address))
        .send()
        .await
        .expect("the server answers")
        .status();

    // Assert
    assert_eq!(visitor, StatusCode::UNAUTHORIZED);
    assert_eq!(staff, StatusCode::FORBIDDEN);
}

async fn an_erased_customer_leaves_records_without_name_or_number_and_cannot_sign_in(app: TestApp) {
    // Arrange: a delivered repair, and a booking still open.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let order = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &order, "42,150").await;
    let booking = app.booking(&customer).on(app.day(3)).booked().await;
    let erase = |password: &str| EraseMyData {
        password: password.into(),
    };

    // Act and assert: refused while the booking is open, or with the wrong password.
    assert_eq!(
        app.call(&customer.client, erase("not-my-password")).await,
        Err(AppError::invalid(Field::Password, Problem::PasswordWrong))
    );
    assert_eq!(
        app.call(&customer.client, erase(&customer.password)).await,
        Err(AppError::Conflict(Conflict::StillBeingServed))
    );
    app.call(
        &customer.client,
        CancelBooking {
            number: booking.number.as_str().into(),
        },
    )
    .await
    .expect("the booking is cancelled");
    app.call(&customer.client, erase(&customer.password))
        .await
        .expect("the data is erased");

    // Assert: signed out, the number no longer signs in, and a new account may take it.
    assert_eq!(
        app.call(&customer.client, aftersales::api::booking::MyBookings {})
            .await
            .map(|_| ()),
        Err(AppError::Unauthorized)
    );
    assert_eq!(
        app.call(
            &app.visitor(),
            SignIn {
                phone: customer.phone.clone(),
                password: customer.password.clone(),
            }
        )
        .await
        .map(|_| ()),
        Err(AppError::BadCredentials)
    );
    app.new_customer()
        .phone(&customer.phone)
        .without_car()
        .create()
        .await;
    // The repair record stays, without the person.
    let kept = app
        .call(
            &shop.advisor.client,
            StaffWorkOrder {
                number: order.clone(),
            },
        )
        .await
        .expect("the order is kept");
    assert_eq!(kept.customer_name, "—");
    assert_eq!(kept.phone_masked, "—");
    assert_eq!(kept.plate, customer.car().plate);
    let lines = app
        .state
        .repo()
        .sealed_audit_lines(0, i64::MAX, 10_000)
        .await
        .expect("the audit log");
    assert!(lines.iter().any(|l| l.action == "customer.erased"));
    assert!(
        lines.iter().all(|l| !l.detail.contains(&customer.phone)),
        "no full number in the log"
    );
}

on_both_databases!(
    a_customer_downloads_everything_kept_about_them_and_nothing_of_anyone_else,
    nobody_else_gets_a_customers_data,
    an_erased_customer_leaves_records_without_name_or_number_and_cannot_sign_in,
);
