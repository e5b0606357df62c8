//! The car's own file (一车一档) for its owner.

use crate::domain::booking::BookingStatus;
use crate::domain::estimate::Totals;
use crate::domain::work_order::*;
use crate::domain::AppError;
use crate::server::db::*;
use crate::server::error::internal;
use crate::server::services::catalog;
use crate::server::services::outlet_time::local_time;
use crate::server::{AppState, OrInternal};

/// The car's own file (一车一档) for its owner: their orders on it, newest first, each with the
/// work done, what was paid and its warranty, and their bookings of it still to come. Another
/// customer's car is not found; orders of the car's earlier owner stay theirs.
pub async fn car_file(
    state: &AppState,
    customer: &CustomerRecord,
    car: crate::domain::ids::CarId,
) -> Result<CarFile, AppError> {
    let repo = state.repo();
    let car = crate::server::services::cars::car_of(state, customer.id, car).await?;
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
    let bookings = crate::server::services::booking::of_customer(state, customer)
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
