//! The complaints half of the repository, written once over both databases like `store.rs`.

use super::feedback::insert_follow_up;
use super::store::{corrupt, id_list, Backend, Store};
use super::work_orders::{insert_notification, About};
use super::*;
use crate::domain::complaint::{
    ComplaintFilter, ComplaintNumber, ComplaintStage, Resolution, Responsibility,
};
use crate::domain::estimate::Money;
use crate::domain::vehicle::Plate;
use crate::domain::work_order::WorkOrderNumber;
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

/// How the filing and the escalation are written in the timeline's `event` column.
const FILED: &str = "filed";
const ESCALATED: &str = "escalated";

#[derive(FromRow)]
struct ComplaintRow {
    id: i64,
    number: String,
    token: String,
    outlet_id: i64,
    customer_id: i64,
    customer_name: String,
    phone: String,
    work_order_id: Option<i64>,
    order_number: Option<String>,
    plate: Option<String>,
    category: String,
    severity: String,
    stage: String,
    version: i64,
    what_happened: String,
    wish: String,
    filed_at: DateTime<Utc>,
    response_due_at: DateTime<Utc>,
    first_response_at: Option<DateTime<Utc>>,
    due_at: Option<DateTime<Utc>>,
    escalated_at: Option<DateTime<Utc>>,
    responsibility: Option<String>,
    responsible_technician_id: Option<i64>,
    technician_name: Option<String>,
    resolution: Option<String>,
    compensation_fen: Option<i64>,
    rework_order_id: Option<i64>,
    rework_number: Option<String>,
}

const COMPLAINT_SELECT: &str = "SELECT cp.id, cp.number, cp.token, cp.outlet_id, cp.customer_id, \
    c.name AS customer_name, c.phone, cp.work_order_id, w.number AS order_number, car.plate, \
    cp.category, cp.severity, cp.stage, cp.version, cp.what_happened, cp.wish, cp.filed_at, \
    cp.response_due_at, cp.first_response_at, cp.due_at, cp.escalated_at, cp.responsibility, \
    cp.responsible_technician_id, t.name AS technician_name, cp.resolution, cp.compensation_fen, \
    cp.rework_order_id, rw.number AS rework_number \
    FROM complaints cp \
    JOIN customers c ON c.id = cp.customer_id \
    LEFT JOIN work_orders w ON w.id = cp.work_order_id \
    LEFT JOIN cars car ON car.id = w.car_id \
    LEFT JOIN technicians t ON t.id = cp.responsible_technician_id \
    LEFT JOIN work_orders rw ON rw.id = cp.rework_order_id";

fn order_number(stored: Option<String>) -> DbResult<Option<WorkOrderNumber>> {
    stored
        .as_deref()
        .map(WorkOrderNumber::parse)
        .transpose()
        .map_err(|_| corrupt("stored order number"))
}

impl TryFrom<ComplaintRow> for ComplaintRecord {
    type Error = DbError;
    fn try_from(r: ComplaintRow) -> Result<Self, Self::Error> {
        let resolution = match (r.resolution.as_deref(), r.compensation_fen) {
            (None, _) => None,
            (Some("free_rework"), _) => Some(Resolution::FreeRework),
            (Some("apology"), _) => Some(Resolution::Apology),
            (Some("compensation"), Some(fen)) => {
                Some(Resolution::Compensation { amount: Money(fen) })
            }
            (Some(other), _) => return Err(corrupt(format!("stored resolution {other:?}"))),
        };
        Ok(ComplaintRecord {
            id: ComplaintId(r.id),
            number: ComplaintNumber::parse(&r.number)
                .map_err(|_| corrupt("stored complaint number"))?,
            token: r.token,
            outlet_id: OutletId(r.outlet_id),
            customer_id: CustomerId(r.customer_id),
            customer_name: r.customer_name,
            phone: Phone::stored(&r.phone).map_err(|_| corrupt("stored phone"))?,
            work_order_id: r.work_order_id.map(WorkOrderId),
            order_number: order_number(r.order_number)?,
            plate: r
                .plate
                .as_deref()
                .map(Plate::parse)
                .transpose()
                .map_err(|_| corrupt("stored plate"))?,
            category: r.category.parse().map_err(corrupt)?,
            severity: r.severity.parse().map_err(corrupt)?,
            stage: r.stage.parse().map_err(corrupt)?,
            version: r.version,
            what_happened: r.what_happened,
            wish: r.wish,
            filed_at: r.filed_at,
            response_due_at: r.response_due_at,
            first_response_at: r.first_response_at,
            due_at: r.due_at,
            escalated_at: r.escalated_at,
            responsibility: r
                .responsibility
                .as_deref()
                .map(|kind| {
                    Responsibility::from_db(kind, r.responsible_technician_id.map(TechnicianId))
                })
                .transpose()
                .map_err(corrupt)?,
            technician_name: r.technician_name,
            resolution,
            rework_order_id: r.rework_order_id.map(WorkOrderId),
            rework_order: order_number(r.rework_number)?,
        })
    }
}

#[derive(FromRow)]
struct EventRow {
    at: DateTime<Utc>,
    actor_name: String,
    customer_id: Option<i64>,
    event: Option<String>,
    to_stage: Option<String>,
    note: String,
    public: bool,
    linked_order: Option<String>,
    linked_technician: Option<String>,
}

/// One timeline entry to write.
struct Entry<'a> {
    complaint: i64,
    at: DateTime<Utc>,
    author: Option<ComplaintAuthor>,
    actor_name: &'a str,
    event: Option<&'a str>,
    stages: Option<(ComplaintStage, ComplaintStage)>,
    note: &'a str,
    public: bool,
    linked_order: Option<WorkOrderId>,
    linked_technician: Option<TechnicianId>,
}

impl<'a> Entry<'a> {
    /// An entry with no stage change, note or link (the builder's start).
    fn new(complaint: i64, at: DateTime<Utc>, actor_name: &'a str) -> Self {
        Entry {
            complaint,
            at,
            author: None,
            actor_name,
            event: None,
            stages: None,
            note: "",
            public: false,
            linked_order: None,
            linked_technician: None,
        }
    }
}

/// Writes one timeline entry inside `conn`'s transaction.
async fn insert_entry<DB>(conn: &mut DB::Connection, e: Entry<'_>) -> DbResult<()>
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
    let (staff, customer) = match e.author {
        Some(ComplaintAuthor::Staff(id)) => (Some(id.0), None),
        Some(ComplaintAuthor::Customer(id)) => (None, Some(id.0)),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO complaint_events (complaint_id, at, staff_id, customer_id, actor_name, event, \
         from_stage, to_stage, note, public, linked_order_id, linked_technician_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(e.complaint)
    .bind(e.at)
    .bind(staff)
    .bind(customer)
    .bind(e.actor_name)
    .bind(e.event)
    .bind(e.stages.map(|(from, _)| from.as_str()))
    .bind(e.stages.map(|(_, to)| to.as_str()))
    .bind(e.note)
    .bind(e.public)
    .bind(e.linked_order.map(|o| o.0))
    .bind(e.linked_technician.map(|t| t.0))
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait::async_trait]
impl<DB> Complaints for Store<DB>
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
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn file_complaint(
        &self,
        new: &NewComplaint,
        audit: &AuditEntry,
    ) -> DbResult<Filed<ComplaintId>> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // The customer's row is the lock that orders their filings (SQLite's write lock is
        // already taken); then their day's count is read.
        sqlx::query("UPDATE customers SET name = name WHERE id = $1")
            .bind(new.customer.0)
            .execute(&mut *tx)
            .await?;
        let (today,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM complaints WHERE customer_id = $1 AND filed_at > $2",
        )
        .bind(new.customer.0)
        .bind(new.at - chrono::Duration::hours(24))
        .fetch_one(&mut *tx)
        .await?;
        if today >= i64::from(new.daily_limit) {
            return Ok(Filed::OverDailyLimit);
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO complaints (number, token, outlet_id, customer_id, work_order_id, category, \
             stage, what_happened, wish, filed_by_guest, filed_at, response_due_at, due_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $11) RETURNING id",
        )
        .bind(new.number.as_str())
        .bind(new.token.as_str())
        .bind(new.outlet.0)
        .bind(new.customer.0)
        .bind(new.order.map(|o| o.0))
        .bind(new.text.category.as_str())
        .bind(ComplaintStage::Acceptance.as_str())
        .bind(new.text.what_happened.as_str())
        .bind(new.text.wish.as_str())
        .bind(new.by_guest)
        .bind(new.at)
        .bind(new.response_due_at)
        .fetch_one(&mut *tx)
        .await?;
        insert_entry::<DB>(
            &mut tx,
            Entry {
                author: Some(ComplaintAuthor::Customer(new.customer)),
                event: Some(FILED),
                public: true,
                ..Entry::new(id, new.at, &new.actor_name)
            },
        )
        .await?;
        insert_notification::<DB>(&mut tx, About::Complaint(id), &new.notice, new.at).await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Filed::Filed(ComplaintId(id)))
    }

    async fn complaint_by_number(
        &self,
        number: &ComplaintNumber,
    ) -> DbResult<Option<ComplaintRecord>> {
        let row: Option<ComplaintRow> =
            sqlx::query_as(&format!("{COMPLAINT_SELECT} WHERE cp.number = $1"))
                .bind(number.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(ComplaintRecord::try_from).transpose()
    }

    async fn complaint_by_token(&self, token: &str) -> DbResult<Option<ComplaintRecord>> {
        let row: Option<ComplaintRow> =
            sqlx::query_as(&format!("{COMPLAINT_SELECT} WHERE cp.token = $1"))
                .bind(token)
                .fetch_optional(&self.pool)
                .await?;
        row.map(ComplaintRecord::try_from).transpose()
    }

    async fn complaints_at(
        &self,
        outlets: &[OutletId],
        filter: &ComplaintFilter,
    ) -> DbResult<Vec<ComplaintRecord>> {
        // Each filter is a bound value or NULL (then it matches everything).
        let rows: Vec<ComplaintRow> = sqlx::query_as(&format!(
            "{COMPLAINT_SELECT} WHERE cp.outlet_id IN ({}) \
             AND (cp.stage = $1 OR ($1 IS NULL AND cp.stage <> 'closed')) \
             AND (cp.category = $2 OR $2 IS NULL) AND (cp.severity = $3 OR $3 IS NULL) \
             ORDER BY cp.due_at IS NULL, cp.due_at, cp.id LIMIT 500",
            id_list(outlets)
        ))
        .bind(filter.stage.map(|s| s.as_str()))
        .bind(filter.category.map(|c| c.as_str()))
        .bind(filter.severity.map(|s| s.as_str()))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ComplaintRecord::try_from).collect()
    }

    async fn complaints_of_customer(&self, customer: CustomerId) -> DbResult<Vec<ComplaintRecord>> {
        let rows: Vec<ComplaintRow> = sqlx::query_as(&format!(
            "{COMPLAINT_SELECT} WHERE cp.customer_id = $1 ORDER BY cp.id DESC LIMIT 200"
        ))
        .bind(customer.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ComplaintRecord::try_from).collect()
    }

    async fn complaint_events(&self, id: ComplaintId) -> DbResult<Vec<ComplaintEventRecord>> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT e.at, e.actor_name, e.customer_id, e.event, e.to_stage, e.note, e.public, \
             w.number AS linked_order, t.name AS linked_technician FROM complaint_events e \
             LEFT JOIN work_orders w ON w.id = e.linked_order_id \
             LEFT JOIN technicians t ON t.id = e.linked_technician_id \
             WHERE e.complaint_id = $1 ORDER BY e.id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let escalation = r.event.as_deref() == Some(ESCALATED);
                let filed = r.event.as_deref() == Some(FILED);
                Ok(ComplaintEventRecord {
                    at: r.at,
                    actor_name: r.actor_name,
                    by_customer: r.customer_id.is_some(),
                    event: match r.event.as_deref() {
                        None | Some(ESCALATED) | Some(FILED) => None,
                        Some(e) => Some(e.parse().map_err(corrupt)?),
                    },
                    to_stage: r
                        .to_stage
                        .as_deref()
                        .map(str::parse)
                        .transpose()
                        .map_err(corrupt)?,
                    note: r.note,
                    public: r.public,
                    escalation,
                    filed,
                    linked_order: order_number(r.linked_order)?,
                    linked_technician: r.linked_technician,
                })
            })
            .collect()
    }

    async fn complaint_step(&self, step: &ComplaintStep, audit: &AuditEntry) -> DbResult<Stepped> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let (responsibility, technician) = match step.responsibility {
            None => (None, None),
            Some(r @ Responsibility::Technician { technician }) => {
                (Some(r.as_str()), Some(technician.0))
            }
            Some(r) => (Some(r.as_str()), None),
        };
        let compensation = match step.resolution {
            Some(Resolution::Compensation { amount }) => Some(amount.0),
            _ => None,
        };
        let updated: Option<(i64,)> = sqlx::query_as(
            "UPDATE complaints SET stage = $1, version = version + 1, updated_at = $2, \
             severity = $3, first_response_at = $4, due_at = $5, responsibility = $6, \
             responsible_technician_id = $7, resolution = $8, compensation_fen = $9, \
             rework_order_id = $10, \
             closed_at = CASE WHEN $1 = 'closed' THEN COALESCE(closed_at, $2) ELSE NULL END \
             WHERE id = $11 AND version = $12 AND stage = $13 RETURNING id",
        )
        .bind(step.to.as_str())
        .bind(step.at)
        .bind(step.severity.as_str())
        .bind(step.first_response_at)
        .bind(step.due_at)
        .bind(responsibility)
        .bind(technician)
        .bind(step.resolution.map(|r| r.as_str()))
        .bind(compensation)
        .bind(step.rework_order.map(|o| o.0))
        .bind(step.id.0)
        .bind(step.seen_version)
        .bind(step.from.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if updated.is_none() {
            return Ok(Stepped::ChangedMeanwhile);
        }
        insert_entry::<DB>(
            &mut tx,
            Entry {
                author: Some(step.author),
                event: step.event.map(|e| e.as_str()),
                stages: step.event.map(|_| (step.from, step.to)),
                note: &step.note,
                public: step.public,
                linked_order: step.linked_order,
                linked_technician: step.linked_technician,
                ..Entry::new(step.id.0, step.at, &step.actor_name)
            },
        )
        .await?;
        if let Some(message) = &step.notify {
            insert_notification::<DB>(&mut tx, About::Complaint(step.id.0), message, step.at)
                .await?;
        }
        if let Some(new) = &step.opens_follow_up {
            insert_follow_up::<DB>(&mut tx, new).await?;
        }
        if let Some(done) = &step.follow_up_done {
            sqlx::query(
                "UPDATE follow_ups SET done_at = $1, done_by_staff_id = $2, reached = $3, \
                 satisfaction = $4, outcome = $5 WHERE complaint_id = $6 AND done_at IS NULL",
            )
            .bind(done.at)
            .bind(done.staff.0)
            .bind(done.reached)
            .bind(done.satisfaction.map(i32::from))
            .bind(done.outcome.as_str())
            .bind(step.id.0)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Stepped::Done)
    }

    async fn claim_complaint(&self, id: ComplaintId, seen_version: i64) -> DbResult<Stepped> {
        let claimed: Option<(i64,)> = sqlx::query_as(
            "UPDATE complaints SET version = version + 1 WHERE id = $1 AND version = $2 RETURNING id",
        )
        .bind(id.0)
        .bind(seen_version)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match claimed {
            Some(_) => Stepped::Done,
            None => Stepped::ChangedMeanwhile,
        })
    }

    async fn unanswered_complaints(&self, now: DateTime<Utc>) -> DbResult<Vec<ComplaintRecord>> {
        let rows: Vec<ComplaintRow> = sqlx::query_as(&format!(
            "{COMPLAINT_SELECT} WHERE cp.first_response_at IS NULL AND cp.response_due_at < $1 \
             AND cp.escalated_at IS NULL ORDER BY cp.id LIMIT 200"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ComplaintRecord::try_from).collect()
    }

    async fn escalate_complaint(
        &self,
        id: ComplaintId,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<Raised> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let updated: Option<(i64,)> = sqlx::query_as(
            "UPDATE complaints SET escalated_at = $1 \
             WHERE id = $2 AND escalated_at IS NULL AND first_response_at IS NULL RETURNING id",
        )
        .bind(at)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        if updated.is_none() {
            return Ok(Raised::NotNeeded);
        }
        insert_entry::<DB>(
            &mut tx,
            Entry {
                event: Some(ESCALATED),
                ..Entry::new(id.0, at, "")
            },
        )
        .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Raised::Done)
    }

    async fn add_complaint_photo(
        &self,
        photo: &NewComplaintPhoto,
        audit: &AuditEntry,
    ) -> DbResult<Added<PhotoId>> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // The count and the insert in one statement: two uploads at once cannot pass the limit
        // together on SQLite (one writer); on PostgreSQL the row lock below serialises them.
        sqlx::query("UPDATE complaints SET updated_at = updated_at WHERE id = $1")
            .bind(photo.complaint.0)
            .execute(&mut *tx)
            .await?;
        // The customer's pictures and the staff's evidence have separate allowances.
        let side = match photo.staff {
            Some(_) => "by_staff_id IS NOT NULL",
            None => "by_staff_id IS NULL",
        };
        let (count,): (i64,) = sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM complaint_photos WHERE complaint_id = $1 AND {side}"
        ))
        .bind(photo.complaint.0)
        .fetch_one(&mut *tx)
        .await?;
        if count >= i64::from(photo.max) {
            return Ok(Added::Full);
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO complaint_photos (complaint_id, caption, content_type, size_bytes, bytes, \
             by_staff_id, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(photo.complaint.0)
        .bind(photo.caption.as_str())
        .bind(photo.content_type)
        .bind(photo.bytes.len() as i64 as i32)
        .bind(photo.bytes.clone())
        .bind(photo.staff.map(|s| s.0))
        .bind(photo.at)
        .fetch_one(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Added::Added(PhotoId(id)))
    }

    async fn complaint_photos(
        &self,
        id: ComplaintId,
    ) -> DbResult<Vec<(PhotoId, String, DateTime<Utc>, bool)>> {
        let rows: Vec<(i64, String, DateTime<Utc>, bool)> = sqlx::query_as(
            "SELECT id, caption, added_at, by_staff_id IS NOT NULL FROM complaint_photos \
             WHERE complaint_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, caption, at, by_staff)| (PhotoId(id), caption, at, by_staff))
            .collect())
    }

    async fn complaint_photo_bytes(
        &self,
        id: ComplaintId,
        photo: PhotoId,
        customers_only: bool,
    ) -> DbResult<Option<(String, Vec<u8>)>> {
        sqlx::query_as(
            "SELECT content_type, bytes FROM complaint_photos WHERE complaint_id = $1 AND id = $2 \
             AND (by_staff_id IS NULL OR NOT $3)",
        )
        .bind(id.0)
        .bind(photo.0)
        .bind(customers_only)
        .fetch_optional(&self.pool)
        .await
        .map_err(DbError::from)
    }
}
