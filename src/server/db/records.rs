//! What the repository reads and writes, in server-side shapes. These are not wire types:
//! some carry secrets (password hashes) or full phone numbers, and none derives `Serialize`.

use crate::domain::account::StaffRole;
use crate::domain::availability::Minute;
use crate::domain::booking::{BookedOrder, BookingNumber, BookingStatus, Channel, SafetySymptom};
use crate::domain::catalog::{BookingPolicy, Localized, Skill, SkillSet};
use crate::domain::estimate::{Approval, LineDecision, NewLine};
use crate::domain::identity::{PersonName, Phone, Username};
use crate::domain::ids::*;
use crate::domain::organisation::{Placement, Roles};
use crate::domain::standard_work::StandardPart;
use crate::domain::vehicle::Plate;
use crate::domain::warranty::{RepairCategory, WarrantyCover};
use crate::domain::work_order::{
    ApprovalMethod, CheckIn, CustomerType, NotificationKind, OldParts, WorkOrderEvent,
    WorkOrderNumber, WorkOrderStatus,
};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Clone)]
pub struct CustomerRecord {
    pub id: CustomerId,
    pub phone: Phone,
    pub name: String,
    /// `None` for a record made at the desk whose owner has not registered on the portal.
    pub password_hash: Option<String>,
}

/// Shown without the password hash (axum-login logs the signed-in user at debug level).
impl std::fmt::Debug for CustomerRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CustomerRecord")
            .field("id", &self.id)
            .field("phone", &self.phone)
            .field("has_password", &self.password_hash.is_some())
            .finish_non_exhaustive()
    }
}

/// A one-time code as stored: its hash, never the code.
pub struct NewPhoneCode {
    pub phone: Phone,
    pub purpose: crate::domain::phone_proof::CodePurpose,
    pub code_hash: String,
    pub sent_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct PhoneCodeRecord {
    pub id: i64,
    pub code_hash: String,
    pub sent_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Wrong entries so far.
    pub tries: u32,
    pub used_at: Option<DateTime<Utc>>,
}

pub struct NewCustomer {
    pub phone: Phone,
    pub name: PersonName,
    pub password_hash: Option<String>,
    pub created_by: Option<StaffId>,
    pub at: DateTime<Utc>,
}

#[derive(Clone)]
pub struct StaffRecord {
    pub id: StaffId,
    pub group_id: GroupId,
    /// Where they are placed, which is what they reach (`domain::organisation`).
    pub placement: Placement,
    /// The outlet whose boards they work: their own; for regional and headquarters staff the
    /// one they chose in the console's switcher, else the first they reach. `None` only for
    /// a region without outlets.
    pub working_outlet: Option<OutletId>,
    pub username: String,
    pub display_name: String,
    pub roles: Roles,
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub experience_since: Option<NaiveDate>,
}

impl StaffRecord {
    /// The outlet they work in; "not found" for someone who has none (a region without
    /// outlets), so every outlet board answers as for an outlet that does not exist.
    pub fn outlet_id(&self) -> Result<OutletId, crate::domain::AppError> {
        self.working_outlet.ok_or(crate::domain::AppError::NotFound)
    }

    /// Whether one of their roles passes `test`.
    pub fn holds(&self, test: impl Fn(StaffRole) -> bool) -> bool {
        self.roles.any(test)
    }
}

impl std::fmt::Debug for StaffRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffRecord")
            .field("id", &self.id)
            .field("placement", &self.placement)
            .field("username", &self.username)
            .field("roles", &self.roles)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

pub struct NewStaff {
    pub group_id: GroupId,
    pub placement: Placement,
    pub username: Username,
    pub display_name: String,
    pub roles: Roles,
    pub password_hash: String,
    /// Set for an account a manager made: its first password is one-time.
    pub must_change_password: bool,
    pub experience_since: Option<NaiveDate>,
    /// A technician's skills (their row on the dispatch board).
    pub skills: SkillSet,
    /// A row already on the outlet's dispatch board (a technician who worked there before
    /// having an account) that becomes this account's, chosen by its id, never by name.
    pub adopt_technician: Option<TechnicianId>,
    pub at: DateTime<Utc>,
}

/// A change to a person's account (the people page).
pub struct StaffChange {
    pub id: StaffId,
    pub placement: Placement,
    pub display_name: String,
    pub roles: Roles,
    pub experience_since: Option<NaiveDate>,
    pub skills: SkillSet,
}

/// A booking's place in time: the outlet-local day and minutes, and the start as an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub date: NaiveDate,
    pub start: Minute,
    pub end: Minute,
    pub starts_at: DateTime<Utc>,
}

#[derive(Clone)]
pub struct NewBooking {
    pub number: BookingNumber,
    pub outlet_id: OutletId,
    pub customer_id: CustomerId,
    pub car_id: CarId,
    pub slot: Slot,
    pub skills: SkillSet,
    pub service_ids: Vec<ServiceTypeId>,
    pub urgent: bool,
    pub symptoms: Vec<SafetySymptom>,
    pub description: String,
    pub channel: Channel,
    pub created_by: Option<StaffId>,
    pub at: DateTime<Utc>,
    /// Set for a customer booking online; the desk is not limited.
    pub fair_use: Option<FairUse>,
}

/// What happened to a request for a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotOutcome<T> {
    Done(T),
    /// No capacity left in the window.
    WindowFull,
    /// The car already has an active booking overlapping the window.
    CarBusy,
    /// The booking left `Booked` meanwhile (cancelled, arrived): nothing was changed.
    StatusChanged,
    /// The customer is at a fair-use limit of the outlet (`domain::booking::fair_use`).
    OverFairUse(crate::domain::Conflict),
}

/// A customer's online booking is held to the outlet's fair-use numbers, counted inside the
/// booking's transaction (which serialises the outlet's bookings), so that bookings fired at
/// once cannot pass them.
#[derive(Debug, Clone, Copy)]
pub struct FairUse {
    pub customer: CustomerId,
    pub policy: BookingPolicy,
    /// The outlet's today: earlier bookings are not coming any more.
    pub today: NaiveDate,
}

/// A booking with its customer, car and services, as both faces need it.
#[derive(Debug, Clone)]
pub struct BookingRecord {
    pub id: BookingId,
    pub number: BookingNumber,
    pub outlet_id: OutletId,
    pub customer_id: CustomerId,
    pub car_id: CarId,
    pub slot: Slot,
    pub skills: SkillSet,
    pub urgent: bool,
    pub symptoms: Vec<SafetySymptom>,
    pub description: String,
    pub status: BookingStatus,
    pub channel: Channel,
    pub service_ids: Vec<ServiceTypeId>,
    pub customer_name: String,
    pub customer_phone: Phone,
    pub plate: Plate,
    pub car_model: String,
    /// The work order the car was checked in on for this booking.
    pub work_order: Option<BookedOrder>,
}

/// Who did something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Customer(CustomerId),
    Staff(StaffId),
    /// The application itself (demo data, maintenance).
    System,
}

impl Actor {
    pub fn kind(self) -> &'static str {
        match self {
            Self::Customer(_) => "customer",
            Self::Staff(_) => "staff",
            Self::System => "system",
        }
    }

    pub fn id(self) -> Option<i64> {
        match self {
            Self::Customer(id) => Some(id.0),
            Self::Staff(id) => Some(id.0),
            Self::System => None,
        }
    }
}

/// One line of the audit log: who did what to which thing, when. `detail` is JSON and never
/// holds secrets or unmasked phone numbers.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: &'static str,
    pub entity: &'static str,
    /// The thing's key, filled in by the repository when it is created by the same call.
    pub entity_key: String,
    pub detail: serde_json::Value,
}

impl AuditEntry {
    pub fn new(
        at: DateTime<Utc>,
        actor: Actor,
        action: &'static str,
        entity: &'static str,
        entity_key: impl Into<String>,
    ) -> Self {
        Self {
            at,
            actor,
            action,
            entity,
            entity_key: entity_key.into(),
            detail: serde_json::Value::Null,
        }
    }

    pub fn with_detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// A closure to add (the settings page).
pub struct NewClosure {
    pub outlet: OutletId,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub reason: String,
    pub by: StaffId,
    pub at: DateTime<Utc>,
}

/// A booking still booked at an outlet, as the settings page and the desk list the bookings a
/// closure or a smaller outlet leaves without a place.
#[derive(Debug, Clone)]
pub struct BookedAt {
    pub id: BookingId,
    pub number: BookingNumber,
    pub customer: CustomerId,
    pub customer_name: String,
    pub phone: Phone,
    pub plate: Plate,
    pub date: NaiveDate,
    pub start: Minute,
    pub end: Minute,
    pub skills: SkillSet,
}

/// A new outlet with everything capacity is computed from (set-up and demo data).
pub struct NewOutlet {
    pub group_id: GroupId,
    pub region: Option<RegionId>,
    pub code: String,
    pub name: Localized,
    pub address: Localized,
    pub phone: String,
    pub time_zone: String,
    pub policy: BookingPolicy,
    /// Monday first; `None` when closed.
    pub hours: [Option<(Minute, Minute)>; 7],
    pub bays: Vec<String>,
    /// Name and skills of each technician.
    pub technicians: Vec<(String, SkillSet)>,
}

pub struct NewServiceType {
    pub group_id: GroupId,
    pub code: String,
    pub name: Localized,
    pub duration_minutes: u32,
    pub skill: Skill,
    pub sort_order: i32,
    /// Standard labour hours (hundredths) and the parts the service normally uses.
    pub labour_hours: u32,
    pub parts: Vec<StandardPart>,
}

/// A new work order, opened at check-in.
pub struct NewWorkOrder {
    pub number: WorkOrderNumber,
    pub outlet_id: OutletId,
    pub customer_id: CustomerId,
    pub car_id: CarId,
    pub booking_id: Option<BookingId>,
    pub urgent: bool,
    pub skills: SkillSet,
    pub check_in: CheckIn,
    /// The promise as an instant (the form's is outlet-local).
    pub promised_at: DateTime<Utc>,
    pub tracking_token: String,
    pub opened_by: StaffId,
    pub actor_name: String,
    pub at: DateTime<Utc>,
    /// The outlet's calendar day of `at` (the indicators count the order on it).
    pub opened_on: NaiveDate,
    /// The "checked in" message for the customer.
    pub notice: CustomerMessage,
    /// The delivered order this one reworks (返修), and whether it is free (inside warranty).
    pub rework_of: Option<WorkOrderId>,
    pub free_of_charge: bool,
    /// The initial estimate (agreed lines) and the customer's consent to it, recorded by the
    /// advisor who opens the order; `None` when the estimate is empty.
    pub initial: Vec<NewLine>,
    pub consent: Option<InitialConsent>,
}

/// How the customer consented to the initial estimate at check-in.
#[derive(Debug, Clone)]
pub struct InitialConsent {
    pub signer_name: String,
    pub method: ApprovalMethod,
    pub signature_png: String,
    pub note: String,
}

/// A stored work order with its customer, car and technician.
#[derive(Debug, Clone)]
pub struct WorkOrderRecord {
    pub id: WorkOrderId,
    pub number: WorkOrderNumber,
    pub outlet_id: OutletId,
    pub customer_id: CustomerId,
    pub car_id: CarId,
    pub booking_number: Option<BookingNumber>,
    pub rework_of: Option<WorkOrderNumber>,
    pub status: WorkOrderStatus,
    /// Moves with every status change and estimate line (what a step decides on), not with
    /// notes, photos or delay notices.
    pub version: i32,
    pub urgent: bool,
    pub skills: SkillSet,
    pub customer_type: CustomerType,
    pub repair_category: RepairCategory,
    pub odometer_in_km: u32,
    pub fuel_percent: u8,
    pub customer_words: String,
    pub expectations: String,
    pub walk_around: String,
    pub promised_at: DateTime<Utc>,
    pub old_parts: OldParts,
    pub technician_id: Option<TechnicianId>,
    pub technician_name: Option<String>,
    /// The technician's own sign-in, if linked: who "my jobs" belong to.
    pub technician_staff_id: Option<StaffId>,
    pub certificate_number: Option<String>,
    pub odometer_out_km: Option<u32>,
    pub warranty: Option<WarrantyCover>,
    pub tracking_token: String,
    pub created_at: DateTime<Utc>,
    pub customer_name: String,
    pub customer_phone: Phone,
    pub plate: Plate,
    pub car_model: String,
    pub vin: Option<String>,
    pub free_of_charge: bool,
}

/// Which work orders a listing wants.
#[derive(Debug, Clone, Copy)]
pub enum OrderFilter {
    /// Still in the workshop's hands at the outlet.
    OpenAt(OutletId),
    /// All of a customer's orders, newest first.
    Customer(CustomerId),
    /// One car's orders (its history, 一车一档), newest first.
    Car(CarId),
}

/// One stored event of a work order.
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub by_system: bool,
    pub event: Option<WorkOrderEvent>,
    pub from: Option<WorkOrderStatus>,
    pub to: WorkOrderStatus,
    pub note: String,
    pub public: bool,
}

/// What a transition writes besides the status (set only where `Some`).
#[derive(Debug, Clone, Default)]
pub struct TransitionSets {
    pub technician: Option<TechnicianId>,
    pub certificate_number: Option<String>,
    pub odometer_out_km: Option<u32>,
    pub warranty: Option<WarrantyCover>,
}

/// A status change, applied only if the order is still at `seen_version`.
#[derive(Debug, Clone)]
pub struct Transition {
    pub order: WorkOrderId,
    pub seen_version: i32,
    pub event: WorkOrderEvent,
    pub from: WorkOrderStatus,
    pub to: WorkOrderStatus,
    pub note: String,
    pub actor: Actor,
    pub actor_name: String,
    pub at: DateTime<Utc>,
    pub sets: TransitionSets,
    /// A message for the customer, written to the outbox in the same transaction.
    pub notify: Option<CustomerMessage>,
    /// Delivery opens the satisfaction survey.
    pub opens_survey: Option<NewSurvey>,
    /// Delivery stores what the order contributes to the indicators.
    pub records_outcome: Option<super::OutcomeRow>,
}

/// A note on the timeline (changes nothing else).
#[derive(Debug, Clone)]
pub struct NewNote {
    pub order: WorkOrderId,
    pub note: String,
    pub public: bool,
    pub actor: Actor,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

/// An estimate line to add while the order is still in `seen_status`.
#[derive(Debug, Clone)]
pub struct LineToAdd {
    pub order: WorkOrderId,
    pub seen_status: WorkOrderStatus,
    pub line: NewLine,
    pub approval: Approval,
    pub staff: StaffId,
    pub at: DateTime<Utc>,
}

/// The customer's signed decision, with the transition back to repair.
#[derive(Debug, Clone)]
pub struct Decision {
    pub transition: Transition,
    pub customer: CustomerId,
    pub signer_name: String,
    pub method: ApprovalMethod,
    pub signature_png: String,
    pub decisions: Vec<LineDecision>,
    /// The advisor who recorded a decision given by phone or at the desk.
    pub recorded_by: Option<StaffId>,
    pub note: String,
}

/// A stored approval, for the order's record.
#[derive(Debug, Clone)]
pub struct ApprovalRow {
    pub at: DateTime<Utc>,
    pub signer_name: String,
    pub method: ApprovalMethod,
    pub approved: u32,
    pub declined: u32,
    pub recorded_by: Option<String>,
    pub note: String,
}

/// A technician of the outlet with their open jobs.
#[derive(Debug, Clone)]
pub struct TechnicianRecord {
    pub id: TechnicianId,
    pub name: String,
    pub skills: SkillSet,
    pub staff_id: Option<StaffId>,
    pub load: u32,
}

/// A message for the customer, written to the outbox with the change it reports. Its link
/// (a path: the tracking, survey or complaint page) is kept apart from the text.
#[derive(Debug, Clone)]
pub struct CustomerMessage {
    pub customer: CustomerId,
    pub kind: NotificationKind,
    pub body: String,
    pub link: Option<String>,
}

/// A message in the outbox.
#[derive(Debug, Clone)]
pub struct NotificationRecord {
    pub id: i64,
    pub kind: NotificationKind,
    pub body: String,
    /// The page it links to (a path), added by senders to the text.
    pub link: Option<String>,
    /// What it is about: an order (with its car) or a complaint.
    pub order_number: Option<WorkOrderNumber>,
    pub plate: Option<Plate>,
    pub complaint_number: Option<crate::domain::complaint::ComplaintNumber>,
    pub phone: Phone,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: u32,
    /// Why the last delivery failed (for staff: "HTTP 502", "timed out").
    pub last_error: Option<String>,
}

/// Whose outbox to list.
#[derive(Debug, Clone, Copy)]
pub enum OutboxFilter {
    Outlet(OutletId),
    Customer(CustomerId),
    /// One message (the sender re-reads what it claimed).
    Id(i64),
}

/// How a delivery attempt ended.
#[derive(Debug, Clone)]
pub enum Delivery {
    Sent {
        at: DateTime<Utc>,
    },
    /// `retry_at: None` gives up on the message (shown as failed in the outbox).
    Failed {
        error: String,
        retry_at: Option<DateTime<Utc>>,
    },
}

/// The one-off notice that an order missed its promised time.
#[derive(Debug, Clone)]
pub struct DelayNotice {
    pub order: WorkOrderRecord,
    /// The customer's message.
    pub body: String,
    /// The staff-only timeline note.
    pub note: String,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

/// A photo to keep with an order, already checked (`domain::photo`).
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub order: WorkOrderId,
    pub line: Option<LineId>,
    pub caption: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    pub staff: StaffId,
    pub at: DateTime<Utc>,
    pub max_per_order: u32,
}

/// A stored photo, without its bytes.
#[derive(Debug, Clone)]
pub struct PhotoRecord {
    pub id: PhotoId,
    pub line: Option<LineId>,
    pub caption: String,
    pub at: DateTime<Utc>,
}

/// A survey opened at delivery (written with the Deliver transition).
#[derive(Debug, Clone)]
pub struct NewSurvey {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// A stored survey and, once answered, its answer.
#[derive(Debug, Clone)]
pub struct SurveyRecord {
    pub id: i64,
    pub work_order_id: WorkOrderId,
    pub token: String,
    /// When it was sent (at the hand-over).
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub answer: Option<crate::domain::survey::SurveyAnswer>,
}

/// A follow-up task to open.
#[derive(Debug, Clone)]
pub struct NewFollowUp {
    pub outlet: OutletId,
    pub customer: CustomerId,
    pub order: Option<WorkOrderId>,
    pub source: crate::domain::follow_up::FollowUpSource,
    /// A complaint's 回访.
    pub complaint: Option<ComplaintId>,
    pub at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

/// A stored follow-up task with what its list shows.
#[derive(Debug, Clone)]
pub struct FollowUpRecord {
    pub id: FollowUpId,
    pub outlet_id: OutletId,
    pub source: crate::domain::follow_up::FollowUpSource,
    pub customer_name: String,
    pub phone: Phone,
    pub order_number: Option<WorkOrderNumber>,
    pub work_order_id: Option<WorkOrderId>,
    pub plate: Option<Plate>,
    pub complaint_number: Option<crate::domain::complaint::ComplaintNumber>,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<String>,
    pub reached: Option<bool>,
    pub satisfaction: Option<u8>,
    pub outcome: String,
    /// The survey answer that opened the task, for a survey's task.
    pub survey: Option<crate::domain::survey::SurveyAnswer>,
}

/// A delivered order and when it was handed back (routine follow-ups start from it).
#[derive(Debug, Clone)]
pub struct DeliveredOrder {
    pub order: WorkOrderRecord,
    pub delivered_at: DateTime<Utc>,
}

/// A follow-up call done, as the manager recorded it.
#[derive(Debug, Clone)]
pub struct FollowUpDone {
    pub id: FollowUpId,
    pub staff: StaffId,
    pub at: DateTime<Utc>,
    pub reached: bool,
    pub satisfaction: Option<u8>,
    pub outcome: String,
}

impl NotificationRecord {
    /// What the customer receives: the text and, when the public address is configured, the
    /// page's link.
    pub fn text(&self, public_url: Option<&str>) -> String {
        match (public_url, &self.link) {
            (Some(base), Some(path)) => format!("{} {base}{path}", self.body),
            _ => self.body.clone(),
        }
    }

    /// The number the message is about, for logs: the order's or the complaint's.
    pub fn reference(&self) -> &str {
        match (&self.order_number, &self.complaint_number) {
            (Some(order), _) => order.as_str(),
            (None, Some(complaint)) => complaint.as_str(),
            (None, None) => "",
        }
    }
}

/// A complaint to file, already checked.
#[derive(Debug, Clone)]
pub struct NewComplaint {
    pub number: crate::domain::complaint::ComplaintNumber,
    pub token: String,
    pub outlet: OutletId,
    pub customer: CustomerId,
    pub order: Option<WorkOrderId>,
    pub text: crate::domain::complaint::ComplaintText,
    pub by_guest: bool,
    pub actor_name: String,
    pub at: DateTime<Utc>,
    pub response_due_at: DateTime<Utc>,
    /// The customer's confirmation through the outbox.
    pub notice: CustomerMessage,
    /// Fair use: the most complaints the customer may have filed in the 24 hours before `at`
    /// (counted inside the filing's transaction, so filings fired at once cannot pass it).
    pub daily_limit: u32,
}

/// A stored complaint with its customer, order and outcome.
#[derive(Debug, Clone)]
pub struct ComplaintRecord {
    pub id: ComplaintId,
    pub number: crate::domain::complaint::ComplaintNumber,
    pub token: String,
    pub outlet_id: OutletId,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub phone: Phone,
    pub work_order_id: Option<WorkOrderId>,
    pub order_number: Option<WorkOrderNumber>,
    pub plate: Option<Plate>,
    pub category: crate::domain::complaint::ComplaintCategory,
    pub severity: crate::domain::complaint::Severity,
    pub stage: crate::domain::complaint::ComplaintStage,
    pub version: i64,
    pub what_happened: String,
    pub wish: String,
    pub filed_at: DateTime<Utc>,
    pub response_due_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub responsibility: Option<crate::domain::complaint::Responsibility>,
    pub technician_name: Option<String>,
    pub resolution: Option<crate::domain::complaint::Resolution>,
    pub rework_order_id: Option<WorkOrderId>,
    pub rework_order: Option<WorkOrderNumber>,
}

/// One entry of a complaint's timeline.
#[derive(Debug, Clone)]
pub struct ComplaintEventRecord {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub by_customer: bool,
    pub event: Option<crate::domain::complaint::ComplaintEvent>,
    pub to_stage: Option<crate::domain::complaint::ComplaintStage>,
    pub note: String,
    pub public: bool,
    pub escalation: bool,
    /// The customer's filing (the first entry).
    pub filed: bool,
    pub linked_order: Option<WorkOrderNumber>,
    pub linked_technician: Option<String>,
}

/// Who wrote an entry.
#[derive(Debug, Clone, Copy)]
pub enum ComplaintAuthor {
    Staff(StaffId),
    Customer(CustomerId),
}

/// One step, note or message on a complaint: compare-and-set on its `version`. The outcome
/// fields are the complaint's whole new state (the service computes them from the record).
#[derive(Debug, Clone)]
pub struct ComplaintStep {
    pub id: ComplaintId,
    pub seen_version: i64,
    pub at: DateTime<Utc>,
    pub author: ComplaintAuthor,
    pub actor_name: String,
    pub event: Option<crate::domain::complaint::ComplaintEvent>,
    pub from: crate::domain::complaint::ComplaintStage,
    pub to: crate::domain::complaint::ComplaintStage,
    pub note: String,
    pub public: bool,
    /// What a note points at (checked by the service).
    pub linked_order: Option<WorkOrderId>,
    pub linked_technician: Option<TechnicianId>,
    pub severity: crate::domain::complaint::Severity,
    pub first_response_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub responsibility: Option<crate::domain::complaint::Responsibility>,
    pub resolution: Option<crate::domain::complaint::Resolution>,
    pub rework_order: Option<WorkOrderId>,
    /// The customer's message through the outbox.
    pub notify: Option<CustomerMessage>,
    /// The 回访 task the resolution opens.
    pub opens_follow_up: Option<NewFollowUp>,
    /// The 回访 call recorded on the complaint's open task.
    pub follow_up_done: Option<FollowUpDone>,
}

/// A picture the customer sends with their complaint, already checked.
#[derive(Debug, Clone)]
pub struct NewComplaintPhoto {
    pub complaint: ComplaintId,
    pub caption: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    pub staff: Option<StaffId>,
    pub at: DateTime<Utc>,
    pub max: u32,
}

/// The console's audit filter, as the repository applies it. Text patterns are SQL `LIKE`
/// patterns (`%` for anything, `\` escaping a literal `%`, `_` or `\`).
pub struct AuditQuery {
    pub before_seq: i64,
    pub action: String,
    pub entity_key: String,
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// Lines by these members of staff only (matching the "who" the manager typed).
    pub staff: Option<Vec<StaffId>>,
    /// The reader's reach: `None` for headquarters (everything); otherwise lines written by
    /// these members of staff, and their sign-in attempts.
    pub within: Option<Vec<StaffId>>,
}

/// A manager's assessment to store.
pub struct NewAssessment {
    pub staff: StaffId,
    pub period: String,
    pub scores: Vec<(crate::domain::organisation::Criterion, u8)>,
    pub comment: String,
    pub by: StaffId,
    pub at: DateTime<Utc>,
}
