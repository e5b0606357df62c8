//! Check-in (接待): the form the advisor fills in and its checks, the choices on it (customer
//! type, old parts), the free-text and odometer parsers, and what the form starts from (the
//! car's history across the group).

use super::{WorkOrderNumber, WorkOrderStatus};
use crate::domain::booking::BookingNumber;
use crate::domain::catalog::Localized;
use crate::domain::error::{AppError, Field, Problem};
use crate::domain::identity::bounded_text;
use crate::domain::vehicle::Plate;
use crate::domain::warranty::{RepairCategory, WarrantyCover};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// How the advisor approaches the customer (guideline 3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CustomerType {
    /// 新车客户: explain the warranty policy.
    NewCar,
    /// 老客户: look at the car's history.
    Returning,
    /// 投诉客户: the customer-service manager is told at once.
    Complaint,
}

impl CustomerType {
    pub const ALL: [CustomerType; 3] = [Self::NewCar, Self::Returning, Self::Complaint];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NewCar => "new_car",
            Self::Returning => "returning",
            Self::Complaint => "complaint",
        }
    }
}

impl FromStr for CustomerType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown customer type {s:?}"))
    }
}

/// What happens to the replaced parts (旧件处理), printed on the settlement list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OldParts {
    /// 旧件交还客户.
    Returned,
    /// 客户放弃旧件.
    Waived,
}

impl OldParts {
    pub const ALL: [OldParts; 2] = [Self::Returned, Self::Waived];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Returned => "returned",
            Self::Waived => "waived",
        }
    }
}

impl FromStr for OldParts {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown old-parts choice {s:?}"))
    }
}

/// What the advisor fills in at check-in. Strings as typed; `CheckInForm::parse` checks them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInForm {
    /// The booking being received; `None` for a walk-in.
    pub booking: Option<BookingNumber>,
    /// A walk-in names the customer by mobile number and the car by plate.
    pub phone: String,
    pub plate: String,
    pub customer_type: Option<CustomerType>,
    pub repair_category: Option<RepairCategory>,
    pub odometer_km: String,
    pub fuel_percent: u8,
    /// The customer's own words (客户描述).
    pub customer_words: String,
    pub expectations: String,
    /// Damage and belongings noted on the walk-around.
    pub walk_around: String,
    /// Outlet-local date and time the car is promised for.
    #[serde(default, with = "crate::domain::wire_time::opt_datetime")]
    pub promised_at: Option<NaiveDateTime>,
    pub old_parts: Option<OldParts>,
    /// The services the order is opened for: a booking's as booked (the advisor may change
    /// them with the customer), a walk-in's as asked for. Their standard work is the initial
    /// estimate; their skills, with the booking's, are what dispatch needs.
    pub services: Vec<crate::domain::ids::ServiceTypeId>,
    /// The customer's consent to the initial estimate (required when it has lines).
    #[serde(default)]
    pub consent: crate::domain::estimate::ConsentForm,
    /// A walk-in with a safety-critical fault goes to the front (先急后缓).
    pub urgent: bool,
    /// A comeback (返修): the delivered order of the same car it reworks. Free of charge when
    /// the car is still inside that order's warranty period.
    pub rework_of: Option<WorkOrderNumber>,
}

/// A valid check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub customer_type: CustomerType,
    pub repair_category: RepairCategory,
    pub odometer_km: u32,
    pub fuel_percent: u8,
    pub customer_words: String,
    pub expectations: String,
    pub walk_around: String,
    pub promised_at: NaiveDateTime,
    pub old_parts: OldParts,
}

pub const TEXT_MAX: u32 = 1000;

/// Free text that may be empty, limited to `max` characters.
pub fn optional_text(input: &str, field: Field, max: u32) -> Result<String, AppError> {
    match bounded_text(input, max) {
        Ok(text) => Ok(text),
        Err(Problem::Required) => Ok(String::new()),
        Err(problem) => Err(AppError::invalid(field, problem)),
    }
}

/// An odometer reading as typed (`42,100`), never below the last one recorded.
pub fn parse_odometer(input: &str, at_least_km: u32) -> Result<u32, AppError> {
    let text = input.trim().replace([',', ' '], "");
    if text.is_empty() {
        return Err(AppError::invalid(Field::Odometer, Problem::Required));
    }
    let km: u32 = text
        .parse()
        .ok()
        .filter(|km| *km <= 2_000_000)
        .ok_or(AppError::invalid(Field::Odometer, Problem::MileageRange))?;
    if km < at_least_km {
        return Err(AppError::invalid(
            Field::Odometer,
            Problem::OdometerBelowLast { km: at_least_km },
        ));
    }
    Ok(km)
}

impl CheckInForm {
    /// Checks the form against the car's last known odometer and the outlet's clock.
    pub fn parse(&self, last_odometer_km: u32, now: NaiveDateTime) -> Result<CheckIn, AppError> {
        let customer_type = self
            .customer_type
            .ok_or(AppError::invalid(Field::CustomerType, Problem::Required))?;
        let repair_category = self
            .repair_category
            .ok_or(AppError::invalid(Field::RepairCategory, Problem::Required))?;
        let odometer_km = parse_odometer(&self.odometer_km, last_odometer_km)?;
        if self.fuel_percent > 100 {
            return Err(AppError::invalid(Field::Fuel, Problem::OutOfRange));
        }
        let customer_words = bounded_text(&self.customer_words, TEXT_MAX)
            .map_err(|p| AppError::invalid(Field::CustomerWords, p))?;
        let expectations = optional_text(&self.expectations, Field::Expectations, TEXT_MAX)?;
        let walk_around = optional_text(&self.walk_around, Field::WalkAround, TEXT_MAX)?;
        let promised_at = self
            .promised_at
            .ok_or(AppError::invalid(Field::PromisedAt, Problem::Required))?;
        if promised_at <= now {
            return Err(AppError::invalid(Field::PromisedAt, Problem::DateInPast));
        }
        let old_parts = self
            .old_parts
            .ok_or(AppError::invalid(Field::OldParts, Problem::Required))?;
        Ok(CheckIn {
            customer_type,
            repair_category,
            odometer_km,
            fuel_percent: self.fuel_percent,
            customer_words,
            expectations,
            walk_around,
            promised_at,
            old_parts,
        })
    }
}

/// What the check-in form starts from: the booking (if any), the car's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInStart {
    pub customer_name: String,
    pub phone_masked: String,
    pub plate: Plate,
    pub car_model: String,
    pub last_odometer_km: u32,
    pub customer_words: String,
    pub urgent: bool,
    /// The car's earlier orders across the dealer group (一车一档), newest first.
    pub history: Vec<CarHistoryEntry>,
    /// A customer with an open complaint record is suggested as such.
    pub suggested_type: CustomerType,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub now: NaiveDateTime,
    /// The catalogue's standard work, the services booked (ticked at first) and the outlet's
    /// labour rate: the initial estimate as the form shows it before the customer consents.
    pub catalogue: Vec<crate::domain::standard_work::StandardWork>,
    pub booked: Vec<crate::domain::ids::ServiceTypeId>,
    pub labour_rate: crate::domain::estimate::Money,
}

/// One earlier order of a car as the check-in desk sees it. Any outlet of the group sees
/// when and where, the category, the mileage, the work done, the status and the warranty;
/// only the outlet that did the work also sees the order's number and the customer's words
/// (what was paid and said stays with that outlet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarHistoryEntry {
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub checked_in_at: NaiveDateTime,
    pub outlet_name: Localized,
    pub status: WorkOrderStatus,
    pub category: RepairCategory,
    pub odometer_km: u32,
    /// The work done: the items of the agreed and approved lines.
    pub work: Vec<WorkDone>,
    pub warranty: Option<WarrantyCover>,
    /// Only for the caller's own outlet.
    pub here: Option<OrderHere>,
}

/// An item of work done, in both languages where the catalogue has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkDone {
    pub item: String,
    pub item_en: String,
}

impl WorkDone {
    pub fn item_in(&self, lang: crate::domain::catalog::Lang) -> &str {
        crate::domain::estimate::item_in(&self.item, &self.item_en, lang)
    }
}

/// What the outlet that did the work sees of its own earlier order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderHere {
    pub number: WorkOrderNumber,
    pub customer_words: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn customer_types_and_old_parts_round_trip_through_their_stored_names() {
        for t in CustomerType::ALL {
            assert_eq!(t.as_str().parse::<CustomerType>(), Ok(t));
        }
        for o in OldParts::ALL {
            assert_eq!(o.as_str().parse::<OldParts>(), Ok(o));
        }
    }

    #[test]
    fn a_check_in_refuses_an_odometer_below_the_last_reading_and_a_promise_in_the_past() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let form = CheckInForm {
            customer_type: Some(CustomerType::Returning),
            repair_category: Some(RepairCategory::Minor),
            odometer_km: "12,000".into(),
            fuel_percent: 50,
            customer_words: "刹车异响".into(),
            promised_at: Some(now + chrono::Duration::hours(4)),
            old_parts: Some(OldParts::Returned),
            ..Default::default()
        };
        assert_eq!(form.parse(10_000, now).unwrap().odometer_km, 12_000);
        assert_eq!(
            form.parse(13_000, now),
            Err(AppError::invalid(
                Field::Odometer,
                Problem::OdometerBelowLast { km: 13_000 }
            ))
        );
        let late = CheckInForm {
            promised_at: Some(now - chrono::Duration::minutes(1)),
            ..form.clone()
        };
        assert_eq!(
            late.parse(0, now),
            Err(AppError::invalid(Field::PromisedAt, Problem::DateInPast))
        );
        let silent = CheckInForm {
            customer_words: " ".into(),
            ..form
        };
        assert_eq!(
            silent.parse(0, now),
            Err(AppError::invalid(Field::CustomerWords, Problem::Required))
        );
    }
}
