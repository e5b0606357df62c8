//! Improvement actions (PDCA, guideline 1.4, 4.3 and 7.3): when an indicator misses its target
//! at an outlet, a manager writes down the problem, its cause and a plan with an owner and a
//! due day (Plan); then what was done (Do); the indicator over the period after the one that
//! missed is measured from the records (Check); and the manager decides to make it the
//! standard or to try again with a new plan (Act).
//!
//! Stages: `Do` once planned, `Check` once done, `Plan` again after "try again", `Closed`
//! once standardised.

use super::catalog::Localized;
use super::error::{AppError, Conflict, Field, Problem};
use super::identity::bounded_text;
use super::ids::{OutletId, StaffId};
use super::kpi::{Kpi, Measure, Period, Target};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub const TEXT_MAX: u32 = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Plan,
    Do,
    Check,
    Closed,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Plan => "plan",
            Stage::Do => "do",
            Stage::Check => "check",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        [Stage::Plan, Stage::Do, Stage::Check, Stage::Closed]
            .into_iter()
            .find(|stage| stage.as_str() == s)
    }
}

/// The Act step's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// It worked: the new way becomes the standard, and the action closes.
    Standardise,
    /// Not yet: back to Plan for another round.
    TryAgain,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Standardise => "standardise",
            Decision::TryAgain => "try_again",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        [Decision::Standardise, Decision::TryAgain]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
}

/// The Plan as typed: the problem (only when opening), its cause, what will be done, by whom
/// and by when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanForm {
    pub problem: String,
    pub cause: String,
    pub plan: String,
    pub owner: Option<StaffId>,
    /// `YYYY-MM-DD`.
    pub due_on: String,
}

/// A plan that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPlan {
    pub problem: String,
    pub cause: String,
    pub plan: String,
    pub owner: StaffId,
    pub due_on: NaiveDate,
}

impl PlanForm {
    /// `today` is the outlet's: a plan cannot be due before it.
    pub fn check(&self, today: NaiveDate) -> Result<CheckedPlan, AppError> {
        let text = |value: &str, field| {
            bounded_text(value, TEXT_MAX).map_err(|p| AppError::invalid(field, p))
        };
        let problem = text(&self.problem, Field::Issue)?;
        let cause = text(&self.cause, Field::Cause)?;
        let plan = text(&self.plan, Field::Plan)?;
        let owner = self
            .owner
            .ok_or(AppError::invalid(Field::Owner, Problem::Required))?;
        let due_on = match self.due_on.trim() {
            "" => return Err(AppError::invalid(Field::DueOn, Problem::Required)),
            typed => super::form_time::parse_date_field(typed)
                .ok_or(AppError::invalid(Field::DueOn, Problem::DateFormat))?,
        };
        if due_on < today {
            return Err(AppError::invalid(Field::DueOn, Problem::DateInPast));
        }
        Ok(CheckedPlan {
            problem,
            cause,
            plan,
            owner,
            due_on,
        })
    }
}

/// Which steps a stage allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionStep {
    /// A new plan after "try again" (the problem stays).
    Replan,
    /// What was done.
    RecordDone,
    Decide(Decision),
}

impl ActionStep {
    /// The stage the step leads to, or why it is not possible now.
    pub fn from(self, stage: Stage) -> Result<Stage, AppError> {
        match (self, stage) {
            (ActionStep::Replan, Stage::Plan) => Ok(Stage::Do),
            (ActionStep::RecordDone, Stage::Do) => Ok(Stage::Check),
            (ActionStep::Decide(Decision::Standardise), Stage::Check) => Ok(Stage::Closed),
            (ActionStep::Decide(Decision::TryAgain), Stage::Check) => Ok(Stage::Plan),
            _ => Err(AppError::Conflict(Conflict::ActionStage)),
        }
    }
}

/// An action as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImprovementAction {
    pub id: i64,
    pub outlet: OutletId,
    pub outlet_name: Localized,
    /// The indicator that missed; `None` for an action opened by hand.
    pub kpi: Option<Kpi>,
    /// The period that missed (or when the action was opened).
    pub period: Period,
    pub stage: Stage,
    pub version: i32,
    /// 1, then 2 after a first "try again"…
    pub round: i32,
    pub problem: String,
    pub cause: String,
    pub plan: String,
    pub owner: StaffId,
    pub owner_name: String,
    #[serde(with = "crate::domain::wire_time::date")]
    pub due_on: NaiveDate,
    pub done: String,
    #[serde(with = "crate::domain::wire_time::opt_datetime")]
    pub done_at: Option<NaiveDateTime>,
    pub decision: Option<Decision>,
    pub opened_by: String,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub opened_at: NaiveDateTime,
    /// Planned but not done by its due day.
    pub overdue: bool,
    /// Check: the indicator over the period after the one that missed, with its target, and
    /// whether that period is over (before, the figure is so far).
    pub check: Option<CheckFigure>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckFigure {
    pub period: Period,
    pub measure: Measure,
    pub before: Measure,
    pub target: Option<Target>,
    pub period_over: bool,
}

/// Someone an action can be given to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChoice {
    pub id: StaffId,
    pub name: String,
    /// The outlets (among the manager's) whose actions they can own: those they work at or
    /// above.
    pub outlets: Vec<OutletId>,
}

impl OwnerChoice {
    pub fn can_own(&self, outlet: OutletId) -> bool {
        self.outlets.contains(&outlet)
    }
}

/// The action board: every action at the outlets the manager reaches, open ones first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionBoard {
    pub actions: Vec<ImprovementAction>,
    pub owners: Vec<OwnerChoice>,
    pub outlets: Vec<super::kpi::ScopeChoice>,
    #[serde(with = "crate::domain::wire_time::date")]
    pub today: NaiveDate,
}

/// Overdue: planned (or done and waiting for the check to be decided) and past the due day.
pub fn overdue(stage: Stage, due_on: NaiveDate, today: NaiveDate) -> bool {
    matches!(stage, Stage::Do | Stage::Plan) && due_on < today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn form() -> PlanForm {
        PlanForm {
            problem: "准时交车率 80%".into(),
            cause: "配件到货慢".into(),
            plan: "常用件备库".into(),
            owner: Some(StaffId(3)),
            due_on: "2026-12-15".into(),
        }
    }

    #[test]
    fn a_plan_needs_every_part_and_a_due_day_from_today_on() {
        let plan = form().check(day(1)).unwrap();
        assert_eq!((plan.owner, plan.due_on), (StaffId(3), day(15)));
        let wrong = |f: PlanForm| f.check(day(1)).unwrap_err().field();
        assert_eq!(
            wrong(PlanForm {
                cause: " ".into(),
                ..form()
            }),
            Some(Field::Cause)
        );
        assert_eq!(
            wrong(PlanForm {
                owner: None,
                ..form()
            }),
            Some(Field::Owner)
        );
        assert_eq!(
            wrong(PlanForm {
                due_on: "15/12".into(),
                ..form()
            }),
            Some(Field::DueOn)
        );
        assert_eq!(
            form().check(day(16)),
            Err(AppError::invalid(Field::DueOn, Problem::DateInPast))
        );
    }

    #[test]
    fn the_cycle_goes_plan_do_check_act() {
        use ActionStep as A;
        assert_eq!(A::RecordDone.from(Stage::Do), Ok(Stage::Check));
        assert_eq!(
            A::Decide(Decision::TryAgain).from(Stage::Check),
            Ok(Stage::Plan)
        );
        assert_eq!(A::Replan.from(Stage::Plan), Ok(Stage::Do));
        assert_eq!(
            A::Decide(Decision::Standardise).from(Stage::Check),
            Ok(Stage::Closed)
        );
        assert_eq!(
            A::RecordDone.from(Stage::Closed),
            Err(AppError::Conflict(Conflict::ActionStage))
        );
        assert!(overdue(Stage::Do, day(1), day(2)));
        assert!(!overdue(Stage::Check, day(1), day(2)));
        assert!(!overdue(Stage::Do, day(2), day(2)));
    }
}
