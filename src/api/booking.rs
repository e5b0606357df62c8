//! Online booking for the signed-in customer; the availability grid is public.

use crate::domain::booking::{Availability, BookingOutcome, BookingRequest, CustomerBooking};
use crate::domain::ids::{OutletId, ServiceTypeId};
use crate::domain::AppError;
use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Time windows with remaining capacity for the chosen services, over the booking horizon.
#[server(endpoint = "bookings/availability", input = Json)]
pub async fn get_availability(
    outlet_id: OutletId,
    service_ids: Vec<ServiceTypeId>,
) -> Result<Availability, AppError> {
    let (state, _) = super::context::request().await?;
    crate::server::services::booking::availability(&state, outlet_id, &service_ids, None).await
}

#[server(endpoint = "bookings/create", input = Json)]
pub async fn book_service(request: BookingRequest) -> Result<BookingOutcome, AppError> {
    use crate::server::services::booking::{create, Booker};
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    create(&state, customer, &request, Booker::online()).await
}

#[server(endpoint = "bookings/mine", input = Json)]
pub async fn my_bookings() -> Result<Vec<CustomerBooking>, AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    crate::server::services::booking::of_customer(&state, customer).await
}

/// The grid for moving one of the caller's bookings (its own place counts as free).
#[server(endpoint = "bookings/move-availability", input = Json)]
pub async fn move_availability(number: String) -> Result<Availability, AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    let number = crate::domain::booking::BookingNumber::parse(&number)?;
    crate::server::services::booking::availability_for_move(&state, customer, &number).await
}

#[server(endpoint = "bookings/reschedule", input = Json)]
pub async fn reschedule_booking(
    number: String,
    date: NaiveDate,
    start: NaiveTime,
) -> Result<BookingOutcome, AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    let number = crate::domain::booking::BookingNumber::parse(&number)?;
    crate::server::services::booking::reschedule(&state, customer, &number, date, start).await
}

#[server(endpoint = "bookings/cancel", input = Json)]
pub async fn cancel_booking(number: String) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    let number = crate::domain::booking::BookingNumber::parse(&number)?;
    crate::server::services::booking::cancel(&state, customer, &number).await
}
