//! Form building blocks: a labelled field with its inline error, the form-level alert, the
//! submit button with its progress state, and the loading and confirmation notices.

use crate::domain::{AppError, Field};
use crate::ui::errors::error_text;
use crate::ui::i18n::*;
use leptos::prelude::*;

/// A labelled input whose error (if the form's error is about `field`) shows right below it.
/// Typing in it clears that error; nothing typed is ever lost on a failed submit.
#[component]
pub fn TextField(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] id: String,
    value: RwSignal<String>,
    field: Field,
    error: RwSignal<Option<AppError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let invalid = move || error.with(|e| e.as_ref().and_then(AppError::field) == Some(field));
    let clear = move |_| {
        if invalid() {
            error.set(None);
        }
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                rows="4"
                bind:value=value
                on:input=clear
                required=required
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by.clone()
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=input_type
                bind:value=value
                on:input=clear
                required=required
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by.clone()
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>{label}</label>
            {input}
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            <FieldError id=error_id field=field error=error />
        </div>
    }
}

/// The sentence for `error` if it is about `field`; an empty live region otherwise.
#[component]
pub fn FieldError(
    #[prop(into)] id: String,
    field: Field,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error
            .get()
            .filter(|e| e.field() == Some(field))
            .map(|e| error_text(i18n, &e))
    };
    view! {
        <p class="field-error" id=id aria-live="polite">
            {message}
        </p>
    }
}

/// Errors not shown next to a field of this form: the form-level alert.
#[component]
pub fn FormAlert(
    error: RwSignal<Option<AppError>>,
    #[prop(optional)] fields: &'static [Field],
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error
            .get()
            .filter(|e| e.field().is_none_or(|f| !fields.contains(&f)))
            .map(|e| error_text(i18n, &e))
    };
    view! {
        <Show when=move || message().is_some()>
            <div class="alert alert-error" role="alert">
                {message}
            </div>
        </Show>
    }
}

/// A confirmation, written when it is read: it follows the language switch like every other
/// word on the page.
#[derive(Clone)]
pub struct Said(std::sync::Arc<dyn Fn() -> String + Send + Sync>);

impl Said {
    pub fn new(text: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Self(std::sync::Arc::new(text))
    }
}

/// A confirmation that something worked.
#[component]
pub fn Notice(#[prop(into)] message: Signal<Option<Said>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div class="alert alert-success" role="status">
                {move || message.with(|said| said.as_ref().map(|said| (said.0)()))}
            </div>
        </Show>
    }
}

/// Shown while something loads.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {move || t_string!(i18n, app.loading)}
        </div>
    }
}

/// A form's submit button: disabled and saying so while the request runs.
#[component]
pub fn SubmitButton(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = if class.is_empty() {
        "btn primary"
    } else {
        class
    };
    view! {
        <button type="submit" class=class disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            <Show when=move || pending.get() fallback=move || label.get()>
                <span class="spinner small" aria-hidden="true"></span>
                {move || t_string!(i18n, app.working)}
            </Show>
        </button>
    }
}
