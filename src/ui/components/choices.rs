//! Choosing services and ticking safety-critical symptoms.

use crate::domain::booking::SafetySymptom;
use crate::domain::catalog::{Outlet, PriceList};
use crate::domain::ids::{OutletId, ServiceTypeId};
use crate::domain::{AppError, Field};
use crate::ui::components::{FieldError, Loading};
use crate::ui::errors::error_text;
use crate::ui::format::{duration_label, localized, price_label, symptom_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use leptos::prelude::*;

fn toggle<T: PartialEq + Copy + Send + Sync + 'static>(list: RwSignal<Vec<T>>, item: T, on: bool) {
    list.update(|items| {
        items.retain(|x| *x != item);
        if on {
            items.push(item);
        }
    });
}

/// Check boxes of what the outlet offers, with each service's duration and published price.
#[component]
pub fn ServicePicker(
    list: PriceList,
    selected: RwSignal<Vec<ServiceTypeId>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rate = list.labour_rate;
    let options = list
        .services
        .into_iter()
        .map(|service| {
            let id = service.id;
            let input_id = format!("service-{}", service.code);
            let label_for = input_id.clone();
            let checked = move || selected.with(|s| s.contains(&id));
            let name = service.name.clone();
            let minutes = service.duration_minutes;
            let price = service.published_price(rate);
            let detail = move || {
                format!(
                    "{} · {}",
                    duration_label(i18n, minutes),
                    price_label(i18n, price)
                )
            };
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
                        <span class="choice-detail">{detail}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices" aria-describedby="services-error">
            <legend>{move || t_string!(i18n, booking.services_legend)}</legend>
            <p class="hint">{move || t_string!(i18n, booking.price_note, rate = rate.to_string())}</p>
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

/// The outlets to choose from (the portal's booking form and price list): a select showing each
/// outlet's name and address, the first chosen once the list is in.
#[component]
pub fn OutletPicker(
    /// `list_outlets`' answer, which the page may read too.
    outlets: Load<Result<Vec<Outlet>, AppError>>,
    chosen: RwSignal<Option<OutletId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match outlets.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }
                .into_any()
        }
        Some(Ok(list)) => {
            if chosen.get_untracked().is_none() {
                chosen.set(list.first().map(|o| o.id));
            }
            let options = list
                .into_iter()
                .map(|o| {
                    let id = o.id;
                    view! {
                        <option value=id.0.to_string() selected=move || chosen.get() == Some(id)>
                            {move || format!("{} — {}", localized(i18n, &o.name), localized(i18n, &o.address))}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for="outlet">{move || t_string!(i18n, booking.outlet)}</label>
                    <select id="outlet" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok().map(OutletId))>
                        {options}
                    </select>
                </div>
            }
            .into_any()
        }
    }
}
