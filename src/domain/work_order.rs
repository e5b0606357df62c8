//! Work orders (工单): the repair from check-in (接待) to delivery (交车).
//!
//! The life cycle is one state machine (`WorkOrderStatus::apply`) and one permission rule
//! (`may_do`). Every transition is stored as an event; the event log is the source of truth
//! for the timeline, the SLA clocks (`sla`) and the KPIs.

use super::account::StaffRole;
use super::booking::{compose_number, parse_number, BookingNumber};
use super::catalog::Localized;
use super::error::{AppError, Conflict, Field, Problem};
use super::estimate::{EstimateLine, Totals};
use super::identity::bounded_text;
use super::sla::SlaView;
use super::vehicle::Plate;
use super::warranty::{RepairCategory, WarrantyCover};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

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

/// Where a work order is in its life (the stages of Chinese 4S practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkOrderStatus {
    /// 接待: opened at reception, waiting to be dispatched.
    CheckedIn,
    /// 派工: given to a technician who has not started yet.
    Dispatched,
    /// 诊断: the technician is finding the fault.
    Diagnosing,
    /// 待客户确认: added items wait for the customer's approval (SLA clocks paused).
    AwaitingApproval,
    /// 维修中.
    InRepair,
    /// 待料: paused for parts (SLA clocks paused).
    WaitingParts,
    /// 竣工检验: waiting for the quality inspector.
    QualityCheck,
    /// 待交车: passed inspection, washed, waiting for the customer.
    ReadyForPickup,
    /// 已结算: paid.
    Settled,
    /// 已交车: handed back. Final.
    Delivered,
    /// 已取消. Final.
    Cancelled,
}

/// What can happen to a work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkOrderEvent {
    /// The advisor gives the job to a technician (again, to re-assign before work starts).
    Dispatch,
    StartDiagnosis,
    /// Items waiting for the customer's decision are sent to them.
    RequestApproval,
    /// The customer approved or declined every pending item and signed.
    CustomerDecided,
    StartRepair,
    PauseForParts,
    PartsArrived,
    /// The technician is done: on to the quality inspector.
    Finish,
    PassCheck,
    /// The inspection failed: back to repair, with a reason.
    FailCheck,
    Settle,
    Deliver,
    Cancel,
}

impl WorkOrderStatus {
    pub const ALL: [WorkOrderStatus; 11] = [
        Self::CheckedIn,
        Self::Dispatched,
        Self::Diagnosing,
        Self::AwaitingApproval,
        Self::InRepair,
        Self::WaitingParts,
        Self::QualityCheck,
        Self::ReadyForPickup,
        Self::Settled,
        Self::Delivered,
        Self::Cancelled,
    ];

    /// The one transition function. Refusals name the status and the step, so the screen can
    /// say exactly why.
    pub fn apply(self, event: WorkOrderEvent) -> Result<WorkOrderStatus, Conflict> {
        use WorkOrderEvent as E;
        use WorkOrderStatus as S;
        let refused = Err(Conflict::IllegalStep {
            status: self,
            event,
        });
        match (self, event) {
            (S::CheckedIn | S::Dispatched, E::Dispatch) => Ok(S::Dispatched),
            (S::Dispatched, E::StartDiagnosis) => Ok(S::Diagnosing),
            (S::Dispatched | S::Diagnosing, E::StartRepair) => Ok(S::InRepair),
            (S::Diagnosing | S::InRepair, E::RequestApproval) => Ok(S::AwaitingApproval),
            (S::AwaitingApproval, E::CustomerDecided) => Ok(S::InRepair),
            (S::InRepair, E::PauseForParts) => Ok(S::WaitingParts),
            (S::WaitingParts, E::PartsArrived) => Ok(S::InRepair),
            (S::InRepair, E::Finish) => Ok(S::QualityCheck),
            (S::QualityCheck, E::PassCheck) => Ok(S::ReadyForPickup),
            (S::QualityCheck, E::FailCheck) => Ok(S::InRepair),
            (S::ReadyForPickup, E::Settle) => Ok(S::Settled),
            (S::Settled, E::Deliver) => Ok(S::Delivered),
            (
                S::CheckedIn
                | S::Dispatched
                | S::Diagnosing
                | S::AwaitingApproval
                | S::InRepair
                | S::WaitingParts,
                E::Cancel,
            ) => Ok(S::Cancelled),
            // Everything else is refused, written out per status so that a new status or
            // event does not compile until its place in the life cycle is decided.
            (
                S::CheckedIn,
                E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::Dispatched,
                E::RequestApproval
                | E::CustomerDecided
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::Diagnosing,
                E::Dispatch
                | E::StartDiagnosis
                | E::CustomerDecided
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::AwaitingApproval,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::InRepair,
                E::Dispatch
                | E::StartDiagnosis
                | E::CustomerDecided
                | E::StartRepair
                | E::PartsArrived
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::WaitingParts,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::QualityCheck,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::Settle
                | E::Deliver
                | E::Cancel,
            )
            | (
                S::ReadyForPickup,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Deliver
                | E::Cancel,
            )
            | (
                S::Settled,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Cancel,
            )
            | (
                S::Delivered | S::Cancelled,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver
                | E::Cancel,
            ) => refused,
        }
    }

    /// The SLA clocks stand still in these statuses (the reason is the event's note).
    pub fn pauses_clocks(self) -> bool {
        matches!(self, Self::AwaitingApproval | Self::WaitingParts)
    }

    /// The work is done: the processing clock has stopped.
    pub fn work_done(self) -> bool {
        matches!(
            self,
            Self::ReadyForPickup | Self::Settled | Self::Delivered | Self::Cancelled
        )
    }

    /// Still in the workshop's hands (on the boards).
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Delivered | Self::Cancelled)
    }

    /// A technician is working on it (counts towards their load).
    pub fn occupies_technician(self) -> bool {
        matches!(
            self,
            Self::Dispatched
                | Self::Diagnosing
                | Self::AwaitingApproval
                | Self::InRepair
                | Self::WaitingParts
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CheckedIn => "checked_in",
            Self::Dispatched => "dispatched",
            Self::Diagnosing => "diagnosing",
            Self::AwaitingApproval => "awaiting_approval",
            Self::InRepair => "in_repair",
            Self::WaitingParts => "waiting_parts",
            Self::QualityCheck => "quality_check",
            Self::ReadyForPickup => "ready_for_pickup",
            Self::Settled => "settled",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
        }
    }

    /// The customer's timeline shows these stages in this order.
    pub const STAGES: [WorkOrderStatus; 8] = [
        Self::CheckedIn,
        Self::Diagnosing,
        Self::AwaitingApproval,
        Self::InRepair,
        Self::QualityCheck,
        Self::ReadyForPickup,
        Self::Settled,
        Self::Delivered,
    ];

    /// Where this status sits on the customer's stage line (dispatched counts as diagnosing's
    /// step: the car is with a technician; waiting for parts is a pause of the repair).
    pub fn stage(self) -> Option<usize> {
        let stage = match self {
            Self::Dispatched => Self::Diagnosing,
            Self::WaitingParts => Self::InRepair,
            Self::Cancelled => return None,
            other => other,
        };
        Self::STAGES.iter().position(|s| *s == stage)
    }
}

impl FromStr for WorkOrderStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown work-order status {s:?}"))
    }
}

impl WorkOrderEvent {
    pub const ALL: [WorkOrderEvent; 13] = [
        Self::Dispatch,
        Self::StartDiagnosis,
        Self::RequestApproval,
        Self::CustomerDecided,
        Self::StartRepair,
        Self::PauseForParts,
        Self::PartsArrived,
        Self::Finish,
        Self::PassCheck,
        Self::FailCheck,
        Self::Settle,
        Self::Deliver,
        Self::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dispatch => "dispatch",
            Self::StartDiagnosis => "start_diagnosis",
            Self::RequestApproval => "request_approval",
            Self::CustomerDecided => "customer_decided",
            Self::StartRepair => "start_repair",
            Self::PauseForParts => "pause_for_parts",
            Self::PartsArrived => "parts_arrived",
            Self::Finish => "finish",
            Self::PassCheck => "pass_check",
            Self::FailCheck => "fail_check",
            Self::Settle => "settle",
            Self::Deliver => "deliver",
            Self::Cancel => "cancel",
        }
    }

    /// Steps that must say why (the note is required).
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::PauseForParts | Self::FailCheck | Self::Cancel)
    }

    /// Steps the customer is told about through the notifications outbox.
    pub fn notifies_customer(self) -> Option<NotificationKind> {
        match self {
            Self::RequestApproval => Some(NotificationKind::ApprovalRequested),
            Self::PassCheck => Some(NotificationKind::ReadyForPickup),
            Self::Deliver => Some(NotificationKind::SurveyInvite),
            _ => None,
        }
    }
}

impl FromStr for WorkOrderEvent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| format!("unknown work-order event {s:?}"))
    }
}

/// Who may take a step. Technicians move only their own jobs; only a quality inspector
/// passes or fails the inspection; the customer's decision is never a staff step: it comes
/// from the portal, or the desk records one given by phone or in person (with how and by whom,
/// `services::work_orders::decide_at_desk`).
pub fn may_do(role: StaffRole, event: WorkOrderEvent, own_job: bool) -> bool {
    use WorkOrderEvent as E;
    let technician_on_it = role == StaffRole::Technician && own_job;
    match event {
        E::Dispatch | E::Settle | E::Deliver | E::Cancel => role.works_reception(),
        E::StartDiagnosis | E::StartRepair | E::PauseForParts | E::Finish => technician_on_it,
        E::RequestApproval | E::PartsArrived => technician_on_it || role.works_reception(),
        E::PassCheck | E::FailCheck => role == StaffRole::QualityInspector,
        E::CustomerDecided => false,
    }
}

/// Who may add findings and estimate lines: the technician on the job and the desk.
pub fn may_write(role: StaffRole, own_job: bool) -> bool {
    role.works_reception() || (role == StaffRole::Technician && own_job)
}

/// An outlet's rules for the repair: SLA targets, its warranty promise, its labour rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairPolicy {
    pub sla: super::sla::SlaPolicy,
    /// Beyond the statutory period where longer (`Warranty::promised`).
    pub warranty_promise: super::warranty::Warranty,
    /// Per hour; the estimate form starts from it.
    pub labour_rate: super::estimate::Money,
    /// The tracking link stops working this many days after delivery.
    pub tracking_link_days: u32,
    /// Surveys and follow-up visits.
    pub closing: super::follow_up::ClosingPolicy,
    pub complaints: super::complaint::ComplaintPolicy,
}

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
    pub services: Vec<super::ids::ServiceTypeId>,
    /// The customer's consent to the initial estimate (required when it has lines).
    #[serde(default)]
    pub consent: super::estimate::ConsentForm,
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
    pub catalogue: Vec<super::standard_work::StandardWork>,
    pub booked: Vec<super::ids::ServiceTypeId>,
    pub labour_rate: super::estimate::Money,
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
    pub fn item_in(&self, lang: super::catalog::Lang) -> &str {
        super::estimate::item_in(&self.item, &self.item_en, lang)
    }
}

/// What the outlet that did the work sees of its own earlier order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderHere {
    pub number: WorkOrderNumber,
    pub customer_words: String,
}

/// A step a member of staff asks for on a work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRequest {
    pub event: WorkOrderEvent,
    /// Why (required for pauses, failed inspections and cancellations).
    pub note: String,
    /// Dispatch: the technician chosen (by the advisor, from the board's list).
    pub technician: Option<super::ids::TechnicianId>,
    /// Passing the inspection: the completion certificate number, where the category needs one.
    pub certificate_number: String,
    /// Delivery: the odometer when the car leaves.
    pub odometer_out_km: String,
}

impl StepRequest {
    pub fn plain(event: WorkOrderEvent) -> Self {
        Self {
            event,
            note: String::new(),
            technician: None,
            certificate_number: String::new(),
            odometer_out_km: String::new(),
        }
    }

    pub fn with_note(mut self, note: &str) -> Self {
        self.note = note.to_string();
        self
    }

    /// The note, required when the step needs a reason.
    pub fn parsed_note(&self) -> Result<String, AppError> {
        if self.event.needs_reason() {
            bounded_text(&self.note, TEXT_MAX).map_err(|p| AppError::invalid(Field::Note, p))
        } else {
            optional_text(&self.note, Field::Note, TEXT_MAX)
        }
    }
}

/// A completion certificate number (竣工出厂合格证编号) as the inspector types it.
pub fn parse_certificate(input: &str) -> Result<String, AppError> {
    let number = input.trim().to_ascii_uppercase();
    if number.is_empty() {
        return Err(AppError::invalid(Field::Certificate, Problem::Required));
    }
    let ok = (4..=32).contains(&number.len())
        && number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(number)
    } else {
        Err(AppError::invalid(
            Field::Certificate,
            Problem::CertificateFormat,
        ))
    }
}

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

/// The car's own file (一车一档) as its owner reads it: every order of theirs on it, newest
/// first, and the bookings still to come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarFile {
    pub car: super::vehicle::Car,
    /// Outlet-local: what warranty days are counted from.
    #[serde(with = "crate::domain::wire_time::date")]
    pub today: NaiveDate,
    pub orders: Vec<CarFileOrder>,
    pub bookings: Vec<super::booking::CustomerBooking>,
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

/// One approval the customer gave: when, how and for which lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRecord {
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub at: NaiveDateTime,
    pub signer_name: String,
    pub method: ApprovalMethod,
    pub approved: u32,
    pub declined: u32,
    /// The member of staff who recorded a decision given by phone or at the desk.
    pub recorded_by: Option<String>,
    /// What the customer said (a phone decision's record).
    pub note: String,
}

/// How a decision was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovalMethod {
    /// On the portal, signed on the signature pad.
    PortalSignature,
    /// By phone; the advisor records it with a note of the call.
    Phone,
    /// At the desk, signed on the tablet; the advisor records it.
    InPerson,
}

impl ApprovalMethod {
    pub const ALL: [ApprovalMethod; 3] = [Self::PortalSignature, Self::Phone, Self::InPerson];
    /// What the desk may record (the portal's own method is the customer's alone).
    pub const AT_DESK: [ApprovalMethod; 2] = [Self::Phone, Self::InPerson];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PortalSignature => "portal_signature",
            Self::Phone => "phone",
            Self::InPerson => "in_person",
        }
    }
}

impl FromStr for ApprovalMethod {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown approval method {s:?}"))
    }
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
    pub survey: Option<super::survey::SurveyStatus>,
    /// Walk-around and finding photos, oldest first.
    pub photos: Vec<super::photo::PhotoRef>,
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
        view.customer_name = super::identity::mask_name(&view.customer_name);
        view.vin = view.vin.as_deref().map(super::vehicle::mask_vin);
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
    pub fn payable(&self) -> super::estimate::Money {
        self.totals.payable(self.free_of_charge)
    }
}

/// A row of the boards (dispatch, my jobs, inspection, the customer's list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderSummary {
    pub number: WorkOrderNumber,
    pub status: WorkOrderStatus,
    pub urgent: bool,
    pub plate: Plate,
    pub car_model: String,
    pub customer_name: String,
    pub customer_words: String,
    pub technician: Option<String>,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub checked_in_at: NaiveDateTime,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub promised_at: NaiveDateTime,
    pub outlet_name: Localized,
    pub sla: SlaView,
    pub customer_type: CustomerType,
    /// Recorded at delivery: the history shows whether a comeback is still covered.
    pub warranty: Option<WarrantyCover>,
    pub free_of_charge: bool,
}

/// A technician on the dispatch board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnicianLoad {
    pub id: super::ids::TechnicianId,
    pub name: String,
    pub skills: super::catalog::SkillSet,
    /// Open jobs assigned to them.
    pub load: u32,
}

/// A job waiting for a technician, with the system's proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchJob {
    pub order: WorkOrderSummary,
    pub skills: super::catalog::SkillSet,
    pub proposed: Option<super::ids::TechnicianId>,
}

/// The outlet's dispatch board (先急后缓): waiting jobs, urgent first, and the technicians.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchBoard {
    pub waiting: Vec<DispatchJob>,
    pub in_progress: Vec<WorkOrderSummary>,
    pub technicians: Vec<TechnicianLoad>,
}

/// The technician to propose: one holding every needed skill, least loaded, then by id.
pub fn propose_technician(
    needed: super::catalog::SkillSet,
    technicians: &[TechnicianLoad],
) -> Option<super::ids::TechnicianId> {
    technicians
        .iter()
        .filter(|t| t.skills.covers(needed))
        .min_by_key(|t| (t.load, t.id))
        .map(|t| t.id)
}

/// Urgent first, then the earliest promise, then the earliest check-in.
pub fn board_order(a: &WorkOrderSummary, b: &WorkOrderSummary) -> std::cmp::Ordering {
    b.urgent
        .cmp(&a.urgent)
        .then(a.promised_at.cmp(&b.promised_at))
        .then(a.checked_in_at.cmp(&b.checked_in_at))
}

/// A message to a customer, written to the notifications outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotificationKind {
    CheckedIn,
    ApprovalRequested,
    ReadyForPickup,
    /// The promised time passed before the car was ready.
    Delayed,
    /// After delivery: the satisfaction survey's link.
    SurveyInvite,
    /// A complaint was received, answered, resolved or closed.
    ComplaintUpdate,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 6] = [
        Self::CheckedIn,
        Self::ApprovalRequested,
        Self::ReadyForPickup,
        Self::Delayed,
        Self::SurveyInvite,
        Self::ComplaintUpdate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CheckedIn => "checked_in",
            Self::ApprovalRequested => "approval_requested",
            Self::ReadyForPickup => "ready_for_pickup",
            Self::Delayed => "delayed",
            Self::SurveyInvite => "survey_invite",
            Self::ComplaintUpdate => "complaint_update",
        }
    }

    /// The text the default sender delivers (Chinese, the customers' language).
    pub fn text_zh(self, number: &str, plate: &str) -> String {
        match self {
            Self::CheckedIn => {
                format!("您的爱车{plate}已接车，工单号{number}。可随时查看维修进度。")
            }
            Self::ApprovalRequested => {
                format!("工单{number}有新增维修项目等待您确认，请登录查看并签字。")
            }
            Self::ReadyForPickup => format!("您的爱车{plate}已完工并通过质检，可以取车。"),
            Self::Delayed => {
                format!("抱歉，工单{number}未能在承诺时间内完工，服务顾问将与您联系。")
            }
            Self::SurveyInvite => {
                format!("感谢您选择我们！您的爱车{plate}已交车。请花一分钟为本次服务评价：")
            }
            // `number` is the complaint's; the service adds what happened.
            Self::ComplaintUpdate => format!("您的投诉{number}有新进展："),
        }
    }
}

impl FromStr for NotificationKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown notification kind {s:?}"))
    }
}

/// Why a delivery failed, besides `HTTP <status>`: codes the outbox page translates.
pub const DELIVERY_TIMEOUT: &str = "timeout";
pub const DELIVERY_UNREACHABLE: &str = "unreachable";

/// A message in the outbox, as staff (and, in demo mode, the customer) see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub kind: NotificationKind,
    /// What it is about: an order and its car, or a complaint.
    pub order: Option<WorkOrderNumber>,
    pub plate: Option<Plate>,
    pub complaint: Option<super::complaint::ComplaintNumber>,
    pub phone_masked: String,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub created_at: NaiveDateTime,
    #[serde(default, with = "crate::domain::wire_time::opt_datetime")]
    pub sent_at: Option<NaiveDateTime>,
    pub attempts: u32,
    pub text: String,
    /// The page the message leads to, within the app (`/survey/…`): the customer's inbox
    /// links it; staff read the text alone.
    pub link: Option<String>,
    /// Why the last delivery failed, if it did.
    pub last_error: Option<String>,
    /// Given up after too many failures: staff should call the customer.
    pub given_up: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use WorkOrderEvent as E;
    use WorkOrderStatus as S;

    /// Every allowed step; every pair not listed here must be refused.
    const ALLOWED: [(S, E, S); 21] = [
        (S::CheckedIn, E::Dispatch, S::Dispatched),
        (S::Dispatched, E::Dispatch, S::Dispatched),
        (S::Dispatched, E::StartDiagnosis, S::Diagnosing),
        (S::Dispatched, E::StartRepair, S::InRepair),
        (S::Diagnosing, E::StartRepair, S::InRepair),
        (S::Diagnosing, E::RequestApproval, S::AwaitingApproval),
        (S::InRepair, E::RequestApproval, S::AwaitingApproval),
        (S::AwaitingApproval, E::CustomerDecided, S::InRepair),
        (S::InRepair, E::PauseForParts, S::WaitingParts),
        (S::WaitingParts, E::PartsArrived, S::InRepair),
        (S::InRepair, E::Finish, S::QualityCheck),
        (S::QualityCheck, E::PassCheck, S::ReadyForPickup),
        (S::QualityCheck, E::FailCheck, S::InRepair),
        (S::ReadyForPickup, E::Settle, S::Settled),
        (S::Settled, E::Deliver, S::Delivered),
        (S::CheckedIn, E::Cancel, S::Cancelled),
        (S::Dispatched, E::Cancel, S::Cancelled),
        (S::Diagnosing, E::Cancel, S::Cancelled),
        (S::AwaitingApproval, E::Cancel, S::Cancelled),
        (S::InRepair, E::Cancel, S::Cancelled),
        (S::WaitingParts, E::Cancel, S::Cancelled),
    ];

    #[test]
    fn every_status_and_event_pair_follows_the_table() {
        for status in S::ALL {
            for event in E::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(s, e, _)| *s == status && *e == event)
                    .map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(status.apply(event), Ok(to), "{status:?} + {event:?}"),
                    None => assert_eq!(
                        status.apply(event),
                        Err(Conflict::IllegalStep { status, event }),
                        "{status:?} + {event:?} must be refused"
                    ),
                }
            }
        }
    }

    #[test]
    fn statuses_events_and_choices_round_trip_through_their_stored_names() {
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<S>(), Ok(s));
        }
        for e in E::ALL {
            assert_eq!(e.as_str().parse::<E>(), Ok(e));
        }
        for t in CustomerType::ALL {
            assert_eq!(t.as_str().parse::<CustomerType>(), Ok(t));
        }
        for o in OldParts::ALL {
            assert_eq!(o.as_str().parse::<OldParts>(), Ok(o));
        }
        for k in NotificationKind::ALL {
            assert_eq!(k.as_str().parse::<NotificationKind>(), Ok(k));
        }
    }

    #[test]
    fn only_the_inspector_passes_or_fails_and_technicians_move_only_their_own_jobs() {
        for role in StaffRole::ALL {
            for own in [true, false] {
                assert_eq!(
                    may_do(role, E::PassCheck, own),
                    role == StaffRole::QualityInspector
                );
                assert_eq!(
                    may_do(role, E::FailCheck, own),
                    role == StaffRole::QualityInspector
                );
                assert!(!may_do(role, E::CustomerDecided, own), "customers only");
            }
        }
        assert!(may_do(StaffRole::Technician, E::Finish, true));
        assert!(!may_do(StaffRole::Technician, E::Finish, false));
        assert!(!may_do(StaffRole::ServiceAdvisor, E::Finish, true));
        assert!(may_do(StaffRole::ServiceAdvisor, E::Dispatch, false));
        assert!(!may_do(StaffRole::Technician, E::Dispatch, true));
        assert!(!may_do(StaffRole::QualityInspector, E::Deliver, false));
    }

    #[test]
    fn the_proposal_is_the_least_loaded_technician_who_can_do_the_job() {
        use super::super::catalog::{Skill, SkillSet};
        use super::super::ids::TechnicianId;
        let engine = SkillSet::default().with(Skill::Mechanical);
        let both = engine.with(Skill::Electrical);
        let techs = vec![
            TechnicianLoad {
                id: TechnicianId(1),
                name: "a".into(),
                skills: both,
                load: 2,
            },
            TechnicianLoad {
                id: TechnicianId(2),
                name: "b".into(),
                skills: engine,
                load: 0,
            },
            TechnicianLoad {
                id: TechnicianId(3),
                name: "c".into(),
                skills: both,
                load: 1,
            },
        ];
        assert_eq!(propose_technician(engine, &techs), Some(TechnicianId(2)));
        assert_eq!(propose_technician(both, &techs), Some(TechnicianId(3)));
        let paint = SkillSet::default().with(Skill::BodyPaint);
        assert_eq!(propose_technician(paint, &techs), None);
    }

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

    #[test]
    fn pauses_and_reasons_are_where_the_guideline_puts_them() {
        let paused: Vec<_> = S::ALL.into_iter().filter(|s| s.pauses_clocks()).collect();
        assert_eq!(paused, [S::AwaitingApproval, S::WaitingParts]);
        let reasoned: Vec<_> = E::ALL.into_iter().filter(|e| e.needs_reason()).collect();
        assert_eq!(reasoned, [E::PauseForParts, E::FailCheck, E::Cancel]);
    }
}
