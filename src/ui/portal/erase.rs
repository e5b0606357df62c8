//! `/erase`: a car owner has their personal data erased (PIPL art. 47). The page says what goes
//! and what the law keeps, offers the copy first, and asks for the password to confirm; once
//! done, the account is gone and the phone is signed out.

use crate::api::auth::erase_my_data;
use crate::domain::{AppError, Field, Problem};
use crate::ui::components::{FormAlert, TextField};
use crate::ui::i18n::*;
use crate::ui::session::use_session;
use crate::ui::shell::{send, Guard};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn EraseMyData() -> impl IntoView {
    let i18n = use_i18n();
    let done = RwSignal::new(false);
    view! {
        <section class="card narrow">
            <Show when=move || !done.get() fallback=move || view! {
                <h1>{move || t_string!(i18n, erase.done_title)}</h1>
                <p role="status">{move || t_string!(i18n, erase.done)}</p>
                <p><a class="btn" href="/">{move || t_string!(i18n, erase.home)}</a></p>
            }>
                <Guard allowed=super::is_customer sign_in="/login">
                    <EraseForm done=done />
                </Guard>
            </Show>
        </section>
    }
}

#[component]
fn EraseForm(done: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if password.get_untracked().is_empty() {
            error.set(Some(AppError::invalid(Field::Password, Problem::Required)));
            return;
        }
        send(
            pending,
            error,
            erase_my_data(password.get_untracked()),
            move |_| {
                done.set(true);
                session.clear();
            },
        );
    };
    view! {
        <h1>{move || t_string!(i18n, erase.title)}</h1>
        <p>{move || t_string!(i18n, erase.what_goes)}</p>
        <p>{move || t_string!(i18n, erase.what_stays)}</p>
        <p><a href="/my-data" download="aftersales-my-data.json">{move || t_string!(i18n, home.my_data_download)}</a></p>
        <form on:submit=on_submit novalidate>
            <TextField label=Signal::derive(move || t_string!(i18n, erase.password).to_string()) id="erase-password" value=password
                field=Field::Password error=error input_type="password" autocomplete="current-password" />
            <FormAlert error=error fields=&[Field::Password] />
            <button type="submit" class="btn danger large" disabled=move || pending.get()>
                {move || if pending.get() { t_string!(i18n, erase.erasing) } else { t_string!(i18n, erase.confirm) }}
            </button>
        </form>
    }
}
