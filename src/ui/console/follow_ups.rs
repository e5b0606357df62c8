//! `/staff/follow-ups`: the customer-service manager's calls (回访) — after a low rating, for a
//! complaint, and routinely after delivery — open ones first by due time, overdue ones marked;
//! each with the customer's number to call and a form for how the call went.

use crate::api::feedback::{follow_up_list, record_follow_up};
use crate::domain::follow_up::{FollowUpForm, FollowUpTask};
use crate::domain::survey::Aspect;
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::console::is_staff;
use crate::ui::errors::error_text;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_use::use_interval_fn;

#[component]
pub fn FollowUps() -> impl IntoView {
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <FollowUpScreen />
        </Guard>
    }
}

#[component]
fn FollowUpScreen() -> impl IntoView {
    let i18n = use_i18n();
    let tasks = Load::new(follow_up_list);
    let _ = use_interval_fn(move || tasks.refetch(), 30_000);
    let notice = RwSignal::new(None::<Said>);
    view! {
        <h1>{move || t_string!(i18n, follow_up.title)}</h1>
        <Notice message=notice />
        {move || match tasks.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{move || t_string!(i18n, follow_up.empty)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="follow-ups">
                    {list.into_iter().map(|task| view! { <Task task=task notice=notice on_done=Callback::new(move |_| tasks.refetch()) /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn Task(
    task: FollowUpTask,
    notice: RwSignal<Option<Said>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let source = task.source;
    let due = task.due_at;
    let open = task.done_at.is_none();
    let survey = task.survey.clone();
    view! {
        <li class="follow-up card" class:overdue=task.overdue data-testid="follow-up">
            <p>
                <span class="badge">{move || follow_up_source_label(i18n, source)}</span>
                {task.overdue.then(|| view! { " " <span class="badge urgent">{move || t_string!(i18n, follow_up.overdue)}</span> })}
                " " <strong>{task.customer_name.clone()}</strong>
                " " <a class="btn ghost" href=format!("tel:{}", task.phone)>{move || t_string!(i18n, follow_up.call)} " " {task.phone.clone()}</a>
            </p>
            <p class="muted">
                {task.order.clone().map(|n| view! { <a class="mono" href=format!("/staff/orders/{}", n.as_str())>{n.as_str().to_string()}</a> " · " })}
                {task.plate.clone().map(|p| view! { <span class="plate">{p.to_string()}</span> " · " })}
                {move || t_string!(i18n, follow_up.due, at = datetime_label(i18n, due)).to_string()}
            </p>
            {survey.map(|a| view! {
                <p>
                    {move || t_string!(i18n, follow_up.survey_summary, nps = a.nps).to_string()}
                    {Aspect::ALL.into_iter().map(|aspect| {
                        a.rating(aspect).map(|rating| view! {
                            " · " <span class:low=rating <= crate::domain::survey::LOW_RATING>{move || aspect_label(i18n, aspect)} " " {rating}</span>
                        })
                    }).collect_view()}
                    {(!a.comment.is_empty()).then(|| view! { <span class="reason">" “" {a.comment.clone()} "”"</span> })}
                </p>
            })}
            {match (open, task.complaint.clone()) {
                (true, Some(complaint)) => view! {
                    <p><a class="btn" href=format!("/staff/complaints/{}", complaint.as_str())>{move || t_string!(i18n, complaints.open_complaint)} " " {complaint.as_str().to_string()}</a></p>
                }.into_any(),
                (true, None) => view! { <RecordCall task=task.clone() notice=notice on_done=on_done /> }.into_any(),
                (false, _) => {
                let (by, at, reached, satisfaction) = (task.done_by.clone().unwrap_or_default(), task.done_at, task.reached, task.satisfaction);
                view! {
                    <p class="muted">
                        {move || at.map(|at| t_string!(i18n, follow_up.done, name = by.clone(), at = datetime_label(i18n, at)).to_string())}
                        " · "
                        {move || if reached == Some(true) { format!("{} {}", t_string!(i18n, follow_up.satisfaction), satisfaction.unwrap_or_default()) } else { t_string!(i18n, follow_up.not_reached).to_string() }}
                    </p>
                    <p>{task.outcome.clone()}</p>
                }.into_any()
                }
            }}
        </li>
    }
}

#[component]
fn RecordCall(
    task: FollowUpTask,
    notice: RwSignal<Option<Said>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reached = RwSignal::new(true);
    let satisfaction = RwSignal::new(None::<u8>);
    let outcome = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let id = task.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = FollowUpForm {
            reached: reached.get_untracked(),
            satisfaction: satisfaction.get_untracked(),
            outcome: outcome.get_untracked(),
        };
        send(pending, error, record_follow_up(id, form), move |_| {
            notice.set(Some(Said::new(move || {
                t_string!(i18n, follow_up.recorded).to_string()
            })));
            on_done.run(());
        });
    };
    view! {
        <form class="record-call" on:submit=submit novalidate aria-label=move || t_string!(i18n, follow_up.record)>
            <CallFields id=format!("{}", id.0) reached=reached satisfaction=satisfaction outcome=outcome error=error />
            <FormAlert error=error fields=&[Field::Satisfaction, Field::Outcome] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, follow_up.record).to_string()) pending=pending />
        </form>
    }
}
