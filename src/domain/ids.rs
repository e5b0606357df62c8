//! Typed ids: an `OutletId` can never be passed where a `CarId` is expected.
//!
//! They are database keys. The browser may send them back (to pick an outlet or a car), but
//! the server never trusts them: every query that takes one is scoped by the caller's identity.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id!(
    /// A dealer group (headquarters): one installation serves one group.
    GroupId,
    /// A regional service centre: a group of outlets.
    RegionId,
    /// An outlet (网点) where the work is done.
    OutletId,
    /// A car owner with a portal account or a record made at the desk.
    CustomerId,
    /// A car of a customer.
    CarId,
    /// A member of staff (any role, at any level).
    StaffId,
    /// A bookable service type (maintenance, repair, inspection...).
    ServiceTypeId,
    /// A booking's key; never shown to users, who see its `BookingNumber`.
    BookingId,
    /// A work order's key; users see its `WorkOrderNumber`.
    WorkOrderId,
    /// A technician at an outlet (the dispatch board's choice).
    TechnicianId,
    /// One line of a work order's estimate.
    LineId,
    /// A photo kept with a work order (walk-around or finding).
    PhotoId,
    /// A follow-up task (回访) of the customer-service manager.
    FollowUpId,
    /// A complaint's key; users see its `ComplaintNumber`.
    ComplaintId,
);

/// The secret in a link anyone holding it may open (the tracking QR code, the survey, the
/// complaint page): 24 characters of URL-safe base64 (18 random bytes). Parsed once where it
/// arrives; anything else is "not found", never looked up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkToken(String);

impl LinkToken {
    pub const LEN: usize = 24;

    pub fn parse(input: &str) -> Result<Self, super::AppError> {
        let well_formed = input.len() == Self::LEN
            && input
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        match well_formed {
            true => Ok(Self(input.to_owned())),
            false => Err(super::AppError::NotFound),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_token_is_24_url_safe_characters_and_nothing_else_is_looked_up() {
        assert!(LinkToken::parse("abcdefghijklmnopqrstuv-_").is_ok());
        for bad in [
            "",
            "short",
            "abcdefghijklmnopqrstuv-_x",
            "abcdefghijklmnopqrstuv中",
            "abcdefghijklmnopqrstu/+=",
        ] {
            assert_eq!(
                LinkToken::parse(bad),
                Err(super::super::AppError::NotFound),
                "{bad}"
            );
        }
    }
}
