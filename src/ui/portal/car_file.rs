//! `/cars/:id`: the car's own file (一车一档), which the owner may consult: every order of
//! theirs on it with its date, outlet, mileage, the work done and the parts with their kind,
//! what was paid (the settlement list to open and print), the warranty still running, and the
//! bookings to come. Reached from the home page's list of cars.

use crate::api::cars::my_car_file;
use crate::domain::ids::CarId;
use crate::domain::work_order::{CarFile, CarFileOrder, WorkOrderStatus};
use crate::ui::components::{EstimateTable, Loading};
use crate::ui::errors::error_text;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::portal::is_customer;
use crate::ui::shell::Guard;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MyCarFile() -> impl IntoView {
    view! {
        <Guard allowed=is_customer sign_in="/login">
            <CarFilePage />
        </Guard>
    }
}

#[component]
fn CarFilePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    // A malformed id asks for a car nobody has: the server answers "not found".
    let car =
        CarId(params.with_untracked(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0)));
    let file = Load::new(move || my_car_file(car));
    move || match file.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }
                .into_any()
        }
        Some(Ok(file)) => view! { <FileView file=file /> }.into_any(),
    }
}

#[component]
fn FileView(file: CarFile) -> impl IntoView {
    let i18n = use_i18n();
    let CarFile {
        car,
        today,
        orders,
        bookings,
    } = file;
    let km = car.mileage_km;
    view! {
        <div class="page-head">
            <h1><span class="plate">{car.plate.to_string()}</span> " " {car.model.clone()}</h1>
        </div>
        <p class="muted">
            {move || t_string!(i18n, car_file.mileage, km = km).to_string()}
            {car.vin.map(|vin| view! { " · " {move || t_string!(i18n, car_file.vin)} " " <span class="mono">{String::from(vin)}</span> })}
        </p>
        {(!bookings.is_empty()).then(|| view! {
            <section class="card">
                <h2>{move || t_string!(i18n, car_file.coming)}</h2>
                <ul class="plain">
                    {bookings.into_iter().map(|b| {
                        let (outlet, services) = (b.outlet_name, b.services);
                        view! {
                            <li data-testid="car-booking">
                                {move || date_label(i18n, b.date)} " " {window_label(b.start, b.end)} " · "
                                {move || localized(i18n, &outlet)} " · " {move || list(i18n, services.iter().map(|s| localized(i18n, s)))}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        <h2>{move || t_string!(i18n, car_file.history)}</h2>
        {orders.is_empty().then(|| view! { <p class="empty">{move || t_string!(i18n, car_file.empty)}</p> })}
        {orders.into_iter().map(|order| view! { <OrderEntry order=order today=today km=km /> }).collect_view()}
    }
}

/// One order of the car's history.
#[component]
fn OrderEntry(order: CarFileOrder, today: chrono::NaiveDate, km: u32) -> impl IntoView {
    let i18n = use_i18n();
    let (status, category, at, odometer) = (
        order.status,
        order.category,
        order.checked_in_at,
        order.odometer_km,
    );
    let number = order.number.as_str().to_string();
    let paid = matches!(
        status,
        WorkOrderStatus::Settled | WorkOrderStatus::Delivered
    );
    let outlet = order.outlet_name;
    let warranty = order.warranty.map(|cover| {
        let left = cover.left(today, km);
        view! {
            <p>
                <span class=if left.is_some() { "badge ok" } else { "badge" } data-testid="warranty-left">
                    {move || match left {
                        Some((days, km)) => t_string!(i18n, car_file.warranty_left, days = days, km = km).to_string(),
                        None => t_string!(i18n, order.out_of_warranty).to_string(),
                    }}
                </span>
            </p>
        }
    });
    view! {
        <article class="card car-order" data-testid="car-order">
            <h3>
                {move || date_label(i18n, at.date())} " · " {move || localized(i18n, &outlet)} " "
                <span class=format!("badge status-{}", status.as_str())>{move || order_status_label(i18n, status)}</span>
            </h3>
            <p class="muted">
                {move || category_label(i18n, category)} " · " {move || t_string!(i18n, car_file.odometer, km = odometer).to_string()}
                " · " <span class="mono">{number.clone()}</span>
            </p>
            {warranty}
            {if order.lines.is_empty() {
                view! { <p class="muted">{move || t_string!(i18n, car_file.no_work)}</p> }.into_any()
            } else {
                view! { <EstimateTable lines=order.lines totals=order.totals free_of_charge=order.free_of_charge /> }.into_any()
            }}
            <p class="actions">
                <a class="btn" href=format!("/orders/{number}")>{move || t_string!(i18n, order.view)}</a>
                {paid.then(|| view! {
                    <a class="btn" href=format!("/orders/{number}/settlement")>{move || t_string!(i18n, order.open_settlement)}</a>
                })}
            </p>
        </article>
    }
}
