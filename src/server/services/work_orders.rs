//! The repair: check-in, the life-cycle steps, the estimate, the customer's approval, the
//! boards, and the views both faces read. Staff act only on orders of their own outlet;
//! customers see only their own orders (or the one a tracking token names).
//!
//! Every change is published to `live` after it commits, so watching pages re-read at once.

use super::catalog::{self, chosen_services};
use super::outlet_time::{local_time, zone};
use crate::domain::account::StaffRole;
use crate::domain::booking::BookingStatus;
use crate::domain::catalog::{Outlet, SkillSet};
use crate::domain::estimate::{
    Approval, ApprovalForm, DeskDecisionForm, LineForm, NewLine, Totals,
};
use crate::domain::identity::{bounded_text, Phone};
use crate::domain::ids::LinkToken;
use crate::domain::ids::{LineId, OutletId};
use crate::domain::photo::PhotoRef;
use crate::domain::sla::{ClockEvent, SlaView};
use crate::domain::standard_work::{self, StandardWork};
use crate::domain::survey::SurveyStatus;
use crate::domain::vehicle::Plate;
use crate::domain::warranty::Warranty;
use crate::domain::work_order::*;
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::access;
use crate::server::db::*;
use crate::server::error::internal;
use crate::server::{AppState, OrInternal};
use base64::Engine;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use rand::RngCore;
use serde_json::json;

fn instant_of(outlet: &Outlet, local: NaiveDateTime) -> Result<DateTime<Utc>, AppError> {
    zone(outlet)?
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| internal("local time does not exist"))
}

pub(super) fn random_token() -> String {
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub(super) fn random_suffix() -> [u8; 5] {
    let mut bytes = [0u8; 5];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// The customer and car a check-in is for: the booking's, or a walk-in's by phone and plate.
struct Arrival {
    booking: Option<BookingRecord>,
    customer: CustomerRecord,
    car: crate::domain::vehicle::Car,
}

/// A customer and one of their cars, by the ids a booking or an order holds.
async fn customer_and_car(
    state: &AppState,
    customer: crate::domain::ids::CustomerId,
    car: crate::domain::ids::CarId,
) -> Result<(CustomerRecord, crate::domain::vehicle::Car), AppError> {
    let customer = state
        .repo()
        .customer_by_id(customer)
        .await
        .or_internal()?
        .ok_or(AppError::NotFound)?;
    let car = super::cars::car_of(state, customer.id, car).await?;
    Ok((customer, car))
}

async fn arrival(
    state: &AppState,
    advisor: &StaffRecord,
    form: &CheckInForm,
) -> Result<Arrival, AppError> {
    let repo = state.repo();
    if let Some(number) = &form.booking {
        let booking =
            access::booking_for(state, number, |b| b.outlet_id == advisor.outlet_id).await?;
        let (customer, car) = customer_and_car(state, booking.customer_id, booking.car_id).await?;
        return Ok(Arrival {
            booking: Some(booking),
            customer,
            car,
        });
    }
    // A rework opened from an order of this outlet: the same customer and car.
    if let (Some(original), true) = (&form.rework_of, form.phone.trim().is_empty()) {
        let original = rework_original(state, advisor, original).await?;
        let (customer, car) =
            customer_and_car(state, original.customer_id, original.car_id).await?;
        return Ok(Arrival {
            booking: None,
            customer,
            car,
        });
    }
    let phone = Phone::parse(&form.phone).map_err(|p| AppError::invalid(Field::Phone, p))?;
    let plate = Plate::parse(&form.plate).map_err(|p| AppError::invalid(Field::Plate, p))?;
    let customer = repo
        .customer_by_phone(&phone)
        .await
        .or_internal()?
        .ok_or(AppError::invalid(Field::Phone, Problem::UnknownChoice))?;
    let car = repo
        .cars_of(customer.id)
        .await
        .or_internal()?
        .into_iter()
        .find(|c| c.plate == plate)
        .ok_or(AppError::invalid(Field::Plate, Problem::UnknownChoice))?;
    Ok(Arrival {
        booking: None,
        customer,
        car,
    })
}

/// The order a rework reworks: one of this outlet's (the shop that did the work owes the free
/// rework; another outlet of the group does not see its orders).
async fn rework_original(
    state: &AppState,
    advisor: &StaffRecord,
    number: &WorkOrderNumber,
) -> Result<WorkOrderRecord, AppError> {
    access::order_here(state, advisor, number)
        .await
        .map_err(|e| match e {
            AppError::NotFound => AppError::invalid(Field::ReworkOf, Problem::ReworkNotDelivered),
            other => other,
        })
}

/// What the advisor sees before filling in the check-in form.
pub async fn check_in_start(
    state: &AppState,
    advisor: &StaffRecord,
    form: &CheckInForm,
) -> Result<CheckInStart, AppError> {
    let arrival = arrival(state, advisor, form).await?;
    let outlet = catalog::outlet(state, advisor.outlet_id).await?;
    let records = state
        .repo()
        .work_orders(OrderFilter::Car(arrival.car.id))
        .await
        .or_internal()?;
    let suggested_type = if records
        .iter()
        .any(|o| o.customer_type == CustomerType::Complaint && o.status.is_open())
    {
        CustomerType::Complaint
    } else if records.is_empty() {
        CustomerType::NewCar
    } else {
        CustomerType::Returning
    };
    let history = car_history(state, advisor, &arrival.car, records).await?;
    Ok(CheckInStart {
        customer_name: arrival.customer.name,
        phone_masked: arrival.customer.phone.masked(),
        plate: arrival.car.plate,
        car_model: arrival.car.model,
        last_odometer_km: arrival.car.mileage_km,
        customer_words: arrival
            .booking
            .as_ref()
            .map(|b| b.description.clone())
            .unwrap_or_default(),
        urgent: arrival.booking.as_ref().is_some_and(|b| b.urgent),
        history,
        suggested_type,
        now: local_time(&outlet, state.clock.now())?,
        catalogue: state.repo().standard_work().await.or_internal()?,
        booked: arrival
            .booking
            .as_ref()
            .map(|b| b.service_ids.clone())
            .unwrap_or_default(),
        labour_rate: state
            .repo()
            .repair_policy(outlet.id)
            .await
            .or_internal()?
            .labour_rate,
    })
}

/// The initial estimate of the services the form names, from the catalogue's standard work at
/// the outlet's labour rate (nothing priced comes from the browser), and the customer's
/// consent to it when it has lines.
async fn initial_estimate(
    state: &AppState,
    outlet: OutletId,
    form: &CheckInForm,
    signer_name: &str,
) -> Result<(Vec<NewLine>, Option<InitialConsent>), AppError> {
    if form.services.is_empty() {
        return Ok((Vec::new(), None));
    }
    let catalogue = state.repo().standard_work().await.or_internal()?;
    let chosen: Vec<&StandardWork> = catalogue
        .iter()
        .filter(|work| form.services.contains(&work.service))
        .collect();
    let rate = state
        .repo()
        .repair_policy(outlet)
        .await
        .or_internal()?
        .labour_rate;
    let lines = standard_work::initial_estimate(&chosen, rate);
    if lines.is_empty() {
        return Ok((lines, None));
    }
    let (method, note) = form.consent.check()?;
    if standard_work::initial_total(&lines) != form.consent.total {
        return Err(AppError::Conflict(Conflict::EstimateRepriced));
    }
    let consent = InitialConsent {
        signer_name: signer_name.to_string(),
        method,
        signature_png: match method {
            ApprovalMethod::InPerson => form.consent.signature_png.clone(),
            _ => String::new(),
        },
        note,
    };
    Ok((lines, Some(consent)))
}

/// The car's earlier orders across the group, as the advisor's outlet may see them.
async fn car_history(
    state: &AppState,
    advisor: &StaffRecord,
    car: &crate::domain::vehicle::Car,
    records: Vec<WorkOrderRecord>,
) -> Result<Vec<CarHistoryEntry>, AppError> {
    let outlets = catalog::outlets(state).await?;
    let mut work: std::collections::HashMap<_, Vec<WorkDone>> = Default::default();
    for (order, line) in state.repo().lines_of_car(car.id).await.or_internal()? {
        if line.approval.counts() {
            work.entry(order).or_default().push(WorkDone {
                item: line.item,
                item_en: line.item_en,
            });
        }
    }
    let mut records = records;
    records.sort_by_key(|o| std::cmp::Reverse(o.created_at));
    records
        .into_iter()
        .map(|order| {
            let outlet = outlets
                .iter()
                .find(|o| o.id == order.outlet_id)
                .ok_or_else(|| internal("work order of an unknown outlet"))?;
            Ok(CarHistoryEntry {
                checked_in_at: local_time(outlet, order.created_at)?,
                outlet_name: outlet.name.clone(),
                status: order.status,
                category: order.repair_category,
                odometer_km: order.odometer_out_km.unwrap_or(order.odometer_in_km),
                work: work.remove(&order.id).unwrap_or_default(),
                warranty: order.warranty,
                here: (order.outlet_id == advisor.outlet_id).then_some(OrderHere {
                    number: order.number,
                    customer_words: order.customer_words,
                }),
            })
        })
        .collect()
}

/// The delivered order of the same car a rework names, if the form names one.
async fn checked_rework(
    state: &AppState,
    advisor: &StaffRecord,
    form: &CheckInForm,
    arrival: &Arrival,
) -> Result<Option<WorkOrderRecord>, AppError> {
    let Some(number) = &form.rework_of else {
        return Ok(None);
    };
    let original = rework_original(state, advisor, number).await?;
    if original.car_id != arrival.car.id || original.status != WorkOrderStatus::Delivered {
        return Err(AppError::invalid(
            Field::ReworkOf,
            Problem::ReworkNotDelivered,
        ));
    }
    Ok(Some(original))
}

/// Checks a check-in without opening the order: a caller that must first hold something else
/// (a complaint's free rework) learns of a mistake before anything is committed.
pub async fn validate_check_in(
    state: &AppState,
    advisor: &StaffRecord,
    form: &CheckInForm,
) -> Result<(), AppError> {
    let arrival = arrival(state, advisor, form).await?;
    let outlet = catalog::outlet(state, advisor.outlet_id).await?;
    form.parse(
        arrival.car.mileage_km,
        local_time(&outlet, state.clock.now())?,
    )?;
    checked_rework(state, advisor, form, &arrival).await?;
    Ok(())
}

/// Opens a work order for a booked customer (from the day board) or a walk-in.
pub async fn check_in(
    state: &AppState,
    advisor: &StaffRecord,
    form: &CheckInForm,
) -> Result<WorkOrderNumber, AppError> {
    let arrival = arrival(state, advisor, form).await?;
    let outlet = catalog::outlet(state, advisor.outlet_id).await?;
    let now = state.clock.now();
    let check_in = form.parse(arrival.car.mileage_km, local_time(&outlet, now)?)?;
    // The chosen services' skills, with what the booking needs.
    let chosen_skills = if form.services.is_empty() {
        SkillSet::default()
    } else {
        let services = catalog::service_types(state).await?;
        chosen_services(&services, &form.services)?.1.skills
    };
    let (initial, consent) =
        initial_estimate(state, outlet.id, form, &arrival.customer.name).await?;
    let (skills, urgent, booking_id) = match &arrival.booking {
        Some(booking) => {
            if booking.status == BookingStatus::Booked {
                super::reception::mark_arrived(state, advisor, &booking.number).await?;
            } else if booking.status != BookingStatus::Arrived {
                return Err(AppError::Conflict(Conflict::BookingClosed));
            }
            (
                booking.skills.union(chosen_skills),
                booking.urgent || form.urgent,
                Some(booking.id),
            )
        }
        None => (chosen_skills, form.urgent, None),
    };
    let today = local_time(&outlet, now)?.date();
    let promised_at = instant_of(&outlet, check_in.promised_at)?;
    let (rework_of, free_of_charge) = match checked_rework(state, advisor, form, &arrival).await? {
        None => (None, false),
        Some(original) => {
            let covered = original
                .warranty
                .is_some_and(|w| w.covers(today, check_in.odometer_km));
            (Some(original.id), covered)
        }
    };
    for _ in 0..3 {
        let number = WorkOrderNumber::compose(today, random_suffix());
        let tracking_token = random_token();
        let notice = CustomerMessage {
            customer: arrival.customer.id,
            kind: NotificationKind::CheckedIn,
            body: NotificationKind::CheckedIn.text_zh(number.as_str(), arrival.car.plate.as_str()),
            link: Some(format!("/track/{tracking_token}")),
        };
        let new = NewWorkOrder {
            number: number.clone(),
            outlet_id: outlet.id,
            customer_id: arrival.customer.id,
            car_id: arrival.car.id,
            booking_id,
            urgent,
            skills,
            check_in: check_in.clone(),
            promised_at,
            tracking_token,
            opened_by: advisor.id,
            actor_name: advisor.display_name.clone(),
            at: now,
            notice,
            rework_of,
            free_of_charge,
            initial: initial.clone(),
            consent: consent.clone(),
        };
        let audit = AuditEntry::new(
            now,
            Actor::Staff(advisor.id),
            "work_order.checked_in",
            "work_order",
            number.as_str(),
        )
        .with_detail(json!({
            "booking": arrival.booking.as_ref().map(|b| b.number.as_str()),
            "customer_type": check_in.customer_type.as_str(),
            "rework_of": form.rework_of.as_ref().map(|n| n.as_str()),
            "free_of_charge": free_of_charge,
            "services": form.services.iter().map(|s| s.0).collect::<Vec<_>>(),
            "initial_estimate_fen": standard_work::initial_total(&initial).0,
            "consent": consent.as_ref().map(|c| c.method.as_str()),
        }));
        match state.repo().open_work_order(&new, &audit).await {
            Ok(Some(id)) => {
                state.live().publish(id).await;
                return Ok(number);
            }
            Ok(None) => return Err(AppError::Conflict(Conflict::AlreadyCheckedIn)),
            // A number clash (unique violation) is retried with a fresh number.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
            Err(e) => return Err(internal(e)),
        }
    }
    Err(internal("three work-order number clashes in a row"))
}

fn own_job(staff: &StaffRecord, order: &WorkOrderRecord) -> bool {
    order.technician_staff_id == Some(staff.id)
}

fn clock_events(events: &[EventRecord]) -> Vec<ClockEvent> {
    events
        .iter()
        .map(|e| ClockEvent {
            at: e.at,
            event: e.event,
            to: e.to,
            public_note: e.event.is_none() && e.from.is_some() && e.public,
            note: e.note.clone(),
        })
        .collect()
}

async fn sla_of(
    state: &AppState,
    order: &WorkOrderRecord,
    events: &[EventRecord],
) -> Result<SlaView, AppError> {
    let policy = state
        .repo()
        .repair_policy(order.outlet_id)
        .await
        .or_internal()?;
    Ok(read_sla(state, order, events, &policy))
}

fn read_sla(
    state: &AppState,
    order: &WorkOrderRecord,
    events: &[EventRecord],
    policy: &RepairPolicy,
) -> SlaView {
    SlaView::read(
        &clock_events(events),
        &policy.sla,
        order.urgent,
        state.clock.now(),
    )
}

/// The full view; `viewer` decides what may be done (staff) — customers get `for_customer`.
async fn view(
    state: &AppState,
    order: WorkOrderRecord,
    viewer: Option<&StaffRecord>,
) -> Result<WorkOrderView, AppError> {
    let repo = state.repo();
    let outlet = catalog::outlet(state, order.outlet_id).await?;
    let events = repo.work_order_events(order.id).await.or_internal()?;
    let lines = repo.work_order_lines(order.id).await.or_internal()?;
    let approvals = repo.approvals_of(order.id).await.or_internal()?;
    let photos = repo.photos_of(order.id).await.or_internal()?;
    let survey = repo.survey_of(order.id).await.or_internal()?;
    let sla = sla_of(state, &order, &events).await?;
    let local = |at| local_time(&outlet, at);
    let photos = photos
        .into_iter()
        .map(|p| {
            Ok(PhotoRef {
                id: p.id,
                line: p.line,
                caption: p.caption,
                at: local(p.at)?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let timeline = events
        .iter()
        .map(|e| {
            Ok(TimelineEntry {
                at: local(e.at)?,
                event: e.event,
                from: e.from,
                to: e.to,
                note: e.note.clone(),
                public: e.public,
                actor_name: e.actor_name.clone(),
                by_system: e.by_system,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let approvals = approvals
        .into_iter()
        .map(|a| {
            Ok(ApprovalRecord {
                at: local(a.at)?,
                signer_name: a.signer_name,
                method: a.method,
                approved: a.approved,
                declined: a.declined,
                recorded_by: a.recorded_by,
                note: a.note,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let (allowed, may_write) = match viewer {
        Some(staff) => {
            let own = own_job(staff, &order);
            let allowed = WorkOrderEvent::ALL
                .into_iter()
                .filter(|e| order.status.apply(*e).is_ok() && may_do(staff.role, *e, own))
                .collect();
            (
                allowed,
                work_open(order.status) && may_write(staff.role, own),
            )
        }
        None => (Vec::new(), false),
    };
    Ok(WorkOrderView {
        totals: Totals::of(&lines),
        number: order.number,
        status: order.status,
        urgent: order.urgent,
        outlet_name: outlet.name.clone(),
        outlet_address: outlet.address.clone(),
        outlet_phone: outlet.phone.clone(),
        booking: order.booking_number,
        rework_of: order.rework_of,
        customer_name: order.customer_name,
        phone_masked: order.customer_phone.masked(),
        plate: order.plate,
        car_model: order.car_model,
        vin: order.vin,
        customer_type: Some(order.customer_type),
        repair_category: order.repair_category,
        odometer_in_km: order.odometer_in_km,
        fuel_percent: order.fuel_percent,
        customer_words: order.customer_words,
        expectations: order.expectations,
        walk_around: order.walk_around,
        checked_in_at: local(order.created_at)?,
        promised_at: local(order.promised_at)?,
        old_parts: order.old_parts,
        technician: order.technician_name,
        lines,
        approvals,
        timeline,
        sla,
        certificate_number: order.certificate_number,
        needs_certificate: order.repair_category.needs_certificate(),
        odometer_out_km: order.odometer_out_km,
        warranty: order.warranty,
        free_of_charge: order.free_of_charge,
        survey: survey
            .map(|s| {
                Ok::<_, AppError>(SurveyStatus {
                    // The link is the customer's; staff see the answer.
                    token: viewer.is_none().then_some(s.token),
                    expires_at: local(s.expires_at)?,
                    expired: s.answered_at.is_none() && state.clock.now() >= s.expires_at,
                    answer: s.answer,
                })
            })
            .transpose()?,
        photos,
        tracking_url: state
            .config
            .public_url
            .as_ref()
            .map(|base| format!("{base}/track/{}", order.tracking_token)),
        tracking_token: Some(order.tracking_token),
        now: local(state.clock.now())?,
        allowed,
        may_write,
    })
}

/// Findings and lines can be added while the car is being worked on.
fn work_open(status: WorkOrderStatus) -> bool {
    matches!(
        status,
        WorkOrderStatus::CheckedIn
            | WorkOrderStatus::Dispatched
            | WorkOrderStatus::Diagnosing
            | WorkOrderStatus::InRepair
            | WorkOrderStatus::WaitingParts
    )
}

pub async fn view_for_staff(
    state: &AppState,
    staff: &StaffRecord,
    number: &WorkOrderNumber,
) -> Result<WorkOrderView, AppError> {
    let order = access::order_here(state, staff, number).await?;
    view(state, order, Some(staff)).await
}

pub async fn view_for_customer(
    state: &AppState,
    customer: &CustomerRecord,
    number: &WorkOrderNumber,
) -> Result<WorkOrderView, AppError> {
    let order = access::order_of_customer(state, customer, number).await?;
    Ok(view(state, order, None).await?.for_customer())
}

/// The read-only tracking page, for whoever holds the link.
pub async fn view_by_token(state: &AppState, token: &LinkToken) -> Result<WorkOrderView, AppError> {
    let order = access::order_by_token(state, token).await?;
    Ok(view(state, order, None).await?.for_bystander())
}

async fn summaries(
    state: &AppState,
    records: Vec<WorkOrderRecord>,
) -> Result<Vec<WorkOrderSummary>, AppError> {
    // Outlets and their policies are read once per outlet; the events once per order (a
    // batched read would be the next step if boards grow beyond tens of orders).
    let outlets = catalog::outlets(state).await?;
    let mut policies: Vec<(crate::domain::ids::OutletId, RepairPolicy)> = Vec::new();
    let mut out = Vec::with_capacity(records.len());
    for order in records {
        let outlet = outlets
            .iter()
            .find(|o| o.id == order.outlet_id)
            .cloned()
            .ok_or_else(|| internal("work order of an unknown outlet"))?;
        let policy = match policies.iter().find(|(id, _)| *id == outlet.id) {
            Some((_, policy)) => *policy,
            None => {
                let policy = state.repo().repair_policy(outlet.id).await.or_internal()?;
                policies.push((outlet.id, policy));
                policy
            }
        };
        let events = state
            .repo()
            .work_order_events(order.id)
            .await
            .or_internal()?;
        let sla = read_sla(state, &order, &events, &policy);
        out.push(WorkOrderSummary {
            checked_in_at: local_time(&outlet, order.created_at)?,
            promised_at: local_time(&outlet, order.promised_at)?,
            outlet_name: outlet.name,
            number: order.number,
            status: order.status,
            urgent: order.urgent,
            plate: order.plate,
            car_model: order.car_model,
            customer_name: order.customer_name,
            customer_words: order.customer_words,
            technician: order.technician_name,
            sla,
            customer_type: order.customer_type,
            warranty: order.warranty,
            free_of_charge: order.free_of_charge,
        });
    }
    Ok(out)
}

/// The signed-in customer's orders, newest first (all their cars).
pub async fn of_customer(
    state: &AppState,
    customer: &CustomerRecord,
) -> Result<Vec<WorkOrderSummary>, AppError> {
    let records = state
        .repo()
        .work_orders(OrderFilter::Customer(customer.id))
        .await
        .or_internal()?;
    summaries(state, records).await
}

/// The car's own file (一车一档) for its owner: their orders on it, newest first, each with the
/// work done, what was paid and its warranty, and their bookings of it still to come. Another
/// customer's car is not found; orders of the car's earlier owner stay theirs.
pub async fn car_file(
    state: &AppState,
    customer: &CustomerRecord,
    car: crate::domain::ids::CarId,
) -> Result<CarFile, AppError> {
    let repo = state.repo();
    let car = super::cars::car_of(state, customer.id, car).await?;
    let outlets = catalog::outlets(state).await?;
    // The car's lines in one read, by order, not one read per order.
    let mut lines_by_order: std::collections::HashMap<_, Vec<_>> = Default::default();
    for (order, line) in repo.lines_of_car(car.id).await.or_internal()? {
        if line.approval.counts() {
            lines_by_order.entry(order).or_default().push(line);
        }
    }
    let mut orders = Vec::new();
    for order in repo
        .work_orders(OrderFilter::Car(car.id))
        .await
        .or_internal()?
    {
        if order.customer_id != customer.id {
            continue;
        }
        let outlet = outlets
            .iter()
            .find(|o| o.id == order.outlet_id)
            .ok_or_else(|| internal("work order of an unknown outlet"))?;
        let lines = lines_by_order.remove(&order.id).unwrap_or_default();
        orders.push(CarFileOrder {
            checked_in_at: local_time(outlet, order.created_at)?,
            outlet_name: outlet.name.clone(),
            totals: Totals::of(&lines),
            lines,
            number: order.number,
            status: order.status,
            odometer_km: order.odometer_out_km.unwrap_or(order.odometer_in_km),
            category: order.repair_category,
            free_of_charge: order.free_of_charge,
            warranty: order.warranty,
            certificate_number: order.certificate_number,
        });
    }
    let bookings = super::booking::of_customer(state, customer)
        .await?
        .into_iter()
        .filter(|b| b.plate == car.plate && b.status == BookingStatus::Booked)
        .collect();
    let home = outlets
        .first()
        .ok_or_else(|| internal("no outlet configured"))?;
    Ok(CarFile {
        today: local_time(home, state.clock.now())?.date(),
        car,
        orders,
        bookings,
    })
}

/// The outlet's technicians with their open jobs.
async fn technician_loads(
    state: &AppState,
    outlet: crate::domain::ids::OutletId,
) -> Result<Vec<TechnicianLoad>, AppError> {
    Ok(state
        .repo()
        .technicians(outlet)
        .await
        .or_internal()?
        .into_iter()
        .map(|t| TechnicianLoad {
            id: t.id,
            name: t.name,
            skills: t.skills,
            load: t.load,
        })
        .collect())
}

/// The dispatch board (先急后缓): waiting jobs urgent first with a proposed technician, the
/// jobs in progress, and each technician's load.
pub async fn dispatch_board(
    state: &AppState,
    advisor: &StaffRecord,
) -> Result<DispatchBoard, AppError> {
    let repo = state.repo();
    let open = repo
        .work_orders(OrderFilter::OpenAt(advisor.outlet_id))
        .await
        .or_internal()?;
    let technicians = technician_loads(state, advisor.outlet_id).await?;
    let skills: Vec<SkillSet> = open.iter().map(|o| o.skills).collect();
    let mut waiting = Vec::new();
    let mut in_progress = Vec::new();
    for (summary, needed) in summaries(state, open).await?.into_iter().zip(skills) {
        if summary.status == WorkOrderStatus::CheckedIn {
            waiting.push(DispatchJob {
                proposed: propose_technician(needed, &technicians),
                skills: needed,
                order: summary,
            });
        } else {
            in_progress.push(summary);
        }
    }
    waiting.sort_by(|a, b| board_order(&a.order, &b.order));
    in_progress.sort_by(board_order);
    Ok(DispatchBoard {
        waiting,
        in_progress,
        technicians,
    })
}

/// A technician's open jobs; an inspector's queue (orders waiting for inspection).
pub async fn my_jobs(
    state: &AppState,
    staff: &StaffRecord,
) -> Result<Vec<WorkOrderSummary>, AppError> {
    let open = state
        .repo()
        .work_orders(OrderFilter::OpenAt(staff.outlet_id))
        .await
        .or_internal()?;
    let mine: Vec<WorkOrderRecord> = open
        .into_iter()
        .filter(|o| match staff.role {
            StaffRole::Technician => own_job(staff, o),
            StaffRole::QualityInspector => o.status == WorkOrderStatus::QualityCheck,
            StaffRole::CustomerServiceManager => o.customer_type == CustomerType::Complaint,
            StaffRole::ServiceAdvisor | StaffRole::Admin => true,
        })
        .collect();
    let mut jobs = summaries(state, mine).await?;
    jobs.sort_by(board_order);
    Ok(jobs)
}

/// A step of the life cycle, by a member of staff of the order's outlet.
pub async fn step(
    state: &AppState,
    staff: &StaffRecord,
    number: &WorkOrderNumber,
    request: &StepRequest,
) -> Result<(), AppError> {
    let order = access::order_here(state, staff, number).await?;
    let event = request.event;
    if !may_do(staff.role, event, own_job(staff, &order)) {
        return Err(AppError::Forbidden);
    }
    let to = order.status.apply(event).map_err(AppError::Conflict)?;
    let note = request.parsed_note()?;
    let repo = state.repo();
    let now = state.clock.now();
    let mut sets = TransitionSets::default();
    let mut opens_survey = None;
    let notify_kind = event.notifies_customer();
    match event {
        WorkOrderEvent::Dispatch => {
            let loads = technician_loads(state, order.outlet_id).await?;
            let chosen = match request.technician {
                Some(id) => loads
                    .iter()
                    .find(|t| t.id == id && t.skills.covers(order.skills))
                    .map(|t| t.id),
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
                body: kind.text_zh(order.number.as_str(), order.plate.as_str()),
                link: Some(path),
            }
        }),
        sets,
        opens_survey,
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
    if !repo.transition(&transition, &audit).await.or_internal()? {
        return Err(AppError::Conflict(Conflict::WorkOrderChanged));
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
    let writer =
        may_write(staff.role, own_job(staff, &order)) || staff.role == StaffRole::QualityInspector;
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

/// Adds an estimate line. After check-in it is an added item (增项) waiting for the customer.
pub async fn add_line(
    state: &AppState,
    staff: &StaffRecord,
    number: &WorkOrderNumber,
    form: &LineForm,
) -> Result<LineId, AppError> {
    let order = access::order_here(state, staff, number).await?;
    if !may_write(staff.role, own_job(staff, &order)) {
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
    let id = state
        .repo()
        .add_line(&add, &audit)
        .await
        .or_internal()?
        .ok_or(AppError::Conflict(Conflict::WorkOrderChanged))?;
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
    if !access::Duty::Reception.allows(advisor.role) {
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
    if !state.repo().decide(&decision, &audit).await.or_internal()? {
        return Err(AppError::Conflict(Conflict::WorkOrderChanged));
    }
    state.live().publish(order.id).await;
    Ok(())
}

/// A message as listed; `text` is what the reader sees of it (the customer gets the link too).
fn outbox_message(
    record: NotificationRecord,
    outlet: &Outlet,
    text: String,
) -> Result<OutboxMessage, AppError> {
    Ok(OutboxMessage {
        kind: record.kind,
        order: record.order_number,
        plate: record.plate,
        complaint: record.complaint_number,
        phone_masked: record.phone.masked(),
        created_at: local_time(outlet, record.created_at)?,
        sent_at: record
            .sent_at
            .map(|at| local_time(outlet, at))
            .transpose()?,
        given_up: record.sent_at.is_none()
            && record.attempts >= crate::server::outbox::MAX_ATTEMPTS,
        attempts: record.attempts,
        text,
        link: None,
        last_error: record.last_error,
    })
}

/// The outlet's notifications outbox, newest first (staff). Staff read the text without its
/// link: the survey's and the complaint's act as the customer.
pub async fn outbox(state: &AppState, staff: &StaffRecord) -> Result<Vec<OutboxMessage>, AppError> {
    let outlet = catalog::outlet(state, staff.outlet_id).await?;
    state
        .repo()
        .notifications(OutboxFilter::Outlet(staff.outlet_id))
        .await
        .or_internal()?
        .into_iter()
        .map(|r| {
            let text = r.body.clone();
            outbox_message(r, &outlet, text)
        })
        .collect()
}

/// The customer's messages (demo mode's stand-in for their phone's SMS inbox).
pub async fn messages_of(
    state: &AppState,
    customer: &CustomerRecord,
) -> Result<Vec<OutboxMessage>, AppError> {
    let outlets = catalog::outlets(state).await?;
    let outlet = outlets
        .first()
        .ok_or_else(|| internal("no outlet configured"))?;
    state
        .repo()
        .notifications(OutboxFilter::Customer(customer.id))
        .await
        .or_internal()?
        .into_iter()
        .map(|r| {
            // What their phone received, its link within the app (which works whatever the
            // public address); how delivery went is the desk's business.
            let (text, link) = (r.body.clone(), r.link.clone());
            outbox_message(r, outlet, text).map(|m| OutboxMessage {
                link,
                attempts: 0,
                last_error: None,
                given_up: false,
                ..m
            })
        })
        .collect()
}
