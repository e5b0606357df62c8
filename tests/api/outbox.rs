//! The notifications outbox: every customer-facing event is written with the change and then
//! delivered by the worker — to the log by default, or to a webhook (an SMS gateway) with
//! retries — and an order past its promised time gets one delay notice.

use crate::helpers::{Backend, GatewayTexts, TestApp};
use crate::repair_kit::*;
use aftersales::api::work_orders::*;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::*;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::Duration;
use std::sync::{Arc, Mutex};

async fn outbox(app: &TestApp, shop: &Shop) -> Vec<OutboxMessage> {
    app.call(&shop.advisor.client, NotificationsOutbox {})
        .await
        .expect("the advisor reads the outbox")
}

async fn a_check_in_message_goes_out_through_the_log_sender_and_reaches_the_demo_inbox(
    app: TestApp,
) {
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;

    eventually("the check-in message is sent", || async {
        outbox(&app, &shop).await.iter().any(|m| {
            m.order.as_ref().is_some_and(|o| o.as_str() == number)
                && m.kind == NotificationKind::CheckedIn
                && m.sent_at.is_some()
        })
    })
    .await;
    let sent = outbox(&app, &shop).await;
    let message = sent
        .iter()
        .find(|m| m.order.as_ref().is_some_and(|o| o.as_str() == number))
        .unwrap();
    assert!(
        message.phone_masked.contains("****"),
        "staff see a masked number"
    );
    assert_eq!(message.attempts, 1);
    assert!(message.text.contains(&number));

    let inbox = app.call(&customer.client, MyMessages {}).await.unwrap();
    assert_eq!(inbox.len(), 1, "the customer sees their own messages only");
    assert_eq!(inbox[0].order.as_ref().unwrap().as_str(), number);
}

/// What the fake SMS gateway received: headers and JSON bodies.
type Received = Arc<Mutex<Vec<(HeaderMap, serde_json::Value)>>>;

/// A gateway that fails its first call with 503 and accepts the rest.
/// A gateway that fails the first message it gets (one-time codes go through at once and
/// are kept apart, for registering the test's customers).
async fn flaky_gateway() -> (String, Received, GatewayTexts) {
    let received: Received = Arc::default();
    let texts = GatewayTexts::default();
    let log = received.clone();
    let codes = texts.clone();
    let app = axum::Router::new().route(
        "/sms",
        post(
            move |headers: HeaderMap, axum::Json(body): axum::Json<serde_json::Value>| {
                let log = log.clone();
                let codes = codes.clone();
                async move {
                    if body["kind"] == "phone_code" {
                        let text = |key: &str| body[key].as_str().unwrap_or_default().to_owned();
                        codes.lock().unwrap().push((text("phone"), text("text")));
                        return StatusCode::OK;
                    }
                    let mut log = log.lock().unwrap();
                    log.push((headers, body));
                    if log.len() == 1 {
                        StatusCode::SERVICE_UNAVAILABLE
                    } else {
                        StatusCode::OK
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, received, texts)
}

async fn a_webhook_gets_each_message_and_a_failed_delivery_is_retried_later(backend: Backend) {
    // Arrange: the app sends through a gateway that is down for the first message.
    let (url, received, texts) = flaky_gateway().await;
    let env = [
        ("NOTIFY_WEBHOOK_URL", url.as_str()),
        ("NOTIFY_WEBHOOK_TOKEN", "gateway-secret"),
        ("PUBLIC_URL", "https://service.example.com/"),
    ];
    let Some(mut app) = TestApp::try_spawn_with(backend, &env).await else {
        return;
    };
    app.gateway_texts = texts;
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;

    // Act: a check-in writes the first message.
    let number = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;

    // Assert: the failure is recorded and the message waits for its retry.
    eventually("the first delivery fails", || async {
        outbox(&app, &shop)
            .await
            .iter()
            .any(|m| m.last_error.as_deref() == Some("HTTP 503"))
    })
    .await;
    // The worker keeps running every 100 ms; give it several turns to (wrongly) retry early.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let failed = outbox(&app, &shop).await;
    assert_eq!(failed[0].sent_at, None);
    assert_eq!(failed[0].attempts, 1);
    assert!(!failed[0].given_up);
    assert_eq!(
        received.lock().unwrap().len(),
        1,
        "no retry before its time"
    );

    // Half a minute later it goes again and gets through.
    app.clock.advance(Duration::seconds(31));
    eventually("the retry is delivered", || async {
        outbox(&app, &shop).await[0].sent_at.is_some()
    })
    .await;
    let calls = received.lock().unwrap().clone();
    assert_eq!(calls.len(), 2);
    let (headers, body) = &calls[1];
    assert_eq!(
        headers["authorization"].to_str().unwrap(),
        "Bearer gateway-secret"
    );
    assert_eq!(
        headers["idempotency-key"], calls[0].0["idempotency-key"],
        "a retry carries the same key, so the gateway can drop a repeat"
    );
    assert_eq!(
        body["phone"],
        customer.phone.as_str(),
        "the gateway needs the full number"
    );
    assert_eq!(body["order"], number.as_str());
    assert_eq!(body["kind"], "checked_in");
    let text = body["text"].as_str().unwrap();
    assert!(
        text.contains("https://service.example.com/track/"),
        "the message links to the tracking page: {text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_gets_each_message_and_a_failed_delivery_is_retried_later_on_sqlite() {
    a_webhook_gets_each_message_and_a_failed_delivery_is_retried_later(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_gets_each_message_and_a_failed_delivery_is_retried_later_on_postgres() {
    a_webhook_gets_each_message_and_a_failed_delivery_is_retried_later(Backend::Postgres).await;
}

async fn an_order_past_its_promise_gets_one_delay_notice_however_many_instances_notice(
    app: TestApp,
) {
    // Arrange: two instances on one database; an order promised in six hours.
    let second = app.second_instance().await;
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;

    // Act: the promise passes on both instances' clocks.
    for clock in [&app.clock, &second.clock] {
        clock.advance(Duration::hours(6) + Duration::minutes(1));
    }

    // Assert: one delay notice, a staff-only note on the timeline, the customer told.
    eventually("the delay notice is queued", || async {
        outbox(&app, &shop)
            .await
            .iter()
            .any(|m| m.kind == NotificationKind::Delayed)
    })
    .await;
    // Both workers keep looking several times more; a second notice would show up here.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let delays = outbox(&app, &shop)
        .await
        .into_iter()
        .filter(|m| {
            m.kind == NotificationKind::Delayed
                && m.order.as_ref().is_some_and(|o| o.as_str() == number)
        })
        .count();
    assert_eq!(delays, 1);
    let is_delay_note = |e: &TimelineEntry| e.by_system && e.note == SYSTEM_NOTE_DELAYED;
    let staff_view = shop.staff_view(&app, &number).await;
    let note = staff_view.timeline.iter().find(|e| is_delay_note(e));
    assert!(
        note.is_some_and(|n| !n.public),
        "a staff-only note on the timeline"
    );
    let customer_view = customer_view(&app, &customer, &number).await.unwrap();
    assert!(
        !customer_view.timeline.iter().any(is_delay_note),
        "the customer got a message instead"
    );
    let inbox = app.call(&customer.client, MyMessages {}).await.unwrap();
    assert!(inbox.iter().any(|m| m.kind == NotificationKind::Delayed));
}

on_both_databases!(
    a_check_in_message_goes_out_through_the_log_sender_and_reaches_the_demo_inbox,
    an_order_past_its_promise_gets_one_delay_notice_however_many_instances_notice,
);
