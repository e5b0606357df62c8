//! `/staff/login`: staff sign in with user name and password.

use crate::api::auth::staff_sign_in;
use crate::domain::identity::Username;
use crate::domain::{AppError, Field, Problem};
use crate::ui::components::{FormAlert, SubmitButton, TextField};
use crate::ui::i18n::*;
use crate::ui::pages::{next_page, send};
use crate::ui::session::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Err(problem) = Username::parse(&username.get_untracked()) {
            error.set(Some(AppError::invalid(Field::Username, problem)));
            return;
        }
        if password.get_untracked().is_empty() {
            error.set(Some(AppError::invalid(Field::Password, Problem::Required)));
            return;
        }
        let navigate = navigate.clone();
        let next = next_page(query.get_untracked().get("next"), "/staff");
        send(
            pending,
            error,
            staff_sign_in(username.get_untracked(), password.get_untracked()),
            move |me| {
                session.me.set(Some(me));
                navigate(&next, Default::default());
            },
        );
    };

    view! {
        <section class="card narrow">
            <h1>{t!(i18n, auth.staff_sign_in_title)}</h1>
            <form on:submit=on_submit novalidate>
                <TextField
                    label=Signal::derive(move || t_string!(i18n, auth.username).to_string())
                    id="username"
                    value=username
                    field=Field::Username
                    error=error
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
                <FormAlert error=error fields=&[Field::Username, Field::Password] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, auth.sign_in).to_string()) pending=pending class="btn primary large" />
            </form>
        </section>
    }
}
