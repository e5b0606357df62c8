//! How a follow-up call went: reached or not, the customer's satisfaction and what was said —
//! the follow-up list's form and a complaint's 回访 stage share it.

use super::{FieldError, TextField};
use crate::domain::{AppError, Field};
use crate::ui::i18n::*;
use leptos::prelude::*;

/// How a call went: reached or not, the customer's satisfaction (1–5) and what was said.
/// Shared by the follow-up list and a complaint's 回访 stage.
#[component]
pub fn CallFields(
    /// Makes the fields' ids unique on the page.
    id: String,
    reached: RwSignal<bool>,
    satisfaction: RwSignal<Option<u8>>,
    outcome: RwSignal<String>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label_id = format!("satisfaction-{id}");
    view! {
        <label class="check"><input type="checkbox" bind:checked=reached /> {move || t_string!(i18n, follow_up.reached)}</label>
        <Show when=move || reached.get()>
            <div class="field">
                <span class="label" id=label_id.clone()>{move || t_string!(i18n, follow_up.satisfaction)}</span>
                <div class="stars" role="group" aria-labelledby=label_id.clone()>
                    {(1..=5u8).map(|n| view! {
                        <button type="button" class="star" class:on=move || satisfaction.get().is_some_and(|s| s >= n)
                            aria-pressed=move || (satisfaction.get() == Some(n)).to_string()
                            aria-label=move || t_string!(i18n, survey.stars, n = n).to_string()
                            on:click=move |_| satisfaction.set(Some(n))>"★"</button>
                    }).collect_view()}
                </div>
                <FieldError id=format!("{label_id}-error") field=Field::Satisfaction error=error />
            </div>
        </Show>
        <TextField label=Signal::derive(move || t_string!(i18n, follow_up.outcome).to_string()) id=format!("outcome-{id}") value=outcome field=Field::Outcome error=error multiline=true />
    }
}
