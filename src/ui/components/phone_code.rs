//! The one-time code field: "send code" texts a code to the number typed above it (with a
//! countdown before it can be sent again), and the six digits go in the field. In demo mode,
//! where there is no SMS gateway, it points to the demo's message page.

use super::TextField;
use crate::api::auth::send_code;
use crate::domain::identity::Phone;
use crate::domain::phone_proof::{CodePurpose, CodeSent};
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
