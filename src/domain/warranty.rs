//! Repair categories, the warranty period (质量保证期) and the completion certificate rule,
//! as the national rules set them for cars.
//!
//! The period runs from the completion (delivery) date, in days or kilometres, whichever
//! comes first. An outlet may promise more, never less (`Warranty::promised`).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// 维修类别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RepairCategory {
    /// 整车修理.
    CompleteVehicle,
    /// 总成修理.
    Assembly,
    /// 二级维护.
    SecondLevelMaintenance,
    /// 一级维护.
    FirstLevelMaintenance,
    /// 小修.
    Minor,
    /// 专项修理.
    Special,
}

/// A warranty length: whichever of the two runs out first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warranty {
    pub days: u32,
    pub km: u32,
}

/// The warranty recorded on a delivered order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarrantyCover {
    pub warranty: Warranty,
    /// The last day covered (outlet-local date).
    #[serde(with = "crate::domain::wire_time::date")]
    pub until_date: NaiveDate,
    /// The odometer reading at which cover ends.
    pub until_km: u32,
}

impl RepairCategory {
    pub const ALL: [RepairCategory; 6] = [
        Self::CompleteVehicle,
        Self::Assembly,
        Self::SecondLevelMaintenance,
        Self::FirstLevelMaintenance,
        Self::Minor,
        Self::Special,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CompleteVehicle => "complete_vehicle",
            Self::Assembly => "assembly",
            Self::SecondLevelMaintenance => "second_level_maintenance",
            Self::FirstLevelMaintenance => "first_level_maintenance",
            Self::Minor => "minor",
            Self::Special => "special",
        }
    }

    /// The statutory minimum for cars.
    pub fn statutory_warranty(self) -> Warranty {
        match self {
            Self::CompleteVehicle | Self::Assembly => Warranty {
                days: 100,
                km: 20_000,
            },
            Self::SecondLevelMaintenance => Warranty {
                days: 30,
                km: 5_000,
            },
            Self::FirstLevelMaintenance | Self::Minor | Self::Special => Warranty {
                days: 10,
                km: 2_000,
            },
        }
    }

    /// Needs a completion certificate (竣工出厂合格证) from a quality inspector before delivery.
    pub fn needs_certificate(self) -> bool {
        match self {
            Self::CompleteVehicle | Self::Assembly | Self::SecondLevelMaintenance => true,
            Self::FirstLevelMaintenance | Self::Minor | Self::Special => false,
        }
    }
}

impl FromStr for RepairCategory {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown repair category {s:?}"))
    }
}

impl Warranty {
    /// What the outlet gives: its own promise where longer, the statutory period otherwise.
    pub fn promised(category: RepairCategory, outlet_promise: Warranty) -> Warranty {
        let law = category.statutory_warranty();
        Warranty {
            days: law.days.max(outlet_promise.days),
            km: law.km.max(outlet_promise.km),
        }
    }

    /// The cover from a delivery on `completed_on` with `odometer_out_km` on the clock. Day 1
    /// is the completion day.
    pub fn cover(self, completed_on: NaiveDate, odometer_out_km: u32) -> WarrantyCover {
        WarrantyCover {
            warranty: self,
            until_date: completed_on
                .checked_add_days(Days::new(u64::from(self.days.saturating_sub(1))))
                .unwrap_or(NaiveDate::MAX),
            until_km: odometer_out_km.saturating_add(self.km),
        }
    }
}

impl WarrantyCover {
    /// Whether a comeback on `day` at `odometer_km` is still covered (rework free of charge).
    pub fn covers(&self, day: NaiveDate, odometer_km: u32) -> bool {
        day <= self.until_date && odometer_km <= self.until_km
    }

    /// What is left of the cover on `today` with the car at `odometer_km`: days (today
    /// included) and km, or `None` once either is used up.
    pub fn left(&self, today: NaiveDate, odometer_km: u32) -> Option<(u32, u32)> {
        self.covers(today, odometer_km).then(|| {
            let days = (self.until_date - today).num_days() + 1;
            (days as u32, self.until_km - odometer_km)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn what_is_left_counts_today_and_ends_with_either_limit() {
        let cover = WarrantyCover {
            warranty: Warranty {
                days: 30,
                km: 5_000,
            },
            until_date: day(31),
            until_km: 47_000,
        };
        assert_eq!(cover.left(day(1), 42_000), Some((31, 5_000)));
        assert_eq!(cover.left(day(31), 46_999), Some((1, 1)));
        assert_eq!(cover.left(day(31), 47_001), None, "the km are used up");
        assert_eq!(
            cover.left(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), 42_000),
            None,
            "the days are"
        );
    }

    #[test]
    fn the_statutory_periods_are_the_national_ones() {
        use RepairCategory as C;
        let table = [
            (C::CompleteVehicle, 100, 20_000, true),
            (C::Assembly, 100, 20_000, true),
            (C::SecondLevelMaintenance, 30, 5_000, true),
            (C::FirstLevelMaintenance, 10, 2_000, false),
            (C::Minor, 10, 2_000, false),
            (C::Special, 10, 2_000, false),
        ];
        for (category, days, km, certificate) in table {
            assert_eq!(category.statutory_warranty(), Warranty { days, km });
            assert_eq!(category.needs_certificate(), certificate, "{category:?}");
            assert_eq!(category.as_str().parse::<C>(), Ok(category));
        }
    }

    #[test]
    fn an_outlet_may_promise_more_but_never_less() {
        let generous = Warranty {
            days: 60,
            km: 3_000,
        };
        assert_eq!(
            Warranty::promised(RepairCategory::Minor, generous),
            Warranty {
                days: 60,
                km: 3_000
            }
        );
        assert_eq!(
            Warranty::promised(RepairCategory::Assembly, generous),
            Warranty {
                days: 100,
                km: 20_000
            }
        );
    }

    #[test]
    fn cover_ends_at_whichever_comes_first() {
        let cover = RepairCategory::Minor
            .statutory_warranty()
            .cover(day(1), 50_000);
        assert_eq!(cover.until_date, day(10));
        assert_eq!(cover.until_km, 52_000);
        assert!(cover.covers(day(10), 52_000));
        assert!(!cover.covers(day(11), 50_100), "ten days have passed");
        assert!(!cover.covers(day(2), 52_001), "2,000 km have been driven");
    }
}
