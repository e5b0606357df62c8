//! `/book`: the customer books a service — car, outlet, services, their own words and any
//! safety-critical symptom, then a window from the real availability grid.

use crate::api::booking::{book_service, get_availability};
use crate::api::cars::{add_my_car, my_cars};
use crate::api::catalog::{list_outlets, list_service_types};
use crate::domain::booking::{
    parse_description, BookingConfirmation, BookingOutcome, BookingRequest, SafetySymptom,
};
use crate::domain::ids::{CarId, OutletId, ServiceTypeId};
use crate::domain::vehicle::Car;
use crate::domain::{AppError, Field, Problem};
use crate::ui::components::{
    AvailabilityPicker, CarFields, CarValues, FieldError, FormAlert, Loading, ServicePicker,
    SubmitButton, SymptomPicker, TextField,
};
use crate::ui::errors::error_text;
use crate::ui::format::{date_label, localized, window_label};
use crate::ui::i18n::*;
use crate::ui::pages::customer::is_customer;
use crate::ui::pages::{send, Guard};
use chrono::{NaiveDate, NaiveTime};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn BookService() -> impl IntoView {
    view! {
        <Guard allowed=is_customer sign_in="/login">
            <BookingForm />
        </Guard>
    }
}

#[component]
fn BookingForm() -> impl IntoView {
    let i18n = use_i18n();
    let cars = LocalResource::new(my_cars);
    let outlets = LocalResource::new(list_outlets);
    let services = LocalResource::new(list_service_types);

    let car = RwSignal::new(None::<CarId>);
    let outlet = RwSignal::new(None::<OutletId>);
    let chosen_services = RwSignal::new(Vec::<ServiceTypeId>::new());
    let symptoms = RwSignal::new(Vec::<SafetySymptom>::new());
    let description = RwSignal::new(String::new());
    let window = RwSignal::new(None::<(NaiveDate, NaiveTime)>);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let taken = RwSignal::new(false);
    let confirmation = RwSignal::new(None::<BookingConfirmation>);

    // The grid follows the outlet and the services; a new grid forgets the old choice.
    let availability = LocalResource::new(move || {
        let outlet = outlet.get();
        let chosen = chosen_services.get();
        async move {
            match outlet {
                Some(outlet) if !chosen.is_empty() => Some(get_availability(outlet, chosen).await),
                _ => None,
            }
        }
    });
    Effect::new(move |_| {
        availability.track();
        window.set(None);
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        taken.set(false);
        let missing = if car.get_untracked().is_none() {
            Some(Field::Car)
        } else if chosen_services.with_untracked(Vec::is_empty) {
            Some(Field::Services)
        } else if window.get_untracked().is_none() {
            Some(Field::Window)
        } else {
            None
        };
        if let Some(field) = missing {
            error.set(Some(AppError::invalid(field, Problem::Required)));
            return;
        }
        if let Err(e) = parse_description(&description.get_untracked()) {
            error.set(Some(e));
            return;
        }
        let (Some(car_id), Some(outlet_id), Some((date, start))) = (
            car.get_untracked(),
            outlet.get_untracked(),
            window.get_untracked(),
        ) else {
            return;
        };
        let request = BookingRequest {
            outlet_id,
            car_id,
            service_ids: chosen_services.get_untracked(),
            symptoms: symptoms.get_untracked(),
            description: description.get_untracked(),
            date,
            start,
        };
        send(
            pending,
            error,
            book_service(request),
            move |outcome| match outcome {
                BookingOutcome::Booked(done) => confirmation.set(Some(done)),
                BookingOutcome::WindowFull => {
                    taken.set(true);
                    availability.refetch();
                }
            },
        );
    };

    let outlet_name = move |id: OutletId| {
        outlets
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.into_iter().find(|o| o.id == id))
            .map(|o| localized(i18n, &o.name))
            .unwrap_or_default()
    };

    let form = move || {
        view! {
            <form class="booking-form" on:submit=on_submit novalidate>
                <section class="step">
                    <h2><span class="step-no">"1"</span>{t!(i18n, booking.step_car)}</h2>
                    <CarChooser cars=cars chosen=car error=error />
                </section>
                <section class="step">
                    <h2><span class="step-no">"2"</span>{t!(i18n, booking.step_outlet)}</h2>
                    {move || match outlets.get() {
                        None => view! { <Loading /> }.into_any(),
                        Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
                        Some(Ok(list)) => {
                            if outlet.get_untracked().is_none() {
                                outlet.set(list.first().map(|o| o.id));
                            }
                            view! {
                                <div class="field">
                                    <label for="outlet">{t!(i18n, booking.outlet)}</label>
                                    <select
                                        id="outlet"
                                        on:change=move |ev| outlet.set(event_target_value(&ev).parse().ok().map(OutletId))
                                    >
                                        {list
                                            .into_iter()
                                            .map(|o| {
                                                let id = o.id;
                                                let name = o.name.clone();
                                                let address = o.address.clone();
                                                view! {
                                                    <option value=id.0.to_string() selected=move || outlet.get() == Some(id)>
                                                        {move || format!("{} — {}", localized(i18n, &name), localized(i18n, &address))}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                            }
                            .into_any()
                        }
                    }}
                </section>
                <section class="step">
                    <h2><span class="step-no">"3"</span>{t!(i18n, booking.step_services)}</h2>
                    {move || match services.get() {
                        None => view! { <Loading /> }.into_any(),
                        Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
                        Some(Ok(list)) => view! { <ServicePicker services=list selected=chosen_services error=error /> }.into_any(),
                    }}
                </section>
                <section class="step">
                    <h2><span class="step-no">"4"</span>{t!(i18n, booking.step_problem)}</h2>
                    <TextField
                        label=Signal::derive(move || t_string!(i18n, booking.description).to_string())
                        id="description"
                        value=description
                        field=Field::Description
                        error=error
                        multiline=true
                        hint=Signal::derive(move || t_string!(i18n, booking.description_hint).to_string())
                    />
                    <SymptomPicker selected=symptoms />
                </section>
                <section class="step">
                    <h2><span class="step-no">"5"</span>{t!(i18n, booking.step_time)}</h2>
                    <Show when=move || taken.get()>
                        <div class="alert alert-warning" role="alert">{t!(i18n, booking.window_taken)}</div>
                    </Show>
                    <AvailabilityPicker grid=Signal::derive(move || availability.get()) chosen=window error=error />
                </section>
                <FormAlert error=error fields=&[Field::Car, Field::Services, Field::Description, Field::Window, Field::Date, Field::Plate, Field::Model, Field::Vin, Field::Mileage] />
                <div class="submit-bar">
                    <p class="summary" aria-live="polite">
                        {move || window.get().map(|(d, s)| format!("{} {}", date_label(i18n, d), s.format("%H:%M")))}
                    </p>
                    <SubmitButton label=Signal::derive(move || t_string!(i18n, booking.confirm).to_string()) pending=pending class="btn primary large" />
                </div>
            </form>
        }
    };

    move || {
        match confirmation.get() {
        Some(done) => view! {
            <section class="card confirmation" role="status">
                <h1>{t!(i18n, booking.booked_title)}</h1>
                {done.urgent.then(|| view! { <p><span class="badge urgent">{t!(i18n, booking.urgent)}</span> " " {t!(i18n, booking.urgent_booked)}</p> })}
                <dl class="facts">
                    <div>
                        <dt>{t!(i18n, booking.number)}</dt>
                        <dd class="mono big" data-testid="booking-number">{done.number.as_str().to_owned()}</dd>
                    </div>
                    <div>
                        <dt>{t!(i18n, booking.when)}</dt>
                        <dd>{move || format!("{} {}", date_label(i18n, done.date), window_label(done.start, done.end))}</dd>
                    </div>
                    <div>
                        <dt>{t!(i18n, booking.outlet)}</dt>
                        <dd>{move || outlet.get().map(outlet_name)}</dd>
                    </div>
                </dl>
                <div class="actions">
                    <a class="btn primary" href="/">{t!(i18n, nav.my_bookings)}</a>
                </div>
            </section>
        }
        .into_any(),
        None => view! {
            <h1>{t!(i18n, booking.title)}</h1>
            {form()}
        }
        .into_any(),
    }
    }
}

/// Picks one of the customer's cars, or adds one (the only way when they have none yet).
#[component]
fn CarChooser(
    cars: LocalResource<Result<Vec<Car>, AppError>>,
    chosen: RwSignal<Option<CarId>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let adding = RwSignal::new(false);
    let values = CarValues::new();
    let pending = RwSignal::new(false);
    let save = move |_| {
        if let Err(e) = values.form().parse() {
            error.set(Some(e));
            return;
        }
        send(
            pending,
            error,
            add_my_car(values.form()),
            move |car: Car| {
                chosen.set(Some(car.id));
                values.clear();
                adding.set(false);
                cars.refetch();
            },
        );
    };
    move || match cars.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }
                .into_any()
        }
        Some(Ok(list)) => {
            if chosen.get_untracked().is_none() {
                chosen.set(list.first().map(|c| c.id));
            }
            let no_cars = list.is_empty();
            let show_form = move || adding.get() || no_cars;
            let options = list
                .iter()
                .map(|c| {
                    let id = c.id;
                    let input_id = format!("car-{}", id.0);
                    let label_for = input_id.clone();
                    view! {
                        <label class="choice" for=label_for class:chosen=move || chosen.get() == Some(id)>
                            <input type="radio" name="car" id=input_id prop:checked=move || chosen.get() == Some(id) on:change=move |_| chosen.set(Some(id)) />
                            <span class="choice-text">
                                <span class="choice-title plate">{c.plate.to_string()}</span>
                                <span class="choice-detail">{c.model.clone()}</span>
                            </span>
                        </label>
                    }
                })
                .collect_view();
            let has_cars = !list.is_empty();
            view! {
                <fieldset class="choices" aria-describedby="car-error">
                    <legend>{t!(i18n, booking.car)}</legend>
                    <div class="choice-grid">{options}</div>
                    <FieldError id="car-error" field=Field::Car error=error />
                </fieldset>
                <Show
                    when=show_form
                    fallback=move || view! {
                        <button type="button" class="btn" on:click=move |_| adding.set(true)>{t!(i18n, car.add_another)}</button>
                    }
                >
                    <div class="subform" role="group" aria-label=move || t_string!(i18n, car.add_title)>
                        <h3>{t!(i18n, car.add_title)}</h3>
                        <CarFields values=values error=error id_prefix="car" />
                        <div class="actions">
                            <button type="button" class="btn primary" on:click=save disabled=move || pending.get()>
                                {t!(i18n, car.save)}
                            </button>
                            {has_cars.then(|| view! {
                                <button type="button" class="btn" on:click=move |_| adding.set(false)>{t!(i18n, app.cancel)}</button>
                            })}
                        </div>
                    </div>
                </Show>
            }
            .into_any()
        }
    }
}
