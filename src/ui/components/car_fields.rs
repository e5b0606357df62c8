//! The four fields that describe a car. The parent form owns the values and the submit.

use crate::domain::vehicle::CarForm;
use crate::domain::{AppError, Field};
use crate::ui::components::TextField;
use crate::ui::i18n::*;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct CarValues {
    pub plate: RwSignal<String>,
    pub model: RwSignal<String>,
    pub vin: RwSignal<String>,
    pub mileage: RwSignal<String>,
}

impl CarValues {
    pub fn new() -> Self {
        Self {
            plate: RwSignal::new(String::new()),
            model: RwSignal::new(String::new()),
            vin: RwSignal::new(String::new()),
            mileage: RwSignal::new(String::new()),
        }
    }

    pub fn form(&self) -> CarForm {
        CarForm {
            plate: self.plate.get_untracked(),
            model: self.model.get_untracked(),
            vin: self.vin.get_untracked(),
            mileage_km: self.mileage.get_untracked(),
        }
    }

    pub fn clear(&self) {
        for value in [self.plate, self.model, self.vin, self.mileage] {
            value.set(String::new());
        }
    }
}

impl Default for CarValues {
    fn default() -> Self {
        Self::new()
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
