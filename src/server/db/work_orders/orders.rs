//! Orders, their steps and their events: opening an order at check-in, reading orders, the
//! transitions (compare-and-set on `version`), notes, the technicians' loads, the outlet's
//! repair policy, and the system's delay notices.

use super::estimates::insert_line;
use super::notifications::{insert_notification, About};
use crate::domain::catalog::SkillSet;
use crate::domain::complaint::ComplaintPolicy;
use crate::domain::estimate::{Approval, Money};
use crate::domain::follow_up::ClosingPolicy;
use crate::domain::sla::SlaPolicy;
use crate::domain::vehicle::Plate;
use crate::domain::warranty::{Warranty, WarrantyCover};
use crate::domain::work_order::*;
use crate::server::db::store::{corrupt, to_i32, Backend, Store};
use crate::server::db::*;
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

#[derive(FromRow)]
pub(in crate::server::db) struct OrderRow {
    pub(in crate::server::db) id: i64,
    number: String,
    outlet_id: i64,
    customer_id: i64,
    car_id: i64,
    booking_number: Option<String>,
    rework_number: Option<String>,
    status: String,
    version: i32,
    urgent: bool,
    skills: String,
    customer_type: String,
    repair_category: String,
    odometer_in_km: i32,
    fuel_percent: i32,
    customer_words: String,
    expectations: String,
    walk_around: String,
    promised_at: DateTime<Utc>,
    old_parts: String,
    technician_id: Option<i64>,
    technician_name: Option<String>,
    technician_staff_id: Option<i64>,
    certificate_number: Option<String>,
    odometer_out_km: Option<i32>,
    warranty_days: Option<i32>,
    warranty_km: Option<i32>,
    warranty_until: Option<NaiveDate>,
    warranty_until_km: Option<i32>,
    tracking_token: String,
    created_at: DateTime<Utc>,
    customer_name: String,
    customer_phone: String,
    plate: String,
    car_model: String,
    vin: Option<String>,
    free_of_charge: bool,
}

pub(in crate::server::db) const ORDER_SELECT: &str = "SELECT w.id, w.number, w.outlet_id, w.customer_id, w.car_id, \
    b.number AS booking_number, r.number AS rework_number, w.status, w.version, w.urgent, w.skills, \
    w.customer_type, w.repair_category, w.odometer_in_km, w.fuel_percent, w.customer_words, \
    w.expectations, w.walk_around, w.promised_at, w.old_parts, w.technician_id, \
    t.name AS technician_name, t.staff_id AS technician_staff_id, w.certificate_number, \
    w.odometer_out_km, w.warranty_days, w.warranty_km, w.warranty_until, w.warranty_until_km, \
    w.tracking_token, w.created_at, c.name AS customer_name, c.phone AS customer_phone, \
    car.plate, car.model AS car_model, car.vin, w.free_of_charge \
    FROM work_orders w \
    JOIN customers c ON c.id = w.customer_id \
    JOIN cars car ON car.id = w.car_id \
    LEFT JOIN bookings b ON b.id = w.booking_id \
    LEFT JOIN work_orders r ON r.id = w.rework_of \
    LEFT JOIN technicians t ON t.id = w.technician_id";

impl TryFrom<OrderRow> for WorkOrderRecord {
    type Error = DbError;
    fn try_from(r: OrderRow) -> Result<Self, Self::Error> {
        let warranty = match (
            r.warranty_days,
            r.warranty_km,
            r.warranty_until,
            r.warranty_until_km,
        ) {
            (Some(days), Some(km), Some(until_date), Some(until_km)) => Some(WarrantyCover {
                warranty: Warranty {
                    days: days as u32,
                    km: km as u32,
                },
                until_date,
                until_km: until_km as u32,
            }),
            _ => None,
        };
        Ok(WorkOrderRecord {
            id: WorkOrderId(r.id),
            number: WorkOrderNumber::parse(&r.number)
                .map_err(|_| corrupt("stored order number"))?,
            outlet_id: OutletId(r.outlet_id),
            customer_id: CustomerId(r.customer_id),
            car_id: CarId(r.car_id),
            booking_number: r
                .booking_number
                .as_deref()
                .map(BookingNumber::parse)
                .transpose()
                .map_err(|_| corrupt("stored booking number"))?,
            rework_of: r
                .rework_number
                .as_deref()
                .map(WorkOrderNumber::parse)
                .transpose()
                .map_err(|_| corrupt("stored order number"))?,
            status: r.status.parse().map_err(corrupt)?,
            version: r.version,
            urgent: r.urgent,
            skills: SkillSet::from_db(&r.skills).map_err(corrupt)?,
            customer_type: r.customer_type.parse().map_err(corrupt)?,
            repair_category: r.repair_category.parse().map_err(corrupt)?,
            odometer_in_km: r.odometer_in_km as u32,
            fuel_percent: r.fuel_percent.clamp(0, 100) as u8,
            customer_words: r.customer_words,
            expectations: r.expectations,
            walk_around: r.walk_around,
            promised_at: r.promised_at,
            old_parts: r.old_parts.parse().map_err(corrupt)?,
            technician_id: r.technician_id.map(TechnicianId),
            technician_name: r.technician_name,
            technician_staff_id: r.technician_staff_id.map(StaffId),
            certificate_number: r.certificate_number,
            odometer_out_km: r.odometer_out_km.map(|km| km as u32),
            warranty,
            tracking_token: r.tracking_token,
            created_at: r.created_at,
            customer_name: r.customer_name,
            customer_phone: Phone::stored(&r.customer_phone)
                .map_err(|_| corrupt("stored phone"))?,
            plate: Plate::parse(&r.plate).map_err(|_| corrupt("stored plate"))?,
            car_model: r.car_model,
            vin: r.vin,
            free_of_charge: r.free_of_charge,
        })
    }
}

#[derive(FromRow)]
struct EventRow {
    work_order_id: i64,
    at: DateTime<Utc>,
    actor_kind: String,
    actor_name: String,
    event: Option<String>,
    from_status: Option<String>,
    to_status: String,
    note: String,
    public: bool,
}

/// The statuses a domain rule picks, as an SQL list (`'a', 'b'`).
fn statuses_where(rule: fn(WorkOrderStatus) -> bool) -> String {
    WorkOrderStatus::ALL
        .into_iter()
        .filter(|s| rule(*s))
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The statuses in which the work is done (no longer late).
fn done_statuses() -> String {
    statuses_where(WorkOrderStatus::work_done)
}

/// The statuses in which a technician is busy with the job.
fn occupying_statuses() -> String {
    statuses_where(WorkOrderStatus::occupies_technician)
}

#[async_trait::async_trait]
impl<DB> WorkOrders for Store<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> &'r str: ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<bool>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn repair_policy(&self, outlet: OutletId) -> DbResult<RepairPolicy> {
        type PolicyRow = (
            i32,
            i32,
            i32,
            i32,
            i32,
            i32,
            i32,
            i32,
            i32,
            i32,
            i32,
            i32,
            i32,
        );
        let row: PolicyRow = sqlx::query_as(
            "SELECT first_update_hours, processing_hours, urgent_first_update_hours, \
             urgent_processing_hours, at_risk_percent, warranty_promise_days, warranty_promise_km, \
             labour_rate_fen, survey_valid_days, follow_up_hours, routine_follow_up_days, \
             complaint_response_hours, tracking_link_days FROM outlets WHERE id = $1",
        )
        .bind(outlet.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(RepairPolicy {
            sla: SlaPolicy {
                first_update_hours: row.0 as u32,
                processing_hours: row.1 as u32,
                urgent_first_update_hours: row.2 as u32,
                urgent_processing_hours: row.3 as u32,
                at_risk_percent: row.4 as u32,
            },
            warranty_promise: Warranty {
                days: row.5 as u32,
                km: row.6 as u32,
            },
            labour_rate: Money(i64::from(row.7)),
            tracking_link_days: row.12 as u32,
            closing: ClosingPolicy {
                survey_valid_days: row.8 as u32,
                follow_up_hours: row.9 as u32,
                routine_follow_up_days: row.10 as u32,
            },
            // Handling a complaint takes the outlet's processing time (48 h by default).
            complaints: ComplaintPolicy {
                response_hours: row.11 as u32,
                handling_hours: row.1 as u32,
            },
        })
    }

    async fn open_work_order(
        &self,
        new: &NewWorkOrder,
        audit: &AuditEntry,
    ) -> DbResult<Created<WorkOrderId>> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let c = &new.check_in;
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO work_orders (number, outlet_id, customer_id, car_id, booking_id, status, version, \
             urgent, skills, customer_type, repair_category, odometer_in_km, fuel_percent, customer_words, \
             expectations, walk_around, promised_at, old_parts, tracking_token, opened_by_staff_id, \
             created_at, updated_at, rework_of, free_of_charge) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22) \
             ON CONFLICT (booking_id) DO NOTHING RETURNING id",
        )
        .bind(new.number.as_str())
        .bind(new.outlet_id.0)
        .bind(new.customer_id.0)
        .bind(new.car_id.0)
        .bind(new.booking_id.map(|b| b.0))
        .bind(WorkOrderStatus::CheckedIn.as_str())
        .bind(new.urgent)
        .bind(new.skills.to_db())
        .bind(c.customer_type.as_str())
        .bind(c.repair_category.as_str())
        .bind(to_i32(c.odometer_km))
        .bind(i32::from(c.fuel_percent))
        .bind(c.customer_words.as_str())
        .bind(c.expectations.as_str())
        .bind(c.walk_around.as_str())
        .bind(new.promised_at)
        .bind(c.old_parts.as_str())
        .bind(new.tracking_token.as_str())
        .bind(new.opened_by.0)
        .bind(new.at)
        .bind(new.rework_of.map(|r| r.0))
        .bind(new.free_of_charge)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id,)) = id else {
            return Ok(Created::AlreadyExists);
        };
        // The car's recorded mileage follows the odometer read at the desk.
        sqlx::query("UPDATE cars SET mileage_km = $1 WHERE id = $2 AND mileage_km < $1")
            .bind(to_i32(c.odometer_km))
            .bind(new.car_id.0)
            .execute(&mut *tx)
            .await?;
        insert_event::<DB>(
            &mut tx,
            id,
            new.at,
            Actor::Staff(new.opened_by),
            &new.actor_name,
            None,
            None,
            WorkOrderStatus::CheckedIn,
            "",
            true,
        )
        .await?;
        // The initial estimate, agreed with the consent the advisor records.
        let consent = match &new.consent {
            None => None,
            Some(c) => {
                let (approval_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO approvals (work_order_id, customer_id, at, method, signer_name, signature_png, \
                     recorded_by_staff_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(id)
                .bind(new.customer_id.0)
                .bind(new.at)
                .bind(c.method.as_str())
                .bind(c.signer_name.as_str())
                .bind(c.signature_png.as_str())
                .bind(new.opened_by.0)
                .bind(c.note.as_str())
                .fetch_one(&mut *tx)
                .await?;
                Some(approval_id)
            }
        };
        for line in &new.initial {
            insert_line::<DB>(
                &mut tx,
                WorkOrderId(id),
                line,
                Approval::Agreed,
                consent,
                new.opened_by,
                new.at,
            )
            .await?;
        }
        insert_notification::<DB>(&mut tx, About::Order(id), &new.notice, new.at).await?;
        crate::server::db::kpi_days::mark_day::<DB>(&mut tx, new.outlet_id, new.opened_on).await?;
        Self::insert_audit(&mut tx, audit, Some(new.number.as_str().to_string())).await?;
        tx.commit().await?;
        Ok(Created::Created(WorkOrderId(id)))
    }

    async fn work_order_by_number(
        &self,
        number: &WorkOrderNumber,
    ) -> DbResult<Option<WorkOrderRecord>> {
        let row: Option<OrderRow> = sqlx::query_as(&format!("{ORDER_SELECT} WHERE w.number = $1"))
            .bind(number.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(WorkOrderRecord::try_from).transpose()
    }

    async fn work_order_by_token(&self, token: &str) -> DbResult<Option<WorkOrderRecord>> {
        let row: Option<OrderRow> =
            sqlx::query_as(&format!("{ORDER_SELECT} WHERE w.tracking_token = $1"))
                .bind(token)
                .fetch_optional(&self.pool)
                .await?;
        row.map(WorkOrderRecord::try_from).transpose()
    }

    async fn work_order_by_id(&self, id: WorkOrderId) -> DbResult<Option<WorkOrderRecord>> {
        let row: Option<OrderRow> = sqlx::query_as(&format!("{ORDER_SELECT} WHERE w.id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(WorkOrderRecord::try_from).transpose()
    }

    async fn work_orders(&self, filter: OrderFilter) -> DbResult<Vec<WorkOrderRecord>> {
        // The open orders are found by (outlet, status) among however many delivered ones, and
        // put in order here: asked to order them, SQLite walks the outlet's every order by date.
        let (condition, key) = match filter {
            OrderFilter::OpenAt(outlet) => (
                format!(
                    "w.outlet_id = $1 AND w.status IN ({})",
                    statuses_where(|s| {
                        !matches!(s, WorkOrderStatus::Delivered | WorkOrderStatus::Cancelled)
                    })
                ),
                outlet.0,
            ),
            OrderFilter::Customer(customer) => (
                "w.customer_id = $1 ORDER BY w.created_at DESC, w.id DESC".into(),
                customer.0,
            ),
            OrderFilter::Car(car) => (
                "w.car_id = $1 ORDER BY w.created_at DESC, w.id DESC".into(),
                car.0,
            ),
        };
        let rows: Vec<OrderRow> = sqlx::query_as(&format!("{ORDER_SELECT} WHERE {condition}"))
            .bind(key)
            .fetch_all(&self.pool)
            .await?;
        let mut orders = rows
            .into_iter()
            .map(WorkOrderRecord::try_from)
            .collect::<DbResult<Vec<_>>>()?;
        if let OrderFilter::OpenAt(_) = filter {
            orders.sort_by_key(|o| (o.created_at, o.id.0));
        }
        Ok(orders)
    }

    async fn work_order_events(&self, id: WorkOrderId) -> DbResult<Vec<EventRecord>> {
        Ok(self
            .events_of_orders(&[id])
            .await?
            .pop()
            .unwrap_or_default())
    }

    async fn events_of_orders(&self, ids: &[WorkOrderId]) -> DbResult<Vec<Vec<EventRecord>>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Order ids are numbers from our own records: written into the statement as a list,
        // one query for a whole board.
        let list = ids
            .iter()
            .map(|id| id.0.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<EventRow> = sqlx::query_as(&format!(
            "SELECT work_order_id, at, actor_kind, actor_name, event, from_status, to_status, \
             note, public FROM work_order_events WHERE work_order_id IN ({list}) \
             ORDER BY work_order_id, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut events: Vec<Vec<EventRecord>> = vec![Vec::new(); ids.len()];
        for r in rows {
            let record = EventRecord {
                at: r.at,
                by_system: r.actor_kind == Actor::System.kind(),
                actor_name: r.actor_name,
                event: r
                    .event
                    .as_deref()
                    .map(str::parse)
                    .transpose()
                    .map_err(corrupt)?,
                from: r
                    .from_status
                    .as_deref()
                    .map(str::parse)
                    .transpose()
                    .map_err(corrupt)?,
                to: r.to_status.parse().map_err(corrupt)?,
                note: r.note,
                public: r.public,
            };
            // An id may be asked for twice: each place gets the order's events.
            for (slot, id) in events.iter_mut().zip(ids) {
                if id.0 == r.work_order_id {
                    slot.push(record.clone());
                }
            }
        }
        Ok(events)
    }

    async fn transition(&self, t: &Transition, audit: &AuditEntry) -> DbResult<Stepped> {
        let mut tx = DB::begin_write(&self.pool).await?;
        if !apply_transition::<DB>(&mut tx, t).await? {
            return Ok(Stepped::ChangedMeanwhile);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Stepped::Done)
    }

    async fn add_note(&self, note: &NewNote, audit: &AuditEntry) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // A note changes nothing a step decides on: it leaves `version` alone, so a step taken
        // meanwhile is not refused as a conflicting change.
        sqlx::query("UPDATE work_orders SET updated_at = $1 WHERE id = $2")
            .bind(note.at)
            .bind(note.order.0)
            .execute(&mut *tx)
            .await?;
        let (status,): (String,) = sqlx::query_as("SELECT status FROM work_orders WHERE id = $1")
            .bind(note.order.0)
            .fetch_one(&mut *tx)
            .await?;
        let status: WorkOrderStatus = status.parse().map_err(corrupt)?;
        insert_event::<DB>(
            &mut tx,
            note.order.0,
            note.at,
            note.actor,
            &note.actor_name,
            None,
            Some(status),
            status,
            &note.note,
            note.public,
        )
        .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        Ok(tx.commit().await?)
    }

    async fn technicians(&self, outlet: OutletId) -> DbResult<Vec<TechnicianRecord>> {
        let rows: Vec<(i64, String, String, Option<i64>, i64)> = sqlx::query_as(&format!(
            "SELECT t.id, t.name, t.skills, t.staff_id, \
             (SELECT COUNT(*) FROM work_orders w WHERE w.technician_id = t.id AND w.status IN ({})) \
             FROM technicians t WHERE t.outlet_id = $1 AND t.active = $2 ORDER BY t.id",
            occupying_statuses()
        ))
        .bind(outlet.0)
        .bind(true)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, name, skills, staff_id, load)| {
                Ok(TechnicianRecord {
                    id: TechnicianId(id),
                    name,
                    skills: SkillSet::from_db(&skills).map_err(corrupt)?,
                    staff_id: staff_id.map(StaffId),
                    load: load as u32,
                })
            })
            .collect()
    }

    async fn overdue_without_notice(&self, now: DateTime<Utc>) -> DbResult<Vec<WorkOrderRecord>> {
        let rows: Vec<OrderRow> = sqlx::query_as(&format!(
            "{ORDER_SELECT} WHERE w.promised_at < $1 \
             AND w.status NOT IN ({}) \
             AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.work_order_id = w.id AND n.kind = 'delayed') \
             ORDER BY w.id LIMIT 100",
            done_statuses()
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(WorkOrderRecord::try_from).collect()
    }

    async fn record_delay(&self, delay: &DelayNotice, audit: &AuditEntry) -> DbResult<Raised> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let order = &delay.order;
        // Still late now, inside the transaction (and locked on PostgreSQL): an order that
        // became ready meanwhile gets no notice. `version` stays: a staff step taken at the
        // same moment must not be refused because the system wrote a notice.
        let still_late: Option<(String,)> = sqlx::query_as(&format!(
            "UPDATE work_orders SET updated_at = $1 \
             WHERE id = $2 AND promised_at < $1 AND status NOT IN ({}) RETURNING status",
            done_statuses()
        ))
        .bind(delay.at)
        .bind(order.id.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((status,)) = still_late else {
            return Ok(Raised::NotNeeded);
        };
        let status: WorkOrderStatus = status.parse().map_err(corrupt)?;
        // One notice per order (a unique index): a second instance noticing the same delay
        // gets a unique violation and leaves it at that.
        let message = CustomerMessage {
            customer: order.customer_id,
            kind: NotificationKind::Delayed,
            body: delay.body.clone(),
            link: None,
        };
        let inserted =
            insert_notification::<DB>(&mut tx, About::Order(order.id.0), &message, delay.at).await;
        match inserted {
            Ok(()) => {}
            // Another instance recorded the delay first (one notice per order).
            Err(DbError::Conflict { .. }) => return Ok(Raised::NotNeeded),
            Err(e) => return Err(e),
        }
        insert_event::<DB>(
            &mut tx,
            order.id.0,
            delay.at,
            Actor::System,
            &delay.actor_name,
            None,
            Some(status),
            status,
            &delay.note,
            false,
        )
        .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Raised::Done)
    }
}

/// Applies a transition inside a transaction: the status compare-and-set, the event, the
/// columns it sets and its outbox row. `false` when the order moved on meanwhile.
pub(super) async fn apply_transition<DB>(
    conn: &mut DB::Connection,
    t: &Transition,
) -> DbResult<bool>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<bool>: Encode<'q, DB>,
{
    let s = &t.sets;
    let updated: Option<(i64,)> = sqlx::query_as(
        "UPDATE work_orders SET status = $1, version = version + 1, updated_at = $2, \
         technician_id = COALESCE($3, technician_id), \
         certificate_number = COALESCE($4, certificate_number), \
         odometer_out_km = COALESCE($5, odometer_out_km), \
         warranty_days = COALESCE($6, warranty_days), warranty_km = COALESCE($7, warranty_km), \
         warranty_until = COALESCE($8, warranty_until), warranty_until_km = COALESCE($9, warranty_until_km) \
         WHERE id = $10 AND version = $11 AND status = $12 RETURNING id",
    )
    .bind(t.to.as_str())
    .bind(t.at)
    .bind(s.technician.map(|x| x.0))
    .bind(s.certificate_number.as_deref())
    .bind(s.odometer_out_km.map(to_i32))
    .bind(s.warranty.map(|w| to_i32(w.warranty.days)))
    .bind(s.warranty.map(|w| to_i32(w.warranty.km)))
    .bind(s.warranty.map(|w| w.until_date))
    .bind(s.warranty.map(|w| to_i32(w.until_km)))
    .bind(t.order.0)
    .bind(t.seen_version)
    .bind(t.from.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    if updated.is_none() {
        return Ok(false);
    }
    // The odometer read at delivery is the car's mileage from now on (a comeback's check-in
    // cannot be below it).
    if let Some(km) = s.odometer_out_km {
        sqlx::query(
            "UPDATE cars SET mileage_km = $1 \
             WHERE id = (SELECT car_id FROM work_orders WHERE id = $2) AND mileage_km < $1",
        )
        .bind(to_i32(km))
        .bind(t.order.0)
        .execute(&mut *conn)
        .await?;
    }
    insert_event::<DB>(
        conn,
        t.order.0,
        t.at,
        t.actor,
        &t.actor_name,
        Some(t.event),
        Some(t.from),
        t.to,
        &t.note,
        true,
    )
    .await?;
    if let Some(message) = &t.notify {
        insert_notification::<DB>(conn, About::Order(t.order.0), message, t.at).await?;
    }
    if let Some(survey) = &t.opens_survey {
        sqlx::query(
            "INSERT INTO surveys (work_order_id, outlet_id, token, created_at, expires_at) \
             SELECT id, outlet_id, $2, $3, $4 FROM work_orders WHERE id = $1",
        )
        .bind(t.order.0)
        .bind(survey.token.as_str())
        .bind(t.at)
        .bind(survey.expires_at)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(row) = &t.records_outcome {
        crate::server::db::kpis::insert_outcome::<DB>(conn, row).await?;
    }
    // A cancelled order leaves its opening day's counts.
    if t.to == WorkOrderStatus::Cancelled {
        crate::server::db::kpi_days::mark_order_days::<DB>(conn, t.order).await?;
    }
    Ok(true)
}

#[allow(clippy::too_many_arguments)]
async fn insert_event<DB>(
    conn: &mut DB::Connection,
    order: i64,
    at: DateTime<Utc>,
    actor: Actor,
    actor_name: &str,
    event: Option<WorkOrderEvent>,
    from: Option<WorkOrderStatus>,
    to: WorkOrderStatus,
    note: &str,
    public: bool,
) -> DbResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
{
    sqlx::query(
        "INSERT INTO work_order_events (work_order_id, at, actor_kind, actor_id, actor_name, event, \
         from_status, to_status, note, public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(order)
    .bind(at)
    .bind(actor.kind())
    .bind(actor.id())
    .bind(actor_name)
    .bind(event.map(WorkOrderEvent::as_str))
    .bind(from.map(WorkOrderStatus::as_str))
    .bind(to.as_str())
    .bind(note)
    .bind(public)
    .execute(conn)
    .await?;
    Ok(())
}
