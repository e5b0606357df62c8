//! Storage: one `Repository` interface, two databases.
//!
//! `DATABASE_URL` picks the database: `sqlite:` (embedded, the default) or `postgres:` (for
//! several app instances behind a load balancer). The queries are written once as portable SQL
//! over `Store<DB>`; what differs between the two databases — connection settings, migrations,
//! how a booking transaction locks its outlet, the session table — is in `sqlite.rs` and
//! `postgres.rs`, behind the `Backend` trait.
//!
//! `Repository` is the services' one interface; its methods live in sub-traits declared here,
//! one per aggregate, each implemented for `Store<DB>` in its own file: accounts
//! (`identity.rs`, `Identity`), the catalogue and set-up (`catalogue.rs`, `Catalogue`), cars
//! (`cars.rs`, `Cars`), bookings (`bookings.rs`, `Bookings`), work orders, estimates, the
//! outbox and photos (`work_orders/`), surveys and follow-ups (`feedback.rs`, `Feedback`) and
//! complaints (`complaints.rs`, `Complaints`). `store.rs` keeps `Store`, `Backend`, the shared
//! helpers and `Repository`'s own method. What a refused change answers is named by the
//! outcome enums in `outcomes.rs`.

mod bookings;
mod cars;
mod catalogue;
mod complaints;
mod feedback;
mod history;
mod identity;
mod improvements;
mod kpi_days;
pub use kpi_days::{DayCount, StaleDay};
mod kpis;
pub use history::{Rows, Val};
pub use improvements::{ActionChange, ActionChangeKind, ActionRecord, NewAction};
pub use kpis::{OutcomeRow, TargetChange};
mod organisation;
mod outcomes;
mod postgres;
mod records;
mod scorecards;
pub use scorecards::ScoreFacts;
mod sqlite;
mod store;
mod work_orders;

pub use outcomes::*;
pub use records::*;

use crate::domain::availability::Minute;
use crate::domain::availability::{Occupancy, OutletCapacity};
use crate::domain::booking::{BookingNumber, BookingStatus};
use crate::domain::catalog::{CatalogueEntry, CheckedService, Outlet, ServiceType, SkillSet};
use crate::domain::estimate::EstimateLine;
use crate::domain::identity::{Phone, Username};
use crate::domain::ids::*;
use crate::domain::outlet_settings::{OutletSettings, PolicyNumber};
use crate::domain::phone_proof::CodePurpose;
use crate::domain::standard_work::{StandardPart, StandardWork};
use crate::domain::vehicle::{Car, NewCar};
use crate::domain::work_order::{RepairPolicy, WorkOrderNumber};
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

pub type DbResult<T> = Result<T, DbError>;

/// How the repository fails, in the services' terms: they never see sqlx.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// A row that had to be there is not.
    #[error("row not found")]
    NotFound,
    /// A unique constraint refused the write. `constraint` names it as the database does:
    /// `table.column` (SQLite) or `table_column_key` (PostgreSQL).
    #[error("unique constraint {constraint} refused the write")]
    Conflict { constraint: String },
    /// Anything else: the database is unreachable, a query failed, a stored value is corrupt.
    #[error("database: {0}")]
    Other(#[source] sqlx::Error),
}

impl DbError {
    /// Whether the write clashed with a stored `table.column` value (a drawn number or token
    /// already taken), and with nothing else.
    pub fn is_clash_on(&self, table: &str, column: &str) -> bool {
        match self {
            Self::Conflict { constraint } => {
                *constraint == format!("{table}.{column}")
                    || *constraint == format!("{table}_{column}_key")
            }
            _ => false,
        }
    }
}

impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(e) if e.is_unique_violation() => {
                let constraint = match e.constraint() {
                    Some(name) => name.to_owned(),
                    // SQLite names the columns in its message instead.
                    None => e
                        .message()
                        .strip_prefix("UNIQUE constraint failed: ")
                        .unwrap_or("unknown")
                        .to_owned(),
                };
                Self::Conflict { constraint }
            }
            other => Self::Other(other),
        }
    }
}

/// Accounts as they sign in, the throttle's counts and the codes that prove a phone number
/// (`identity.rs`).
#[async_trait::async_trait]
pub trait Identity: Send + Sync {
    async fn customer_by_phone(&self, phone: &Phone) -> DbResult<Option<CustomerRecord>>;
    async fn customer_by_id(&self, id: CustomerId) -> DbResult<Option<CustomerRecord>>;
    /// `AlreadyExists` when the phone number is already on file.
    async fn create_customer(
        &self,
        new: &NewCustomer,
        audit: &AuditEntry,
    ) -> DbResult<Created<CustomerId>>;
    /// Gives a record made at the desk its portal password. `AlreadyHasAccount` if it already
    /// had one.
    async fn claim_customer(
        &self,
        id: CustomerId,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> DbResult<Claimed>;
    /// Erases a customer's personal fields (PIPL art. 47): their number becomes `placeholder`,
    /// their name a dash, their password and one-time codes go, and messages not yet sent are
    /// dropped. Cars, orders, payments and complaints stay (the records the law keeps).
    async fn erase_customer(
        &self,
        customer: &CustomerRecord,
        placeholder: &Phone,
        audit: &AuditEntry,
    ) -> DbResult<()>;
    /// Gives an account a new password (a reset). `NoPortalAccount` if it has none.
    async fn reset_customer_password(
        &self,
        id: CustomerId,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> DbResult<PasswordReset>;
    async fn staff_by_username(&self, username: &Username) -> DbResult<Option<StaffRecord>>;
    async fn staff_by_id(&self, id: StaffId) -> DbResult<Option<StaffRecord>>;
    /// Records a sign-in attempt for the key, then counts the key's attempts since `since`
    /// (this one included). Returns the attempt's id and that count. Attempts older than
    /// `since` (of any key) are deleted on the way.
    async fn record_sign_in_attempt(
        &self,
        account_key: &str,
        at: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> DbResult<(i64, u32)>;
    /// Removes one recorded attempt (one that was refused without checking the password).
    async fn forget_sign_in_attempt(&self, id: i64) -> DbResult<()>;
    /// The key's recorded failures since `since`, latest first.
    async fn sign_in_failures_since(
        &self,
        account_key: &str,
        since: DateTime<Utc>,
    ) -> DbResult<Vec<DateTime<Utc>>>;
    async fn clear_sign_in_failures(&self, account_key: &str) -> DbResult<()>;

    // --- Proving a phone number ---
    /// Stores a code that was texted (only its hash); answers its id.
    async fn store_phone_code(&self, new: &NewPhoneCode) -> DbResult<i64>;
    /// The code last sent to the number for this purpose, used or not.
    async fn latest_phone_code(
        &self,
        phone: &Phone,
        purpose: CodePurpose,
    ) -> DbResult<Option<PhoneCodeRecord>>;
    /// Counts one wrong entry of the code; answers the wrong entries so far.
    /// Takes one try of the code before it is compared, if it is still unused, unexpired and
    /// under `max` tries: answers the tries taken so far, this one included; `None` when the
    /// code no longer works. (Taken first, so guesses fired at once cannot exceed `max`.)
    async fn take_phone_code_try(
        &self,
        id: i64,
        max: u32,
        now: DateTime<Utc>,
    ) -> DbResult<Option<u32>>;
    /// Forgets a code whose text could not be sent.
    async fn forget_phone_code(&self, id: i64) -> DbResult<()>;
    /// Marks the code used; `AlreadyDone` if it already was (each code works once).
    /// Spends the code if it is still unused and unexpired.
    async fn use_phone_code(&self, id: i64, at: DateTime<Utc>) -> DbResult<Once>;
}

/// Everything the services read and write. Every method that changes state takes the
/// `AuditEntry` describing the change and writes it in the same transaction.
/// By aggregate, each its own sub-trait: accounts (`Identity`), the catalogue and set-up
/// (`Catalogue`), cars (`Cars`), bookings (`Bookings`), the work-order half (`WorkOrders`,
/// `Estimates`, `Notifications` and `Photos`, in `work_orders/`), surveys and follow-ups
/// (`Feedback`), complaints (`Complaints`), what the indicators are computed from (`Kpis`)
/// and improvement actions (`Improvements`).
#[async_trait::async_trait]
pub trait Repository:
    Identity
    + Organisation
    + Catalogue
    + Cars
    + Bookings
    + WorkOrders
    + Estimates
    + Notifications
    + Photos
    + Feedback
    + Complaints
    + Kpis
    + KpiDays
    + Improvements
    + Scorecards
    + History
    + Send
    + Sync
{
    /// Records an audit line on its own (a change that writes nothing else).
    async fn record_audit(&self, audit: &AuditEntry) -> DbResult<()>;
    /// The audit chain's head: the last line's number and hash (`server::audit`).
    async fn audit_head(&self) -> DbResult<(i64, String)>;
    /// Up to `limit` sealed lines numbered `after_seq + 1..=up_to`, in chain order.
    async fn sealed_audit_lines(
        &self,
        after_seq: i64,
        up_to: i64,
        limit: u32,
    ) -> DbResult<Vec<crate::server::audit::SealedLine>>;
    /// Up to `limit` sealed lines before `before_seq`, newest first, matching `query` (the
    /// console's audit page).
    async fn browse_audit(
        &self,
        query: &AuditQuery,
        limit: u32,
    ) -> DbResult<Vec<crate::server::audit::SealedLine>>;
    /// The newest `limit` sealed lines written by `actor` (a customer's data export).
    async fn audit_lines_by(
        &self,
        actor: Actor,
        limit: u32,
    ) -> DbResult<Vec<crate::server::audit::SealedLine>>;
    /// The id of the first line without a seal, if any.
    async fn first_unsealed_audit_line(&self) -> DbResult<Option<i64>>;
    /// Seals the lines written before seals existed (migration 0009), in id order; returns how
    /// many. Run at start, before anything else writes.
    async fn seal_unsealed_audit_lines(&self) -> DbResult<u64>;
}

/// The organisation (`organisation.rs`): regions, staff accounts with their placement, roles
/// and password state, and their certificates.
#[async_trait::async_trait]
pub trait Organisation: Send + Sync {
    /// Every member of staff of the group, active first (the service filters by reach).
    async fn staff_of_group(&self, group: GroupId) -> DbResult<Vec<StaffRecord>>;
    /// `AlreadyExists` when the user name is taken. A technician gets their dispatch row.
    async fn create_staff(&self, new: &NewStaff, audit: &AuditEntry) -> DbResult<Created<StaffId>>;
    /// New placement, name, roles, experience and skills, all at once.
    async fn change_staff(&self, change: &StaffChange, audit: &AuditEntry) -> DbResult<()>;
    /// Deactivates (history keeps the name) or reactivates an account.
    async fn set_staff_active(
        &self,
        person: &StaffRecord,
        active: bool,
        skills: SkillSet,
        audit: &AuditEntry,
    ) -> DbResult<()>;
    /// A new password; `must_change` when a manager set it (one-time).
    async fn set_staff_password(
        &self,
        id: StaffId,
        password_hash: &str,
        must_change: bool,
        audit: &AuditEntry,
    ) -> DbResult<()>;
    /// The outlet a regional or headquarters person works in (checked when read).
    async fn set_working_outlet(&self, id: StaffId, outlet: OutletId) -> DbResult<()>;
    /// The dispatch skills of each technician account of the group.
    async fn technician_skills(&self, group: GroupId) -> DbResult<Vec<(StaffId, SkillSet)>>;
    async fn regions(
        &self,
        group: GroupId,
    ) -> DbResult<Vec<crate::domain::organisation::RegionRow>>;
    /// `AlreadyExists` when the code is taken.
    async fn create_region(
        &self,
        group: GroupId,
        code: &str,
        name: &crate::domain::catalog::Localized,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<Created<RegionId>>;
    async fn set_outlet_region(
        &self,
        outlet: OutletId,
        region: Option<RegionId>,
        audit: &AuditEntry,
    ) -> DbResult<()>;
    /// Every certificate of the group's staff, soonest to expire first.
    async fn certificates(
        &self,
        group: GroupId,
    ) -> DbResult<Vec<(StaffId, crate::domain::organisation::Certificate)>>;
    async fn add_certificate(
        &self,
        staff: StaffId,
        new: &crate::domain::organisation::NewCertificate,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<i64>;
    /// False when the person has no such certificate.
    async fn remove_certificate(
        &self,
        staff: StaffId,
        id: i64,
        audit: &AuditEntry,
    ) -> DbResult<bool>;
    /// Every course the group's staff attended, newest first.
    async fn trainings(
        &self,
        group: GroupId,
    ) -> DbResult<Vec<(StaffId, crate::domain::organisation::Training)>>;
    async fn add_training(
        &self,
        staff: StaffId,
        training: &crate::domain::organisation::Training,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<()>;
    /// Every assessment of the group's staff, newest period first.
    async fn assessments(
        &self,
        group: GroupId,
    ) -> DbResult<Vec<(StaffId, crate::domain::organisation::Assessment)>>;
    /// `AlreadyExists` when the person already has one for the period.
    async fn add_assessment(
        &self,
        new: &NewAssessment,
        audit: &AuditEntry,
    ) -> DbResult<Created<i64>>;
}

/// The catalogue and its set-up (`catalogue.rs`): dealer groups, outlets with their hours, bays
/// and technicians, service types with their standard work; and what the outlet's manager
/// changes on the settings page (policy numbers, hours, bays, closures).
#[async_trait::async_trait]
pub trait Catalogue: Send + Sync {
    // --- Settings ---
    /// The policy numbers, weekday hours, active bays and the closures that end on or after
    /// `from`.
    async fn outlet_settings(&self, outlet: OutletId, from: NaiveDate) -> DbResult<OutletSettings>;
    /// Sets these policy numbers (values as shown: `PolicyNumber::column_scale`).
    async fn save_policy_numbers(
        &self,
        outlet: OutletId,
        values: &[(PolicyNumber, u32)],
        audit: &AuditEntry,
    ) -> DbResult<()>;
    /// Replaces the weekday hours (Monday first; `None`: closed).
    async fn save_opening_hours(
        &self,
        outlet: OutletId,
        hours: &[Option<(Minute, Minute)>; 7],
        audit: &AuditEntry,
    ) -> DbResult<()>;
    /// Makes `count` bays active: re-opens closed bays first, then adds bays named by
    /// `name_of(n)` (n from 1); closing keeps the lowest-numbered bays.
    async fn save_bay_count(
        &self,
        outlet: OutletId,
        count: u32,
        name_of: &(dyn Fn(u32) -> String + Send + Sync),
        audit: &AuditEntry,
    ) -> DbResult<()>;
    /// Adds the closure and, in the same transaction (bookings at the outlet wait for it),
    /// queues `notice(booking)` for every booking still booked on those days. Returns the
    /// bookings told.
    async fn add_closure(
        &self,
        new: &NewClosure,
        notice: &(dyn for<'b> Fn(&'b BookedAt) -> CustomerMessage + Send + Sync),
        audit: &AuditEntry,
    ) -> DbResult<Vec<BookedAt>>;
    /// `false` when the outlet has no such closure.
    async fn remove_closure(&self, outlet: OutletId, id: i64, audit: &AuditEntry)
        -> DbResult<bool>;
    /// The outlet's bookings still booked on days `from..=to`, in time order.
    async fn booked_between(
        &self,
        outlet: OutletId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> DbResult<Vec<BookedAt>>;

    // --- Set-up ---
    async fn create_group(&self, name: &str, audit: &AuditEntry) -> DbResult<GroupId>;
    async fn create_outlet(&self, new: &NewOutlet, audit: &AuditEntry) -> DbResult<OutletId>;
    async fn create_service_type(
        &self,
        new: &NewServiceType,
        audit: &AuditEntry,
    ) -> DbResult<ServiceTypeId>;

    // --- Catalogue ---
    async fn outlets(&self) -> DbResult<Vec<Outlet>>;
    async fn outlet(&self, id: OutletId) -> DbResult<Option<Outlet>>;
    async fn outlet_capacity(&self, id: OutletId) -> DbResult<OutletCapacity>;
    /// Every service of every group, retired ones too (past bookings name them).
    async fn service_types(&self) -> DbResult<Vec<ServiceType>>;
    /// What the outlet offers now: its active services, in catalogue order.
    async fn offered_services(&self, outlet: OutletId) -> DbResult<Vec<ServiceType>>;
    /// The services' standard work (hours and usual parts), in their order.
    async fn standard_work(&self, services: &[ServiceType]) -> DbResult<Vec<StandardWork>>;

    // --- The catalogue as headquarters keeps it ---
    /// The group's services, retired ones too, with their parts and the outlets offering them.
    async fn catalogue(&self, group: GroupId) -> DbResult<Vec<CatalogueEntry>>;
    /// Adds (`id` none: offered at every outlet of the group) or changes a service of the
    /// group. `AlreadyExists` when another service of the group has the code; `NotFound` when
    /// the group has no service `id`.
    async fn save_service(
        &self,
        group: GroupId,
        id: Option<ServiceTypeId>,
        service: &CheckedService,
        audit: &AuditEntry,
    ) -> DbResult<Created<ServiceTypeId>>;
    /// Retires or restores a service of the group; `false` when the group has no such service.
    async fn set_service_active(
        &self,
        group: GroupId,
        id: ServiceTypeId,
        active: bool,
        audit: &AuditEntry,
    ) -> DbResult<bool>;
    /// Appends a standard part to the service (checked to be the caller's group's already).
    async fn add_service_part(
        &self,
        id: ServiceTypeId,
        part: &StandardPart,
        audit: &AuditEntry,
    ) -> DbResult<()>;
    /// Removes the service's `index`-th part in listing order if it is still `expected` (same
    /// code and name); `false` when it is not (changed meanwhile) or there is none.
    async fn remove_service_part(
        &self,
        id: ServiceTypeId,
        index: u32,
        expected: &StandardPart,
        audit: &AuditEntry,
    ) -> DbResult<bool>;
    /// The outlet starts or stops offering the service; `false` when nothing changed.
    async fn set_offered(
        &self,
        outlet: OutletId,
        id: ServiceTypeId,
        offered: bool,
        audit: &AuditEntry,
    ) -> DbResult<bool>;
}

/// What the indicators are computed from (`kpis.rs`).
#[async_trait::async_trait]
pub trait Kpis: Send + Sync {
    /// What was recorded in `period` at the outlets: `from..until` are its first and last
    /// days' bounds in the outlets' calendar; nothing due after `now` counts as missed.
    async fn kpi_facts(
        &self,
        outlets: &[OutletId],
        period: crate::domain::kpi::Period,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> DbResult<crate::domain::kpi::Facts>;
    /// The records a figure is computed from, newest first (at most `limit`, all of them on or
    /// after `rows_from` when given: a day and its first instant), and how many there are in all.
    #[allow(clippy::too_many_arguments)]
    async fn drill_facts(
        &self,
        kpi: crate::domain::kpi::Kpi,
        outlets: &[OutletId],
        period: crate::domain::kpi::Period,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
        limit: Option<u32>,
        rows_from: Option<(NaiveDate, DateTime<Utc>)>,
    ) -> DbResult<(Vec<crate::domain::kpi::DrillFact>, i64)>;
    /// Delivered orders with no stored outcome yet (delivered before outcomes were kept).
    async fn delivered_without_outcome(&self, limit: u32) -> DbResult<Vec<WorkOrderId>>;
    /// Stored outcomes by order id, from after `after` on.
    async fn stored_outcomes(
        &self,
        after: WorkOrderId,
        limit: u32,
    ) -> DbResult<Vec<(WorkOrderId, crate::domain::kpi::OrderOutcome)>>;
    async fn save_outcome(&self, row: &OutcomeRow) -> DbResult<()>;
    /// The group's own targets (outlet `None`) and those of the outlets: (outlet, indicator's
    /// code, tenths).
    async fn kpi_targets(
        &self,
        group: GroupId,
        outlets: &[OutletId],
    ) -> DbResult<Vec<(Option<OutletId>, String, i64)>>;
    /// Sets (`Some`) or clears (`None`) targets of the group (outlet `None`) or an outlet, with
    /// the audit line, in one transaction.
    async fn save_kpi_targets(&self, change: &TargetChange, audit: &AuditEntry) -> DbResult<()>;
    /// How many orders were opened at the outlets in `period` (cancelled ones left out), and
    /// their most frequent findings and agreed services (labour lines) by car model and
    /// mileage band at check-in, at most `limit` of each, most frequent first (from the stored
    /// days).
    async fn fault_rows(
        &self,
        outlets: &[OutletId],
        period: crate::domain::kpi::Period,
        limit: u32,
    ) -> DbResult<(
        i64,
        Vec<crate::domain::fault::FaultRow>,
        Vec<crate::domain::fault::FaultRow>,
    )>;
}

/// The indicators' daily figures (`kpi_days.rs`): per outlet and day, the counts that add up
/// over days, recounted from the records once a change has marked the day stale.
#[async_trait::async_trait]
pub trait KpiDays: Send + Sync {
    /// Counts an outlet's day from the records (`from..until` are its bounds): the rule the
    /// stored days follow.
    async fn count_day(
        &self,
        outlet: OutletId,
        day: NaiveDate,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> DbResult<DayCount>;
    /// The stored counts of the outlets' days `first..=last`, added up.
    async fn summed_days(
        &self,
        outlets: &[OutletId],
        first: NaiveDate,
        last: NaiveDate,
    ) -> DbResult<crate::domain::kpi::Facts>;
    /// One outlet's stored day, if it was ever counted.
    async fn stored_day(&self, outlet: OutletId, day: NaiveDate) -> DbResult<Option<DayCount>>;
    /// Days marked in `first..=last` at the outlets (all when `None`), oldest first, with at
    /// most `limit` marks in all.
    async fn stale_days(
        &self,
        outlets: Option<&[OutletId]>,
        first: NaiveDate,
        last: NaiveDate,
        limit: u32,
    ) -> DbResult<Vec<StaleDay>>;
    /// Stores a day's recount and deletes the marks read before it, unless another instance
    /// deleted them all first (it stored a recount at least as late): whether it was stored.
    async fn save_day(&self, stale: &StaleDay, count: &DayCount) -> DbResult<bool>;
    /// Marks the outlets' days `first..=last` (after a bulk load; the first count).
    async fn mark_days(
        &self,
        outlets: &[OutletId],
        first: NaiveDate,
        last: NaiveDate,
    ) -> DbResult<()>;
    /// Whether any day was ever counted or marked.
    async fn days_started(&self) -> DbResult<bool>;
    /// Per day of `first..=last` with any, newest first: at least how many records the figure's
    /// drill-down lists on that day, from the stored days (`None`: not kept per day).
    async fn listed_per_day(
        &self,
        kpi: crate::domain::kpi::Kpi,
        outlets: &[OutletId],
        first: NaiveDate,
        last: NaiveDate,
    ) -> DbResult<Option<Vec<(NaiveDate, i64)>>>;
    /// The first and last days anything was recorded on (orders' UTC days, bookings' days).
    async fn recorded_days(&self) -> DbResult<Option<(NaiveDate, NaiveDate)>>;
}

/// Scorecards and service points (`scorecards.rs`).
#[async_trait::async_trait]
pub trait Scorecards: Send + Sync {
    /// Per person, what the quarter gave at the outlets: `period` for the orders handed back
    /// and the assessments, `from..until` (its bounds) for ratings, comebacks and complaints.
    async fn score_facts(
        &self,
        outlets: &[OutletId],
        period: crate::domain::kpi::Period,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> DbResult<ScoreFacts>;
    /// Headquarters' weights: (measure, weight) for those set.
    async fn point_weights(&self, group: GroupId) -> DbResult<Vec<(String, i64)>>;
    async fn save_point_weights(
        &self,
        group: GroupId,
        weights: &[(String, i64)],
        by: StaffId,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<()>;
}

/// Improvement actions (`improvements.rs`).
#[async_trait::async_trait]
pub trait Improvements: Send + Sync {
    async fn open_action(&self, new: &NewAction, audit: &AuditEntry) -> DbResult<i64>;
    /// The outlets' actions, open ones first by due day.
    async fn actions(&self, outlets: &[OutletId]) -> DbResult<Vec<ActionRecord>>;
    async fn action_by_id(&self, id: i64) -> DbResult<Option<ActionRecord>>;
    /// `ChangedMeanwhile` when the action is no longer at the version and stage seen.
    async fn action_step(&self, step: &ActionChange, audit: &AuditEntry) -> DbResult<Stepped>;
}

/// Bulk writes for the history generator (`history.rs`).
#[async_trait::async_trait]
pub trait History: Send + Sync {
    async fn max_id(&self, table: &'static str) -> DbResult<i64>;
    /// Every table's rows, in order, in one transaction.
    async fn insert_rows(&self, batch: &[Rows]) -> DbResult<()>;
    /// Once the rows are in: ids handed out later follow the largest written.
    async fn after_bulk(&self, tables: &[&'static str]) -> DbResult<()>;
    /// Brings the query planner's statistics up to date after a bulk load.
    async fn refresh_statistics(&self) -> DbResult<()>;
}

/// Customers' cars (`cars.rs`).
#[async_trait::async_trait]
pub trait Cars: Send + Sync {
    async fn cars_of(&self, customer: CustomerId) -> DbResult<Vec<Car>>;
    /// `AlreadyExists` when the customer already has a car with that plate.
    async fn add_car(
        &self,
        customer: CustomerId,
        car: &NewCar,
        audit: &AuditEntry,
    ) -> DbResult<Created<CarId>>;
}

/// Bookings (`bookings.rs`): the outlet's occupancy, and every change that takes capacity,
/// checked and written atomically so that nothing is ever overbooked.
#[async_trait::async_trait]
pub trait Bookings: Send + Sync {
    /// Bookings holding capacity at the outlet on days `from..=to`, optionally leaving one out.
    async fn occupancy(
        &self,
        outlet: OutletId,
        from: NaiveDate,
        to: NaiveDate,
        except: Option<BookingId>,
    ) -> DbResult<Vec<Occupancy>>;
    /// Books the window if the outlet still has capacity, atomically: no overbooking, ever.
    async fn book(
        &self,
        new: &NewBooking,
        capacity: &OutletCapacity,
        audit: &AuditEntry,
    ) -> DbResult<SlotOutcome<BookingId>>;
    /// Moves a booking to another window under the same guarantee.
    async fn reschedule(
        &self,
        id: BookingId,
        slot: &Slot,
        capacity: &OutletCapacity,
        fair_use: Option<&FairUse>,
        audit: &AuditEntry,
    ) -> DbResult<SlotOutcome<()>>;
    /// Moves a booking from a status that holds no capacity (a no-show) to one that does (a
    /// late arrival), under the same guarantee as `book`: refused if its window is now full.
    async fn reclaim_capacity(
        &self,
        id: BookingId,
        from: BookingStatus,
        to: BookingStatus,
        capacity: &OutletCapacity,
        audit: &AuditEntry,
    ) -> DbResult<SlotOutcome<()>>;
    /// Compare-and-set of the status: `ChangedMeanwhile` when it was no longer `from` (someone
    /// was faster).
    async fn set_booking_status(
        &self,
        id: BookingId,
        from: BookingStatus,
        to: BookingStatus,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<Stepped>;
    async fn booking_by_number(&self, number: &BookingNumber) -> DbResult<Option<BookingRecord>>;
    async fn bookings_of_customer(&self, customer: CustomerId) -> DbResult<Vec<BookingRecord>>;
    async fn bookings_on_day(
        &self,
        outlet: OutletId,
        day: NaiveDate,
    ) -> DbResult<Vec<BookingRecord>>;
}

/// Work orders (`work_orders/orders.rs`): check-in, the orders, their transitions, notes and
/// events, the technicians' loads, the outlet's repair policy and the system's delay notices.
/// Every change is compare-and-set on the order's `version` (or status) and writes its event
/// and audit line in the same transaction; `Stepped::ChangedMeanwhile` means someone else
/// changed the order first.
#[async_trait::async_trait]
pub trait WorkOrders: Send + Sync {
    async fn repair_policy(&self, outlet: OutletId) -> DbResult<RepairPolicy>;
    /// `AlreadyExists` when the booking already has a work order.
    async fn open_work_order(
        &self,
        new: &NewWorkOrder,
        audit: &AuditEntry,
    ) -> DbResult<Created<WorkOrderId>>;
    async fn work_order_by_number(
        &self,
        number: &WorkOrderNumber,
    ) -> DbResult<Option<WorkOrderRecord>>;
    async fn work_order_by_token(&self, token: &str) -> DbResult<Option<WorkOrderRecord>>;
    async fn work_order_by_id(&self, id: WorkOrderId) -> DbResult<Option<WorkOrderRecord>>;
    async fn work_orders(&self, filter: OrderFilter) -> DbResult<Vec<WorkOrderRecord>>;
    /// Oldest first.
    async fn work_order_events(&self, id: WorkOrderId) -> DbResult<Vec<EventRecord>>;
    /// Each order's events, oldest first, in the order of `ids`: one query for a whole board.
    async fn events_of_orders(&self, ids: &[WorkOrderId]) -> DbResult<Vec<Vec<EventRecord>>>;
    async fn transition(&self, t: &Transition, audit: &AuditEntry) -> DbResult<Stepped>;
    async fn add_note(&self, note: &NewNote, audit: &AuditEntry) -> DbResult<()>;
    async fn technicians(&self, outlet: OutletId) -> DbResult<Vec<TechnicianRecord>>;
    async fn overdue_without_notice(&self, now: DateTime<Utc>) -> DbResult<Vec<WorkOrderRecord>>;
    /// `NotNeeded` when the order's delay notice already exists (or it is no longer late).
    async fn record_delay(&self, delay: &DelayNotice, audit: &AuditEntry) -> DbResult<Raised>;
}

/// A work order's estimate (`work_orders/estimates.rs`): its lines and the customer's
/// approvals. Changes are compare-and-set like `WorkOrders`' (`ChangedMeanwhile`: the order
/// moved on first).
#[async_trait::async_trait]
pub trait Estimates: Send + Sync {
    async fn work_order_lines(&self, id: WorkOrderId) -> DbResult<Vec<EstimateLine>>;
    /// Every estimate line of the car's orders, with its order (one read for a car's file).
    async fn lines_of_car(&self, car: CarId) -> DbResult<Vec<(WorkOrderId, EstimateLine)>>;
    async fn approvals_of(&self, id: WorkOrderId) -> DbResult<Vec<ApprovalRow>>;
    async fn add_line(&self, line: &LineToAdd, audit: &AuditEntry) -> DbResult<LineAdded>;
    async fn decide(&self, decision: &Decision, audit: &AuditEntry) -> DbResult<Stepped>;
}

/// The notifications outbox (`work_orders/notifications.rs`): the rows as listed, and the
/// sender's claims and delivery records.
#[async_trait::async_trait]
pub trait Notifications: Send + Sync {
    async fn notifications(&self, filter: OutboxFilter) -> DbResult<Vec<NotificationRecord>>;
    /// Claims up to `limit` messages due for delivery until `lease_until` (one instance each).
    async fn claim_notifications(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        max_attempts: u32,
        limit: u32,
    ) -> DbResult<Vec<NotificationRecord>>;
    /// Records a delivery attempt; `ClaimRanOut` when the claim (`lease`) no longer holds.
    async fn mark_notification(
        &self,
        id: i64,
        lease: DateTime<Utc>,
        outcome: &Delivery,
    ) -> DbResult<Marked>;
}

/// A work order's photos (`work_orders/photos.rs`).
#[async_trait::async_trait]
pub trait Photos: Send + Sync {
    /// `Full` when the order already keeps `max_per_order` photos.
    async fn add_photo(&self, photo: &NewPhoto, audit: &AuditEntry) -> DbResult<Added<PhotoId>>;
    async fn photos_of(&self, order: WorkOrderId) -> DbResult<Vec<PhotoRecord>>;
    /// The picture's content type and bytes, if it belongs to that order.
    async fn photo_bytes(
        &self,
        order: WorkOrderId,
        photo: PhotoId,
    ) -> DbResult<Option<(String, Vec<u8>)>>;
}

/// Surveys and follow-up visits (`feedback.rs`).
#[async_trait::async_trait]
pub trait Feedback: Send + Sync {
    async fn survey_by_token(&self, token: &str) -> DbResult<Option<SurveyRecord>>;
    async fn survey_of(&self, order: WorkOrderId) -> DbResult<Option<SurveyRecord>>;
    /// Records the answer once (`AlreadyDone` when answered already), with the follow-up task
    /// it opens and the marks of the days it counts on (sent, answered), in one transaction.
    async fn answer_survey(
        &self,
        survey: i64,
        answer: &crate::domain::survey::SurveyAnswer,
        at: DateTime<Utc>,
        follow_up: Option<&NewFollowUp>,
        counted_on: &[(OutletId, NaiveDate)],
        audit: &AuditEntry,
    ) -> DbResult<Once>;
    /// The outlets' open tasks and those done since `done_since`, open ones first by due time.
    async fn follow_ups(
        &self,
        outlets: &[OutletId],
        done_since: DateTime<Utc>,
    ) -> DbResult<Vec<FollowUpRecord>>;
    async fn follow_up_by_id(&self, id: FollowUpId) -> DbResult<Option<FollowUpRecord>>;
    /// `AlreadyDone` when the task was done already.
    async fn record_follow_up(&self, done: &FollowUpDone, audit: &AuditEntry) -> DbResult<Once>;
    /// `AlreadyDone` when the order already has a task from this source.
    async fn add_follow_up(&self, new: &NewFollowUp, audit: &AuditEntry) -> DbResult<Once>;
    /// Orders delivered since `since` that have no routine follow-up yet.
    async fn delivered_without_routine_call(
        &self,
        since: DateTime<Utc>,
    ) -> DbResult<Vec<DeliveredOrder>>;
}

/// Complaints (`complaints.rs`): filed by customers, moved through their stages by staff.
#[async_trait::async_trait]
pub trait Complaints: Send + Sync {
    /// Files it with its first timeline entry and the customer's confirmation. A number clash
    /// is a unique violation (the service retries with a fresh number).
    async fn file_complaint(
        &self,
        new: &NewComplaint,
        audit: &AuditEntry,
    ) -> DbResult<Filed<ComplaintId>>;
    async fn complaint_by_number(
        &self,
        number: &crate::domain::complaint::ComplaintNumber,
    ) -> DbResult<Option<ComplaintRecord>>;
    async fn complaint_by_token(&self, token: &str) -> DbResult<Option<ComplaintRecord>>;
    /// The outlet's queue: open complaints by their stage's deadline (closed ones only when the
    /// filter asks for that stage).
    async fn complaints_at(
        &self,
        outlets: &[OutletId],
        filter: &crate::domain::complaint::ComplaintFilter,
    ) -> DbResult<Vec<ComplaintRecord>>;
    async fn complaints_of_customer(&self, customer: CustomerId) -> DbResult<Vec<ComplaintRecord>>;
    /// Oldest first.
    async fn complaint_events(&self, id: ComplaintId) -> DbResult<Vec<ComplaintEventRecord>>;
    /// `ChangedMeanwhile` when someone else moved the complaint first.
    async fn complaint_step(&self, step: &ComplaintStep, audit: &AuditEntry) -> DbResult<Stepped>;
    /// Moves the version on, nothing else: holds the complaint for a step that first does
    /// something outside its transaction (the free rework's check-in). `ChangedMeanwhile` when
    /// someone else moved it first.
    async fn claim_complaint(&self, id: ComplaintId, seen_version: i64) -> DbResult<Stepped>;
    /// Complaints still waiting for their first response after its deadline, not yet escalated.
    async fn unanswered_complaints(&self, now: DateTime<Utc>) -> DbResult<Vec<ComplaintRecord>>;
    /// Marks it escalated to the outlet manager, with its timeline entry (once). `NotNeeded`
    /// when it already was, or has had its first response meanwhile.
    async fn escalate_complaint(
        &self,
        id: ComplaintId,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<Raised>;
    /// `Full` when the complaint already keeps `max` photos from this side (the customer's
    /// and the staff's evidence are counted apart).
    async fn add_complaint_photo(
        &self,
        photo: &NewComplaintPhoto,
        audit: &AuditEntry,
    ) -> DbResult<Added<PhotoId>>;
    /// The complaint's pictures: (id, caption, when, added by staff as evidence).
    async fn complaint_photos(
        &self,
        id: ComplaintId,
    ) -> DbResult<Vec<(PhotoId, String, DateTime<Utc>, bool)>>;
    /// A picture's content type and bytes; `customers_only` leaves out staff evidence.
    async fn complaint_photo_bytes(
        &self,
        id: ComplaintId,
        photo: PhotoId,
        customers_only: bool,
    ) -> DbResult<Option<(String, Vec<u8>)>>;
}

/// Which database a `DATABASE_URL` names.
enum Kind {
    Sqlite,
    Postgres,
}

fn kind_of(url: &str) -> anyhow::Result<Kind> {
    if url.starts_with("sqlite:") {
        Ok(Kind::Sqlite)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Kind::Postgres)
    } else {
        anyhow::bail!("unsupported database URL scheme (use sqlite: or postgres:)")
    }
}

pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Database> {
    match kind_of(url)? {
        Kind::Sqlite => sqlite::connect(url, max_connections).await,
        Kind::Postgres => postgres::connect(url, max_connections).await,
    }
}

/// The repository over the database at `url` exactly as it is: no migrations run and, on
/// SQLite, no file created (`aftersales audit verify` must not change what it checks).
pub async fn open_as_is(url: &str) -> anyhow::Result<Arc<dyn Repository>> {
    match kind_of(url)? {
        Kind::Sqlite => sqlite::open_as_is(url).await,
        Kind::Postgres => postgres::open_as_is(url).await,
    }
}

/// Writes a consistent copy of the running database to the new file `to` (SQLite). For
/// PostgreSQL, the database's own tools do it (`pg_dump`; the README's "Backup and restore").
pub async fn backup(url: &str, to: &std::path::Path) -> anyhow::Result<()> {
    match kind_of(url)? {
        Kind::Sqlite => sqlite::backup(url, to).await,
        Kind::Postgres => anyhow::bail!(
            "on PostgreSQL, back up with pg_dump --format=custom and restore with pg_restore (README: Backup and restore)"
        ),
    }
}

/// Restores a backup made by `backup` as the new database at `url` and opens it (migrated to
/// this version). It never overwrites an existing database.
pub async fn restore(from: &std::path::Path, url: &str) -> anyhow::Result<Database> {
    match kind_of(url)? {
        Kind::Sqlite => sqlite::restore(from, url).await,
        Kind::Postgres => anyhow::bail!(
            "on PostgreSQL, restore with pg_restore into a new database (README: Backup and restore)"
        ),
    }
}

/// An open database: the repository and the tower-sessions store over the same pool.
#[derive(Clone)]
pub struct Database {
    pub repo: Arc<dyn Repository>,
    pub sessions: SessionStore,
    /// PostgreSQL's pool, for what crosses instances outside the repository (`server::live`
    /// listens and notifies on it); `None` on SQLite (one instance).
    pub postgres: Option<sqlx::PgPool>,
}

/// The session store for the chosen database (tower-sessions-sqlx-store), so sessions live in
/// the shared database and any app instance can serve any request.
#[derive(Debug, Clone)]
pub enum SessionStore {
    Sqlite(tower_sessions_sqlx_store::SqliteStore),
    Postgres(tower_sessions_sqlx_store::PostgresStore),
}

#[async_trait::async_trait]
impl tower_sessions::SessionStore for SessionStore {
    async fn create(
        &self,
        record: &mut tower_sessions::session::Record,
    ) -> tower_sessions::session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.create(record).await,
            Self::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(
        &self,
        record: &tower_sessions::session::Record,
    ) -> tower_sessions::session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.save(record).await,
            Self::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(
        &self,
        id: &tower_sessions::session::Id,
    ) -> tower_sessions::session_store::Result<Option<tower_sessions::session::Record>> {
        match self {
            Self::Sqlite(s) => s.load(id).await,
            Self::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(
        &self,
        id: &tower_sessions::session::Id,
    ) -> tower_sessions::session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.delete(id).await,
            Self::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait::async_trait]
impl tower_sessions::ExpiredDeletion for SessionStore {
    async fn delete_expired(&self) -> tower_sessions::session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.delete_expired().await,
            Self::Postgres(s) => s.delete_expired().await,
        }
    }
}
