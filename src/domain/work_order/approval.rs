//! The customer's approvals: how a decision was given and the record of each one.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// One approval the customer gave: when, how and for which lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRecord {
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub at: NaiveDateTime,
    pub signer_name: String,
    pub method: ApprovalMethod,
    pub approved: u32,
    pub declined: u32,
    /// The member of staff who recorded a decision given by phone or at the desk.
    pub recorded_by: Option<String>,
    /// What the customer said (a phone decision's record).
    pub note: String,
}

/// How a decision was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovalMethod {
    /// On the portal, signed on the signature pad.
    PortalSignature,
    /// By phone; the advisor records it with a note of the call.
    Phone,
    /// At the desk, signed on the tablet; the advisor records it.
    InPerson,
}

impl ApprovalMethod {
    pub const ALL: [ApprovalMethod; 3] = [Self::PortalSignature, Self::Phone, Self::InPerson];
    /// What the desk may record (the portal's own method is the customer's alone).
    pub const AT_DESK: [ApprovalMethod; 2] = [Self::Phone, Self::InPerson];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PortalSignature => "portal_signature",
            Self::Phone => "phone",
            Self::InPerson => "in_person",
        }
    }
}

impl FromStr for ApprovalMethod {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown approval method {s:?}"))
    }
}
