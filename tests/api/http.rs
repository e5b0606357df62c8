//! The HTTP surface around the server functions: health check and cross-site refusal.

use crate::helpers::TestApp;
use aftersales::api::catalog;
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;

async fn the_health_check_answers_ok(app: TestApp) {
    // Act
    let response = app
        .visitor()
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .expect("the server answers");

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.expect("a body"), "ok");
}

async fn a_post_from_another_site_is_refused_and_one_from_our_own_origin_is_served(app: TestApp) {
    // Arrange
    let url = format!("{}{}", app.address, catalog::ListOutlets::PATH);
    let post_with_origin = |origin: String| {
        app.visitor()
            .post(&url)
            .header("origin", origin)
            .json(&serde_json::json!({}))
            .send()
    };

    // Act
    let from_evil = post_with_origin("http://evil.example".into())
        .await
        .expect("the server answers");
    let from_us = post_with_origin(app.address.clone())
        .await
        .expect("the server answers");

    // Assert
    assert_eq!(from_evil.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        from_us.status(),
        StatusCode::OK,
        "{:?}",
        from_us.text().await
    );
}

async fn a_browser_marking_a_post_cross_site_is_refused(app: TestApp) {
    // Arrange: a browser that sends no Origin but says where the request comes from.
    let url = format!("{}{}", app.address, catalog::ListOutlets::PATH);

    // Act
    let response = app
        .visitor()
        .post(&url)
        .header("sec-fetch-site", "cross-site")
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("the server answers");

    // Assert
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

on_both_databases!(
    the_health_check_answers_ok,
    a_post_from_another_site_is_refused_and_one_from_our_own_origin_is_served,
    a_browser_marking_a_post_cross_site_is_refused,
);
