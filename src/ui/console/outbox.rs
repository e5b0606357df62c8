//! `/staff/outbox`: every message the outlet's customers were sent or are about to be sent,
//! newest first, with its delivery state. A message given up after repeated failures is
//! flagged so the desk calls the customer instead.

use crate::api::work_orders::notifications_outbox;
use crate::ui::components::*;
use crate::ui::console::{is_staff, ReceptionOnly};
use crate::ui::errors::error_text;
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
                    {list.into_iter().map(|m| view! { <MessageRow message=m staff=true /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
