//! Targets per indicator (guideline ch. 7): headquarters sets the group's, a manager an
//! outlet's, and a figure is compared with the target nearest to it — its outlet's, else the
//! group's, else the guideline's (`Kpi::guideline`). A target is typed in the figure's own
//! unit (`95` %, `4.5` points, `24` hours) and kept in tenths, like the figures; whether it is
//! a floor or a ceiling follows from the indicator.

use super::ids::OutletId;
use super::kpi::{Kpi, ScopeChoice, Target, Unit};
use super::Problem;
use serde::{Deserialize, Serialize};

impl Kpi {
    /// Whether a higher figure is better (a target is a floor) or a lower one (a ceiling).
    pub fn higher_is_better(self) -> bool {
        !matches!(
            self,
            Kpi::ReceptionTime
                | Kpi::RepairTime
                | Kpi::InspectionTime
                | Kpi::HandoverTime
                | Kpi::ApprovalWait
                | Kpi::ComebackRate
                | Kpi::ComplaintRate
                | Kpi::NoShowRate
                | Kpi::WalkInShare
        )
    }

    /// The whole units a target may be set between.
    pub fn target_range(self) -> (i32, i32) {
        match self.unit() {
            Unit::Share | Unit::Per100 => (0, 100),
            Unit::Score => (-100, 100),
            Unit::Rating => (1, 5),
            Unit::Hours => (0, 720),
        }
    }

    /// A target of `tenths`, a floor or a ceiling as the indicator reads.
    pub fn target_at(self, tenths: i64) -> Target {
        if self.higher_is_better() {
            Target::AtLeast(tenths)
        } else {
            Target::AtMost(tenths)
        }
    }

    /// A target as typed (`95`, `95 %`, `4.5`, `-10`): at most one decimal, within
    /// `target_range`.
    pub fn parse_target(self, typed: &str) -> Result<Target, Problem> {
        let (min, max) = self.target_range();
        let wrong = Problem::DecimalBetween { min, max };
        let typed = typed.trim().trim_end_matches('%').trim();
        let (negative, digits) = match typed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, typed),
        };
        let (whole, tenth) = digits.split_once('.').unwrap_or((digits, "0"));
        let plain = |s: &str, most: usize| {
            !s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !plain(whole, 4) || !plain(tenth, 1) {
            return Err(wrong);
        }
        let tenths = whole.parse::<i64>().map_err(|_| wrong)? * 10
            + tenth.parse::<i64>().map_err(|_| wrong)?;
        let tenths = if negative { -tenths } else { tenths };
        if tenths < i64::from(min) * 10 || tenths > i64::from(max) * 10 {
            return Err(wrong);
        }
        Ok(self.target_at(tenths))
    }

    /// Its place in `Kpi::ALL` (which names its field on the targets form).
    pub fn index(self) -> u8 {
        Kpi::ALL.iter().position(|k| *k == self).unwrap_or_default() as u8
    }
}

impl Target {
    pub fn tenths(self) -> i64 {
        match self {
            Target::AtLeast(t) | Target::AtMost(t) => t,
        }
    }
}

/// Where a figure's target comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetSource {
    Guideline,
    Group,
    Outlet,
}

/// The targets set over the guideline's: the group's and, when the figures are one outlet's,
/// that outlet's (tenths by indicator).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetTargets {
    pub group: Vec<(Kpi, i64)>,
    pub outlet: Vec<(Kpi, i64)>,
}

impl SetTargets {
    /// The target nearest to the figure, and where it comes from.
    pub fn target(&self, kpi: Kpi) -> (Option<Target>, TargetSource) {
        let set = |targets: &[(Kpi, i64)]| {
            targets
                .iter()
                .find(|(k, _)| *k == kpi)
                .map(|(_, tenths)| kpi.target_at(*tenths))
        };
        if let Some(target) = set(&self.outlet) {
            (Some(target), TargetSource::Outlet)
        } else if let Some(target) = set(&self.group) {
            (Some(target), TargetSource::Group)
        } else {
            (kpi.guideline(), TargetSource::Guideline)
        }
    }
}

/// The targets page: one indicator per line with the guideline's, the group's and (for an
/// outlet) the outlet's own target; the one this page edits is the scope's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetSheet {
    pub reached: Vec<ScopeChoice>,
    /// The outlet whose targets are shown; `None` for the group's.
    pub scope: Option<OutletId>,
    /// Whether this person sets the group's targets (headquarters).
    pub sets_group: bool,
    pub lines: Vec<TargetLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetLine {
    pub kpi: Kpi,
    pub guideline: Option<Target>,
    pub group: Option<Target>,
    /// The outlet's own, when the sheet is an outlet's.
    pub outlet: Option<Target>,
}

impl TargetLine {
    /// The target this sheet sets.
    pub fn own(&self, scope: Option<OutletId>) -> Option<Target> {
        match scope {
            Some(_) => self.outlet,
            None => self.group,
        }
    }

    /// What applies when the sheet's own target is cleared.
    pub fn fallback(&self, scope: Option<OutletId>) -> Option<Target> {
        match scope {
            Some(_) => self.group.or(self.guideline),
            None => self.guideline,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::survey::Aspect;

    #[test]
    fn a_target_is_typed_in_the_figures_unit_with_one_decimal_at_most() {
        let on_time = Kpi::OnTimeDelivery;
        assert_eq!(on_time.parse_target("95"), Ok(Target::AtLeast(950)));
        assert_eq!(on_time.parse_target(" 97.5 % "), Ok(Target::AtLeast(975)));
        assert_eq!(
            Kpi::Rating(Aspect::Attitude).parse_target("4.5"),
            Ok(Target::AtLeast(45))
        );
        assert_eq!(Kpi::Nps.parse_target("-10"), Ok(Target::AtLeast(-100)));
        assert_eq!(
            Kpi::ComebackRate.parse_target("1.5"),
            Ok(Target::AtMost(15))
        );
        assert_eq!(Kpi::RepairTime.parse_target("24"), Ok(Target::AtMost(240)));
        let share = Problem::DecimalBetween { min: 0, max: 100 };
        for bad in ["", "abc", "95.25", "100.1", "-1", "1e2", "9 5", ".5", "5."] {
            assert_eq!(on_time.parse_target(bad), Err(share), "{bad:?}");
        }
        assert_eq!(
            Kpi::Rating(Aspect::Attitude).parse_target("0.5"),
            Err(Problem::DecimalBetween { min: 1, max: 5 })
        );
        assert_eq!(Kpi::Nps.parse_target("-100"), Ok(Target::AtLeast(-1000)));
    }

    #[test]
    fn a_figure_is_held_to_its_outlets_target_else_the_groups_else_the_guidelines() {
        let mut set = SetTargets::default();
        let kpi = Kpi::OnTimeDelivery;
        assert_eq!(
            set.target(kpi),
            (Some(Target::AtLeast(950)), TargetSource::Guideline)
        );
        set.group.push((kpi, 900));
        assert_eq!(
            set.target(kpi),
            (Some(Target::AtLeast(900)), TargetSource::Group)
        );
        set.outlet.push((kpi, 980));
        assert_eq!(
            set.target(kpi),
            (Some(Target::AtLeast(980)), TargetSource::Outlet)
        );
        // Lower is better for waiting times and comebacks: their targets are ceilings.
        set.group.push((Kpi::WalkInShare, 300));
        assert_eq!(
            set.target(Kpi::WalkInShare),
            (Some(Target::AtMost(300)), TargetSource::Group)
        );
        assert_eq!(
            Kpi::ALL[Kpi::ComebackRate.index() as usize],
            Kpi::ComebackRate
        );
    }
}
