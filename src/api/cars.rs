//! The signed-in customer's cars.

use crate::domain::ids::CarId;
use crate::domain::vehicle::{Car, CarForm};
use crate::domain::work_order::CarFile;
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "cars/mine", input = Json)]
pub async fn my_cars() -> Result<Vec<Car>, AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    crate::server::services::cars::cars_of(&state, customer.id).await
}

#[server(endpoint = "cars/add", input = Json)]
pub async fn add_my_car(car: CarForm) -> Result<Car, AppError> {
    use crate::server::db::Actor;
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    crate::server::services::cars::add(&state, Actor::Customer(customer.id), customer.id, &car)
        .await
}

/// One of the caller's cars with its file (一车一档): its orders, their work, payments and
/// warranties, and its coming bookings.
#[server(endpoint = "cars/file", input = Json)]
pub async fn my_car_file(car: CarId) -> Result<CarFile, AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    crate::server::services::work_orders::car_file(&state, customer, car).await
}
