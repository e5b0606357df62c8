//! How a customer gives their word at the desk — signing on the tablet, or by phone with the
//! call's record — for the initial estimate at check-in and for added items alike.

use super::{FieldError, SignaturePad, TextField};
use crate::domain::work_order::ApprovalMethod;
use crate::domain::{AppError, Field};
use crate::ui::format::approval_method_label;
use crate::ui::i18n::*;
use leptos::prelude::*;

/// The choice of method, then the signature pad or the call's record. `id` names the fields
/// (`{id}-signature-error`, `{id}-note`).
#[component]
pub fn DeskSignOff(
    id: &'static str,
    method: RwSignal<ApprovalMethod>,
    note: RwSignal<String>,
    signature: RwSignal<Option<String>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="choice" role="group" aria-label=move || t_string!(i18n, order.decision_method)>
            {ApprovalMethod::AT_DESK.into_iter().map(|m| view! {
                <button type="button" class="btn" class:selected=move || method.get() == m aria-pressed=move || (method.get() == m).to_string() on:click=move |_| method.set(m)>
                    {move || approval_method_label(i18n, m)}
                </button>
            }).collect_view()}
        </div>
        <Show when=move || method.get() == ApprovalMethod::Phone fallback=move || view! {
            <SignaturePad signature=signature />
            <FieldError id=format!("{id}-signature-error") field=Field::Signature error=error />
        }>
            <TextField label=Signal::derive(move || t_string!(i18n, order.decision_note).to_string()) id=format!("{id}-note") value=note field=Field::Note error=error multiline=true />
        </Show>
    }
}
