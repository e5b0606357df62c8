//! Dates and times as HTML form fields and clocks write them: `09:30`, `2026-11-29` and
//! `2026-11-29T09:30`. Written out by hand rather than with chrono's format strings, whose
//! format-string parser and formatter the browser apps then need not carry (README, "What each
//! app weighs"); dates are read by `wire_time`, which needs no chrono parser either.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// `09:30`
pub fn hh_mm(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// Reads an `<input type="date">` value (`2026-11-29`).
pub fn parse_date_field(text: &str) -> Option<NaiveDate> {
    super::wire_time::parse_date(text)
}

/// An `<input type="datetime-local">` value, to the minute (`2026-11-29T09:30`).
pub fn datetime_field(at: NaiveDateTime) -> String {
    format!("{}T{}", at.date(), hh_mm(at.time()))
}

/// Reads an `<input type="datetime-local">` value (`2026-11-29T09:30`, seconds optional).
pub fn parse_datetime_field(text: &str) -> Option<NaiveDateTime> {
    text.contains('T')
        .then(|| super::wire_time::parse_datetime(text))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn times_are_written_with_two_digit_hours_and_minutes() {
        assert_eq!(hh_mm(NaiveTime::from_hms_opt(9, 5, 59).unwrap()), "09:05");
        assert_eq!(hh_mm(NaiveTime::from_hms_opt(17, 30, 0).unwrap()), "17:30");
    }

    #[test]
    fn a_datetime_field_round_trips_to_the_minute() {
        let value = datetime_field(at("2026-11-29 09:30:45"));
        assert_eq!(value, "2026-11-29T09:30");
        assert_eq!(
            parse_datetime_field(&value),
            Some(at("2026-11-29 09:30:00"))
        );
    }

    #[test]
    fn datetime_fields_with_seconds_are_read() {
        assert_eq!(
            parse_datetime_field("2026-11-29T09:30:15"),
            Some(at("2026-11-29 09:30:15"))
        );
    }

    #[test]
    fn malformed_fields_are_refused_not_guessed() {
        for text in [
            "",
            "2026-11-29",
            "2026-11-29T",
            "2026-11-29T9",
            "2026-11-29T25:00",
            "2026-02-30T09:00",
            "2026-11-29T09:30:00:00",
            "29.11.2026T09:30",
            "2026-11-29T中:00",
        ] {
            assert_eq!(parse_datetime_field(text), None, "{text:?}");
        }
        assert_eq!(parse_date_field("2026-13-01"), None);
        assert_eq!(
            parse_date_field(" 2026-11-29 "),
            NaiveDate::from_ymd_opt(2026, 11, 29)
        );
    }
}
