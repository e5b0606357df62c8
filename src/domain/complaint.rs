//! Complaints (投诉, guideline ch. 7): fast response, fair handling, closed loop.
//!
//! Five stages, one transition function (`ComplaintStage::apply`): 受理 acceptance (the first
//! response to the customer, due within 24 h of filing by default) → 调查 investigation →
//! 责任认定 responsibility determination (a structured outcome) → 处理反馈 resolution (a free
//! rework order, compensation, or an apology and explanation) → 回访 follow-up visit → closed.
//! An unsatisfied customer at the follow-up, or later, reopens it into investigation.

use super::booking::{compose_number, parse_number};
use super::error::{AppError, Conflict, Field, Problem};
use super::estimate::{parse_money, Money};
use super::identity::bounded_text;
use super::ids::{OutletId, TechnicianId};
use super::vehicle::Plate;
use super::work_order::{optional_text, WorkOrderNumber};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// What customers and staff quote: `TS261127-7KQ4M` (投诉).
/// Read from the wire through `parse` (`try_from`): a malformed number never becomes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct ComplaintNumber(String);

impl TryFrom<String> for ComplaintNumber {
    type Error = &'static str;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text).map_err(|_| "not a ComplaintNumber")
    }
}

impl ComplaintNumber {
    pub fn compose(day: chrono::NaiveDate, random: [u8; 5]) -> Self {
        Self(compose_number("TS", day, random))
    }

    /// Anything not shaped like a complaint number is simply not found.
    pub fn parse(input: &str) -> Result<Self, AppError> {
        parse_number("TS", input)
            .map(Self)
            .ok_or(AppError::NotFound)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a complaint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintStage {
    /// 受理: filed, waiting for the first response.
    Acceptance,
    /// 调查核实: notes, evidence, linked orders and staff.
    Investigation,
    /// 责任认定: deciding whose fault it was.
    Responsibility,
    /// 处理反馈: putting it right and telling the customer.
    Resolution,
    /// 客户回访: asking the customer whether they are satisfied.
    FollowUp,
    /// 已结案. Reopened if the customer is not satisfied after all.
    Closed,
}

/// What can happen to a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintEvent {
    /// The first response to the customer: accepted, being looked into.
    Accept,
    ConcludeInvestigation,
    /// Records the structured outcome (`Responsibility`).
    DetermineResponsibility,
    /// Records the resolution (`Resolution`) and tells the customer.
    Resolve,
    /// The follow-up visit found the customer satisfied: closed.
    CustomerSatisfied,
    /// The follow-up visit found the customer not satisfied: back to investigation.
    CustomerUnsatisfied,
    /// A closed complaint comes back.
    Reopen,
}

impl ComplaintStage {
    pub const ALL: [ComplaintStage; 6] = [
        Self::Acceptance,
        Self::Investigation,
        Self::Responsibility,
        Self::Resolution,
        Self::FollowUp,
        Self::Closed,
    ];

    /// The one transition function; refusals name the stage and the step.
    pub fn apply(self, event: ComplaintEvent) -> Result<ComplaintStage, Conflict> {
        use ComplaintEvent as E;
        use ComplaintStage as S;
        let refused = Err(Conflict::IllegalComplaintStep { stage: self, event });
        match (self, event) {
            (S::Acceptance, E::Accept) => Ok(S::Investigation),
            (S::Investigation, E::ConcludeInvestigation) => Ok(S::Responsibility),
            (S::Responsibility, E::DetermineResponsibility) => Ok(S::Resolution),
            (S::Resolution, E::Resolve) => Ok(S::FollowUp),
            (S::FollowUp, E::CustomerSatisfied) => Ok(S::Closed),
            (S::FollowUp, E::CustomerUnsatisfied) | (S::Closed, E::Reopen) => Ok(S::Investigation),
            // Everything else, written out per stage so that a new stage or event does not
            // compile until its place is decided.
            (
                S::Acceptance,
                E::ConcludeInvestigation
                | E::DetermineResponsibility
                | E::Resolve
                | E::CustomerSatisfied
                | E::CustomerUnsatisfied
                | E::Reopen,
            )
            | (
                S::Investigation,
                E::Accept
                | E::DetermineResponsibility
                | E::Resolve
                | E::CustomerSatisfied
                | E::CustomerUnsatisfied
                | E::Reopen,
            )
            | (
                S::Responsibility,
                E::Accept
                | E::ConcludeInvestigation
                | E::Resolve
                | E::CustomerSatisfied
                | E::CustomerUnsatisfied
                | E::Reopen,
            )
            | (
                S::Resolution,
                E::Accept
                | E::ConcludeInvestigation
                | E::DetermineResponsibility
                | E::CustomerSatisfied
                | E::CustomerUnsatisfied
                | E::Reopen,
            )
            | (
                S::FollowUp,
                E::Accept
                | E::ConcludeInvestigation
                | E::DetermineResponsibility
                | E::Resolve
                | E::Reopen,
            )
            | (
                S::Closed,
                E::Accept
                | E::ConcludeInvestigation
                | E::DetermineResponsibility
                | E::Resolve
                | E::CustomerSatisfied
                | E::CustomerUnsatisfied,
            ) => refused,
        }
    }

    pub fn is_open(self) -> bool {
        self != Self::Closed
    }

    /// The customer's stage line shows these five (closed is the end of the last).
    pub const STAGES: [ComplaintStage; 5] = [
        Self::Acceptance,
        Self::Investigation,
        Self::Responsibility,
        Self::Resolution,
        Self::FollowUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Acceptance => "acceptance",
            Self::Investigation => "investigation",
            Self::Responsibility => "responsibility",
            Self::Resolution => "resolution",
            Self::FollowUp => "follow_up",
            Self::Closed => "closed",
        }
    }
}

impl FromStr for ComplaintStage {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown complaint stage {s:?}"))
    }
}

impl ComplaintEvent {
    pub const ALL: [ComplaintEvent; 7] = [
        Self::Accept,
        Self::ConcludeInvestigation,
        Self::DetermineResponsibility,
        Self::Resolve,
        Self::CustomerSatisfied,
        Self::CustomerUnsatisfied,
        Self::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::ConcludeInvestigation => "conclude_investigation",
            Self::DetermineResponsibility => "determine_responsibility",
            Self::Resolve => "resolve",
            Self::CustomerSatisfied => "customer_satisfied",
            Self::CustomerUnsatisfied => "customer_unsatisfied",
            Self::Reopen => "reopen",
        }
    }
}

impl FromStr for ComplaintEvent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown complaint event {s:?}"))
    }
}

/// What the complaint is about (the guideline's top causes first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintCategory {
    RepairQuality,
    Timeliness,
    Price,
    StaffAttitude,
    Parts,
    Other,
}

impl ComplaintCategory {
    pub const ALL: [ComplaintCategory; 6] = [
        Self::RepairQuality,
        Self::Timeliness,
        Self::Price,
        Self::StaffAttitude,
        Self::Parts,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RepairQuality => "repair_quality",
            Self::Timeliness => "timeliness",
            Self::Price => "price",
            Self::StaffAttitude => "staff_attitude",
            Self::Parts => "parts",
            Self::Other => "other",
        }
    }
}

impl FromStr for ComplaintCategory {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown complaint category {s:?}"))
    }
}

/// How serious the manager judges it (set at acceptance; filters the queue).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Severity {
    Low,
    #[default]
    Normal,
    /// Safety, repeat failures, public escalation.
    High,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Self::Low, Self::Normal, Self::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
        }
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown severity {s:?}"))
    }
}

/// Whose fault it was (责任认定): links to rework, compensation and staff KPIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Responsibility {
    /// The shop's workmanship, nobody in particular.
    Workmanship,
    /// A named technician of the outlet.
    Technician {
        technician: TechnicianId,
    },
    PartsSupplier,
    ManufacturerDefect,
    CustomerMisuse,
    NoFault,
}

impl Responsibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Workmanship => "workmanship",
            Self::Technician { .. } => "technician",
            Self::PartsSupplier => "parts_supplier",
            Self::ManufacturerDefect => "manufacturer_defect",
            Self::CustomerMisuse => "customer_misuse",
            Self::NoFault => "no_fault",
        }
    }

    /// Reads the stored kind and technician back.
    pub fn from_db(kind: &str, technician: Option<TechnicianId>) -> Result<Self, String> {
        Ok(match (kind, technician) {
            ("workmanship", _) => Self::Workmanship,
            ("technician", Some(technician)) => Self::Technician { technician },
            ("parts_supplier", _) => Self::PartsSupplier,
            ("manufacturer_defect", _) => Self::ManufacturerDefect,
            ("customer_misuse", _) => Self::CustomerMisuse,
            ("no_fault", _) => Self::NoFault,
            (other, _) => return Err(format!("unknown responsibility {other:?}")),
        })
    }

    /// The shop is at fault: the customer is owed a remedy.
    pub fn shop_at_fault(self) -> bool {
        matches!(self, Self::Workmanship | Self::Technician { .. })
    }
}

/// How the complaint is put right (处理).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    /// A rework order linked to the complaint's work order, opened through the repair life
    /// cycle (free of charge inside the warranty period).
    FreeRework,
    /// A refund or compensation of this amount.
    Compensation { amount: Money },
    /// An apology and explanation.
    Apology,
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FreeRework => "free_rework",
            Self::Compensation { .. } => "compensation",
            Self::Apology => "apology",
        }
    }
}

/// The compensation amount as typed: more than zero, at most ¥1,000,000.
pub fn parse_compensation(input: &str) -> Result<Money, AppError> {
    let amount = parse_money(input, Field::Amount, Money::LINE_MAX)?;
    if amount.0 == 0 {
        return Err(AppError::invalid(Field::Amount, Problem::OutOfRange));
    }
    Ok(amount)
}

pub const WHAT_HAPPENED_MAX: u32 = 2000;
pub const WISH_MAX: u32 = 1000;
pub const MESSAGE_MAX: u32 = 1000;
/// Photos one complaint keeps from each side: the customer's, and apart from them the staff's
/// evidence (so a link's holder cannot use up the room the manager needs).
pub const PHOTOS_MAX: u32 = 12;

/// What a customer files: signed in, or as a guest with their mobile number and the order's
/// number (the complaint then attaches to that order's customer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintForm {
    /// The work order it is about, as typed; empty for a general complaint. A guest must give it.
    pub order: String,
    /// A general complaint names the outlet it is about.
    pub outlet: Option<OutletId>,
    pub category: Option<ComplaintCategory>,
    pub what_happened: String,
    /// What the customer wants done (optional).
    pub wish: String,
    /// Guests only: the mobile number the order was opened under.
    pub phone: String,
}

/// A complaint's checked texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintText {
    pub category: ComplaintCategory,
    pub what_happened: String,
    pub wish: String,
}

impl ComplaintForm {
    pub fn parse(&self) -> Result<ComplaintText, AppError> {
        let category = self
            .category
            .ok_or(AppError::invalid(Field::Category, Problem::Required))?;
        let what_happened = bounded_text(&self.what_happened, WHAT_HAPPENED_MAX)
            .map_err(|p| AppError::invalid(Field::WhatHappened, p))?;
        let wish = optional_text(&self.wish, Field::Wish, WISH_MAX)?;
        Ok(ComplaintText {
            category,
            what_happened,
            wish,
        })
    }
}

/// What the customer is given after filing: the number to quote and the page's link secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiledComplaint {
    pub number: ComplaintNumber,
    /// Opens the complaint's page without signing in (`/complaint/<token>`).
    pub token: String,
}

/// How the complaint is put right, as chosen on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResolutionKind {
    FreeRework,
    Compensation,
    Apology,
}

impl ResolutionKind {
    pub const ALL: [ResolutionKind; 3] = [Self::FreeRework, Self::Compensation, Self::Apology];
}

/// The check-in of the free rework, opened from the complaint (the car is at the desk).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReworkForm {
    pub odometer_km: String,
    pub fuel_percent: u8,
    /// Outlet-local time the car is promised back.
    #[serde(default, with = "crate::domain::wire_time::opt_datetime")]
    pub promised_at: Option<chrono::NaiveDateTime>,
}

/// A step, note or message a member of staff adds to a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffAction {
    /// 受理: the severity and the first response to the customer.
    Accept { severity: Severity, reply: String },
    /// A note at any stage; a `public` one is a message to the customer. An investigation
    /// note may point at a work order (typed number) and a technician of the outlet.
    Note {
        text: String,
        public: bool,
        #[serde(default)]
        linked_order: String,
        #[serde(default)]
        linked_technician: Option<TechnicianId>,
    },
    /// 调查 ends with its findings (staff-only).
    ConcludeInvestigation { findings: String },
    /// 责任认定, with the reasoning (staff-only).
    DetermineResponsibility {
        responsibility: Option<Responsibility>,
        reasoning: String,
    },
    /// 处理反馈: the remedy and the message telling the customer.
    Resolve {
        kind: Option<ResolutionKind>,
        /// For compensation, as typed.
        amount: String,
        rework: ReworkForm,
        message: String,
    },
    /// 回访: the call; a reached customer says whether they are satisfied.
    FollowUp {
        visit: super::follow_up::FollowUpForm,
        satisfied: bool,
    },
    /// A closed complaint comes back (the customer was not satisfied after all).
    Reopen { reason: String },
}

impl StaffAction {
    /// The stage event this action is (a note moves nothing; an unanswered call neither).
    pub fn event(&self) -> Option<ComplaintEvent> {
        match self {
            Self::Accept { .. } => Some(ComplaintEvent::Accept),
            Self::Note { .. } => None,
            Self::ConcludeInvestigation { .. } => Some(ComplaintEvent::ConcludeInvestigation),
            Self::DetermineResponsibility { .. } => Some(ComplaintEvent::DetermineResponsibility),
            Self::Resolve { .. } => Some(ComplaintEvent::Resolve),
            Self::FollowUp { visit, .. } if !visit.reached => None,
            Self::FollowUp {
                satisfied: true, ..
            } => Some(ComplaintEvent::CustomerSatisfied),
            Self::FollowUp { .. } => Some(ComplaintEvent::CustomerUnsatisfied),
            Self::Reopen { .. } => Some(ComplaintEvent::Reopen),
        }
    }
}

/// The required text of a step (a message, findings, a reason).
pub fn step_text(input: &str, field: Field) -> Result<String, AppError> {
    bounded_text(input, MESSAGE_MAX).map_err(|p| AppError::invalid(field, p))
}

/// How a customer names their complaint: by number when signed in, or by the link's secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComplaintKey {
    Number(String),
    Token(String),
}

impl ComplaintKey {
    /// Where this reader fetches one of the complaint's pictures.
    pub fn photo_url(&self, photo: super::ids::PhotoId) -> String {
        match self {
            Self::Number(number) => format!("/photos/complaints/{number}/{photo}"),
            Self::Token(token) => format!("/photos/complaint-link/{token}/{photo}"),
        }
    }
}

/// What a customer may add to their complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CustomerAction {
    /// More information, at any stage.
    AddInfo { text: String },
    /// After it was closed: not satisfied after all (reopens it).
    NotSatisfied { reason: String },
}

/// A line of the complaint's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintEntry {
    /// Outlet-local time.
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub at: chrono::NaiveDateTime,
    /// Who: the member of staff, the customer, or the system (escalation).
    pub actor: String,
    pub by_customer: bool,
    pub event: Option<ComplaintEvent>,
    pub to_stage: Option<ComplaintStage>,
    pub note: String,
    /// Addressed to the customer; staff-only otherwise (never sent to the customer's page).
    pub public: bool,
    /// The escalation to the outlet manager (the first response came too late).
    pub escalation: bool,
    /// The customer filed it (the first entry).
    pub filed: bool,
    /// Staff only: the work order and the technician a note points at.
    pub linked_order: Option<WorkOrderNumber>,
    pub linked_technician: Option<String>,
}

/// A picture sent with a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintPhoto {
    pub id: super::ids::PhotoId,
    pub caption: String,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub at: chrono::NaiveDateTime,
    /// Evidence added by staff (never shown to the customer).
    pub by_staff: bool,
}

/// The gallery shows a complaint's pictures like an order's.
impl From<&ComplaintPhoto> for super::photo::PhotoRef {
    fn from(p: &ComplaintPhoto) -> Self {
        Self {
            id: p.id,
            line: None,
            caption: p.caption.clone(),
            at: p.at,
        }
    }
}

/// A complaint as one of its readers sees it. The customer's copy has only public entries, no
/// named technician and a masked phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub number: ComplaintNumber,
    pub stage: ComplaintStage,
    pub category: ComplaintCategory,
    /// Staff only (the manager's triage).
    pub severity: Option<Severity>,
    pub outlet_name: super::catalog::Localized,
    pub customer_name: String,
    pub phone: String,
    pub order: Option<WorkOrderNumber>,
    pub plate: Option<Plate>,
    pub what_happened: String,
    pub wish: String,
    /// Outlet-local times.
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub filed_at: chrono::NaiveDateTime,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub response_due_at: chrono::NaiveDateTime,
    #[serde(default, with = "crate::domain::wire_time::opt_datetime")]
    pub first_response_at: Option<chrono::NaiveDateTime>,
    #[serde(default, with = "crate::domain::wire_time::opt_datetime")]
    pub due_at: Option<chrono::NaiveDateTime>,
    /// No first response yet and its time has passed.
    pub overdue: bool,
    /// Passed to the outlet manager because the first response came too late.
    pub escalated: bool,
    pub responsibility: Option<Responsibility>,
    /// Staff only: the technician found responsible.
    pub technician_name: Option<String>,
    pub resolution: Option<Resolution>,
    pub rework_order: Option<WorkOrderNumber>,
    pub entries: Vec<ComplaintEntry>,
    pub photos: Vec<ComplaintPhoto>,
    /// Staff only: who may be named responsible (the outlet's technicians).
    pub technicians: Vec<(super::ids::TechnicianId, String)>,
    /// Staff only: what the rework's check-in starts from.
    pub last_odometer_km: u32,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub now: chrono::NaiveDateTime,
    /// The link secret (the customer's copy only).
    pub token: Option<String>,
    /// Compare-and-set: a step is refused if someone else moved the complaint first.
    pub version: i64,
}

/// A row of the customer-service manager's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintQueueItem {
    pub number: ComplaintNumber,
    pub stage: ComplaintStage,
    pub category: ComplaintCategory,
    pub severity: Severity,
    pub outlet_name: super::catalog::Localized,
    pub customer_name: String,
    pub order: Option<WorkOrderNumber>,
    pub plate: Option<Plate>,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub filed_at: chrono::NaiveDateTime,
    #[serde(default, with = "crate::domain::wire_time::opt_datetime")]
    pub due_at: Option<chrono::NaiveDateTime>,
    /// Minutes until the stage's deadline; negative once past it.
    pub minutes_left: Option<i64>,
    pub overdue: bool,
    pub escalated: bool,
}

/// What the queue shows; every filter optional. Closed complaints only when asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintFilter {
    pub outlet: Option<OutletId>,
    pub stage: Option<ComplaintStage>,
    pub category: Option<ComplaintCategory>,
    pub severity: Option<Severity>,
}

/// A customer's list entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintSummary {
    pub number: ComplaintNumber,
    pub stage: ComplaintStage,
    pub category: ComplaintCategory,
    pub order: Option<WorkOrderNumber>,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub filed_at: chrono::NaiveDateTime,
}

/// How long the shop has for each stage (outlet policy; the guideline's numbers by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintPolicy {
    /// The first response, from filing (respond within 24 h).
    pub response_hours: u32,
    /// Investigation to resolution, from the first response (processing within 48 h).
    pub handling_hours: u32,
}

impl Default for ComplaintPolicy {
    fn default() -> Self {
        Self {
            response_hours: 24,
            handling_hours: 48,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComplaintEvent as E;
    use ComplaintStage as S;

    /// The whole life cycle as a table: (stage, event) → next stage. Every pair not here must
    /// be refused.
    const ALLOWED: [(S, E, S); 7] = [
        (S::Acceptance, E::Accept, S::Investigation),
        (
            S::Investigation,
            E::ConcludeInvestigation,
            S::Responsibility,
        ),
        (S::Responsibility, E::DetermineResponsibility, S::Resolution),
        (S::Resolution, E::Resolve, S::FollowUp),
        (S::FollowUp, E::CustomerSatisfied, S::Closed),
        (S::FollowUp, E::CustomerUnsatisfied, S::Investigation),
        (S::Closed, E::Reopen, S::Investigation),
    ];

    #[test]
    fn every_stage_and_event_pair_follows_the_table() {
        for stage in S::ALL {
            for event in E::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(s, e, _)| *s == stage && *e == event)
                    .map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(stage.apply(event), Ok(to), "{stage:?} + {event:?}"),
                    None => assert_eq!(
                        stage.apply(event),
                        Err(Conflict::IllegalComplaintStep { stage, event }),
                        "{stage:?} + {event:?} must be refused"
                    ),
                }
            }
        }
    }

    #[test]
    fn names_round_trip_through_storage() {
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<S>(), Ok(s));
        }
        for e in E::ALL {
            assert_eq!(e.as_str().parse::<E>(), Ok(e));
        }
        for c in ComplaintCategory::ALL {
            assert_eq!(c.as_str().parse::<ComplaintCategory>(), Ok(c));
        }
        for v in Severity::ALL {
            assert_eq!(v.as_str().parse::<Severity>(), Ok(v));
        }
        let named = Responsibility::Technician {
            technician: TechnicianId(3),
        };
        assert_eq!(
            Responsibility::from_db(named.as_str(), Some(TechnicianId(3))),
            Ok(named)
        );
        assert!(Responsibility::from_db("technician", None).is_err());
        assert!(named.shop_at_fault());
        assert!(!Responsibility::CustomerMisuse.shop_at_fault());
    }

    #[test]
    fn a_complaint_needs_a_category_and_what_happened() {
        let form = ComplaintForm {
            category: Some(ComplaintCategory::RepairQuality),
            what_happened: " 换完刹车片还是异响 ".into(),
            ..ComplaintForm::default()
        };
        let text = form.parse().unwrap();
        assert_eq!(text.what_happened, "换完刹车片还是异响");
        assert_eq!(text.wish, "");
        assert_eq!(
            ComplaintForm {
                category: None,
                ..form.clone()
            }
            .parse(),
            Err(AppError::invalid(Field::Category, Problem::Required))
        );
        assert_eq!(
            ComplaintForm {
                what_happened: "  ".into(),
                ..form.clone()
            }
            .parse(),
            Err(AppError::invalid(Field::WhatHappened, Problem::Required))
        );
        assert_eq!(
            ComplaintForm {
                wish: "要".repeat(WISH_MAX as usize + 1),
                ..form
            }
            .parse(),
            Err(AppError::invalid(
                Field::Wish,
                Problem::TooLong { max: WISH_MAX }
            ))
        );
    }

    #[test]
    fn an_unanswered_follow_up_call_moves_nothing() {
        let call = |reached, satisfied| StaffAction::FollowUp {
            visit: crate::domain::follow_up::FollowUpForm {
                reached,
                satisfaction: Some(4),
                outcome: "x".into(),
            },
            satisfied,
        };
        assert_eq!(call(false, true).event(), None);
        assert_eq!(call(true, true).event(), Some(E::CustomerSatisfied));
        assert_eq!(call(true, false).event(), Some(E::CustomerUnsatisfied));
        let note = StaffAction::Note {
            text: "x".into(),
            public: true,
            linked_order: String::new(),
            linked_technician: None,
        };
        assert_eq!(note.event(), None);
    }

    #[test]
    fn complaint_numbers_have_their_own_prefix() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let number = ComplaintNumber::compose(day, [0, 1, 2, 3, 4]);
        assert!(number.as_str().starts_with("TS261127-"));
        assert_eq!(ComplaintNumber::parse(number.as_str()), Ok(number.clone()));
        assert_eq!(
            ComplaintNumber::parse("WO261127-23456"),
            Err(AppError::NotFound)
        );
        assert_eq!(
            parse_compensation("0"),
            Err(AppError::invalid(Field::Amount, Problem::OutOfRange))
        );
        assert_eq!(parse_compensation("200"), Ok(Money(20_000)));
    }
}
