//! Delivering texts: the `Sender` the configuration picks (an SMS or WeChat gateway's webhook,
//! or the log), used by the outbox worker for stored messages and directly for one-time codes;
//! and the demo's message page (`/dev/outbox`), where the log sender's codes land in demo mode.

use super::config::Config;
use super::db::NotificationRecord;
use super::AppState;
use crate::domain::identity::Phone;
use crate::domain::work_order::{DELIVERY_TIMEOUT, DELIVERY_UNREACHABLE};
use serde_json::json;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

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
        // The code itself only in demo mode: a log must not be a way into anyone's account.
        match &self.demo {
            Some(_) => tracing::info!(to = phone.masked(), text, "one-time code (demo)"),
            None => tracing::info!(to = phone.masked(), "one-time code (log sender: not sent)"),
        }
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
            demo: config.demo_outbox().then(|| demo.clone()),
        }),
    })
}
