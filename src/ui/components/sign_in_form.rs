//! The sign-in form both faces use: an account field (mobile number or user name), the
//! password, and on success the session is set and the visitor goes back where they came from.

use super::{FormAlert, SubmitButton, TextField};
use crate::domain::account::Me;
use crate::domain::{AppError, Field, Problem};
use crate::ui::i18n::*;
use crate::ui::session::use_session;
use crate::ui::shell::{next_page, send};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::future::Future;

/// What the account field is: a mobile number on the portal, a user name at the desk.
pub struct AccountField {
    pub label: Signal<String>,
    pub id: &'static str,
    pub field: Field,
    pub input_type: &'static str,
    /// The same rule the server applies, checked before sending.
    pub check: fn(&str) -> Result<(), Problem>,
}

#[component]
pub fn SignInForm<Call, Fut>(
    account: AccountField,
    /// Signs in with (account, password).
    call: Call,
    /// Where to go after signing in when the link did not say: the account's own work.
    home: fn(&Me) -> &'static str,
    #[prop(into)] submit_label: Signal<String>,
) -> impl IntoView
where
    Call: Fn(String, String) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<Me, AppError>> + 'static,
{
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let (field, check) = (account.field, account.check);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Err(problem) = check(&name.get_untracked()) {
            error.set(Some(AppError::invalid(field, problem)));
            return;
        }
        if password.get_untracked().is_empty() {
            error.set(Some(AppError::invalid(Field::Password, Problem::Required)));
            return;
        }
        let navigate = navigate.clone();
        let next = query.get_untracked().get("next");
        send(
            pending,
            error,
            call(name.get_untracked(), password.get_untracked()),
            move |me| {
                let next = next_page(next, home(&me));
                session.me.set(Some(me));
                navigate(&next, Default::default());
            },
        );
    };

    let fields: &'static [Field] = match field {
        Field::Phone => &[Field::Phone, Field::Password],
        _ => &[Field::Username, Field::Password],
    };
    view! {
        <form on:submit=on_submit novalidate>
            <TextField
                label=account.label
                id=account.id
                value=name
                field=field
                error=error
                input_type=account.input_type
                autocomplete="username"
                required=true
            />
            <TextField
                label=Signal::derive(move || t_string!(i18n, auth.password).to_string())
                id="password"
                value=password
                field=Field::Password
                error=error
                input_type="password"
                autocomplete="current-password"
                required=true
            />
            <FormAlert error=error fields=fields />
            <SubmitButton label=submit_label pending=pending class="btn primary large" />
        </form>
    }
}
