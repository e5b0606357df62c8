//! Messages to customers: their kinds and texts, and the outbox as staff (and, in demo mode,
//! the customer) read it.

use super::WorkOrderNumber;
use crate::domain::vehicle::Plate;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A message to a customer, written to the notifications outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotificationKind {
    CheckedIn,
    ApprovalRequested,
    ReadyForPickup,
    /// The promised time passed before the car was ready.
    Delayed,
    /// After delivery: the satisfaction survey's link.
    SurveyInvite,
    /// A complaint was received, answered, resolved or closed.
    ComplaintUpdate,
    /// The outlet closed on the booked day: the customer picks another time.
    BookingAffected,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 7] = [
        Self::CheckedIn,
        Self::ApprovalRequested,
        Self::ReadyForPickup,
        Self::Delayed,
        Self::SurveyInvite,
        Self::ComplaintUpdate,
        Self::BookingAffected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CheckedIn => "checked_in",
            Self::ApprovalRequested => "approval_requested",
            Self::ReadyForPickup => "ready_for_pickup",
            Self::Delayed => "delayed",
            Self::SurveyInvite => "survey_invite",
            Self::ComplaintUpdate => "complaint_update",
            Self::BookingAffected => "booking_affected",
        }
    }
}

impl FromStr for NotificationKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown notification kind {s:?}"))
    }
}

/// After this many failed deliveries a message is given up: it stays in the outbox as failed,
/// for staff to call the customer instead.
pub const MAX_DELIVERY_ATTEMPTS: u32 = 8;

/// Why a delivery failed, besides `HTTP <status>`: codes the outbox page translates.
pub const DELIVERY_TIMEOUT: &str = "timeout";
pub const DELIVERY_UNREACHABLE: &str = "unreachable";

/// A message in the outbox, as staff (and, in demo mode, the customer) see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub kind: NotificationKind,
    /// What it is about: an order and its car, or a complaint.
    pub order: Option<WorkOrderNumber>,
    pub plate: Option<Plate>,
    pub complaint: Option<crate::domain::complaint::ComplaintNumber>,
    pub phone_masked: String,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub created_at: NaiveDateTime,
    #[serde(default, with = "crate::domain::wire_time::opt_datetime")]
    pub sent_at: Option<NaiveDateTime>,
    pub attempts: u32,
    pub text: String,
    /// The page the message leads to, within the app (`/survey/…`): the customer's inbox
    /// links it; staff read the text alone.
    pub link: Option<String>,
    /// Why the last delivery failed, if it did.
    pub last_error: Option<String>,
    /// Given up after too many failures: staff should call the customer.
    pub given_up: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_kinds_round_trip_through_their_stored_names() {
        for k in NotificationKind::ALL {
            assert_eq!(k.as_str().parse::<NotificationKind>(), Ok(k));
        }
    }
}
