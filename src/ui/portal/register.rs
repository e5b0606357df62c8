//! `/register`: a car owner creates a portal account with their mobile number, proved by the
//! code texted to it. A record the dealership already has for the number (a phone booking)
//! becomes this account, with its cars and history.

use crate::api::auth::register;
use crate::domain::identity::{NewPassword, PersonName, Phone};
use crate::domain::phone_proof::{CodePurpose, OneTimeCode};
use crate::domain::{AppError, Field};
use crate::ui::components::{CodeField, FormAlert, SubmitButton, TextField};
use crate::ui::i18n::*;
use crate::ui::session::use_session;
use crate::ui::shell::{next_page, send};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn Register() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let local_check = PersonName::parse(&name.get_untracked())
            .map_err(|p| AppError::invalid(Field::Name, p))
            .and_then(|_| {
                Phone::parse(&phone.get_untracked()).map_err(|p| AppError::invalid(Field::Phone, p))
            })
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
        let next = next_page(query.get_untracked().get("next"), "/book");
        let call = register(
            phone.get_untracked(),
            name.get_untracked(),
            password.get_untracked(),
            code.get_untracked(),
        );
        send(pending, error, call, move |me| {
            session.me.set(Some(me));
            navigate(&next, Default::default());
        });
    };
    view! {
        <section class="card narrow">
            <h1>{move || t_string!(i18n, auth.register_title)}</h1>
            <p class="muted">{move || t_string!(i18n, auth.register_intro)}</p>
            <form on:submit=on_submit novalidate>
                <TextField
                    label=Signal::derive(move || t_string!(i18n, auth.name).to_string())
                    id="name"
                    value=name
                    field=Field::Name
                    error=error
                    autocomplete="name"
                    required=true
                />
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
                <CodeField phone=phone code=code purpose=CodePurpose::Register error=error />
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
                <FormAlert error=error fields=&[Field::Name, Field::Phone, Field::Code, Field::Password] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, auth.register).to_string()) pending=pending />
            </form>
            <p class="muted">
                {move || t_string!(i18n, auth.have_account)} " " <a href="/login">{move || t_string!(i18n, auth.sign_in_here)}</a>
            </p>
        </section>
    }
}
