//! What a repository change answers when it may be refused without an error: each outcome is
//! named, so a caller's match says which refusal it handles instead of testing a bare `bool`
//! or `Option`. (A booking's window has its own, `SlotOutcome`, next to the booking records.)
//! A refused change writes nothing: neither the change nor its audit line.

use crate::domain::ids::LineId;

/// Filing a complaint (`file_complaint`).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filed<T> {
    Filed(T),
    /// The customer already filed their day's allowance: nothing was written.
    OverDailyLimit,
}

/// A record that may exist only once per key: created with its id, or refused because one is
/// already on file. `create_customer` (the phone number is on file), `add_car` (the customer
/// already has a car with that plate), `open_work_order` (the booking already has its order).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created<T> {
    Created(T),
    /// The key is taken (a unique index refused the row): nothing was written.
    AlreadyExists,
}

/// Giving a record made at the desk its portal password (`claim_customer`).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claimed {
    Done,
    /// The record already has a password: someone claimed it first.
    AlreadyHasAccount,
}

/// Giving an account a new password (`reset_customer_password`).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordReset {
    Done,
    /// The record has no portal password to replace.
    NoPortalAccount,
}

/// Something that happens at most once: `use_phone_code` (each code works once),
/// `answer_survey` (a survey is answered once), `record_follow_up` (a task is done once),
/// `add_follow_up` (one task per order and source).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Once {
    Done,
    /// It was done already (by an earlier request or another instance).
    AlreadyDone,
}

/// A compare-and-set step on a row's version or status: `set_booking_status`, `transition`,
/// `decide`, `complaint_step`, `claim_complaint`.
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stepped {
    Done,
    /// The row was no longer as the caller saw it (someone else was faster): nothing changed.
    ChangedMeanwhile,
}

/// Adding an estimate line (`add_line`), guarded like a step by the order's status.
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAdded {
    Added(LineId),
    /// The order left the status the line's approval rule was decided for.
    ChangedMeanwhile,
}

/// Adding a picture within an allowance (`add_photo`, `add_complaint_photo`).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added<T> {
    Added(T),
    /// The order (or the complaint, on this side) already keeps the most pictures allowed.
    Full,
}

/// A system action taken while its condition holds, once: `record_delay` (the order's delay
/// notice), `escalate_complaint` (the complaint's escalation to the manager).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raised {
    Done,
    /// Done already (another instance was first), or its condition no longer holds: the order
    /// is no longer late, the complaint has had its first response.
    NotNeeded,
}

/// Recording a delivery attempt of a claimed message (`mark_notification`).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marked {
    Done,
    /// The claim (`lease`) ran out before the outcome was recorded: the message may be another
    /// sender's now, and nothing was written.
    ClaimRanOut,
}
