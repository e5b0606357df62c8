//! `/bookings/:number/reschedule`: moving a booking to another window before the cut-off.

use crate::api::booking::{move_availability, reschedule_booking};
use crate::domain::booking::{BookingConfirmation, BookingOutcome};
use crate::domain::{AppError, Field, Problem};
use crate::ui::components::{AvailabilityPicker, FormAlert, SubmitButton};
use crate::ui::format::{date_label, window_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::portal::is_customer;
use crate::ui::shell::{send, Guard};
use chrono::{NaiveDate, NaiveTime};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Reschedule() -> impl IntoView {
    view! {
        <Guard allowed=is_customer sign_in="/login">
            <RescheduleForm />
        </Guard>
    }
}

#[component]
fn RescheduleForm() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let grid = Load::new(move || {
        let number = number();
        async move { Some(move_availability(number).await) }
    });
    let window = RwSignal::new(None::<(NaiveDate, NaiveTime)>);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let taken = RwSignal::new(false);
    let done = RwSignal::new(None::<BookingConfirmation>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        taken.set(false);
        let Some((date, start)) = window.get_untracked() else {
            error.set(Some(AppError::invalid(Field::Window, Problem::Required)));
            return;
        };
        send(
            pending,
            error,
            reschedule_booking(number(), date, start),
            move |outcome| match outcome {
                BookingOutcome::Booked(confirmation) => done.set(Some(confirmation)),
                BookingOutcome::WindowFull => {
                    taken.set(true);
                    window.set(None);
                    grid.refetch();
                }
            },
        );
    };

    move || {
        match done.get() {
        Some(c) => view! {
            <section class="card confirmation" role="status">
                <h1>{move || t_string!(i18n, reschedule.done_title)}</h1>
                <p class="mono big">{c.number.as_str().to_owned()}</p>
                <p>{move || format!("{} {}", date_label(i18n, c.date), window_label(c.start, c.end))}</p>
                <a class="btn primary" href="/">{move || t_string!(i18n, nav.my_bookings)}</a>
            </section>
        }
        .into_any(),
        None => view! {
            <h1>{move || t_string!(i18n, reschedule.title)}</h1>
            <p class="muted mono">{number}</p>
            <form on:submit=on_submit novalidate>
                <Show when=move || taken.get()>
                    <div class="alert alert-warning" role="alert">{move || t_string!(i18n, booking.window_taken)}</div>
                </Show>
                <AvailabilityPicker grid=Signal::derive(move || grid.get()) chosen=window error=error />
                <FormAlert error=error fields=&[Field::Window, Field::Date] />
                <div class="submit-bar">
                    <a class="btn" href="/">{move || t_string!(i18n, app.cancel)}</a>
                    <SubmitButton label=Signal::derive(move || t_string!(i18n, reschedule.confirm).to_string()) pending=pending class="btn primary large" />
                </div>
            </form>
        }
        .into_any(),
    }
    }
}
