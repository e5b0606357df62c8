//! Complaints (投诉): filed by customers (signed in, or as guests with their phone number and
//! the order's number), moved through their five stages by the outlet's customer-service
//! manager and manager, escalated when the first response is late.
//!
//! Customers see their own complaints (or the one whose link they hold), and only the entries
//! addressed to them; staff see their outlet's, with every entry.

use super::catalog;
use super::outlet_time::local_time;
use super::work_orders::{random_suffix, random_token};
use crate::domain::catalog::Outlet;
use crate::domain::complaint::*;
use crate::domain::follow_up::FollowUpSource;
use crate::domain::identity::Phone;
use crate::domain::ids::{CustomerId, PhotoId};
use crate::domain::photo::PhotoUpload;
use crate::domain::work_order::{
    CheckInForm, CustomerType, NotificationKind, OldParts, WorkOrderNumber, WorkOrderStatus,
};
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::access;
use crate::server::auth::{throttle, SessionUser};
use crate::server::db::*;
use crate::server::error::internal;
use crate::server::{wording, AppState, OrInternal};
use chrono::Duration;
use serde_json::json;

/// The customer's message: what happened, with the link to the complaint's page.
fn notice(
    customer: CustomerId,
    complaint: &ComplaintNumber,
    token: &str,
    text: &str,
) -> CustomerMessage {
    let kind = NotificationKind::ComplaintUpdate;
    CustomerMessage {
        customer,
        kind,
        body: wording::text(
            kind.as_str(),
            &[("number", complaint.as_str()), ("news", text)],
        ),
        link: Some(format!("/complaint/{token}")),
    }
}

/// Files a complaint. Signed-in customers name one of their orders or, for a general
/// complaint, the outlet; guests give their phone number and the order's number.
pub async fn file(
    state: &AppState,
    caller: Option<&SessionUser>,
    form: &ComplaintForm,
) -> Result<FiledComplaint, AppError> {
    // Who before what: staff are refused before anything about the form is said.
    if matches!(caller, Some(SessionUser::Staff(_))) {
        return Err(AppError::Forbidden);
    }
    let text = form.parse()?;
    let repo = state.repo();
    let order_typed = form.order.trim();
    let (customer, order, by_guest) = match caller {
        Some(SessionUser::Staff(_)) => return Err(AppError::Forbidden),
        Some(SessionUser::Customer(customer)) => {
            let order = match order_typed.is_empty() {
                true => None,
                false => Some(
                    own_order(state, customer.id, order_typed)
                        .await?
                        .ok_or(AppError::invalid(Field::Order, Problem::UnknownChoice))?,
                ),
            };
            (customer.clone(), order, false)
        }
        None => {
            let phone =
                Phone::parse(&form.phone).map_err(|p| AppError::invalid(Field::Phone, p))?;
            if order_typed.is_empty() {
                return Err(AppError::invalid(Field::Order, Problem::Required));
            }
            // Guessing phone and order pairs is throttled like guessing passwords, per number
            // and per order (from the guessing address: never against the owner).
            let keys = [
                format!("complaint-phone:{}", phone.as_str()),
                format!("complaint-order:{}", order_typed.to_uppercase()),
            ];
            let mut admitted = Vec::new();
            for key in &keys {
                admitted.push(throttle::admit(repo, key, state.clock.now()).await?);
            }
            // One answer whether the order does not exist or is someone else's.
            let not_theirs = AppError::invalid(Field::Phone, Problem::PhoneNotOnOrder);
            let customer = repo
                .customer_by_phone(&phone)
                .await
                .or_internal()?
                .ok_or(not_theirs.clone())?;
            let order = own_order(state, customer.id, order_typed)
                .await?
                .ok_or(not_theirs)?;
            for attempt in admitted {
                throttle::succeeded(repo, attempt).await?;
            }
            (customer, Some(order), true)
        }
    };
    let outlet = match (&order, form.outlet) {
        (Some(order), _) => order.outlet_id,
        (None, Some(outlet)) => {
            catalog::outlet(state, outlet)
                .await
                .map_err(|_| AppError::invalid(Field::Outlet, Problem::UnknownChoice))?
                .id
        }
        (None, None) => return Err(AppError::invalid(Field::Outlet, Problem::Required)),
    };
    let policy = repo.repair_policy(outlet).await.or_internal()?.complaints;
    let now = state.clock.now();
    let filed_at_outlet = catalog::outlet(state, outlet).await?;
    // Fair use: a day's complaints per customer, counted across outlets (one person, one
    // allowance) against the number of the outlet the complaint is about.
    let max = filed_at_outlet.policy.max_complaints_per_day;
    let today = local_time(&filed_at_outlet, now)?.date();
    let drawn = [("complaints", "number"), ("complaints", "token")];
    let filed = super::with_fresh_draws(&drawn, || {
        let number = ComplaintNumber::compose(today, random_suffix());
        let token = random_token();
        let new = NewComplaint {
            number: number.clone(),
            token: token.clone(),
            outlet,
            customer: customer.id,
            order: order.as_ref().map(|o| o.id),
            text: text.clone(),
            by_guest,
            actor_name: customer.name.clone(),
            at: now,
            response_due_at: now + Duration::hours(i64::from(policy.response_hours)),
            daily_limit: max,
            notice: notice(
                customer.id,
                &number,
                &token,
                &wording::text(
                    "complaint_received",
                    &[("hours", &policy.response_hours.to_string())],
                ),
            ),
        };
        let audit = AuditEntry::new(
            now,
            Actor::Customer(customer.id),
            "complaint.filed",
            "complaint",
            number.as_str(),
        )
        .with_detail(json!({
            "order": order.as_ref().map(|o| o.number.as_str()),
            "category": text.category.as_str(),
            "guest": by_guest,
        }));
        async move {
            let filed = repo.file_complaint(&new, &audit).await?;
            Ok((filed, FiledComplaint { number, token }))
        }
    })
    .await?;
    match filed {
        (Filed::Filed(_), complaint) => Ok(complaint),
        (Filed::OverDailyLimit, _) => {
            Err(AppError::Conflict(Conflict::TooManyComplaintsToday { max }))
        }
    }
}

/// One of the customer's orders by its typed number, if it is theirs.
async fn own_order(
    state: &AppState,
    customer: crate::domain::ids::CustomerId,
    typed: &str,
) -> Result<Option<WorkOrderRecord>, AppError> {
    let Ok(number) = WorkOrderNumber::parse(typed) else {
        return Ok(None);
    };
    Ok(state
        .repo()
        .work_order_by_number(&number)
        .await
        .or_internal()?
        .filter(|o| o.customer_id == customer))
}

async fn view(
    state: &AppState,
    record: ComplaintRecord,
    for_staff: bool,
) -> Result<ComplaintView, AppError> {
    let repo = state.repo();
    let outlet = catalog::outlet(state, record.outlet_id).await?;
    let now = state.clock.now();
    let mut entries = Vec::new();
    for e in repo.complaint_events(record.id).await.or_internal()? {
        // The customer sees what was addressed to them, and each step taken (who and when),
        // never an internal note or the escalation.
        let note = match (for_staff, e.public, e.event) {
            (true, _, _) | (false, true, _) => e.note,
            (false, false, Some(_)) => String::new(),
            (false, false, None) => continue,
        };
        entries.push(ComplaintEntry {
            at: local_time(&outlet, e.at)?,
            actor: e.actor_name,
            by_customer: e.by_customer,
            event: e.event,
            to_stage: e.to_stage,
            note,
            public: e.public,
            escalation: e.escalation,
            filed: e.filed,
            linked_order: e.linked_order.filter(|_| for_staff),
            linked_technician: e.linked_technician.filter(|_| for_staff),
        });
    }
    let mut photos = Vec::new();
    for (id, caption, at, by_staff) in repo.complaint_photos(record.id).await.or_internal()? {
        if by_staff && !for_staff {
            continue;
        }
        photos.push(ComplaintPhoto {
            id,
            caption,
            at: local_time(&outlet, at)?,
            by_staff,
        });
    }
    let (technicians, last_odometer_km) = match for_staff {
        true => {
            let technicians = repo
                .technicians(record.outlet_id)
                .await
                .or_internal()?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect();
            let odometer = match record.work_order_id {
                Some(id) => repo
                    .work_order_by_id(id)
                    .await
                    .or_internal()?
                    .map_or(0, |o| o.odometer_out_km.unwrap_or(o.odometer_in_km)),
                None => 0,
            };
            (technicians, odometer)
        }
        false => (Vec::new(), 0),
    };
    // The customer learns whose fault it was, not which technician's.
    let responsibility = match (for_staff, record.responsibility) {
        (false, Some(Responsibility::Technician { .. })) => Some(Responsibility::Workmanship),
        (_, r) => r,
    };
    Ok(ComplaintView {
        number: record.number,
        stage: record.stage,
        category: record.category,
        severity: for_staff.then_some(record.severity),
        outlet_name: outlet.name.clone(),
        customer_name: record.customer_name,
        phone: match for_staff {
            // The manager calls the customer back.
            true => record.phone.as_str().to_string(),
            false => record.phone.masked(),
        },
        order: record.order_number,
        plate: record.plate,
        what_happened: record.what_happened,
        wish: record.wish,
        filed_at: local_time(&outlet, record.filed_at)?,
        response_due_at: local_time(&outlet, record.response_due_at)?,
        first_response_at: record
            .first_response_at
            .map(|at| local_time(&outlet, at))
            .transpose()?,
        due_at: record
            .due_at
            .filter(|_| for_staff)
            .map(|at| local_time(&outlet, at))
            .transpose()?,
        overdue: for_staff && record.first_response_at.is_none() && now > record.response_due_at,
        escalated: for_staff && record.escalated_at.is_some(),
        responsibility,
        technician_name: record.technician_name.filter(|_| for_staff),
        resolution: record.resolution,
        rework_order: record.rework_order,
        entries,
        photos,
        technicians,
        last_odometer_km,
        now: local_time(&outlet, now)?,
        token: (!for_staff).then_some(record.token),
        version: record.version,
    })
}

pub async fn view_for_customer(
    state: &AppState,
    caller: Option<&SessionUser>,
    key: &ComplaintKey,
) -> Result<ComplaintView, AppError> {
    let record = access::customer_complaint(state, caller, key).await?;
    view(state, record, false).await
}

pub async fn view_for_staff(
    state: &AppState,
    staff: &StaffRecord,
    number: &ComplaintNumber,
) -> Result<ComplaintView, AppError> {
    let record = access::outlet_complaint(state, staff, number).await?;
    view(state, record, true).await
}

/// The signed-in customer's complaints, newest first.
pub async fn list_of_customer(
    state: &AppState,
    customer: &CustomerRecord,
) -> Result<Vec<ComplaintSummary>, AppError> {
    let outlets = catalog::outlets(state).await?;
    let mut list = Vec::new();
    for c in state
        .repo()
        .complaints_of_customer(customer.id)
        .await
        .or_internal()?
    {
        let outlet = outlets
            .iter()
            .find(|o| o.id == c.outlet_id)
            .ok_or_else(|| internal("complaint of an unknown outlet"))?;
        list.push(ComplaintSummary {
            number: c.number,
            stage: c.stage,
            category: c.category,
            order: c.order_number,
            filed_at: local_time(outlet, c.filed_at)?,
        });
    }
    Ok(list)
}

/// The handler's queue, the most urgent deadline first; the filter's outlet only if it is one
/// of theirs.
pub async fn queue(
    state: &AppState,
    staff: &StaffRecord,
    filter: &ComplaintFilter,
) -> Result<Vec<ComplaintQueueItem>, AppError> {
    let outlets: Vec<Outlet> = access::handled_outlets(state, staff)
        .await?
        .into_iter()
        .filter(|o| filter.outlet.is_none_or(|chosen| chosen == o.id))
        .collect();
    if outlets.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<_> = outlets.iter().map(|o| o.id).collect();
    let now = state.clock.now();
    let records = state
        .repo()
        .complaints_at(&ids, filter)
        .await
        .or_internal()?;
    let mut items = Vec::with_capacity(records.len());
    for c in records {
        let outlet = outlets
            .iter()
            .find(|o| o.id == c.outlet_id)
            .ok_or_else(|| internal("complaint outside the asked outlets"))?;
        items.push(ComplaintQueueItem {
            number: c.number,
            stage: c.stage,
            category: c.category,
            severity: c.severity,
            outlet_name: outlet.name.clone(),
            customer_name: c.customer_name,
            order: c.order_number,
            plate: c.plate,
            filed_at: local_time(outlet, c.filed_at)?,
            due_at: c.due_at.map(|at| local_time(outlet, at)).transpose()?,
            minutes_left: c.due_at.map(|at| (at - now).num_minutes()),
            overdue: c.due_at.is_some_and(|at| now > at),
            escalated: c.escalated_at.is_some(),
        });
    }
    Ok(items)
}

/// A work order an investigation note may point at: one of the complaint's outlet (whose
/// manager reads the note and opens the order).
async fn linkable_order(
    state: &AppState,
    record: &ComplaintRecord,
    typed: &str,
) -> Result<crate::domain::ids::WorkOrderId, AppError> {
    let unknown = AppError::invalid(Field::Order, Problem::UnknownChoice);
    let number = WorkOrderNumber::parse(typed).map_err(|_| unknown.clone())?;
    state
        .repo()
        .work_order_by_number(&number)
        .await
        .or_internal()?
        .filter(|o| o.outlet_id == record.outlet_id)
        .map(|o| o.id)
        .ok_or(unknown)
}

/// The complaint's state before a step, as the step's starting point.
fn step_from(
    record: &ComplaintRecord,
    seen_version: i64,
    at: chrono::DateTime<chrono::Utc>,
) -> ComplaintStep {
    ComplaintStep {
        id: record.id,
        seen_version,
        at,
        author: ComplaintAuthor::Customer(record.customer_id),
        actor_name: String::new(),
        event: None,
        from: record.stage,
        to: record.stage,
        note: String::new(),
        public: false,
        severity: record.severity,
        first_response_at: record.first_response_at,
        due_at: record.due_at,
        responsibility: record.responsibility,
        resolution: record.resolution,
        rework_order: record.rework_order_id,
        linked_order: None,
        linked_technician: None,
        notify: None,
        opens_follow_up: None,
        follow_up_done: None,
    }
}

/// A member of staff takes a step, writes a note or messages the customer.
pub async fn staff_act(
    state: &AppState,
    staff: &StaffRecord,
    number: &ComplaintNumber,
    seen_version: i64,
    action: &StaffAction,
) -> Result<(), AppError> {
    let record = access::outlet_complaint(state, staff, number).await?;
    let now = state.clock.now();
    let policy = state
        .repo()
        .repair_policy(record.outlet_id)
        .await
        .or_internal()?;
    let handling_due = Some(now + Duration::hours(i64::from(policy.complaints.handling_hours)));
    let mut step = step_from(&record, seen_version, now);
    step.author = ComplaintAuthor::Staff(staff.id);
    step.actor_name = staff.display_name.clone();
    step.event = action.event();
    if let Some(event) = step.event {
        step.to = record.stage.apply(event).map_err(AppError::Conflict)?;
    }
    let mut message = None;
    match action {
        StaffAction::Accept { severity, reply } => {
            let reply = step_text(reply, Field::Message)?;
            step.severity = *severity;
            step.first_response_at = record.first_response_at.or(Some(now));
            step.due_at = handling_due;
            step.note = reply.clone();
            step.public = true;
            message = Some(reply);
        }
        StaffAction::Note {
            text,
            public,
            linked_order,
            linked_technician,
        } => {
            let text = step_text(text, Field::Note)?;
            step.linked_order = match linked_order.trim() {
                "" => None,
                typed => Some(linkable_order(state, &record, typed).await?),
            };
            if let Some(technician) = linked_technician {
                let technicians = state
                    .repo()
                    .technicians(record.outlet_id)
                    .await
                    .or_internal()?;
                if !technicians.iter().any(|t| t.id == *technician) {
                    return Err(AppError::invalid(Field::Technician, Problem::UnknownChoice));
                }
                step.linked_technician = Some(*technician);
            }
            step.note = text.clone();
            step.public = *public;
            if *public {
                // A message to the customer is a response.
                step.first_response_at = record.first_response_at.or(Some(now));
                message = Some(text);
            }
        }
        StaffAction::ConcludeInvestigation { findings } => {
            step.note = step_text(findings, Field::Note)?;
        }
        StaffAction::DetermineResponsibility {
            responsibility,
            reasoning,
        } => {
            let responsibility = responsibility
                .ok_or(AppError::invalid(Field::Responsibility, Problem::Required))?;
            if let Responsibility::Technician { technician } = responsibility {
                let technicians = state
                    .repo()
                    .technicians(record.outlet_id)
                    .await
                    .or_internal()?;
                if !technicians.iter().any(|t| t.id == technician) {
                    return Err(AppError::invalid(Field::Technician, Problem::UnknownChoice));
                }
            }
            step.responsibility = Some(responsibility);
            step.note = step_text(reasoning, Field::Note)?;
        }
        StaffAction::Resolve {
            kind,
            amount,
            rework,
            message: text,
        } => {
            let kind = kind.ok_or(AppError::invalid(Field::Resolution, Problem::Required))?;
            let text = step_text(text, Field::Message)?;
            let resolution = match kind {
                ResolutionKind::Apology => Resolution::Apology,
                ResolutionKind::Compensation => Resolution::Compensation {
                    amount: parse_compensation(amount)?,
                },
                ResolutionKind::FreeRework => Resolution::FreeRework,
            };
            if kind == ResolutionKind::FreeRework {
                // The rework's check-in commits on its own: it is checked first, then the
                // complaint is held (a second click or handler is refused), then it is opened.
                let check_in = rework_check_in(state, &record, rework).await?;
                // Opened at the outlet that did the work, by this handler.
                let desk = StaffRecord {
                    working_outlet: Some(record.outlet_id),
                    ..staff.clone()
                };
                super::work_orders::validate_check_in(state, &desk, &check_in).await?;
                match state
                    .repo()
                    .claim_complaint(record.id, seen_version)
                    .await
                    .or_internal()?
                {
                    Stepped::Done => {}
                    Stepped::ChangedMeanwhile => {
                        return Err(AppError::Conflict(Conflict::ComplaintChanged))
                    }
                }
                step.seen_version = seen_version + 1;
                step.rework_order = Some(open_rework(state, &desk, &check_in).await?);
            }
            step.resolution = Some(resolution);
            step.note = text.clone();
            step.public = true;
            message = Some(text);
            let due = now + Duration::hours(i64::from(policy.closing.follow_up_hours));
            step.due_at = Some(due);
            step.opens_follow_up = Some(NewFollowUp {
                outlet: record.outlet_id,
                customer: record.customer_id,
                order: record.work_order_id,
                source: FollowUpSource::Complaint,
                complaint: Some(record.id),
                at: now,
                due_at: due,
            });
        }
        StaffAction::FollowUp { visit, satisfied } => {
            let outcome = visit.parse()?;
            if record.stage != ComplaintStage::FollowUp {
                let event = match satisfied {
                    true => ComplaintEvent::CustomerSatisfied,
                    false => ComplaintEvent::CustomerUnsatisfied,
                };
                return Err(AppError::Conflict(Conflict::IllegalComplaintStep {
                    stage: record.stage,
                    event,
                }));
            }
            step.note = match outcome.satisfaction {
                Some(s) => format!("{} ({s}/5)", outcome.outcome),
                None => outcome.outcome.clone(),
            };
            if outcome.reached {
                step.follow_up_done = Some(FollowUpDone {
                    id: crate::domain::ids::FollowUpId(0),
                    staff: staff.id,
                    at: now,
                    reached: true,
                    satisfaction: outcome.satisfaction,
                    outcome: outcome.outcome,
                });
                match satisfied {
                    true => {
                        step.due_at = None;
                        message = Some(wording::text("complaint_closed", &[]));
                    }
                    false => {
                        step.due_at = handling_due;
                        message = Some(wording::text("complaint_handled_again", &[]));
                    }
                }
            }
        }
        StaffAction::Reopen { reason } => {
            step.note = step_text(reason, Field::Note)?;
            step.due_at = handling_due;
            message = Some(wording::text("complaint_reopened", &[]));
        }
    }
    step.notify = message.map(|m| notice(record.customer_id, &record.number, &record.token, &m));
    let audit = AuditEntry::new(
        now,
        Actor::Staff(staff.id),
        "complaint.step",
        "complaint",
        record.number.as_str(),
    )
    .with_detail(json!({
        "event": step.event.map(|e| e.as_str()),
        "from": step.from.as_str(),
        "to": step.to.as_str(),
        "public": step.public,
        "responsibility": step.responsibility.map(|r| r.as_str()),
        "resolution": step.resolution.map(|r| r.as_str()),
    }));
    record_step(state, &record.number, &mut step, &audit).await?;
    if let Some(order) = record.work_order_id {
        state.live().publish(order).await;
    }
    Ok(())
}

/// The free rework's check-in: the complaint's car, linked to the delivered order complained
/// about (free of charge inside its warranty period), the customer's words from the complaint.
async fn rework_check_in(
    state: &AppState,
    record: &ComplaintRecord,
    form: &ReworkForm,
) -> Result<CheckInForm, AppError> {
    let no_order = AppError::invalid(Field::Resolution, Problem::NoOrderToRework);
    let original = match record.work_order_id {
        Some(id) => state
            .repo()
            .work_order_by_id(id)
            .await
            .or_internal()?
            .ok_or(no_order.clone())?,
        None => return Err(no_order),
    };
    if original.status != WorkOrderStatus::Delivered {
        return Err(no_order);
    }
    Ok(CheckInForm {
        customer_type: Some(CustomerType::Complaint),
        repair_category: Some(original.repair_category),
        odometer_km: form.odometer_km.clone(),
        fuel_percent: form.fuel_percent,
        customer_words: wording::text(
            "rework_words",
            &[
                ("number", record.number.as_str()),
                ("what_happened", &record.what_happened),
            ],
        )
        .chars()
        .take(crate::domain::work_order::TEXT_MAX as usize)
        .collect(),
        expectations: record.wish.clone(),
        promised_at: form.promised_at,
        old_parts: Some(OldParts::Returned),
        rework_of: Some(original.number.clone()),
        ..CheckInForm::default()
    })
}

/// Writes a staff step. Once a free rework is opened it cannot be taken back, so its resolution
/// is recorded whoever wrote meanwhile (a customer adding a line), as long as the complaint is
/// still waiting for it.
async fn record_step(
    state: &AppState,
    number: &ComplaintNumber,
    step: &mut ComplaintStep,
    audit: &AuditEntry,
) -> Result<(), AppError> {
    for _ in 0..3 {
        match state
            .repo()
            .complaint_step(step, audit)
            .await
            .or_internal()?
        {
            Stepped::Done => {
                state.live().publish_complaint(step.id).await;
                return Ok(());
            }
            Stepped::ChangedMeanwhile => {}
        }
        let opened_rework =
            step.event == Some(ComplaintEvent::Resolve) && step.rework_order.is_some();
        if !opened_rework {
            break;
        }
        let fresh = state
            .repo()
            .complaint_by_number(number)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        if fresh.stage != step.from || fresh.rework_order_id.is_some() {
            break;
        }
        step.seen_version = fresh.version;
    }
    Err(AppError::Conflict(Conflict::ComplaintChanged))
}

/// Opens the free rework through the repair life cycle.
async fn open_rework(
    state: &AppState,
    staff: &StaffRecord,
    check_in: &CheckInForm,
) -> Result<crate::domain::ids::WorkOrderId, AppError> {
    let number = super::work_orders::check_in(state, staff, check_in).await?;
    state
        .repo()
        .work_order_by_number(&number)
        .await
        .or_internal()?
        .map(|o| o.id)
        .ok_or_else(|| internal("the rework order just opened is missing"))
}

/// The customer adds information, or says they are not satisfied with a closed complaint.
pub async fn customer_act(
    state: &AppState,
    caller: Option<&SessionUser>,
    key: &ComplaintKey,
    action: &CustomerAction,
) -> Result<(), AppError> {
    let record = access::customer_complaint(state, caller, key).await?;
    let now = state.clock.now();
    let mut step = step_from(&record, record.version, now);
    step.actor_name = record.customer_name.clone();
    step.public = true;
    match action {
        CustomerAction::AddInfo { text } => {
            step.note = step_text(text, Field::Message)?;
        }
        CustomerAction::NotSatisfied { reason } => {
            step.event = Some(ComplaintEvent::Reopen);
            step.to = record
                .stage
                .apply(ComplaintEvent::Reopen)
                .map_err(AppError::Conflict)?;
            step.note = step_text(reason, Field::Message)?;
            let policy = state
                .repo()
                .repair_policy(record.outlet_id)
                .await
                .or_internal()?;
            step.due_at = Some(now + Duration::hours(i64::from(policy.complaints.handling_hours)));
        }
    }
    let audit = AuditEntry::new(
        now,
        Actor::Customer(record.customer_id),
        "complaint.customer_added",
        "complaint",
        record.number.as_str(),
    )
    .with_detail(json!({ "reopened": step.event.is_some() }));
    match state
        .repo()
        .complaint_step(&step, &audit)
        .await
        .or_internal()?
    {
        Stepped::Done => {}
        Stepped::ChangedMeanwhile => return Err(AppError::Conflict(Conflict::ComplaintChanged)),
    }
    state.live().publish_complaint(step.id).await;
    Ok(())
}

/// Keeps a picture the customer sends with their complaint, or one the outlet's complaint
/// handlers add as evidence (staff-only).
pub async fn add_photo(
    state: &AppState,
    caller: Option<&SessionUser>,
    key: &ComplaintKey,
    upload: &PhotoUpload,
) -> Result<PhotoId, AppError> {
    let (record, staff) = access::reached(state, caller, key).await?;
    let staff = staff.map(|s| s.id);
    let (kind, bytes, caption) = super::photos::checked(upload)?;
    let now = state.clock.now();
    let new = NewComplaintPhoto {
        complaint: record.id,
        caption,
        content_type: kind.content_type(),
        bytes,
        staff,
        at: now,
        max: PHOTOS_MAX,
    };
    let audit = AuditEntry::new(
        now,
        staff.map_or(Actor::Customer(record.customer_id), Actor::Staff),
        "complaint.photo_added",
        "complaint",
        record.number.as_str(),
    );
    let id = match state
        .repo()
        .add_complaint_photo(&new, &audit)
        .await
        .or_internal()?
    {
        Added::Added(id) => id,
        Added::Full => {
            return Err(AppError::invalid(
                Field::Photo,
                Problem::TooManyPhotos { max: PHOTOS_MAX },
            ))
        }
    };
    state.live().publish_complaint(record.id).await;
    Ok(id)
}

/// A complaint's picture for the customer (their own, or by the link) or the outlet's staff.
pub async fn photo(
    state: &AppState,
    caller: Option<&SessionUser>,
    key: &ComplaintKey,
    photo: PhotoId,
) -> Result<(String, Vec<u8>), AppError> {
    // (A refusal is a 404 at the picture's address, like a missing picture.)
    let (record, staff) = access::reached(state, caller, key).await?;
    state
        .repo()
        .complaint_photo_bytes(record.id, photo, staff.is_none())
        .await
        .or_internal()?
        .ok_or(AppError::NotFound)
}

/// Escalates every complaint whose first response is overdue to the outlet manager (once).
/// Run by the background worker.
pub async fn escalate_overdue(state: &AppState) {
    let now = state.clock.now();
    let late = match state.repo().unanswered_complaints(now).await {
        Ok(late) => late,
        Err(error) => {
            tracing::error!(%error, "complaints: looking for late responses failed");
            return;
        }
    };
    for c in late {
        let audit = AuditEntry::new(
            now,
            Actor::System,
            "complaint.escalated",
            "complaint",
            c.number.as_str(),
        );
        match state.repo().escalate_complaint(c.id, now, &audit).await {
            Ok(Raised::Done) => state.live().publish_complaint(c.id).await,
            Ok(Raised::NotNeeded) => {}
            Err(error) => tracing::error!(%error, "complaints: escalating failed"),
        }
    }
}
