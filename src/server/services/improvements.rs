//! Improvement actions (PDCA): managers open them at the outlets they reach — from an
//! indicator that missed its target, or by hand — and take them through Plan, Do, Check and
//! Act. The Check is the indicator over the period after the one that missed, measured from
//! the records like the dashboard's. Every step is audited.

use super::kpis;
use super::outlet_time::local_time;
use crate::domain::catalog::Outlet;
use crate::domain::ids::{OutletId, StaffId};
use crate::domain::improvement::{
    overdue, ActionBoard, ActionStep, Decision, ImprovementAction, OwnerChoice, PlanForm, Stage,
    TEXT_MAX,
};
use crate::domain::kpi::{Kpi, Period, ScopeChoice};
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::access;
use crate::server::db::{
    ActionChange, ActionChangeKind, Actor, AuditEntry, NewAction, StaffRecord, Stepped,
};
use crate::server::error::internal;
use crate::server::{AppState, OrInternal};
use serde_json::json;

/// What opening an action asks for.
#[derive(Debug, Clone)]
pub struct Opening<'a> {
    pub outlet: OutletId,
    /// The indicator's code, when opened from a miss.
    pub kpi: Option<&'a str>,
    /// The period that missed (`2026-11`); empty for this month.
    pub period: &'a str,
    pub form: &'a PlanForm,
}

async fn today(state: &AppState, outlet: &Outlet) -> Result<chrono::NaiveDate, AppError> {
    Ok(local_time(outlet, state.clock.now())?.date())
}

/// Staff who can own an action: active people of the group, with the outlets (among those
/// the manager reaches) that they work at or above.
async fn owners(
    state: &AppState,
    manager: &StaffRecord,
    reached: &[Outlet],
) -> Result<Vec<OwnerChoice>, AppError> {
    let staff = state
        .repo()
        .staff_of_group(manager.group_id)
        .await
        .or_internal()?;
    Ok(staff
        .into_iter()
        .filter(|s| s.active)
        .map(|s| OwnerChoice {
            outlets: reached
                .iter()
                .filter(|o| s.placement.reaches_outlet(o.id, o.region))
                .map(|o| o.id)
                .collect(),
            id: s.id,
            name: s.display_name,
        })
        .filter(|o| !o.outlets.is_empty())
        .collect())
}

/// The owner must be someone who works at the outlet or above it.
fn check_owner(owners: &[OwnerChoice], outlet: &Outlet, owner: StaffId) -> Result<(), AppError> {
    match owners.iter().find(|o| o.id == owner) {
        Some(o) if o.can_own(outlet.id) => Ok(()),
        _ => Err(AppError::invalid(Field::Owner, Problem::OutsideYourScope)),
    }
}

pub async fn open(
    state: &AppState,
    manager: &StaffRecord,
    opening: &Opening<'_>,
) -> Result<i64, AppError> {
    let reached = access::outlets_reached(state, manager).await?;
    let outlet = reached
        .iter()
        .find(|o| o.id == opening.outlet)
        .ok_or(AppError::invalid(Field::Outlet, Problem::OutsideYourScope))?;
    let kpi = match opening.kpi {
        Some(code) => Some(Kpi::from_code(code).ok_or(AppError::NotFound)?),
        None => None,
    };
    let today = today(state, outlet).await?;
    let period = match opening.period.trim() {
        "" => Period::month_of(today),
        typed => typed.to_string(),
    };
    Period::parse(&period).map_err(|p| AppError::invalid(Field::Period, p))?;
    let plan = opening.form.check(today)?;
    check_owner(&owners(state, manager, &reached).await?, outlet, plan.owner)?;
    let now = state.clock.now();
    let new = NewAction {
        outlet: outlet.id,
        kpi: kpi.map(Kpi::code),
        period: period.clone(),
        problem: plan.problem,
        cause: plan.cause,
        plan: plan.plan,
        owner: plan.owner,
        due_on: plan.due_on,
        opened_by: manager.id,
        at: now,
    };
    let audit = AuditEntry::new(
        now,
        Actor::Staff(manager.id),
        "improvement.open",
        "improvement_action",
        "",
    )
    .with_detail(json!({
        "outlet": outlet.id.0,
        "kpi": new.kpi,
        "period": period,
        "owner": plan.owner.0,
        "due_on": plan.due_on.to_string(),
    }));
    state.repo().open_action(&new, &audit).await.or_internal()
}

/// A step on an action the manager reaches, seen at `seen_version`.
pub async fn step(
    state: &AppState,
    manager: &StaffRecord,
    id: i64,
    seen_version: i32,
    step: ActionStep,
    form: &PlanForm,
    done: &str,
) -> Result<(), AppError> {
    let reached = access::outlets_reached(state, manager).await?;
    let record = state
        .repo()
        .action_by_id(id)
        .await
        .or_internal()?
        .ok_or(AppError::NotFound)?;
    let outlet = reached
        .iter()
        .find(|o| o.id.0 == record.outlet_id)
        .ok_or(AppError::NotFound)?;
    let from = Stage::parse(&record.stage).ok_or_else(|| internal("stored stage"))?;
    if record.version != seen_version {
        return Err(AppError::Conflict(Conflict::ActionChanged));
    }
    let to = step.from(from)?;
    let change = match step {
        ActionStep::Replan => {
            // The problem stays what it was.
            let plan = PlanForm {
                problem: record.problem.clone(),
                ..form.clone()
            }
            .check(today(state, outlet).await?)?;
            check_owner(&owners(state, manager, &reached).await?, outlet, plan.owner)?;
            ActionChangeKind::Replan {
                cause: plan.cause,
                plan: plan.plan,
                owner: plan.owner,
                due_on: plan.due_on,
            }
        }
        ActionStep::RecordDone => ActionChangeKind::Done(
            crate::domain::identity::bounded_text(done, TEXT_MAX)
                .map_err(|p| AppError::invalid(Field::Done, p))?,
        ),
        ActionStep::Decide(decision) => ActionChangeKind::Decided(decision),
    };
    let now = state.clock.now();
    let audit = AuditEntry::new(
        now,
        Actor::Staff(manager.id),
        "improvement.step",
        "improvement_action",
        id.to_string(),
    )
    .with_detail(match &change {
        ActionChangeKind::Replan { owner, due_on, .. } => json!({
            "from": from.as_str(),
            "to": to.as_str(),
            "owner": owner.0,
            "due_on": due_on.to_string(),
        }),
        _ => json!({ "from": from.as_str(), "to": to.as_str() }),
    });
    let change = ActionChange {
        id,
        seen_version,
        from,
        to,
        at: now,
        change,
    };
    match state
        .repo()
        .action_step(&change, &audit)
        .await
        .or_internal()?
    {
        Stepped::Done => Ok(()),
        Stepped::ChangedMeanwhile => Err(AppError::Conflict(Conflict::ActionChanged)),
    }
}

/// The board: every action at the outlets the manager reaches, with the Check's figure.
pub async fn board(state: &AppState, manager: &StaffRecord) -> Result<ActionBoard, AppError> {
    let reached = access::outlets_reached(state, manager).await?;
    let calendar = reached
        .first()
        .ok_or(AppError::invalid(Field::Outlet, Problem::OutsideYourScope))?;
    let today = today(state, calendar).await?;
    let ids: Vec<OutletId> = reached.iter().map(|o| o.id).collect();
    let records = state.repo().actions(&ids).await.or_internal()?;
    let mut actions = Vec::with_capacity(records.len());
    for r in records {
        let Some(outlet) = reached.iter().find(|o| o.id.0 == r.outlet_id) else {
            continue;
        };
        let stage = Stage::parse(&r.stage).ok_or_else(|| internal("stored stage"))?;
        let period = Period::parse(&r.period).map_err(|_| internal("stored period"))?;
        let kpi = r.kpi.as_deref().and_then(Kpi::from_code);
        let check = match kpi {
            Some(kpi) if matches!(stage, Stage::Check | Stage::Closed) => {
                Some(kpis::check_figure(state, manager, outlet.id, kpi, period, today).await?)
            }
            _ => None,
        };
        actions.push(ImprovementAction {
            id: r.id,
            outlet: outlet.id,
            outlet_name: outlet.name.clone(),
            kpi,
            period,
            stage,
            version: r.version,
            round: r.round,
            problem: r.problem,
            cause: r.cause,
            plan: r.plan,
            owner: StaffId(r.owner_staff_id),
            owner_name: r.owner_name,
            due_on: r.due_on,
            done: r.done,
            done_at: r.done_at.map(|at| local_time(outlet, at)).transpose()?,
            decision: r.decision.as_deref().and_then(Decision::parse),
            opened_by: r.opened_by_name,
            opened_at: local_time(outlet, r.created_at)?,
            overdue: overdue(stage, r.due_on, today),
            check,
        });
    }
    Ok(ActionBoard {
        actions,
        owners: owners(state, manager, &reached).await?,
        outlets: reached.iter().map(ScopeChoice::from).collect(),
        today,
    })
}
