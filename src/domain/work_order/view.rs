//! The work order as both faces read it: the full view with its timeline, and the customer's
//! and the tracking link's copies of it.

use super::{
    ApprovalRecord, CustomerType, OldParts, WorkOrderEvent, WorkOrderNumber, WorkOrderStatus,
};
use crate::domain::booking::BookingNumber;
use crate::domain::catalog::Localized;
use crate::domain::estimate::{EstimateLine, Totals};
use crate::domain::sla::SlaView;
use crate::domain::vehicle::Plate;
use crate::domain::warranty::{RepairCategory, WarrantyCover};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The note the system writes (staff-only) when it told the customer of a delay; screens
/// show it in the reader's language.
pub const SYSTEM_NOTE_DELAYED: &str = "delay_notified";

/// One entry of a work order's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Outlet-local time.
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub at: NaiveDateTime,
    /// `None` for a note that changes nothing.
    pub event: Option<WorkOrderEvent>,
    pub from: Option<WorkOrderStatus>,
    pub to: WorkOrderStatus,
    pub note: String,
    /// Shown to the customer (transitions always are; notes when the writer said so).
    pub public: bool,
    pub actor_name: String,
    /// Written by the system itself (then `note` is a code such as `SYSTEM_NOTE_DELAYED`).
    pub by_system: bool,
}

/// A work order with everything both faces show. The customer's copy leaves out what only
/// staff may see (`for_customer`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderView {
    pub number: WorkOrderNumber,
    pub status: WorkOrderStatus,
    pub urgent: bool,
    pub outlet_name: Localized,
    pub outlet_address: Localized,
    pub outlet_phone: String,
    pub booking: Option<BookingNumber>,
    pub rework_of: Option<WorkOrderNumber>,
    pub customer_name: String,
    pub phone_masked: String,
    pub plate: Plate,
    pub car_model: String,
    pub vin: Option<String>,
    /// How the advisor approaches the customer: staff only.
    pub customer_type: Option<CustomerType>,
    pub repair_category: RepairCategory,
    pub odometer_in_km: u32,
    pub fuel_percent: u8,
    pub customer_words: String,
    pub expectations: String,
    pub walk_around: String,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub checked_in_at: NaiveDateTime,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub promised_at: NaiveDateTime,
    pub old_parts: OldParts,
    pub technician: Option<String>,
    pub lines: Vec<EstimateLine>,
    pub totals: Totals,
    pub approvals: Vec<ApprovalRecord>,
    pub timeline: Vec<TimelineEntry>,
    pub sla: SlaView,
    pub certificate_number: Option<String>,
    pub needs_certificate: bool,
    pub odometer_out_km: Option<u32>,
    pub warranty: Option<WarrantyCover>,
    /// A rework inside the original's warranty period: the customer pays nothing.
    pub free_of_charge: bool,
    /// The satisfaction survey, once delivered.
    pub survey: Option<crate::domain::survey::SurveyStatus>,
    /// Walk-around and finding photos, oldest first.
    pub photos: Vec<crate::domain::photo::PhotoRef>,
    /// The read-only tracking link's token (staff copy only: it is printed on the sheet).
    pub tracking_token: Option<String>,
    /// The whole tracking link at the configured public address (`PUBLIC_URL`), if set.
    pub tracking_url: Option<String>,
    /// The outlet-local time the view was read.
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub now: NaiveDateTime,
    /// What the viewer may do now (filled in per viewer by the server).
    pub allowed: Vec<WorkOrderEvent>,
    pub may_write: bool,
}

impl WorkOrderView {
    /// The customer's copy: no internal notes, no token (they have their own link), nothing
    /// only staff act on.
    pub fn for_customer(mut self) -> Self {
        self.timeline.retain(|e| e.public);
        self.tracking_token = None;
        self.tracking_url = None;
        self.customer_type = None;
        self.allowed.clear();
        self.may_write = false;
        self
    }

    /// What anyone holding the tracking link (printed as a QR code on the check-in sheet)
    /// sees: the car's progress, the estimate and whom to call — not the survey's link, the
    /// records of the customer's calls and signatures, their words, the walk-around and its
    /// photos, their name or the full VIN.
    pub fn for_bystander(self) -> Self {
        let mut view = self.for_customer();
        view.survey = None;
        view.approvals.clear();
        view.photos.clear();
        view.customer_words.clear();
        view.expectations.clear();
        view.walk_around.clear();
        view.customer_name = crate::domain::identity::mask_name(&view.customer_name);
        view.vin = view.vin.as_deref().map(crate::domain::vehicle::mask_vin);
        view
    }

    /// Lines still waiting for the customer's decision.
    pub fn pending_lines(&self) -> impl Iterator<Item = &EstimateLine> {
        self.lines.iter().filter(|l| l.is_pending())
    }

    /// When the order was settled (the settlement list's date).
    pub fn settled_at(&self) -> Option<NaiveDateTime> {
        self.timeline
            .iter()
            .rev()
            .find(|e| e.event == Some(WorkOrderEvent::Settle))
            .map(|e| e.at)
    }

    /// What the customer pays.
    pub fn payable(&self) -> crate::domain::estimate::Money {
        self.totals.payable(self.free_of_charge)
    }
}
