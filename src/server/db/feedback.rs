//! The closing-the-loop half of the repository: surveys and follow-up tasks, written once over
//! both databases like `store.rs` and `work_orders.rs`.

use super::store::{corrupt, id_list, Backend, Store};
use super::work_orders::ORDER_SELECT;
use super::*;
use crate::domain::survey::SurveyAnswer;
use crate::domain::vehicle::Plate;
use crate::domain::work_order::WorkOrderNumber;
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

#[derive(FromRow)]
struct SurveyRow {
    id: i64,
    work_order_id: i64,
    token: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    answered_at: Option<DateTime<Utc>>,
    nps: Option<i32>,
    attitude: Option<i32>,
    professionalism: Option<i32>,
    timeliness: Option<i32>,
    price_transparency: Option<i32>,
    repair_quality: Option<i32>,
    comment: String,
}

const SURVEY_SELECT: &str = "SELECT id, work_order_id, token, created_at, expires_at, answered_at, nps, \
    attitude, professionalism, timeliness, price_transparency, repair_quality, comment FROM surveys";

/// A stored answer: the recommendation, and the ratings given (a skipped one is NULL).
fn answer_of(nps: Option<i32>, ratings: [Option<i32>; 5], comment: String) -> Option<SurveyAnswer> {
    nps.map(|nps| SurveyAnswer {
        nps: nps.clamp(0, 10) as u8,
        ratings: ratings.map(|r| r.map(|x| x.clamp(1, 5) as u8)),
        comment,
    })
}

impl From<SurveyRow> for SurveyRecord {
    fn from(r: SurveyRow) -> Self {
        let ratings = [
            r.attitude,
            r.professionalism,
            r.timeliness,
            r.price_transparency,
            r.repair_quality,
        ];
        let answer = r
            .answered_at
            .and_then(|_| answer_of(r.nps, ratings, r.comment));
        SurveyRecord {
            id: r.id,
            work_order_id: WorkOrderId(r.work_order_id),
            token: r.token,
            created_at: r.created_at,
            expires_at: r.expires_at,
            answered_at: r.answered_at,
            answer,
        }
    }
}

#[derive(FromRow)]
struct FollowUpRow {
    id: i64,
    outlet_id: i64,
    source: String,
    customer_name: String,
    phone: String,
    order_number: Option<String>,
    work_order_id: Option<i64>,
    plate: Option<String>,
    complaint_number: Option<String>,
    created_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    done_at: Option<DateTime<Utc>>,
    done_by: Option<String>,
    reached: Option<bool>,
    satisfaction: Option<i32>,
    outcome: String,
    nps: Option<i32>,
    attitude: Option<i32>,
    professionalism: Option<i32>,
    timeliness: Option<i32>,
    price_transparency: Option<i32>,
    repair_quality: Option<i32>,
    comment: Option<String>,
}

/// A task with its customer, order, car, who did it, and (for a survey's task) the answer.
const FOLLOW_UP_SELECT: &str = "SELECT f.id, f.outlet_id, f.source, c.name AS customer_name, \
    c.phone, w.number AS order_number, f.work_order_id, car.plate, \
    cp.number AS complaint_number, f.created_at, f.due_at, \
    f.done_at, s.display_name AS done_by, f.reached, f.satisfaction, f.outcome, \
    sv.nps, sv.attitude, sv.professionalism, sv.timeliness, sv.price_transparency, \
    sv.repair_quality, sv.comment \
    FROM follow_ups f \
    JOIN customers c ON c.id = f.customer_id \
    LEFT JOIN work_orders w ON w.id = f.work_order_id \
    LEFT JOIN cars car ON car.id = w.car_id \
    LEFT JOIN staff s ON s.id = f.done_by_staff_id \
    LEFT JOIN complaints cp ON cp.id = f.complaint_id \
    LEFT JOIN surveys sv ON sv.work_order_id = f.work_order_id AND f.source = 'survey'";

impl TryFrom<FollowUpRow> for FollowUpRecord {
    type Error = DbError;
    fn try_from(r: FollowUpRow) -> Result<Self, Self::Error> {
        Ok(FollowUpRecord {
            id: FollowUpId(r.id),
            outlet_id: OutletId(r.outlet_id),
            source: r.source.parse().map_err(corrupt)?,
            customer_name: r.customer_name,
            phone: Phone::stored(&r.phone).map_err(|_| corrupt("stored phone"))?,
            order_number: r
                .order_number
                .as_deref()
                .map(WorkOrderNumber::parse)
                .transpose()
                .map_err(|_| corrupt("stored order number"))?,
            work_order_id: r.work_order_id.map(WorkOrderId),
            plate: r
                .plate
                .as_deref()
                .map(Plate::parse)
                .transpose()
                .map_err(|_| corrupt("stored plate"))?,
            complaint_number: r
                .complaint_number
                .as_deref()
                .map(crate::domain::complaint::ComplaintNumber::parse)
                .transpose()
                .map_err(|_| corrupt("stored complaint number"))?,
            created_at: r.created_at,
            due_at: r.due_at,
            done_at: r.done_at,
            done_by: r.done_by,
            reached: r.reached,
            satisfaction: r.satisfaction.map(|s| s.clamp(1, 5) as u8),
            outcome: r.outcome,
            survey: answer_of(
                r.nps,
                [
                    r.attitude,
                    r.professionalism,
                    r.timeliness,
                    r.price_transparency,
                    r.repair_quality,
                ],
                r.comment.unwrap_or_default(),
            ),
        })
    }
}

/// Orders delivered since `$1` that have no routine follow-up yet (at most 500 a sweep).
const UNCALLED_DELIVERIES: &str = "SELECT w.id FROM work_orders w \
    JOIN work_order_events e ON e.work_order_id = w.id AND e.event = 'deliver' \
    WHERE w.status = 'delivered' AND e.at >= $1 AND NOT EXISTS \
      (SELECT 1 FROM follow_ups f WHERE f.work_order_id = w.id AND f.source = 'routine') \
    ORDER BY w.id LIMIT 500";

/// Opens a follow-up task inside `conn`'s transaction; `false` when the order already has
/// one from this source (a unique index: a survey or a routine call opens one task).
pub(super) async fn insert_follow_up<DB>(
    conn: &mut DB::Connection,
    new: &NewFollowUp,
) -> DbResult<bool>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
{
    let inserted = sqlx::query(
        "INSERT INTO follow_ups (outlet_id, customer_id, work_order_id, complaint_id, source, \
         created_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new.outlet.0)
    .bind(new.customer.0)
    .bind(new.order.map(|o| o.0))
    .bind(new.complaint.map(|c| c.0))
    .bind(new.source.as_str())
    .bind(new.at)
    .bind(new.due_at)
    .execute(conn)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[async_trait::async_trait]
impl<DB> Feedback for Store<DB>
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
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn survey_by_token(&self, token: &str) -> DbResult<Option<SurveyRecord>> {
        let row: Option<SurveyRow> = sqlx::query_as(&format!("{SURVEY_SELECT} WHERE token = $1"))
            .bind(token)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(SurveyRecord::from))
    }

    async fn survey_of(&self, order: WorkOrderId) -> DbResult<Option<SurveyRecord>> {
        let row: Option<SurveyRow> =
            sqlx::query_as(&format!("{SURVEY_SELECT} WHERE work_order_id = $1"))
                .bind(order.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(SurveyRecord::from))
    }

    async fn answer_survey(
        &self,
        survey: i64,
        answer: &SurveyAnswer,
        at: DateTime<Utc>,
        follow_up: Option<&NewFollowUp>,
        counted_on: &[(OutletId, NaiveDate)],
        audit: &AuditEntry,
    ) -> DbResult<Once> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // Once: the answer is written only where there is none yet.
        let [a, b, c, d, e] = answer.ratings.map(|r| r.map(i32::from));
        let answered: Option<(i64,)> = sqlx::query_as(
            "UPDATE surveys SET answered_at = $1, nps = $2, attitude = $3, professionalism = $4, \
             timeliness = $5, price_transparency = $6, repair_quality = $7, comment = $8 \
             WHERE id = $9 AND answered_at IS NULL RETURNING id",
        )
        .bind(at)
        .bind(i32::from(answer.nps))
        .bind(a)
        .bind(b)
        .bind(c)
        .bind(d)
        .bind(e)
        .bind(answer.comment.as_str())
        .bind(survey)
        .fetch_optional(&mut *tx)
        .await?;
        if answered.is_none() {
            return Ok(Once::AlreadyDone);
        }
        if let Some(new) = follow_up {
            insert_follow_up::<DB>(&mut tx, new).await?;
        }
        for (outlet, day) in counted_on {
            super::kpi_days::mark_day::<DB>(&mut tx, *outlet, *day).await?;
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Once::Done)
    }

    async fn follow_ups(
        &self,
        outlets: &[OutletId],
        done_since: DateTime<Utc>,
    ) -> DbResult<Vec<FollowUpRecord>> {
        let rows: Vec<FollowUpRow> = sqlx::query_as(&format!(
            "{FOLLOW_UP_SELECT} WHERE f.outlet_id IN ({}) AND (f.done_at IS NULL OR f.done_at >= $1) \
             ORDER BY f.done_at IS NOT NULL, f.due_at, f.id LIMIT 500",
            id_list(outlets)
        ))
        .bind(done_since)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(FollowUpRecord::try_from).collect()
    }

    async fn follow_up_by_id(&self, id: FollowUpId) -> DbResult<Option<FollowUpRecord>> {
        let row: Option<FollowUpRow> =
            sqlx::query_as(&format!("{FOLLOW_UP_SELECT} WHERE f.id = $1"))
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(FollowUpRecord::try_from).transpose()
    }

    async fn record_follow_up(&self, done: &FollowUpDone, audit: &AuditEntry) -> DbResult<Once> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let updated: Option<(i64,)> = sqlx::query_as(
            "UPDATE follow_ups SET done_at = $1, done_by_staff_id = $2, reached = $3, \
             satisfaction = $4, outcome = $5 WHERE id = $6 AND done_at IS NULL RETURNING id",
        )
        .bind(done.at)
        .bind(done.staff.0)
        .bind(done.reached)
        .bind(done.satisfaction.map(i32::from))
        .bind(done.outcome.as_str())
        .bind(done.id.0)
        .fetch_optional(&mut *tx)
        .await?;
        if updated.is_none() {
            return Ok(Once::AlreadyDone);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Once::Done)
    }

    async fn add_follow_up(&self, new: &NewFollowUp, audit: &AuditEntry) -> DbResult<Once> {
        let mut tx = DB::begin_write(&self.pool).await?;
        if !insert_follow_up::<DB>(&mut tx, new).await? {
            return Ok(Once::AlreadyDone);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Once::Done)
    }

    async fn delivered_without_routine_call(
        &self,
        since: DateTime<Utc>,
    ) -> DbResult<Vec<DeliveredOrder>> {
        // Two reads, not one per order: when each candidate was delivered, then the orders.
        let rows: Vec<(i64, DateTime<Utc>)> = sqlx::query_as(&format!(
            "SELECT e.work_order_id, MAX(e.at) FROM work_order_events e \
             WHERE e.event = 'deliver' AND e.work_order_id IN ({UNCALLED_DELIVERIES}) \
             GROUP BY e.work_order_id"
        ))
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let orders: Vec<super::work_orders::OrderRow> = sqlx::query_as(&format!(
            "{ORDER_SELECT} WHERE w.id IN ({UNCALLED_DELIVERIES}) ORDER BY w.id"
        ))
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let delivered_at: std::collections::HashMap<i64, DateTime<Utc>> =
            rows.into_iter().collect();
        orders
            .into_iter()
            .filter_map(|row| {
                let at = *delivered_at.get(&row.id)?;
                Some(WorkOrderRecord::try_from(row).map(|order| DeliveredOrder {
                    order,
                    delivered_at: at,
                }))
            })
            .collect()
    }
}
