//! The indicators' daily figures kept equal to the records (`db::kpi_days`). Every change to
//! what a day counts marks the day in its own transaction; a marked day is recounted from the
//! records before a period containing it is read (`refresh`), and by the worker (`refresh_all`),
//! so the dashboard sums about ninety stored rows per outlet for a quarter and is never behind.
//! `recheck` recounts every day and compares.

use super::outlet_time::period_bounds;
use crate::domain::catalog::Outlet;
use crate::domain::ids::OutletId;
use crate::domain::kpi::Period;
use crate::domain::AppError;
use crate::server::db::StaleDay;
use crate::server::error::internal;
use crate::server::{AppState, OrInternal};
use chrono::{Duration, NaiveDate};

/// The most marks read at once by the worker (a day's marks may span two batches).
const BATCH: u32 = 2000;

/// Every day there is: the worker's range.
fn all_days() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
    )
}

/// Recounts a marked day and stores it (unless a later recount was stored meanwhile).
async fn recount(state: &AppState, outlet: &Outlet, stale: &StaleDay) -> Result<(), AppError> {
    let (from, until) = period_bounds(outlet, Period::day(stale.day))?;
    let repo = state.repo();
    let counts = repo
        .count_day(outlet.id, stale.day, from, until)
        .await
        .or_internal()?;
    repo.save_day(stale, &counts).await.or_internal()?;
    Ok(())
}

/// Recounts marked days, each in its outlet's calendar (`outlets` holds theirs); how many.
async fn recount_each(
    state: &AppState,
    outlets: &[Outlet],
    stale: &[StaleDay],
) -> Result<usize, AppError> {
    for day in stale {
        let outlet = outlets
            .iter()
            .find(|o| o.id == day.outlet)
            .ok_or_else(|| internal("a marked day of an unknown outlet"))?;
        recount(state, outlet, day).await?;
    }
    Ok(stale.len())
}

/// Recounts the outlets' marked days in `period` (before it is read).
pub async fn refresh(state: &AppState, outlets: &[Outlet], period: Period) -> Result<(), AppError> {
    let ids: Vec<OutletId> = outlets.iter().map(|o| o.id).collect();
    let stale = state
        .repo()
        .stale_days(Some(&ids), period.first, period.last, u32::MAX)
        .await
        .or_internal()?;
    recount_each(state, outlets, &stale).await.map(|_| ())
}

/// Recounts every marked day, a batch at a time; how many days were recounted.
pub async fn refresh_all(state: &AppState) -> Result<usize, AppError> {
    let (first, last) = all_days();
    let mut done = 0;
    loop {
        let stale = state
            .repo()
            .stale_days(None, first, last, BATCH)
            .await
            .or_internal()?;
        if stale.is_empty() {
            return Ok(done);
        }
        // Read with each batch: an outlet opened meanwhile has its days marked too.
        let outlets = state.repo().outlets().await.or_internal()?;
        done += recount_each(state, &outlets, &stale).await?;
    }
}

/// The worker's turn: recounts what changed since its last turn.
pub async fn keep_up(state: &AppState) {
    if let Err(error) = refresh_all(state).await {
        tracing::error!(?error, "daily figures: recounting marked days failed");
    }
}

/// The days anything was recorded on, from the first record to today or the last booking
/// ahead.
async fn recorded_days(state: &AppState) -> Result<Option<(NaiveDate, NaiveDate)>, AppError> {
    let Some((first, last)) = state.repo().recorded_days().await.or_internal()? else {
        return Ok(None);
    };
    let today = state.clock.now().date_naive();
    // Recorded days are UTC days (or bookings' own): a day either side covers every zone.
    Ok(Some((
        first - Duration::days(1),
        last.max(today) + Duration::days(1),
    )))
}

/// At the first start with daily figures (a database from before them): marks every outlet's
/// recorded days, to be counted. Before anything else at start-up marks a day.
pub async fn mark_if_new(state: &AppState) -> Result<(), AppError> {
    match state.repo().days_started().await.or_internal()? {
        true => Ok(()),
        false => mark_recorded(state).await,
    }
}

/// Marks every outlet's recorded days (after records were written in bulk).
pub async fn mark_recorded(state: &AppState) -> Result<(), AppError> {
    let Some((first, last)) = recorded_days(state).await? else {
        return Ok(());
    };
    let outlets: Vec<OutletId> = state
        .repo()
        .outlets()
        .await
        .or_internal()?
        .iter()
        .map(|o| o.id)
        .collect();
    state
        .repo()
        .mark_days(&outlets, first, last)
        .await
        .or_internal()
}

/// Recounts every outlet's recorded days and compares them with the stored ones (after the
/// marked ones are recounted): the days that differ, and how many were checked.
pub async fn recheck(state: &AppState) -> Result<(usize, Vec<(OutletId, NaiveDate)>), AppError> {
    refresh_all(state).await?;
    let Some((first, last)) = recorded_days(state).await? else {
        return Ok((0, Vec::new()));
    };
    let (mut checked, mut differ) = (0, Vec::new());
    let repo = state.repo();
    for outlet in repo.outlets().await.or_internal()? {
        for day in first.iter_days().take_while(|d| *d <= last) {
            let (from, until) = period_bounds(&outlet, Period::day(day))?;
            let counted = repo
                .count_day(outlet.id, day, from, until)
                .await
                .or_internal()?;
            let stored = repo.stored_day(outlet.id, day).await.or_internal()?;
            if stored.unwrap_or_default() != counted {
                differ.push((outlet.id, day));
            }
            checked += 1;
        }
    }
    Ok((checked, differ))
}
