//! Use cases, one module per feature. Server functions (`crate::api`) authorize the caller
//! through `server::access` and call these with typed arguments; these apply the domain rules
//! and talk to the repository.

pub mod accounts;
pub mod audit_log;
pub mod booking;
pub mod cars;
pub mod catalog;
pub mod complaints;
pub mod feedback;
pub mod improvements;
pub mod kpi_days;
pub mod kpis;
pub mod organisation;
pub mod outlet_settings;
pub mod outlet_time;
pub mod people;
pub mod phone_proof;
pub mod photos;
pub mod reception;
pub mod scorecards;
pub mod work_orders;

use crate::domain::AppError;
use crate::server::db::DbResult;
use crate::server::OrInternal;

/// Draws of a random number or token per write.
const DRAWS: usize = 3;

/// The one place that decides whether a write of freshly drawn numbers (a booking, order or
/// complaint number, a link token) is tried again: only when it clashed with a stored value in
/// one of the `drawn` columns (`(table, column)`), with a new draw each time, at most three
/// times. Any other failure, other unique constraints included, is an error at once.
pub(crate) async fn with_fresh_draws<T, Fut>(
    drawn: &[(&str, &str)],
    mut write: impl FnMut() -> Fut,
) -> Result<T, AppError>
where
    Fut: std::future::Future<Output = DbResult<T>>,
{
    for _ in 1..DRAWS {
        match write().await {
            Err(e)
                if drawn
                    .iter()
                    .any(|(table, column)| e.is_clash_on(table, column)) => {}
            other => return other.or_internal(),
        }
    }
    write().await.or_internal()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::DbError;
    use std::cell::Cell;

    fn clash(constraint: &str) -> DbError {
        DbError::Conflict {
            constraint: constraint.into(),
        }
    }

    #[tokio::test]
    async fn a_clash_on_a_drawn_column_is_drawn_again_and_nothing_else_is() {
        let drawn = [("bookings", "number")];
        // SQLite names the column, PostgreSQL the constraint: both are the number's clash.
        let calls = Cell::new(0);
        let answer = with_fresh_draws(&drawn, || {
            calls.set(calls.get() + 1);
            let result = match calls.get() {
                1 => Err(clash("bookings.number")),
                2 => Err(clash("bookings_number_key")),
                _ => Ok(7),
            };
            async move { result }
        })
        .await;
        assert_eq!((answer, calls.get()), (Ok(7), 3));

        let calls = Cell::new(0);
        let other = with_fresh_draws(&drawn, || {
            calls.set(calls.get() + 1);
            async {
                Err::<(), _>(clash(
                    "booking_services.booking_id, booking_services.service_id",
                ))
            }
        })
        .await;
        assert!(matches!(other, Err(AppError::Internal { .. })));
        assert_eq!(calls.get(), 1, "another constraint is not retried");

        let calls = Cell::new(0);
        let always = with_fresh_draws(&drawn, || {
            calls.set(calls.get() + 1);
            async { Err::<(), _>(clash("bookings.number")) }
        })
        .await;
        assert!(matches!(always, Err(AppError::Internal { .. })));
        assert_eq!(calls.get(), 3, "three draws at most");
    }
}
