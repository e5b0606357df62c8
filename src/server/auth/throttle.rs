//! Throttling repeated failed sign-ins, per account, in the shared database (so it holds
//! across app instances): once `MAX_FAILURES` attempts have failed within `WINDOW_MINUTES`,
//! the account refuses sign-ins until `WINDOW_MINUTES` after the latest failure.
//!
//! Each attempt is recorded *before* its password is checked (and cleared on success), so
//! firing many guesses at once gets no more checks than sending them one by one.

use crate::domain::AppError;
use crate::server::db::Repository;
use crate::server::OrInternal;
use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: u32 = 5;
pub const WINDOW_MINUTES: i64 = 15;

/// Records the attempt, or refuses it with `TooManyAttempts` while the account is locked.
pub async fn admit(repo: &dyn Repository, key: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let window = Duration::minutes(WINDOW_MINUTES);
    let (attempt, count) = repo
        .record_sign_in_attempt(key, now, now - window)
        .await
        .or_internal()?;
    if count <= MAX_FAILURES {
        return Ok(());
    }
    // Refused attempts do not count, so a patient user is not locked out for ever.
    repo.forget_sign_in_attempt(attempt).await.or_internal()?;
    let (_, latest) = repo
        .sign_in_failures_since(key, now - window)
        .await
        .or_internal()?;
    let wait = latest.map_or(0, |latest| (latest + window - now).num_seconds().max(0));
    Err(AppError::TooManyAttempts {
        retry_after_minutes: (wait as u64).div_ceil(60).max(1) as u32,
    })
}

/// The password was right: the account's failures are forgiven.
pub async fn succeeded(repo: &dyn Repository, key: &str) -> Result<(), AppError> {
    repo.clear_sign_in_failures(key).await.or_internal()
}
