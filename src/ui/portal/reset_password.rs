//! `/reset-password`: a car owner who forgot their password proves the number with a texted
//! code and sets a new one (which signs them in and ends their other sessions).

use crate::api::auth::reset_password;
use crate::domain::phone_proof::CodePurpose;
use crate::domain::{AppError, Field};
use crate::ui::components::{check_proven_phone, FormAlert, ProvenPhoneFields, SubmitButton};
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
        let local_check = check_proven_phone(
            &phone.get_untracked(),
            &code.get_untracked(),
            &password.get_untracked(),
        );
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
                <ProvenPhoneFields phone=phone code=code password=password purpose=CodePurpose::ResetPassword error=error />
                <FormAlert error=error fields=&[Field::Phone, Field::Code, Field::Password] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, auth.reset).to_string()) pending=pending />
            </form>
            <p class="muted">
                <a href="/login">{move || t_string!(i18n, auth.back_to_sign_in)}</a>
            </p>
        </section>
    }
}
