//! A customer's copy of everything kept about them (PIPL): `GET /my-data`, theirs only.

use crate::helpers::TestApp;
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

on_both_databases!(
    a_customer_downloads_everything_kept_about_them_and_nothing_of_anyone_else,
    nobody_else_gets_a_customers_data,
);
