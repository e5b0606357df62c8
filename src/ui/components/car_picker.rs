//! Choosing one of the customer's cars, or adding one (the only way when they have none yet):
//! the same piece on the portal and at the desk, each with its own server call to add.

use crate::domain::ids::CarId;
use crate::domain::vehicle::{Car, CarForm};
use crate::domain::{AppError, Field};
use crate::ui::components::{FieldError, TextField};
use crate::ui::i18n::*;
use crate::ui::shell::send;
use leptos::prelude::*;
use std::future::Future;

/// The customer's cars as radio buttons, and the add-a-car form. `add` stores a new car; on
/// success it is chosen and added to `cars`.
#[component]
pub fn CarPicker<Add, Fut>(
    cars: RwSignal<Vec<Car>>,
    chosen: RwSignal<Option<CarId>>,
    error: RwSignal<Option<AppError>>,
    add: Add,
    id_prefix: &'static str,
) -> impl IntoView
where
    Add: Fn(CarForm) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Car, AppError>> + 'static,
{
    let i18n = use_i18n();
    let adding = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let values = CarValues::new();
    let save = move |_| {
        if let Err(e) = values.form().parse() {
            error.set(Some(e));
            return;
        }
        send(saving, error, add(values.form()), move |car: Car| {
            chosen.set(Some(car.id));
            cars.update(|list| list.push(car));
            values.clear();
            adding.set(false);
        });
    };
    let show_form = move || adding.get() || cars.with(Vec::is_empty);
    let options = move || {
        cars.get()
            .into_iter()
            .map(|car| {
                let id = car.id;
                let input_id = format!("{id_prefix}-{}", id.0);
                let label_for = input_id.clone();
                view! {
                    <label class="choice" for=label_for class:chosen=move || chosen.get() == Some(id)>
                        <input
                            type="radio"
                            name=id_prefix
                            id=input_id
                            prop:checked=move || chosen.get() == Some(id)
                            on:change=move |_| chosen.set(Some(id))
                        />
                        <span class="choice-text">
                            <span class="choice-title plate">{car.plate.to_string()}</span>
                            <span class="choice-detail">{car.model.clone()}</span>
                        </span>
                    </label>
                }
            })
            .collect_view()
    };
    let error_id = format!("{id_prefix}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset class="choices" aria-describedby=described_by>
            <legend>{move || t_string!(i18n, booking.car)}</legend>
            <div class="choice-grid">{options}</div>
            <FieldError id=error_id field=Field::Car error=error />
        </fieldset>
        <Show
            when=show_form
            fallback=move || view! {
                <button type="button" class="btn" on:click=move |_| adding.set(true)>{move || t_string!(i18n, car.add_another)}</button>
            }
        >
            <div class="subform" role="group" aria-label=move || t_string!(i18n, car.add_title)>
                <h3>{move || t_string!(i18n, car.add_title)}</h3>
                <CarFields values=values error=error id_prefix=id_prefix />
                <div class="actions">
                    <button type="button" class="btn primary" on:click=save disabled=move || saving.get()>
                        {move || t_string!(i18n, car.save)}
                    </button>
                    <Show when=move || !cars.with(Vec::is_empty)>
                        <button type="button" class="btn" on:click=move |_| adding.set(false)>{move || t_string!(i18n, app.cancel)}</button>
                    </Show>
                </div>
            </div>
        </Show>
    }
}

/// The add-a-car form's values, kept while the form is open.
#[derive(Clone, Copy)]
pub(super) struct CarValues {
    pub plate: RwSignal<String>,
    pub model: RwSignal<String>,
    pub vin: RwSignal<String>,
    pub mileage: RwSignal<String>,
}

impl CarValues {
    fn new() -> Self {
        Self {
            plate: RwSignal::new(String::new()),
            model: RwSignal::new(String::new()),
            vin: RwSignal::new(String::new()),
            mileage: RwSignal::new(String::new()),
        }
    }

    fn form(&self) -> CarForm {
        CarForm {
            plate: self.plate.get_untracked(),
            model: self.model.get_untracked(),
            vin: self.vin.get_untracked(),
            mileage_km: self.mileage.get_untracked(),
        }
    }

    fn clear(&self) {
        for value in [self.plate, self.model, self.vin, self.mileage] {
            value.set(String::new());
        }
    }
}

#[component]
pub fn CarFields(
    values: CarValues,
    error: RwSignal<Option<AppError>>,
    id_prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = move |suffix: &str| format!("{id_prefix}-{suffix}");
    view! {
        <div class="field-row">
            <TextField
                label=Signal::derive(move || t_string!(i18n, car.plate).to_string())
                id=id("plate")
                value=values.plate
                field=Field::Plate
                error=error
                required=true
                autocomplete="off"
                hint=Signal::derive(move || t_string!(i18n, car.plate_hint).to_string())
            />
            <TextField
                label=Signal::derive(move || t_string!(i18n, car.model).to_string())
                id=id("model")
                value=values.model
                field=Field::Model
                error=error
                required=true
                hint=Signal::derive(move || t_string!(i18n, car.model_hint).to_string())
            />
        </div>
        <div class="field-row">
            <TextField
                label=Signal::derive(move || t_string!(i18n, car.mileage).to_string())
                id=id("mileage")
                value=values.mileage
                field=Field::Mileage
                error=error
                required=true
                inputmode="numeric"
            />
            <TextField
                label=Signal::derive(move || t_string!(i18n, car.vin).to_string())
                id=id("vin")
                value=values.vin
                field=Field::Vin
                error=error
                autocomplete="off"
                hint=Signal::derive(move || t_string!(i18n, car.vin_hint).to_string())
            />
        </div>
    }
}
