//! Key performance indicators (guideline ch. 7), computed from what was recorded — delivered
//! orders and their events, survey answers, complaints — never typed in. Each figure keeps
//! what it was computed from (numerator and denominator), so the page can say how, and its
//! target (the guideline's numbers as defaults).
//!
//! Figures are whole tenths (no floats reach the browser apps): a share of 92.5 % is 925, an
//! NPS of 45 is 450, 1.5 complaints per 100 orders is 15.

use super::Problem;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A stretch of days in the outlets' calendar, first and last inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    #[serde(with = "crate::domain::wire_time::date")]
    pub first: NaiveDate,
    #[serde(with = "crate::domain::wire_time::date")]
    pub last: NaiveDate,
}

impl Period {
    /// `2026-11` (a month) or `2026-Q4` (a quarter).
    pub fn parse(typed: &str) -> Result<Period, Problem> {
        let typed = typed.trim().to_uppercase();
        let (year, rest) = typed.split_once('-').ok_or(Problem::PeriodFormat)?;
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or(Problem::PeriodFormat)?;
        let (first_month, months) = match rest.strip_prefix('Q') {
            Some(q) => match q.parse::<u32>() {
                Ok(q @ 1..=4) => (3 * q - 2, 3),
                _ => return Err(Problem::PeriodFormat),
            },
            None => match rest.parse::<u32>() {
                Ok(m @ 1..=12) if rest.len() == 2 => (m, 1),
                _ => return Err(Problem::PeriodFormat),
            },
        };
        let first = NaiveDate::from_ymd_opt(year, first_month, 1).ok_or(Problem::PeriodFormat)?;
        Ok(Self::months_from(first, months))
    }

    fn months_from(first: NaiveDate, months: u32) -> Period {
        let next = first + Months::new(months);
        Period {
            first,
            last: next.pred_opt().unwrap_or(next),
        }
    }

    /// The period of the same length just before: the month or quarter before.
    pub fn previous(self) -> Period {
        let months = (self.last.year() - self.first.year()) as u32 * 12 + self.last.month()
            - self.first.month()
            + 1;
        Self::months_from(self.first - Months::new(months), months)
    }

    /// The month a day falls in, as `Period::parse` writes it (`2026-11`).
    pub fn month_of(day: NaiveDate) -> String {
        format!("{}-{:02}", day.year(), day.month())
    }
}

/// The indicators the dashboard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kpi {
    /// Net promoter score: promoters (9–10) minus detractors (0–6), per 100 answers.
    Nps,
    /// Delivered orders handed back by the time promised at check-in.
    OnTimeDelivery,
    /// Inspected orders whose first quality check passed.
    FirstTimeQcPass,
    /// Reworks (返修) among the delivered orders, per 100.
    ComebackRate,
    /// Complaints filed, per 100 delivered orders.
    ComplaintRate,
    /// Complaints filed whose first response came within 24 h.
    ComplaintResponse24h,
    /// Surveys sent in the period that were answered.
    SurveyResponse,
    /// Bookings due in the period whose customer did not come.
    NoShowRate,
    /// Orders opened in the period without a booking.
    WalkInShare,
}

/// How a figure reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    Share,
    Per100,
    Score,
}

/// What a figure should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// At least this many tenths.
    AtLeast(i64),
    /// At most this many tenths.
    AtMost(i64),
}

impl Kpi {
    pub const ALL: [Kpi; 9] = [
        Kpi::Nps,
        Kpi::SurveyResponse,
        Kpi::OnTimeDelivery,
        Kpi::FirstTimeQcPass,
        Kpi::ComebackRate,
        Kpi::ComplaintRate,
        Kpi::ComplaintResponse24h,
        Kpi::NoShowRate,
        Kpi::WalkInShare,
    ];

    /// The default target: the guideline's numbers (95 % on time and first-time right, every
    /// complaint answered within 24 h), an NPS of 50, at most 2 comebacks and 1 complaint per
    /// 100 orders; half the surveys answered and at most one no-show in ten (dealer practice).
    /// The walk-in share is for information: no target.
    pub fn target(self) -> Option<Target> {
        match self {
            Kpi::Nps => Some(Target::AtLeast(500)),
            Kpi::OnTimeDelivery | Kpi::FirstTimeQcPass | Kpi::ComplaintResponse24h => {
                Some(Target::AtLeast(950))
            }
            Kpi::ComebackRate => Some(Target::AtMost(20)),
            Kpi::ComplaintRate => Some(Target::AtMost(10)),
            Kpi::SurveyResponse => Some(Target::AtLeast(500)),
            Kpi::NoShowRate => Some(Target::AtMost(100)),
            Kpi::WalkInShare => None,
        }
    }

    /// How the figure reads: a share (`92.5 %`), a rate per 100 orders (`1.5 / 100`) or a
    /// score (`45.0`).
    pub fn unit(self) -> Unit {
        match self {
            Kpi::Nps => Unit::Score,
            Kpi::ComebackRate | Kpi::ComplaintRate => Unit::Per100,
            _ => Unit::Share,
        }
    }
}

/// A delivered order as the indicators need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveredOrder {
    pub promised_at: DateTime<Utc>,
    pub delivered_at: DateTime<Utc>,
    /// The first quality check's result; `None` when it was never inspected.
    pub first_check_passed: Option<bool>,
    /// A rework of an earlier order (返修).
    pub rework: bool,
}

/// A complaint filed in the period: when, and when it was first answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiledComplaint {
    pub filed_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
}

/// What was recorded in a period at the outlets in scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Orders delivered in the period.
    pub delivered: Vec<DeliveredOrder>,
    /// NPS answers (0–10) of surveys answered in the period.
    pub nps_answers: Vec<u8>,
    /// Complaints filed in the period.
    pub complaints: Vec<FiledComplaint>,
    /// Surveys sent in the period, and how many of them were answered.
    pub surveys_sent: u32,
    pub surveys_answered: u32,
    /// Bookings due in the period whose customer came, and those who did not.
    pub arrived: u32,
    pub no_shows: u32,
    /// Orders opened in the period, and those without a booking.
    pub orders_opened: u32,
    pub walk_ins: u32,
}

/// One figure with what it was computed from. `value` is `None` when there was nothing to
/// compute it from (no answers, no deliveries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub kpi: Kpi,
    pub value: Option<i64>,
    /// For a share or a rate: what was counted, and out of how many. For the NPS: promoters
    /// minus detractors, out of the answers.
    pub counted: i64,
    pub out_of: i64,
}

impl Measure {
    /// Whether the figure meets its target; `None` without a figure or a target.
    pub fn meets(&self, target: Option<Target>) -> Option<bool> {
        self.value.zip(target).map(|(v, target)| match target {
            Target::AtLeast(t) => v >= t,
            Target::AtMost(t) => v <= t,
        })
    }
}

/// `counted / out_of` in tenths of a percent (or of a point per 100), rounded half away from
/// zero.
fn tenths_per_100(counted: i64, out_of: i64) -> Option<i64> {
    (out_of > 0).then(|| {
        let scaled = counted * 1000;
        (scaled + scaled.signum() * out_of / 2) / out_of
    })
}

/// Computes one indicator from the period's facts.
pub fn measure(kpi: Kpi, facts: &Facts) -> Measure {
    let delivered = facts.delivered.len() as i64;
    let (counted, out_of) = match kpi {
        Kpi::Nps => {
            let promoters = facts.nps_answers.iter().filter(|n| **n >= 9).count() as i64;
            let detractors = facts.nps_answers.iter().filter(|n| **n <= 6).count() as i64;
            (promoters - detractors, facts.nps_answers.len() as i64)
        }
        Kpi::OnTimeDelivery => (
            facts
                .delivered
                .iter()
                .filter(|o| o.delivered_at <= o.promised_at)
                .count() as i64,
            delivered,
        ),
        Kpi::FirstTimeQcPass => {
            let inspected = facts.delivered.iter().filter_map(|o| o.first_check_passed);
            (
                inspected.clone().filter(|passed| *passed).count() as i64,
                inspected.count() as i64,
            )
        }
        Kpi::ComebackRate => (
            facts.delivered.iter().filter(|o| o.rework).count() as i64,
            delivered,
        ),
        Kpi::ComplaintRate => (facts.complaints.len() as i64, delivered),
        Kpi::ComplaintResponse24h => (
            facts
                .complaints
                .iter()
                .filter(|c| {
                    c.first_response_at
                        .is_some_and(|at| at - c.filed_at <= chrono::Duration::hours(24))
                })
                .count() as i64,
            facts.complaints.len() as i64,
        ),
        Kpi::SurveyResponse => (
            i64::from(facts.surveys_answered),
            i64::from(facts.surveys_sent),
        ),
        Kpi::NoShowRate => (
            i64::from(facts.no_shows),
            i64::from(facts.arrived + facts.no_shows),
        ),
        Kpi::WalkInShare => (i64::from(facts.walk_ins), i64::from(facts.orders_opened)),
    };
    Measure {
        kpi,
        value: tenths_per_100(counted, out_of),
        counted,
        out_of,
    }
}

/// One line of the dashboard: the figure, the period before's, and the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiRow {
    pub now: Measure,
    pub before: Measure,
    pub target: Option<Target>,
}

/// The dashboard for a period over the outlets the viewer reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub period: Period,
    pub previous: Period,
    /// The outlets counted.
    pub outlets: Vec<super::catalog::Localized>,
    pub rows: Vec<KpiRow>,
}

impl Dashboard {
    pub fn of(
        period: Period,
        outlets: Vec<super::catalog::Localized>,
        now: &Facts,
        before: &Facts,
    ) -> Self {
        Dashboard {
            period,
            previous: period.previous(),
            outlets,
            rows: Kpi::ALL
                .into_iter()
                .map(|kpi| KpiRow {
                    now: measure(kpi, now),
                    before: measure(kpi, before),
                    target: kpi.target(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_period_is_a_month_or_a_quarter_and_the_one_before_has_the_same_length() {
        let november = Period::parse("2026-11").unwrap();
        assert_eq!(
            (november.first, november.last),
            (day(2026, 11, 1), day(2026, 11, 30))
        );
        assert_eq!(november.previous().first, day(2026, 10, 1));
        let q1 = Period::parse(" 2027-q1 ").unwrap();
        assert_eq!((q1.first, q1.last), (day(2027, 1, 1), day(2027, 3, 31)));
        let q4 = q1.previous();
        assert_eq!((q4.first, q4.last), (day(2026, 10, 1), day(2026, 12, 31)));
        for bad in ["2026", "2026-13", "2026-Q5", "2026-1", "1999-01", "东区"] {
            assert_eq!(Period::parse(bad), Err(Problem::PeriodFormat), "{bad}");
        }
        assert_eq!(Period::month_of(day(2026, 3, 9)), "2026-03");
    }

    fn order(late: bool, first_check: Option<bool>, rework: bool) -> DeliveredOrder {
        let promised = Utc.with_ymd_and_hms(2026, 11, 10, 10, 0, 0).unwrap();
        DeliveredOrder {
            promised_at: promised,
            delivered_at: promised + chrono::Duration::minutes(if late { 1 } else { 0 }),
            first_check_passed: first_check,
            rework,
        }
    }

    #[test]
    fn each_indicator_is_computed_from_the_recorded_facts() {
        let facts = Facts {
            delivered: vec![
                order(false, Some(true), false),
                order(false, Some(false), true),
                order(true, Some(true), false),
                order(false, None, false),
            ],
            // 3 promoters, 1 passive, 2 detractors: (3 − 2) / 6 = 16.7.
            nps_answers: vec![10, 9, 9, 8, 6, 0],
            complaints: vec![
                FiledComplaint {
                    filed_at: Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap(),
                    first_response_at: Some(Utc.with_ymd_and_hms(2026, 11, 4, 9, 0, 0).unwrap()),
                },
                FiledComplaint {
                    filed_at: Utc.with_ymd_and_hms(2026, 11, 5, 9, 0, 0).unwrap(),
                    first_response_at: Some(Utc.with_ymd_and_hms(2026, 11, 6, 9, 1, 0).unwrap()),
                },
                FiledComplaint {
                    filed_at: Utc.with_ymd_and_hms(2026, 11, 7, 9, 0, 0).unwrap(),
                    first_response_at: None,
                },
            ],
            surveys_sent: 8,
            surveys_answered: 6,
            arrived: 9,
            no_shows: 1,
            orders_opened: 5,
            walk_ins: 2,
        };
        let value = |kpi| measure(kpi, &facts).value;
        assert_eq!(value(Kpi::Nps), Some(167));
        assert_eq!(value(Kpi::OnTimeDelivery), Some(750));
        // Of the three inspected, two passed the first time.
        assert_eq!(value(Kpi::FirstTimeQcPass), Some(667));
        assert_eq!(measure(Kpi::FirstTimeQcPass, &facts).out_of, 3);
        assert_eq!(value(Kpi::ComebackRate), Some(250));
        assert_eq!(value(Kpi::ComplaintRate), Some(750));
        // Answered within 24 h: the first exactly at 24 h; the second a minute late.
        assert_eq!(value(Kpi::ComplaintResponse24h), Some(333));
        assert_eq!(value(Kpi::SurveyResponse), Some(750));
        assert_eq!(value(Kpi::NoShowRate), Some(100));
        assert_eq!(value(Kpi::WalkInShare), Some(400));
        assert_eq!(
            measure(Kpi::WalkInShare, &facts).meets(Kpi::WalkInShare.target()),
            None
        );
        // Nothing recorded: no figure, and no verdict on the target.
        let none = measure(Kpi::Nps, &Facts::default());
        assert_eq!(none.value, None);
        assert_eq!(none.meets(Kpi::Nps.target()), None);
        // A negative NPS rounds away from zero too: (0 − 2) / 3 = −66.7.
        let unhappy = Facts {
            nps_answers: vec![0, 3, 7],
            ..Facts::default()
        };
        assert_eq!(measure(Kpi::Nps, &unhappy).value, Some(-667));
    }

    #[test]
    fn a_figure_meets_its_target_from_the_right_side() {
        let on_time = |value| Measure {
            kpi: Kpi::OnTimeDelivery,
            value: Some(value),
            counted: 0,
            out_of: 0,
        };
        assert_eq!(on_time(950).meets(Kpi::OnTimeDelivery.target()), Some(true));
        assert_eq!(
            on_time(949).meets(Kpi::OnTimeDelivery.target()),
            Some(false)
        );
        assert_eq!(on_time(21).meets(Kpi::ComebackRate.target()), Some(false));
        assert_eq!(on_time(20).meets(Kpi::ComebackRate.target()), Some(true));
    }
}
