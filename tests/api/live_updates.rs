//! Live tracking: a page watching a work order hears every change at once, over server-sent
//! events, even when the change was made on another app instance (PostgreSQL LISTEN/NOTIFY).

use crate::helpers::{Backend, TestApp};
use aftersales::api::work_orders::{CheckInCar, StaffWorkOrder, WorkOrderStep};
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::*;
use chrono::Duration;
use reqwest::StatusCode;

/// An open event stream, read chunk by chunk.
pub struct EventStream(reqwest::Response);

impl EventStream {
    pub async fn open(app: &TestApp, client: &reqwest::Client, path: &str) -> EventStream {
        let response = client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("the stream opens");
        assert_eq!(response.status(), StatusCode::OK);
        EventStream(response)
    }

    /// Waits (at most 10 s) for the next event of this name, skipping keep-alive comments. The
    /// event must carry a `data:` line: browsers' `EventSource` silently drops events without
    /// one, so a data-less event would never reach a page.
    pub async fn next(&mut self, name: &str) {
        let wanted = format!("event: {name}");
        let mut seen = String::new();
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let blocks: Vec<&str> = seen.split("\n\n").collect();
            // Every block but the last is a complete event.
            if let Some(event) = blocks[..blocks.len() - 1]
                .iter()
                .find(|b| b.lines().any(|l| l == wanted))
            {
                assert!(
                    event.lines().any(|l| l.starts_with("data:")),
                    "`{name}` has no data line, so browsers would drop it: {event:?}"
                );
                return;
            }
            let chunk = tokio::time::timeout_at(deadline, self.0.chunk())
                .await
                .unwrap_or_else(|_| panic!("no `{name}` event within 10 s; got {seen:?}"))
                .expect("the stream stays readable")
                .expect("the stream stays open");
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

impl EventStream {
    /// Whether the server ends the stream within 5 s (reading what is left of it).
    async fn ends(&mut self) -> bool {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            match tokio::time::timeout_at(deadline, self.0.chunk()).await {
                Ok(Ok(Some(_))) => continue,
                Ok(Ok(None)) | Ok(Err(_)) => return true,
                Err(_) => return false,
            }
        }
    }
}

/// Checks in a walk-in for a fresh customer; answers the customer and the order number.
async fn a_checked_in_order(app: &TestApp) -> (crate::helpers::Customer, String) {
    let advisor = app.staff("advisor").await;
    let customer = app.customer().await;
    let now = app.desk_day(&advisor, app.day(0)).await.now;
    let form = CheckInForm {
        phone: customer.phone.clone(),
        plate: customer.car().plate.as_str().to_string(),
        customer_type: Some(CustomerType::NewCar),
        repair_category: Some(RepairCategory::Minor),
        odometer_km: "42000".into(),
        fuel_percent: 80,
        customer_words: "保养".into(),
        promised_at: Some(now + Duration::hours(3)),
        old_parts: Some(OldParts::Waived),
        ..Default::default()
    };
    let number = app
        .call(&advisor.client, CheckInCar { form })
        .await
        .expect("checked in");
    (customer, number.as_str().to_string())
}

async fn a_customer_watching_an_order_hears_each_staff_step_at_once(app: TestApp) {
    // Arrange
    let (customer, number) = a_checked_in_order(&app).await;
    let advisor = app.staff("advisor").await;
    let mut stream =
        EventStream::open(&app, &customer.client, &format!("/live/orders/{number}")).await;
    stream.next("hello").await;

    // Act
    app.call(
        &advisor.client,
        WorkOrderStep {
            number: number.clone(),
            request: StepRequest::plain(WorkOrderEvent::Dispatch),
        },
    )
    .await
    .unwrap();

    // Assert
    stream.next("changed").await;
}

async fn only_the_owner_the_outlets_staff_and_the_token_holder_may_watch(app: TestApp) {
    // Arrange
    let (_owner, number) = a_checked_in_order(&app).await;
    let stranger = app.customer().await;
    let advisor = app.staff("advisor").await;
    let token = app
        .call(
            &advisor.client,
            StaffWorkOrder {
                number: number.clone(),
            },
        )
        .await
        .unwrap()
        .tracking_token
        .unwrap();
    let get = |client: reqwest::Client, path: String| {
        let url = format!("{}{path}", app.address);
        async move { client.get(url).send().await.expect("answers").status() }
    };

    // Act and assert
    assert_eq!(
        get(app.visitor(), format!("/live/orders/{number}")).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(stranger.client.clone(), format!("/live/orders/{number}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(app.visitor(), format!("/live/track/{token}x")).await,
        StatusCode::NOT_FOUND
    );
    let mut tracked =
        EventStream::open(&app, &app.visitor(), &format!("/live/track/{token}")).await;
    tracked.next("hello").await;
}

on_both_databases!(
    a_customer_watching_an_order_hears_each_staff_step_at_once,
    only_the_owner_the_outlets_staff_and_the_token_holder_may_watch,
);

/// Two app instances on one PostgreSQL database: the customer watches through instance B while
/// the advisor works on instance A.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_on_one_instance_reaches_a_customer_connected_to_another() {
    // Arrange
    let Some(a) = TestApp::try_spawn(Backend::Postgres).await else {
        return;
    };
    let b = a.second_instance().await;
    let (customer, number) = a_checked_in_order(&a).await;
    let advisor = a.staff("advisor").await;
    // The session lives in the shared database: the customer's cookie works on B too.
    let mut stream =
        EventStream::open(&b, &customer.client, &format!("/live/orders/{number}")).await;
    stream.next("hello").await;

    // Act: the step is taken on instance A.
    a.call(
        &advisor.client,
        WorkOrderStep {
            number: number.clone(),
            request: StepRequest::plain(WorkOrderEvent::Dispatch),
        },
    )
    .await
    .unwrap();

    // Assert: B forwards it to the customer.
    stream.next("changed").await;
}

async fn shutdown_ends_open_streams_and_does_not_wait_for_their_browsers(mut app: TestApp) {
    // Arrange: a customer watching an order.
    let (customer, number) = a_checked_in_order(&app).await;
    let mut watching =
        EventStream::open(&app, &customer.client, &format!("/live/orders/{number}")).await;
    watching.next("hello").await;

    // Act: SIGTERM, as the test harness sends it.
    let bound = aftersales::server::startup::SHUTDOWN_BOUND / 2;
    let stopped = tokio::time::timeout(bound, app.stop()).await;

    // Assert: stopped well inside the bound, and the stream was ended (the browser reconnects
    // to another instance).
    assert!(
        matches!(stopped, Ok(Ok(()))),
        "the server stops without waiting for the stream's browser: {stopped:?}"
    );
    assert!(watching.ends().await);
}

on_both_databases!(shutdown_ends_open_streams_and_does_not_wait_for_their_browsers);
