//! `/staff`: the advisor's day — the outlet's bookings for a chosen day, urgent first then by
//! time, with the customer's own words; arrivals and no-shows are recorded here.

use crate::api::reception::{desk_day_board, mark_arrived, mark_no_show};
use crate::domain::booking::{BookingStatus, Channel, DeskBooking};
use crate::domain::AppError;
use crate::ui::components::{FormAlert, Loading, Notice, Said};
use crate::ui::console::{is_staff, ReceptionOnly};
use crate::ui::errors::error_text;
use crate::ui::format::{
    date_label, list, localized, order_status_label, status_label, symptom_label, window_label,
};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::send;
use crate::ui::shell::Guard;
use chrono::{Duration, Local, NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use leptos_use::use_interval_fn;

#[component]
pub fn DayBoard() -> impl IntoView {
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <ReceptionOnly>
                <Board />
            </ReceptionOnly>
        </Guard>
    }
}

#[component]
fn Board() -> impl IntoView {
    let i18n = use_i18n();
    let today = Local::now().date_naive();
    let day = RwSignal::new(today);
    let typed = RwSignal::new(today.to_string());
    let board = Load::new(move || desk_day_board(day.get()));
    let moves = Load::new(crate::api::outlet_settings::bookings_to_move);
    let error = RwSignal::new(None::<AppError>);
    let notice = RwSignal::new(None::<Said>);
    let go = move |date: NaiveDate| {
        day.set(date);
        typed.set(date.to_string());
        notice.set(None);
        error.set(None);
    };
    let refresh = Callback::new(move |_| board.refetch());
    // New online bookings appear, and buttons follow the clock, without touching the tablet.
    let _ = use_interval_fn(move || board.refetch(), 60_000);
    let outlet_today = move || {
        board
            .get()
            .and_then(Result::ok)
            .map_or(today, |b| b.now.date())
    };

    view! {
        <div class="page-head">
            <div>
                <h1>{move || t_string!(i18n, desk.day_title)}</h1>
                <p class="muted">
                    {move || board.get().and_then(Result::ok).map(|b| localized(i18n, &b.outlet_name))}
                </p>
            </div>
            <a class="btn primary large" href="/staff/phone-booking">{move || t_string!(i18n, nav.phone_booking)}</a>
        </div>
        <div class="day-controls" role="group" aria-label=move || t_string!(i18n, desk.choose_day)>
            <button type="button" class="btn" on:click=move |_| go(day.get_untracked() - Duration::days(1))>
                {move || t_string!(i18n, desk.previous_day)}
            </button>
            <button type="button" class="btn" on:click=move |_| go(outlet_today())>{move || t_string!(i18n, desk.today)}</button>
            <button type="button" class="btn" on:click=move |_| go(day.get_untracked() + Duration::days(1))>
                {move || t_string!(i18n, desk.next_day)}
            </button>
            <div class="field inline">
                <label for="board-date">{move || t_string!(i18n, booking.date)}</label>
                <input
                    id="board-date"
                    type="date"
                    bind:value=typed
                    on:change=move |_| {
                        if let Some(date) = crate::domain::form_time::parse_date_field(&typed.get_untracked()) {
                            go(date);
                        }
                    }
                />
            </div>
            <span class="current-day">{move || date_label(i18n, day.get())}</span>
        </div>
        <Notice message=notice />
        <FormAlert error=error />
        // Bookings a closure, shorter hours or fewer bays left without a place: the desk
        // calls these customers (a closure has texted them already).
        {move || moves.get().and_then(Result::ok).filter(|l| !l.is_empty()).map(|_| view! {
            <section class="card to-move" aria-labelledby="desk-to-move">
                <h2 id="desk-to-move">{move || t_string!(i18n, desk.to_move_title)}</h2>
                <crate::ui::console::BookingsToMoveList moves=moves />
            </section>
        })}
        {move || match board.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(board)) if board.bookings.is_empty() => view! { <p class="empty">{move || t_string!(i18n, desk.no_bookings)}</p> }.into_any(),
            Some(Ok(board)) => {
                let total = board.bookings.len();
                let urgent = board.bookings.iter().filter(|b| b.urgent && b.status == BookingStatus::Booked).count();
                let arrived = board.bookings.iter().filter(|b| b.status == BookingStatus::Arrived).count();
                view! {
                    <p class="board-summary" aria-live="polite">
                        {move || t_string!(i18n, desk.summary, total = total, urgent = urgent, arrived = arrived).to_string()}
                    </p>
                    <ol class="board" aria-label=move || t_string!(i18n, desk.list_label)>
                        {board
                            .bookings
                            .into_iter()
                            .map(|booking| view! { <li><DeskCard booking=booking day=board.date now=board.now error=error notice=notice on_change=refresh /></li> })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn DeskCard(
    booking: DeskBooking,
    day: NaiveDate,
    now: NaiveDateTime,
    error: RwSignal<Option<AppError>>,
    notice: RwSignal<Option<Said>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let confirming_no_show = RwSignal::new(false);
    let number = StoredValue::new(booking.number.as_str().to_owned());
    let status = booking.status;
    // A car already checked in has its work order: the card leads there, and offers nothing
    // that the desk has already done.
    let order = booking.work_order.clone();
    let received = order.is_some();
    // Offer only what the server would accept: arrival on the booked day, no-show once the
    // booked time has begun, by the outlet's clock (the server checks again).
    let active = !received && matches!(status, BookingStatus::Booked | BookingStatus::NoShow);
    let can_arrive = active && day == now.date();
    let can_no_show =
        !received && status == BookingStatus::Booked && day.and_time(booking.start) <= now;
    let arrive = move |_| {
        send(
            pending,
            error,
            mark_arrived(number.get_value()),
            move |_| {
                let number = number.get_value();
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, desk.arrived_notice, number = number.clone()).to_string()
                })));
                on_change.run(());
            },
        )
    };
    let no_show = move |_| {
        send(
            pending,
            error,
            mark_no_show(number.get_value()),
            move |_| {
                confirming_no_show.set(false);
                let number = number.get_value();
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, desk.no_show_notice, number = number.clone()).to_string()
                })));
                on_change.run(());
            },
        )
    };
    let symptoms = booking.symptoms.clone();
    let services = booking.services.clone();
    view! {
        <article class="desk-card" class:urgent=booking.urgent class:done=!active data-testid="desk-booking" aria-label=number.get_value()>
            <div class="desk-time">
                <span class="time">{window_label(booking.start, booking.end)}</span>
                {booking.urgent.then(|| view! { <span class="badge urgent">{move || t_string!(i18n, booking.urgent)}</span> })}
                <span class=format!("badge status-{}", status.as_str())>{move || status_label(i18n, status)}</span>
                {order.clone().map(|o| view! {
                    <span class=format!("badge order-{}", o.status.as_str()) data-testid="order-status">{move || order_status_label(i18n, o.status)}</span>
                })}
            </div>
            <div class="desk-body">
                <p class="desk-customer">
                    <strong>{booking.customer_name.clone()}</strong>
                    " " <span class="phone">{booking.phone_masked.clone()}</span>
                    {(booking.channel == Channel::Desk).then(|| view! { <span class="badge">{move || t_string!(i18n, desk.by_phone)}</span> })}
                </p>
                <p class="desk-car">
                    <span class="plate">{booking.plate.to_string()}</span>
                    " " {booking.car_model.clone()}
                </p>
                <p class="desk-services">{move || list(i18n, services.iter().map(|s| localized(i18n, s)))}</p>
                {(!symptoms.is_empty()).then(|| view! {
                    <p class="symptoms">{move || list(i18n, symptoms.iter().map(|s| symptom_label(i18n, *s)))}</p>
                })}
                {(!booking.description.is_empty()).then(|| view! {
                    <blockquote class="words">
                        <span class="sr-only">{move || t_string!(i18n, desk.customer_words)}</span>
                        {booking.description.clone()}
                    </blockquote>
                })}
                <p class="mono muted">{number.get_value()}</p>
            </div>
            <div class="desk-actions">
                {order.map(|o| view! {
                    <a class="btn primary" href=format!("/staff/orders/{}", o.number.as_str())>
                        {move || t_string!(i18n, desk.open_order)} " " <span class="mono">{o.number.as_str().to_string()}</span>
                    </a>
                })}
                {(!received && day == now.date() && matches!(status, BookingStatus::Booked | BookingStatus::Arrived)).then(|| view! {
                    <a class="btn" href=format!("/staff/check-in?booking={}", number.get_value())>{move || t_string!(i18n, order.check_in)}</a>
                })}
                {can_arrive.then(|| view! {
                    <button type="button" class="btn primary" on:click=arrive disabled=move || pending.get()>
                        {move || t_string!(i18n, desk.mark_arrived)}
                    </button>
                })}
                {can_no_show.then(|| view! {
                    <Show
                        when=move || confirming_no_show.get()
                        fallback=move || view! {
                            <button type="button" class="btn" on:click=move |_| confirming_no_show.set(true)>
                                {move || t_string!(i18n, desk.mark_no_show)}
                            </button>
                        }
                    >
                        <div class="confirm" role="group" aria-label=move || t_string!(i18n, desk.no_show_question)>
                            <span>{move || t_string!(i18n, desk.no_show_question)}</span>
                            <button type="button" class="btn danger" on:click=no_show disabled=move || pending.get()>
                                {move || t_string!(i18n, desk.no_show_confirm)}
                            </button>
                            <button type="button" class="btn" on:click=move |_| confirming_no_show.set(false)>
                                {move || t_string!(i18n, app.cancel)}
                            </button>
                        </div>
                    </Show>
                })}
            </div>
        </article>
    }
}
