//! Choosing services and ticking safety-critical symptoms.

use crate::domain::booking::SafetySymptom;
use crate::domain::catalog::ServiceType;
use crate::domain::ids::ServiceTypeId;
use crate::domain::{AppError, Field};
use crate::ui::components::FieldError;
use crate::ui::format::{duration_label, localized, symptom_label};
use crate::ui::i18n::*;
use leptos::prelude::*;

fn toggle<T: PartialEq + Copy + Send + Sync + 'static>(list: RwSignal<Vec<T>>, item: T, on: bool) {
    list.update(|items| {
        items.retain(|x| *x != item);
        if on {
            items.push(item);
        }
    });
}

/// Check boxes of the service catalogue, with each service's duration.
#[component]
pub fn ServicePicker(
    services: Vec<ServiceType>,
    selected: RwSignal<Vec<ServiceTypeId>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = services
        .into_iter()
        .map(|service| {
            let id = service.id;
            let input_id = format!("service-{}", service.code);
            let label_for = input_id.clone();
            let checked = move || selected.with(|s| s.contains(&id));
            let name = service.name.clone();
            let minutes = service.duration_minutes;
            view! {
                <label class="choice" for=label_for class:chosen=checked>
                    <input
                        type="checkbox"
                        id=input_id
                        prop:checked=checked
                        on:change=move |ev| {
                            toggle(selected, id, event_target_checked(&ev));
                            error.update(|e| {
                                if e.as_ref().and_then(AppError::field) == Some(Field::Services) {
                                    *e = None;
                                }
                            });
                        }
                    />
                    <span class="choice-text">
                        <span class="choice-title">{move || localized(i18n, &name)}</span>
                        <span class="choice-detail">{move || duration_label(i18n, minutes)}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices" aria-describedby="services-error">
            <legend>{move || t_string!(i18n, booking.services_legend)}</legend>
            <div class="choice-grid">{options}</div>
            <FieldError id="services-error" field=Field::Services error=error />
        </fieldset>
    }
}

/// Safety-critical symptoms: ticking any makes the booking urgent (先急后缓).
#[component]
pub fn SymptomPicker(selected: RwSignal<Vec<SafetySymptom>>) -> impl IntoView {
    let i18n = use_i18n();
    let options = SafetySymptom::ALL
        .into_iter()
        .map(|symptom| {
            let input_id = format!("symptom-{}", symptom.as_str());
            let label_for = input_id.clone();
            let checked = move || selected.with(|s| s.contains(&symptom));
            view! {
                <label class="choice warning" for=label_for class:chosen=checked>
                    <input
                        type="checkbox"
                        id=input_id
                        prop:checked=checked
                        on:change=move |ev| toggle(selected, symptom, event_target_checked(&ev))
                    />
                    <span class="choice-title">{move || symptom_label(i18n, symptom)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices">
            <legend>{move || t_string!(i18n, booking.symptoms_legend)}</legend>
            <p class="field-hint">{move || t_string!(i18n, booking.symptoms_hint)}</p>
            <div class="choice-grid">{options}</div>
            <Show when=move || !selected.with(Vec::is_empty)>
                <p class="urgent-note" role="status">
                    <span class="badge urgent">{move || t_string!(i18n, booking.urgent)}</span>
                    {move || t_string!(i18n, booking.urgent_explained)}
                </p>
            </Show>
        </fieldset>
    }
}
