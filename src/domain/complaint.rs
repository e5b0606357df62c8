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
use super::ids::TechnicianId;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// What customers and staff quote: `TS261127-7KQ4M` (投诉).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ComplaintNumber(String);

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
