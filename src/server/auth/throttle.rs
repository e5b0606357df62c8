//! Throttling what can be guessed or abused (sign-ins, one-time codes, a guest's phone and
//! order pair, texting codes), in the shared database so it holds across app instances.
//!
//! Failures are counted **per account and client address**, so a stranger guessing from
//! elsewhere slows only themselves and never locks the owner out, and **per client address**
//! across accounts, which slows one machine trying many accounts. Nothing is locked: after a
//! few free failures each further attempt must wait a delay that doubles with every failure
//! (4 s, 8 s, 16 s … up to 15 minutes), counted over the last hour. Unknown accounts count
//! like known ones. The client address is the request's (`ClientAddress`, provided by the
//! server-function handler; behind a trusted proxy, from `X-Forwarded-For`).
//!
//! Each attempt is recorded *before* its password is checked (and forgiven on success), so
//! firing many guesses at once gets no more checks than sending them one by one. Keys are
//! stored hashed: the table holds no phone numbers or addresses.
//!
//! Sending is limited differently (`Rule::Cap`): at most so many per hour, successes included.

use crate::domain::AppError;
use crate::server::db::Repository;
use crate::server::OrInternal;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// Failures for one account from one address before delays begin.
pub const FREE_FAILURES: u32 = 3;
/// Failures from one address, across accounts, before delays begin.
pub const FREE_PER_CLIENT: u32 = 30;
/// The first delay; each further failure doubles it, up to `MAX_DELAY_SECONDS`.
pub const FIRST_DELAY_SECONDS: i64 = 4;
pub const MAX_DELAY_SECONDS: i64 = 15 * 60;
/// How far back attempts count.
pub const WINDOW_MINUTES: i64 = 60;

/// How attempts under one key are limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `free` failures, then growing delays.
    Delay { free: u32 },
    /// At most `max` attempts in the window (sending texts: successes count too).
    Cap { max: u32 },
}

/// The wait owed after `failures` failures: none while they are within `free`.
pub fn delay_after(failures: u32, free: u32) -> Option<Duration> {
    let doublings = failures.checked_sub(free)?.min(20);
    let seconds = FIRST_DELAY_SECONDS.saturating_mul(1 << doublings);
    Some(Duration::seconds(seconds.min(MAX_DELAY_SECONDS)))
}

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
        .map_or_else(|| "unknown".to_string(), |c| c.key())
}

impl ClientAddress {
    /// What attempts are counted under: an IPv4 address, or an IPv6 address's /64 network
    /// (one subscriber gets a whole /64, so single IPv6 addresses would be free for the taking).
    pub fn key(self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
            }
        }
    }
}

/// An attempt let through: what a success forgives.
#[must_use]
pub struct Admitted {
    account: String,
    client: i64,
}

/// Records the attempt, or refuses it with `TooManyAttempts` while this account (from this
/// address) or this address owes a wait.
pub async fn admit(
    repo: &dyn Repository,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Admitted, AppError> {
    let client = client();
    let account = hashed(&format!("{key}|{client}"));
    let by_client = hashed(&format!("client|{client}"));
    let free = FREE_PER_CLIENT;
    let client_attempt = record(repo, &by_client, Rule::Delay { free }, now).await?;
    let free = FREE_FAILURES;
    if let Err(refused) = record(repo, &account, Rule::Delay { free }, now).await {
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

/// `key` as counted for the client address of the request being served.
pub fn from_this_client(key: &str) -> String {
    format!("{key}|{}", client())
}

/// Counts one use of something capped per hour (texting a code) under every `(key, max)`;
/// refuses, counting none, when any is at its cap.
pub async fn count_use(
    repo: &dyn Repository,
    limits: &[(String, u32)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut counted = Vec::with_capacity(limits.len());
    for (key, max) in limits {
        match record(repo, &hashed(key), Rule::Cap { max: *max }, now).await {
            Ok(attempt) => counted.push(attempt),
            Err(refused) => {
                for attempt in counted {
                    repo.forget_sign_in_attempt(attempt).await.or_internal()?;
                }
                return Err(refused);
            }
        }
    }
    Ok(())
}

/// Records an attempt under `key`, or refuses it (forgetting it) when `rule` says so;
/// answers the attempt's id.
async fn record(
    repo: &dyn Repository,
    key: &str,
    rule: Rule,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let (attempt, count) = repo
        .record_sign_in_attempt(key, now, since)
        .await
        .or_internal()?;
    let opens_at = match rule {
        Rule::Cap { max } if count > max => {
            // Open again when the oldest attempt that counts leaves the window.
            let times = failures(repo, key, since).await?;
            times.get(max as usize).map_or(now, |oldest_that_counts| {
                *oldest_that_counts + Duration::minutes(WINDOW_MINUTES)
            })
        }
        Rule::Cap { .. } => now,
        Rule::Delay { free } => match delay_after(count - 1, free) {
            None => now,
            Some(delay) => {
                // Latest first: this attempt, then the failure before it.
                let times = failures(repo, key, since).await?;
                times.get(1).map_or(now, |previous| *previous + delay)
            }
        },
    };
    if opens_at <= now {
        return Ok(attempt);
    }
    // Refused attempts do not count, so waiting is enough to get back in.
    repo.forget_sign_in_attempt(attempt).await.or_internal()?;
    let wait = (opens_at - now).num_seconds().max(1);
    Err(AppError::TooManyAttempts {
        retry_after_seconds: u32::try_from(wait).unwrap_or(u32::MAX),
    })
}

async fn failures(
    repo: &dyn Repository,
    key: &str,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, AppError> {
    repo.sign_in_failures_since(key, since).await.or_internal()
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
    fn delays_begin_after_the_free_failures_and_double_up_to_fifteen_minutes() {
        let seconds = |n| delay_after(n, 3).map(|d| d.num_seconds());
        assert_eq!(seconds(0), None);
        assert_eq!(seconds(2), None);
        assert_eq!(seconds(3), Some(4));
        assert_eq!(seconds(4), Some(8));
        assert_eq!(seconds(10), Some(512));
        assert_eq!(seconds(11), Some(900));
        assert_eq!(seconds(u32::MAX), Some(900));
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_network() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(ClientAddress(one).key(), ClientAddress(other).key());
        assert_eq!(ClientAddress(one).key(), "2001:db8:1:2::/64");
        let v4: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(ClientAddress(v4).key(), "203.0.113.9");
    }

    #[test]
    fn keys_are_stored_as_hashes_without_the_phone_number() {
        let stored = hashed("customer:13800138000");
        assert_eq!(stored.len(), 64);
        assert!(!stored.contains("13800138000"));
        assert_eq!(stored, hashed("customer:13800138000"));
    }
}
