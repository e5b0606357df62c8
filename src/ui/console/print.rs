//! Printable pages of a work order: `/staff/orders/:number/sheet`, the check-in sheet the
//! customer signs at the desk (with the tracking link's QR code), and
//! `/staff/orders/:number/settlement`, the settlement list (结算清单).

use crate::api::work_orders::staff_work_order;
use crate::domain::work_order::WorkOrderView;
use crate::domain::AppError;
use crate::ui::components::*;
use crate::ui::console::is_staff;
use crate::ui::errors::error_text;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::Guard;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use qrcodegen::{QrCode as Qr, QrCodeEcc};

/// The order named in the address, for staff.
fn order_resource() -> Load<Result<WorkOrderView, AppError>> {
    let params = use_params_map();
    let number = params.with_untracked(|p| p.get("number").unwrap_or_default());
    Load::new(move || staff_work_order(number.clone()))
}

#[component]
pub fn StaffSettlement() -> impl IntoView {
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <Printout render=|order| view! { <SettlementList order=order /> }.into_any() />
        </Guard>
    }
}

#[component]
pub fn CheckInSheet() -> impl IntoView {
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <Printout render=|order| view! { <Sheet order=order /> }.into_any() />
        </Guard>
    }
}

/// Loads the order named in the address and prints it with `render`, under the print bar.
#[component]
fn Printout(render: fn(WorkOrderView) -> AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let order = order_resource();
    move || {
        match order.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }
                .into_any()
        }
        Some(Ok(order)) => view! {
            <PrintBar number=order.number.as_str().to_string() back=format!("/staff/orders/{}", order.number.as_str()) />
            {render(order)}
        }
        .into_any(),
    }
    }
}

/// The check-in sheet: what was agreed at the desk, for the customer's signature.
#[component]
fn Sheet(order: WorkOrderView) -> impl IntoView {
    let i18n = use_i18n();
    let o = order;
    // The configured public address if there is one: the tablet may be on a LAN name that
    // the customer's phone cannot reach.
    let tracking = o.tracking_url.clone().or_else(|| {
        o.tracking_token.clone().map(|token| {
            let origin = window().location().origin().unwrap_or_default();
            format!("{origin}/track/{token}")
        })
    });
    let (kind, category, old) = (o.customer_type, o.repair_category, o.old_parts);
    let number = o.number.as_str().to_string();
    let walk_around: Vec<_> = o
        .photos
        .iter()
        .filter(|p| p.line.is_none())
        .cloned()
        .collect();
    view! {
        <article class="print-sheet check-in-sheet" data-testid="check-in-sheet">
            <header class="sheet-head">
                <h1>{move || t_string!(i18n, order.sheet)}</h1>
                <p>{let text = o.outlet_name.clone(); move || localized(i18n, &text)} " · " {let text = o.outlet_address.clone(); move || localized(i18n, &text)} " · " {o.outlet_phone.clone()}</p>
                <p>{move || t_string!(i18n, order.number)} ": " <span class="mono">{number.clone()}</span></p>
            </header>
            <div class="sheet-columns">
                <dl>
                    <dt>{move || t_string!(i18n, order.customer)}</dt><dd>{o.customer_name.clone()} " " {o.phone_masked.clone()}</dd>
                    <dt>{move || t_string!(i18n, car.plate)}</dt><dd class="plate">{o.plate.to_string()}</dd>
                    <dt>{move || t_string!(i18n, order.model)}</dt><dd>{o.car_model.clone()}</dd>
                    <dt>{move || t_string!(i18n, order.customer_type)}</dt><dd>{move || kind.map(|k| customer_type_label(i18n, k))}</dd>
                    <dt>{move || t_string!(i18n, order.category)}</dt><dd>{move || category_label(i18n, category)}</dd>
                    <dt>{move || t_string!(i18n, order.checked_in_at)}</dt><dd>{let at = o.checked_in_at; move || datetime_label(i18n, at)}</dd>
                    <dt>{move || t_string!(i18n, order.odometer_in)}</dt><dd>{o.odometer_in_km}</dd>
                    <dt>{move || t_string!(i18n, order.fuel)}</dt><dd>{o.fuel_percent}</dd>
                    <dt>{move || t_string!(i18n, order.words)}</dt><dd>{o.customer_words.clone()}</dd>
                    <dt>{move || t_string!(i18n, order.expectations)}</dt><dd>{o.expectations.clone()}</dd>
                    <dt>{move || t_string!(i18n, order.walk_around)}</dt><dd>{o.walk_around.clone()}</dd>
                    <dt>{move || t_string!(i18n, order.promised_at)}</dt><dd>{let at = o.promised_at; move || datetime_label(i18n, at)}</dd>
                    <dt>{move || t_string!(i18n, order.old_parts_label)}</dt><dd>{move || old_parts_label(i18n, old)}</dd>
                </dl>
                {tracking.map(|url| view! {
                    <figure class="tracking">
                        <QrCode text=url.clone() label=Signal::derive(move || t_string!(i18n, order.scan_to_track).to_string()) />
                        <figcaption>{move || t_string!(i18n, order.scan_to_track)}<br /><span class="mono small">{url}</span></figcaption>
                    </figure>
                })}
            </div>
            {(!walk_around.is_empty()).then(|| view! {
                <section>
                    <h2>{move || t_string!(i18n, order.walk_around_photos)}</h2>
                    <PhotoGallery photos=walk_around href=Callback::new(move |p: crate::domain::photo::PhotoRef| p.url(&number)) />
                </section>
            })}
            <section>
                <h2>{move || t_string!(i18n, order.estimate)}</h2>
                <EstimateTable lines=o.lines.clone() totals=o.totals free_of_charge=o.free_of_charge />
            </section>
            <div class="signatures">
                <div>{move || t_string!(i18n, order.customer_sign)}</div>
                <div>{move || t_string!(i18n, order.shop_sign)}</div>
            </div>
        </article>
    }
}

/// `text` as a QR code (an SVG path; scales crisply on paper).
#[component]
pub fn QrCode(text: String, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let Ok(qr) = Qr::encode_text(&text, QrCodeEcc::Medium) else {
        return ().into_any();
    };
    let size = qr.size();
    let quiet = 4;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{} {}h1v1h-1z", x + quiet, y + quiet));
            }
        }
    }
    let side = size + 2 * quiet;
    view! {
        <svg class="qr" viewBox=format!("0 0 {side} {side}") role="img" aria-label=move || label.get() shape-rendering="crispEdges" data-testid="tracking-qr">
            <rect width=side height=side fill="#fff" />
            <path d=path fill="#000" />
        </svg>
    }
    .into_any()
}
