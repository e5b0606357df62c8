//! The car's own file (一车一档) as its owner reads it.

use super::{WorkOrderNumber, WorkOrderStatus};
use crate::domain::catalog::Localized;
use crate::domain::estimate::{EstimateLine, Totals};
use crate::domain::warranty::{RepairCategory, WarrantyCover};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The car's own file (一车一档) as its owner reads it: every order of theirs on it, newest
/// first, and the bookings still to come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarFile {
    pub car: crate::domain::vehicle::Car,
    /// Outlet-local: what warranty days are counted from.
    #[serde(with = "crate::domain::wire_time::date")]
    pub today: NaiveDate,
    pub orders: Vec<CarFileOrder>,
    pub bookings: Vec<crate::domain::booking::CustomerBooking>,
}

/// One order in the car's file: when and where, the mileage, the work done and what was paid,
/// and the warranty it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarFileOrder {
    pub number: WorkOrderNumber,
    pub status: WorkOrderStatus,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub checked_in_at: NaiveDateTime,
    pub outlet_name: Localized,
    pub odometer_km: u32,
    pub category: RepairCategory,
    /// The work done: the lines agreed or approved (declined and pending ones are not work).
    pub lines: Vec<EstimateLine>,
    pub totals: Totals,
    pub free_of_charge: bool,
    pub warranty: Option<WarrantyCover>,
    pub certificate_number: Option<String>,
}
