//! `/`: for visitors, what the portal offers; for a signed-in customer, their repairs, their
//! cars (each opening its file) and their bookings with what they may still change.

use crate::api::booking::{cancel_booking, my_bookings};
use crate::domain::booking::{BookingStatus, CustomerBooking};
use crate::domain::AppError;
use crate::ui::components::{FormAlert, Loading, Notice, Said};
use crate::ui::errors::error_text;
use crate::ui::format::{
    date_label, list, localized, order_status_label, status_label, symptom_label, time_label,
    window_label,
};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::session::use_session;
use crate::ui::shell::send;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    move || {
        if !session.checked.get() {
            view! { <Loading /> }.into_any()
        } else if session.is_customer() {
            view! { <MyBookings /> }.into_any()
        } else {
            view! { <Welcome /> }.into_any()
        }
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="hero">
            <h1>{move || t_string!(i18n, home.title)}</h1>
            <p class="lead">{move || t_string!(i18n, home.lead)}</p>
            <div class="actions">
                <a class="btn primary large" href="/book">{move || t_string!(i18n, nav.book)}</a>
                <a class="btn large" href="/login">{move || t_string!(i18n, nav.sign_in)}</a>
                <a class="btn large" href="/register">{move || t_string!(i18n, nav.register)}</a>
                <a class="btn large" href="/prices">{move || t_string!(i18n, nav.prices)}</a>
            </div>
        </section>
        <section class="features">
            <div class="feature">
                <h2>{move || t_string!(i18n, home.feature_live_title)}</h2>
                <p>{move || t_string!(i18n, home.feature_live_text)}</p>
            </div>
            <div class="feature">
                <h2>{move || t_string!(i18n, home.feature_urgent_title)}</h2>
                <p>{move || t_string!(i18n, home.feature_urgent_text)}</p>
            </div>
            <div class="feature">
                <h2>{move || t_string!(i18n, home.feature_change_title)}</h2>
                <p>{move || t_string!(i18n, home.feature_change_text)}</p>
            </div>
        </section>
    }
}

#[component]
fn MyBookings() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let bookings = Load::new(my_bookings);
    let notice = RwSignal::new(None::<Said>);
    let error = RwSignal::new(None::<AppError>);
    let greeting = move || match session.me.get() {
        Some(crate::domain::account::Me::Customer { name, .. }) => {
            t_string!(i18n, home.hello, name = name).to_string()
        }
        _ => String::new(),
    };
    view! {
        <div class="page-head">
            <h1>{greeting}</h1>
            <a class="btn primary large" href="/book">{move || t_string!(i18n, nav.book)}</a>
        </div>
        <Notice message=notice />
        <FormAlert error=error />
        <MyRepairs />
        <MyCars />
        <h2>{move || t_string!(i18n, home.my_bookings)}</h2>
        {move || match bookings.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{move || t_string!(i18n, home.no_bookings)}</p> }.into_any(),
            Some(Ok(list)) => {
                list.into_iter()
                    .map(|booking| {
                        let on_cancelled = Callback::new(move |_| {
                            notice.set(Some(Said::new(move || t_string!(i18n, home.cancelled_notice).to_string())));
                            bookings.refetch();
                        });
                        view! { <BookingCard booking=booking error=error on_cancelled=on_cancelled /> }
                    })
                    .collect_view()
                    .into_any()
            }
        }}
        // PIPL: a copy of everything kept about them, a plain download (no code on the phone).
        <p class="my-data">
            <a class="btn" href="/my-data" download="aftersales-my-data.json">{move || t_string!(i18n, home.my_data_download)}</a>
            " "
            <a href="/erase">{move || t_string!(i18n, home.erase_link)}</a>
        </p>
    }
}

#[component]
fn BookingCard(
    booking: CustomerBooking,
    error: RwSignal<Option<AppError>>,
    on_cancelled: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let number = StoredValue::new(booking.number.as_str().to_owned());
    let changeable = booking.changeable_until.is_some();
    let is_active = booking.status == BookingStatus::Booked;
    let cancel = move |_| {
        send(
            pending,
            error,
            cancel_booking(number.get_value()),
            move |_| {
                confirming.set(false);
                on_cancelled.run(());
            },
        )
    };
    let status = booking.status;
    let (date, start, end) = (booking.date, booking.start, booking.end);
    let outlet = booking.outlet_name.clone();
    let services = booking.services.clone();
    let symptoms = booking.symptoms.clone();
    let deadline = booking
        .changeable_until
        .map(|until| (until.date(), until.time()));
    view! {
        <article class="booking-card" class:urgent=booking.urgent data-testid="booking-card" aria-label=number.get_value()>
            <header>
                <div class="when">
                    <span class="date">{move || date_label(i18n, date)}</span>
                    <span class="time">{window_label(start, end)}</span>
                </div>
                <div class="badges">
                    {booking.urgent.then(|| view! { <span class="badge urgent">{move || t_string!(i18n, booking.urgent)}</span> })}
                    <span class=format!("badge status-{}", status.as_str())>{move || status_label(i18n, status)}</span>
                </div>
            </header>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, booking.number)}</dt>
                    <dd class="mono">{number.get_value()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, booking.outlet)}</dt>
                    <dd>{move || localized(i18n, &outlet)}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, booking.car)}</dt>
                    <dd>{format!("{} · {}", booking.plate, booking.car_model)}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, booking.services)}</dt>
                    <dd>{move || list(i18n, services.iter().map(|s| localized(i18n, s)))}</dd>
                </div>
            </dl>
            {(!symptoms.is_empty()).then(|| view! {
                <p class="symptoms">{move || list(i18n, symptoms.iter().map(|s| symptom_label(i18n, *s)))}</p>
            })}
            {(!booking.description.is_empty()).then(|| view! { <blockquote class="words">{booking.description.clone()}</blockquote> })}
            {booking.work_order.clone().map(|o| view! {
                <p class="actions">
                    <span class=format!("badge order-{}", o.status.as_str())>{move || order_status_label(i18n, o.status)}</span>
                    <a class="btn primary" href=format!("/orders/{}", o.number.as_str())>
                        {move || t_string!(i18n, home.follow_repair)} " " <span class="mono">{o.number.as_str().to_string()}</span>
                    </a>
                </p>
            })}
            <Show when=move || is_active>
                <Show
                    when=move || changeable
                    fallback=move || view! { <p class="muted">{move || t_string!(i18n, home.no_longer_changeable)}</p> }
                >
                    <p class="muted">
                        {move || deadline.map(|(d, t)| t_string!(i18n, home.changeable_until, date = date_label(i18n, d), time = time_label(t)).to_string())}
                    </p>
                    <div class="actions">
                        <a class="btn" href=format!("/bookings/{}/reschedule", number.get_value())>{move || t_string!(i18n, home.reschedule)}</a>
                        <Show
                            when=move || confirming.get()
                            fallback=move || view! {
                                <button type="button" class="btn danger-outline" on:click=move |_| confirming.set(true)>
                                    {move || t_string!(i18n, home.cancel)}
                                </button>
                            }
                        >
                            <div class="confirm" role="group" aria-label=move || t_string!(i18n, home.cancel_question)>
                                <span>{move || t_string!(i18n, home.cancel_question)}</span>
                                <button type="button" class="btn danger" on:click=cancel disabled=move || pending.get()>
                                    {move || t_string!(i18n, home.cancel_confirm)}
                                </button>
                                <button type="button" class="btn" on:click=move |_| confirming.set(false)>
                                    {move || t_string!(i18n, home.cancel_keep)}
                                </button>
                            </div>
                        </Show>
                    </div>
                </Show>
            </Show>
        </article>
    }
}

/// The customer's work orders (all their cars), newest first, each linking to its live page.
#[component]
fn MyRepairs() -> impl IntoView {
    let i18n = use_i18n();
    let orders = Load::new(crate::api::work_orders::my_work_orders);
    move || {
        orders.get().and_then(Result::ok).filter(|o| !o.is_empty()).map(|list| {
            view! {
                <h2>{move || t_string!(i18n, order.my_orders)}</h2>
                <ul class="repairs">
                    {list.into_iter().map(|o| {
                        let status = o.status;
                        view! {
                            <li>
                                <a class="job" href=format!("/orders/{}", o.number.as_str()) data-testid="my-repair">
                                    <span class="plate">{o.plate.to_string()}</span>
                                    <span class=format!("badge status-{}", status.as_str())>{move || crate::ui::format::order_status_label(i18n, status)}</span>
                                    <span class="muted">{o.number.as_str().to_string()}</span>
                                    <span>{move || t_string!(i18n, order.view)}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    }
}

/// The customer's cars, each opening its own file (一车一档).
#[component]
fn MyCars() -> impl IntoView {
    let i18n = use_i18n();
    let cars = Load::new(crate::api::cars::my_cars);
    move || {
        cars.get().and_then(Result::ok).filter(|c| !c.is_empty()).map(|list| {
            view! {
                <h2>{move || t_string!(i18n, car_file.my_cars)}</h2>
                <ul class="repairs">
                    {list.into_iter().map(|car| view! {
                        <li>
                            <a class="job" href=format!("/cars/{}", car.id.0) data-testid="my-car">
                                <span class="plate">{car.plate.to_string()}</span>
                                <span>{car.model.clone()}</span>
                                <span>{move || t_string!(i18n, car_file.open)}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            }
        })
    }
}
