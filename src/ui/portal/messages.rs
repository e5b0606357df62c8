//! `/messages`: in demo mode, the texts the customer would have received on their phone
//! (there is no SMS gateway in a demo). Elsewhere the server answers "not found" and the page
//! says the messages go to the phone.

use crate::api::work_orders::my_messages;
use crate::domain::AppError;
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::portal::is_customer;
use crate::ui::shell::Guard;
use leptos::prelude::*;

#[component]
pub fn Messages() -> impl IntoView {
    view! {
        <Guard allowed=is_customer sign_in="/login">
            <MessageList />
        </Guard>
    }
}

#[component]
fn MessageList() -> impl IntoView {
    let i18n = use_i18n();
    let messages = Load::new(my_messages);
    view! {
        <h1>{move || t_string!(i18n, order.my_messages)}</h1>
        {move || match messages.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(AppError::NotFound)) => view! { <p class="empty">{move || t_string!(i18n, order.messages_unavailable)}</p> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(list)) => view! {
                <p class="muted">{move || t_string!(i18n, order.messages_demo_note)}</p>
                {list.is_empty().then(|| view! { <p class="empty">{move || t_string!(i18n, order.no_messages)}</p> })}
                <ul class="messages">
                    {list.into_iter().map(|m| view! { <MessageRow message=m staff=false /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
