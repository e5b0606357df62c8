//! Live updates: "this work order changed" reaches every page watching it, on every app
//! instance, as server-sent events.
//!
//! - In one process (SQLite) a `tokio::sync::broadcast` channel carries the changes.
//! - On PostgreSQL, a change is published with `pg_notify` after its transaction commits, and
//!   every instance LISTENs and forwards what it hears to its own channel, so a customer
//!   connected to instance A sees what an advisor did on instance B.
//!
//! Events carry only the order's id: the page re-reads the whole order through its server
//! function (so a reconnect, which starts with `hello`, always ends in the full current state).

use super::auth::AuthSession;
use super::db::WorkOrderRecord;
use super::services::work_orders;
use super::AppState;
use crate::domain::ids::WorkOrderId;
use crate::domain::AppError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures::stream::{self, Stream, StreamExt};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast;

const CHANNEL: &str = "work_order_changed";

/// What a watcher hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Order(WorkOrderId),
    /// Notifications may have been missed (the listener reconnected): everyone re-reads.
    Resync,
}

#[derive(Clone)]
pub struct Live {
    sender: broadcast::Sender<Change>,
    notify: Option<sqlx::PgPool>,
}

impl Live {
    pub fn in_process() -> Self {
        let (sender, _) = broadcast::channel(4096);
        Self {
            sender,
            notify: None,
        }
    }

    /// Publishes through PostgreSQL and forwards what any instance publishes.
    pub async fn postgres(pool: sqlx::PgPool) -> anyhow::Result<Self> {
        let live = Self {
            notify: Some(pool.clone()),
            ..Self::in_process()
        };
        let mut listener = sqlx::postgres::PgListener::connect_with(&pool).await?;
        listener.listen(CHANNEL).await?;
        let sender = live.sender.clone();
        tokio::spawn(async move {
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => {
                        if let Ok(id) = notification.payload().parse::<i64>() {
                            let _ = sender.send(Change::Order(WorkOrderId(id)));
                        }
                    }
                    // The connection was lost; the next call reconnects. Anything sent meanwhile
                    // is gone, so every watcher re-reads.
                    Ok(None) => {
                        tracing::warn!("live updates: PostgreSQL listener reconnecting");
                        let _ = sender.send(Change::Resync);
                    }
                    Err(error) => {
                        tracing::error!(%error, "live updates: PostgreSQL listener failed");
                        let _ = sender.send(Change::Resync);
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(live)
    }

    /// Tells every watcher of the order, on every instance. Call after the change committed.
    pub async fn publish(&self, order: WorkOrderId) {
        if let Some(pool) = &self.notify {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(order.0.to_string())
                .execute(pool)
                .await;
            match sent {
                Ok(_) => return,
                Err(error) => tracing::error!(%error, "live updates: pg_notify failed"),
            }
        }
        let _ = self.sender.send(Change::Order(order));
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.sender.subscribe()
    }
}

/// `GET /live/orders/{number}` for the signed-in owner or staff of the outlet, and
/// `GET /live/track/{token}` for the tracking link.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/live/orders/{number}", get(watch_order))
        .route("/live/track/{token}", get(watch_tracked))
}

async fn watch_order(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(number): Path<String>,
) -> Response {
    let order = work_orders::order_for_viewer(&state, auth.user.as_ref(), &number).await;
    watch(&state, order)
}

async fn watch_tracked(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let order = work_orders::order_by_token(&state, &token).await;
    watch(&state, order)
}

fn watch(state: &AppState, order: Result<WorkOrderRecord, AppError>) -> Response {
    match order {
        Ok(order) => stream_for(state, order.id).into_response(),
        Err(AppError::Unauthorized) => StatusCode::UNAUTHORIZED.into_response(),
        Err(AppError::Internal { .. }) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        // Someone else's order is simply not there.
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `hello` at once, then `changed` whenever the order changes; a comment every 15 s keeps
/// proxies from closing the stream. Every event carries data: browsers drop events without a
/// `data:` line (the EventSource rules), so an empty one would never reach the page.
fn stream_for(
    state: &AppState,
    order: WorkOrderId,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let hello = stream::once(async { Ok(Event::default().event("hello").data("hello")) });
    let changes = stream::unfold(state.live().subscribe(), move |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(Change::Order(id)) if id != order => continue,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    let event = Event::default().event("changed").data("changed");
                    return Some((Ok(event), receiver));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(hello.chain(changes)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
