//! `/staff/jobs`: the work orders of the signed-in role. The desk sees the dispatch board
//! (先急后缓: waiting jobs urgent first, with the proposed technician, which it may override);
//! technicians their jobs; inspectors the inspection queue; the customer-service manager the
//! complaint customers in the shop.

use crate::api::work_orders::{get_dispatch_board, my_jobs, work_order_step};
use crate::domain::account::StaffRole;
use crate::domain::ids::TechnicianId;
use crate::domain::work_order::{
    DispatchJob, StepRequest, TechnicianLoad, WorkOrderEvent, WorkOrderSummary,
};
use crate::domain::AppError;
use crate::ui::components::*;
use crate::ui::console::is_staff;
use crate::ui::errors::error_text;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::session::use_session;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_use::use_interval_fn;

#[component]
pub fn Jobs() -> impl IntoView {
    let session = use_session();
    let desk = move || session.works_reception();
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <Show when=desk fallback=|| view! { <MyJobs /> }>
                <DispatchBoardView />
            </Show>
        </Guard>
    }
}

#[component]
fn JobRow(job: WorkOrderSummary) -> impl IntoView {
    let i18n = use_i18n();
    let status = job.status;
    let clock = job.sla.processing;
    view! {
        <a class="job" class:urgent=job.urgent href=format!("/staff/orders/{}", job.number.as_str()) data-testid="job">
            <span class="plate">{job.plate.to_string()}</span>
            <span>{job.car_model.clone()}</span>
            <span class=format!("badge status-{}", status.as_str())>{move || order_status_label(i18n, status)}</span>
            {job.urgent.then(|| view! { <span class="badge urgent">{move || t_string!(i18n, booking.urgent)}</span> })}
            <span class=format!("clock {}", clock_class(&clock))>{move || clock_label(i18n, &clock)}</span>
            <span class="muted">{job.customer_words.clone()}</span>
            {job.technician.clone().map(|t| view! { <span>{t}</span> })}
        </a>
    }
}

#[component]
fn MyJobs() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let inspector = move || session.staff_can(|r| r == StaffRole::QualityInspector);
    let jobs = Load::new(my_jobs);
    let _ = use_interval_fn(move || jobs.refetch(), 30_000);
    view! {
        <h1>{move || if inspector() { t_string!(i18n, order.qc_queue) } else { t_string!(i18n, order.my_jobs) }}</h1>
        {move || match jobs.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <p class="empty">{move || if inspector() { t_string!(i18n, order.no_qc) } else { t_string!(i18n, order.no_jobs) }}</p>
            }.into_any(),
            Some(Ok(list)) => view! { <div class="jobs">{list.into_iter().map(|job| view! { <JobRow job=job /> }).collect_view()}</div> }.into_any(),
        }}
    }
}

#[component]
fn DispatchBoardView() -> impl IntoView {
    let i18n = use_i18n();
    let board = Load::new(get_dispatch_board);
    let _ = use_interval_fn(move || board.refetch(), 30_000);
    let error = RwSignal::new(None::<AppError>);
    let notice = RwSignal::new(None::<Said>);
    view! {
        <div class="page-head">
            <h1>{move || t_string!(i18n, order.dispatch_title)}</h1>
            <a class="btn primary large" href="/staff/check-in">{move || t_string!(i18n, order.walk_in)}</a>
        </div>
        <Notice message=notice />
        <FormAlert error=error />
        {move || match board.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(b)) => {
                let techs = b.technicians.clone();
                view! {
                    <section>
                        <h2>{move || t_string!(i18n, order.waiting)}</h2>
                        {b.waiting.is_empty().then(|| view! { <p class="empty">{move || t_string!(i18n, order.no_jobs)}</p> })}
                        {b.waiting.into_iter().map(|job| view! { <WaitingJob job=job techs=techs.clone() error=error notice=notice on_done=Callback::new(move |_| board.refetch()) /> }).collect_view()}
                    </section>
                    <section>
                        <h2>{move || t_string!(i18n, order.in_progress)}</h2>
                        <div class="jobs">{b.in_progress.into_iter().map(|job| view! { <JobRow job=job /> }).collect_view()}</div>
                    </section>
                    <section>
                        <h2>{move || t_string!(i18n, order.technicians)}</h2>
                        <ul class="techs">
                            {b.technicians.into_iter().map(|t| {
                                let lapsed = (!t.lapsed.is_empty()).then(|| view! {
                                    <span class="tag warn">{move || t_string!(i18n, people.certificate_expired_for, skills = skills_label(i18n, t.lapsed)).to_string()}</span>
                                });
                                view! { <li>{t.name.clone()} " · " {move || t_string!(i18n, order.load, n = t.load).to_string()} " " {lapsed}</li> }
                            }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn WaitingJob(
    job: DispatchJob,
    techs: Vec<TechnicianLoad>,
    error: RwSignal<Option<AppError>>,
    notice: RwSignal<Option<Said>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let chosen = RwSignal::new(job.proposed.map(|t| t.0.to_string()).unwrap_or_default());
    let number = StoredValue::new(job.order.number.as_str().to_string());
    // Who holds the skills but may not take the job: a certificate for one of them expired.
    let lapsed: Vec<(String, String)> = techs
        .iter()
        .filter(|t| {
            t.skills.union(t.lapsed).covers(job.skills)
                && !t.lapsed.intersection(job.skills).is_empty()
        })
        .map(|t| {
            (
                t.name.clone(),
                skills_label(i18n, t.lapsed.intersection(job.skills)),
            )
        })
        .collect();
    let qualified: Vec<TechnicianLoad> = techs
        .into_iter()
        .filter(|t| t.skills.covers(job.skills))
        .collect();
    let proposed = job.proposed;
    let dispatch = move |_| {
        let technician = chosen.get_untracked().parse().ok().map(TechnicianId);
        let request = StepRequest {
            technician,
            ..StepRequest::plain(WorkOrderEvent::Dispatch)
        };
        send(
            pending,
            error,
            work_order_step(number.get_value(), request),
            move |_| {
                notice.set(Some(Said::new(move || {
                    t_string!(
                        i18n,
                        order.step_done,
                        step = step_label(i18n, WorkOrderEvent::Dispatch)
                    )
                    .to_string()
                })));
                on_done.run(());
            },
        );
    };
    view! {
        <div class="waiting-job" data-testid="waiting-job">
            <JobRow job=job.order.clone() />
            <div class="field inline">
                <label for=format!("tech-{}", number.get_value())>{move || t_string!(i18n, order.choose_technician)}</label>
                <select id=format!("tech-{}", number.get_value()) bind:value=chosen>
                    {qualified.into_iter().map(|t| {
                        let is_proposed = Some(t.id) == proposed;
                        let text = move || {
                            let mark = if is_proposed { format!(" ({})", t_string!(i18n, order.proposed)) } else { String::new() };
                            format!("{}{mark} · {}", t.name, t_string!(i18n, order.load, n = t.load))
                        };
                        view! { <option value=t.id.0.to_string()>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="btn primary" disabled=move || pending.get() on:click=dispatch>{move || step_label(i18n, WorkOrderEvent::Dispatch)}</button>
            {lapsed.into_iter().map(|(name, skills)| view! {
                <p class="field-hint lapsed" data-testid="lapsed-technician">
                    {move || t_string!(i18n, people.lapsed_not_proposed, name = name.clone(), skills = skills.clone()).to_string()}
                </p>
            }).collect_view()}
        </div>
    }
}
