//! The outlet's settings page (the outlet manager): policy numbers, weekday hours, bays and
//! closures; and the bookings those changes leave without a place, which the desk sees too.
//!
//! A change applies at once: the availability grid reads the outlet's capacity on every
//! request, and a booking is checked against it inside the booking's transaction, so nothing
//! new is booked beyond it. Bookings already made are never cancelled by a setting: they are
//! listed here (`bookings_to_move`) for the desk, and a closure also tells each customer.

use super::catalog;
use super::outlet_time::local_time;
use crate::domain::availability::{time_of, Occupancy};
use crate::domain::outlet_settings::*;
use crate::domain::work_order::NotificationKind;
use crate::domain::{AppError, Field, Problem};
use crate::server::db::{Actor, AuditEntry, BookedAt, CustomerMessage, NewClosure, StaffRecord};
use crate::server::wording;
use crate::server::{AppState, OrInternal};
use chrono::{Datelike, NaiveDate};
use serde_json::json;

/// The manager's outlet's settings, closures from today on.
pub async fn settings(state: &AppState, manager: &StaffRecord) -> Result<OutletSettings, AppError> {
    let outlet = catalog::outlet(state, manager.outlet_id()?).await?;
    let today = local_time(&outlet, state.clock.now())?.date();
    state
        .repo()
        .outlet_settings(outlet.id, today)
        .await
        .or_internal()
}

/// Saves the numbers the manager changed; every value is checked before anything is written.
pub async fn save_numbers(
    state: &AppState,
    manager: &StaffRecord,
    typed: &[(PolicyNumber, String)],
) -> Result<(), AppError> {
    let values = typed
        .iter()
        .map(|(number, text)| {
            number
                .parse(text)
                .map(|value| (*number, value))
                .map_err(|problem| AppError::invalid(Field::Policy(*number), problem))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let before = settings(state, manager).await?;
    let changes: Vec<(PolicyNumber, u32, u32)> = values
        .iter()
        .filter_map(|(number, value)| {
            let old = before.numbers.iter().find(|(n, _)| n == number)?.1;
            (old != *value).then_some((*number, old, *value))
        })
        .collect();
    if changes.is_empty() {
        return Ok(());
    }
    let detail: serde_json::Map<String, serde_json::Value> = changes
        .iter()
        .map(|(n, old, new)| (n.column().to_owned(), json!([old, new])))
        .collect();
    let audit = audit_of(state, manager, "outlet.policy_changed")?.with_detail(detail.into());
    let values: Vec<(PolicyNumber, u32)> = changes.iter().map(|(n, _, v)| (*n, *v)).collect();
    state
        .repo()
        .save_policy_numbers(manager.outlet_id()?, &values, &audit)
        .await
        .or_internal()
}

/// Replaces the weekday hours: seven entries, Monday first, `None` for a day off.
pub async fn save_hours(
    state: &AppState,
    manager: &StaffRecord,
    typed: &[Option<(String, String)>],
) -> Result<(), AppError> {
    if typed.len() != 7 {
        return Err(AppError::BadRequest);
    }
    let mut hours = [None; 7];
    for (weekday, day) in typed.iter().enumerate() {
        hours[weekday] = check_hours(day.as_ref().map(|(o, c)| (o.as_str(), c.as_str())))
            .map_err(|problem| AppError::invalid(Field::Weekday(weekday as u8), problem))?;
    }
    let before = capacity_of(state, manager).await?.hours;
    let audit = audit_of(state, manager, "outlet.hours_changed")?
        .with_detail(json!({ "before": before, "after": hours }));
    state
        .repo()
        .save_opening_hours(manager.outlet_id()?, &hours, &audit)
        .await
        .or_internal()
}

/// Sets how many bays take bookings.
pub async fn save_bays(
    state: &AppState,
    manager: &StaffRecord,
    count: u32,
) -> Result<(), AppError> {
    if !(1..=MAX_BAYS).contains(&count) {
        return Err(AppError::invalid(
            Field::Bays,
            Problem::NotBetween {
                min: 1,
                max: MAX_BAYS,
            },
        ));
    }
    let before = capacity_of(state, manager).await?.bays;
    let audit = audit_of(state, manager, "outlet.bays_changed")?
        .with_detail(json!({ "before": before, "after": count }));
    state
        .repo()
        .save_bay_count(manager.outlet_id()?, count, &bay_name, &audit)
        .await
        .or_internal()
}

/// Adds a closure; returns the bookings on those days, whose customers are told at once.
pub async fn add_closure(
    state: &AppState,
    manager: &StaffRecord,
    first_day: NaiveDate,
    last_day: NaiveDate,
    reason: &str,
) -> Result<Vec<BookingToMove>, AppError> {
    let outlet = catalog::outlet(state, manager.outlet_id()?).await?;
    let today = local_time(&outlet, state.clock.now())?.date();
    let reason = check_closure(today, first_day, last_day, reason)
        .map_err(|(field, problem)| AppError::invalid(field, problem))?;
    let new = NewClosure {
        outlet: outlet.id,
        first_day,
        last_day,
        reason: reason.clone(),
        by: manager.id,
        at: state.clock.now(),
    };
    let notice = |booking: &BookedAt| CustomerMessage {
        customer: booking.customer,
        kind: NotificationKind::BookingAffected,
        body: wording::text(
            NotificationKind::BookingAffected.as_str(),
            &[
                ("number", booking.number.as_str()),
                ("plate", booking.plate.as_str()),
                ("month", &booking.date.month().to_string()),
                ("day", &booking.date.day().to_string()),
                ("reason", &reason),
            ],
        ),
        link: Some(format!("/bookings/{}/reschedule", booking.number.as_str())),
    };
    let audit = audit_of(state, manager, "outlet.closure_added")?.with_detail(json!({
        "first_day": first_day,
        "last_day": last_day,
        "reason": reason,
    }));
    let told = state
        .repo()
        .add_closure(&new, &notice, &audit)
        .await
        .or_internal()?;
    Ok(told.iter().map(|b| to_move(b, WhyMove::Closed)).collect())
}

/// Removes one of the outlet's closures (its days take bookings again).
pub async fn remove_closure(
    state: &AppState,
    manager: &StaffRecord,
    id: i64,
) -> Result<(), AppError> {
    let audit = audit_of(state, manager, "outlet.closure_removed")?;
    let audit = AuditEntry {
        entity_key: id.to_string(),
        ..audit
    };
    match state
        .repo()
        .remove_closure(manager.outlet_id()?, id, &audit)
        .await
        .or_internal()?
    {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

/// The outlet's bookings, from today to the end of the booking horizon, that no longer have a
/// place: on a closed day, outside the hours, or beyond the bays and technicians left.
pub async fn bookings_to_move(
    state: &AppState,
    staff: &StaffRecord,
) -> Result<Vec<BookingToMove>, AppError> {
    let outlet = catalog::outlet(state, staff.outlet_id()?).await?;
    let today = local_time(&outlet, state.clock.now())?.date();
    let last = today + chrono::Duration::days(i64::from(outlet.policy.horizon_days.max(1)));
    let repo = state.repo();
    let capacity = repo.outlet_capacity(outlet.id).await.or_internal()?;
    let booked = repo
        .booked_between(outlet.id, today, last)
        .await
        .or_internal()?;
    let occupancy = |b: &BookedAt| Occupancy {
        date: b.date,
        start: b.start,
        end: b.end,
        skills: b.skills,
    };
    let fitting: Vec<&BookedAt> = booked
        .iter()
        .filter(|b| {
            capacity
                .hours_on(b.date)
                .is_some_and(|(opens, closes)| opens <= b.start && b.end <= closes)
        })
        .collect();
    let crowded = capacity.over_capacity(&fitting.iter().map(|b| occupancy(b)).collect::<Vec<_>>());
    Ok(booked
        .iter()
        .filter_map(|b| {
            let why = match capacity.hours_on(b.date) {
                None => WhyMove::Closed,
                Some((opens, closes)) if b.start < opens || closes < b.end => WhyMove::OutsideHours,
                Some(_) if crowded.contains(&occupancy(b)) => WhyMove::OverCapacity,
                Some(_) => return None,
            };
            Some(to_move(b, why))
        })
        .collect())
}

fn to_move(b: &BookedAt, why: WhyMove) -> BookingToMove {
    BookingToMove {
        number: b.number.clone(),
        date: b.date,
        start: time_of(b.start),
        plate: b.plate.clone(),
        customer_name: b.customer_name.clone(),
        phone_masked: b.phone.masked(),
        why,
    }
}

/// What the booking grid reads of the outlet (the hours and bays a save replaces).
async fn capacity_of(
    state: &AppState,
    manager: &StaffRecord,
) -> Result<crate::domain::availability::OutletCapacity, AppError> {
    state
        .repo()
        .outlet_capacity(manager.outlet_id()?)
        .await
        .or_internal()
}

fn audit_of(
    state: &AppState,
    manager: &StaffRecord,
    action: &'static str,
) -> Result<AuditEntry, AppError> {
    Ok(AuditEntry::new(
        state.clock.now(),
        Actor::Staff(manager.id),
        action,
        "outlet",
        manager.outlet_id()?.0.to_string(),
    ))
}
