//! Online booking: availability, booking, the customer's list, rescheduling and cancelling.
//! Desk bookings (`reception`) go through the same `create` so the rules cannot differ.

use super::catalog::{self, chosen_services};
use super::outlet_time::{instant, local_time};
use crate::domain::availability::{
    check_window, earliest_start, horizon, time_of, Need, OutletCapacity,
};
use crate::domain::booking::*;
use crate::domain::catalog::{Outlet, ServiceType};
use crate::domain::ids::{BookingId, OutletId, ServiceTypeId, StaffId};
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::access;
use crate::server::db::{
    Actor, AuditEntry, BookingRecord, CustomerRecord, FairUse, NewBooking, Slot, SlotOutcome,
    Stepped,
};
use crate::server::error::internal;
use crate::server::{AppState, OrInternal};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::json;

/// The availability grid for the next `horizon_days` days. With `moving`, the grid is for
/// moving that booking: its own place does not count against it.
pub async fn availability(
    state: &AppState,
    outlet_id: OutletId,
    service_ids: &[ServiceTypeId],
    moving: Option<BookingId>,
) -> Result<Availability, AppError> {
    let outlet = catalog::outlet(state, outlet_id).await?;
    let services = catalog::offered(state, outlet.id).await?;
    let (_, need) = chosen_services(&services, service_ids)?;
    grid(state, &outlet, need, moving).await
}

async fn grid(
    state: &AppState,
    outlet: &Outlet,
    need: Need,
    moving: Option<BookingId>,
) -> Result<Availability, AppError> {
    let repo = state.repo();
    let capacity = repo.outlet_capacity(outlet.id).await.or_internal()?;
    if !capacity.can_serve(need) {
        return Err(AppError::invalid(
            Field::Services,
            Problem::NoQualifiedTechnician,
        ));
    }
    let now = local_time(outlet, state.clock.now())?;
    let days = horizon(now.date(), &outlet.policy);
    let (first, last) = (days[0], days[days.len() - 1]);
    let occupied = repo
        .occupancy(outlet.id, first, last, moving)
        .await
        .or_internal()?;
    let earliest = earliest_start(now, &outlet.policy);
    Ok(Availability {
        outlet_id: outlet.id,
        booked_minutes: capacity.booked_minutes(need),
        days: days
            .into_iter()
            .map(|day| capacity.day(day, need, earliest, &occupied))
            .collect(),
    })
}

/// Who is booking: the customer online, or an advisor at the desk for them.
#[derive(Clone, Copy)]
pub struct Booker {
    pub channel: Channel,
    pub staff: Option<StaffId>,
}

impl Booker {
    pub fn online() -> Self {
        Self {
            channel: Channel::Online,
            staff: None,
        }
    }

    fn actor(self, customer: &CustomerRecord) -> Actor {
        self.staff
            .map_or(Actor::Customer(customer.id), Actor::Staff)
    }
}

/// Books a service for `customer`. Capacity is enforced inside the database transaction.
pub async fn create(
    state: &AppState,
    customer: &CustomerRecord,
    request: &BookingRequest,
    by: Booker,
) -> Result<BookingOutcome, AppError> {
    let repo = state.repo();
    let outlet = catalog::outlet(state, request.outlet_id).await?;
    let services = catalog::offered(state, outlet.id).await?;
    let (service_ids, need) = chosen_services(&services, &request.service_ids)?;
    let description = parse_description(&request.description)?;
    let cars = repo.cars_of(customer.id).await.or_internal()?;
    if !cars.iter().any(|car| car.id == request.car_id) {
        return Err(AppError::invalid(Field::Car, Problem::UnknownChoice));
    }
    let capacity = repo.outlet_capacity(outlet.id).await.or_internal()?;
    if !capacity.can_serve(need) {
        return Err(AppError::invalid(
            Field::Services,
            Problem::NoQualifiedTechnician,
        ));
    }
    let now = state.clock.now();
    let slot = slot(&outlet, &capacity, now, request.date, request.start, need)?;
    let today = local_time(&outlet, now)?.date();
    let mut symptoms = request.symptoms.clone();
    symptoms.sort_by_key(|s| SafetySymptom::ALL.iter().position(|x| x == s));
    symptoms.dedup();
    let urgent = is_urgent(&symptoms);
    let detail = json!({
        "outlet": outlet.id.0,
        "date": slot.date,
        "start": time_of(slot.start),
        "urgent": urgent,
        "channel": by.channel.as_str(),
        "services": service_ids.iter().map(|s| s.0).collect::<Vec<_>>(),
    });
    let base = NewBooking {
        number: new_number(today),
        outlet_id: outlet.id,
        customer_id: customer.id,
        car_id: request.car_id,
        slot,
        skills: need.skills,
        service_ids,
        urgent,
        symptoms,
        description,
        channel: by.channel,
        created_by: by.staff,
        at: now,
        fair_use: match by.staff {
            None => Some(FairUse {
                customer: customer.id,
                policy: outlet.policy,
                today,
            }),
            // The desk books for callers and fleets without the online limits.
            Some(_) => None,
        },
    };
    // A booking number is random; in the rare case it is taken, draw another.
    let capacity = &capacity;
    let (outcome, number) = super::with_fresh_draws(&[("bookings", "number")], || {
        let new = NewBooking {
            number: new_number(today),
            ..base.clone()
        };
        let audit = AuditEntry::new(
            now,
            by.actor(customer),
            "booking.created",
            "booking",
            new.number.as_str(),
        )
        .with_detail(detail.clone());
        async move {
            let outcome = repo.book(&new, capacity, &audit).await?;
            Ok((outcome, new.number))
        }
    })
    .await?;
    match outcome {
        SlotOutcome::Done(_) => Ok(BookingOutcome::Booked(BookingConfirmation {
            number,
            date: slot.date,
            start: time_of(slot.start),
            end: time_of(slot.end),
            urgent,
        })),
        SlotOutcome::WindowFull => Ok(BookingOutcome::WindowFull),
        SlotOutcome::CarBusy => Err(AppError::invalid(Field::Window, Problem::CarAlreadyBooked)),
        SlotOutcome::StatusChanged => Err(internal("a new booking cannot change status")),
        SlotOutcome::OverFairUse(limit) => Err(AppError::Conflict(limit)),
    }
}

/// Checks a requested window and places it in time.
fn slot(
    outlet: &Outlet,
    capacity: &OutletCapacity,
    now: DateTime<Utc>,
    date: NaiveDate,
    start: NaiveTime,
    need: Need,
) -> Result<Slot, AppError> {
    let local = local_time(outlet, now)?;
    let (start, end) =
        check_window(capacity, &outlet.policy, local, date, start, need).map_err(|problem| {
            let field = match problem {
                Problem::DateInPast | Problem::DateBeyondHorizon { .. } => Field::Date,
                _ => Field::Window,
            };
            AppError::invalid(field, problem)
        })?;
    Ok(Slot {
        date,
        start,
        end,
        starts_at: instant(outlet, date, start)?,
    })
}

fn new_number(today: NaiveDate) -> BookingNumber {
    BookingNumber::compose(today, rand::random())
}

/// The customer's bookings, newest first, with what they may still do.
pub async fn of_customer(
    state: &AppState,
    customer: &CustomerRecord,
) -> Result<Vec<CustomerBooking>, AppError> {
    let repo = state.repo();
    let records = repo.bookings_of_customer(customer.id).await.or_internal()?;
    let outlets = catalog::outlets(state).await?;
    let services = catalog::service_types(state).await?;
    let now = state.clock.now();
    let mut bookings = records
        .into_iter()
        .map(|record| {
            let outlet = outlets
                .iter()
                .find(|o| o.id == record.outlet_id)
                .ok_or_else(|| internal("booking at unknown outlet"))?;
            let changeable = record.status.apply(BookingEvent::Cancel).is_ok()
                && customer_may_change(record.slot.starts_at, now, outlet.policy.cutoff_hours)
                    .is_ok();
            Ok(CustomerBooking {
                number: record.number,
                outlet_id: outlet.id,
                outlet_name: outlet.name.clone(),
                plate: record.plate,
                car_model: record.car_model,
                services: service_names(&services, &record.service_ids),
                service_ids: record.service_ids,
                date: record.slot.date,
                start: time_of(record.slot.start),
                end: time_of(record.slot.end),
                urgent: record.urgent,
                symptoms: record.symptoms,
                description: record.description,
                status: record.status,
                changeable_until: changeable
                    .then(|| {
                        let cutoff = chrono::Duration::hours(outlet.policy.cutoff_hours as i64);
                        local_time(outlet, record.slot.starts_at - cutoff)
                    })
                    .transpose()?,
                work_order: record.work_order,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    bookings.reverse();
    Ok(bookings)
}

pub fn service_names(
    all: &[ServiceType],
    ids: &[ServiceTypeId],
) -> Vec<crate::domain::catalog::Localized> {
    ids.iter()
        .filter_map(|id| all.iter().find(|s| s.id == *id).map(|s| s.name.clone()))
        .collect()
}

/// The grid for moving one of the customer's bookings.
pub async fn availability_for_move(
    state: &AppState,
    customer: &CustomerRecord,
    number: &BookingNumber,
) -> Result<Availability, AppError> {
    let booking = access::own_booking(state, customer, number).await?;
    let outlet = catalog::outlet(state, booking.outlet_id).await?;
    let need = Need {
        duration_minutes: booking.slot.end - booking.slot.start,
        skills: booking.skills,
    };
    grid(state, &outlet, need, Some(booking.id)).await
}

/// Moves the customer's booking to another window, before the outlet's cut-off.
pub async fn reschedule(
    state: &AppState,
    customer: &CustomerRecord,
    number: &BookingNumber,
    date: NaiveDate,
    start: NaiveTime,
) -> Result<BookingOutcome, AppError> {
    let booking = access::own_booking(state, customer, number).await?;
    let outlet = catalog::outlet(state, booking.outlet_id).await?;
    let now = state.clock.now();
    booking
        .status
        .apply(BookingEvent::Reschedule)
        .map_err(AppError::Conflict)?;
    customer_may_change(booking.slot.starts_at, now, outlet.policy.cutoff_hours)
        .map_err(AppError::Conflict)?;
    let repo = state.repo();
    let capacity = repo.outlet_capacity(outlet.id).await.or_internal()?;
    let need = Need {
        duration_minutes: booking.slot.end - booking.slot.start,
        skills: booking.skills,
    };
    let slot = slot(&outlet, &capacity, now, date, start, need)?;
    // Held to the same fair-use numbers, counted inside the move's transaction.
    let limits = FairUse {
        customer: customer.id,
        policy: outlet.policy,
        today: local_time(&outlet, now)?.date(),
    };
    let audit = AuditEntry::new(
        now,
        Actor::Customer(customer.id),
        "booking.rescheduled",
        "booking",
        booking.number.as_str(),
    )
    .with_detail(json!({
        "from": { "date": booking.slot.date, "start": time_of(booking.slot.start) },
        "to": { "date": slot.date, "start": time_of(slot.start) },
    }));
    match repo
        .reschedule(booking.id, &slot, &capacity, Some(&limits), &audit)
        .await
        .or_internal()?
    {
        SlotOutcome::Done(()) => Ok(BookingOutcome::Booked(BookingConfirmation {
            number: booking.number,
            date: slot.date,
            start: time_of(slot.start),
            end: time_of(slot.end),
            urgent: booking.urgent,
        })),
        SlotOutcome::WindowFull => Ok(BookingOutcome::WindowFull),
        SlotOutcome::CarBusy => Err(AppError::invalid(Field::Window, Problem::CarAlreadyBooked)),
        SlotOutcome::StatusChanged => Err(AppError::Conflict(Conflict::BookingClosed)),
        SlotOutcome::OverFairUse(limit) => Err(AppError::Conflict(limit)),
    }
}

/// Cancels the customer's booking, before the outlet's cut-off.
pub async fn cancel(
    state: &AppState,
    customer: &CustomerRecord,
    number: &BookingNumber,
) -> Result<(), AppError> {
    let booking = access::own_booking(state, customer, number).await?;
    let outlet = catalog::outlet(state, booking.outlet_id).await?;
    let now = state.clock.now();
    let to = booking
        .status
        .apply(BookingEvent::Cancel)
        .map_err(AppError::Conflict)?;
    customer_may_change(booking.slot.starts_at, now, outlet.policy.cutoff_hours)
        .map_err(AppError::Conflict)?;
    let audit = AuditEntry::new(
        now,
        Actor::Customer(customer.id),
        "booking.cancelled",
        "booking",
        booking.number.as_str(),
    );
    change_status(state, &booking, to, audit).await
}

/// Applies a status change decided by the state machine, or reports that someone was faster.
pub async fn change_status(
    state: &AppState,
    booking: &BookingRecord,
    to: BookingStatus,
    audit: AuditEntry,
) -> Result<(), AppError> {
    let audit = audit.with_detail(json!({ "from": booking.status.as_str(), "to": to.as_str() }));
    let changed = state
        .repo()
        .set_booking_status(booking.id, booking.status, to, audit.at, &audit)
        .await
        .or_internal()?;
    match changed {
        Stepped::Done => Ok(()),
        Stepped::ChangedMeanwhile => Err(AppError::Conflict(Conflict::BookingClosed)),
    }
}
