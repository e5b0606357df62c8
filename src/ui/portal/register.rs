//! `/register`: a car owner creates a portal account with their mobile number, proved by the
//! code texted to it. A record the dealership already has for the number (a phone booking)
//! becomes this account, with its cars and history.

use crate::api::auth::register;
use crate::domain::identity::PersonName;
use crate::domain::phone_proof::CodePurpose;
use crate::domain::{AppError, Field};
use crate::ui::components::{
    check_proven_phone, FormAlert, ProvenPhoneFields, SubmitButton, TextField,
};
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
                check_proven_phone(
                    &phone.get_untracked(),
                    &code.get_untracked(),
                    &password.get_untracked(),
                )
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
                <ProvenPhoneFields phone=phone code=code password=password purpose=CodePurpose::Register error=error />
                <FormAlert error=error fields=&[Field::Name, Field::Phone, Field::Code, Field::Password] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, auth.register).to_string()) pending=pending />
            </form>
            <p class="muted">
                {move || t_string!(i18n, auth.have_account)} " " <a href="/login">{move || t_string!(i18n, auth.sign_in_here)}</a>
            </p>
        </section>
    }
}
