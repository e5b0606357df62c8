//! Closing the loop: the satisfaction survey answered through its link, and the customer-
//! service manager's follow-up tasks (from low answers, and routine calls after delivery).
//!
//! The survey link works without signing in: its token answers that one survey, once, until
//! it expires. Follow-up tasks are worked by the dealer group's customer-service manager and
//! by each outlet's manager (admin) for their outlet (`complaints::handled_outlets`).

use super::catalog;
use super::outlet_time::local_time;
use crate::domain::follow_up::{ClosingPolicy, FollowUpForm, FollowUpSource, FollowUpTask};
use crate::domain::ids::FollowUpId;
use crate::domain::ids::LinkToken;
use crate::domain::survey::{SurveyForm, SurveyInvitation, SurveyOutcome};
use crate::domain::work_order::WorkOrderEvent;
use crate::domain::{AppError, Conflict};
use crate::server::access;
use crate::server::db::*;
use crate::server::error::internal;
use crate::server::{AppState, OrInternal};
use chrono::Duration;
use serde_json::json;

/// How long done tasks stay on the list.
const DONE_SHOWN_DAYS: i64 = 7;
/// How far back the routine sweep looks for deliveries.
const ROUTINE_LOOKBACK_DAYS: i64 = 120;

async fn survey_for(state: &AppState, token: &LinkToken) -> Result<SurveyRecord, AppError> {
    state
        .repo()
        .survey_by_token(token.as_str())
        .await
        .or_internal()?
        .ok_or(AppError::NotFound)
}

async fn order_of(state: &AppState, survey: &SurveyRecord) -> Result<WorkOrderRecord, AppError> {
    state
        .repo()
        .work_order_by_id(survey.work_order_id)
        .await
        .or_internal()?
        .ok_or_else(|| internal("survey of a missing order"))
}

/// What the survey page shows: the order to rate, or why it cannot be answered.
pub async fn invitation(state: &AppState, token: &LinkToken) -> Result<SurveyInvitation, AppError> {
    let survey = survey_for(state, token).await?;
    let order = order_of(state, &survey).await?;
    if survey.answered_at.is_some() {
        return Ok(SurveyInvitation::Answered {
            order: order.number,
        });
    }
    let now = state.clock.now();
    if now >= survey.expires_at {
        return Ok(SurveyInvitation::Expired);
    }
    let outlet = catalog::outlet(state, order.outlet_id).await?;
    let events = state
        .repo()
        .work_order_events(order.id)
        .await
        .or_internal()?;
    let delivered = events
        .iter()
        .rev()
        .find(|e| e.event == Some(WorkOrderEvent::Deliver))
        .map_or(order.created_at, |e| e.at);
    Ok(SurveyInvitation::Open {
        order: order.number,
        outlet_name: outlet.name.clone(),
        plate: order.plate,
        car_model: order.car_model,
        delivered_at: local_time(&outlet, delivered)?,
        expires_at: local_time(&outlet, survey.expires_at)?,
    })
}

/// Records the answer (once); a detractor or a low rating opens a follow-up task.
pub async fn answer(
    state: &AppState,
    token: &LinkToken,
    form: &SurveyForm,
) -> Result<SurveyOutcome, AppError> {
    let survey = survey_for(state, token).await?;
    if survey.answered_at.is_some() {
        return Ok(SurveyOutcome::AlreadyAnswered);
    }
    let now = state.clock.now();
    if now >= survey.expires_at {
        return Ok(SurveyOutcome::Expired);
    }
    let answer = form.parse()?;
    let order = order_of(state, &survey).await?;
    let follow_up = match answer.needs_follow_up() {
        true => {
            let policy = state
                .repo()
                .repair_policy(order.outlet_id)
                .await
                .or_internal()?;
            Some(NewFollowUp {
                outlet: order.outlet_id,
                customer: order.customer_id,
                order: Some(order.id),
                source: FollowUpSource::Survey,
                complaint: None,
                at: now,
                due_at: now + Duration::hours(i64::from(policy.closing.follow_up_hours)),
            })
        }
        false => None,
    };
    let audit = AuditEntry::new(
        now,
        Actor::Customer(order.customer_id),
        "survey.answered",
        "work_order",
        order.number.as_str(),
    )
    .with_detail(json!({
        "nps": answer.nps,
        "ratings": answer.ratings,
        "follow_up": follow_up.is_some(),
    }));
    // The answer counts on the day the survey was sent (answered of those sent) and today.
    let outlet = catalog::outlet(state, order.outlet_id).await?;
    let sent = (outlet.id, local_time(&outlet, survey.created_at)?.date());
    let answered = (outlet.id, local_time(&outlet, now)?.date());
    let recorded = state
        .repo()
        .answer_survey(
            survey.id,
            &answer,
            now,
            follow_up.as_ref(),
            &[sent, answered],
            &audit,
        )
        .await
        .or_internal()?;
    match recorded {
        Once::Done => {}
        Once::AlreadyDone => return Ok(SurveyOutcome::AlreadyAnswered),
    }
    state.live().publish(order.id).await;
    Ok(SurveyOutcome::Thanks {
        follow_up: follow_up.is_some(),
    })
}

/// The outlet's follow-up tasks: open ones by due time, then those done this past week.
pub async fn follow_up_list(
    state: &AppState,
    staff: &StaffRecord,
) -> Result<Vec<FollowUpTask>, AppError> {
    let now = state.clock.now();
    let outlets = access::handled_outlets(state, staff).await?;
    let ids: Vec<_> = outlets.iter().map(|o| o.id).collect();
    let records = state
        .repo()
        .follow_ups(&ids, now - Duration::days(DONE_SHOWN_DAYS))
        .await
        .or_internal()?;
    let mut tasks = Vec::with_capacity(records.len());
    for r in records {
        let outlet = outlets
            .iter()
            .find(|o| o.id == r.outlet_id)
            .ok_or_else(|| internal("follow-up outside the asked outlets"))?;
        tasks.push(FollowUpTask {
            id: r.id,
            source: r.source,
            customer_name: r.customer_name,
            phone: r.phone.as_str().to_string(),
            order: r.order_number,
            plate: r.plate,
            complaint: r.complaint_number,
            created_at: local_time(outlet, r.created_at)?,
            due_at: local_time(outlet, r.due_at)?,
            done_at: r.done_at.map(|at| local_time(outlet, at)).transpose()?,
            overdue: r.done_at.is_none() && now > r.due_at,
            survey: r.survey,
            reached: r.reached,
            satisfaction: r.satisfaction,
            outcome: r.outcome,
            done_by: r.done_by,
        });
    }
    Ok(tasks)
}

/// The manager records how the call went; a task is done once.
pub async fn record_follow_up(
    state: &AppState,
    staff: &StaffRecord,
    id: FollowUpId,
    form: &FollowUpForm,
) -> Result<(), AppError> {
    let outlets = access::handled_outlets(state, staff).await?;
    let task = state
        .repo()
        .follow_up_by_id(id)
        .await
        .or_internal()?
        .filter(|t| outlets.iter().any(|o| o.id == t.outlet_id))
        .ok_or(AppError::NotFound)?;
    // A complaint's call is recorded on the complaint, where it closes or reopens it.
    if task.complaint_number.is_some() {
        return Err(AppError::BadRequest);
    }
    let outcome = form.parse()?;
    let now = state.clock.now();
    let done = FollowUpDone {
        id: task.id,
        staff: staff.id,
        at: now,
        reached: outcome.reached,
        satisfaction: outcome.satisfaction,
        outcome: outcome.outcome,
    };
    let audit = AuditEntry::new(
        now,
        Actor::Staff(staff.id),
        "follow_up.done",
        "follow_up",
        task.id.0.to_string(),
    )
    .with_detail(json!({
        "source": task.source.as_str(),
        "reached": done.reached,
        "satisfaction": done.satisfaction,
    }));
    match state
        .repo()
        .record_follow_up(&done, &audit)
        .await
        .or_internal()?
    {
        Once::Done => Ok(()),
        Once::AlreadyDone => Err(AppError::Conflict(Conflict::FollowUpDone)),
    }
}

/// Opens the routine call for every order delivered at least the outlet's routine days ago
/// (once per order, whichever instance sees it first). Run by the background worker.
pub async fn open_routine_follow_ups(state: &AppState) {
    let now = state.clock.now();
    let delivered = match state
        .repo()
        .delivered_without_routine_call(now - Duration::days(ROUTINE_LOOKBACK_DAYS))
        .await
    {
        Ok(delivered) => delivered,
        Err(error) => {
            tracing::error!(%error, "follow-ups: looking for deliveries failed");
            return;
        }
    };
    // Each outlet's policy read once per sweep.
    let mut policies: Vec<(crate::domain::ids::OutletId, ClosingPolicy)> = Vec::new();
    for d in delivered {
        let outlet = d.order.outlet_id;
        let policy = match policies.iter().find(|(id, _)| *id == outlet) {
            Some((_, policy)) => *policy,
            None => match state.repo().repair_policy(outlet).await {
                Ok(policy) => {
                    policies.push((outlet, policy.closing));
                    policy.closing
                }
                Err(error) => {
                    tracing::error!(%error, "follow-ups: reading the outlet's policy failed");
                    return;
                }
            },
        };
        let days = i64::from(policy.routine_follow_up_days);
        if days == 0 || d.delivered_at + Duration::days(days) > now {
            continue;
        }
        let new = NewFollowUp {
            outlet: d.order.outlet_id,
            customer: d.order.customer_id,
            order: Some(d.order.id),
            source: FollowUpSource::Routine,
            complaint: None,
            at: now,
            due_at: now + Duration::hours(i64::from(policy.follow_up_hours)),
        };
        let audit = AuditEntry::new(
            now,
            Actor::System,
            "follow_up.opened",
            "work_order",
            d.order.number.as_str(),
        )
        .with_detail(json!({ "source": "routine" }));
        match state.repo().add_follow_up(&new, &audit).await {
            // Opened now, or by another instance first: either way the order has its call.
            Ok(Once::Done | Once::AlreadyDone) => {}
            Err(error) => tracing::error!(%error, "follow-ups: opening a routine call failed"),
        }
    }
}
