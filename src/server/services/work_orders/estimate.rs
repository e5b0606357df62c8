//! The estimate after check-in: added lines, and the customer's decision on them (on the
//! portal, or recorded at the desk).

use super::{own_job, work_open};
use crate::domain::estimate::{Approval, ApprovalForm, DeskDecisionForm, LineForm};
use crate::domain::ids::LineId;
use crate::domain::work_order::*;
use crate::domain::{AppError, Conflict};
use crate::server::access;
use crate::server::db::*;
use crate::server::{AppState, OrInternal};
use serde_json::json;

/// Adds an estimate line. After check-in it is an added item (增项) waiting for the customer.
pub async fn add_line(
    state: &AppState,
    staff: &StaffRecord,
    number: &WorkOrderNumber,
    form: &LineForm,
) -> Result<LineId, AppError> {
    let order = access::order_here(state, staff, number).await?;
    let own = own_job(staff, &order);
    if !staff.holds(|r| may_write(r, own)) {
        return Err(AppError::Forbidden);
    }
    if !work_open(order.status) {
        return Err(AppError::Conflict(Conflict::EstimateClosed));
    }
    let line = form.parse()?;
    let now = state.clock.now();
    let approval = Approval::for_line_added_in(order.status);
    let add = LineToAdd {
        order: order.id,
        seen_status: order.status,
        approval,
        staff: staff.id,
        at: now,
        line,
    };
    let audit = AuditEntry::new(
        now,
        Actor::Staff(staff.id),
        "work_order.line_added",
        "work_order",
        order.number.as_str(),
    )
    .with_detail(json!({
        "item": add.line.item,
        "amount_fen": add.line.amount().0,
        "approval": approval.as_str(),
    }));
    let id = match state.repo().add_line(&add, &audit).await.or_internal()? {
        LineAdded::Added(id) => id,
        LineAdded::ChangedMeanwhile => return Err(AppError::Conflict(Conflict::WorkOrderChanged)),
    };
    state.live().publish(order.id).await;
    Ok(id)
}

/// The customer approves or declines every pending line and signs.
pub async fn decide(
    state: &AppState,
    customer: &CustomerRecord,
    number: &WorkOrderNumber,
    form: &ApprovalForm,
) -> Result<(), AppError> {
    let order = access::order_of_customer(state, customer, number).await?;
    order
        .status
        .apply(WorkOrderEvent::CustomerDecided)
        .map_err(AppError::Conflict)?;
    form.check(&pending_lines(state, &order).await?)?;
    let given = GivenDecision {
        by: Actor::Customer(customer.id),
        by_name: customer.name.clone(),
        recorded_by: None,
        method: ApprovalMethod::PortalSignature,
        signature_png: form.signature_png.clone(),
        note: String::new(),
        decisions: form.decisions.clone(),
    };
    record_decision(state, order, given).await
}

/// An advisor records the decision a customer gave by phone or in person at the desk.
pub async fn decide_at_desk(
    state: &AppState,
    advisor: &StaffRecord,
    number: &WorkOrderNumber,
    form: &DeskDecisionForm,
) -> Result<(), AppError> {
    let order = access::order_here(state, advisor, number).await?;
    if !advisor.holds(|r| access::Duty::Reception.allows(r)) {
        return Err(AppError::Forbidden);
    }
    order
        .status
        .apply(WorkOrderEvent::CustomerDecided)
        .map_err(AppError::Conflict)?;
    let note = form.check(&pending_lines(state, &order).await?)?;
    let given = GivenDecision {
        by: Actor::Staff(advisor.id),
        by_name: advisor.display_name.clone(),
        recorded_by: Some(advisor.id),
        method: form.method,
        signature_png: match form.method {
            ApprovalMethod::InPerson => form.signature_png.clone(),
            _ => String::new(),
        },
        note,
        decisions: form.decisions.clone(),
    };
    record_decision(state, order, given).await
}

async fn pending_lines(state: &AppState, order: &WorkOrderRecord) -> Result<Vec<LineId>, AppError> {
    Ok(state
        .repo()
        .work_order_lines(order.id)
        .await
        .or_internal()?
        .iter()
        .filter(|l| l.is_pending())
        .map(|l| l.id)
        .collect())
}

/// A checked decision on the pending lines, and who gave or recorded it how.
struct GivenDecision {
    by: Actor,
    by_name: String,
    recorded_by: Option<crate::domain::ids::StaffId>,
    method: ApprovalMethod,
    signature_png: String,
    note: String,
    decisions: Vec<crate::domain::estimate::LineDecision>,
}

/// Stores the decision with the step back to repair, in one transaction.
async fn record_decision(
    state: &AppState,
    order: WorkOrderRecord,
    given: GivenDecision,
) -> Result<(), AppError> {
    let event = WorkOrderEvent::CustomerDecided;
    let to = order.status.apply(event).map_err(AppError::Conflict)?;
    let approved: Vec<i64> = given
        .decisions
        .iter()
        .filter(|d| d.approve)
        .map(|d| d.line.0)
        .collect();
    let declined: Vec<i64> = given
        .decisions
        .iter()
        .filter(|d| !d.approve)
        .map(|d| d.line.0)
        .collect();
    let now = state.clock.now();
    let audit = AuditEntry::new(
        now,
        given.by,
        "work_order.customer_decided",
        "work_order",
        order.number.as_str(),
    )
    .with_detail(json!({
        "counts": [approved.len(), declined.len()],
        "approved": approved,
        "declined": declined,
        "method": given.method.as_str(),
        "recorded_by": given.recorded_by.map(|s| s.0),
    }));
    let decision = Decision {
        transition: Transition {
            order: order.id,
            seen_version: order.version,
            event,
            from: order.status,
            to,
            note: String::new(),
            actor: given.by,
            actor_name: given.by_name,
            at: now,
            sets: TransitionSets::default(),
            notify: None,
            opens_survey: None,
            records_outcome: None,
        },
        customer: order.customer_id,
        // The customer decided, whoever typed it in.
        signer_name: order.customer_name.clone(),
        method: given.method,
        signature_png: given.signature_png,
        decisions: given.decisions,
        recorded_by: given.recorded_by,
        note: given.note,
    };
    match state.repo().decide(&decision, &audit).await.or_internal()? {
        Stepped::Done => {}
        Stepped::ChangedMeanwhile => return Err(AppError::Conflict(Conflict::WorkOrderChanged)),
    }
    state.live().publish(order.id).await;
    Ok(())
}
