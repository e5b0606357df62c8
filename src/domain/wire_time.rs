//! Dates and times on the wire as ISO text (`2026-11-29`, `09:30:00`, `2026-11-29T09:30:00`),
//! written and read by hand: chrono's general parser, which its own serde support uses, costs
//! the phone's bundle kilobytes for formats it never sees. Fields use these with
//! `#[serde(with = "wire_time::…")]`; `parse_*` also read what forms and URLs hold.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{de::Error, Deserialize, Deserializer, Serializer};

fn number(text: &str, max_digits: usize) -> Option<u32> {
    let digits =
        !text.is_empty() && text.len() <= max_digits && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten()
}

/// `2026-11-29`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().split('-');
    let year = number(parts.next()?, 4)?;
    let (month, day) = (number(parts.next()?, 2)?, number(parts.next()?, 2)?);
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// `09:30`, `09:30:15` or `09:30:15.123456` (a fraction beyond nanoseconds is dropped).
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let (clock, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    let mut parts = clock.split(':');
    let (hour, minute) = (number(parts.next()?, 2)?, number(parts.next()?, 2)?);
    let second = parts.next().map_or(Some(0), |s| number(s, 2))?;
    if parts.next().is_some() {
        return None;
    }
    let nano = if fraction.is_empty() {
        0
    } else {
        let digits: String = fraction.chars().take(9).collect();
        number(&digits, 9)? * 10u32.pow(9 - digits.len() as u32)
    };
    NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
}

/// `2026-11-29T09:30:00` (or with a space for the `T`).
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    let (date, time) = text.split_once('T').or_else(|| text.split_once(' '))?;
    Some(parse_date(date)?.and_time(parse_time(time)?))
}

fn read<'de, D: Deserializer<'de>, T>(
    d: D,
    parse: fn(&str) -> Option<T>,
    what: &'static str,
) -> Result<T, D::Error> {
    let text = String::deserialize(d)?;
    parse(&text).ok_or_else(|| D::Error::custom(format_args!("not {what}: {text:?}")))
}

pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(value: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        read(d, parse_date, "a date")
    }
}

pub mod time {
    use super::*;

    pub fn serialize<S: Serializer>(value: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        read(d, parse_time, "a time")
    }
}

pub mod datetime {
    use super::*;

    pub fn serialize<S: Serializer>(value: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}T{}", value.date(), value.time()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        read(d, parse_datetime, "a date and time")
    }
}

pub mod opt_datetime {
    use super::*;

    pub fn serialize<S: Serializer>(
        value: &Option<NaiveDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(at) => super::datetime::serialize(at, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                parse_datetime(&text)
                    .ok_or_else(|| D::Error::custom(format_args!("not a date and time: {text:?}")))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_chrono_writes_reads_back_the_same() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 29)
            .unwrap()
            .and_hms_nano_opt(9, 30, 15, 123_456_000)
            .unwrap();
        assert_eq!(
            parse_datetime(&format!("{}T{}", at.date(), at.time())),
            Some(at)
        );
        assert_eq!(parse_datetime(&at.to_string()), Some(at));
        assert_eq!(
            parse_date("2026-02-28"),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert_eq!(parse_time("09:30"), NaiveTime::from_hms_opt(9, 30, 0));
        assert_eq!(
            parse_time("23:59:59.5"),
            NaiveTime::from_hms_milli_opt(23, 59, 59, 500)
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "2026-02-30",
            "2026-1-",
            "2026-11-29-1",
            "+2026-11-29",
            "2026/11/29",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
        for bad in ["9", "24:00", "09:60", "09:30:00:00", "09:3a", "09:30.x"] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
        assert_eq!(parse_datetime("2026-11-29"), None);
    }

    #[test]
    fn a_value_survives_the_wire_both_ways() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Row {
            #[serde(with = "date")]
            day: NaiveDate,
            #[serde(with = "time")]
            start: NaiveTime,
            #[serde(with = "opt_datetime")]
            done: Option<NaiveDateTime>,
        }
        let row = Row {
            day: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            start: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
            done: None,
        };
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(
            json,
            r#"{"day":"2026-11-29","start":"09:30:00","done":null}"#
        );
        assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), row);
    }
}
