//! The console's outlet settings: the outlet manager's page, always their own outlet (taken
//! from their account, never from the request); and the bookings a change left without a
//! place, which the desk sees too.

use crate::domain::outlet_settings::{BookingToMove, OutletSettings, PolicyNumber};
use crate::domain::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "settings/outlet", input = Json)]
pub async fn get_outlet_settings() -> Result<OutletSettings, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::outlet_settings::settings(&state, manager).await
}

/// The numbers as typed, each checked against its range.
#[server(endpoint = "settings/policy", input = Json)]
pub async fn save_policy_numbers(numbers: Vec<(PolicyNumber, String)>) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::outlet_settings::save_numbers(&state, manager, &numbers).await
}

/// Seven days, Monday first: opening and closing time (`HH:MM`), or `None` for a day off.
#[server(endpoint = "settings/hours", input = Json)]
pub async fn save_opening_hours(hours: Vec<Option<(String, String)>>) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::outlet_settings::save_hours(&state, manager, &hours).await
}

#[server(endpoint = "settings/bays", input = Json)]
pub async fn save_bays(count: u32) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::outlet_settings::save_bays(&state, manager, count).await
}

/// Returns the bookings on the closed days (their customers are told through the outbox).
#[server(endpoint = "settings/closures/add", input = Json)]
pub async fn add_closure(
    first_day: NaiveDate,
    last_day: NaiveDate,
    reason: String,
) -> Result<Vec<BookingToMove>, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::outlet_settings::add_closure(
        &state, manager, first_day, last_day, &reason,
    )
    .await
}

#[server(endpoint = "settings/closures/remove", input = Json)]
pub async fn remove_closure(id: i64) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::outlet_settings::remove_closure(&state, manager, id).await
}

/// The desk's list: bookings from today on that lost their place.
#[server(endpoint = "desk/bookings-to-move", input = Json)]
pub async fn bookings_to_move() -> Result<Vec<BookingToMove>, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::outlet_settings::bookings_to_move(&state, staff).await
}
