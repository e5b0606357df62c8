//! Bookings (预约): their life cycle, the urgent-first rule and the customer change policy.

use super::availability::{DayAvailability, Window};
use super::catalog::Localized;
use super::error::{AppError, Conflict, Field, Problem};
use super::identity::bounded_text;
use super::ids::{CarId, OutletId, ServiceTypeId};
use super::vehicle::Plate;
use super::work_order::{WorkOrderNumber, WorkOrderStatus};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// What the customer and the desk quote: `BK261126-7KQ4M`.
/// Read from the wire through `parse` (`try_from`): a malformed number never becomes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct BookingNumber(String);

impl TryFrom<String> for BookingNumber {
    type Error = &'static str;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text).map_err(|_| "not a BookingNumber")
    }
}

impl BookingNumber {
    /// Letters and digits that cannot be misread over the phone (no I, O, 0, 1).
    pub const ALPHABET: &'static [u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// `BK` + the day the booking was made (yymmdd) + `-` + five random characters from
    /// `ALPHABET` (33 million per day; a clash is retried by the service).
    pub fn compose(day: NaiveDate, random: [u8; 5]) -> Self {
        Self(compose_number("BK", day, random))
    }

    /// Reads a number typed or sent back by the browser; anything else is not a booking.
    pub fn parse(input: &str) -> Result<Self, AppError> {
        parse_number("BK", input)
            .map(Self)
            .ok_or(AppError::NotFound)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A human-readable number: two letters, the day (yymmdd), `-`, five characters from
/// `BookingNumber::ALPHABET`. Shared by booking and work-order numbers.
pub(crate) fn compose_number(prefix: &str, day: NaiveDate, random: [u8; 5]) -> String {
    let alphabet = BookingNumber::ALPHABET;
    let suffix: String = random
        .iter()
        .map(|b| alphabet[*b as usize % alphabet.len()] as char)
        .collect();
    format!("{prefix}{}-{suffix}", day.format("%y%m%d"))
}

/// The number in canonical form if `input` has the shape `compose_number` makes.
pub(crate) fn parse_number(prefix: &str, input: &str) -> Option<String> {
    let number = input.trim().to_ascii_uppercase();
    // Checked byte by byte: any text may arrive here (a URL, a form), and slicing a `str` at a
    // byte inside a multi-byte character would panic.
    let b = number.as_bytes();
    let shape_ok = b.len() == 14
        && b.starts_with(prefix.as_bytes())
        && b[2..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'-'
        && b[9..].iter().all(|c| BookingNumber::ALPHABET.contains(c));
    shape_ok.then_some(number)
}

/// Where a booking is in its life. Arrived bookings become work orders at check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BookingStatus {
    Booked,
    Arrived,
    NoShow,
    Cancelled,
}

/// What can happen to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BookingEvent {
    Reschedule,
    Cancel,
    Arrive,
    MarkNoShow,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 4] =
        [Self::Booked, Self::Arrived, Self::NoShow, Self::Cancelled];

    /// The one transition function. A late customer marked no-show can still be received.
    pub fn apply(self, event: BookingEvent) -> Result<BookingStatus, Conflict> {
        use BookingEvent as E;
        use BookingStatus as S;
        match (self, event) {
            (S::Booked, E::Reschedule) => Ok(S::Booked),
            (S::Booked, E::Cancel) => Ok(S::Cancelled),
            (S::Booked, E::Arrive) | (S::NoShow, E::Arrive) => Ok(S::Arrived),
            (S::Booked, E::MarkNoShow) => Ok(S::NoShow),
            (S::Arrived, E::Reschedule | E::Cancel | E::Arrive | E::MarkNoShow)
            | (S::NoShow, E::Reschedule | E::Cancel | E::MarkNoShow)
            | (S::Cancelled, E::Reschedule | E::Cancel | E::Arrive | E::MarkNoShow) => {
                Err(Conflict::BookingClosed)
            }
        }
    }

    /// A booking in this status holds a bay and a technician.
    pub fn holds_capacity(self) -> bool {
        match self {
            Self::Booked | Self::Arrived => true,
            Self::NoShow | Self::Cancelled => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Arrived => "arrived",
            Self::NoShow => "no_show",
            Self::Cancelled => "cancelled",
        }
    }
}

impl FromStr for BookingStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown booking status {s:?}"))
    }
}

impl BookingEvent {
    pub const ALL: [BookingEvent; 4] = [
        Self::Reschedule,
        Self::Cancel,
        Self::Arrive,
        Self::MarkNoShow,
    ];
}

/// How the booking reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    /// The customer booked on the portal.
    Online,
    /// An advisor booked for a customer who phoned or walked in.
    Desk,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Self::Online, Self::Desk];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Desk => "desk",
        }
    }
}

impl FromStr for Channel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown channel {s:?}"))
    }
}

/// Safety-critical symptoms (the three-guarantees serious-fault list and warning lights).
/// Any of them makes the booking urgent (先急后缓).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SafetySymptom {
    BrakeFailure,
    EngineFailure,
    SteeringFailure,
    WarningLights,
    HighVoltageWarning,
}

impl SafetySymptom {
    pub const ALL: [SafetySymptom; 5] = [
        Self::BrakeFailure,
        Self::EngineFailure,
        Self::SteeringFailure,
        Self::WarningLights,
        Self::HighVoltageWarning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::BrakeFailure => "brake_failure",
            Self::EngineFailure => "engine_failure",
            Self::SteeringFailure => "steering_failure",
            Self::WarningLights => "warning_lights",
            Self::HighVoltageWarning => "high_voltage_warning",
        }
    }

    /// Stored as a comma-separated list, the same on both databases.
    pub fn list_to_db(symptoms: &[SafetySymptom]) -> String {
        symptoms
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn list_from_db(text: &str) -> Result<Vec<SafetySymptom>, String> {
        text.split(',')
            .filter(|p| !p.is_empty())
            .map(str::parse)
            .collect()
    }
}

impl FromStr for SafetySymptom {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown symptom {s:?}"))
    }
}

/// A booking is urgent when any safety-critical symptom is ticked.
pub fn is_urgent(symptoms: &[SafetySymptom]) -> bool {
    !symptoms.is_empty()
}

/// The customer's own words about the problem (may be empty for routine service).
pub fn parse_description(input: &str) -> Result<String, AppError> {
    const MAX: u32 = 1000;
    match bounded_text(input, MAX) {
        Ok(text) => Ok(text),
        Err(Problem::Required) => Ok(String::new()),
        Err(problem) => Err(AppError::invalid(Field::Description, problem)),
    }
}

/// Customers may change or cancel a booking only until `cutoff_hours` before it starts.
pub fn customer_may_change(
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    cutoff_hours: u32,
) -> Result<(), Conflict> {
    if now + Duration::hours(cutoff_hours as i64) <= starts_at {
        Ok(())
    } else {
        Err(Conflict::CutoffPassed {
            hours: cutoff_hours,
        })
    }
}

/// Orders a day's bookings for the desk: urgent first, then by start time, then by number.
pub fn desk_order(a: &DeskBooking, b: &DeskBooking) -> std::cmp::Ordering {
    b.urgent
        .cmp(&a.urgent)
        .then(a.start.cmp(&b.start))
        .then(a.number.as_str().cmp(b.number.as_str()))
}

/// What the booking form sends: the customer's choices, unparsed where the customer typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    pub outlet_id: OutletId,
    pub car_id: CarId,
    pub service_ids: Vec<ServiceTypeId>,
    pub symptoms: Vec<SafetySymptom>,
    pub description: String,
    #[serde(with = "crate::domain::wire_time::date")]
    pub date: NaiveDate,
    #[serde(with = "crate::domain::wire_time::time")]
    pub start: NaiveTime,
}

/// A confirmed booking, as shown right after booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingConfirmation {
    pub number: BookingNumber,
    #[serde(with = "crate::domain::wire_time::date")]
    pub date: NaiveDate,
    #[serde(with = "crate::domain::wire_time::time")]
    pub start: NaiveTime,
    #[serde(with = "crate::domain::wire_time::time")]
    pub end: NaiveTime,
    pub urgent: bool,
}

/// Expected results of booking: a full window is an answer, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BookingOutcome {
    Booked(BookingConfirmation),
    /// Someone took the last place first; the grid is refreshed to choose again.
    WindowFull,
}

/// A booking as its customer sees it in "My bookings".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerBooking {
    pub number: BookingNumber,
    pub outlet_id: OutletId,
    pub outlet_name: Localized,
    pub plate: Plate,
    pub car_model: String,
    pub service_ids: Vec<ServiceTypeId>,
    pub services: Vec<Localized>,
    #[serde(with = "crate::domain::wire_time::date")]
    pub date: NaiveDate,
    #[serde(with = "crate::domain::wire_time::time")]
    pub start: NaiveTime,
    #[serde(with = "crate::domain::wire_time::time")]
    pub end: NaiveTime,
    pub urgent: bool,
    pub symptoms: Vec<SafetySymptom>,
    pub description: String,
    pub status: BookingStatus,
    /// Until when (outlet-local time) the customer may still reschedule or cancel; `None`
    /// when they may not.
    #[serde(default, with = "crate::domain::wire_time::opt_datetime")]
    pub changeable_until: Option<NaiveDateTime>,
    /// The work order the car was checked in on, once it was.
    pub work_order: Option<BookedOrder>,
}

/// The work order a booking became when its car was checked in, and where the order stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookedOrder {
    pub number: WorkOrderNumber,
    pub status: WorkOrderStatus,
}

/// A booking as the service advisor sees it on the day board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskBooking {
    pub number: BookingNumber,
    #[serde(with = "crate::domain::wire_time::time")]
    pub start: NaiveTime,
    #[serde(with = "crate::domain::wire_time::time")]
    pub end: NaiveTime,
    pub urgent: bool,
    pub symptoms: Vec<SafetySymptom>,
    /// The customer's own words.
    pub description: String,
    pub status: BookingStatus,
    pub channel: Channel,
    pub customer_name: String,
    /// Masked: the board does not need the full number.
    pub phone_masked: String,
    pub plate: Plate,
    pub car_model: String,
    pub services: Vec<Localized>,
    /// The work order the car was checked in on, once it was: the card links to it and
    /// offers no second check-in.
    pub work_order: Option<BookedOrder>,
}

/// The advisor's day board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskDay {
    #[serde(with = "crate::domain::wire_time::date")]
    pub date: NaiveDate,
    /// The outlet's wall-clock time when the board was read: what "today" and "has the booked
    /// time begun" mean for the desk's buttons.
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub now: NaiveDateTime,
    pub outlet_name: Localized,
    /// Urgent first, then by time (`desk_order`).
    pub bookings: Vec<DeskBooking>,
}

/// The availability grid for a set of services at an outlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub outlet_id: OutletId,
    /// Bay time one booking takes (the services' sum on the slot grid).
    pub booked_minutes: u32,
    pub days: Vec<DayAvailability>,
}

impl Availability {
    pub fn window(&self, date: NaiveDate, start: NaiveTime) -> Option<&Window> {
        self.days
            .iter()
            .find(|d| d.date == date)
            .and_then(|d| d.windows.iter().find(|w| w.start == start))
    }
}

/// A window a booking holds: its day and its start and end minute.
pub type HeldWindow = (
    NaiveDate,
    super::availability::Minute,
    super::availability::Minute,
);

/// Fair use of online booking, so one person cannot fill an outlet's grid: the customer's
/// coming bookings at the outlet against the policy's numbers, for a new booking in `wanted`.
pub fn fair_use(
    policy: &super::catalog::BookingPolicy,
    coming_here: &[HeldWindow],
    wanted: HeldWindow,
) -> Result<(), Conflict> {
    let max = policy.max_active_bookings;
    if coming_here.len() as u32 >= max {
        return Err(Conflict::TooManyActiveBookings { max });
    }
    let (day, start, end) = wanted;
    let overlapping = coming_here
        .iter()
        .filter(|(d, s, e)| *d == day && *s < end && start < *e)
        .count() as u32;
    let max = policy.max_bookings_per_window;
    if overlapping >= max {
        return Err(Conflict::TooManyInWindow { max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingEvent as E;
    use BookingStatus as S;

    #[test]
    fn every_status_and_event_pair_follows_the_table() {
        // The whole life cycle, written out once: (from, event, to or refused).
        let table: [(S, E, Option<S>); 16] = [
            (S::Booked, E::Reschedule, Some(S::Booked)),
            (S::Booked, E::Cancel, Some(S::Cancelled)),
            (S::Booked, E::Arrive, Some(S::Arrived)),
            (S::Booked, E::MarkNoShow, Some(S::NoShow)),
            (S::Arrived, E::Reschedule, None),
            (S::Arrived, E::Cancel, None),
            (S::Arrived, E::Arrive, None),
            (S::Arrived, E::MarkNoShow, None),
            (S::NoShow, E::Reschedule, None),
            (S::NoShow, E::Cancel, None),
            (S::NoShow, E::Arrive, Some(S::Arrived)),
            (S::NoShow, E::MarkNoShow, None),
            (S::Cancelled, E::Reschedule, None),
            (S::Cancelled, E::Cancel, None),
            (S::Cancelled, E::Arrive, None),
            (S::Cancelled, E::MarkNoShow, None),
        ];
        for status in S::ALL {
            for event in E::ALL {
                let expected = table
                    .iter()
                    .find(|(s, e, _)| *s == status && *e == event)
                    .map(|(_, _, to)| *to)
                    .expect("every pair is in the table");
                assert_eq!(status.apply(event).ok(), expected, "{status:?} + {event:?}");
            }
        }
    }

    #[test]
    fn statuses_channels_and_symptoms_round_trip_through_their_stored_names() {
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<S>(), Ok(s));
        }
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>(), Ok(c));
        }
        let all = SafetySymptom::ALL.to_vec();
        assert_eq!(
            SafetySymptom::list_from_db(&SafetySymptom::list_to_db(&all)),
            Ok(all)
        );
        assert_eq!(SafetySymptom::list_from_db(""), Ok(vec![]));
    }

    #[test]
    fn only_active_bookings_hold_capacity() {
        assert!(S::Booked.holds_capacity());
        assert!(S::Arrived.holds_capacity());
        assert!(!S::NoShow.holds_capacity());
        assert!(!S::Cancelled.holds_capacity());
    }

    #[test]
    fn a_booking_with_any_safety_symptom_is_urgent() {
        assert!(!is_urgent(&[]));
        for symptom in SafetySymptom::ALL {
            assert!(is_urgent(&[symptom]));
        }
    }

    #[test]
    fn customers_may_change_a_booking_only_before_the_cutoff() {
        let start = DateTime::parse_from_rfc3339("2026-11-30T02:00:00Z")
            .unwrap()
            .to_utc();
        let hours_before = |h: i64| start - Duration::hours(h);
        assert_eq!(customer_may_change(start, hours_before(3), 2), Ok(()));
        assert_eq!(customer_may_change(start, hours_before(2), 2), Ok(()));
        assert_eq!(
            customer_may_change(start, hours_before(1), 2),
            Err(Conflict::CutoffPassed { hours: 2 })
        );
    }

    #[test]
    fn a_booking_number_is_composed_and_read_back() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let number = BookingNumber::compose(day, [0, 1, 2, 30, 31]);
        assert_eq!(number.as_str(), "BK261126-234YZ");
        assert_eq!(BookingNumber::parse(" bk261126-234yz "), Ok(number));
        assert_eq!(
            BookingNumber::parse("BK261126-234Y0"),
            Err(AppError::NotFound)
        );
        assert_eq!(
            BookingNumber::parse("../etc/passwd"),
            Err(AppError::NotFound)
        );
    }

    #[test]
    fn fair_use_caps_coming_bookings_and_cars_in_one_window() {
        let policy = super::super::catalog::BookingPolicy::default();
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let nine = (day, 540, 600);
        let one: HeldWindow = (day, 780, 840);
        assert_eq!(fair_use(&policy, &[], nine), Ok(()));
        assert_eq!(
            fair_use(&policy, &[nine], nine),
            Ok(()),
            "two cars may share a window"
        );
        assert_eq!(
            fair_use(&policy, &[nine, nine], (day, 570, 630)),
            Err(Conflict::TooManyInWindow { max: 2 }),
            "overlapping counts as the same window"
        );
        assert_eq!(fair_use(&policy, &[nine, nine], one), Ok(()));
        assert_eq!(
            fair_use(&policy, &[nine, nine, one], (day, 900, 960)),
            Err(Conflict::TooManyActiveBookings { max: 3 })
        );
    }

    #[test]
    fn any_text_of_a_numbers_length_is_refused_without_a_panic() {
        // Multi-byte characters where the digits, the dash or the suffix should be.
        for text in [
            "WO12345中ABCD",
            "BK2611中-234YZ",
            "BK261126中34YZ",
            "BK261126-2中Y",
            "中文中文中文中文",
            "BK261126-234Y\u{e9}",
        ] {
            assert_eq!(parse_number("BK", text), None, "{text:?}");
            assert_eq!(parse_number("WO", text), None, "{text:?}");
        }
    }

    #[test]
    fn the_desk_sees_urgent_bookings_first_then_by_time() {
        let row = |number: &str, h: u32, urgent: bool| DeskBooking {
            number: BookingNumber(number.into()),
            start: NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(h + 1, 0, 0).unwrap(),
            urgent,
            symptoms: vec![],
            description: String::new(),
            status: S::Booked,
            channel: Channel::Online,
            customer_name: String::new(),
            phone_masked: String::new(),
            plate: Plate::parse("京A12345").unwrap(),
            car_model: String::new(),
            services: vec![],
            work_order: None,
        };
        let mut day = [
            row("A", 9, false),
            row("B", 15, true),
            row("C", 8, false),
            row("D", 11, true),
        ];
        day.sort_by(desk_order);
        let order: Vec<&str> = day.iter().map(|b| b.number.as_str()).collect();
        assert_eq!(order, ["D", "B", "C", "A"]);
    }

    #[test]
    fn a_description_is_optional_but_bounded() {
        assert_eq!(parse_description("  "), Ok(String::new()));
        assert_eq!(parse_description(" 刹车异响 "), Ok("刹车异响".into()));
        assert_eq!(
            parse_description(&"a".repeat(1001)),
            Err(AppError::invalid(
                Field::Description,
                Problem::TooLong { max: 1000 }
            ))
        );
    }
}
