//! Dates and times in the outlet's time zone: what "today" and "10:00" mean there.

use crate::domain::availability::{time_of, Minute};
use crate::domain::catalog::Outlet;
use crate::domain::AppError;
use crate::server::error::internal;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

pub fn zone(outlet: &Outlet) -> Result<Tz, AppError> {
    outlet
        .time_zone
        .parse::<Tz>()
        .map_err(|_| internal(format!("outlet {} has unknown time zone", outlet.id)))
}

/// The outlet's wall-clock time at an instant (usually now).
pub fn local_time(outlet: &Outlet, at: DateTime<Utc>) -> Result<NaiveDateTime, AppError> {
    Ok(at.with_timezone(&zone(outlet)?).naive_local())
}

/// A period's first and last days as instants in the outlet's calendar: from the first day's
/// midnight up to (not including) the midnight after the last.
pub fn period_bounds(
    outlet: &Outlet,
    period: crate::domain::kpi::Period,
) -> Result<(DateTime<Utc>, DateTime<Utc>), AppError> {
    Ok((
        instant(outlet, period.first, 0)?,
        instant(outlet, period.last + chrono::Duration::days(1), 0)?,
    ))
}

/// The instant a local date and minute stand for (the earlier one if the clock repeats).
pub fn instant(
    outlet: &Outlet,
    date: NaiveDate,
    minute: Minute,
) -> Result<DateTime<Utc>, AppError> {
    zone(outlet)?
        .from_local_datetime(&date.and_time(time_of(minute)))
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| internal("local time does not exist"))
}
