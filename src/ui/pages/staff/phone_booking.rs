//! `/staff/phone-booking`: the advisor books for a customer who phones in (offline booking):
//! find the customer by mobile number or put them on file, pick or add the car, note the
//! customer's own words and any safety-critical symptom, choose a window, book.

use crate::api::catalog::list_service_types;
use crate::api::reception::{
    add_customer_car, book_for_customer, create_customer, desk_availability, find_customer,
};
use crate::domain::account::CustomerCard;
use crate::domain::booking::{
    parse_description, BookingConfirmation, BookingOutcome, BookingRequest, SafetySymptom,
};
use crate::domain::identity::{PersonName, Phone};
use crate::domain::ids::{CarId, OutletId, ServiceTypeId};
use crate::domain::vehicle::Car;
use crate::domain::{AppError, Field, Problem};
use crate::ui::components::{
    AvailabilityPicker, CarFields, CarValues, FieldError, FormAlert, Loading, ServicePicker,
    SubmitButton, SymptomPicker, TextField,
};
use crate::ui::errors::error_text;
use crate::ui::format::{date_label, window_label};
use crate::ui::i18n::*;
use crate::ui::pages::staff::{is_staff, ReceptionOnly};
use crate::ui::pages::{send, Guard};
use chrono::{NaiveDate, NaiveTime};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn PhoneBooking() -> impl IntoView {
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <ReceptionOnly>
                <PhoneBookingFlow />
            </ReceptionOnly>
        </Guard>
    }
}

#[component]
fn PhoneBookingFlow() -> impl IntoView {
    let i18n = use_i18n();
    let customer = RwSignal::new(None::<CustomerCard>);
    let done = RwSignal::new(None::<(BookingConfirmation, String)>);
    let start_over = move |_| {
        customer.set(None);
        done.set(None);
    };
    move || {
        match (done.get(), customer.get()) {
        (Some((confirmation, name)), _) => view! {
            <section class="card confirmation" role="status">
                <h1>{t!(i18n, desk.booked_title)}</h1>
                <p>{move || t_string!(i18n, desk.booked_for, name = name.clone()).to_string()}</p>
                <p class="mono big" data-testid="booking-number">{confirmation.number.as_str().to_owned()}</p>
                <p>{move || format!("{} {}", date_label(i18n, confirmation.date), window_label(confirmation.start, confirmation.end))}</p>
                {confirmation.urgent.then(|| view! { <p><span class="badge urgent">{t!(i18n, booking.urgent)}</span></p> })}
                <div class="actions">
                    <a class="btn primary" href="/staff">{t!(i18n, nav.day_board)}</a>
                    <button type="button" class="btn" on:click=start_over>{t!(i18n, desk.book_another)}</button>
                </div>
            </section>
        }
        .into_any(),
        (None, None) => view! {
            <h1>{t!(i18n, desk.phone_title)}</h1>
            <FindCustomer found=customer />
        }
        .into_any(),
        (None, Some(card)) => view! {
            <h1>{t!(i18n, desk.phone_title)}</h1>
            <DeskBookingForm card=card customer=customer done=done />
        }
        .into_any(),
    }
    }
}

/// Step 1: the caller's mobile number; if unknown, their name to put them on file.
#[component]
fn FindCustomer(found: RwSignal<Option<CustomerCard>>) -> impl IntoView {
    let i18n = use_i18n();
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let unknown = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);

    let on_find = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Err(problem) = Phone::parse(&phone.get_untracked()) {
            error.set(Some(AppError::invalid(Field::Phone, problem)));
            return;
        }
        send(
            pending,
            error,
            find_customer(phone.get_untracked()),
            move |card| match card {
                Some(card) => found.set(Some(card)),
                None => unknown.set(true),
            },
        );
    };
    let on_create = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Err(problem) = PersonName::parse(&name.get_untracked()) {
            error.set(Some(AppError::invalid(Field::Name, problem)));
            return;
        }
        send(
            pending,
            error,
            create_customer(phone.get_untracked(), name.get_untracked()),
            move |card| found.set(Some(card)),
        );
    };

    view! {
        <section class="card">
            <h2>{t!(i18n, desk.find_title)}</h2>
            <form on:submit=on_find novalidate class="inline-form">
                <TextField
                    label=Signal::derive(move || t_string!(i18n, desk.caller_phone).to_string())
                    id="caller-phone"
                    value=phone
                    field=Field::Phone
                    error=error
                    input_type="tel"
                    inputmode="tel"
                    autocomplete="off"
                    required=true
                />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, desk.find).to_string()) pending=pending />
            </form>
            <Show when=move || unknown.get()>
                <form on:submit=on_create novalidate class="subform">
                    <p role="status">{t!(i18n, desk.not_found)}</p>
                    <TextField
                        label=Signal::derive(move || t_string!(i18n, desk.caller_name).to_string())
                        id="caller-name"
                        value=name
                        field=Field::Name
                        error=error
                        autocomplete="off"
                        required=true
                    />
                    <SubmitButton label=Signal::derive(move || t_string!(i18n, desk.create_customer).to_string()) pending=pending />
                </form>
            </Show>
            <FormAlert error=error fields=&[Field::Phone, Field::Name] />
        </section>
    }
}

/// Steps 2–5 for a known customer.
#[component]
fn DeskBookingForm(
    card: CustomerCard,
    customer: RwSignal<Option<CustomerCard>>,
    done: RwSignal<Option<(BookingConfirmation, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let services = LocalResource::new(list_service_types);
    let cars = RwSignal::new(card.cars.clone());
    let car = RwSignal::new(card.cars.first().map(|c| c.id));
    let chosen_services = RwSignal::new(Vec::<ServiceTypeId>::new());
    let symptoms = RwSignal::new(Vec::<SafetySymptom>::new());
    let description = RwSignal::new(String::new());
    let window = RwSignal::new(None::<(NaiveDate, NaiveTime)>);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let taken = RwSignal::new(false);
    let adding = RwSignal::new(card.cars.is_empty());
    let values = CarValues::new();
    let saving_car = RwSignal::new(false);
    let customer_id = card.id;
    let customer_name = card.name.clone();

    let availability = LocalResource::new(move || {
        let chosen = chosen_services.get();
        async move {
            if chosen.is_empty() {
                None
            } else {
                Some(desk_availability(chosen).await)
            }
        }
    });
    Effect::new(move |_| {
        availability.track();
        window.set(None);
    });

    let save_car = move |_| {
        if let Err(e) = values.form().parse() {
            error.set(Some(e));
            return;
        }
        send(
            saving_car,
            error,
            add_customer_car(customer_id, values.form()),
            move |new_car: Car| {
                car.set(Some(new_car.id));
                cars.update(|list| list.push(new_car));
                values.clear();
                adding.set(false);
            },
        );
    };

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
        let (Some(car_id), Some((date, start))) = (car.get_untracked(), window.get_untracked())
        else {
            return;
        };
        // The server books at the advisor's own outlet whatever is sent here.
        let request = BookingRequest {
            outlet_id: OutletId(0),
            car_id,
            service_ids: chosen_services.get_untracked(),
            symptoms: symptoms.get_untracked(),
            description: description.get_untracked(),
            date,
            start,
        };
        let name = customer_name.clone();
        send(
            pending,
            error,
            book_for_customer(customer_id, request),
            move |outcome| match outcome {
                BookingOutcome::Booked(confirmation) => done.set(Some((confirmation, name))),
                BookingOutcome::WindowFull => {
                    taken.set(true);
                    availability.refetch();
                }
            },
        );
    };

    let car_options = move || {
        cars.get()
            .into_iter()
            .map(|c| {
                let id: CarId = c.id;
                let input_id = format!("desk-car-{}", id.0);
                let label_for = input_id.clone();
                view! {
                    <label class="choice" for=label_for class:chosen=move || car.get() == Some(id)>
                        <input type="radio" name="desk-car" id=input_id prop:checked=move || car.get() == Some(id) on:change=move |_| car.set(Some(id)) />
                        <span class="choice-text">
                            <span class="choice-title plate">{c.plate.to_string()}</span>
                            <span class="choice-detail">{c.model.clone()}</span>
                        </span>
                    </label>
                }
            })
            .collect_view()
    };

    view! {
        <section class="card customer-card" aria-label=move || t_string!(i18n, desk.customer)>
            <div>
                <strong>{card.name.clone()}</strong>
                " " <span class="phone">{card.phone_masked.clone()}</span>
                {(!card.has_portal_account).then(|| view! { <span class="badge">{t!(i18n, desk.no_portal_account)}</span> })}
            </div>
            <button type="button" class="btn ghost" on:click=move |_| customer.set(None)>{t!(i18n, desk.other_customer)}</button>
        </section>
        <form class="booking-form" on:submit=on_submit novalidate>
            <section class="step">
                <h2><span class="step-no">"2"</span>{t!(i18n, booking.step_car)}</h2>
                <fieldset class="choices" aria-describedby="desk-car-error">
                    <legend>{t!(i18n, booking.car)}</legend>
                    <div class="choice-grid">{car_options}</div>
                    <FieldError id="desk-car-error" field=Field::Car error=error />
                </fieldset>
                <Show
                    when=move || adding.get()
                    fallback=move || view! { <button type="button" class="btn" on:click=move |_| adding.set(true)>{t!(i18n, car.add_another)}</button> }
                >
                    <div class="subform" role="group" aria-label=move || t_string!(i18n, car.add_title)>
                        <h3>{t!(i18n, car.add_title)}</h3>
                        <CarFields values=values error=error id_prefix="desk-car" />
                        <div class="actions">
                            <button type="button" class="btn primary" on:click=save_car disabled=move || saving_car.get()>{t!(i18n, car.save)}</button>
                        </div>
                    </div>
                </Show>
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
                <h2><span class="step-no">"4"</span>{t!(i18n, desk.step_words)}</h2>
                <TextField
                    label=Signal::derive(move || t_string!(i18n, desk.customer_words).to_string())
                    id="description"
                    value=description
                    field=Field::Description
                    error=error
                    multiline=true
                    hint=Signal::derive(move || t_string!(i18n, desk.customer_words_hint).to_string())
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
                <SubmitButton label=Signal::derive(move || t_string!(i18n, desk.book_now).to_string()) pending=pending class="btn primary large" />
            </div>
        </form>
    }
}
