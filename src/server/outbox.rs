//! The notifications outbox's worker: delivers what the customer is told, and notices orders
//! that missed their promised time.
//!
//! Messages are written to the `notifications` table in the same transaction as the change
//! they report, so none is lost. This worker, running on every instance, claims due messages
//! (one instance per message), hands each to the configured `Sender` and records the outcome:
//! sent, or failed with a retry later (30 s, 1 min, 2 min, … up to an hour; after
//! `MAX_ATTEMPTS` the message stays in the outbox as failed, for staff to see). Delivery is at
//! least once: the webhook gets an `Idempotency-Key` so a gateway can drop a repeat.
//!
//! It wakes on every live change (so a message goes out the moment it is written, whichever
//! instance wrote it) and at least every `NOTIFY_INTERVAL_MS`, when it also looks for orders
//! past their promised time and queues the one-off delay notice, and opens the routine
//! follow-up calls that have come due (`services::feedback`), and escalates complaints whose
//! first response is late to the outlet manager (`services::complaints`).

use super::config::Config;
use super::db::{AuditEntry, DelayNotice, Delivery, NotificationRecord};
use super::AppState;
use crate::domain::identity::Phone;
use crate::domain::work_order::{
    NotificationKind, DELIVERY_TIMEOUT, DELIVERY_UNREACHABLE, SYSTEM_NOTE_DELAYED,
};
use chrono::{Duration, SubsecRound};
use serde_json::json;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;
use tokio::sync::broadcast::error::RecvError;

/// After this many failed deliveries a message is given up.
pub const MAX_ATTEMPTS: u32 = 8;
/// How long one instance holds a claimed message before another may try it: well above the
/// webhook's 10 s timeout, so a claim outlasts its delivery attempt.
const LEASE_SECONDS: i64 = 60;
/// The most messages sent per wake-up (the next wake-up sends the rest).
const BATCH: u32 = 50;

/// Delivers one message to the customer. Errors are short codes for staff: `HTTP 502`,
/// `DELIVERY_TIMEOUT`, `DELIVERY_UNREACHABLE`.
#[async_trait::async_trait]
pub trait Sender: Send + Sync {
    async fn send(&self, message: &NotificationRecord) -> Result<(), String>;
    /// Texts a one-time code at once (never through the stored outbox: the code is not kept).
    /// `id` is the request's idempotency key.
    async fn send_code(&self, phone: &Phone, text: &str, id: &str) -> Result<(), String>;
    /// Whether texts land on the demo's message page instead of phones.
    fn is_demo_outbox(&self) -> bool {
        false
    }
}

/// The demo's message page (`/dev/outbox`): codes the log sender "texted", newest first, so
/// that a demo can register without a phone. Kept in memory, at most `DEV_OUTBOX_SIZE`.
#[derive(Clone, Default)]
pub struct DevOutbox(Arc<Mutex<VecDeque<DevText>>>);

pub const DEV_OUTBOX_SIZE: usize = 100;

#[derive(Debug, Clone)]
pub struct DevText {
    pub phone: Phone,
    pub text: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// `/dev/outbox`: the demo's message page (404 unless the demo's log sender is in use).
pub async fn demo_page(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if !state.sender.is_demo_outbox() {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let rows: String = state
        .dev_outbox
        .recent()
        .iter()
        .map(|t| {
            format!(
                "<tr><td>{}</td><td class=\"phone\">{}</td><td class=\"text\">{}</td></tr>",
                t.at.format("%Y-%m-%d %H:%M:%S UTC"),
                escape(t.phone.as_str()),
                escape(&t.text)
            )
        })
        .collect();
    let page = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>演示短信 · Demo text messages</title></head><body><main>\
         <h1>演示短信 · Demo text messages</h1>\
         <p>演示环境没有短信网关：发给手机的验证码显示在这里（最新的在最上面）。\
         This demo has no SMS gateway: codes texted to phones appear here, newest first.</p>\
         <table><thead><tr><th scope=\"col\">时间 · Sent</th><th scope=\"col\">手机号 · Phone</th>\
         <th scope=\"col\">短信 · Text</th></tr></thead><tbody>{rows}</tbody></table></main></body></html>"
    );
    (
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        axum::response::Html(page),
    )
        .into_response()
}

impl DevOutbox {
    fn push(&self, text: DevText) {
        let mut texts = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        texts.push_front(text);
        texts.truncate(DEV_OUTBOX_SIZE);
    }

    pub fn recent(&self) -> Vec<DevText> {
        let texts = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        texts.iter().cloned().collect()
    }
}

/// The development sender: notes in the log that a message went out — order, kind and the
/// masked number, never its text (which names the car and carries the tracking link: no
/// personal data or access links in logs). The text is on the outbox page. One-time codes
/// go to the log and, in demo mode, to the demo's message page.
pub struct LogSender {
    pub demo: Option<DevOutbox>,
}

#[async_trait::async_trait]
impl Sender for LogSender {
    async fn send_code(&self, phone: &Phone, text: &str, _id: &str) -> Result<(), String> {
        tracing::info!(to = phone.masked(), text, "one-time code (log sender)");
        if let Some(demo) = &self.demo {
            demo.push(DevText {
                phone: phone.clone(),
                text: text.to_owned(),
                at: chrono::Utc::now(),
            });
        }
        Ok(())
    }

    fn is_demo_outbox(&self) -> bool {
        self.demo.is_some()
    }

    async fn send(&self, message: &NotificationRecord) -> Result<(), String> {
        tracing::info!(
            about = message.reference(),
            kind = message.kind.as_str(),
            to = message.phone.masked(),
            "customer message (log sender)"
        );
        Ok(())
    }
}

/// POSTs each message as JSON to an SMS or WeChat gateway.
pub struct WebhookSender {
    url: String,
    token: Option<String>,
    /// Where customers reach the app: a message's link is added to its text with it.
    public_url: Option<String>,
    client: reqwest::Client,
}

impl WebhookSender {
    pub fn new(
        url: String,
        token: Option<String>,
        public_url: Option<String>,
    ) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(StdDuration::from_secs(10))
            .build()?;
        Ok(Self {
            url,
            token,
            public_url,
            client,
        })
    }
}

impl WebhookSender {
    async fn post(&self, body: serde_json::Value, idempotency_key: String) -> Result<(), String> {
        let mut request = self
            .client
            .post(&self.url)
            .header("Idempotency-Key", idempotency_key)
            .json(&body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        match request.send().await {
            Ok(response) if response.status().is_success() => Ok(()),
            Ok(response) => Err(format!("HTTP {}", response.status().as_u16())),
            Err(e) if e.is_timeout() => Err(DELIVERY_TIMEOUT.into()),
            Err(_) => Err(DELIVERY_UNREACHABLE.into()),
        }
    }
}

#[async_trait::async_trait]
impl Sender for WebhookSender {
    async fn send(&self, message: &NotificationRecord) -> Result<(), String> {
        let body = json!({
            "id": message.id,
            "kind": message.kind.as_str(),
            "order": message.order_number.as_ref().map(|n| n.as_str()),
            "complaint": message.complaint_number.as_ref().map(|n| n.as_str()),
            "phone": message.phone.as_str(),
            "text": message.text(self.public_url.as_deref()),
        });
        let key = format!("aftersales-notification-{}", message.id);
        self.post(body, key).await
    }

    async fn send_code(&self, phone: &Phone, text: &str, id: &str) -> Result<(), String> {
        let body = json!({
            "id": id,
            "kind": "phone_code",
            "phone": phone.as_str(),
            "text": text,
        });
        self.post(body, format!("aftersales-code-{id}")).await
    }
}

/// The sender the configuration asks for: the webhook, or the log (in demo mode also the
/// demo's message page).
pub fn sender_for(config: &Config, demo: &DevOutbox) -> anyhow::Result<Arc<dyn Sender>> {
    Ok(match &config.notify_webhook_url {
        Some(url) => Arc::new(WebhookSender::new(
            url.clone(),
            config.notify_webhook_token.clone(),
            config.public_url.clone(),
        )?),
        None => Arc::new(LogSender {
            demo: config.demo_data.then(|| demo.clone()),
        }),
    })
}

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
    (attempts < MAX_ATTEMPTS).then(|| {
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
            .claim_notifications(now, lease, MAX_ATTEMPTS, 1)
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
            Ok(true) => {}
            Ok(false) => tracing::warn!(
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
            Ok(true) => state.live().publish(id).await,
            Ok(false) => {}
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
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
        assert!((1..MAX_ATTEMPTS).all(|n| retry_delay(n).unwrap() <= Duration::hours(1)));
    }
}
