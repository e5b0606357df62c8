//! What the indicators are computed from (`domain::kpi`): the orders delivered in a period with
//! their first quality check, the surveys, the complaints, the bookings due and the orders
//! opened, at the outlets in scope. A fixed number of queries whatever the period's size; the
//! delivered orders are summed from their stored outcomes (`order_outcomes`). Written once over
//! both databases like `store.rs`.

use super::store::{id_list, Backend, Store};
use super::*;
use crate::domain::booking::BookingStatus;
use crate::domain::fault::FaultRow;
use crate::domain::kpi::{
    Basis, DrillFact, DrillFactKind, Facts, FiledComplaint, Kpi, OrderOutcome, Period,
};
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

/// A delivered order's outcome as `apply_transition` stores it with the hand-over.
#[derive(Debug, Clone, Copy)]
pub struct OutcomeRow {
    pub order: WorkOrderId,
    pub outlet: OutletId,
    /// The outlet's calendar day of the hand-over.
    pub delivered_on: NaiveDate,
    pub outcome: OrderOutcome,
}

/// Writes the outcome beside the order, and marks its day (`kpi_days.rs`); the advisor and
/// technician are the order's. A second write for the same order changes nothing.
pub(in crate::server::db) async fn insert_outcome<DB>(
    conn: &mut DB::Connection,
    row: &OutcomeRow,
) -> DbResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> Option<bool>: Encode<'q, DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
{
    let o = &row.outcome;
    let minutes = |m: i64| i32::try_from(m).unwrap_or(i32::MAX);
    let written: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO order_outcomes (work_order_id, outlet_id, delivered_on, delivered_at, \
         advisor_id, technician_id, on_time, first_check_passed, rework, first_update_met, \
         processing_met, reception_minutes, repair_minutes, inspection_minutes, \
         handover_minutes, approval_minutes, worked_minutes) \
         SELECT w.id, w.outlet_id, $2, $3, w.opened_by_staff_id, w.technician_id, $4, $5, $6, \
         $7, $8, $9, $10, $11, $12, $13, $14 FROM work_orders w WHERE w.id = $1 \
         ON CONFLICT (work_order_id) DO NOTHING RETURNING work_order_id",
    )
    .bind(row.order.0)
    .bind(row.delivered_on)
    .bind(o.delivered_at)
    .bind(o.on_time)
    .bind(o.first_check_passed)
    .bind(o.rework)
    .bind(o.first_update_met)
    .bind(o.processing_met)
    .bind(minutes(o.reception_minutes))
    .bind(minutes(o.repair_minutes))
    .bind(minutes(o.inspection_minutes))
    .bind(minutes(o.handover_minutes))
    .bind(minutes(o.approval_minutes))
    .bind(minutes(o.worked_minutes))
    .fetch_optional(&mut *conn)
    .await?;
    if written.is_some() {
        super::kpi_days::mark_day::<DB>(conn, row.outlet, row.delivered_on).await?;
    }
    Ok(())
}

const OUTCOME_COLUMNS: &str = "o.delivered_at, o.on_time, o.first_check_passed, o.rework, \
    o.first_update_met, o.processing_met, o.reception_minutes, o.repair_minutes, \
    o.inspection_minutes, o.handover_minutes, o.approval_minutes, o.worked_minutes";

#[derive(FromRow)]
struct OutcomeFields {
    delivered_at: DateTime<Utc>,
    on_time: bool,
    first_check_passed: Option<bool>,
    rework: bool,
    first_update_met: Option<bool>,
    processing_met: bool,
    reception_minutes: i32,
    repair_minutes: i32,
    inspection_minutes: i32,
    handover_minutes: i32,
    approval_minutes: i32,
    worked_minutes: i32,
}

impl From<OutcomeFields> for OrderOutcome {
    fn from(r: OutcomeFields) -> Self {
        OrderOutcome {
            delivered_at: r.delivered_at,
            on_time: r.on_time,
            first_check_passed: r.first_check_passed,
            rework: r.rework,
            first_update_met: r.first_update_met,
            processing_met: r.processing_met,
            reception_minutes: r.reception_minutes.into(),
            repair_minutes: r.repair_minutes.into(),
            inspection_minutes: r.inspection_minutes.into(),
            handover_minutes: r.handover_minutes.into(),
            approval_minutes: r.approval_minutes.into(),
            worked_minutes: r.worked_minutes.into(),
        }
    }
}

#[derive(FromRow)]
struct OutcomeLine {
    number: String,
    outlet_id: i64,
    #[sqlx(flatten)]
    fields: OutcomeFields,
}

#[derive(FromRow)]
struct SurveyLine {
    number: String,
    outlet_id: i64,
    at: DateTime<Utc>,
    answered: bool,
    nps: Option<i32>,
    attitude: Option<i32>,
    professionalism: Option<i32>,
    timeliness: Option<i32>,
    price_transparency: Option<i32>,
    repair_quality: Option<i32>,
}

#[async_trait::async_trait]
impl<DB> Kpis for Store<DB>
where
    DB: Backend,
    Store<DB>: KpiDays,
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
    for<'q> Option<String>: Decode<'q, DB>,
    for<'q> Option<i32>: Decode<'q, DB>,
    for<'q> Option<bool>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Decode<'q, DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn kpi_facts(
        &self,
        outlets: &[OutletId],
        period: Period,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> DbResult<Facts> {
        // What adds up over days is summed from the stored days (`kpi_days.rs`).
        let mut facts = self.summed_days(outlets, period.first, period.last).await?;
        // Outlet ids are numbers from our own records: written into the statement as a list.
        let outlets = id_list(outlets);
        let complaints: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = sqlx::query_as(&format!(
            "SELECT filed_at, first_response_at FROM complaints WHERE outlet_id IN ({outlets}) \
             AND filed_at >= $1 AND filed_at < $2"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let (follow_ups_due, follow_ups_on_time): (i64, i64) = sqlx::query_as(&format!(
            "SELECT COUNT(*), COUNT(CASE WHEN done_at <= due_at THEN 1 END) FROM follow_ups \
             WHERE outlet_id IN ({outlets}) AND due_at >= $1 AND due_at < $2 AND due_at <= $3"
        ))
        .bind(from)
        .bind(until)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        facts.complaints = complaints
            .into_iter()
            .map(|(filed_at, first_response_at)| FiledComplaint {
                filed_at,
                first_response_at,
            })
            .collect();
        facts.follow_ups_due = follow_ups_due;
        facts.follow_ups_on_time = follow_ups_on_time;
        // The open hours come from the outlets' settings (`services::kpis`).
        Ok(facts)
    }

    async fn drill_facts(
        &self,
        kpi: Kpi,
        outlets: &[OutletId],
        period: Period,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
        limit: Option<u32>,
        rows_from: Option<(NaiveDate, DateTime<Utc>)>,
    ) -> DbResult<(Vec<DrillFact>, i64)> {
        let outlets = id_list(outlets);
        // The rows are read from `rows_from` on when given (the newest `limit` are there).
        let (row_first, row_from) = rows_from.unwrap_or((period.first, from));
        let limit = limit.map_or(String::new(), |n| format!("LIMIT {n}"));
        let fact = |reference: String, outlet: i64, at, kind| DrillFact {
            reference,
            outlet: OutletId(outlet),
            at,
            kind,
        };
        // Each basis: its rows (newest first, at most `limit`) and how many there are in all,
        // from the same WHERE (the count without the join that names each row).
        match kpi.basis() {
            Basis::Delivered => {
                let wherein = format!(
                    "WHERE o.outlet_id IN ({outlets}) AND o.delivered_on >= $1 AND o.delivered_on <= $2"
                );
                let (total,): (i64,) =
                    sqlx::query_as(&format!("SELECT COUNT(*) FROM order_outcomes o {wherein}"))
                        .bind(period.first)
                        .bind(period.last)
                        .fetch_one(&self.pool)
                        .await?;
                let rows: Vec<OutcomeLine> = sqlx::query_as(&format!(
                    "SELECT w.number, o.outlet_id, {OUTCOME_COLUMNS} FROM order_outcomes o \
                     JOIN work_orders w ON w.id = o.work_order_id {wherein} \
                     ORDER BY o.delivered_at DESC, o.work_order_id DESC {limit}"
                ))
                .bind(row_first)
                .bind(period.last)
                .fetch_all(&self.pool)
                .await?;
                let facts = rows
                    .into_iter()
                    .map(|r| {
                        let outcome = OrderOutcome::from(r.fields);
                        fact(
                            r.number,
                            r.outlet_id,
                            outcome.delivered_at,
                            DrillFactKind::Delivered(outcome),
                        )
                    })
                    .collect();
                Ok((facts, total))
            }
            Basis::Surveys => {
                // The response rate counts the surveys sent in the period; the scores those
                // answered in it.
                let column = match kpi {
                    Kpi::SurveyResponse => "created_at",
                    _ => "answered_at",
                };
                let wherein = format!(
                    "WHERE s.outlet_id IN ({outlets}) AND s.{column} >= $1 AND s.{column} < $2"
                );
                let (total,): (i64,) =
                    sqlx::query_as(&format!("SELECT COUNT(*) FROM surveys s {wherein}"))
                        .bind(from)
                        .bind(until)
                        .fetch_one(&self.pool)
                        .await?;
                let rows: Vec<SurveyLine> = sqlx::query_as(&format!(
                    "SELECT w.number, s.outlet_id, s.{column} AS at, \
                     CASE WHEN s.answered_at IS NULL THEN FALSE ELSE TRUE END AS answered, \
                     s.nps, s.attitude, s.professionalism, s.timeliness, s.price_transparency, \
                     s.repair_quality FROM surveys s JOIN work_orders w ON w.id = s.work_order_id \
                     {wherein} ORDER BY s.{column} DESC, s.id DESC {limit}"
                ))
                .bind(row_from)
                .bind(until)
                .fetch_all(&self.pool)
                .await?;
                let score = |n: Option<i32>| n.map(|n| n.clamp(0, 10) as u8);
                let facts = rows
                    .into_iter()
                    .map(|r| {
                        fact(
                            r.number,
                            r.outlet_id,
                            r.at,
                            DrillFactKind::Survey {
                                answered: r.answered,
                                nps: score(r.nps),
                                ratings: [
                                    score(r.attitude),
                                    score(r.professionalism),
                                    score(r.timeliness),
                                    score(r.price_transparency),
                                    score(r.repair_quality),
                                ],
                            },
                        )
                    })
                    .collect();
                Ok((facts, total))
            }
            Basis::Complaints => {
                let from_where = format!(
                    "FROM complaints WHERE outlet_id IN ({outlets}) AND filed_at >= $1 AND filed_at < $2"
                );
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {from_where}"))
                    .bind(from)
                    .bind(until)
                    .fetch_one(&self.pool)
                    .await?;
                let rows: Vec<(String, i64, DateTime<Utc>, Option<DateTime<Utc>>)> =
                    sqlx::query_as(&format!(
                        "SELECT number, outlet_id, filed_at, first_response_at {from_where} \
                         ORDER BY filed_at DESC, id DESC {limit}"
                    ))
                    .bind(from)
                    .bind(until)
                    .fetch_all(&self.pool)
                    .await?;
                let facts = rows
                    .into_iter()
                    .map(|(number, outlet, filed_at, first_response_at)| {
                        fact(
                            number,
                            outlet,
                            filed_at,
                            DrillFactKind::Complaint(FiledComplaint {
                                filed_at,
                                first_response_at,
                            }),
                        )
                    })
                    .collect();
                Ok((facts, total))
            }
            Basis::FollowUps => {
                let from_where = format!(
                    "FROM follow_ups f LEFT JOIN work_orders w ON w.id = f.work_order_id \
                     WHERE f.outlet_id IN ({outlets}) AND f.due_at >= $1 AND f.due_at < $2 \
                     AND f.due_at <= $3"
                );
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {from_where}"))
                    .bind(from)
                    .bind(until)
                    .bind(now)
                    .fetch_one(&self.pool)
                    .await?;
                let rows: Vec<(Option<String>, i64, DateTime<Utc>, Option<DateTime<Utc>>)> =
                    sqlx::query_as(&format!(
                        "SELECT w.number, f.outlet_id, f.due_at, f.done_at {from_where} \
                         ORDER BY f.due_at DESC, f.id DESC {limit}"
                    ))
                    .bind(from)
                    .bind(until)
                    .bind(now)
                    .fetch_all(&self.pool)
                    .await?;
                let facts = rows
                    .into_iter()
                    .map(|(number, outlet, due_at, done_at)| {
                        fact(
                            number.unwrap_or_default(),
                            outlet,
                            due_at,
                            DrillFactKind::FollowUp { due_at, done_at },
                        )
                    })
                    .collect();
                Ok((facts, total))
            }
            Basis::Bookings => {
                // The no-show rate counts those who came or did not; bay use every booking
                // that held a bay.
                let statuses = match kpi {
                    Kpi::NoShowRate => vec![BookingStatus::Arrived, BookingStatus::NoShow],
                    _ => vec![
                        BookingStatus::Arrived,
                        BookingStatus::NoShow,
                        BookingStatus::Booked,
                    ],
                };
                let statuses = statuses
                    .iter()
                    .map(|s| format!("'{}'", s.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let from_where = format!(
                    "FROM bookings WHERE outlet_id IN ({outlets}) AND local_date >= $1 \
                     AND local_date <= $2 AND status IN ({statuses})"
                );
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {from_where}"))
                    .bind(period.first)
                    .bind(period.last)
                    .fetch_one(&self.pool)
                    .await?;
                let rows: Vec<(String, i64, DateTime<Utc>, String, i32)> =
                    sqlx::query_as(&format!(
                        "SELECT number, outlet_id, starts_at, status, end_minute - start_minute \
                     {from_where} ORDER BY starts_at DESC, id DESC {limit}"
                    ))
                    .bind(row_first)
                    .bind(period.last)
                    .fetch_all(&self.pool)
                    .await?;
                let facts = rows
                    .into_iter()
                    .map(|(number, outlet, at, status, minutes)| {
                        fact(
                            number,
                            outlet,
                            at,
                            DrillFactKind::Booking {
                                no_show: status == BookingStatus::NoShow.as_str(),
                                minutes: minutes.into(),
                            },
                        )
                    })
                    .collect();
                Ok((facts, total))
            }
            Basis::Opened => {
                let from_where = format!(
                    "FROM work_orders WHERE outlet_id IN ({outlets}) \
                     AND created_at >= $1 AND created_at < $2"
                );
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {from_where}"))
                    .bind(from)
                    .bind(until)
                    .fetch_one(&self.pool)
                    .await?;
                let rows: Vec<(String, i64, DateTime<Utc>, bool)> = sqlx::query_as(&format!(
                    "SELECT number, outlet_id, created_at, \
                     CASE WHEN booking_id IS NULL THEN TRUE ELSE FALSE END \
                     {from_where} ORDER BY created_at DESC, id DESC {limit}"
                ))
                .bind(row_from)
                .bind(until)
                .fetch_all(&self.pool)
                .await?;
                let facts = rows
                    .into_iter()
                    .map(|(number, outlet, at, walk_in)| {
                        fact(number, outlet, at, DrillFactKind::Opened { walk_in })
                    })
                    .collect();
                Ok((facts, total))
            }
        }
    }

    async fn delivered_without_outcome(&self, limit: u32) -> DbResult<Vec<WorkOrderId>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT w.id FROM work_orders w WHERE w.status = $1 \
             AND NOT EXISTS (SELECT 1 FROM order_outcomes o WHERE o.work_order_id = w.id) \
             ORDER BY w.id LIMIT $2",
        )
        .bind(crate::domain::work_order::WorkOrderStatus::Delivered.as_str())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id,)| WorkOrderId(id)).collect())
    }

    async fn stored_outcomes(
        &self,
        after: WorkOrderId,
        limit: u32,
    ) -> DbResult<Vec<(WorkOrderId, OrderOutcome)>> {
        let rows: Vec<IdOutcome> = sqlx::query_as(&format!(
            "SELECT o.work_order_id, {OUTCOME_COLUMNS} FROM order_outcomes o \
             WHERE o.work_order_id > $1 ORDER BY o.work_order_id LIMIT $2"
        ))
        .bind(after.0)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (WorkOrderId(r.work_order_id), r.fields.into()))
            .collect())
    }

    async fn save_outcome(&self, row: &OutcomeRow) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        insert_outcome::<DB>(&mut tx, row).await?;
        Ok(tx.commit().await?)
    }

    async fn fault_rows(
        &self,
        outlets: &[OutletId],
        period: Period,
        limit: u32,
    ) -> DbResult<(i64, Vec<FaultRow>, Vec<FaultRow>)> {
        let days = self.summed_days(outlets, period.first, period.last).await?;
        let outlets = id_list(outlets);
        let mut lists = Vec::new();
        for finding in [1, 0] {
            let rows: Vec<super::kpi_days::FaultLine> = sqlx::query_as(&format!(
                "SELECT CAST(finding AS BIGINT), item, item_en, model, CAST(band AS BIGINT), \
                 CAST(SUM(orders) AS BIGINT), CAST(SUM(done) AS BIGINT) FROM kpi_fault_days \
                 WHERE outlet_id IN ({outlets}) AND day >= $1 AND day <= $2 AND finding = $3 \
                 GROUP BY finding, item, item_en, model, band ORDER BY 6 DESC, 2, 4, 5 LIMIT $4"
            ))
            .bind(period.first)
            .bind(period.last)
            .bind(finding)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            lists.push(
                rows.into_iter()
                    .map(|row| super::kpi_days::fault_row(row).1)
                    .collect(),
            );
        }
        let services = lists.pop().unwrap_or_default();
        let findings = lists.pop().unwrap_or_default();
        Ok((days.orders_opened - days.cancelled, findings, services))
    }

    async fn kpi_targets(
        &self,
        group: GroupId,
        outlets: &[OutletId],
    ) -> DbResult<Vec<(Option<OutletId>, String, i64)>> {
        let rows: Vec<(Option<i64>, String, i32)> = sqlx::query_as(&format!(
            "SELECT outlet_id, kpi, tenths FROM kpi_targets WHERE group_id = $1 \
             AND (outlet_id IS NULL OR outlet_id IN ({}))",
            id_list(outlets)
        ))
        .bind(group.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(outlet, kpi, tenths)| (outlet.map(OutletId), kpi, tenths.into()))
            .collect())
    }

    async fn save_kpi_targets(&self, change: &TargetChange, audit: &AuditEntry) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // A group's target has no outlet; each kind has its own unique index, so a second
        // manager saving at the same moment updates instead of failing.
        let conflict = match change.outlet {
            Some(_) => "(outlet_id, kpi) WHERE outlet_id IS NOT NULL",
            None => "(group_id, kpi) WHERE outlet_id IS NULL",
        };
        for (kpi, tenths) in &change.targets {
            let Some(tenths) = tenths else {
                sqlx::query(
                    "DELETE FROM kpi_targets WHERE group_id = $1 \
                     AND outlet_id IS NOT DISTINCT FROM $2 AND kpi = $3",
                )
                .bind(change.group.0)
                .bind(change.outlet.map(|o| o.0))
                .bind(kpi.as_str())
                .execute(&mut *tx)
                .await?;
                continue;
            };
            sqlx::query(&format!(
                "INSERT INTO kpi_targets (group_id, outlet_id, kpi, tenths, set_by_staff_id, \
                 set_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT {conflict} \
                 DO UPDATE SET tenths = excluded.tenths, \
                 set_by_staff_id = excluded.set_by_staff_id, set_at = excluded.set_at"
            ))
            .bind(change.group.0)
            .bind(change.outlet.map(|o| o.0))
            .bind(kpi.as_str())
            .bind(i32::try_from(*tenths).unwrap_or_default())
            .bind(change.by.0)
            .bind(change.at)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        Ok(tx.commit().await?)
    }
}

/// Targets set or cleared (`None`) at once by one manager, for the group (outlet `None`) or an
/// outlet.
#[derive(Debug, Clone)]
pub struct TargetChange {
    pub group: GroupId,
    pub outlet: Option<OutletId>,
    pub targets: Vec<(String, Option<i64>)>,
    pub by: StaffId,
    pub at: DateTime<Utc>,
}

#[derive(FromRow)]
struct IdOutcome {
    work_order_id: i64,
    #[sqlx(flatten)]
    fields: OutcomeFields,
}
