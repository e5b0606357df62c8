//! `/reset-password`: a car owner who forgot their password proves the number with a texted
//! code and sets a new one (which signs them in and ends their other sessions).

use crate::api::auth::reset_password;
use crate::domain::identity::{NewPassword, Phone};
use crate::domain::phone_proof::{CodePurpose, OneTimeCode};
use crate::domain::{AppError, Field};
use crate::ui::components::{CodeField, FormAlert, SubmitButton, TextField};
use crate::ui::i18n::*;
use crate::ui::session::use_session;
use crate::ui::shell::send;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ResetPassword() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let local_check = Phone::parse(&phone.get_untracked())
            .map_err(|p| AppError::invalid(Field::Phone, p))
            .and_then(|_| {
                OneTimeCode::parse(&code.get_untracked())
                    .map_err(|p| AppError::invalid(Field::Code, p))
            })
            .and_then(|_| {
                NewPassword::parse(&password.get_untracked())
                    .map_err(|p| AppError::invalid(Field::Password, p))
            });
        if let Err(e) = local_check {
            error.set(Some(e));
            return;
        }
        let navigate = navigate.clone();
        let call = reset_password(
            phone.get_untracked(),
            code.get_untracked(),
            password.get_untracked(),
        );
        send(pending, error, call, move |me| {
            session.me.set(Some(me));
            navigate("/", Default::default());
        });
    };

    view! {
        <section class="card narrow">
            <h1>{move || t_string!(i18n, auth.reset_title)}</h1>
            <p class="muted">{move || t_string!(i18n, auth.reset_intro)}</p>
            <form on:submit=on_submit novalidate>
                <TextField
                    label=Signal::derive(move || t_string!(i18n, auth.phone).to_string())
                    id="phone"
                    value=phone
                    field=Field::Phone
                    error=error
                    input_type="tel"
                    autocomplete="tel"
                    inputmode="tel"
                    required=true
                />
                <CodeField phone=phone code=code purpose=CodePurpose::ResetPassword error=error />
                <TextField
                    label=Signal::derive(move || t_string!(i18n, auth.new_password).to_string())
                    id="password"
                    value=password
                    field=Field::Password
                    error=error
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                    hint=Signal::derive(move || t_string!(i18n, auth.password_hint).to_string())
                />
                <FormAlert error=error fields=&[Field::Phone, Field::Code, Field::Password] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, auth.reset).to_string()) pending=pending />
            </form>
            <p class="muted">
                <a href="/login">{move || t_string!(i18n, auth.back_to_sign_in)}</a>
            </p>
        </section>
    }
}
