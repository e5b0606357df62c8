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

/// Numbers and link tokens are parsed where they arrive: a malformed one, signed in with the
/// right role or not, is "not found" (or, inside a form, a bad request), never looked up.
async fn malformed_numbers_and_tokens_are_not_found_for_every_kind(app: TestApp) {
    use aftersales::api::{booking, complaints, feedback, reception, work_orders};
    // Arrange
    let customer = app.customer().await;
    let advisor = app.staff("advisor").await;
    let csm = app.staff("csm").await;
    let crafted = "WO12345中ABCD".to_string();
    let not_found = Err(aftersales::domain::AppError::NotFound);

    // Act and assert
    let as_customer = &customer.client;
    assert_eq!(
        app.call(
            as_customer,
            booking::CancelBooking {
                number: crafted.clone()
            }
        )
        .await,
        not_found
    );
    assert_eq!(
        app.call(
            as_customer,
            work_orders::MyWorkOrder {
                number: crafted.clone()
            }
        )
        .await
        .map(|_| ()),
        not_found
    );
    assert_eq!(
        app.call(
            &advisor.client,
            reception::MarkArrived {
                number: crafted.clone()
            }
        )
        .await,
        not_found
    );
    assert_eq!(
        app.call(
            &advisor.client,
            work_orders::StaffWorkOrder {
                number: "wo261130-aaaa".into()
            }
        )
        .await
        .map(|_| ()),
        not_found
    );
    assert_eq!(
        app.call(
            &csm.client,
            complaints::StaffComplaint {
                number: crafted.clone()
            }
        )
        .await
        .map(|_| ()),
        not_found
    );
    let visitor = app.visitor();
    for token in [
        "",
        "short",
        "a/../../etc/passwd",
        "abcdefghijklmnopqrstuvw中",
    ] {
        assert_eq!(
            app.call(
                &visitor,
                feedback::OpenSurvey {
                    token: token.into()
                }
            )
            .await
            .map(|_| ()),
            not_found,
            "{token:?}"
        );
        assert_eq!(
            app.call(
                &visitor,
                work_orders::TrackedWorkOrder {
                    token: token.into()
                }
            )
            .await
            .map(|_| ()),
            not_found,
            "{token:?}"
        );
    }
    // Inside a form (the booking a check-in receives), the number is read when the form is:
    // the same form with a well-formed unknown number is "not found", a crafted one a bad
    // request.
    let form = |booking: &str| {
        let mut form = serde_json::to_value(aftersales::domain::work_order::CheckInForm::default())
            .expect("a form");
        form["booking"] = serde_json::json!(booking);
        serde_json::json!({ "form": form })
    };
    let post = |body: serde_json::Value| {
        advisor
            .client
            .post(format!(
                "{}{}",
                app.address,
                work_orders::PrepareCheckIn::PATH
            ))
            .json(&body)
            .send()
    };
    let unknown = post(form("BK261130-23456")).await.expect("an answer");
    let malformed = post(form(&crafted)).await.expect("an answer");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
}

/// The demo's message page exists only for a local demo: a server with secure cookies (behind
/// TLS, i.e. public) has none, even with the demo data loaded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_server_has_no_demo_message_page_even_with_demo_data() {
    let env = [("COOKIE_SECURE", "true")];
    let public = TestApp::try_spawn_with(crate::helpers::Backend::Sqlite, &env)
        .await
        .expect("SQLite always runs");
    let local = TestApp::try_spawn(crate::helpers::Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let status = |app: &TestApp| {
        let url = format!("{}/dev/outbox", app.address);
        async move { reqwest::get(url).await.expect("an answer").status() }
    };
    assert_eq!(status(&public).await, StatusCode::NOT_FOUND);
    assert_eq!(status(&local).await, StatusCode::OK);
}

on_both_databases!(
    a_number_with_a_multi_byte_character_is_not_found_not_a_crash,
    malformed_numbers_and_tokens_are_not_found_for_every_kind,
);

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
    let api = reqwest::Client::new()
        .post(format!("{}{}", app.address, catalog::ListOutlets::PATH))
        .json(&serde_json::json!({}))
        .send()
        .await;

    // Assert: not ready (answered well within the 5 s this client waits), still alive.
    assert_eq!(
        health.expect("an answer within 5 s").status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(live.expect("an answer").status(), StatusCode::OK);
    // A server function answers with the usual typed error, not an empty 500.
    let api = api.expect("an answer once the pool gives up (10 s)");
    assert!(api.status().is_server_error(), "{}", api.status());
    let body = api.bytes().await.expect("a body");
    let error: aftersales::domain::AppError = serde_json::from_slice(&body).unwrap_or_else(|e| {
        panic!(
            "not an AppError ({e}): {:?}",
            String::from_utf8_lossy(&body)
        )
    });
    assert!(
        matches!(error, aftersales::domain::AppError::Internal { .. }),
        "{error:?}"
    );
}

/// Slow or idle clients cannot hold connections: nothing sent, a request head that never
/// ends, and a kept-alive connection left idle are all closed after their timeouts.
async fn idle_and_slow_connections_are_closed_after_their_timeouts() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let env = [
        ("HEADER_READ_TIMEOUT_MS", "500"),
        ("IDLE_TIMEOUT_MS", "1000"),
    ];
    let app = TestApp::try_spawn_with(crate::helpers::Backend::Sqlite, &env)
        .await
        .expect("SQLite always runs");
    let host = app.address.trim_start_matches("http://").to_string();
    // Reads until the server closes the connection; the time that took.
    let closed_after = |mut stream: tokio::net::TcpStream| async move {
        let started = std::time::Instant::now();
        let mut buffer = vec![0u8; 64 * 1024];
        let waited = tokio::time::timeout(std::time::Duration::from_secs(10), async {
            loop {
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        })
        .await;
        waited.map(|()| started.elapsed())
    };

    let silent = tokio::net::TcpStream::connect(&host).await.unwrap();
    let mut partial = tokio::net::TcpStream::connect(&host).await.unwrap();
    partial
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut kept_alive = tokio::net::TcpStream::connect(&host).await.unwrap();
    kept_alive
        .write_all(b"GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();

    let (silent, partial, kept_alive) = tokio::join!(
        closed_after(silent),
        closed_after(partial),
        closed_after(kept_alive)
    );
    for (what, closed) in [
        ("silent", silent),
        ("partial", partial),
        ("kept alive", kept_alive),
    ] {
        let after = closed.unwrap_or_else(|_| panic!("the {what} connection was never closed"));
        assert!(
            after < std::time::Duration::from_secs(5),
            "{what}: {after:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_slow_connections_are_closed_after_their_timeouts_on_sqlite() {
    idle_and_slow_connections_are_closed_after_their_timeouts().await;
}
