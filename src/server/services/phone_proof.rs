//! Proving a phone number: texting a one-time code, and checking the code typed back.
//! The rules (lifetime, tries, how often) are in `domain::phone_proof`.

use crate::domain::identity::Phone;
use crate::domain::phone_proof::*;
use crate::domain::{AppError, Field, Problem};
use crate::server::auth::throttle;
use crate::server::db::{Actor, AuditEntry, NewPhoneCode, Once};
use crate::server::{wording, AppState, OrInternal};
use chrono::Duration;
use rand::Rng;
use serde_json::json;
use sha2::{Digest, Sha256};

/// How a code is stored: bound to its number and purpose, so a stored hash proves nothing
/// about another number.
fn code_hash(phone: &Phone, purpose: CodePurpose, code: &OneTimeCode) -> String {
    let digest = Sha256::digest(format!(
        "{}|{}|{}",
        purpose.as_str(),
        phone.as_str(),
        code.as_str()
    ));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The text message: what the code is for, how long it works, never to share it.
fn text_of(purpose: CodePurpose, code: &OneTimeCode) -> String {
    let key = format!("code_{}", purpose.as_str());
    let minutes = CODE_TTL_MINUTES.to_string();
    wording::text(&key, &[("code", code.as_str()), ("minutes", &minutes)])
}

/// Texts a new code to `phone` for `purpose`. Answers the same whether or not the number
/// has an account; refuses (with the wait) when asked again too soon or too often.
pub async fn send_code(
    state: &AppState,
    phone: &str,
    purpose: CodePurpose,
) -> Result<CodeSent, AppError> {
    let phone = Phone::parse(phone).map_err(|p| AppError::invalid(Field::Phone, p))?;
    let repo = state.repo();
    let now = state.clock.now();
    if let Some(last) = repo
        .latest_phone_code(&phone, purpose)
        .await
        .or_internal()?
    {
        let again_at = last.sent_at + Duration::seconds(RESEND_AFTER_SECONDS);
        if now < again_at {
            let wait = (again_at - now).num_seconds().max(1);
            return Err(AppError::TooManyAttempts {
                retry_after_seconds: wait as u32,
            });
        }
    }
    let to_number = format!("text|{}", phone.as_str());
    let limits = [
        (to_number.clone(), MAX_CODES_PER_NUMBER_PER_HOUR),
        (
            throttle::from_this_client(&to_number),
            MAX_CODES_PER_NUMBER_FROM_ONE_ADDRESS,
        ),
        (
            throttle::from_this_client("text"),
            MAX_CODES_PER_ADDRESS_PER_HOUR,
        ),
    ];
    throttle::count_use(repo, &limits, now).await?;

    let code = OneTimeCode::from_number(rand::rng().random_range(0..1_000_000));
    // Stored first, so that a code the phone receives is always one the server knows.
    let stored = NewPhoneCode {
        phone: phone.clone(),
        purpose,
        code_hash: code_hash(&phone, purpose, &code),
        sent_at: now,
        expires_at: now + Duration::minutes(CODE_TTL_MINUTES),
    };
    let stored_id = repo.store_phone_code(&stored).await.or_internal()?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    if let Err(failure) = state
        .sender
        .send_code(&phone, &text_of(purpose, &code), &id)
        .await
    {
        tracing::warn!(to = phone.masked(), failure, "one-time code not sent");
        repo.forget_phone_code(stored_id).await.or_internal()?;
        return Err(AppError::MessageNotSent);
    }
    let audit = AuditEntry::new(now, Actor::System, "phone.code_sent", "phone", "")
        .with_detail(json!({ "phone": phone.masked(), "purpose": purpose.as_str() }));
    repo.record_audit(&audit).await.or_internal()?;
    Ok(CodeSent {
        phone_masked: phone.masked(),
        resend_after_seconds: RESEND_AFTER_SECONDS as u32,
        on_demo_outbox: state.sender.is_demo_outbox(),
    })
}

/// Checks the code typed for `phone` and `purpose`, and spends it. Wrong codes are throttled
/// like wrong passwords (per number and address) and kill the code after `MAX_CODE_TRIES`.
pub async fn prove(
    state: &AppState,
    phone: &Phone,
    purpose: CodePurpose,
    typed: &str,
) -> Result<(), AppError> {
    let code = OneTimeCode::parse(typed).map_err(|p| AppError::invalid(Field::Code, p))?;
    let repo = state.repo();
    let now = state.clock.now();
    let key = format!("code:{}:{}", purpose.as_str(), phone.as_str());
    let admitted = throttle::admit(repo, &key, now).await?;
    let expired = AppError::invalid(Field::Code, Problem::CodeExpired);
    let Some(stored) = repo
        .latest_phone_code(phone, purpose)
        .await
        .or_internal()?
        .filter(|c| c.used_at.is_none() && c.expires_at > now && c.tries < MAX_CODE_TRIES)
    else {
        return Err(expired);
    };
    // A try is taken before the comparison: however many guesses arrive at once, at most
    // `MAX_CODE_TRIES` are ever compared.
    let Some(tries) = repo
        .take_phone_code_try(stored.id, MAX_CODE_TRIES, now)
        .await
        .or_internal()?
    else {
        return Err(expired);
    };
    if stored.code_hash != code_hash(phone, purpose, &code) {
        return Err(match MAX_CODE_TRIES.checked_sub(tries) {
            Some(tries_left) if tries_left > 0 => {
                AppError::invalid(Field::Code, Problem::CodeWrong { tries_left })
            }
            _ => expired,
        });
    }
    match repo.use_phone_code(stored.id, now).await.or_internal()? {
        Once::Done => {}
        Once::AlreadyDone => return Err(expired),
    }
    throttle::succeeded(repo, admitted).await
}
