//! One customer message as the desk's outbox and the customer's inbox show it.

use crate::domain::work_order::OutboxMessage;
use crate::ui::format::*;
use crate::ui::i18n::*;
use leptos::prelude::*;

/// One message: kind, the order or complaint it is about (on this face), when, and its text;
/// `children` adds what the face needs below (the desk: where its delivery stands).
#[component]
pub fn MessageRow(
    message: OutboxMessage,
    staff: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
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
    view! {
        <li class=format!("message {state}") data-testid="message">
            <p>
                <strong>{move || notification_label(i18n, kind)}</strong>
                " · " <a class="mono" href=about_href(staff, &m)>{about_label(&m)}</a>
                " · " <time>{let at = m.created_at; move || datetime_label(i18n, at)}</time>
            </p>
            <p class="text">{m.text.clone()}</p>
            {m.link.clone().map(|link| view! { <a class="btn" href=link>{move || t_string!(i18n, order.open_link)}</a> })}
            {children.map(|children| children())}
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
