//! `/staff/improvements`: the improvement actions (PDCA) at the outlets the manager reaches.
//! Opened from an indicator that missed (the dashboard links here with the indicator, period
//! and outlet, and the problem is written from the figure) or by hand; then what was done,
//! the indicator's figure over the following period, and the decision. Overdue steps are
//! marked.

use super::kpis::{figure, kpi_name, target_label};
use crate::api::kpis::{get_action_board, get_dashboard, open_action, step_action};
use crate::domain::ids::{OutletId, StaffId};
use crate::domain::improvement::{
    ActionBoard, ActionStep, Decision, ImprovementAction, OwnerChoice, PlanForm, Stage,
};
use crate::domain::kpi::Kpi;
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::{datetime_label, localized, year_date_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ImprovementsPage() -> impl IntoView {
    view! {
        <Guard allowed=super::manages sign_in="/staff/login">
            <ImprovementsScreen />
        </Guard>
    }
}

fn text(f: impl Fn(I18nContext<Locale>) -> String + Send + Sync + 'static) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || f(i18n))
}

#[component]
fn ImprovementsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let board = Load::new(get_action_board);
    let notice = RwSignal::new(None::<Said>);
    let changed = Callback::new(move |said: Said| {
        notice.set(Some(said));
        board.refetch();
    });
    view! {
        <h1>{move || t_string!(i18n, improve.title)}</h1>
        <Notice message=notice />
        {move || match board.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(b)) => view! { <Board board=b changed=changed /> }.into_any(),
        }}
    }
}

#[component]
fn Board(board: ActionBoard, changed: Callback<Said>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map().get_untracked();
    let from_miss = query.get("kpi").and_then(|k| Kpi::from_code(&k));
    let open_count = board
        .actions
        .iter()
        .filter(|a| a.stage != Stage::Closed)
        .count();
    let overdue = board.actions.iter().filter(|a| a.overdue).count();
    let owners = StoredValue::new(board.owners);
    let ActionBoard {
        actions, outlets, ..
    } = board;
    view! {
        <details class="card" open=from_miss.is_some()>
            <summary>{move || t_string!(i18n, improve.new_action)}</summary>
            <OpenForm outlets=outlets owners=owners changed=changed
                kpi=from_miss period=query.get("period").unwrap_or_default()
                outlet=query.get("outlet").and_then(|o| o.parse().ok()).map(OutletId) />
        </details>
        <p class="hint" data-testid="action-count">{move || t_string!(i18n, improve.open_count, open = open_count, overdue = overdue)}</p>
        {if actions.is_empty() {
            view! { <p class="empty">{move || t_string!(i18n, improve.none)}</p> }.into_any()
        } else {
            view! {
                <ul class="cards actions-board">
                    {actions.into_iter().map(|a| view! { <li><ActionCard action=a owners=owners changed=changed /></li> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// The Plan's fields: the problem (when opening), cause, plan, owner and due day.
#[component]
fn PlanFields(
    #[prop(into)] prefix: String,
    form: PlanSignals,
    owners: Signal<Vec<OwnerChoice>>,
    error: RwSignal<Option<AppError>>,
    #[prop(optional)] with_problem: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let owner_id = format!("{prefix}-owner");
    view! {
        {with_problem.then(|| view! {
            <TextField label=text(|i| t_string!(i, improve.problem).to_string()) id=format!("{prefix}-problem") value=form.problem field=Field::Issue error=error multiline=true />
        })}
        <TextField label=text(|i| t_string!(i, improve.cause).to_string()) id=format!("{prefix}-cause") value=form.cause field=Field::Cause error=error multiline=true />
        <TextField label=text(|i| t_string!(i, improve.plan).to_string()) id=format!("{prefix}-plan") value=form.plan field=Field::Plan error=error multiline=true />
        <div class="field-row">
            <div class="field">
                <label for=owner_id.clone()>{move || t_string!(i18n, improve.owner)}</label>
                <select id=owner_id.clone() bind:value=form.owner aria-describedby=format!("{owner_id}-error")>
                    <option value="">{move || t_string!(i18n, improve.owner_choose)}</option>
                    {move || owners.get().into_iter().map(|o| {
                        let id = o.id.0.to_string();
                        let selected = form.owner.get_untracked() == id;
                        view! { <option value=id selected=selected>{o.name}</option> }
                    }).collect_view()}
                </select>
                <FieldError id=format!("{owner_id}-error") field=Field::Owner error=error />
            </div>
            <TextField label=text(|i| t_string!(i, improve.due_on).to_string()) id=format!("{prefix}-due") value=form.due_on field=Field::DueOn error=error input_type="date"
                hint=text(|i| t_string!(i, improve.due_hint).to_string()) />
        </div>
    }
}

#[derive(Clone, Copy)]
struct PlanSignals {
    problem: RwSignal<String>,
    cause: RwSignal<String>,
    plan: RwSignal<String>,
    owner: RwSignal<String>,
    due_on: RwSignal<String>,
}

impl PlanSignals {
    fn new() -> Self {
        Self {
            problem: RwSignal::new(String::new()),
            cause: RwSignal::new(String::new()),
            plan: RwSignal::new(String::new()),
            owner: RwSignal::new(String::new()),
            due_on: RwSignal::new(String::new()),
        }
    }

    fn form(&self) -> PlanForm {
        PlanForm {
            problem: self.problem.get_untracked(),
            cause: self.cause.get_untracked(),
            plan: self.plan.get_untracked(),
            owner: self.owner.get_untracked().parse().ok().map(StaffId),
            due_on: self.due_on.get_untracked(),
        }
    }
}

/// Who may own an action at the outlet: its own staff and those above it.
fn owners_at(owners: StoredValue<Vec<OwnerChoice>>, outlet: Option<OutletId>) -> Vec<OwnerChoice> {
    owners.with_value(|all| {
        all.iter()
            .filter(|o| outlet.is_some_and(|at| o.can_own(at)))
            .cloned()
            .collect()
    })
}

#[component]
fn OpenForm(
    outlets: Vec<crate::domain::kpi::ScopeChoice>,
    owners: StoredValue<Vec<OwnerChoice>>,
    changed: Callback<Said>,
    kpi: Option<Kpi>,
    period: String,
    outlet: Option<OutletId>,
) -> impl IntoView {
    let i18n = use_i18n();
    let only = (outlets.len() == 1).then(|| outlets[0].id);
    let chosen = RwSignal::new(outlet.or(only).map(|o| o.0.to_string()).unwrap_or_default());
    let form = PlanSignals::new();
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let period = StoredValue::new(period);
    // From a miss: the problem is written from the figure (the manager may change it).
    if let Some(kpi) = kpi {
        let (p, o) = (period.get_value(), outlet.or(only));
        let dashboard = Load::new(move || get_dashboard(p.clone(), o));
        Effect::new(move |_| {
            if let Some(Ok(d)) = dashboard.get() {
                if let Some(row) = d.rows.iter().find(|r| r.now.kpi == kpi) {
                    if form.problem.get_untracked().is_empty() {
                        let line = t_string!(
                            i18n,
                            improve.from_miss,
                            name = kpi_name(i18n, kpi),
                            value = figure(i18n, &row.now),
                            target = target_label(i18n, kpi, row.target)
                        )
                        .to_string();
                        form.problem.set(format!("{} {line}", d.period.label()));
                    }
                }
            }
        });
    }
    let outlet_owners =
        Signal::derive(move || owners_at(owners, chosen.get().parse().ok().map(OutletId)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(outlet) = chosen.get_untracked().parse().ok().map(OutletId) else {
            error.set(Some(AppError::invalid(
                Field::Outlet,
                crate::domain::Problem::Required,
            )));
            return;
        };
        let call = open_action(outlet, kpi.map(Kpi::code), period.get_value(), form.form());
        send(pending, error, call, move |_| {
            changed.run(Said::new(move || {
                t_string!(i18n, improve.opened).to_string()
            }));
        });
    };
    view! {
        <form class="action-form" on:submit=submit novalidate data-testid="open-action">
            <p class="hint">{move || match kpi {
                Some(kpi) => t_string!(i18n, improve.kpi_line, name = kpi_name(i18n, kpi)).to_string(),
                None => t_string!(i18n, improve.by_hand).to_string(),
            }}</p>
            <div class="field">
                <label for="action-outlet">{move || t_string!(i18n, improve.outlet)}</label>
                <select id="action-outlet" bind:value=chosen aria-describedby="action-outlet-error">
                    <option value="">{move || t_string!(i18n, improve.outlet_choose)}</option>
                    {outlets.into_iter().map(|o| {
                        let id = o.id.0.to_string();
                        let selected = chosen.get_untracked() == id;
                        view! { <option value=id selected=selected>{move || localized(i18n, &o.name)}</option> }
                    }).collect_view()}
                </select>
                <FieldError id="action-outlet-error" field=Field::Outlet error=error />
            </div>
            <PlanFields prefix="action" form=form owners=outlet_owners error=error with_problem=true />
            <FormAlert error=error fields=&[Field::Outlet, Field::Issue, Field::Cause, Field::Plan, Field::Owner, Field::DueOn, Field::Period] />
            <SubmitButton label=text(|i| t_string!(i, improve.save).to_string()) pending=pending />
        </form>
    }
}

fn stage_label(i18n: I18nContext<Locale>, stage: Stage) -> String {
    match stage {
        Stage::Plan => t_string!(i18n, improve.stage_plan),
        Stage::Do => t_string!(i18n, improve.stage_do),
        Stage::Check => t_string!(i18n, improve.stage_check),
        Stage::Closed => t_string!(i18n, improve.stage_closed),
    }
    .to_string()
}

#[component]
fn ActionCard(
    action: ImprovementAction,
    owners: StoredValue<Vec<OwnerChoice>>,
    changed: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let done = RwSignal::new(String::new());
    let replan = PlanSignals::new();
    let (id, version, stage) = (action.id, action.version, action.stage);
    let take = move |step: ActionStep| {
        let form = replan.form();
        send(
            pending,
            error,
            step_action(id, version, step, form, done.get_untracked()),
            move |_| {
                changed.run(Said::new(move || {
                    t_string!(i18n, improve.stepped).to_string()
                }));
            },
        );
    };
    let prefix = format!("action-{id}");
    let outlet = action.outlet;
    let kpi = action.kpi;
    let outlet_name = action.outlet_name.clone();
    let due_on = action.due_on;
    let round = action.round;
    let owner = action.owner_name.clone();
    let opened_by = action.opened_by.clone();
    let opened_at = action.opened_at;
    let period = action.period;
    view! {
        <article class="card action" class:overdue=action.overdue data-testid="action" data-stage=stage.as_str()>
            <header class="card-head">
                <h2>{move || match kpi { Some(k) => kpi_name(i18n, k), None => t_string!(i18n, improve.by_hand).to_string() }}</h2>
                <span class="badge">{move || stage_label(i18n, stage)}</span>
                {action.overdue.then(|| view! { <span class="badge warn">{move || t_string!(i18n, improve.overdue)}</span> })}
            </header>
            <p class="hint">
                {move || format!("{} · {} · {} · {}",
                    localized(i18n, &outlet_name),
                    period.label(),
                    t_string!(i18n, improve.round, round = round),
                    t_string!(i18n, improve.opened_by, name = opened_by.clone(), at = datetime_label(i18n, opened_at)))}
            </p>
            <dl class="facts">
                <dt>{move || t_string!(i18n, improve.problem)}</dt><dd data-written>{action.problem.clone()}</dd>
                <dt>{move || t_string!(i18n, improve.cause)}</dt><dd data-written>{action.cause.clone()}</dd>
                <dt>{move || t_string!(i18n, improve.plan)}</dt><dd data-written>{action.plan.clone()}</dd>
                <dt>{move || t_string!(i18n, improve.owner)}</dt><dd data-written>{owner}</dd>
                <dt>{move || t_string!(i18n, improve.due_on)}</dt><dd>{move || year_date_label(i18n, due_on)}</dd>
                {(!action.done.is_empty()).then(|| view! {
                    <dt>{move || t_string!(i18n, improve.done)}</dt><dd data-written>{action.done.clone()}</dd>
                })}
                {action.check.map(|c| view! {
                    <dt>{move || stage_label(i18n, Stage::Check)}</dt>
                    <dd data-testid="action-check" class:missed=c.measure.meets(c.target) == Some(false)>
                        {move || if c.period_over {
                            t_string!(i18n, improve.check_line, period = c.period.label(), value = figure(i18n, &c.measure), before = figure(i18n, &c.before)).to_string()
                        } else {
                            t_string!(i18n, improve.check_so_far, period = c.period.label(), value = figure(i18n, &c.measure)).to_string()
                        }}
                    </dd>
                })}
                {action.decision.map(|d| view! {
                    <dt>{move || stage_label(i18n, Stage::Closed)}</dt>
                    <dd>{move || match d {
                        Decision::Standardise => t_string!(i18n, improve.decision_standardise).to_string(),
                        Decision::TryAgain => t_string!(i18n, improve.decision_try_again).to_string(),
                    }}</dd>
                })}
            </dl>
            {match stage {
                Stage::Do => view! {
                    <form class="action-step" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); take(ActionStep::RecordDone); }>
                        <TextField label=text(|i| t_string!(i, improve.done).to_string()) id=format!("{prefix}-done") value=done field=Field::Done error=error multiline=true />
                        <FormAlert error=error fields=&[Field::Done] />
                        <SubmitButton label=text(|i| t_string!(i, improve.record_done).to_string()) pending=pending />
                    </form>
                }.into_any(),
                Stage::Check => view! {
                    <div class="actions">
                        <button type="button" class="btn primary" disabled=move || pending.get() on:click=move |_| take(ActionStep::Decide(Decision::Standardise))>{move || t_string!(i18n, improve.standardise)}</button>
                        <button type="button" class="btn" disabled=move || pending.get() on:click=move |_| take(ActionStep::Decide(Decision::TryAgain))>{move || t_string!(i18n, improve.try_again)}</button>
                    </div>
                    <FormAlert error=error />
                }.into_any(),
                Stage::Plan => {
                    let outlet_owners = Signal::derive(move || owners_at(owners, Some(outlet)));
                    view! {
                        <form class="action-step" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); take(ActionStep::Replan); }>
                            <PlanFields prefix=prefix.clone() form=replan owners=outlet_owners error=error />
                            <FormAlert error=error fields=&[Field::Cause, Field::Plan, Field::Owner, Field::DueOn] />
                            <SubmitButton label=text(|i| t_string!(i, improve.replan).to_string()) pending=pending />
                        </form>
                    }.into_any()
                }
                Stage::Closed => ().into_any(),
            }}
        </article>
    }
}
