//! The work order's number (`WO261126-7KQ4M`): composed at check-in, parsed where it arrives.

use crate::domain::booking::{compose_number, parse_number};
use crate::domain::error::AppError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the customer, the desk and the printed sheet quote: `WO261126-7KQ4M`.
/// Read from the wire through `parse` (`try_from`): a malformed number never becomes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct WorkOrderNumber(String);

impl TryFrom<String> for WorkOrderNumber {
    type Error = &'static str;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text).map_err(|_| "not a WorkOrderNumber")
    }
}

impl WorkOrderNumber {
    pub fn compose(day: NaiveDate, random: [u8; 5]) -> Self {
        Self(compose_number("WO", day, random))
    }

    /// Anything that is not shaped like a work-order number is simply not found.
    pub fn parse(input: &str) -> Result<Self, AppError> {
        parse_number("WO", input)
            .map(Self)
            .ok_or(AppError::NotFound)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The settlement list's number (结算清单编号): the order's, under the `JS` prefix.
    pub fn settlement_number(&self) -> String {
        format!("JS{}", &self.0[2..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_work_order_number_round_trips_and_other_shapes_are_not_found() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let number = WorkOrderNumber::compose(day, [0, 1, 2, 3, 4]);
        assert_eq!(number.as_str(), "WO261126-23456");
        assert_eq!(WorkOrderNumber::parse("wo261126-23456"), Ok(number.clone()));
        assert_eq!(
            WorkOrderNumber::parse("BK261126-23456"),
            Err(AppError::NotFound)
        );
    }
}
