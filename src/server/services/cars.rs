//! A customer's cars (一车一档 starts here).

use crate::domain::ids::{CarId, CustomerId};
use crate::domain::vehicle::{Car, CarForm, MAX_CARS_PER_CUSTOMER};
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::db::{Actor, AuditEntry, Created};
use crate::server::{AppState, OrInternal};
use serde_json::json;

pub async fn cars_of(state: &AppState, customer: CustomerId) -> Result<Vec<Car>, AppError> {
    state.repo().cars_of(customer).await.or_internal()
}

/// One of the customer's cars; anyone else's is not found.
pub async fn car_of(state: &AppState, customer: CustomerId, car: CarId) -> Result<Car, AppError> {
    cars_of(state, customer)
        .await?
        .into_iter()
        .find(|c| c.id == car)
        .ok_or(AppError::NotFound)
}

/// Adds a car to `customer`, by the customer themselves (at most `MAX_CARS_PER_CUSTOMER`) or
/// by an advisor (`actor`; a fleet's cars are added at the desk without that limit).
pub async fn add(
    state: &AppState,
    actor: Actor,
    customer: CustomerId,
    form: &CarForm,
) -> Result<Car, AppError> {
    let car = form.parse()?;
    if matches!(actor, Actor::Customer(_)) {
        let max = MAX_CARS_PER_CUSTOMER;
        if cars_of(state, customer).await?.len() as u32 >= max {
            return Err(AppError::Conflict(Conflict::TooManyCars { max }));
        }
    }
    let audit =
        AuditEntry::new(state.clock.now(), actor, "car.added", "car", "").with_detail(json!({
            "customer": customer.0,
            "plate": car.plate.as_str(),
        }));
    let id = match state
        .repo()
        .add_car(customer, &car, &audit)
        .await
        .or_internal()?
    {
        Created::Created(id) => id,
        Created::AlreadyExists => {
            return Err(AppError::invalid(Field::Plate, Problem::PlateAlreadyAdded))
        }
    };
    Ok(Car {
        id,
        plate: car.plate,
        model: car.model.as_str().to_owned(),
        vin: car.vin,
        mileage_km: car.mileage.km(),
    })
}
