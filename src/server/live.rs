//! Live updates: "this work order (or complaint) changed" reaches every page watching it, on
//! every app instance, as server-sent events.
//!
//! - In one process (SQLite) a `tokio::sync::broadcast` channel carries the changes.
//! - On PostgreSQL, a change is published with `pg_notify` after its transaction commits, and
//!   every instance LISTENs and forwards what it hears to its own channel, so a customer
//!   connected to instance A sees what an advisor did on instance B.
//!
//! Events carry only the record's id: the page re-reads the whole record through its server
//! function (so a reconnect, which starts with `hello`, always ends in the full current state).

use super::auth::AuthSession;
use super::AppState;
use crate::domain::complaint::ComplaintKey;
use crate::domain::ids::LinkToken;
use crate::domain::ids::{ComplaintId, WorkOrderId};
use crate::domain::work_order::WorkOrderNumber;
use crate::domain::AppError;
use crate::server::access;
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
    Complaint(ComplaintId),
    /// Notifications may have been missed (the listener reconnected): everyone re-reads.
    Resync,
}

impl Change {
    /// The `pg_notify` payload: `o:42` or `c:7`.
    fn payload(self) -> Option<String> {
        match self {
            Self::Order(id) => Some(format!("o:{}", id.0)),
            Self::Complaint(id) => Some(format!("c:{}", id.0)),
            Self::Resync => None,
        }
    }

    fn from_payload(payload: &str) -> Option<Self> {
        // A bare id is an order: what instances of the previous release send during a
        // rolling upgrade.
        let (kind, id) = payload.split_once(':').unwrap_or(("o", payload));
        let id = id.parse().ok()?;
        match kind {
            "o" => Some(Self::Order(WorkOrderId(id))),
            "c" => Some(Self::Complaint(ComplaintId(id))),
            _ => None,
        }
    }
}

/// The number of the last change heard for each order, so that what was read before it can be
/// told from what was read after it (the order pages' cache, `services::work_orders::view`).
/// Heard when a change is published here and when another instance's is forwarded.
#[derive(Default)]
pub struct Changes {
    last: std::sync::Mutex<std::collections::HashMap<WorkOrderId, u64>>,
    count: std::sync::atomic::AtomicU64,
    /// Everything read before this may be stale (the listener reconnected, or the map was
    /// emptied to bound its size).
    floor: std::sync::atomic::AtomicU64,
}

/// Orders remembered before the map starts again (everything read before counts as stale).
const CHANGES_KEPT: usize = 100_000;

impl Changes {
    fn heard(&self, change: Change) {
        use std::sync::atomic::Ordering::SeqCst;
        let n = self.count.fetch_add(1, SeqCst) + 1;
        match change {
            Change::Order(id) => {
                let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
                if last.len() >= CHANGES_KEPT {
                    last.clear();
                    self.floor.store(n, SeqCst);
                }
                last.insert(id, n);
            }
            Change::Resync => self.floor.store(n, SeqCst),
            Change::Complaint(_) => {}
        }
    }

    /// A mark to take before reading: a change heard later is newer than what is read after.
    pub fn mark(&self) -> u64 {
        self.count.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Whether the order changed (or may have) after `mark`.
    pub fn since(&self, order: WorkOrderId, mark: u64) -> bool {
        self.floor.load(std::sync::atomic::Ordering::SeqCst) > mark
            || self
                .last
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&order)
                .is_some_and(|n| *n > mark)
    }
}

#[derive(Clone)]
pub struct Live {
    sender: broadcast::Sender<Change>,
    notify: Option<sqlx::PgPool>,
    pub changes: std::sync::Arc<Changes>,
    /// Set at shutdown: every open stream ends (its browser reconnects, to another instance).
    closing: std::sync::Arc<tokio::sync::watch::Sender<bool>>,
}

impl Live {
    pub fn in_process() -> Self {
        let (sender, _) = broadcast::channel(4096);
        Self {
            sender,
            notify: None,
            changes: Default::default(),
            closing: std::sync::Arc::new(tokio::sync::watch::channel(false).0),
        }
    }

    /// Ends every open stream (at shutdown, so that the server need not wait for browsers).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Completes once `close` was called.
    fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|closed| *closed).await;
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
        let changes = live.changes.clone();
        tokio::spawn(async move {
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => {
                        if let Some(change) = Change::from_payload(notification.payload()) {
                            changes.heard(change);
                            let _ = sender.send(change);
                        }
                    }
                    // The connection was lost; the next call reconnects. Anything sent meanwhile
                    // is gone, so every watcher re-reads.
                    Ok(None) => {
                        tracing::warn!("live updates: PostgreSQL listener reconnecting");
                        changes.heard(Change::Resync);
                        let _ = sender.send(Change::Resync);
                    }
                    Err(error) => {
                        tracing::error!(%error, "live updates: PostgreSQL listener failed");
                        changes.heard(Change::Resync);
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
        self.send(Change::Order(order)).await;
    }

    /// Tells every watcher of the complaint, on every instance, after the change committed.
    pub async fn publish_complaint(&self, complaint: ComplaintId) {
        self.send(Change::Complaint(complaint)).await;
    }

    async fn send(&self, change: Change) {
        // Heard here at once, before any page is told: this instance never serves what was
        // read before the change, even before PostgreSQL's notification comes back.
        self.changes.heard(change);
        if let (Some(pool), Some(payload)) = (&self.notify, change.payload()) {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(payload)
                .execute(pool)
                .await;
            match sent {
                Ok(_) => return,
                Err(error) => tracing::error!(%error, "live updates: pg_notify failed"),
            }
        }
        let _ = self.sender.send(change);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.sender.subscribe()
    }
}

/// `GET /live/orders/{number}` for the signed-in owner or staff of the outlet, and
/// `GET /live/track/{token}` for the tracking link; `GET /live/complaints/{number}` for the
/// complaint's handlers or its signed-in customer, and `GET /live/complaint-link/{token}` for
/// the complaint's link.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/live/orders/{number}", get(watch_order))
        .route("/live/track/{token}", get(watch_tracked))
        .route("/live/complaints/{number}", get(watch_complaint))
        .route("/live/complaint-link/{token}", get(watch_complaint_link))
}

async fn watch_order(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(number): Path<String>,
) -> Response {
    let order = match WorkOrderNumber::parse(&number) {
        Ok(number) => access::order_for_viewer(&state, auth.user.as_ref(), &number).await,
        Err(e) => Err(e),
    };
    watch(&state, order.map(|o| Change::Order(o.id)))
}

async fn watch_tracked(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let order = match LinkToken::parse(&token) {
        Ok(token) => access::order_by_token(&state, &token).await,
        Err(e) => Err(e),
    };
    watch(&state, order.map(|o| Change::Order(o.id)))
}

async fn watch_complaint(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(number): Path<String>,
) -> Response {
    let key = ComplaintKey::Number(number);
    let complaint = access::complaint_for_viewer(&state, auth.user.as_ref(), &key).await;
    watch(&state, complaint.map(|c| Change::Complaint(c.id)))
}

async fn watch_complaint_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Response {
    let key = ComplaintKey::Token(token);
    let complaint = access::complaint_for_viewer(&state, None, &key).await;
    watch(&state, complaint.map(|c| Change::Complaint(c.id)))
}

/// The stream of `watched`'s changes, if the caller may watch it.
fn watch(state: &AppState, watched: Result<Change, AppError>) -> Response {
    match watched {
        Ok(watched) => stream_for(state, watched).into_response(),
        Err(AppError::Unauthorized) => StatusCode::UNAUTHORIZED.into_response(),
        Err(AppError::Internal { .. }) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        // Someone else's record is simply not there.
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `hello` at once, then `changed` whenever the record changes; a comment every 15 s keeps
/// proxies from closing the stream. Every event carries data: browsers drop events without a
/// `data:` line (the EventSource rules), so an empty one would never reach the page.
/// How often a quiet stream says it is still there (proxies drop silent connections).
const KEEP_ALIVE: Duration = Duration::from_secs(15);

fn stream_for(
    state: &AppState,
    watched: Change,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let hello = stream::once(async { Ok(Event::default().event("hello").data("hello")) });
    let changes = stream::unfold(state.live().subscribe(), move |mut receiver| async move {
        loop {
            match receiver.recv().await {
                // Missed notifications (a resync or a lagging receiver) re-read anything.
                Ok(change) if change != watched && change != Change::Resync => continue,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    let event = Event::default().event("changed").data("changed");
                    return Some((Ok(event), receiver));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let events = hello.chain(changes).take_until(state.live().closed());
    // A keep-alive at least three times per idle timeout, so a quiet stream is never taken
    // for an idle connection.
    let every = KEEP_ALIVE.min(state.config.idle_timeout / 3);
    Sse::new(events).keep_alive(KeepAlive::new().interval(every))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_crosses_postgres_as_its_kind_and_id() {
        for change in [
            Change::Order(WorkOrderId(42)),
            Change::Complaint(ComplaintId(7)),
        ] {
            let payload = change.payload().unwrap();
            assert_eq!(Change::from_payload(&payload), Some(change));
        }
        assert_eq!(Change::Resync.payload(), None);
        assert_eq!(
            Change::from_payload("42"),
            Some(Change::Order(WorkOrderId(42)))
        );
        assert_eq!(Change::from_payload("x:1"), None);
    }
}
