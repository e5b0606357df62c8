//! `/staff/outbox`: every message the outlet's customers were sent or are about to be sent,
//! newest first, with its delivery state. A message given up after repeated failures is
//! flagged so the desk calls the customer instead.

use crate::api::work_orders::notifications_outbox;
use crate::domain::work_order::{OutboxMessage, DELIVERY_TIMEOUT, DELIVERY_UNREACHABLE};
use crate::ui::components::*;
use crate::ui::console::{is_staff, ReceptionOnly};
use crate::ui::errors::error_text;
use crate::ui::format::datetime_label;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::Guard;
use leptos::prelude::*;
use leptos_use::use_interval_fn;

#[component]
pub fn Outbox() -> impl IntoView {
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <ReceptionOnly>
                <OutboxScreen />
            </ReceptionOnly>
        </Guard>
    }
}

#[component]
fn OutboxScreen() -> impl IntoView {
    let i18n = use_i18n();
    let messages = Load::new(notifications_outbox);
    let _ = use_interval_fn(move || messages.refetch(), 15_000);
    view! {
        <h1>{move || t_string!(i18n, order.outbox)}</h1>
        {move || match messages.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{move || t_string!(i18n, order.no_outbox)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="messages">
                    {list.into_iter().map(|m| view! { <MessageRow message=m.clone() staff=true><Delivery message=m /></MessageRow> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

/// To whom, and where the message's delivery stands.
#[component]
fn Delivery(message: OutboxMessage) -> impl IntoView {
    let i18n = use_i18n();
    let m = message;
    let (sent_at, attempts, last_error, given_up) =
        (m.sent_at, m.attempts, m.last_error, m.given_up);
    view! {
        <p class="muted">
            {move || t_string!(i18n, order.to)} ": " {m.phone_masked} " · " {m.plate.map(|p| view! { <span class="plate">{p.to_string()}</span> " · " })}
            {move || match (sent_at, given_up) {
                (Some(at), _) => format!("{} {}", t_string!(i18n, order.sent), datetime_label(i18n, at)),
                (None, true) => t_string!(i18n, order.given_up).to_string(),
                (None, false) if attempts > 0 => format!("{} · {}", t_string!(i18n, order.failed), t_string!(i18n, order.attempts, n = attempts)),
                (None, false) => t_string!(i18n, order.unsent).to_string(),
            }}
            {last_error.map(|e| view! { " · " <span>{move || delivery_error(i18n, &e)}</span> })}
        </p>
    }
}

/// Why a delivery failed, in the reader's language (`HTTP 503` stays as it is).
fn delivery_error(i18n: leptos_i18n::I18nContext<Locale>, code: &str) -> String {
    match code {
        DELIVERY_TIMEOUT => t_string!(i18n, order.error_timeout).to_string(),
        DELIVERY_UNREACHABLE => t_string!(i18n, order.error_unreachable).to_string(),
        other => other.to_string(),
    }
}
