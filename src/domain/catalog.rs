//! What the dealer offers: outlets with their booking policy, service types and the skills
//! technicians need for them.

use super::ids::{OutletId, ServiceTypeId};
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
