//! Throttling repeated failed sign-ins, per account, in the shared database (so it holds
//! across app instances). Sliding window: while `MAX_FAILURES` failures lie within the last
//! `WINDOW_MINUTES`, further attempts are refused without checking the password; the account
//! opens again as the oldest of those failures leaves the window.
//!
//! Each attempt is recorded *before* its password is checked (and the account's failures are
//! cleared on success), so firing many guesses at once gets no more checks than sending them
//! one by one. Keys are stored hashed: the table holds no phone numbers.

use crate::domain::AppError;
use crate::server::db::Repository;
use crate::server::OrInternal;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

pub const MAX_FAILURES: u32 = 5;
pub const WINDOW_MINUTES: i64 = 15;

/// The stored form of an account key such as `customer:13800138000`.
fn hashed(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records the attempt, or refuses it with `TooManyAttempts` while the account is locked.
pub async fn admit(repo: &dyn Repository, key: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let key = hashed(key);
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let (attempt, count) = repo
        .record_sign_in_attempt(&key, now, since)
        .await
        .or_internal()?;
    if count <= MAX_FAILURES {
        return Ok(());
    }
    // Refused attempts do not count, so waiting is enough to get back in.
    repo.forget_sign_in_attempt(attempt).await.or_internal()?;
    let failures = repo
        .sign_in_failures_since(&key, since)
        .await
        .or_internal()?;
    let opens_at = failures
        .get(MAX_FAILURES as usize - 1)
        .map_or(now, |oldest_that_counts| {
            *oldest_that_counts + Duration::minutes(WINDOW_MINUTES)
        });
    let wait = (opens_at - now).num_seconds().max(0) as u64;
    Err(AppError::TooManyAttempts {
        retry_after_minutes: wait.div_ceil(60).max(1) as u32,
    })
}

/// The password was right: the account's failures are forgiven.
pub async fn succeeded(repo: &dyn Repository, key: &str) -> Result<(), AppError> {
    repo.clear_sign_in_failures(&hashed(key))
        .await
        .or_internal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stored_as_hashes_without_the_phone_number() {
        let stored = hashed("customer:13800138000");
        assert_eq!(stored.len(), 64);
        assert!(!stored.contains("13800138000"));
        assert_eq!(stored, hashed("customer:13800138000"));
    }
}
