//! The staff console's reception desk. Only service advisors and admins, and only at their
//! own outlet (taken from their account, never from the request).

use crate::domain::account::CustomerCard;
use crate::domain::booking::{Availability, BookingOutcome, BookingRequest, DeskDay};
use crate::domain::ids::ServiceTypeId;
use crate::domain::vehicle::{Car, CarForm};
use crate::domain::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "desk/day", input = Json)]
pub async fn desk_day_board(date: NaiveDate) -> Result<DeskDay, AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::reception::day(&state, advisor, date).await
}

#[server(endpoint = "desk/arrived", input = Json)]
pub async fn mark_arrived(number: String) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    let number = crate::domain::booking::BookingNumber::parse(&number)?;
    crate::server::services::reception::mark_arrived(&state, advisor, &number).await
}

#[server(endpoint = "desk/no-show", input = Json)]
pub async fn mark_no_show(number: String) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    let number = crate::domain::booking::BookingNumber::parse(&number)?;
    crate::server::services::reception::mark_no_show(&state, advisor, &number).await
}

/// Finds a customer by the full mobile number the caller gives.
#[server(endpoint = "desk/find-customer", input = Json)]
pub async fn find_customer(phone: String) -> Result<Option<CustomerCard>, AppError> {
    let (state, auth) = super::context::request().await?;
    crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::reception::find_customer(&state, &phone).await
}

#[server(endpoint = "desk/create-customer", input = Json)]
pub async fn create_customer(phone: String, name: String) -> Result<CustomerCard, AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::reception::create_customer(&state, advisor, &phone, &name).await
}

/// Adds a car for the customer with this mobile number (the one the caller gave).
#[server(endpoint = "desk/add-car", input = Json)]
pub async fn add_customer_car(phone: String, car: CarForm) -> Result<Car, AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::reception::add_car(&state, advisor, &phone, &car).await
}

#[server(endpoint = "desk/availability", input = Json)]
pub async fn desk_availability(service_ids: Vec<ServiceTypeId>) -> Result<Availability, AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::reception::availability(&state, advisor, &service_ids).await
}

/// Books for the customer with this mobile number, at the advisor's own outlet.
#[server(endpoint = "desk/book", input = Json)]
pub async fn book_for_customer(
    phone: String,
    request: BookingRequest,
) -> Result<BookingOutcome, AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::reception::book(&state, advisor, &phone, &request).await
}
