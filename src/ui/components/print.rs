//! What gets printed on both faces: the settlement list (结算清单, with the fields JT/T 1133
//! asks for — labour, materials and other fees itemised apart) and the bar above a printout.
//! The print style sheet hides the app around them.

use crate::domain::estimate::{format_hundredths, EstimateLine, LineKind};
use crate::domain::work_order::WorkOrderView;
use crate::ui::format::*;
use crate::ui::i18n::*;
use leptos::prelude::*;

/// "Print" and "back to the order" (`back`: the order's page on this face), hidden on paper.
#[component]
pub fn PrintBar(number: String, back: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="print-bar no-print">
            <a class="btn" href=back>{move || t_string!(i18n, order.open)} " " {number.clone()}</a>
            <button type="button" class="btn primary" on:click=move |_| { let _ = window().print(); }>{move || t_string!(i18n, order.print)}</button>
        </div>
    }
}

/// The lines that are part of the work (agreed or approved) of one kind.
fn billed<'a>(
    lines: &'a [EstimateLine],
    keep: impl Fn(&LineKind) -> bool + 'a,
) -> impl Iterator<Item = &'a EstimateLine> + 'a {
    lines
        .iter()
        .filter(move |l| l.approval.counts() && keep(&l.kind))
}

/// The settlement list of an order, ready to print.
#[component]
pub fn SettlementList(order: WorkOrderView) -> impl IntoView {
    let i18n = use_i18n();
    let o = order;
    let labour: Vec<_> = billed(&o.lines, |k| matches!(k, LineKind::Labour { .. }))
        .cloned()
        .collect();
    let parts: Vec<_> = billed(&o.lines, |k| matches!(k, LineKind::Part { .. }))
        .cloned()
        .collect();
    let fees: Vec<_> = billed(&o.lines, |k| matches!(k, LineKind::Fee { .. }))
        .cloned()
        .collect();
    // The old-parts disposition applies only when parts were replaced.
    let replaced_parts = !parts.is_empty();
    // The rows are written again when the reader switches language.
    let (labour, parts, fees) = (
        StoredValue::new(labour),
        StoredValue::new(parts),
        StoredValue::new(fees),
    );
    let (category, old_parts, settled) = (o.repair_category, o.old_parts, o.settled_at());
    let totals = o.totals;
    let payable = o.payable();
    let yes_no = move |b: bool| {
        if b {
            t_string!(i18n, order.yes).to_string()
        } else {
            t_string!(i18n, order.no).to_string()
        }
    };
    view! {
        <article class="print-sheet settlement" data-testid="settlement-list">
            <header class="sheet-head">
                <h1>{move || t_string!(i18n, order.settlement)}</h1>
                <p>
                    {move || t_string!(i18n, order.settlement_number)} ": " <span class="mono" data-testid="settlement-number">{o.number.settlement_number()}</span>
                    " · " {move || t_string!(i18n, order.number)} ": " <span class="mono">{o.number.as_str().to_string()}</span>
                </p>
                {match settled {
                    Some(at) => view! { <p>{move || t_string!(i18n, order.settled_at)} ": " {move || datetime_label(i18n, at)}</p> }.into_any(),
                    None => view! { <p class="alert alert-warning no-print-border">{move || t_string!(i18n, order.not_settled)}</p> }.into_any(),
                }}
            </header>
            <section class="sheet-parties">
                <dl>
                    <dt>{move || t_string!(i18n, order.shop)}</dt><dd>{let text = o.outlet_name.clone(); move || localized(i18n, &text)}</dd>
                    <dt>{move || t_string!(i18n, order.address)}</dt><dd>{let text = o.outlet_address.clone(); move || localized(i18n, &text)}</dd>
                    <dt>{move || t_string!(i18n, order.phone)}</dt><dd>{o.outlet_phone.clone()}</dd>
                </dl>
                <dl>
                    <dt>{move || t_string!(i18n, order.customer_side)}</dt><dd>{o.customer_name.clone()}</dd>
                    <dt>{move || t_string!(i18n, order.phone)}</dt><dd>{o.phone_masked.clone()}</dd>
                    <dt>{move || t_string!(i18n, car.plate)}</dt><dd class="plate">{o.plate.to_string()}</dd>
                    <dt>{move || t_string!(i18n, order.model)}</dt><dd>{o.car_model.clone()}</dd>
                    <dt>{move || t_string!(i18n, order.vin)}</dt><dd class="mono">{o.vin.clone().unwrap_or_default()}</dd>
                </dl>
                <dl>
                    <dt>{move || t_string!(i18n, order.category)}</dt><dd>{move || category_label(i18n, category)}</dd>
                    <dt>{move || t_string!(i18n, order.checked_in_at)}</dt><dd>{let at = o.checked_in_at; move || datetime_label(i18n, at)}</dd>
                    <dt>{move || t_string!(i18n, order.odometer_in)}</dt><dd>{o.odometer_in_km}</dd>
                    <dt>{move || t_string!(i18n, order.odometer_out)}</dt><dd>{o.odometer_out_km.map(|km| km.to_string()).unwrap_or_default()}</dd>
                    <dt>{move || t_string!(i18n, order.certificate)}</dt><dd class="mono">{o.certificate_number.clone().unwrap_or_default()}</dd>
                </dl>
            </section>
            <table class="sheet-table">
                <caption>{move || t_string!(i18n, order.labour)}</caption>
                <thead><tr>
                    <th>{move || t_string!(i18n, order.col_item)}</th><th class="num">{move || t_string!(i18n, order.col_hours)}</th>
                    <th class="num">{move || t_string!(i18n, order.col_rate)}</th><th class="num">{move || t_string!(i18n, order.col_amount)}</th>
                </tr></thead>
                <tbody>
                    {move || labour.get_value().into_iter().map(|l| {
                        let (hours, rate) = match &l.kind {
                            LineKind::Labour { hours, rate } => (format_hundredths(*hours), rate.to_string()),
                            _ => (String::new(), String::new()),
                        };
                        view! { <tr><td>{l.item_in(lang(i18n)).to_string()}</td><td class="num">{hours}</td><td class="num">{rate}</td><td class="num">{l.amount.to_string()}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            <table class="sheet-table">
                <caption>{move || t_string!(i18n, order.parts)}</caption>
                <thead><tr>
                    <th>{move || t_string!(i18n, order.col_name)}</th><th>{move || t_string!(i18n, order.col_brand)}</th><th>{move || t_string!(i18n, order.col_spec)}</th>
                    <th>{move || t_string!(i18n, order.col_unit)}</th><th class="num">{move || t_string!(i18n, order.col_qty)}</th>
                    <th class="num">{move || t_string!(i18n, order.col_price)}</th><th class="num">{move || t_string!(i18n, order.col_amount)}</th>
                    <th>{move || t_string!(i18n, order.col_supplied)}</th>
                </tr></thead>
                <tbody>
                    {move || parts.get_value().into_iter().map(|l| match &l.kind {
                        LineKind::Part { part_code, origin, brand, spec, unit, customer_supplied, quantity, unit_price } => {
                            let name = format!("{} ({}{}{})", l.item_in(lang(i18n)), origin_label(i18n, *origin), if part_code.is_empty() { "" } else { " " }, part_code);
                            view! {
                                <tr>
                                    <td>{name}</td><td>{brand.clone()}</td><td>{spec.clone()}</td><td>{stored_unit_label(i18n, unit)}</td>
                                    <td class="num">{format_hundredths(*quantity)}</td><td class="num">{unit_price.to_string()}</td>
                                    <td class="num">{l.amount.to_string()}</td><td>{yes_no(*customer_supplied)}</td>
                                </tr>
                            }.into_any()
                        }
                        _ => ().into_any(),
                    }).collect_view()}
                </tbody>
            </table>
            <table class="sheet-table">
                <caption>{move || t_string!(i18n, order.fees)}</caption>
                <thead><tr>
                    <th>{move || t_string!(i18n, order.col_fee)}</th><th>{move || t_string!(i18n, order.col_item)}</th><th class="num">{move || t_string!(i18n, order.col_amount)}</th>
                </tr></thead>
                <tbody>
                    {move || fees.get_value().into_iter().map(|l| {
                        let fee = match &l.kind { LineKind::Fee { fee, .. } => fee_label(i18n, *fee), _ => String::new() };
                        view! { <tr><td>{fee}</td><td>{l.item_in(lang(i18n)).to_string()}</td><td class="num">{l.amount.to_string()}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            <dl class="totals sheet-totals">
                <dt>{move || t_string!(i18n, order.labour_total)}</dt><dd>{totals.labour.to_string()}</dd>
                <dt>{move || t_string!(i18n, order.parts_total)}</dt><dd>{totals.parts.to_string()}</dd>
                <dt>{move || t_string!(i18n, order.fees_total)}</dt><dd>{totals.fees.to_string()}</dd>
                <dt>{move || t_string!(i18n, order.total)}</dt><dd>{totals.total.to_string()}</dd>
                <dt>{move || t_string!(i18n, order.payable)}</dt><dd class="grand" data-testid="settlement-payable">{payable.to_string()}</dd>
            </dl>
            {o.free_of_charge.then(|| view! { <p>{move || t_string!(i18n, order.free_rework)}</p> })}
            <dl class="sheet-footer">
                <dt>{move || t_string!(i18n, order.old_parts_label)}</dt>
                <dd>{move || if replaced_parts { old_parts_label(i18n, old_parts) } else { t_string!(i18n, order.no_old_parts).to_string() }}</dd>
                {o.warranty.map(|w| view! {
                    <dt>{move || t_string!(i18n, order.warranty)}</dt>
                    <dd>{move || t_string!(i18n, order.warranty_text, days = w.warranty.days, km = w.warranty.km, date = w.until_date.to_string(), until_km = w.until_km).to_string()}</dd>
                })}
            </dl>
            <p class="muted">{move || t_string!(i18n, order.warranty_terms)}</p>
            <div class="signatures">
                <div>{move || t_string!(i18n, order.customer_sign)}</div>
                <div>{move || t_string!(i18n, order.shop_sign)}</div>
            </div>
        </article>
    }
}
