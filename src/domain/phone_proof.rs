//! Proving a mobile number: a one-time code texted to it. Registering, resetting a password
//! and taking over a record the desk created under the number all need one, so that knowing
//! someone's number (or their plate, which is printed on the car) opens nothing of theirs.

use super::Problem;
use serde::{Deserialize, Serialize};

/// Digits in a code.
pub const CODE_DIGITS: usize = 6;
/// A code works for this long after it was sent.
pub const CODE_TTL_MINUTES: i64 = 10;
/// Wrong entries a code survives; then it is spent and a new one must be asked for.
pub const MAX_CODE_TRIES: u32 = 5;
/// A new code for the same number and purpose is sent at most this often.
pub const RESEND_AFTER_SECONDS: i64 = 60;
/// Codes texted to one number per hour, whoever asks (nobody's phone is flooded through us).
pub const MAX_CODES_PER_NUMBER_PER_HOUR: u32 = 10;
/// Codes to one number one client address may ask for per hour: a stranger alone cannot
/// use up the number's allowance and keep its owner from getting a code.
pub const MAX_CODES_PER_NUMBER_FROM_ONE_ADDRESS: u32 = 3;
/// Codes one client address may have sent per hour, across numbers.
pub const MAX_CODES_PER_ADDRESS_PER_HOUR: u32 = 20;

/// What the code is for; a code for one purpose does not work for the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodePurpose {
    /// A new portal account, or one taking over the desk's record for the number.
    Register,
    ResetPassword,
}

impl CodePurpose {
    pub const ALL: [CodePurpose; 2] = [Self::Register, Self::ResetPassword];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::ResetPassword => "reset_password",
        }
    }

    pub fn from_stored(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == stored)
    }
}

/// Six ASCII digits, as typed (spaces around them are ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneTimeCode(String);

impl OneTimeCode {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let code = input.trim();
        if code.is_empty() {
            return Err(Problem::Required);
        }
        if code.len() == CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(code.to_owned()))
        } else {
            Err(Problem::CodeFormat)
        }
    }

    /// A code from a random number (the server draws it).
    pub fn from_number(n: u32) -> Self {
        Self(format!("{:06}", n % 1_000_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The answer to "text me a code": the same whether or not the number has an account, so
/// that asking reveals nothing about who is a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    /// The masked number it went to.
    pub phone_masked: String,
    /// When the form may offer "send again".
    pub resend_after_seconds: u32,
    /// Demo mode: no SMS gateway, the code is on the demo's message page (`/dev/outbox`).
    pub on_demo_outbox: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_six_ascii_digits() {
        assert_eq!(OneTimeCode::parse(" 012345 ").unwrap().as_str(), "012345");
        assert_eq!(OneTimeCode::parse(""), Err(Problem::Required));
        for bad in [
            "12345",
            "1234567",
            "12345a",
            "１２３４５６",
            "12 345",
            "12345６",
        ] {
            assert_eq!(OneTimeCode::parse(bad), Err(Problem::CodeFormat), "{bad}");
        }
    }

    #[test]
    fn drawn_codes_keep_their_leading_zeros() {
        assert_eq!(OneTimeCode::from_number(42).as_str(), "000042");
        assert_eq!(OneTimeCode::from_number(1_234_567).as_str(), "234567");
    }

    #[test]
    fn purposes_round_trip_through_their_stored_names() {
        for purpose in CodePurpose::ALL {
            assert_eq!(CodePurpose::from_stored(purpose.as_str()), Some(purpose));
        }
    }
}
