//! The life-cycle steps staff take, and the notes they write on the timeline.

use super::boards::technician_loads;
use super::{own_job, random_token};
use crate::domain::account::StaffRole;
use crate::domain::identity::bounded_text;
use crate::domain::warranty::Warranty;
use crate::domain::work_order::*;
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::access;
use crate::server::db::*;
use crate::server::services::outlet_time::local_time;
use crate::server::services::{catalog, kpis};
use crate::server::{AppState, OrInternal};
use serde_json::json;

/// A step of the life cycle, by a member of staff of the order's outlet.
pub async fn step(
    state: &AppState,
    staff: &StaffRecord,
    number: &WorkOrderNumber,
    request: &StepRequest,
) -> Result<(), AppError> {
    let order = access::order_here(state, staff, number).await?;
    let event = request.event;
    let own = own_job(staff, &order);
    if !staff.holds(|r| may_do(r, event, own)) {
        return Err(AppError::Forbidden);
    }
    let to = order.status.apply(event).map_err(AppError::Conflict)?;
    let note = request.parsed_note()?;
    let repo = state.repo();
    let now = state.clock.now();
    let mut sets = TransitionSets::default();
    let mut opens_survey = None;
    let mut records_outcome = None;
    let notify_kind = event.notifies_customer();
    match event {
        WorkOrderEvent::Dispatch => {
            let loads = technician_loads(state, order.outlet_id).await?;
            let chosen = match request.technician {
                Some(id) => {
                    let picked = loads.iter().find(|t| t.id == id);
                    if picked.is_some_and(|t| !t.lapsed.intersection(order.skills).is_empty()) {
                        return Err(AppError::invalid(
                            Field::Technician,
                            Problem::CertificateExpired,
                        ));
                    }
                    picked
                        .filter(|t| t.skills.covers(order.skills))
                        .map(|t| t.id)
                }
                None => propose_technician(order.skills, &loads),
            };
            sets.technician = Some(chosen.ok_or(AppError::invalid(
                Field::Technician,
                Problem::TechnicianNotQualified,
            ))?);
        }
        WorkOrderEvent::RequestApproval => {
            let lines = repo.work_order_lines(order.id).await.or_internal()?;
            if !lines.iter().any(|l| l.is_pending()) {
                return Err(AppError::Conflict(Conflict::NothingToApprove));
            }
        }
        WorkOrderEvent::Finish => {
            let lines = repo.work_order_lines(order.id).await.or_internal()?;
            if lines.iter().any(|l| l.is_pending()) {
                return Err(AppError::Conflict(Conflict::ApprovalPending));
            }
        }
        WorkOrderEvent::PassCheck => {
            let typed = request.certificate_number.trim();
            if order.repair_category.needs_certificate() || !typed.is_empty() {
                sets.certificate_number = Some(parse_certificate(typed)?);
            }
        }
        WorkOrderEvent::Deliver => {
            if order.repair_category.needs_certificate() && order.certificate_number.is_none() {
                return Err(AppError::Conflict(Conflict::CertificateMissing));
            }
            let out = parse_odometer(&request.odometer_out_km, order.odometer_in_km)?;
            let outlet = catalog::outlet(state, order.outlet_id).await?;
            let policy = repo.repair_policy(order.outlet_id).await.or_internal()?;
            let warranty = Warranty::promised(order.repair_category, policy.warranty_promise);
            sets.odometer_out_km = Some(out);
            sets.warranty = Some(warranty.cover(local_time(&outlet, now)?.date(), out));
            // What the order contributes to the indicators, read from its events with this
            // hand-over last, is stored with it.
            let mut events = repo.work_order_events(order.id).await.or_internal()?;
            events.push(EventRecord {
                at: now,
                actor_name: staff.display_name.clone(),
                by_system: false,
                event: Some(event),
                from: Some(order.status),
                to,
                note: String::new(),
                public: true,
            });
            records_outcome = Some(kpis::outcome_row(&outlet, &order, &events, &policy)?);
            // Handing the car back opens the satisfaction survey (its link goes out below).
            opens_survey = Some(NewSurvey {
                token: random_token(),
                expires_at: now
                    + chrono::Duration::days(i64::from(policy.closing.survey_valid_days)),
            });
        }
        WorkOrderEvent::StartDiagnosis
        | WorkOrderEvent::StartRepair
        | WorkOrderEvent::PauseForParts
        | WorkOrderEvent::PartsArrived
        | WorkOrderEvent::FailCheck
        | WorkOrderEvent::Settle
        | WorkOrderEvent::Cancel => {}
        WorkOrderEvent::CustomerDecided => return Err(AppError::Forbidden),
    }
    let transition = Transition {
        order: order.id,
        seen_version: order.version,
        event,
        from: order.status,
        to,
        note,
        actor: Actor::Staff(staff.id),
        actor_name: staff.display_name.clone(),
        at: now,
        notify: notify_kind.map(|kind| {
            // Approving needs the signed-in page; everything else the tracking link.
            let path = match (kind, &opens_survey) {
                (NotificationKind::ApprovalRequested, _) => {
                    format!("/orders/{}", order.number.as_str())
                }
                (NotificationKind::SurveyInvite, Some(survey)) => {
                    format!("/survey/{}", survey.token)
                }
                _ => format!("/track/{}", order.tracking_token),
            };
            CustomerMessage {
                customer: order.customer_id,
                kind,
                body: crate::server::wording::text(
                    kind.as_str(),
                    &[
                        ("number", order.number.as_str()),
                        ("plate", order.plate.as_str()),
                    ],
                ),
                link: Some(path),
            }
        }),
        sets,
        opens_survey,
        records_outcome,
    };
    let audit = AuditEntry::new(
        now,
        Actor::Staff(staff.id),
        "work_order.step",
        "work_order",
        order.number.as_str(),
    )
    .with_detail(json!({
        "event": event.as_str(),
        "from": order.status.as_str(),
        "to": to.as_str(),
    }));
    match repo.transition(&transition, &audit).await.or_internal()? {
        Stepped::Done => {}
        Stepped::ChangedMeanwhile => return Err(AppError::Conflict(Conflict::WorkOrderChanged)),
    }
    state.live().publish(order.id).await;
    Ok(())
}

/// A finding or remark on the timeline; `public` ones are shown to the customer.
pub async fn add_note(
    state: &AppState,
    staff: &StaffRecord,
    number: &WorkOrderNumber,
    text: &str,
    public: bool,
) -> Result<(), AppError> {
    let order = access::order_here(state, staff, number).await?;
    let own = own_job(staff, &order);
    let writer = staff.holds(|r| may_write(r, own) || r == StaffRole::QualityInspector);
    if !writer {
        return Err(AppError::Forbidden);
    }
    if !order.status.is_open() {
        return Err(AppError::Conflict(Conflict::EstimateClosed));
    }
    let text = bounded_text(text, TEXT_MAX).map_err(|p| AppError::invalid(Field::Note, p))?;
    let now = state.clock.now();
    let note = NewNote {
        order: order.id,
        note: text,
        public,
        actor: Actor::Staff(staff.id),
        actor_name: staff.display_name.clone(),
        at: now,
    };
    let audit = AuditEntry::new(
        now,
        Actor::Staff(staff.id),
        "work_order.note",
        "work_order",
        order.number.as_str(),
    )
    .with_detail(json!({ "public": public }));
    state.repo().add_note(&note, &audit).await.or_internal()?;
    state.live().publish(order.id).await;
    Ok(())
}
