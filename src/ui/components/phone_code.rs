//! The one-time code field: "send code" texts a code to the number typed above it (with a
//! countdown before it can be sent again), and the six digits go in the field. In demo mode,
//! where there is no SMS gateway, it points to the demo's message page.

use super::TextField;
use crate::api::auth::send_code;
use crate::domain::identity::{NewPassword, Phone};
use crate::domain::phone_proof::{CodePurpose, CodeSent, OneTimeCode};
use crate::domain::{AppError, Field};
use crate::ui::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use::use_interval_fn;

#[component]
pub fn CodeField(
    phone: RwSignal<String>,
    code: RwSignal<String>,
    purpose: CodePurpose,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sending = RwSignal::new(false);
    let sent = RwSignal::new(None::<CodeSent>);
    let wait = RwSignal::new(0u32);
    let _ = use_interval_fn(move || wait.update(|w| *w = w.saturating_sub(1)), 1000);

    let send = move |_| {
        if let Err(problem) = Phone::parse(&phone.get_untracked()) {
            error.set(Some(AppError::invalid(Field::Phone, problem)));
            return;
        }
        sending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = send_code(phone.get_untracked(), purpose).await;
            sending.set(false);
            match result {
                Ok(answer) => {
                    wait.set(answer.resend_after_seconds);
                    sent.set(Some(answer));
                }
                Err(e) => {
                    if let AppError::TooManyAttempts {
                        retry_after_seconds,
                    } = e
                    {
                        wait.set(retry_after_seconds.min(3600));
                    }
                    error.set(Some(e));
                }
            }
        });
    };
    let button_label = move || {
        let seconds = wait.get();
        if sending.get() {
            t_string!(i18n, auth.sending_code).to_string()
        } else if seconds > 0 {
            t_string!(i18n, auth.resend_in, seconds = seconds).to_string()
        } else if sent.with(Option::is_some) {
            t_string!(i18n, auth.resend).to_string()
        } else {
            t_string!(i18n, auth.send_code).to_string()
        }
    };

    view! {
        <div class="code-row">
            <TextField
                label=Signal::derive(move || t_string!(i18n, auth.code).to_string())
                id="code"
                value=code
                field=Field::Code
                error=error
                autocomplete="one-time-code"
                inputmode="numeric"
                required=true
                hint=Signal::derive(move || t_string!(i18n, auth.code_hint).to_string())
            />
            <button
                type="button"
                class="btn"
                id="send-code"
                on:click=send
                disabled=move || sending.get() || wait.get() != 0
            >
                {button_label}
            </button>
        </div>
        <div role="status" aria-live="polite">
            {move || sent.get().map(|answer| {
                let masked = answer.phone_masked.clone();
                view! {
                    <p class="alert alert-info">
                        {move || t_string!(i18n, auth.code_sent, phone = masked.clone()).to_string()}
                        {answer.on_demo_outbox.then(|| view! {
                            " " {move || t_string!(i18n, auth.demo_outbox)} " "
                            <a href="/dev/outbox" target="_blank" rel="noopener">
                                {move || t_string!(i18n, auth.demo_outbox_link)}
                            </a>
                        })}
                    </p>
                }
            })}
        </div>
    }
}

/// The mobile number, the code texted to it and the new password: what registering and
/// resetting a password both ask for.
#[component]
pub fn ProvenPhoneFields(
    phone: RwSignal<String>,
    code: RwSignal<String>,
    password: RwSignal<String>,
    purpose: CodePurpose,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
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
        <CodeField phone=phone code=code purpose=purpose error=error />
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
    }
}

/// The browser's own check of those three fields, in their order (the server checks again).
pub fn check_proven_phone(phone: &str, code: &str, password: &str) -> Result<(), AppError> {
    Phone::parse(phone).map_err(|p| AppError::invalid(Field::Phone, p))?;
    OneTimeCode::parse(code).map_err(|p| AppError::invalid(Field::Code, p))?;
    NewPassword::parse(password).map_err(|p| AppError::invalid(Field::Password, p))?;
    Ok(())
}
