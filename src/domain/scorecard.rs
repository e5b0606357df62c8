//! Scorecards and service points (服务积分制, guideline 7.4): per service advisor and
//! technician, what the orders they handled in a quarter gave — handed back on time, passed at
//! the first inspection, the customers' ratings, comebacks and complaints laid at their door by
//! the complaint's responsibility outcome — and their manager's assessment, weighed into points
//! with the weights headquarters sets, then ranked within each outlet and each region.

use super::kpi::{Period, ScopeChoice};
use super::Problem;
use serde::{Deserialize, Serialize};

/// Whose work a card counts: the advisor who opened the orders, or the technician who
/// repaired them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Seat {
    Advisor,
    Technician,
}

/// What the points weigh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PointsFor {
    /// Each order handed back.
    Order,
    /// The share handed back on time, at 100 %.
    OnTime,
    /// The share passed at the first inspection, at 100 %.
    FirstPass,
    /// The customers' average rating, at 5 of 5.
    Rating,
    /// The manager's assessment for the quarter, at 5 of 5.
    Assessment,
    /// Taken off for each comeback.
    Comeback,
    /// Taken off for each complaint laid at their door.
    Complaint,
}

impl PointsFor {
    pub const ALL: [PointsFor; 7] = [
        Self::Order,
        Self::OnTime,
        Self::FirstPass,
        Self::Rating,
        Self::Assessment,
        Self::Comeback,
        Self::Complaint,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Order => "order",
            Self::OnTime => "on_time",
            Self::FirstPass => "first_pass",
            Self::Rating => "rating",
            Self::Assessment => "assessment",
            Self::Comeback => "comeback",
            Self::Complaint => "complaint",
        }
    }

    pub fn from_code(text: &str) -> Option<PointsFor> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// Headquarters' starting weights: a point an order; 20 for each share, rating and
    /// assessment at their best; 5 off a comeback, 10 off a complaint.
    pub fn default_weight(self) -> u32 {
        match self {
            Self::Order => 1,
            Self::Comeback => 5,
            Self::Complaint => 10,
            _ => 20,
        }
    }

    pub fn index(self) -> u8 {
        Self::ALL
            .iter()
            .position(|p| *p == self)
            .unwrap_or_default() as u8
    }

    /// A weight as typed: a whole number from 0 to 100.
    pub fn parse_weight(text: &str) -> Result<u32, Problem> {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|w| *w <= 100)
            .ok_or(Problem::NotBetween { min: 0, max: 100 })
    }
}

/// The weights in `PointsFor::ALL`'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights(pub [u32; 7]);

impl Default for Weights {
    fn default() -> Self {
        Weights(PointsFor::ALL.map(PointsFor::default_weight))
    }
}

impl Weights {
    pub fn of(&self, what: PointsFor) -> i64 {
        i64::from(self.0[usize::from(what.index())])
    }
}

/// What one person's work gave in the quarter at one outlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFacts {
    pub name: String,
    pub seat: Seat,
    /// Their place in the board's outlets.
    pub outlet: usize,
    pub delivered: i64,
    pub on_time: i64,
    pub inspected: i64,
    pub first_passed: i64,
    /// The five ratings summed over the answered surveys of their orders, and how many.
    pub rating_sum: i64,
    pub ratings: i64,
    pub comebacks: i64,
    pub complaints: i64,
    /// The manager's assessment, the criteria's average in tenths (45 is 4.5 of 5).
    pub assessment: Option<i64>,
}

impl PersonFacts {
    pub fn new(name: String, seat: Seat, outlet: usize) -> Self {
        PersonFacts {
            name,
            seat,
            outlet,
            delivered: 0,
            on_time: 0,
            inspected: 0,
            first_passed: 0,
            rating_sum: 0,
            ratings: 0,
            comebacks: 0,
            complaints: 0,
            assessment: None,
        }
    }

    /// The average rating in tenths (out of 5), if anyone rated their orders.
    pub fn rating(&self) -> Option<i64> {
        (self.ratings > 0).then(|| (self.rating_sum * 10 + self.ratings / 2) / self.ratings)
    }

    /// The points, in tenths: each measure times its weight, shares and ratings at their best
    /// giving the full weight; comebacks and complaints taken off.
    pub fn points(&self, w: &Weights) -> i64 {
        self.delivered * w.of(PointsFor::Order) * 10
            + round_div(w.of(PointsFor::OnTime) * self.on_time * 10, self.delivered)
            + round_div(
                w.of(PointsFor::FirstPass) * self.first_passed * 10,
                self.inspected,
            )
            + round_div(
                w.of(PointsFor::Rating) * self.rating().unwrap_or(0) * 10,
                50,
            )
            + round_div(
                w.of(PointsFor::Assessment) * self.assessment.unwrap_or(0) * 10,
                50,
            )
            - (self.comebacks * w.of(PointsFor::Comeback)
                + self.complaints * w.of(PointsFor::Complaint))
                * 10
    }
}

fn round_div(n: i64, d: i64) -> i64 {
    if d <= 0 {
        0
    } else {
        (n + d / 2) / d
    }
}

/// One person's card: their facts, points and ranks (1 is first) in their outlet and region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub facts: PersonFacts,
    pub points: i64,
    pub outlet_rank: usize,
    pub region_rank: usize,
    /// The viewer's own card.
    pub own: bool,
}

/// The quarter's cards the viewer may see: a manager their outlets' people, anyone else their
/// own, ranked by points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreBoard {
    pub period: Period,
    pub outlets: Vec<ScopeChoice>,
    pub weights: Weights,
    /// Whether this viewer sets the weights (headquarters).
    pub sets_weights: bool,
    pub cards: Vec<Scorecard>,
}

/// Ranks 1, 2, 3… by points within each group the key draws (equal points share a rank).
pub fn rank_by<K: PartialEq>(points: &[i64], key: impl Fn(usize) -> K) -> Vec<usize> {
    (0..points.len())
        .map(|i| {
            1 + (0..points.len())
                .filter(|&j| key(j) == key(i) && points[j] > points[i])
                .count()
        })
        .collect()
}

/// A scorecard's period: a quarter (`2026-Q4`).
pub fn quarter(typed: &str) -> Result<Period, Problem> {
    let period = Period::parse(typed).map_err(|_| Problem::PeriodFormat)?;
    period
        .is_quarter()
        .then_some(period)
        .ok_or(Problem::PeriodFormat)
}

/// Headquarters' weights for a group, read back from what is stored.
pub fn weights_from(stored: &[(String, i64)]) -> Weights {
    let mut weights = Weights::default();
    for (name, weight) in stored {
        if let Some(what) = PointsFor::from_code(name) {
            weights.0[usize::from(what.index())] = u32::try_from(*weight).unwrap_or_default();
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advisor() -> PersonFacts {
        PersonFacts {
            delivered: 10,
            on_time: 9,
            inspected: 8,
            first_passed: 8,
            rating_sum: 90,
            ratings: 20,
            comebacks: 1,
            complaints: 0,
            assessment: Some(40),
            ..PersonFacts::new("王芳".into(), Seat::Advisor, 0)
        }
    }

    #[test]
    fn points_weigh_each_measure_and_take_off_comebacks_and_complaints() {
        let w = Weights::default();
        // 10 orders × 1 + 90 % × 20 + 100 % × 20 + 4.5/5 × 20 + 4.0/5 × 20 − 1 × 5
        // = 10 + 18 + 20 + 18 + 16 − 5 = 77 points.
        assert_eq!(advisor().points(&w), 770);
        let mut nothing = PersonFacts::new("新人".into(), Seat::Technician, 0);
        assert_eq!(nothing.points(&w), 0);
        nothing.complaints = 1;
        assert_eq!(nothing.points(&w), -100);
        let only_orders = Weights([2, 0, 0, 0, 0, 0, 0]);
        assert_eq!(advisor().points(&only_orders), 200);
        assert_eq!(advisor().rating(), Some(45));
    }

    #[test]
    fn ranks_are_by_points_within_each_group_and_ties_share_a_rank() {
        let points = [50, 80, 80, 10];
        let outlets = [0, 0, 1, 1];
        assert_eq!(rank_by(&points, |i| outlets[i]), vec![2, 1, 1, 2]);
        assert_eq!(rank_by(&points, |_| ()), vec![3, 1, 1, 4]);
    }

    #[test]
    fn a_weight_is_a_whole_number_to_100_and_a_scorecard_a_quarter() {
        assert_eq!(PointsFor::parse_weight(" 25 "), Ok(25));
        for bad in ["", "-1", "101", "2.5", "十"] {
            assert_eq!(
                PointsFor::parse_weight(bad),
                Err(Problem::NotBetween { min: 0, max: 100 })
            );
        }
        assert_eq!(quarter("2026-q4").unwrap().label(), "2026-Q4");
        assert_eq!(quarter("2026-11"), Err(Problem::PeriodFormat));
        let stored = vec![("comeback".to_string(), 8), ("unknown".to_string(), 3)];
        assert_eq!(weights_from(&stored).of(PointsFor::Comeback), 8);
        assert_eq!(weights_from(&stored).of(PointsFor::Order), 1);
    }
}
