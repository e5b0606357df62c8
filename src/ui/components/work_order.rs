//! The parts of a work order both faces show: the stage line, the SLA clocks, the estimate
//! (labour and parts apart, with totals) and the timeline.

use crate::domain::estimate::{format_hundredths, EstimateLine, LineCategory, LineKind, Totals};
use crate::domain::ids::LineId;
use crate::domain::photo::PhotoRef;
use crate::domain::sla::SlaView;
use crate::domain::work_order::{
    ApprovalRecord, TimelineEntry, WorkOrderStatus, WorkOrderView, SYSTEM_NOTE_DELAYED,
};
use crate::ui::components::PhotoGallery;
use crate::ui::format::*;
use crate::ui::i18n::*;
use leptos::prelude::*;

/// The customer's stage line: done, current, to come.
#[component]
pub fn StageLine(status: WorkOrderStatus) -> impl IntoView {
    let i18n = use_i18n();
    let current = status.stage();
    view! {
        <ol class="stages" aria-label=move || t_string!(i18n, order.current)>
            {WorkOrderStatus::STAGES
                .iter()
                .enumerate()
                .map(|(i, stage)| {
                    let state = match current {
                        Some(c) if i < c => "done",
                        Some(c) if i == c => "current",
                        _ => "todo",
                    };
                    let stage = *stage;
                    view! {
                        <li class=state aria-current=(state == "current").then_some("step")>
                            {move || order_status_label(i18n, stage)}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The processing and first-update clocks.
#[component]
pub fn SlaClocks(sla: SlaView) -> impl IntoView {
    let i18n = use_i18n();
    let processing = sla.processing;
    let first = sla.first_update;
    view! {
        <div class="sla">
            <span class=format!("clock {}", clock_class(&processing))>
                {move || t_string!(i18n, clock.processing)} ": " {move || clock_label(i18n, &processing)}
            </span>
            <span class=format!("clock {}", clock_class(&first))>
                {move || t_string!(i18n, clock.first_update)} ": " {move || clock_label(i18n, &first)}
            </span>
            {sla.pause_reason.filter(|r| !r.is_empty()).map(|r| view! { <span class="muted">{r}</span> })}
        </div>
    }
}

fn line_detail(i18n: leptos_i18n::I18nContext<Locale>, line: &EstimateLine) -> String {
    match &line.kind {
        LineKind::Labour { hours, rate } => format!("{} h × {rate}", format_hundredths(*hours)),
        LineKind::Part {
            part_code,
            origin,
            brand,
            spec,
            unit,
            customer_supplied,
            quantity,
            unit_price,
        } => {
            let what = [
                origin_label(i18n, *origin),
                brand.clone(),
                spec.clone(),
                part_code.clone(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
            let supplied = if *customer_supplied {
                format!(" · {}", t_string!(i18n, order.customer_supplied))
            } else {
                String::new()
            };
            format!(
                "{what} · {} {} × {unit_price}{supplied}",
                format_hundredths(*quantity),
                stored_unit_label(i18n, unit)
            )
        }
        LineKind::Fee { fee, .. } => fee_label(i18n, *fee),
    }
}

fn category_caption(i18n: leptos_i18n::I18nContext<Locale>, category: LineCategory) -> String {
    match category {
        LineCategory::Labour => t_string!(i18n, order.labour),
        LineCategory::Part => t_string!(i18n, order.parts),
        LineCategory::Fee => t_string!(i18n, order.fees),
    }
    .to_string()
}

/// One table per kind (labour, parts, other fees) and the totals; a free rework says so. A
/// `proposed` estimate (before the customer consents) shows no line's status.
#[component]
pub fn EstimateTable(
    lines: Vec<EstimateLine>,
    totals: Totals,
    #[prop(optional)] free_of_charge: bool,
    #[prop(optional)] proposed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let table = move |category: LineCategory| {
        let rows: Vec<EstimateLine> = lines
            .iter()
            .filter(|l| l.kind.category() == category)
            .cloned()
            .collect();
        (!rows.is_empty()).then(|| {
            view! {
                <table class="estimate">
                    <caption>{move || category_caption(i18n, category)}</caption>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|line| {
                                let approval = line.approval;
                                let line = StoredValue::new(line);
                                view! {
                                    <tr class=format!("approval-{}", approval.as_str())>
                                        <td>
                                            <strong>{move || line.with_value(|l| l.item_in(lang(i18n)).to_string())}</strong>
                                            <div class="muted">{move || line.with_value(|l| line_detail(i18n, l))}</div>
                                            {line.with_value(|l| (!l.reason.is_empty()).then(|| view! { <div class="reason">{l.reason.clone()}</div> }))}
                                        </td>
                                        <td class="num">{line.with_value(|l| l.amount.to_string())}</td>
                                        {(!proposed).then(|| view! { <td><span class="badge">{move || approval_label(i18n, approval)}</span></td> })}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
        })
    };
    let payable = totals.payable(free_of_charge);
    view! {
        <div class="estimate-block">
            {table(LineCategory::Labour)}
            {table(LineCategory::Part)}
            {table(LineCategory::Fee)}
            <dl class="totals">
                <dt>{move || t_string!(i18n, order.labour_total)}</dt><dd>{totals.labour.to_string()}</dd>
                <dt>{move || t_string!(i18n, order.parts_total)}</dt><dd>{totals.parts.to_string()}</dd>
                {(totals.fees.0 > 0).then(|| view! {
                    <dt>{move || t_string!(i18n, order.fees_total)}</dt><dd>{totals.fees.to_string()}</dd>
                })}
                <dt>{move || t_string!(i18n, order.total)}</dt><dd class="grand" data-testid="order-total">{totals.total.to_string()}</dd>
                {(totals.pending.0 > 0).then(|| view! {
                    <dt>{move || t_string!(i18n, order.pending_total)}</dt><dd>{totals.pending.to_string()}</dd>
                })}
                {free_of_charge.then(|| view! {
                    <dt>{move || t_string!(i18n, order.payable)}</dt><dd class="grand" data-testid="order-payable">{payable.to_string()}</dd>
                })}
            </dl>
            {free_of_charge.then(|| view! { <p class="alert alert-info">{move || t_string!(i18n, order.free_rework)}</p> })}
        </div>
    }
}

/// Each item waiting for the customer, with its reason, photos and price, and an approve or
/// decline choice. The choices live in `decisions` (outside any live re-render).
#[component]
pub fn PendingChoices(
    order: WorkOrderView,
    decisions: RwSignal<Vec<(LineId, bool)>>,
    photo_href: Callback<PhotoRef, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |line: LineId, approve: bool| {
        decisions.update(|d| {
            d.retain(|(l, _)| *l != line);
            d.push((line, approve));
        });
    };
    let chosen =
        move |line: LineId| decisions.with(|d| d.iter().find(|(l, _)| *l == line).map(|(_, a)| *a));
    let photos = order.photos.clone();
    view! {
        <ul class="pending-items">
            {order.pending_lines().map(|line| {
                let id = line.id;
                let mine: Vec<PhotoRef> = photos.iter().filter(|p| p.line == Some(id)).cloned().collect();
                view! {
                    <li data-testid="pending-item">
                        <div>
                            <strong>{line.item_in(lang(i18n)).to_string()}</strong> " " <span class="num">{line.amount.to_string()}</span>
                            {(!line.reason.is_empty()).then(|| view! { <p class="reason">{line.reason.clone()}</p> })}
                            {(!mine.is_empty()).then(|| view! { <PhotoGallery photos=mine href=photo_href /> })}
                        </div>
                        <div class="choice" role="group" aria-label=line.item_in(lang(i18n)).to_string()>
                            <button type="button" class="btn" class:selected=move || chosen(id) == Some(true) aria-pressed=move || (chosen(id) == Some(true)).to_string() on:click=move |_| choose(id, true)>
                                {move || t_string!(i18n, order.approve)}
                            </button>
                            <button type="button" class="btn" class:selected=move || chosen(id) == Some(false) aria-pressed=move || (chosen(id) == Some(false)).to_string() on:click=move |_| choose(id, false)>
                                {move || t_string!(i18n, order.decline)}
                            </button>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Who decided on added items, when and how (and who recorded a phone or desk decision).
#[component]
pub fn ApprovalRecords(records: Vec<ApprovalRecord>) -> impl IntoView {
    let i18n = use_i18n();
    (!records.is_empty()).then(|| view! {
        <ul class="approval-records" data-testid="approval-records">
            {records.into_iter().map(|a| {
                let (method, note, recorder) = (a.method, a.note.clone(), a.recorded_by.clone());
                view! {
                    <li class="muted">
                        {move || t_string!(i18n, order.decided_by, name = a.signer_name.clone(), at = datetime_label(i18n, a.at), method = approval_method_label(i18n, method), approved = a.approved, declined = a.declined).to_string()}
                        {recorder.map(|staff| view! { " · " {move || t_string!(i18n, order.recorded_by, staff = staff.clone()).to_string()} })}
                        {(!note.is_empty()).then(|| view! { <p>{note}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

/// The events, newest first.
#[component]
pub fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="timeline" data-testid="timeline">
            {entries
                .into_iter()
                .rev()
                .map(|e| {
                    // Every word the system writes follows the language switch; what people
                    // wrote (names, notes) reads as written.
                    let (event, from, to, at) = (e.event, e.from, e.to, e.at);
                    let title = move || match (event, from) {
                        (Some(event), _) => step_label(i18n, event),
                        (None, None) => t_string!(i18n, steps.checked_in).to_string(),
                        (None, Some(_)) => t_string!(i18n, steps.note).to_string(),
                    };
                    let by_system = e.by_system;
                    let actor_name = e.actor_name.clone();
                    let actor = move || if by_system { t_string!(i18n, order.system_actor).to_string() } else { actor_name.clone() };
                    let written = e.note.clone();
                    let delayed = by_system && written == SYSTEM_NOTE_DELAYED;
                    let note = move || if delayed { t_string!(i18n, order.delay_notified).to_string() } else { written.clone() };
                    let has_note = !e.note.is_empty();
                    view! {
                        <li class:internal=!e.public>
                            <time>{move || datetime_label(i18n, at)}</time>
                            <strong>{title}</strong>
                            " → " <span>{move || order_status_label(i18n, to)}</span>
                            <span class="muted">" · " {actor}</span>
                            {has_note.then(|| view! { <p data-written=(!delayed).then_some("")>{note}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Number, car, status and promise.
#[component]
pub fn OrderHeader(order: WorkOrderView) -> impl IntoView {
    let i18n = use_i18n();
    let status = order.status;
    view! {
        <div class="order-head">
            <h1>
                <span class="plate">{order.plate.to_string()}</span> " " {order.car_model.clone()}
            </h1>
            <p>
                <span class=format!("badge status-{}", status.as_str()) data-testid="order-status">{move || order_status_label(i18n, status)}</span>
                {order.urgent.then(|| view! { <span class="badge urgent">{move || t_string!(i18n, booking.urgent)}</span> })}
                " " <span class="mono">{order.number.as_str().to_string()}</span>
            </p>
            {order.rework_of.clone().map(|original| view! {
                <p class="alert alert-info">{move || t_string!(i18n, order.rework_note, number = original.as_str().to_string()).to_string()}</p>
            })}
            <p class="muted">
                {move || t_string!(i18n, order.promised)} ": " {let at = order.promised_at; move || datetime_label(i18n, at)}
                {order.technician.clone().map(|t| view! { " · " {move || t_string!(i18n, order.technician)} ": " {t} })}
            </p>
        </div>
    }
}
