//! Follow-up visits (回访): the customer-service manager's calls after a low survey answer,
//! for a complaint, or routinely some days after a delivery, each with its outcome recorded.

use super::error::{AppError, Field, Problem};
use super::ids::FollowUpId;
use super::survey::SurveyAnswer;
use super::vehicle::Plate;
use super::work_order::{optional_text, WorkOrderNumber};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Why the manager calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FollowUpSource {
    /// A detractor or a low rating in the survey.
    Survey,
    /// The 回访 stage of a complaint.
    Complaint,
    /// Every delivery, some days later (outlet policy).
    Routine,
}

impl FollowUpSource {
    pub const ALL: [FollowUpSource; 3] = [Self::Survey, Self::Complaint, Self::Routine];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Survey => "survey",
            Self::Complaint => "complaint",
            Self::Routine => "routine",
        }
    }
}

impl FromStr for FollowUpSource {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown follow-up source {s:?}"))
    }
}

/// An outlet's rules for closing the loop. Defaults are the guideline's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingPolicy {
    /// How long a survey link works.
    pub survey_valid_days: u32,
    /// A follow-up task is due this long after it opens.
    pub follow_up_hours: u32,
    /// The routine call this many days after delivery; 0: no routine calls.
    pub routine_follow_up_days: u32,
}

impl Default for ClosingPolicy {
    fn default() -> Self {
        Self {
            survey_valid_days: 14,
            follow_up_hours: 24,
            routine_follow_up_days: 3,
        }
    }
}

/// A task on the manager's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpTask {
    pub id: FollowUpId,
    pub source: FollowUpSource,
    pub customer_name: String,
    /// In full: the manager calls this number.
    pub phone: String,
    pub order: Option<WorkOrderNumber>,
    pub plate: Option<Plate>,
    /// A complaint's 回访: recorded on the complaint's page (it closes or reopens it).
    pub complaint: Option<super::complaint::ComplaintNumber>,
    /// Outlet-local times.
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub due_at: NaiveDateTime,
    #[serde(default, with = "crate::domain::wire_time::opt_datetime")]
    pub done_at: Option<NaiveDateTime>,
    /// Still open past its due time.
    pub overdue: bool,
    /// The survey answer that opened it, if any.
    pub survey: Option<SurveyAnswer>,
    pub reached: Option<bool>,
    pub satisfaction: Option<u8>,
    pub outcome: String,
    pub done_by: Option<String>,
}

/// What the manager records after the call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpForm {
    /// Did the customer answer?
    pub reached: bool,
    /// 1–5, when reached.
    pub satisfaction: Option<u8>,
    /// What was said or done.
    pub outcome: String,
}

/// A valid outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpOutcome {
    pub reached: bool,
    pub satisfaction: Option<u8>,
    pub outcome: String,
}

pub const OUTCOME_MAX: u32 = 1000;

impl FollowUpForm {
    pub fn parse(&self) -> Result<FollowUpOutcome, AppError> {
        let outcome = optional_text(&self.outcome, Field::Outcome, OUTCOME_MAX)?;
        if outcome.is_empty() {
            return Err(AppError::invalid(Field::Outcome, Problem::Required));
        }
        let satisfaction = match (self.reached, self.satisfaction) {
            (true, None) => return Err(AppError::invalid(Field::Satisfaction, Problem::Required)),
            (true, Some(s)) if !(1..=5).contains(&s) => {
                return Err(AppError::invalid(Field::Satisfaction, Problem::OutOfRange))
            }
            (true, Some(s)) => Some(s),
            // Nobody answered: nothing to rate.
            (false, _) => None,
        };
        Ok(FollowUpOutcome {
            reached: self.reached,
            satisfaction,
            outcome,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_is_required_and_a_reached_customer_rates_their_satisfaction() {
        let reached = FollowUpForm {
            reached: true,
            satisfaction: Some(4),
            outcome: "客户表示问题已解决".into(),
        };
        assert_eq!(reached.parse().map(|o| o.satisfaction), Ok(Some(4)));
        assert_eq!(
            FollowUpForm {
                outcome: " ".into(),
                ..reached.clone()
            }
            .parse(),
            Err(AppError::invalid(Field::Outcome, Problem::Required))
        );
        assert_eq!(
            FollowUpForm {
                satisfaction: None,
                ..reached.clone()
            }
            .parse(),
            Err(AppError::invalid(Field::Satisfaction, Problem::Required))
        );
        assert_eq!(
            FollowUpForm {
                satisfaction: Some(6),
                ..reached.clone()
            }
            .parse(),
            Err(AppError::invalid(Field::Satisfaction, Problem::OutOfRange))
        );
        let unanswered = FollowUpForm {
            reached: false,
            satisfaction: Some(5),
            outcome: "无人接听，明天再打".into(),
        };
        assert_eq!(unanswered.parse().map(|o| o.satisfaction), Ok(None));
        for s in FollowUpSource::ALL {
            assert_eq!(s.as_str().parse::<FollowUpSource>(), Ok(s));
        }
    }
}
