//! Fault frequency (guideline 1.4, 5.2): which jobs come up most often, by car model and
//! mileage band, so an outlet can stock parts and train people for them. Two lists: the
//! findings (增项 — work found after check-in, which needed the customer's approval) and the
//! services agreed at reception; both count orders opened in the period.

use super::ids::OutletId;
use super::kpi::{Period, ScopeChoice};
use serde::{Deserialize, Serialize};

/// The odometer at check-in, in the bands a service plan thinks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MileageBand {
    Under10k,
    From10kTo30k,
    From30kTo60k,
    From60kTo100k,
    Over100k,
}

impl MileageBand {
    pub const ALL: [MileageBand; 5] = [
        Self::Under10k,
        Self::From10kTo30k,
        Self::From30kTo60k,
        Self::From60kTo100k,
        Self::Over100k,
    ];

    /// The first kilometre past the band; `None` for the last.
    pub fn below_km(self) -> Option<u32> {
        match self {
            Self::Under10k => Some(10_000),
            Self::From10kTo30k => Some(30_000),
            Self::From30kTo60k => Some(60_000),
            Self::From60kTo100k => Some(100_000),
            Self::Over100k => None,
        }
    }

    pub fn of(km: u32) -> MileageBand {
        Self::ALL
            .into_iter()
            .find(|band| band.below_km().is_none_or(|below| km < below))
            .unwrap_or(Self::Over100k)
    }

    /// Its place in `ALL` (how the database groups by it).
    pub fn index(self) -> usize {
        Self::ALL
            .iter()
            .position(|b| *b == self)
            .unwrap_or_default()
    }
}

/// Whether a job was found after check-in or agreed at reception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultKind {
    Finding,
    Service,
}

/// One job on one model in one band, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRow {
    /// As typed, or the catalogue's Chinese name; `item_en` is the catalogue's English name.
    pub item: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item_en: String,
    pub model: String,
    pub band: MileageBand,
    /// Orders with this job.
    pub orders: i64,
    /// Of those, where it was done (agreed or approved; a finding may be declined).
    pub done: i64,
}

/// The most frequent jobs at the outlets in scope over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultReport {
    pub period: Period,
    pub reached: Vec<ScopeChoice>,
    pub scope: Option<OutletId>,
    /// Orders opened in the period at the outlets in scope (what the shares are of).
    pub orders: i64,
    pub findings: Vec<FaultRow>,
    pub services: Vec<FaultRow>,
}

/// How many rows each list keeps.
pub const FAULT_ROWS: usize = 20;

impl FaultRow {
    /// Orders with this job per 100 orders opened (tenths): how common it is.
    pub fn per_100(&self, orders: i64) -> Option<i64> {
        (orders > 0).then(|| (self.orders * 1000 + orders / 2) / orders)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mileage_falls_in_one_band_with_its_lower_bound_inside() {
        assert_eq!(MileageBand::of(0), MileageBand::Under10k);
        assert_eq!(MileageBand::of(9_999), MileageBand::Under10k);
        assert_eq!(MileageBand::of(10_000), MileageBand::From10kTo30k);
        assert_eq!(MileageBand::of(59_999), MileageBand::From30kTo60k);
        assert_eq!(MileageBand::of(100_000), MileageBand::Over100k);
        assert_eq!(MileageBand::of(2_000_000), MileageBand::Over100k);
        assert_eq!(MileageBand::From60kTo100k.index(), 3);
        let row = FaultRow {
            item: "更换刹车片".into(),
            item_en: String::new(),
            model: "大众 朗逸".into(),
            band: MileageBand::From30kTo60k,
            orders: 3,
            done: 2,
        };
        assert_eq!(row.per_100(8), Some(375));
        assert_eq!(row.per_100(0), None);
    }
}
