//! Throttling repeated failed sign-ins, per account, in the shared database (so it holds
//! across app instances): after `MAX_FAILURES` failures within `WINDOW_MINUTES`, the account
//! refuses sign-ins until `WINDOW_MINUTES` after the latest failure.

use crate::domain::AppError;
use crate::server::db::Repository;
use crate::server::OrInternal;
use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: u32 = 5;
pub const WINDOW_MINUTES: i64 = 15;

/// `TooManyAttempts` while the account is locked.
pub async fn check(repo: &dyn Repository, key: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let window = Duration::minutes(WINDOW_MINUTES);
    let (failures, latest) = repo.sign_in_failures_since(key, now - window).await.or_internal()?;
    match latest {
        Some(latest) if failures >= MAX_FAILURES => {
            let wait = (latest + window - now).num_seconds().max(0);
            Err(AppError::TooManyAttempts {
                retry_after_minutes: (wait as u64).div_ceil(60).max(1) as u32,
            })
        }
        _ => Ok(()),
    }
}

pub async fn failed(repo: &dyn Repository, key: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    repo.record_sign_in_failure(key, now).await.or_internal()
}

pub async fn succeeded(repo: &dyn Repository, key: &str) -> Result<(), AppError> {
    repo.clear_sign_in_failures(key).await.or_internal()
}
