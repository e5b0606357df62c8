//! `/book`: the customer books a service — car, outlet, services, their own words and any
//! safety-critical symptom, then a window from the real availability grid.

use crate::api::booking::{book_service, get_availability};
use crate::api::cars::{add_my_car, my_cars};
use crate::api::catalog::list_outlets;
use crate::domain::booking::{BookingConfirmation, BookingOutcome};
use crate::domain::ids::OutletId;
use crate::domain::vehicle::Car;
use crate::ui::components::{BookingSteps, CarPicker, Draft, Loading, OutletPicker};
use crate::ui::errors::error_text;
use crate::ui::format::{date_label, localized, window_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::portal::is_customer;
use crate::ui::shell::{send, Guard};
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
    let saved_cars = Load::new(my_cars);
    let outlets = Load::new(list_outlets);
    let cars = RwSignal::new(Vec::<Car>::new());
    let outlet = RwSignal::new(None::<OutletId>);
    let draft = Draft::new(None);
    let confirmation = RwSignal::new(None::<BookingConfirmation>);

    // The grid follows the outlet and the services.
    let grid = Load::new(move || {
        let outlet = outlet.get();
        let chosen = draft.services.get();
        async move {
            match outlet {
                Some(outlet) if !chosen.is_empty() => Some(get_availability(outlet, chosen).await),
                _ => None,
            }
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(request) = outlet.get_untracked().and_then(|o| draft.request(o)) else {
            return;
        };
        send(
            draft.pending,
            draft.error,
            book_service(request),
            move |outcome| match outcome {
                BookingOutcome::Booked(done) => confirmation.set(Some(done)),
                BookingOutcome::WindowFull => draft.window_taken(grid),
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

    let car_step = move || match saved_cars.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }
                .into_any()
        }
        Some(Ok(list)) => {
            if draft.car.get_untracked().is_none() {
                draft.car.set(list.first().map(|c| c.id));
            }
            cars.set(list);
            view! { <CarPicker cars=cars chosen=draft.car error=draft.error add=add_my_car id_prefix="car" /> }.into_any()
        }
    };

    move || {
        match confirmation.get() {
        Some(done) => view! {
            <section class="card confirmation" role="status">
                <h1>{move || t_string!(i18n, booking.booked_title)}</h1>
                {done.urgent.then(|| view! { <p><span class="badge urgent">{move || t_string!(i18n, booking.urgent)}</span> " " {move || t_string!(i18n, booking.urgent_booked)}</p> })}
                <dl class="facts">
                    <div>
                        <dt>{move || t_string!(i18n, booking.number)}</dt>
                        <dd class="mono big" data-testid="booking-number">{done.number.as_str().to_owned()}</dd>
                    </div>
                    <div>
                        <dt>{move || t_string!(i18n, booking.when)}</dt>
                        <dd>{move || format!("{} {}", date_label(i18n, done.date), window_label(done.start, done.end))}</dd>
                    </div>
                    <div>
                        <dt>{move || t_string!(i18n, booking.outlet)}</dt>
                        <dd>{move || outlet.get().map(outlet_name)}</dd>
                    </div>
                </dl>
                <div class="actions">
                    <a class="btn primary" href="/">{move || t_string!(i18n, nav.my_bookings)}</a>
                </div>
            </section>
        }
        .into_any(),
        None => view! {
            <h1>{move || t_string!(i18n, booking.title)}</h1>
            <form class="booking-form" on:submit=on_submit novalidate>
                <section class="step">
                    <h2><span class="step-no">"1"</span>{move || t_string!(i18n, booking.step_car)}</h2>
                    {car_step}
                </section>
                <section class="step">
                    <h2><span class="step-no">"2"</span>{move || t_string!(i18n, booking.step_outlet)}</h2>
                    <OutletPicker outlets=outlets chosen=outlet />
                </section>
                <BookingSteps
                    draft=draft
                    outlet=outlet
                    grid=grid
                    words_title=Signal::derive(move || t_string!(i18n, booking.step_problem).to_string())
                    words_label=Signal::derive(move || t_string!(i18n, booking.description).to_string())
                    words_hint=Signal::derive(move || t_string!(i18n, booking.description_hint).to_string())
                    submit_label=Signal::derive(move || t_string!(i18n, booking.confirm).to_string())
                />
            </form>
        }
        .into_any(),
    }
    }
}
