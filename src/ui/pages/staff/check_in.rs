//! `/staff/check-in`: reception (接待). From the day board (`?booking=BK…`) or for a walk-in
//! (mobile number and plate). Shows the car's history, then records the customer type, the
//! odometer, fuel, the customer's own words, expectations, the walk-around, the promised time
//! and the old-parts choice, and opens the work order.

use crate::api::work_orders::{check_in_car, prepare_check_in};
use crate::domain::booking::BookingNumber;
use crate::domain::warranty::RepairCategory;
use crate::domain::work_order::{CheckInForm, CheckInStart, CustomerType, OldParts};
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::pages::staff::{is_staff, ReceptionOnly};
use crate::ui::pages::{send, Guard};
use chrono::{Duration, NaiveDateTime};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn CheckIn() -> impl IntoView {
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <ReceptionOnly>
                <CheckInScreen />
            </ReceptionOnly>
        </Guard>
    }
}

#[component]
fn CheckInScreen() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let booking = query
        .with_untracked(|q| q.get("booking"))
        .and_then(|b| BookingNumber::parse(&b).ok());
    let phone = RwSignal::new(String::new());
    let plate = RwSignal::new(String::new());
    let start = RwSignal::new(None::<CheckInStart>);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let base = StoredValue::new(CheckInForm {
        booking: booking.clone(),
        ..Default::default()
    });
    let lookup = move || {
        let form = CheckInForm {
            phone: phone.get_untracked(),
            plate: plate.get_untracked(),
            ..base.get_value()
        };
        send(pending, error, prepare_check_in(form), move |s| {
            start.set(Some(s))
        });
    };
    if booking.is_some() {
        lookup();
    }
    view! {
        <h1>{t!(i18n, order.check_in_title)}</h1>
        {booking.is_none().then(|| view! {
            <form class="card" on:submit=move |ev| { ev.prevent_default(); lookup(); } novalidate>
                <p class="muted">{t!(i18n, order.walk_in_hint)}</p>
                <TextField label=Signal::derive(move || t_string!(i18n, auth.phone).to_string()) id="walk-in-phone" value=phone field=Field::Phone error=error input_type="tel" inputmode="tel" />
                <TextField label=Signal::derive(move || t_string!(i18n, car.plate).to_string()) id="walk-in-plate" value=plate field=Field::Plate error=error />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, order.lookup).to_string()) pending=pending />
            </form>
        })}
        <FormAlert error=error fields=&[Field::Phone, Field::Plate] />
        {move || start.get().map(|s| view! { <CheckInFormView start=s base=CheckInForm { phone: phone.get_untracked(), plate: plate.get_untracked(), ..base.get_value() } /> })}
    }
}

fn promise_default(now: NaiveDateTime) -> String {
    (now + Duration::hours(4))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[component]
fn CheckInFormView(start: CheckInStart, base: CheckInForm) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let customer_type = RwSignal::new(start.suggested_type.as_str().to_string());
    let category = RwSignal::new(RepairCategory::Minor.as_str().to_string());
    let odometer = RwSignal::new(start.last_odometer_km.to_string());
    let fuel = RwSignal::new("50".to_string());
    let words = RwSignal::new(start.customer_words.clone());
    let expectations = RwSignal::new(String::new());
    let walk_around = RwSignal::new(String::new());
    let promised = RwSignal::new(promise_default(start.now));
    let old_parts = RwSignal::new(OldParts::Returned.as_str().to_string());
    let urgent = RwSignal::new(start.urgent);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = CheckInForm {
            customer_type: customer_type.get_untracked().parse().ok(),
            repair_category: category.get_untracked().parse().ok(),
            odometer_km: odometer.get_untracked(),
            fuel_percent: fuel.get_untracked().parse().unwrap_or(101),
            customer_words: words.get_untracked(),
            expectations: expectations.get_untracked(),
            walk_around: walk_around.get_untracked(),
            promised_at: NaiveDateTime::parse_from_str(&promised.get_untracked(), "%Y-%m-%dT%H:%M")
                .ok(),
            old_parts: old_parts.get_untracked().parse().ok(),
            urgent: urgent.get_untracked(),
            ..base.clone()
        };
        let navigate = navigate.clone();
        send(pending, error, check_in_car(form), move |number| {
            navigate(
                &format!("/staff/orders/{}", number.as_str()),
                Default::default(),
            );
        });
    };
    let label =
        move |f: fn(leptos_i18n::I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    view! {
        <section class="card">
            <p><strong>{start.customer_name.clone()}</strong> " " <span class="phone">{start.phone_masked.clone()}</span></p>
            <p><span class="plate">{start.plate.to_string()}</span> " " {start.car_model.clone()}</p>
            <h2>{t!(i18n, order.history)}</h2>
            {if start.history.is_empty() {
                view! { <p class="muted">{t!(i18n, order.no_history)}</p> }.into_any()
            } else {
                view! {
                    <ul class="history">
                        {start.history.iter().map(|o| {
                            let status = o.status;
                            view! { <li>{datetime_label(i18n, o.checked_in_at)} " · " {o.customer_words.clone()} " · " {move || order_status_label(i18n, status)}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <form class="card check-in" on:submit=submit novalidate>
            <div class="field">
                <label for="customer-type">{t!(i18n, order.customer_type)}</label>
                <select id="customer-type" bind:value=customer_type>
                    {CustomerType::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{move || customer_type_label(i18n, c)}</option> }).collect_view()}
                </select>
                <Show when=move || customer_type.get() == CustomerType::Complaint.as_str()>
                    <p class="alert alert-warning">{t!(i18n, order.complaint_flag)}</p>
                </Show>
            </div>
            <div class="field">
                <label for="category">{t!(i18n, order.category)}</label>
                <select id="category" bind:value=category>
                    {RepairCategory::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{move || category_label(i18n, c)}</option> }).collect_view()}
                </select>
            </div>
            <TextField label=label(|i| t_string!(i, order.odometer_in).to_string()) id="odometer" value=odometer field=Field::Odometer error=error inputmode="numeric" />
            <TextField label=label(|i| t_string!(i, order.fuel).to_string()) id="fuel" value=fuel field=Field::Fuel error=error input_type="number" inputmode="numeric" />
            <TextField label=label(|i| t_string!(i, order.words).to_string()) id="words" value=words field=Field::CustomerWords error=error multiline=true />
            <TextField label=label(|i| t_string!(i, order.expectations).to_string()) id="expectations" value=expectations field=Field::Expectations error=error multiline=true />
            <TextField label=label(|i| t_string!(i, order.walk_around).to_string()) id="walk-around" value=walk_around field=Field::WalkAround error=error multiline=true />
            <TextField label=label(|i| t_string!(i, order.promised_at).to_string()) id="promised" value=promised field=Field::PromisedAt error=error input_type="datetime-local" />
            <div class="field">
                <label for="old-parts">{t!(i18n, order.old_parts_label)}</label>
                <select id="old-parts" bind:value=old_parts>
                    {OldParts::ALL.into_iter().map(|o| view! { <option value=o.as_str()>{move || old_parts_label(i18n, o)}</option> }).collect_view()}
                </select>
            </div>
            <label class="check"><input type="checkbox" bind:checked=urgent /> {t!(i18n, order.urgent)}</label>
            <FormAlert error=error fields=&[Field::Odometer, Field::Fuel, Field::CustomerWords, Field::Expectations, Field::WalkAround, Field::PromisedAt] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, order.open_order).to_string()) pending=pending class="btn primary large" />
        </form>
    }
}
