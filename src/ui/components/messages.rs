//! One customer message as the desk's outbox and the customer's inbox show it.

use crate::domain::work_order::{OutboxMessage, DELIVERY_TIMEOUT, DELIVERY_UNREACHABLE};
use crate::ui::format::*;
use crate::ui::i18n::*;
use leptos::prelude::*;

/// Why a delivery failed, in the reader's language (`HTTP 503` stays as it is).
fn delivery_error(i18n: leptos_i18n::I18nContext<Locale>, code: &str) -> String {
    match code {
        DELIVERY_TIMEOUT => t_string!(i18n, order.error_timeout).to_string(),
        DELIVERY_UNREACHABLE => t_string!(i18n, order.error_unreachable).to_string(),
        other => other.to_string(),
    }
}

/// One message: kind, order, when, text and (for staff) where its delivery stands.
#[component]
pub fn MessageRow(message: OutboxMessage, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    let m = message;
    let kind = m.kind;
    let state = if m.sent_at.is_some() {
        "sent"
    } else if m.given_up {
        "given-up"
    } else if m.last_error.is_some() {
        "failed"
    } else {
        "unsent"
    };
    let (sent_at, attempts, last_error, given_up) =
        (m.sent_at, m.attempts, m.last_error.clone(), m.given_up);
    view! {
        <li class=format!("message {state}") data-testid="message">
            <p>
                <strong>{move || notification_label(i18n, kind)}</strong>
                " · " <a class="mono" href=about_href(staff, &m)>{about_label(&m)}</a>
                " · " <time>{datetime_label(i18n, m.created_at)}</time>
            </p>
            <p class="text">{m.text.clone()}</p>
            {staff.then(|| view! {
                <p class="muted">
                    {move || t_string!(i18n, order.to)} ": " {m.phone_masked.clone()} " · " {m.plate.as_ref().map(|p| view! { <span class="plate">{p.to_string()}</span> " · " })}
                    {move || match (sent_at, given_up) {
                        (Some(at), _) => format!("{} {}", t_string!(i18n, order.sent), datetime_label(i18n, at)),
                        (None, true) => t_string!(i18n, order.given_up).to_string(),
                        (None, false) if attempts > 0 => format!("{} · {}", t_string!(i18n, order.failed), t_string!(i18n, order.attempts, n = attempts)),
                        (None, false) => t_string!(i18n, order.unsent).to_string(),
                    }}
                    {last_error.clone().map(|e| view! { " · " <span>{move || delivery_error(i18n, &e)}</span> })}
                </p>
            })}
        </li>
    }
}

/// The page the message is about: its order or its complaint, on this face.
fn about_href(staff: bool, m: &OutboxMessage) -> String {
    match (&m.order, &m.complaint, staff) {
        (Some(order), _, true) => format!("/staff/orders/{}", order.as_str()),
        (Some(order), _, false) => format!("/orders/{}", order.as_str()),
        (None, Some(complaint), true) => format!("/staff/complaints/{}", complaint.as_str()),
        (None, Some(complaint), false) => format!("/complaints/{}", complaint.as_str()),
        (None, None, _) => String::new(),
    }
}

fn about_label(m: &OutboxMessage) -> String {
    m.order
        .as_ref()
        .map(|o| o.as_str().to_string())
        .or_else(|| m.complaint.as_ref().map(|c| c.as_str().to_string()))
        .unwrap_or_default()
}
