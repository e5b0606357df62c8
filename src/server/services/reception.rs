//! The reception desk (业务接待): the day's bookings, arrivals and no-shows, and bookings
//! made for customers who phone or walk in. Always scoped to the advisor's own outlet.

use super::booking::{self, service_names, Booker};
use super::catalog;
use super::outlet_time::local_time;
use crate::domain::account::CustomerCard;
use crate::domain::availability::time_of;
use crate::domain::booking::*;
use crate::domain::identity::{PersonName, Phone};
use crate::domain::ids::ServiceTypeId;
use crate::domain::vehicle::{Car, CarForm};
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::access;
use crate::server::db::{
    Actor, AuditEntry, BookingRecord, Created, CustomerRecord, NewCustomer, SlotOutcome,
    StaffRecord,
};
use crate::server::services::cars;
use crate::server::{AppState, OrInternal};
use chrono::NaiveDate;
use serde_json::json;

/// The advisor's outlet's bookings on `day`, urgent first then by time.
pub async fn day(
    state: &AppState,
    advisor: &StaffRecord,
    day: NaiveDate,
) -> Result<DeskDay, AppError> {
    let outlet = catalog::outlet(state, advisor.outlet_id()?).await?;
    let services = catalog::service_types(state).await?;
    let records = state
        .repo()
        .bookings_on_day(outlet.id, day)
        .await
        .or_internal()?;
    let mut bookings: Vec<DeskBooking> = records
        .into_iter()
        .map(|b| DeskBooking {
            start: time_of(b.slot.start),
            end: time_of(b.slot.end),
            urgent: b.urgent,
            services: service_names(&services, &b.service_ids),
            symptoms: b.symptoms,
            description: b.description,
            status: b.status,
            channel: b.channel,
            customer_name: b.customer_name,
            phone_masked: b.customer_phone.masked(),
            plate: b.plate,
            car_model: b.car_model,
            number: b.number,
            work_order: b.work_order,
        })
        .collect();
    bookings.sort_by(desk_order);
    Ok(DeskDay {
        date: day,
        now: local_time(&outlet, state.clock.now())?,
        outlet_name: outlet.name,
        bookings,
    })
}

/// A booking at the advisor's outlet; others are "not found".
async fn booking_here(
    state: &AppState,
    advisor: &StaffRecord,
    number: &BookingNumber,
) -> Result<BookingRecord, AppError> {
    let outlet = advisor.outlet_id()?;
    access::booking_for(state, number, |b| b.outlet_id == outlet).await
}

/// The customer has arrived: allowed on the booked day. A late customer already marked
/// no-show can still be received, if their window has not been given away meanwhile.
pub async fn mark_arrived(
    state: &AppState,
    advisor: &StaffRecord,
    number: &BookingNumber,
) -> Result<(), AppError> {
    let booking = booking_here(state, advisor, number).await?;
    let outlet = catalog::outlet(state, booking.outlet_id).await?;
    let to = booking
        .status
        .apply(BookingEvent::Arrive)
        .map_err(AppError::Conflict)?;
    let now = state.clock.now();
    if local_time(&outlet, now)?.date() != booking.slot.date {
        return Err(AppError::Conflict(Conflict::ArrivalNotToday));
    }
    let audit = AuditEntry::new(
        now,
        Actor::Staff(advisor.id),
        "booking.arrived",
        "booking",
        booking.number.as_str(),
    );
    if booking.status.holds_capacity() {
        return booking::change_status(state, &booking, to, audit).await;
    }
    let repo = state.repo();
    let capacity = repo.outlet_capacity(outlet.id).await.or_internal()?;
    let audit = audit.with_detail(json!({ "from": booking.status.as_str(), "to": to.as_str() }));
    match repo
        .reclaim_capacity(booking.id, booking.status, to, &capacity, &audit)
        .await
        .or_internal()?
    {
        SlotOutcome::Done(()) => Ok(()),
        SlotOutcome::WindowFull | SlotOutcome::CarBusy => {
            Err(AppError::Conflict(Conflict::NoCapacityLeft))
        }
        SlotOutcome::StatusChanged => Err(AppError::Conflict(Conflict::BookingClosed)),
        // Reclaiming a no-show's place is the desk's, never fair-use limited.
        SlotOutcome::OverFairUse(limit) => Err(AppError::Conflict(limit)),
    }
}

/// The customer did not come: allowed once the booked time has begun.
pub async fn mark_no_show(
    state: &AppState,
    advisor: &StaffRecord,
    number: &BookingNumber,
) -> Result<(), AppError> {
    let booking = booking_here(state, advisor, number).await?;
    let to = booking
        .status
        .apply(BookingEvent::MarkNoShow)
        .map_err(AppError::Conflict)?;
    let now = state.clock.now();
    if now < booking.slot.starts_at {
        return Err(AppError::Conflict(Conflict::NoShowTooEarly));
    }
    let audit = AuditEntry::new(
        now,
        Actor::Staff(advisor.id),
        "booking.no_show",
        "booking",
        booking.number.as_str(),
    );
    booking::change_status(state, &booking, to, audit).await
}

async fn card(state: &AppState, customer: CustomerRecord) -> Result<CustomerCard, AppError> {
    Ok(CustomerCard {
        cars: cars::cars_of(state, customer.id).await?,
        name: customer.name,
        phone_masked: customer.phone.masked(),
        has_portal_account: customer.password_hash.is_some(),
    })
}

/// Finds a customer by the full mobile number the caller gives.
pub async fn find_customer(
    state: &AppState,
    phone: &str,
) -> Result<Option<CustomerCard>, AppError> {
    let phone = Phone::parse(phone).map_err(|p| AppError::invalid(Field::Phone, p))?;
    match state.repo().customer_by_phone(&phone).await.or_internal()? {
        Some(customer) => card(state, customer).await.map(Some),
        None => Ok(None),
    }
}

/// Puts a new customer on file (no portal password; they can link it when they register).
pub async fn create_customer(
    state: &AppState,
    advisor: &StaffRecord,
    phone: &str,
    name: &str,
) -> Result<CustomerCard, AppError> {
    let phone = Phone::parse(phone).map_err(|p| AppError::invalid(Field::Phone, p))?;
    let name = PersonName::parse(name).map_err(|p| AppError::invalid(Field::Name, p))?;
    let now = state.clock.now();
    let new = NewCustomer {
        phone: phone.clone(),
        name,
        password_hash: None,
        created_by: Some(advisor.id),
        at: now,
    };
    let audit = AuditEntry::new(
        now,
        Actor::Staff(advisor.id),
        "customer.created_at_desk",
        "customer",
        "",
    )
    .with_detail(json!({ "phone": phone.masked() }));
    match state
        .repo()
        .create_customer(&new, &audit)
        .await
        .or_internal()?
    {
        Created::Created(_) => {}
        Created::AlreadyExists => {
            return Err(AppError::invalid(
                Field::Phone,
                Problem::PhoneAlreadyRegistered,
            ))
        }
    }
    let customer = state
        .repo()
        .customer_by_phone(&phone)
        .await
        .or_internal()?
        .ok_or(AppError::NotFound)?;
    card(state, customer).await
}

/// The customer with the mobile number the caller gave. Desk requests name the customer by
/// that number, not by an id, so nothing the browser could enumerate is trusted.
async fn caller(state: &AppState, phone: &str) -> Result<CustomerRecord, AppError> {
    let phone = Phone::parse(phone).map_err(|p| AppError::invalid(Field::Phone, p))?;
    state
        .repo()
        .customer_by_phone(&phone)
        .await
        .or_internal()?
        .ok_or(AppError::NotFound)
}

pub async fn add_car(
    state: &AppState,
    advisor: &StaffRecord,
    phone: &str,
    form: &CarForm,
) -> Result<Car, AppError> {
    let customer = caller(state, phone).await?;
    cars::add(state, Actor::Staff(advisor.id), customer.id, form).await
}

/// The availability grid at the advisor's own outlet.
pub async fn availability(
    state: &AppState,
    advisor: &StaffRecord,
    service_ids: &[ServiceTypeId],
) -> Result<Availability, AppError> {
    booking::availability(state, advisor.outlet_id()?, service_ids, None).await
}

/// Books for a caller at the desk. The outlet is always the advisor's own, whatever was sent.
pub async fn book(
    state: &AppState,
    advisor: &StaffRecord,
    phone: &str,
    request: &BookingRequest,
) -> Result<BookingOutcome, AppError> {
    let customer = caller(state, phone).await?;
    let request = BookingRequest {
        outlet_id: advisor.outlet_id()?,
        ..request.clone()
    };
    let by = Booker {
        channel: Channel::Desk,
        staff: Some(advisor.id),
    };
    booking::create(state, &customer, &request, by).await
}
