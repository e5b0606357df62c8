//! What the dealer offers: outlets with their booking policy, service types and the skills
//! technicians need for them.

use super::estimate::{parse_hundredths, LineCategory, LineForm, LineKind, Money};
use super::identity::bounded_text;
use super::ids::{OutletId, ServiceTypeId};
use super::standard_work::StandardPart;
use super::{AppError, Field, Problem};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The two interface languages. Catalogue data (outlet and service names) is kept in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    Zh,
    En,
}

/// A text kept in both interface languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub zh: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A technician skill. A booking needs one technician holding every skill its services need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Skill {
    /// Routine and scheduled maintenance (保养).
    Maintenance,
    /// Engine, chassis, brakes, steering (机修).
    Mechanical,
    /// Low-voltage electrics and electronics (电气).
    Electrical,
    /// New-energy high-voltage systems: battery, motor, controller (三电).
    HighVoltage,
    /// Tyres and wheel alignment (轮胎/四轮定位).
    Tyres,
    /// Fault diagnosis with scan tools (故障诊断).
    Diagnosis,
    /// Body and paint (钣喷).
    BodyPaint,
}

impl Skill {
    pub const ALL: [Skill; 7] = [
        Skill::Maintenance,
        Skill::Mechanical,
        Skill::Electrical,
        Skill::HighVoltage,
        Skill::Tyres,
        Skill::Diagnosis,
        Skill::BodyPaint,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Skill::Maintenance => "maintenance",
            Skill::Mechanical => "mechanical",
            Skill::Electrical => "electrical",
            Skill::HighVoltage => "high_voltage",
            Skill::Tyres => "tyres",
            Skill::Diagnosis => "diagnosis",
            Skill::BodyPaint => "body_paint",
        }
    }

    fn bit(self) -> u16 {
        1 << Self::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or_default()
    }
}

impl FromStr for Skill {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|skill| skill.as_str() == s)
            .ok_or_else(|| format!("unknown skill {s:?}"))
    }
}

/// A set of skills, as a bit set: what a technician holds or what a booking needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SkillSet(u16);

impl SkillSet {
    pub fn with(mut self, skill: Skill) -> Self {
        self.0 |= skill.bit();
        self
    }

    pub fn union(self, other: SkillSet) -> Self {
        Self(self.0 | other.0)
    }

    /// These skills without `other`'s.
    pub fn without(self, other: SkillSet) -> Self {
        Self(self.0 & !other.0)
    }

    /// The skills in both sets.
    pub fn intersection(self, other: SkillSet) -> Self {
        Self(self.0 & other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn covers(self, needed: SkillSet) -> bool {
        self.0 & needed.0 == needed.0
    }

    pub fn iter(self) -> impl Iterator<Item = Skill> {
        Skill::ALL
            .into_iter()
            .filter(move |s| self.0 & s.bit() != 0)
    }

    /// Stored as a comma-separated list of `Skill::as_str`, the same on both databases.
    pub fn to_db(self) -> String {
        self.iter().map(Skill::as_str).collect::<Vec<_>>().join(",")
    }

    pub fn from_db(text: &str) -> Result<Self, String> {
        text.split(',')
            .filter(|part| !part.is_empty())
            .try_fold(Self::default(), |set, part| Ok(set.with(part.parse()?)))
    }
}

impl FromIterator<Skill> for SkillSet {
    fn from_iter<I: IntoIterator<Item = Skill>>(iter: I) -> Self {
        iter.into_iter().fold(Self::default(), Self::with)
    }
}

/// A bookable service as the customer picks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceType {
    pub id: ServiceTypeId,
    pub code: String,
    pub name: Localized,
    /// Bay time the service takes; a booking takes the sum of its services.
    pub duration_minutes: u32,
    pub skill: Skill,
    /// Standard labour hours (标准工时, hundredths); 0 for a service priced once diagnosed.
    pub labour_hours: u32,
    /// The standard parts at their list price.
    pub parts_price: Money,
}

impl ServiceType {
    /// The published price (明码标价) at an outlet's labour rate: the standard hours at that
    /// rate plus the standard parts, the same sum as the initial estimate's lines.
    pub fn price(&self, labour_rate: Money) -> Money {
        let labour = LineKind::Labour {
            hours: self.labour_hours,
            rate: labour_rate,
        };
        Money(labour.amount().0 + self.parts_price.0)
    }

    /// The price to publish, `None` when nothing is standard to price (the outlet quotes once
    /// the car is inspected).
    pub fn published_price(&self, labour_rate: Money) -> Option<Money> {
        (self.labour_hours > 0 || self.parts_price.0 > 0).then(|| self.price(labour_rate))
    }
}

/// What an outlet offers and publishes: its labour rate (工时单价, per hour) and the services
/// it offers, each priced at that rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceList {
    pub labour_rate: Money,
    pub services: Vec<ServiceType>,
}

/// A service as headquarters keeps it in the group's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub service: ServiceType,
    /// Retired services stay on past bookings and orders but are offered nowhere.
    pub active: bool,
    pub parts: Vec<StandardPart>,
    /// The outlets, of those on the page, that offer it.
    pub offered_at: Vec<OutletId>,
}

/// An outlet as the catalogue page shows it: a column of the availability grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueOutlet {
    pub id: OutletId,
    pub name: Localized,
    pub labour_rate: Money,
}

/// The console's catalogue page: the group's services, and the outlets the viewer reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CataloguePage {
    pub outlets: Vec<CatalogueOutlet>,
    pub services: Vec<CatalogueEntry>,
    /// Headquarters edits the services themselves; managers choose what their outlets offer.
    pub may_edit: bool,
}

/// A service as typed by headquarters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceForm {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub duration_minutes: String,
    pub skill: Option<Skill>,
    pub labour_hours: String,
}

/// A checked service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedService {
    pub code: String,
    pub name: Localized,
    pub duration_minutes: u32,
    pub skill: Skill,
    pub labour_hours: u32,
}

impl ServiceForm {
    /// A service takes at most a working day of bay time and 100 standard hours.
    pub const MAX_MINUTES: u32 = 1440;
    pub const MAX_HOURS: u64 = 100;

    pub fn check(&self) -> Result<CheckedService, AppError> {
        let code = parse_service_code(&self.code).map_err(|p| AppError::invalid(Field::Code, p))?;
        let name = super::organisation::parse_names(&self.name_zh, &self.name_en)
            .map_err(|(field, problem)| AppError::invalid(field, problem))?;
        let duration_minutes = match self.duration_minutes.trim() {
            "" => Err(Problem::Required),
            typed => typed
                .parse::<u32>()
                .ok()
                .filter(|m| (5..=Self::MAX_MINUTES).contains(m))
                .ok_or(Problem::NotBetween {
                    min: 5,
                    max: Self::MAX_MINUTES,
                }),
        }
        .map_err(|p| AppError::invalid(Field::Duration, p))?;
        let skill = self
            .skill
            .ok_or(AppError::invalid(Field::Skill, Problem::Required))?;
        let labour_hours = match self.labour_hours.trim() {
            "" => Ok(0),
            typed => parse_hundredths(typed)
                .filter(|h| *h <= Self::MAX_HOURS * 100)
                .map(|h| h as u32)
                .ok_or(Problem::AmountFormat),
        }
        .map_err(|p| AppError::invalid(Field::Hours, p))?;
        Ok(CheckedService {
            code,
            name,
            duration_minutes,
            skill,
            labour_hours,
        })
    }
}

/// A service's code: 2–32 of `a-z 0-9 _ -`, stored lower-case (`minor_maintenance`).
pub fn parse_service_code(typed: &str) -> Result<String, Problem> {
    let code = typed.trim().to_lowercase();
    if code.is_empty() {
        Err(Problem::Required)
    } else if (2..=32).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        Ok(code)
    } else {
        Err(Problem::ServiceCodeLetters)
    }
}

/// A standard part as typed: the estimate's part line (every rule of a part line applies)
/// with the English name the catalogue keeps too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartForm {
    pub line: LineForm,
    pub name_en: String,
}

impl PartForm {
    pub fn check(&self) -> Result<StandardPart, AppError> {
        let line = LineForm {
            category: LineCategory::Part,
            customer_supplied: false,
            ..self.line.clone()
        }
        .parse()?;
        let name_en = bounded_text(&self.name_en, LineForm::ITEM_MAX)
            .map_err(|p| AppError::invalid(Field::NameEn, p))?;
        match line.kind {
            LineKind::Part {
                part_code,
                origin,
                brand,
                spec,
                unit,
                quantity,
                unit_price,
                ..
            } => Ok(StandardPart {
                part_code,
                name: Localized {
                    zh: line.item,
                    en: name_en,
                },
                origin,
                brand,
                spec,
                unit,
                quantity,
                unit_price,
            }),
            _ => Err(AppError::BadRequest),
        }
    }
}

/// Per-outlet booking policy. The defaults are the guideline's numbers; an outlet may change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPolicy {
    /// Windows start on this grid (minutes).
    pub slot_minutes: u32,
    /// Customers may reschedule or cancel until this many hours before the start.
    pub cutoff_hours: u32,
    /// How many days ahead, today included, customers can book.
    pub horizon_days: u32,
    /// The earliest bookable window starts at least this long from now.
    pub min_notice_minutes: u32,
    /// Fair use (customers booking online; the desk is not limited): coming bookings one
    /// customer may hold at the outlet at once,
    pub max_active_bookings: u32,
    /// … of their cars in one window,
    pub max_bookings_per_window: u32,
    /// … and complaints they may file in a day (about this outlet's work).
    pub max_complaints_per_day: u32,
}

impl Default for BookingPolicy {
    fn default() -> Self {
        Self {
            slot_minutes: 30,
            cutoff_hours: 2,
            horizon_days: 14,
            min_notice_minutes: 60,
            max_active_bookings: 3,
            max_bookings_per_window: 2,
            max_complaints_per_day: 3,
        }
    }
}

/// An outlet as the customer chooses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlet {
    pub id: OutletId,
    /// The dealer group it belongs to.
    pub group: super::ids::GroupId,
    /// Its region, if any (headquarters runs an outlet outside every region directly).
    pub region: Option<super::ids::RegionId>,
    pub code: String,
    pub name: Localized,
    pub address: Localized,
    /// The outlet's public service phone (not personal data).
    pub phone: String,
    /// IANA zone name; every booking date and time is in this zone.
    pub time_zone: String,
    pub policy: BookingPolicy,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_skill_round_trips_through_its_stored_name() {
        for skill in Skill::ALL {
            assert_eq!(skill.as_str().parse::<Skill>(), Ok(skill));
        }
    }

    #[test]
    fn a_skill_set_round_trips_through_the_database_text() {
        let set: SkillSet = [Skill::HighVoltage, Skill::Diagnosis].into_iter().collect();
        assert_eq!(set.to_db(), "high_voltage,diagnosis");
        assert_eq!(SkillSet::from_db(&set.to_db()), Ok(set));
        assert_eq!(SkillSet::from_db(""), Ok(SkillSet::default()));
        assert!(SkillSet::from_db("juggling").is_err());
    }

    fn oil_change(labour_hours: u32, parts_fen: i64) -> ServiceType {
        ServiceType {
            id: ServiceTypeId(1),
            code: "minor_maintenance".into(),
            name: Localized::default(),
            duration_minutes: 60,
            skill: Skill::Maintenance,
            labour_hours,
            parts_price: Money(parts_fen),
        }
    }

    #[test]
    fn the_published_price_is_the_standard_hours_at_the_outlets_rate_plus_the_parts() {
        // 1.5 h at ¥200.00 = ¥300.00, + ¥180.50 of parts.
        assert_eq!(oil_change(150, 18_050).price(Money(20_000)), Money(48_050));
        // Another outlet's rate, another price for the same work.
        assert_eq!(oil_change(150, 18_050).price(Money(16_000)), Money(42_050));
        // 0.33 h at ¥199.99 rounds to the fen like an estimate line: ¥66.00.
        assert_eq!(oil_change(33, 0).price(Money(19_999)), Money(6_600));
        assert_eq!(oil_change(0, 0).published_price(Money(20_000)), None);
        assert_eq!(
            oil_change(0, 1).published_price(Money(20_000)),
            Some(Money(1))
        );
    }

    fn form() -> ServiceForm {
        ServiceForm {
            code: " Tyre_Rotation ".into(),
            name_zh: "轮胎换位".into(),
            name_en: "Tyre rotation".into(),
            duration_minutes: "30".into(),
            skill: Some(Skill::Tyres),
            labour_hours: "0.5".into(),
        }
    }

    #[test]
    fn a_service_form_is_checked_field_by_field() {
        let checked = form().check().unwrap();
        assert_eq!(checked.code, "tyre_rotation");
        assert_eq!((checked.duration_minutes, checked.labour_hours), (30, 50));
        let problem = |f: ServiceForm| f.check().unwrap_err();
        assert_eq!(
            problem(ServiceForm {
                code: "轮胎".into(),
                ..form()
            }),
            AppError::invalid(Field::Code, Problem::ServiceCodeLetters)
        );
        assert_eq!(
            problem(ServiceForm {
                name_en: " ".into(),
                ..form()
            }),
            AppError::invalid(Field::NameEn, Problem::Required)
        );
        for minutes in ["4", "1441", "1.5", "abc"] {
            assert_eq!(
                problem(ServiceForm {
                    duration_minutes: minutes.into(),
                    ..form()
                }),
                AppError::invalid(Field::Duration, Problem::NotBetween { min: 5, max: 1440 })
            );
        }
        assert_eq!(
            problem(ServiceForm {
                skill: None,
                ..form()
            }),
            AppError::invalid(Field::Skill, Problem::Required)
        );
        assert_eq!(
            problem(ServiceForm {
                labour_hours: "100.01".into(),
                ..form()
            }),
            AppError::invalid(Field::Hours, Problem::AmountFormat)
        );
        // No standard hours: priced once inspected.
        assert_eq!(
            ServiceForm {
                labour_hours: "".into(),
                ..form()
            }
            .check()
            .map(|c| c.labour_hours),
            Ok(0)
        );
    }

    #[test]
    fn a_standard_part_follows_the_estimate_part_rules_and_keeps_its_english_name() {
        let part = PartForm {
            line: LineForm {
                item: "机油滤清器".into(),
                part_code: "of-123".into(),
                origin: Some(super::super::estimate::PartOrigin::Original),
                quantity: "1".into(),
                unit_price: "58.5".into(),
                // A standard part is never the customer's own.
                customer_supplied: true,
                category: LineCategory::Fee,
                ..LineForm::default()
            },
            name_en: "Oil filter".into(),
        };
        let checked = part.check().unwrap();
        assert_eq!(checked.part_code, "OF-123");
        assert_eq!(checked.unit_price, Money(5_850));
        assert_eq!(checked.name.en, "Oil filter");
        assert_eq!(
            PartForm {
                name_en: "".into(),
                ..part.clone()
            }
            .check(),
            Err(AppError::invalid(Field::NameEn, Problem::Required))
        );
        let mut no_price = part;
        no_price.line.unit_price = "".into();
        assert_eq!(
            no_price.check(),
            Err(AppError::invalid(Field::UnitPrice, Problem::Required))
        );
    }

    #[test]
    fn a_technician_covers_a_need_only_when_holding_every_skill() {
        let tech: SkillSet = [Skill::Maintenance, Skill::Tyres].into_iter().collect();
        assert!(tech.covers(SkillSet::default().with(Skill::Tyres)));
        assert!(!tech.covers(
            SkillSet::default()
                .with(Skill::Tyres)
                .with(Skill::Diagnosis)
        ));
    }
}
