//! The dealer group's organisation (guideline ch. 2): headquarters sets policy, regional service
//! centres coordinate, outlets do the work. Where each member of staff is placed, which roles
//! they hold, what that lets them reach and grant, and the qualifications the guideline asks of
//! them (2.2, 2.4): experience and certificates.
//!
//! One rule carries the whole model: **a person reaches what their placement covers**, and a
//! manager grants roles only where they reach and never above their own authority.

use super::account::StaffRole;
use super::catalog::{Localized, Skill, SkillSet};
use super::error::{Field, Problem};
use super::identity::bounded_text;
use super::ids::{OutletId, RegionId, StaffId};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Where a member of staff is placed, which is also what they reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Placement {
    /// Headquarters: the whole group.
    Group,
    /// A regional service centre: the outlets of that region.
    Region(RegionId),
    /// An outlet: its own work.
    Outlet(OutletId),
}

/// The three levels of the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    Group,
    Region,
    Outlet,
}

impl Placement {
    pub fn level(self) -> Level {
        match self {
            Placement::Group => Level::Group,
            Placement::Region(_) => Level::Region,
            Placement::Outlet(_) => Level::Outlet,
        }
    }

    /// Whether someone placed here reaches `other`; `region_of` tells an outlet's region.
    pub fn reaches(
        self,
        other: Placement,
        region_of: impl Fn(OutletId) -> Option<RegionId>,
    ) -> bool {
        match (self, other) {
            (Placement::Group, _) => true,
            (Placement::Region(mine), Placement::Region(theirs)) => mine == theirs,
            (Placement::Region(mine), Placement::Outlet(outlet)) => region_of(outlet) == Some(mine),
            (Placement::Outlet(mine), Placement::Outlet(theirs)) => mine == theirs,
            _ => false,
        }
    }

    /// Whether someone placed here reaches the outlet's work.
    pub fn reaches_outlet(self, outlet: OutletId, region: Option<RegionId>) -> bool {
        self.reaches(Placement::Outlet(outlet), |_| region)
    }
}

impl StaffRole {
    /// The level a role is held at. The customer-service manager's desk may sit at any level:
    /// its level is its scope (the group's complaints, a region's, or one outlet's).
    pub fn fits(self, level: Level) -> bool {
        match self {
            StaffRole::ServiceAdvisor
            | StaffRole::Technician
            | StaffRole::QualityInspector
            | StaffRole::Admin => level == Level::Outlet,
            StaffRole::RegionalManager => level == Level::Region,
            StaffRole::HqAdmin => level == Level::Group,
            StaffRole::CustomerServiceManager => true,
        }
    }

    /// How much of the organisation a role manages: 0 none, 1 an outlet, 2 a region, 3 the group.
    pub fn authority(self) -> u8 {
        match self {
            StaffRole::HqAdmin => 3,
            StaffRole::RegionalManager => 2,
            StaffRole::Admin => 1,
            StaffRole::ServiceAdvisor
            | StaffRole::Technician
            | StaffRole::QualityInspector
            | StaffRole::CustomerServiceManager => 0,
        }
    }
}

/// A person's roles: one or several (advisor + inspector at a small outlet), in `StaffRole::ALL`
/// order, never empty, each fitting the person's level. (`Default`, empty, only stands in where
/// the portal skips reading a member of staff's roles.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Roles(Vec<StaffRole>);

impl Roles {
    pub fn parse(chosen: &[StaffRole], level: Level) -> Result<Self, Problem> {
        let roles: Vec<StaffRole> = StaffRole::ALL
            .into_iter()
            .filter(|r| chosen.contains(r))
            .collect();
        if roles.is_empty() {
            Err(Problem::Required)
        } else if roles.iter().any(|r| !r.fits(level)) {
            Err(Problem::RoleNotAtLevel)
        } else {
            Ok(Self(roles))
        }
    }

    /// Roles as stored (the database's CHECK keeps them known).
    pub fn stored(roles: Vec<StaffRole>) -> Self {
        Self(
            StaffRole::ALL
                .into_iter()
                .filter(|r| roles.contains(r))
                .collect(),
        )
    }

    pub fn has(&self, role: StaffRole) -> bool {
        self.0.contains(&role)
    }

    pub fn any(&self, test: impl Fn(StaffRole) -> bool) -> bool {
        self.0.iter().any(|r| test(*r))
    }

    pub fn iter(&self) -> impl Iterator<Item = StaffRole> + '_ {
        self.0.iter().copied()
    }

    pub fn as_slice(&self) -> &[StaffRole] {
        &self.0
    }

    pub fn authority(&self) -> u8 {
        self.0.iter().map(|r| r.authority()).max().unwrap_or(0)
    }
}

/// May a manager (their roles, where they are placed) give these roles at that placement, or
/// change someone who holds them there? Only where they reach, and never above their own
/// authority: an outlet manager never makes a regional manager, nor anyone at headquarters.
pub fn may_grant(
    manager: &Roles,
    at: Placement,
    roles: &Roles,
    to: Placement,
    region_of: impl Fn(OutletId) -> Option<RegionId>,
) -> Result<(), Problem> {
    if !at.reaches(to, region_of) {
        Err(Problem::OutsideYourScope)
    } else if roles.authority() > manager.authority() {
        Err(Problem::MoreThanYouHold)
    } else {
        Ok(())
    }
}

/// May a manager change an existing person (their account, roles, password)? They must reach
/// them, and hold more authority than the person's own managing role: an outlet manager never
/// resets a fellow outlet manager's password (and so never signs in as them); headquarters,
/// the top, manages everyone.
pub fn may_manage(
    manager: &Roles,
    at: Placement,
    person: &Roles,
    placed: Placement,
    region_of: impl Fn(OutletId) -> Option<RegionId>,
) -> bool {
    let (mine, theirs) = (manager.authority(), person.authority());
    at.reaches(placed, region_of) && (theirs == 0 || theirs < mine || mine == 3) && mine >= 1
}

// ---------- Qualifications ----------

/// A certificate expiring within this many days shows on the manager's console.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// The guideline's experience for a role (2.2): an advisor 2 years, an engineer 3 (complex
/// work). `None`: the guideline sets none.
pub fn years_required(role: StaffRole) -> Option<u32> {
    match role {
        StaffRole::ServiceAdvisor => Some(2),
        StaffRole::Technician => Some(3),
        _ => None,
    }
}

/// Whole years from `since` to `today`.
pub fn years_between(since: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - since.year();
    if (today.month(), today.day()) < (since.month(), since.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// A certificate for a skill (资格证书).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub id: i64,
    pub skill: Skill,
    pub issuer: String,
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

/// Where a certificate stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Valid,
    /// Valid, but ends within `EXPIRY_WARNING_DAYS`.
    ExpiresIn {
        days: u32,
    },
    Expired,
    NotYetValid,
}

impl Certificate {
    pub fn standing(&self, today: NaiveDate) -> Standing {
        if today < self.valid_from {
            Standing::NotYetValid
        } else if today > self.valid_until {
            Standing::Expired
        } else {
            let days = (self.valid_until - today).num_days();
            if days <= EXPIRY_WARNING_DAYS {
                Standing::ExpiresIn { days: days as u32 }
            } else {
                Standing::Valid
            }
        }
    }

    fn valid_on(&self, today: NaiveDate) -> bool {
        self.valid_from <= today && today <= self.valid_until
    }
}

/// The skills a person may not be given work for on `today`: those they have certificates for,
/// none of which is valid that day. A skill without any certificate is not lapsed (the outlet
/// vouches for it), so outlets that keep no certificates work as before.
pub fn lapsed_skills(certificates: &[Certificate], today: NaiveDate) -> SkillSet {
    Skill::ALL
        .into_iter()
        .filter(|skill| {
            let mut held = certificates.iter().filter(|c| c.skill == *skill).peekable();
            held.peek().is_some() && !held.any(|c| c.valid_on(today))
        })
        .collect()
}

/// A certificate as typed on the people page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateForm {
    pub skill: Option<Skill>,
    pub issuer: String,
    pub number: String,
    pub valid_from: String,
    pub valid_until: String,
}

/// A checked certificate, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCertificate {
    pub skill: Skill,
    pub issuer: String,
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

impl CertificateForm {
    pub fn parse(&self) -> Result<NewCertificate, (Field, Problem)> {
        let skill = self.skill.ok_or((Field::Skill, Problem::Required))?;
        let issuer = bounded_text(&self.issuer, 60).map_err(|p| (Field::Issuer, p))?;
        let number = bounded_text(&self.number, 40).map_err(|p| (Field::CertificateNo, p))?;
        let valid_from = parse_day(&self.valid_from).map_err(|p| (Field::ValidFrom, p))?;
        let valid_until = parse_day(&self.valid_until).map_err(|p| (Field::ValidUntil, p))?;
        if valid_until < valid_from {
            return Err((Field::ValidUntil, Problem::BeforeFirstDay));
        }
        Ok(NewCertificate {
            skill,
            issuer,
            number,
            valid_from,
            valid_until,
        })
    }
}

/// A day typed as `YYYY-MM-DD` (the date input's value).
pub fn parse_day(typed: &str) -> Result<NaiveDate, Problem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Problem::Required);
    }
    NaiveDate::parse_from_str(typed, "%Y-%m-%d").map_err(|_| Problem::DateFormat)
}

// ---------- Training and assessments ----------

/// A course attended (培训记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    pub id: i64,
    pub course: String,
    pub provider: String,
    pub finished_on: NaiveDate,
    /// Hours in tenths (`15` is 1.5 h).
    pub hours_tenths: u32,
    /// The course's assessment score, 0–100, when it had one.
    pub score: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingForm {
    pub course: String,
    pub provider: String,
    pub finished_on: String,
    /// `8`, `1.5`.
    pub hours: String,
    /// Empty when the course had no assessment.
    pub score: String,
}

impl TrainingForm {
    pub fn parse(&self, today: NaiveDate) -> Result<Training, (Field, Problem)> {
        let course = bounded_text(&self.course, 60).map_err(|p| (Field::Course, p))?;
        let provider = bounded_text(&self.provider, 60).map_err(|p| (Field::Issuer, p))?;
        let finished_on = parse_day(&self.finished_on).map_err(|p| (Field::FinishedOn, p))?;
        if finished_on > today {
            return Err((Field::FinishedOn, Problem::DateInFuture));
        }
        let hours_tenths = tenths(&self.hours)
            .filter(|t| (1..=2000).contains(t))
            .ok_or((Field::Hours, Problem::NotBetween { min: 0, max: 200 }))?;
        let score = match self.score.trim() {
            "" => None,
            typed => Some(
                typed
                    .parse::<u32>()
                    .ok()
                    .filter(|s| *s <= 100)
                    .ok_or((Field::Score, Problem::NotBetween { min: 0, max: 100 }))?,
            ),
        };
        Ok(Training {
            id: 0,
            course,
            provider,
            finished_on,
            hours_tenths,
            score,
        })
    }
}

/// `8`, `1.5`, `0.5` as tenths; `None` for anything else.
fn tenths(typed: &str) -> Option<u32> {
    let (whole, fraction) = match typed.trim().split_once('.') {
        Some((w, f)) if f.len() == 1 => (w, f),
        Some(_) => return None,
        None => (typed.trim(), "0"),
    };
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: u32 = fraction.parse().ok()?;
    whole.checked_mul(10)?.checked_add(fraction)
}

/// What a manager scores in an assessment (guideline 2.4, 7.4), each 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Criterion {
    /// 服务态度
    Attitude,
    /// 专业技能
    Skill,
    /// 及时性
    Timeliness,
    /// 规范执行
    Compliance,
    /// 团队协作
    Teamwork,
}

impl Criterion {
    pub const ALL: [Criterion; 5] = [
        Criterion::Attitude,
        Criterion::Skill,
        Criterion::Timeliness,
        Criterion::Compliance,
        Criterion::Teamwork,
    ];
}

/// A manager's assessment of a person for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: i64,
    /// `2026-Q4`.
    pub period: String,
    pub scores: Vec<(Criterion, u8)>,
    pub comment: String,
    /// Who assessed (their name).
    pub by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentForm {
    pub period: String,
    /// One per `Criterion::ALL`, as typed (`1`–`5`).
    pub scores: Vec<String>,
    pub comment: String,
}

/// A quarter, `YYYY-Qn`.
pub fn parse_period(typed: &str) -> Result<String, Problem> {
    let typed = typed.trim().to_uppercase();
    if typed.is_empty() {
        return Err(Problem::Required);
    }
    let valid = typed.len() == 7
        && typed[..4]
            .parse::<u32>()
            .is_ok_and(|y| (2000..=2100).contains(&y))
        && &typed[4..6] == "-Q"
        && matches!(&typed[6..], "1" | "2" | "3" | "4");
    if valid {
        Ok(typed)
    } else {
        Err(Problem::PeriodFormat)
    }
}

/// An assessment as checked: the quarter, a score per criterion, the comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAssessment {
    pub period: String,
    pub scores: Vec<(Criterion, u8)>,
    pub comment: String,
}

impl AssessmentForm {
    pub fn parse(&self) -> Result<CheckedAssessment, (Field, Problem)> {
        let period = parse_period(&self.period).map_err(|p| (Field::Period, p))?;
        if self.scores.len() != Criterion::ALL.len() {
            return Err((Field::Entry(0), Problem::Required));
        }
        let scores = Criterion::ALL
            .into_iter()
            .zip(&self.scores)
            .enumerate()
            .map(|(i, (criterion, typed))| {
                let field = Field::Entry(i as u8);
                match typed.trim() {
                    "" => Err((field, Problem::Required)),
                    t => t
                        .parse::<u8>()
                        .ok()
                        .filter(|s| (1..=5).contains(s))
                        .map(|s| (criterion, s))
                        .ok_or((field, Problem::NotBetween { min: 1, max: 5 })),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let comment = match self.comment.trim() {
            "" => String::new(),
            _ => bounded_text(&self.comment, 500).map_err(|p| (Field::Comment, p))?,
        };
        Ok(CheckedAssessment {
            period,
            scores,
            comment,
        })
    }
}

// ---------- What the console shows and sends ----------

/// A place someone can be put: headquarters, a region or an outlet, with its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub placement: Placement,
    pub name: Localized,
}

/// What needs a manager's eye about a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffWarning {
    /// Less experience than the guideline asks for the role.
    ExperienceBelow {
        role: StaffRole,
        years: u32,
    },
    /// A certificate has expired: no work needing that skill goes to them.
    CertificateExpired {
        skill: Skill,
    },
    CertificateExpiresIn {
        skill: Skill,
        days: u32,
    },
}

/// A member of staff on the people page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: StaffId,
    pub username: String,
    pub name: String,
    pub roles: Roles,
    pub placement: Placement,
    pub place_name: Localized,
    pub active: bool,
    pub must_change_password: bool,
    pub experience_since: Option<NaiveDate>,
    /// A technician's skills (the dispatch board's).
    pub skills: SkillSet,
    pub certificates: Vec<(Certificate, Standing)>,
    pub trainings: Vec<Training>,
    pub assessments: Vec<Assessment>,
    pub warnings: Vec<StaffWarning>,
}

/// The people page: who the manager reaches, where they may place people, and what they may
/// grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub people: Vec<StaffMember>,
    pub places: Vec<Place>,
    pub grantable: Vec<StaffRole>,
}

/// A person as typed on the people page: a new account (`id` none) or a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffForm {
    pub id: Option<StaffId>,
    pub username: String,
    pub name: String,
    pub roles: Vec<StaffRole>,
    pub placement: Option<Placement>,
    /// `YYYY-MM-DD`, or empty when not known.
    pub experience_since: String,
    pub skills: SkillSet,
}

/// What the manager is told once after creating an account or resetting a password: the
/// one-time password to hand over (the person sets their own at first sign-in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimePassword {
    pub username: String,
    pub password: String,
}

/// A region on the organisation page, with its outlets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRow {
    pub id: RegionId,
    pub code: String,
    pub name: Localized,
}

/// An outlet on the organisation page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletRow {
    pub id: OutletId,
    pub code: String,
    pub name: Localized,
    pub region: Option<RegionId>,
}

/// The organisation page (headquarters): regions and outlets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgChart {
    pub regions: Vec<RegionRow>,
    pub outlets: Vec<OutletRow>,
}

/// A code for a region or an outlet: 2–16 of `A-Z 0-9 -`, stored upper-case.
pub fn parse_code(typed: &str) -> Result<String, Problem> {
    let code = typed.trim().to_uppercase();
    if code.is_empty() {
        Err(Problem::Required)
    } else if (2..=16).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        Ok(code)
    } else {
        Err(Problem::CodeLetters)
    }
}

/// A region as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionForm {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// A new outlet as typed: who it is, where, and a first week and bays (the outlet's settings
/// page refines them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletForm {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub phone: String,
    pub region: Option<RegionId>,
    /// `HH:MM`.
    pub opens: String,
    pub closes: String,
    /// Monday first.
    pub open_days: [bool; 7],
    pub bays: u32,
}

/// A localized name as typed: both languages required, 40 characters each.
pub fn parse_names(zh: &str, en: &str) -> Result<Localized, (Field, Problem)> {
    Ok(Localized {
        zh: bounded_text(zh, 40).map_err(|p| (Field::NameZh, p))?,
        en: bounded_text(en, 40).map_err(|p| (Field::NameEn, p))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use StaffRole as R;

    const EAST: RegionId = RegionId(1);
    const WEST: RegionId = RegionId(2);
    const PUDONG: OutletId = OutletId(1);
    const CHENGDU: OutletId = OutletId(3);

    fn region_of(outlet: OutletId) -> Option<RegionId> {
        match outlet {
            PUDONG => Some(EAST),
            CHENGDU => Some(WEST),
            _ => None,
        }
    }

    fn roles(list: &[StaffRole], level: Level) -> Roles {
        Roles::parse(list, level).unwrap()
    }

    #[test]
    fn each_level_reaches_itself_and_what_lies_below() {
        use Placement as P;
        assert!(P::Group.reaches(P::Outlet(CHENGDU), region_of));
        assert!(P::Group.reaches(P::Region(WEST), region_of));
        assert!(P::Region(EAST).reaches(P::Outlet(PUDONG), region_of));
        assert!(!P::Region(EAST).reaches(P::Outlet(CHENGDU), region_of));
        assert!(!P::Region(EAST).reaches(P::Region(WEST), region_of));
        assert!(!P::Region(EAST).reaches(P::Group, region_of));
        assert!(P::Outlet(PUDONG).reaches(P::Outlet(PUDONG), region_of));
        assert!(!P::Outlet(PUDONG).reaches(P::Outlet(CHENGDU), region_of));
        assert!(!P::Outlet(PUDONG).reaches(P::Region(EAST), region_of));
        // An outlet outside every region is headquarters' alone.
        assert!(!P::Region(EAST).reaches(P::Outlet(OutletId(9)), region_of));
    }

    #[test]
    fn roles_are_held_at_their_level_and_kept_in_one_order() {
        let both = roles(&[R::QualityInspector, R::ServiceAdvisor], Level::Outlet);
        assert_eq!(both.as_slice(), [R::ServiceAdvisor, R::QualityInspector]);
        assert_eq!(Roles::parse(&[], Level::Outlet), Err(Problem::Required));
        assert_eq!(
            Roles::parse(&[R::HqAdmin], Level::Outlet),
            Err(Problem::RoleNotAtLevel)
        );
        assert_eq!(
            Roles::parse(&[R::Technician], Level::Region),
            Err(Problem::RoleNotAtLevel)
        );
        for level in [Level::Group, Level::Region, Level::Outlet] {
            assert!(Roles::parse(&[R::CustomerServiceManager], level).is_ok());
        }
    }

    #[test]
    fn a_manager_changes_only_people_of_less_authority_than_their_own() {
        let pudong = Placement::Outlet(PUDONG);
        let outlet_manager = roles(&[R::Admin], Level::Outlet);
        let advisor = roles(&[R::ServiceAdvisor], Level::Outlet);
        let regional = roles(&[R::RegionalManager], Level::Region);
        let hq = roles(&[R::HqAdmin], Level::Group);
        assert!(may_manage(
            &outlet_manager,
            pudong,
            &advisor,
            pudong,
            region_of
        ));
        assert!(!may_manage(
            &outlet_manager,
            pudong,
            &outlet_manager,
            pudong,
            region_of
        ));
        let east = Placement::Region(EAST);
        assert!(may_manage(
            &regional,
            east,
            &outlet_manager,
            pudong,
            region_of
        ));
        assert!(!may_manage(&regional, east, &regional, east, region_of));
        assert!(may_manage(
            &hq,
            Placement::Group,
            &hq,
            Placement::Group,
            region_of
        ));
        assert!(!may_manage(&advisor, pudong, &advisor, pudong, region_of));
    }

    #[test]
    fn a_manager_never_grants_more_than_they_hold_nor_outside_their_reach() {
        let outlet_manager = roles(&[R::Admin], Level::Outlet);
        let regional = roles(&[R::RegionalManager], Level::Region);
        let hq = roles(&[R::HqAdmin], Level::Group);
        let pudong = Placement::Outlet(PUDONG);
        let advisor = roles(&[R::ServiceAdvisor, R::Admin], Level::Outlet);
        let regional_role = roles(&[R::RegionalManager], Level::Region);
        let hq_role = roles(&[R::HqAdmin], Level::Group);

        assert_eq!(
            may_grant(&outlet_manager, pudong, &advisor, pudong, region_of),
            Ok(())
        );
        assert_eq!(
            may_grant(
                &outlet_manager,
                pudong,
                &advisor,
                Placement::Outlet(CHENGDU),
                region_of
            ),
            Err(Problem::OutsideYourScope)
        );
        assert_eq!(
            may_grant(
                &outlet_manager,
                pudong,
                &regional_role,
                Placement::Region(EAST),
                region_of
            ),
            Err(Problem::OutsideYourScope)
        );
        let at_east = Placement::Region(EAST);
        assert_eq!(
            may_grant(&regional, at_east, &advisor, pudong, region_of),
            Ok(())
        );
        assert_eq!(
            may_grant(&regional, at_east, &regional_role, at_east, region_of),
            Ok(())
        );
        assert_eq!(
            may_grant(&regional, at_east, &hq_role, at_east, region_of),
            Err(Problem::MoreThanYouHold)
        );
        assert_eq!(
            may_grant(
                &regional,
                at_east,
                &advisor,
                Placement::Outlet(CHENGDU),
                region_of
            ),
            Err(Problem::OutsideYourScope)
        );
        assert_eq!(
            may_grant(&hq, Placement::Group, &hq_role, Placement::Group, region_of),
            Ok(())
        );
        // Staff without a manager's role grant nothing above theirs.
        let advisor_only = roles(&[R::ServiceAdvisor], Level::Outlet);
        assert_eq!(
            may_grant(&advisor_only, pudong, &advisor, pudong, region_of),
            Err(Problem::MoreThanYouHold)
        );
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn cert(skill: Skill, from: NaiveDate, until: NaiveDate) -> Certificate {
        Certificate {
            id: 1,
            skill,
            issuer: "人社局".into(),
            number: "HV-1".into(),
            valid_from: from,
            valid_until: until,
        }
    }

    #[test]
    fn a_skill_lapses_when_every_certificate_for_it_has_expired() {
        let today = day(2026, 11, 29);
        let expired = cert(Skill::HighVoltage, day(2023, 1, 1), day(2026, 11, 28));
        let renewed = cert(Skill::HighVoltage, day(2026, 11, 1), day(2029, 10, 31));
        let paint = cert(Skill::BodyPaint, day(2024, 1, 1), day(2027, 1, 1));
        assert_eq!(
            lapsed_skills(std::slice::from_ref(&expired), today),
            SkillSet::default().with(Skill::HighVoltage)
        );
        assert_eq!(
            lapsed_skills(&[expired.clone(), renewed], today),
            SkillSet::default()
        );
        assert_eq!(lapsed_skills(&[paint], today), SkillSet::default());
        assert_eq!(lapsed_skills(&[], today), SkillSet::default());
        // The last valid day still counts.
        assert_eq!(
            lapsed_skills(&[expired], day(2026, 11, 28)),
            SkillSet::default()
        );
    }

    #[test]
    fn a_certificate_warns_thirty_days_before_it_ends() {
        let today = day(2026, 11, 29);
        let c = |until| cert(Skill::Tyres, day(2020, 1, 1), until);
        assert_eq!(
            c(day(2026, 12, 29)).standing(today),
            Standing::ExpiresIn { days: 30 }
        );
        assert_eq!(c(day(2026, 12, 30)).standing(today), Standing::Valid);
        assert_eq!(c(day(2026, 11, 28)).standing(today), Standing::Expired);
        assert_eq!(
            cert(Skill::Tyres, day(2027, 1, 1), day(2030, 1, 1)).standing(today),
            Standing::NotYetValid
        );
    }

    #[test]
    fn experience_counts_whole_years() {
        assert_eq!(years_between(day(2024, 11, 30), day(2026, 11, 29)), 1);
        assert_eq!(years_between(day(2024, 11, 29), day(2026, 11, 29)), 2);
        assert_eq!(years_between(day(2027, 1, 1), day(2026, 11, 29)), 0);
    }

    #[test]
    fn a_certificate_form_names_the_field_at_fault() {
        let mut form = CertificateForm {
            skill: Some(Skill::HighVoltage),
            issuer: "应急管理局".into(),
            number: "T-2024-001".into(),
            valid_from: "2024-01-01".into(),
            valid_until: "2027-01-01".into(),
        };
        assert!(form.parse().is_ok());
        form.valid_until = "2023-12-31".into();
        assert_eq!(
            form.parse(),
            Err((Field::ValidUntil, Problem::BeforeFirstDay))
        );
        form.valid_from = "01/01/2024".into();
        assert_eq!(form.parse(), Err((Field::ValidFrom, Problem::DateFormat)));
        form.skill = None;
        assert_eq!(form.parse(), Err((Field::Skill, Problem::Required)));
    }

    #[test]
    fn a_training_and_an_assessment_are_checked_field_by_field() {
        let today = day(2026, 11, 29);
        let mut course = TrainingForm {
            course: "高压安全作业".into(),
            provider: "比亚迪培训中心".into(),
            finished_on: "2026-10-12".into(),
            hours: "7.5".into(),
            score: "92".into(),
        };
        let parsed = course.parse(today).unwrap();
        assert_eq!((parsed.hours_tenths, parsed.score), (75, Some(92)));
        course.hours = "7.25".into();
        assert_eq!(course.parse(today).unwrap_err().0, Field::Hours);
        course.hours = "8".into();
        course.score = "101".into();
        assert_eq!(course.parse(today).unwrap_err().0, Field::Score);
        course.score = String::new();
        course.finished_on = "2026-12-01".into();
        assert_eq!(
            course.parse(today),
            Err((Field::FinishedOn, Problem::DateInFuture))
        );

        let mut review = AssessmentForm {
            period: "2026-q4".into(),
            scores: vec!["4".into(), "5".into(), "3".into(), "4".into(), "5".into()],
            comment: "响应及时".into(),
        };
        let checked = review.parse().unwrap();
        assert_eq!(checked.period, "2026-Q4");
        assert_eq!(checked.scores[1], (Criterion::Skill, 5));
        review.scores[2] = "6".into();
        assert_eq!(
            review.parse(),
            Err((Field::Entry(2), Problem::NotBetween { min: 1, max: 5 }))
        );
        review.period = "2026-11".into();
        assert_eq!(review.parse(), Err((Field::Period, Problem::PeriodFormat)));
    }

    #[test]
    fn codes_are_short_and_upper_case() {
        assert_eq!(parse_code(" sh-east "), Ok("SH-EAST".into()));
        assert_eq!(parse_code("x"), Err(Problem::CodeLetters));
        assert_eq!(parse_code("东区"), Err(Problem::CodeLetters));
        assert_eq!(parse_code(""), Err(Problem::Required));
    }
}
