//! Throttling repeated failed attempts (sign-ins, claiming a record with a plate, a guest's
//! phone and order pair), in the shared database so it holds across app instances.
//!
//! Counted **per account and client address**, so a stranger guessing from elsewhere slows only
//! themselves and never locks the owner out: while `MAX_FAILURES` failures for this account
//! from this address lie within the last `WINDOW_MINUTES`, further attempts from there are
//! refused without checking the password. And **per client address** across accounts
//! (`MAX_PER_CLIENT`), which slows one machine trying many accounts. Unknown accounts count
//! like known ones. The client address is the request's (`ClientAddress`, provided by the
//! server-function handler; behind a trusted proxy, from `X-Forwarded-For`).
//!
//! Each attempt is recorded *before* its password is checked (and forgiven on success), so
//! firing many guesses at once gets no more checks than sending them one by one. Keys are
//! stored hashed: the table holds no phone numbers or addresses.

use crate::domain::AppError;
use crate::server::db::Repository;
use crate::server::OrInternal;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

pub const MAX_FAILURES: u32 = 5;
pub const MAX_PER_CLIENT: u32 = 30;
pub const WINDOW_MINUTES: i64 = 15;

/// The address the request being served came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// The stored form of a key such as `customer:13800138000|203.0.113.9`.
fn hashed(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn client() -> String {
    leptos::prelude::use_context::<ClientAddress>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.to_string())
}

/// An attempt let through: what a success forgives.
#[must_use]
pub struct Admitted {
    account: String,
    client: i64,
}

/// Records the attempt, or refuses it with `TooManyAttempts` while this account (from this
/// address) or this address is throttled.
pub async fn admit(
    repo: &dyn Repository,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Admitted, AppError> {
    let client = client();
    let account = hashed(&format!("{key}|{client}"));
    let by_client = hashed(&format!("client|{client}"));
    let client_attempt = record(repo, &by_client, MAX_PER_CLIENT, now).await?;
    if let Err(refused) = record(repo, &account, MAX_FAILURES, now).await {
        repo.forget_sign_in_attempt(client_attempt)
            .await
            .or_internal()?;
        return Err(refused);
    }
    Ok(Admitted {
        account,
        client: client_attempt,
    })
}

/// Records an attempt under `key`, or refuses it (forgetting it) while `max` failures lie in
/// the window; answers the attempt's id.
async fn record(
    repo: &dyn Repository,
    key: &str,
    max: u32,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let (attempt, count) = repo
        .record_sign_in_attempt(key, now, since)
        .await
        .or_internal()?;
    if count <= max {
        return Ok(attempt);
    }
    // Refused attempts do not count, so waiting is enough to get back in.
    repo.forget_sign_in_attempt(attempt).await.or_internal()?;
    let failures = repo
        .sign_in_failures_since(key, since)
        .await
        .or_internal()?;
    let opens_at = failures
        .get(max as usize - 1)
        .map_or(now, |oldest_that_counts| {
            *oldest_that_counts + Duration::minutes(WINDOW_MINUTES)
        });
    let wait = (opens_at - now).num_seconds().max(0) as u64;
    Err(AppError::TooManyAttempts {
        retry_after_minutes: wait.div_ceil(60).max(1) as u32,
    })
}

/// The attempt succeeded: the account's failures from this address are forgiven, and this
/// attempt does not count against the address.
pub async fn succeeded(repo: &dyn Repository, admitted: Admitted) -> Result<(), AppError> {
    repo.clear_sign_in_failures(&admitted.account)
        .await
        .or_internal()?;
    repo.forget_sign_in_attempt(admitted.client)
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
