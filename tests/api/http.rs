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

async fn a_number_with_a_multi_byte_character_is_not_found_not_a_crash(app: TestApp) {
    // Act: without signing in, a photo address and a tracking stream with a crafted number.
    let visitor = app.visitor();
    let get = |path: &str| visitor.get(format!("{}{path}", app.address)).send();
    let photo = get("/photos/orders/WO12345%E4%B8%ADABCD/1").await;
    let live = get("/live/complaints/CP12345%E4%B8%ADABCD").await;

    // Assert: an answer (not a dropped connection), and the server still serves.
    assert_eq!(photo.expect("an answer").status(), StatusCode::NOT_FOUND);
    assert!(live.expect("an answer").status().is_client_error());
    let health = get("/healthz").await.expect("still up");
    assert_eq!(health.status(), StatusCode::OK);
}

on_both_databases!(a_number_with_a_multi_byte_character_is_not_found_not_a_crash);

/// A TCP proxy in front of PostgreSQL that can be cut: the database "goes away" for the app.
struct CuttableProxy {
    address: String,
    tasks: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl CuttableProxy {
    async fn to(upstream: String) -> CuttableProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let tasks = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let connections = tasks.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let relay = tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                connections.lock().unwrap().push(relay);
            }
        });
        tasks.lock().unwrap().push(accept);
        CuttableProxy { address, tasks }
    }

    /// Closes every connection and stops accepting new ones.
    fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }
}

#[tokio::test]
async fn health_says_unavailable_within_seconds_while_postgresql_is_gone() {
    // Arrange: the app reaches PostgreSQL through a proxy.
    let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
        eprintln!("note: TEST_POSTGRES_URL is not set; skipping");
        return;
    };
    let authority = admin
        .split_once('@')
        .map_or(admin.as_str(), |(_, rest)| rest);
    let upstream = authority.split('/').next().unwrap_or(authority).to_string();
    let proxy = CuttableProxy::to(upstream).await;
    let Some(app) = TestApp::try_spawn_postgres_through(&proxy.address).await else {
        return;
    };
    let visitor = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .unwrap();
    let get = |path: &str| visitor.get(format!("{}{path}", app.address)).send();
    assert_eq!(get("/healthz").await.unwrap().status(), StatusCode::OK);

    // Act: the database goes away.
    proxy.cut();
    let health = get("/healthz").await;
    let live = get("/livez").await;

    // Assert: not ready (answered well within the 5 s this client waits), still alive.
    assert_eq!(
        health.expect("an answer within 5 s").status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(live.expect("an answer").status(), StatusCode::OK);
}
