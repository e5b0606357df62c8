//! `/login`: a customer signs in with mobile number and password.

use crate::api::auth::sign_in;
use crate::domain::identity::Phone;
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
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Err(problem) = Phone::parse(&phone.get_untracked()) {
            error.set(Some(AppError::invalid(Field::Phone, problem)));
            return;
        }
        if password.get_untracked().is_empty() {
            error.set(Some(AppError::invalid(Field::Password, Problem::Required)));
            return;
        }
        let navigate = navigate.clone();
        let next = next_page(query.get_untracked().get("next"), "/");
        send(
            pending,
            error,
            sign_in(phone.get_untracked(), password.get_untracked()),
            move |me| {
                session.me.set(Some(me));
                navigate(&next, Default::default());
            },
        );
    };
    let register_link = move || match query.get().get("next") {
        Some(next) => format!(
            "/register?next={}",
            js_sys::encode_uri_component(&next_page(Some(next), "/book"))
        ),
        None => "/register".to_owned(),
    };

    view! {
        <section class="card narrow">
            <h1>{t!(i18n, auth.customer_sign_in_title)}</h1>
            <form on:submit=on_submit novalidate>
                <TextField
                    label=Signal::derive(move || t_string!(i18n, auth.phone).to_string())
                    id="phone"
                    value=phone
                    field=Field::Phone
                    error=error
                    input_type="tel"
                    autocomplete="username"
                    inputmode="tel"
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
                <FormAlert error=error fields=&[Field::Phone, Field::Password] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, auth.sign_in).to_string()) pending=pending />
            </form>
            <p class="muted">
                {t!(i18n, auth.no_account)} " " <a href=register_link>{t!(i18n, auth.register_here)}</a>
            </p>
        </section>
    }
}
