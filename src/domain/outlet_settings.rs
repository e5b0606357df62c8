//! What an outlet's manager sets: the policy numbers (booking, repair, closing the loop), the
//! opening hours per weekday, and closures (holidays, days off). Defaults are the guideline's
//! numbers; each number's range is the database's CHECK, so the form, the server and the
//! schema agree.

use super::availability::Minute;
use super::error::{Field, Problem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A number in the outlet's policy. On the wire it is its column's name (`horizon_days`):
/// written by hand rather than derived, because it travels inside `AppError`, which every
/// portal page decodes, and a derived decoder for twenty names weighs on the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyNumber {
    // Booking
    SlotMinutes,
    MinNoticeMinutes,
    CutoffHours,
    HorizonDays,
    MaxActiveBookings,
    MaxBookingsPerWindow,
    // Repair
    FirstUpdateHours,
    ProcessingHours,
    UrgentFirstUpdateHours,
    UrgentProcessingHours,
    AtRiskPercent,
    LabourRateYuan,
    WarrantyPromiseDays,
    WarrantyPromiseKm,
    TrackingLinkDays,
    // Closing the loop
    SurveyValidDays,
    FollowUpHours,
    RoutineFollowUpDays,
    ComplaintResponseHours,
    MaxComplaintsPerDay,
}

impl Serialize for PolicyNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.column())
    }
}

impl<'de> Deserialize<'de> for PolicyNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::ALL
            .into_iter()
            .find(|n| n.column() == name)
            .ok_or_else(|| serde::de::Error::custom("unknown policy number"))
    }
}

/// The three parts of the settings page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyPart {
    Booking,
    Repair,
    ClosingTheLoop,
}

/// What a number counts, for its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    Count,
    Percent,
    Yuan,
    Km,
}

impl PolicyNumber {
    pub const ALL: [PolicyNumber; 20] = [
        Self::SlotMinutes,
        Self::MinNoticeMinutes,
        Self::CutoffHours,
        Self::HorizonDays,
        Self::MaxActiveBookings,
        Self::MaxBookingsPerWindow,
        Self::FirstUpdateHours,
        Self::ProcessingHours,
        Self::UrgentFirstUpdateHours,
        Self::UrgentProcessingHours,
        Self::AtRiskPercent,
        Self::LabourRateYuan,
        Self::WarrantyPromiseDays,
        Self::WarrantyPromiseKm,
        Self::TrackingLinkDays,
        Self::SurveyValidDays,
        Self::FollowUpHours,
        Self::RoutineFollowUpDays,
        Self::ComplaintResponseHours,
        Self::MaxComplaintsPerDay,
    ];

    /// Its column in `outlets` (the labour rate is kept in fen: `column_scale`).
    pub fn column(self) -> &'static str {
        match self {
            Self::SlotMinutes => "slot_minutes",
            Self::MinNoticeMinutes => "min_notice_minutes",
            Self::CutoffHours => "cutoff_hours",
            Self::HorizonDays => "horizon_days",
            Self::MaxActiveBookings => "max_active_bookings",
            Self::MaxBookingsPerWindow => "max_bookings_per_window",
            Self::FirstUpdateHours => "first_update_hours",
            Self::ProcessingHours => "processing_hours",
            Self::UrgentFirstUpdateHours => "urgent_first_update_hours",
            Self::UrgentProcessingHours => "urgent_processing_hours",
            Self::AtRiskPercent => "at_risk_percent",
            Self::LabourRateYuan => "labour_rate_fen",
            Self::WarrantyPromiseDays => "warranty_promise_days",
            Self::WarrantyPromiseKm => "warranty_promise_km",
            Self::TrackingLinkDays => "tracking_link_days",
            Self::SurveyValidDays => "survey_valid_days",
            Self::FollowUpHours => "follow_up_hours",
            Self::RoutineFollowUpDays => "routine_follow_up_days",
            Self::ComplaintResponseHours => "complaint_response_hours",
            Self::MaxComplaintsPerDay => "max_complaints_per_day",
        }
    }

    /// The stored value is the shown value times this (fen per yuan for the labour rate).
    pub fn column_scale(self) -> u32 {
        match self {
            Self::LabourRateYuan => 100,
            _ => 1,
        }
    }

    /// The allowed values, inclusive: the schema's CHECK (migrations 0001–0008).
    pub fn range(self) -> (u32, u32) {
        match self {
            Self::SlotMinutes => (5, 240),
            Self::MinNoticeMinutes => (0, 10_080),
            Self::CutoffHours => (0, 168),
            Self::HorizonDays => (1, 90),
            Self::MaxActiveBookings => (1, 50),
            Self::MaxBookingsPerWindow => (1, 20),
            Self::FirstUpdateHours
            | Self::ProcessingHours
            | Self::UrgentFirstUpdateHours
            | Self::UrgentProcessingHours
            | Self::FollowUpHours => (1, 720),
            Self::AtRiskPercent => (0, 100),
            Self::LabourRateYuan => (0, 1_000_000),
            Self::WarrantyPromiseDays => (0, 3650),
            Self::WarrantyPromiseKm => (0, 1_000_000),
            Self::TrackingLinkDays | Self::SurveyValidDays => (1, 365),
            Self::RoutineFollowUpDays => (0, 90),
            Self::ComplaintResponseHours => (1, 168),
            Self::MaxComplaintsPerDay => (1, 50),
        }
    }

    pub fn part(self) -> PolicyPart {
        match self {
            Self::SlotMinutes
            | Self::MinNoticeMinutes
            | Self::CutoffHours
            | Self::HorizonDays
            | Self::MaxActiveBookings
            | Self::MaxBookingsPerWindow => PolicyPart::Booking,
            Self::FirstUpdateHours
            | Self::ProcessingHours
            | Self::UrgentFirstUpdateHours
            | Self::UrgentProcessingHours
            | Self::AtRiskPercent
            | Self::LabourRateYuan
            | Self::WarrantyPromiseDays
            | Self::WarrantyPromiseKm
            | Self::TrackingLinkDays => PolicyPart::Repair,
            Self::SurveyValidDays
            | Self::FollowUpHours
            | Self::RoutineFollowUpDays
            | Self::ComplaintResponseHours
            | Self::MaxComplaintsPerDay => PolicyPart::ClosingTheLoop,
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Self::SlotMinutes | Self::MinNoticeMinutes => Unit::Minutes,
            Self::CutoffHours
            | Self::FirstUpdateHours
            | Self::ProcessingHours
            | Self::UrgentFirstUpdateHours
            | Self::UrgentProcessingHours
            | Self::FollowUpHours
            | Self::ComplaintResponseHours => Unit::Hours,
            Self::HorizonDays
            | Self::WarrantyPromiseDays
            | Self::TrackingLinkDays
            | Self::SurveyValidDays
            | Self::RoutineFollowUpDays => Unit::Days,
            Self::MaxActiveBookings | Self::MaxBookingsPerWindow | Self::MaxComplaintsPerDay => {
                Unit::Count
            }
            Self::AtRiskPercent => Unit::Percent,
            Self::LabourRateYuan => Unit::Yuan,
            Self::WarrantyPromiseKm => Unit::Km,
        }
    }

    /// Reads what a manager typed: a whole number inside the range.
    pub fn parse(self, typed: &str) -> Result<u32, Problem> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err(Problem::Required);
        }
        let (min, max) = self.range();
        typed
            .parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or(Problem::NotBetween { min, max })
    }
}

/// The outlet's settings as the page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletSettings {
    /// Every policy number with its value, in `PolicyNumber::ALL` order.
    pub numbers: Vec<(PolicyNumber, u32)>,
    /// Monday first; `None` when closed that weekday.
    pub hours: [Option<(Minute, Minute)>; 7],
    /// Closures from today on, earliest first.
    pub closures: Vec<Closure>,
    /// Active bays.
    pub bays: u32,
}

/// A closure: days the outlet takes no bookings, with the reason customers are given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub id: i64,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub reason: String,
}

/// A booking that lost its place: on a closure, outside the new hours, or beyond fewer bays or
/// technicians. The desk calls the customer or waits for them to pick another time (they are
/// told through the outbox when a closure covers their day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingToMove {
    pub number: crate::domain::booking::BookingNumber,
    #[serde(with = "crate::domain::wire_time::date")]
    pub date: NaiveDate,
    #[serde(with = "crate::domain::wire_time::time")]
    pub start: chrono::NaiveTime,
    pub plate: crate::domain::vehicle::Plate,
    pub customer_name: String,
    /// Masked: the list does not need the full number.
    pub phone_masked: String,
    pub why: WhyMove,
}

/// Why a booking has to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WhyMove {
    /// The outlet is closed that day (a closure or its weekday off).
    Closed,
    /// The booking runs outside the day's opening hours.
    OutsideHours,
    /// More bookings at that time than bays or qualified technicians.
    OverCapacity,
}

/// The most bays an outlet may have.
pub const MAX_BAYS: u32 = 100;

/// The name a new bay is given (`3 号工位`): the one naming rule for the demo, a new outlet and
/// bays added on the settings page. Stored as written; managers see it as the outlet's own label.
pub fn bay_name(n: u32) -> String {
    format!("{n} 号工位")
}

/// The longest reason kept with a closure.
pub const REASON_MAX: usize = 100;
/// The longest closure: a year.
pub const CLOSURE_MAX_DAYS: i64 = 366;

/// Checks a new closure: from `today` on, last day not before the first, at most a year,
/// with a reason. Returns the trimmed reason.
pub fn check_closure(
    today: NaiveDate,
    first_day: NaiveDate,
    last_day: NaiveDate,
    reason: &str,
) -> Result<String, (Field, Problem)> {
    if first_day < today {
        return Err((Field::FirstDay, Problem::DateInPast));
    }
    if last_day < first_day {
        return Err((Field::LastDay, Problem::BeforeFirstDay));
    }
    if (last_day - first_day).num_days() >= CLOSURE_MAX_DAYS {
        return Err((
            Field::LastDay,
            Problem::TooLong {
                max: CLOSURE_MAX_DAYS as u32,
            },
        ));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err((Field::Reason, Problem::Required));
    }
    if reason.chars().count() > REASON_MAX {
        return Err((
            Field::Reason,
            Problem::TooLong {
                max: REASON_MAX as u32,
            },
        ));
    }
    Ok(reason.to_owned())
}

/// Reads `HH:MM` (an `<input type="time">` value) as minutes after midnight.
fn minute_of_day(typed: &str) -> Option<Minute> {
    let (h, m) = typed.trim().split_once(':')?;
    let (h, m) = (h.parse::<u32>().ok()?, m.get(..2)?.parse::<u32>().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Checks one weekday's hours as typed (`None`: closed that day): opening before closing.
pub fn check_hours(typed: Option<(&str, &str)>) -> Result<Option<(Minute, Minute)>, Problem> {
    let Some((opens, closes)) = typed else {
        return Ok(None);
    };
    let opens = minute_of_day(opens).ok_or(Problem::TimeFormat)?;
    let closes = minute_of_day(closes).ok_or(Problem::TimeFormat)?;
    if closes <= opens {
        return Err(Problem::ClosesBeforeOpening);
    }
    Ok(Some((opens, closes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_has_its_own_column_and_a_range_that_holds_the_guidelines_default() {
        let columns: std::collections::HashSet<_> =
            PolicyNumber::ALL.iter().map(|n| n.column()).collect();
        assert_eq!(columns.len(), PolicyNumber::ALL.len());
        // The guideline's numbers (24 h first update, 48 h processing, 24 h complaint response).
        for (number, default) in [
            (PolicyNumber::FirstUpdateHours, 24),
            (PolicyNumber::ProcessingHours, 48),
            (PolicyNumber::ComplaintResponseHours, 24),
        ] {
            assert_eq!(number.parse(&default.to_string()), Ok(default));
        }
    }

    #[test]
    fn a_number_travels_as_its_columns_name() {
        for number in PolicyNumber::ALL {
            let wire = serde_json::to_string(&number).unwrap();
            assert_eq!(wire, format!("\"{}\"", number.column()));
            assert_eq!(serde_json::from_str::<PolicyNumber>(&wire).unwrap(), number);
        }
        assert!(serde_json::from_str::<PolicyNumber>("\"password\"").is_err());
    }

    #[test]
    fn a_number_outside_its_range_or_not_a_whole_number_is_refused_with_the_range() {
        let n = PolicyNumber::HorizonDays;
        assert_eq!(n.parse(" 30 "), Ok(30));
        assert_eq!(n.parse(""), Err(Problem::Required));
        for bad in ["0", "91", "-1", "3.5", "abc"] {
            assert_eq!(
                n.parse(bad),
                Err(Problem::NotBetween { min: 1, max: 90 }),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_closure_starts_today_or_later_ends_after_it_starts_and_has_a_reason() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let today = day(1);
        assert_eq!(
            check_closure(today, day(1), day(3), " 元旦 "),
            Ok("元旦".into())
        );
        assert_eq!(
            check_closure(today, day(1) - chrono::Duration::days(1), day(3), "x"),
            Err((Field::FirstDay, Problem::DateInPast))
        );
        assert_eq!(
            check_closure(today, day(3), day(2), "x"),
            Err((Field::LastDay, Problem::BeforeFirstDay))
        );
        assert_eq!(
            check_closure(today, day(1), day(1), "  "),
            Err((Field::Reason, Problem::Required))
        );
        assert!(check_closure(today, day(1), day(1) + chrono::Duration::days(400), "x").is_err());
    }

    #[test]
    fn hours_open_before_they_close() {
        assert_eq!(check_hours(None), Ok(None));
        assert_eq!(
            check_hours(Some(("08:30", "18:00"))),
            Ok(Some((8 * 60 + 30, 18 * 60)))
        );
        assert_eq!(
            check_hours(Some(("18:00", "08:30"))),
            Err(Problem::ClosesBeforeOpening)
        );
        assert_eq!(
            check_hours(Some(("25:00", "26:00"))),
            Err(Problem::TimeFormat)
        );
        assert_eq!(check_hours(Some(("", "18:00"))), Err(Problem::TimeFormat));
    }
}
