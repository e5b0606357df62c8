//! What the portal's booking form and the desk's phone booking share: the draft being filled
//! in, and the steps "services → the problem in the customer's words → time → confirm".

use super::{
    AvailabilityPicker, FormAlert, Loading, ServicePicker, SubmitButton, SymptomPicker, TextField,
};
use crate::api::catalog::list_service_types;
use crate::domain::booking::{parse_description, Availability, BookingRequest, SafetySymptom};
use crate::domain::ids::{CarId, OutletId, ServiceTypeId};
use crate::domain::{AppError, Field, Problem};
use crate::ui::errors::error_text;
use crate::ui::format::{date_label, time_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;

/// The fields both forms show next to something: any other error is a form-level alert.
const DRAFT_FIELDS: &[Field] = &[
    Field::Car,
    Field::Services,
    Field::Description,
    Field::Window,
    Field::Date,
    Field::Plate,
    Field::Model,
    Field::Vin,
    Field::Mileage,
];

/// A booking being filled in.
#[derive(Clone, Copy)]
pub struct Draft {
    pub car: RwSignal<Option<CarId>>,
    pub services: RwSignal<Vec<ServiceTypeId>>,
    pub symptoms: RwSignal<Vec<SafetySymptom>>,
    pub description: RwSignal<String>,
    pub window: RwSignal<Option<(NaiveDate, NaiveTime)>>,
    pub error: RwSignal<Option<AppError>>,
    pub pending: RwSignal<bool>,
    /// Someone took the chosen window first: say so above the grid.
    pub taken: RwSignal<bool>,
}

impl Draft {
    pub fn new(car: Option<CarId>) -> Self {
        Self {
            car: RwSignal::new(car),
            services: RwSignal::new(Vec::new()),
            symptoms: RwSignal::new(Vec::new()),
            description: RwSignal::new(String::new()),
            window: RwSignal::new(None),
            error: RwSignal::new(None),
            pending: RwSignal::new(false),
            taken: RwSignal::new(false),
        }
    }

    /// The request, if everything the form can check is right; otherwise the first problem is
    /// put in `error` (next to its field) and nothing is sent.
    pub fn request(&self, outlet_id: OutletId) -> Option<BookingRequest> {
        self.taken.set(false);
        let checked = match (self.car.get_untracked(), self.window.get_untracked()) {
            (None, _) => Err(AppError::invalid(Field::Car, Problem::Required)),
            _ if self.services.with_untracked(Vec::is_empty) => {
                Err(AppError::invalid(Field::Services, Problem::Required))
            }
            (_, None) => Err(AppError::invalid(Field::Window, Problem::Required)),
            (Some(car_id), Some((date, start))) => {
                parse_description(&self.description.get_untracked()).map(|description| {
                    BookingRequest {
                        outlet_id,
                        car_id,
                        service_ids: self.services.get_untracked(),
                        symptoms: self.symptoms.get_untracked(),
                        description,
                        date,
                        start,
                    }
                })
            }
        };
        checked.map_err(|e| self.error.set(Some(e))).ok()
    }

    /// The window went to someone else: clear the choice and show the fresh grid.
    pub fn window_taken(&self, grid: Load<Option<Result<Availability, AppError>>>) {
        self.taken.set(true);
        self.window.set(None);
        grid.refetch();
    }
}

/// Steps 3 to 5 and the submit bar. `grid` is the availability for the draft's services.
#[component]
pub fn BookingSteps(
    draft: Draft,
    /// The outlet booked at: its services and prices are offered.
    #[prop(into)]
    outlet: Signal<Option<OutletId>>,
    grid: Load<Option<Result<Availability, AppError>>>,
    /// Title of step 4 and the label and hint of the description field.
    #[prop(into)]
    words_title: Signal<String>,
    #[prop(into)] words_label: Signal<String>,
    #[prop(into)] words_hint: Signal<String>,
    #[prop(into)] submit_label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let services = Load::new(move || {
        let outlet = outlet.get();
        async move {
            match outlet {
                Some(outlet) => Some(list_service_types(outlet).await),
                None => None,
            }
        }
    });
    // A new grid (other services, other outlet) forgets the window chosen on the old one.
    Effect::new(move |_| {
        grid.track();
        draft.window.set(None);
    });
    view! {
        <section class="step">
            <h2><span class="step-no">"3"</span>{move || t_string!(i18n, booking.step_services)}</h2>
            {move || match services.get().flatten() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
                Some(Ok(list)) => {
                    // Another outlet may not offer what was chosen at the last one.
                    let offered = |id: &ServiceTypeId| list.services.iter().any(|s| s.id == *id);
                    if !draft.services.with_untracked(|chosen| chosen.iter().all(offered)) {
                        draft.services.update(|chosen| chosen.retain(offered));
                    }
                    view! { <ServicePicker list=list selected=draft.services error=draft.error /> }.into_any()
                }
            }}
        </section>
        <section class="step">
            <h2><span class="step-no">"4"</span>{move || words_title.get()}</h2>
            <TextField
                label=words_label
                id="description"
                value=draft.description
                field=Field::Description
                error=draft.error
                multiline=true
                hint=words_hint
            />
            <SymptomPicker selected=draft.symptoms />
        </section>
        <section class="step">
            <h2><span class="step-no">"5"</span>{move || t_string!(i18n, booking.step_time)}</h2>
            <Show when=move || draft.taken.get()>
                <div class="alert alert-warning" role="alert">{move || t_string!(i18n, booking.window_taken)}</div>
            </Show>
            <AvailabilityPicker grid=Signal::derive(move || grid.get()) chosen=draft.window error=draft.error />
        </section>
        <FormAlert error=draft.error fields=DRAFT_FIELDS />
        <div class="submit-bar">
            <p class="summary" aria-live="polite">
                {move || draft.window.get().map(|(d, s)| format!("{} {}", date_label(i18n, d), time_label(s)))}
            </p>
            <SubmitButton label=submit_label pending=draft.pending class="btn primary large" />
        </div>
    }
}
