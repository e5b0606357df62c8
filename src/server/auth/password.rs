//! Password hashing with argon2id (the `argon2` crate's defaults, OWASP's recommendation).
//! Hashing is deliberately slow and takes 19 MiB per hash, so it runs on the blocking pool,
//! off the async workers, and only as many at once as there are cores: a burst of sign-ins
//! queues instead of exhausting memory.

use crate::domain::AppError;
use crate::server::OrInternal;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// Runs `work` on the blocking pool once a hashing slot is free.
async fn limited<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    let slots = SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Semaphore::new(cores.clamp(2, 16))
    });
    let _slot = slots.acquire().await.or_internal()?;
    tokio::task::spawn_blocking(work).await.or_internal()
}

/// Makes the memory of finished hashes go back to the system. argon2id's 19 MiB block is freed
/// after every hash, but glibc keeps such blocks in its per-thread heaps once its mmap
/// threshold has risen (which it does after the first large block is freed): resident memory
/// then stays at the peak of a burst — 670 MB after 200 registrations, measured by
/// `benches/sign_in_memory.rs`. A fixed threshold of 1 MiB gives every larger block its own
/// mapping, unmapped when freed. Called once at start.
pub fn give_large_blocks_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes an allocator setting; it is called before the server
    // hashes anything, and a failure (0) leaves the default behaviour.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

pub async fn hash(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    limited(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .or_internal()
}

/// Checks `password` against a stored PHC string. With no stored hash (unknown account, or a
/// record without portal access) it still spends the same time, so timing does not reveal
/// which accounts exist.
pub async fn verify(password: &str, stored: Option<&str>) -> Result<bool, AppError> {
    let password = password.to_owned();
    let known = stored.is_some();
    let stored = stored
        .map(str::to_owned)
        .unwrap_or_else(|| dummy_hash().to_owned());
    let matches = limited(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await?;
    Ok(known && matches)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no account has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse").await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse", Some(&stored)).await.unwrap());
        assert!(!verify("wrong horse", Some(&stored)).await.unwrap());
        assert!(!verify("correct horse", None).await.unwrap());
    }
}
