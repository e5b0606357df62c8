//! The notifications outbox's worker: delivers what the customer is told, and notices orders
//! that missed their promised time.
//!
//! Messages are written to the `notifications` table in the same transaction as the change
//! they report, so none is lost. This worker, running on every instance, claims due messages
//! (one instance per message), hands each to the configured `Sender` and records the outcome:
//! sent, or failed with a retry later (30 s, 1 min, 2 min, … up to an hour; after
//! `MAX_DELIVERY_ATTEMPTS` the message stays in the outbox as failed, for staff to see). Delivery is at
//! least once: the webhook gets an `Idempotency-Key` so a gateway can drop a repeat.
//!
//! It wakes on every live change (so a message goes out the moment it is written, whichever
//! instance wrote it) and at least every `NOTIFY_INTERVAL_MS`, when it also looks for orders
//! past their promised time and queues the one-off delay notice, and opens the routine
//! follow-up calls that have come due (`services::feedback`), and escalates complaints whose
//! first response is late to the outlet manager (`services::complaints`).

use super::db::{AuditEntry, DelayNotice, Delivery, Marked, Raised};
use super::sender::Sender;
use super::AppState;
use crate::domain::work_order::{NotificationKind, MAX_DELIVERY_ATTEMPTS, SYSTEM_NOTE_DELAYED};
use chrono::{Duration, SubsecRound};
use tokio::sync::broadcast::error::RecvError;

/// How long one instance holds a claimed message before another may try it: well above the
/// webhook's 10 s timeout, so a claim outlasts its delivery attempt.
const LEASE_SECONDS: i64 = 60;
/// The most messages sent per wake-up (the next wake-up sends the rest).
const BATCH: u32 = 50;

/// Runs the worker until the task is aborted (at shutdown).
pub async fn run(state: AppState) {
    let sender = state.sender.clone();
    let mut changes = state.live().subscribe();
    let mut tick = tokio::time::interval(state.config.notify_interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                queue_delay_notices(&state).await;
                super::services::feedback::open_routine_follow_ups(&state).await;
                super::services::complaints::escalate_overdue(&state).await;
                super::services::kpi_days::keep_up(&state).await;
            }
            change = changes.recv() => match change {
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            },
        }
        deliver_due(&state, sender.as_ref()).await;
    }
}

/// The wait before the next try after `attempts` failures; `None` gives up.
pub fn retry_delay(attempts: u32) -> Option<Duration> {
    (attempts < MAX_DELIVERY_ATTEMPTS).then(|| {
        let seconds = 30i64 << attempts.saturating_sub(1).min(7);
        Duration::seconds(seconds.min(3600))
    })
}

/// Sends everything due now, one message at a time: each is claimed just before it is sent,
/// so a slow gateway never outlasts a claim another instance could take over. Failures are
/// recorded, never raised: the worker keeps going.
pub async fn deliver_due(state: &AppState, sender: &dyn Sender) {
    for _ in 0..BATCH {
        let now = state.clock.now();
        // Microseconds: what PostgreSQL keeps, so the claim reads back equal.
        let lease = (now + Duration::seconds(LEASE_SECONDS)).trunc_subsecs(6);
        let claimed = match state
            .repo()
            .claim_notifications(now, lease, MAX_DELIVERY_ATTEMPTS, 1)
            .await
        {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::error!(%error, "outbox: claiming a message failed");
                return;
            }
        };
        let Some(message) = claimed.into_iter().next() else {
            return;
        };
        let outcome = match sender.send(&message).await {
            Ok(()) => Delivery::Sent {
                at: state.clock.now(),
            },
            Err(error) => {
                let attempts = message.attempts + 1;
                tracing::warn!(id = message.id, attempts, %error, "outbox: delivery failed");
                Delivery::Failed {
                    error,
                    retry_at: retry_delay(attempts).map(|wait| state.clock.now() + wait),
                }
            }
        };
        match state
            .repo()
            .mark_notification(message.id, lease, &outcome)
            .await
        {
            Ok(Marked::Done) => {}
            Ok(Marked::ClaimRanOut) => tracing::warn!(
                id = message.id,
                "outbox: the claim ran out before the outcome was recorded"
            ),
            Err(error) => {
                tracing::error!(%error, id = message.id, "outbox: recording the outcome failed")
            }
        }
    }
}

/// Queues the delay notice for every open order past its promised time (once per order).
pub async fn queue_delay_notices(state: &AppState) {
    let now = state.clock.now();
    let late = match state.repo().overdue_without_notice(now).await {
        Ok(late) => late,
        Err(error) => {
            tracing::error!(%error, "outbox: looking for late orders failed");
            return;
        }
    };
    for order in late {
        let number = order.number.clone();
        let id = order.id;
        let body = super::wording::text(
            NotificationKind::Delayed.as_str(),
            &[("number", number.as_str()), ("plate", order.plate.as_str())],
        );
        let notice = DelayNotice {
            order,
            body,
            note: SYSTEM_NOTE_DELAYED.into(),
            actor_name: "system".into(),
            at: now,
        };
        let audit = AuditEntry::new(
            now,
            super::db::Actor::System,
            "work_order.delay_notified",
            "work_order",
            number.as_str(),
        );
        match state.repo().record_delay(&notice, &audit).await {
            Ok(Raised::Done) => state.live().publish(id).await,
            Ok(Raised::NotNeeded) => {}
            Err(error) => tracing::error!(%error, "outbox: queuing a delay notice failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_half_a_minute_to_an_hour_then_give_up() {
        assert_eq!(retry_delay(1), Some(Duration::seconds(30)));
        assert_eq!(retry_delay(2), Some(Duration::seconds(60)));
        assert_eq!(retry_delay(3), Some(Duration::seconds(120)));
        assert_eq!(retry_delay(7), Some(Duration::seconds(1920)));
        assert_eq!(retry_delay(MAX_DELIVERY_ATTEMPTS), None);
        assert!((1..MAX_DELIVERY_ATTEMPTS).all(|n| retry_delay(n).unwrap() <= Duration::hours(1)));
    }
}
