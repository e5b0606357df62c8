//! Who people are: mobile numbers, names, user names and passwords.
//!
//! Parse, don't validate: each type has a private field and one `parse` constructor, so a value
//! of the type is valid by construction.

use super::error::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A mainland-China mobile number: 11 digits, `1` then `3`–`9`.
///
/// Accepts the forms people type (`138 0013 8000`, `138-0013-8000`, `+86 13800138000`) and
/// keeps only the 11 digits. `Debug` and `Display` show it masked.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let mut digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.is_empty() {
            return Err(Problem::Required);
        }
        for prefix in ["+86", "0086"] {
            if let Some(rest) = digits.strip_prefix(prefix) {
                digits = rest.to_string();
            }
        }
        if digits.len() == 13 && digits.starts_with("86") {
            digits = digits[2..].to_string();
        }
        let bytes = digits.as_bytes();
        let well_formed = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if well_formed {
            Ok(Self(digits))
        } else {
            Err(Problem::PhoneFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as screens that do not need it show it: `138****8000` (`—` once erased).
    pub fn masked(&self) -> String {
        if self.is_erased() {
            return "—".into();
        }
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }

    /// What an erased customer's record keeps in place of their number (PIPL art. 47): `10`
    /// and the record's id, 11 digits. No mainland mobile starts with `10`, so it never meets
    /// a real number, a sign-in or a text message.
    pub fn erased(customer_id: i64) -> Self {
        Self(format!("10{:09}", customer_id.rem_euclid(1_000_000_000)))
    }

    pub fn is_erased(&self) -> bool {
        self.0.starts_with("10")
    }

    /// A number as the database keeps it: a mobile, or an erased record's placeholder.
    pub fn stored(text: &str) -> Result<Self, Problem> {
        let erased =
            text.len() == 11 && text.starts_with("10") && text.bytes().all(|b| b.is_ascii_digit());
        match erased {
            true => Ok(Self(text.to_owned())),
            false => Self::parse(text),
        }
    }
}

/// A name as a bystander sees it: its first character, the rest starred (`王先生` → `王**`).
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

impl TryFrom<String> for Phone {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|p| format!("{p:?}"))
    }
}

impl From<Phone> for String {
    fn from(value: Phone) -> Self {
        value.0
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl fmt::Display for Phone {
    /// Masked on purpose: a `Phone` that ends up in a log line or a screen by accident
    /// shows no more than it should. Use `as_str` where the full number is needed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Trims `input` and checks it is non-empty and at most `max` characters.
pub fn bounded_text(input: &str, max: u32) -> Result<String, Problem> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        Err(Problem::Required)
    } else if trimmed.chars().count() > max as usize {
        Err(Problem::TooLong { max })
    } else {
        Ok(trimmed.to_string())
    }
}

/// A person's name as they want to be addressed (王先生, Li Na).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: u32 = 40;

    pub fn parse(input: &str) -> Result<Self, Problem> {
        bounded_text(input, Self::MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A staff user name: 3–32 of `a-z 0-9 . _ -`, case-insensitive (stored lower-case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let name = input.trim().to_lowercase();
        if name.is_empty() {
            return Err(Problem::Required);
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if (3..=32).contains(&name.len()) && name.chars().all(allowed) {
            Ok(Self(name))
        } else {
            Err(Problem::UsernameFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password as typed. Deliberately not `Serialize`: it only travels inwards.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN: u32 = 8;
    pub const MAX: u32 = 128;

    pub fn parse(input: &str) -> Result<Self, Problem> {
        let length = input.chars().count();
        if length == 0 {
            Err(Problem::Required)
        } else if length < Self::MIN as usize {
            Err(Problem::TooShort { min: Self::MIN })
        } else if length > Self::MAX as usize {
            Err(Problem::TooLong { max: Self::MAX })
        } else {
            Ok(Self(input.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_name_keeps_its_first_character() {
        assert_eq!(mask_name("王先生"), "王**");
        assert_eq!(mask_name("Li"), "L*");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn a_phone_number_is_accepted_in_the_forms_people_type() {
        for typed in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "8613800138000",
        ] {
            assert_eq!(
                Phone::parse(typed).unwrap().as_str(),
                "13800138000",
                "{typed}"
            );
        }
    }

    #[test]
    fn a_phone_number_that_is_not_a_mainland_mobile_is_refused() {
        for typed in [
            "1380013800",
            "138001380001",
            "12800138000",
            "23800138000",
            "1380013800a",
        ] {
            assert_eq!(Phone::parse(typed), Err(Problem::PhoneFormat), "{typed}");
        }
        assert_eq!(Phone::parse("  "), Err(Problem::Required));
    }

    #[test]
    fn an_erased_number_is_never_a_mobile_and_shows_as_a_dash() {
        let erased = Phone::erased(42);
        assert_eq!(erased.as_str(), "10000000042");
        assert!(erased.is_erased());
        assert_eq!(erased.masked(), "—");
        assert_eq!(Phone::parse(erased.as_str()), Err(Problem::PhoneFormat));
        assert_eq!(Phone::stored(erased.as_str()), Ok(erased));
        assert!(!Phone::stored("13800138000").unwrap().is_erased());
    }

    #[test]
    fn a_phone_number_is_masked_for_display_and_in_debug_output() {
        let phone = Phone::parse("13800138000").unwrap();
        assert_eq!(phone.masked(), "138****8000");
        assert_eq!(phone.to_string(), "138****8000");
        assert_eq!(format!("{phone:?}"), "Phone(138****8000)");
    }

    #[test]
    fn a_name_is_trimmed_and_bounded() {
        assert_eq!(PersonName::parse("  王先生 ").unwrap().as_str(), "王先生");
        assert_eq!(PersonName::parse(""), Err(Problem::Required));
        assert_eq!(
            PersonName::parse(&"名".repeat(41)),
            Err(Problem::TooLong { max: 40 })
        );
    }

    #[test]
    fn a_user_name_is_lower_cased_and_restricted() {
        assert_eq!(
            Username::parse(" Advisor.Li ").unwrap().as_str(),
            "advisor.li"
        );
        assert_eq!(Username::parse("ab"), Err(Problem::UsernameFormat));
        assert_eq!(Username::parse("has space"), Err(Problem::UsernameFormat));
    }

    #[test]
    fn a_password_needs_eight_characters() {
        assert_eq!(
            NewPassword::parse("short").unwrap_err(),
            Problem::TooShort { min: 8 }
        );
        assert!(NewPassword::parse("long enough").is_ok());
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret123").unwrap()),
            "NewPassword(***)"
        );
    }
}
