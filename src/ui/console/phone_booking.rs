//! `/staff/phone-booking`: the advisor books for a customer who phones in (offline booking):
//! find the customer by mobile number or put them on file, pick or add the car, note the
//! customer's own words and any safety-critical symptom, choose a window, book.

use crate::api::reception::{
    add_customer_car, book_for_customer, create_customer, desk_availability, find_customer,
};
use crate::domain::account::{CustomerCard, Me};
use crate::domain::booking::{BookingConfirmation, BookingOutcome};
use crate::domain::identity::{PersonName, Phone};
use crate::domain::ids::OutletId;
use crate::domain::{AppError, Field};
use crate::ui::components::{BookingSteps, CarPicker, Draft, FormAlert, SubmitButton, TextField};
use crate::ui::console::{is_staff, ReceptionOnly};
use crate::ui::format::{date_label, window_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::session::use_session;
use crate::ui::shell::{send, Guard};
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

/// The customer on the phone: their record, and the number they gave (desk requests name
/// the customer by it).
#[derive(Clone)]
struct Caller {
    card: CustomerCard,
    phone: String,
}

#[component]
fn PhoneBookingFlow() -> impl IntoView {
    let i18n = use_i18n();
    let customer = RwSignal::new(None::<Caller>);
    let done = RwSignal::new(None::<(BookingConfirmation, String)>);
    let start_over = move |_| {
        customer.set(None);
        done.set(None);
    };
    move || {
        match (done.get(), customer.get()) {
        (Some((confirmation, name)), _) => view! {
            <section class="card confirmation" role="status">
                <h1>{move || t_string!(i18n, desk.booked_title)}</h1>
                <p>{move || t_string!(i18n, desk.booked_for, name = name.clone()).to_string()}</p>
                <p class="mono big" data-testid="booking-number">{confirmation.number.as_str().to_owned()}</p>
                <p>{move || format!("{} {}", date_label(i18n, confirmation.date), window_label(confirmation.start, confirmation.end))}</p>
                {confirmation.urgent.then(|| view! { <p><span class="badge urgent">{move || t_string!(i18n, booking.urgent)}</span></p> })}
                <div class="actions">
                    <a class="btn primary" href="/staff">{move || t_string!(i18n, nav.day_board)}</a>
                    <button type="button" class="btn" on:click=start_over>{move || t_string!(i18n, desk.book_another)}</button>
                </div>
            </section>
        }
        .into_any(),
        (None, None) => view! {
            <h1>{move || t_string!(i18n, desk.phone_title)}</h1>
            <FindCustomer found=customer />
        }
        .into_any(),
        (None, Some(caller)) => view! {
            <h1>{move || t_string!(i18n, desk.phone_title)}</h1>
            <DeskBookingForm caller=caller customer=customer done=done />
        }
        .into_any(),
    }
    }
}

/// Step 1: the caller's mobile number; if unknown, their name to put them on file.
#[component]
fn FindCustomer(found: RwSignal<Option<Caller>>) -> impl IntoView {
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
                Some(card) => found.set(Some(Caller {
                    card,
                    phone: phone.get_untracked(),
                })),
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
            move |card| {
                found.set(Some(Caller {
                    card,
                    phone: phone.get_untracked(),
                }))
            },
        );
    };

    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, desk.find_title)}</h2>
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
                    <p role="status">{move || t_string!(i18n, desk.not_found)}</p>
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
    caller: Caller,
    customer: RwSignal<Option<Caller>>,
    done: RwSignal<Option<(BookingConfirmation, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Caller { card, phone } = caller;
    let phone = StoredValue::new(phone);
    let cars = RwSignal::new(card.cars.clone());
    let draft = Draft::new(card.cars.first().map(|c| c.id));
    let customer_name = card.name.clone();
    // The desk books at the outlet the advisor works in.
    let session = use_session();
    let desk_outlet = Signal::derive(move || match session.me.get() {
        Some(Me::Staff { outlet, .. }) => outlet.map(|o| o.id),
        _ => None,
    });

    let grid = Load::new(move || {
        let chosen = draft.services.get();
        async move {
            if chosen.is_empty() {
                None
            } else {
                Some(desk_availability(chosen).await)
            }
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // The server books at the advisor's own outlet whatever is sent here.
        let Some(request) = draft.request(OutletId(0)) else {
            return;
        };
        let name = customer_name.clone();
        send(
            draft.pending,
            draft.error,
            book_for_customer(phone.get_value(), request),
            move |outcome| match outcome {
                BookingOutcome::Booked(confirmation) => done.set(Some((confirmation, name))),
                BookingOutcome::WindowFull => draft.window_taken(grid),
            },
        );
    };

    view! {
        <section class="card customer-card" aria-label=move || t_string!(i18n, desk.customer)>
            <div>
                <strong>{card.name.clone()}</strong>
                " " <span class="phone">{card.phone_masked.clone()}</span>
                {(!card.has_portal_account).then(|| view! { <span class="badge">{move || t_string!(i18n, desk.no_portal_account)}</span> })}
            </div>
            <button type="button" class="btn ghost" on:click=move |_| customer.set(None)>{move || t_string!(i18n, desk.other_customer)}</button>
        </section>
        <form class="booking-form" on:submit=on_submit novalidate>
            <section class="step">
                <h2><span class="step-no">"2"</span>{move || t_string!(i18n, booking.step_car)}</h2>
                <CarPicker
                    cars=cars
                    chosen=draft.car
                    error=draft.error
                    add=move |form| add_customer_car(phone.get_value(), form)
                    id_prefix="desk-car"
                />
            </section>
            <BookingSteps
                draft=draft
                outlet=desk_outlet
                grid=grid
                words_title=Signal::derive(move || t_string!(i18n, desk.step_words).to_string())
                words_label=Signal::derive(move || t_string!(i18n, desk.customer_words).to_string())
                words_hint=Signal::derive(move || t_string!(i18n, desk.customer_words_hint).to_string())
                submit_label=Signal::derive(move || t_string!(i18n, desk.book_now).to_string())
            />
        </form>
    }
}
