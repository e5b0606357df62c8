//! The audit log as managers read it in the console: the filter they type, the lines they see
//! (who, what, when, which record) and what the chain check found, as codes the console puts in
//! the reader's language.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// What the manager typed to narrow the log. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// A member of staff's user name or name (part of it).
    pub who: String,
    /// The action (part of its code: `sign_in`, `closure`, `staff.`).
    pub what: String,
    /// The record's key (part of it: a booking or order number, an id).
    pub record: String,
    /// `YYYY-MM-DD`, the first and last day (the group's calendar), inclusive.
    pub from: String,
    pub until: String,
    /// The next page: lines before this one.
    pub before: Option<i64>,
}

/// Who wrote a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditActor {
    Staff {
        name: String,
        username: String,
    },
    /// A customer, by record number only: the log is no place to read who they are.
    Customer {
        id: i64,
    },
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub seq: i64,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub at: NaiveDateTime,
    pub actor: AuditActor,
    pub action: String,
    pub entity: String,
    pub entity_key: String,
    /// The line's JSON detail as written (never a secret nor a full phone number).
    pub detail: String,
}

/// A page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub lines: Vec<AuditLine>,
    /// Set when older lines match too.
    pub more_before: Option<i64>,
}

/// Where the chain check found the first break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainFinding {
    Altered { seq: i64 },
    Relinked { seq: i64 },
    Missing { from: i64, to: i64 },
    Truncated { head: i64, last: i64 },
    HeadAltered,
    Unsealed { id: i64 },
}

/// The chain check as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainCheck {
    /// Lines checked before the first break (all of them when intact).
    pub lines: u64,
    /// `seq:hash`, to keep elsewhere and pass to `aftersales audit verify` later.
    pub head: String,
    pub finding: Option<ChainFinding>,
}
