//! The performance dashboard (guideline ch. 7): the indicators of a month or a quarter over the
//! outlets the manager reaches — an outlet's manager their outlet, a regional manager the
//! region's, headquarters the group's — beside the period before and their targets.

use super::outlet_time::{instant, local_time};
use crate::domain::kpi::{Dashboard, Facts, Period};
use crate::domain::{AppError, Field};
use crate::server::access;
use crate::server::db::StaffRecord;
use crate::server::{AppState, OrInternal};
use chrono::Duration;

/// `typed` is `2026-11` or `2026-Q4`; empty means this month.
pub async fn dashboard(
    state: &AppState,
    manager: &StaffRecord,
    typed: &str,
) -> Result<Dashboard, AppError> {
    let outlets = access::outlets_reached(state, manager).await?;
    let Some(calendar) = outlets.first() else {
        return Err(AppError::invalid(
            Field::Outlet,
            crate::domain::Problem::OutsideYourScope,
        ));
    };
    let typed = match typed.trim() {
        "" => Period::month_of(local_time(calendar, state.clock.now())?.date()),
        typed => typed.to_string(),
    };
    let period = Period::parse(&typed).map_err(|p| AppError::invalid(Field::Period, p))?;
    let ids: Vec<_> = outlets.iter().map(|o| o.id).collect();
    let facts = |period: Period| {
        let ids = &ids;
        async move {
            let from = instant(calendar, period.first, 0)?;
            let until = instant(calendar, period.last + Duration::days(1), 0)?;
            state
                .repo()
                .kpi_facts(ids, period, from, until)
                .await
                .or_internal()
        }
    };
    let now: Facts = facts(period).await?;
    let before: Facts = facts(period.previous()).await?;
    Ok(Dashboard::of(
        period,
        outlets.iter().map(|o| o.name.clone()).collect(),
        &now,
        &before,
    ))
}
