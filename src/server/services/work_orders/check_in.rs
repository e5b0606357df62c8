//! Check-in: who and what arrives (a booking, a walk-in, a rework), what the form starts from
//! (the car's history across the group), the initial estimate and its consent, and opening
//! the order.

use super::{random_suffix, random_token};
use crate::domain::booking::BookingStatus;
use crate::domain::catalog::{Outlet, SkillSet};
use crate::domain::estimate::NewLine;
use crate::domain::identity::Phone;
use crate::domain::ids::{OutletId, ServiceTypeId};
use crate::domain::standard_work::{self, StandardWork};
use crate::domain::vehicle::Plate;
use crate::domain::work_order::*;
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::access;
use crate::server::db::*;
use crate::server::error::internal;
use crate::server::services::catalog::{self, chosen_services};
use crate::server::services::outlet_time::{local_time, zone};
use crate::server::{AppState, OrInternal};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde_json::json;

fn instant_of(outlet: &Outlet, local: NaiveDateTime) -> Result<DateTime<Utc>, AppError> {
    zone(outlet)?
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| internal("local time does not exist"))
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
    let car = crate::server::services::cars::car_of(state, customer.id, car).await?;
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
            access::booking_for(state, number, |b| Ok(b.outlet_id) == advisor.outlet_id()).await?;
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
    let outlet = catalog::outlet(state, advisor.outlet_id()?).await?;
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
    let catalogue = standard_work_here(state, outlet.id, &arrival).await?;
    let booked = booked_services(&arrival);
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
        catalogue,
        booked,
        labour_rate: state
            .repo()
            .repair_policy(outlet.id)
            .await
            .or_internal()?
            .labour_rate,
    })
}

/// The booking's services, if the car was booked.
fn booked_services(arrival: &Arrival) -> Vec<ServiceTypeId> {
    arrival
        .booking
        .as_ref()
        .map(|b| b.service_ids.clone())
        .unwrap_or_default()
}

/// The standard work check-in chooses from: what the outlet offers, and the booking's own
/// services even if withdrawn or retired since (the customer booked them).
async fn standard_work_here(
    state: &AppState,
    outlet: OutletId,
    arrival: &Arrival,
) -> Result<Vec<StandardWork>, AppError> {
    let services = catalog::for_check_in(state, outlet, &booked_services(arrival)).await?;
    state.repo().standard_work(&services).await.or_internal()
}

/// The initial estimate of the services the form names, from the catalogue's standard work at
/// the outlet's labour rate (nothing priced comes from the browser), and the customer's
/// consent to it when it has lines.
async fn initial_estimate(
    state: &AppState,
    outlet: OutletId,
    form: &CheckInForm,
    arrival: &Arrival,
) -> Result<(Vec<NewLine>, Option<InitialConsent>), AppError> {
    if form.services.is_empty() {
        return Ok((Vec::new(), None));
    }
    let signer_name = arrival.customer.name.as_str();
    let catalogue = standard_work_here(state, outlet, arrival).await?;
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
                here: (Ok(order.outlet_id) == advisor.outlet_id()).then_some(OrderHere {
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
    let outlet = catalog::outlet(state, advisor.outlet_id()?).await?;
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
    let outlet = catalog::outlet(state, advisor.outlet_id()?).await?;
    let now = state.clock.now();
    let check_in = form.parse(arrival.car.mileage_km, local_time(&outlet, now)?)?;
    // The chosen services' skills, with what the booking needs.
    let chosen_skills = if form.services.is_empty() {
        SkillSet::default()
    } else {
        let services = catalog::for_check_in(state, outlet.id, &booked_services(&arrival)).await?;
        chosen_services(&services, &form.services)?.1.skills
    };
    let (initial, consent) = initial_estimate(state, outlet.id, form, &arrival).await?;
    let (skills, urgent, booking_id) = match &arrival.booking {
        Some(booking) => {
            if booking.status == BookingStatus::Booked {
                crate::server::services::reception::mark_arrived(state, advisor, &booking.number)
                    .await?;
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
    let drawn = [("work_orders", "number"), ("work_orders", "tracking_token")];
    let repo = state.repo();
    let (opened, number) = super::super::with_fresh_draws(&drawn, || {
        let number = WorkOrderNumber::compose(today, random_suffix());
        let tracking_token = random_token();
        let notice = CustomerMessage {
            customer: arrival.customer.id,
            kind: NotificationKind::CheckedIn,
            body: crate::server::wording::text(
                NotificationKind::CheckedIn.as_str(),
                &[
                    ("number", number.as_str()),
                    ("plate", arrival.car.plate.as_str()),
                ],
            ),
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
            opened_on: today,
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
        async move {
            let opened = repo.open_work_order(&new, &audit).await?;
            Ok((opened, number))
        }
    })
    .await?;
    let id = match opened {
        Created::Created(id) => id,
        Created::AlreadyExists => return Err(AppError::Conflict(Conflict::AlreadyCheckedIn)),
    };
    state.live().publish(id).await;
    Ok(number)
}
