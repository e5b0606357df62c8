//! A complaint as both faces show it: its header, the stage line, the outcome and the
//! timeline (staff see internal entries marked as such; customers never receive them).

use crate::domain::complaint::*;
use crate::ui::format::*;
use crate::ui::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ComplaintHeader(view: ComplaintView) -> impl IntoView {
    let i18n = use_i18n();
    let (stage, category, filed, outlet) = (
        view.stage,
        view.category,
        view.filed_at,
        view.outlet_name.clone(),
    );
    view! {
        <header class="card complaint-head">
            <h1>{move || t_string!(i18n, complaints.complaint)} " " <span class="mono" data-testid="complaint-number">{view.number.as_str().to_string()}</span></h1>
            <p>
                <span class="badge" data-testid="complaint-stage">{move || complaint_stage_label(i18n, stage)}</span>
                " · " {move || complaint_category_label(i18n, category)}
                " · " {move || localized(i18n, &outlet)}
                {view.order.clone().map(|o| view! { " · " <span class="mono">{o.as_str().to_string()}</span> })}
                {view.plate.clone().map(|p| view! { " · " <span class="plate">{p.to_string()}</span> })}
            </p>
            <p class="muted">{move || t_string!(i18n, complaints.filed_at, at = datetime_label(i18n, filed)).to_string()}</p>
            <h2>{move || t_string!(i18n, complaints.what_happened)}</h2>
            <p class="reason">{view.what_happened.clone()}</p>
            {(!view.wish.is_empty()).then(|| view! { <h2>{move || t_string!(i18n, complaints.wish)}</h2><p class="reason">{view.wish.clone()}</p> })}
        </header>
    }
}

/// 受理 → 调查 → 责任认定 → 处理反馈 → 回访, with the current one marked.
#[component]
pub fn ComplaintStageLine(stage: ComplaintStage) -> impl IntoView {
    let i18n = use_i18n();
    let current = ComplaintStage::STAGES
        .iter()
        .position(|s| *s == stage)
        .unwrap_or(ComplaintStage::STAGES.len());
    view! {
        <ol class="stages" aria-label=move || t_string!(i18n, complaints.stages)>
            {ComplaintStage::STAGES.into_iter().enumerate().map(|(i, s)| view! {
                <li class:done=i < current class:current=i == current aria-current=(i == current).then_some("step")>
                    {move || complaint_stage_label(i18n, s)}
                </li>
            }).collect_view()}
        </ol>
        {(stage == ComplaintStage::Closed).then(|| view! { <p class="alert alert-success" role="status">{move || t_string!(i18n, complaints.closed_note)}</p> })}
    }
}

/// Whose fault it was and how it is put right, once decided.
#[component]
pub fn ComplaintOutcome(view: ComplaintView) -> impl IntoView {
    let i18n = use_i18n();
    if view.responsibility.is_none() && view.resolution.is_none() {
        return ().into_any();
    }
    let responsibility = view.responsibility;
    let technician = view.technician_name.clone();
    let resolution = view.resolution;
    let rework = view.rework_order.clone();
    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, complaints.outcome)}</h2>
            {responsibility.map(|r| view! {
                <p>{move || t_string!(i18n, complaints.responsibility)} ": " {move || responsibility_label(i18n, r)}
                    {technician.clone().map(|t| view! { " · " {t} })}</p>
            })}
            {resolution.map(|r| view! {
                <p data-testid="resolution">{move || t_string!(i18n, complaints.resolution)} ": " {move || resolution_label(i18n, r)}
                    {rework.clone().map(|n| view! { " · " <span class="mono">{n.as_str().to_string()}</span> })}</p>
            })}
        </section>
    }
    .into_any()
}

/// The complaint's entries, oldest first. Staff see every entry, marked public or internal.
#[component]
pub fn ComplaintTimeline(entries: Vec<ComplaintEntry>, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="timeline" data-testid="complaint-timeline">
            {entries.into_iter().map(|e| {
                let (at, event, escalation, filed) = (e.at, e.event, e.escalation, e.filed);
                let what = move || match (event, escalation) {
                    (Some(event), _) => complaint_step_label(i18n, event),
                    (None, true) => t_string!(i18n, complaints.escalated).to_string(),
                    (None, false) if filed => t_string!(i18n, complaints.filed).to_string(),
                    (None, false) if e.by_customer => t_string!(i18n, complaints.customer_wrote).to_string(),
                    (None, false) => t_string!(i18n, complaints.note).to_string(),
                };
                let actor = if e.escalation { t_string!(i18n, complaints.system).to_string() } else { e.actor.clone() };
                view! {
                    <li class:internal=staff && !e.public class:urgent=escalation>
                        <p><strong>{what}</strong> " · " {actor} <time>{move || datetime_label(i18n, at)}</time>
                            {(staff && !e.public).then(|| view! { " " <span class="badge">{move || t_string!(i18n, complaints.internal)}</span> })}
                        </p>
                        {(!e.note.is_empty()).then(|| view! { <p class="reason">{e.note.clone()}</p> })}
                        {e.linked_order.clone().map(|o| view! {
                            <p class="muted">{move || t_string!(i18n, complaints.linked_order_short)} " " <a class="mono" href=format!("/staff/orders/{}", o.as_str())>{o.as_str().to_string()}</a></p>
                        })}
                        {e.linked_technician.clone().map(|t| view! { <p class="muted">{move || t_string!(i18n, complaints.linked_technician_short)} " " {t}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
