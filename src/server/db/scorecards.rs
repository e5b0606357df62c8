//! What the scorecards are computed from (`domain::scorecard`): per advisor and per
//! technician at the outlets, the quarter's handed-back orders (from their stored outcomes),
//! the ratings on their orders, the comebacks of their orders and the complaints laid at their
//! door; the managers' assessments; and headquarters' weights. A fixed number of queries.
//! Written once over both databases like `store.rs`.

use super::store::{id_list, number_list, Backend, Store};
use super::*;
use crate::domain::kpi::Period;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Type};

/// Sums for one person at one outlet: orders handed back, on time, inspected, passed first.
pub type OrderSums = (i64, i64, i64, i64, i64, i64);

/// The quarter's facts, as read; `services::scorecards` puts them together per person.
#[derive(Debug, Default)]
pub struct ScoreFacts {
    /// (advisor's staff id, outlet, handed back, on time, inspected, passed first).
    pub by_advisor: Vec<OrderSums>,
    /// (technician id, outlet, handed back, on time, inspected, passed first).
    pub by_technician: Vec<OrderSums>,
    /// (advisor's staff id, outlet, ratings summed, ratings given).
    pub ratings_by_advisor: Vec<(i64, i64, i64, i64)>,
    /// (technician id, outlet, ratings summed, ratings given).
    pub ratings_by_technician: Vec<(i64, i64, i64, i64)>,
    /// Comebacks opened in the quarter, by the redone order's advisor, technician and outlet.
    pub comebacks: Vec<(i64, Option<i64>, i64, i64)>,
    /// Complaints filed in the quarter that named a technician responsible: (technician,
    /// outlet, count). The workshop's workmanship, nobody in particular, is nobody's.
    pub complaints: Vec<(i64, i64, i64)>,
    /// The quarter's assessments: (staff id, scores as stored).
    pub assessments: Vec<(i64, String)>,
    /// The advisors' names.
    pub advisors: Vec<(i64, String)>,
    /// The outlets' technicians: (id, their account, name).
    pub technicians: Vec<(i64, Option<i64>, String)>,
}

/// The five ratings' columns.
const RATINGS: [&str; 5] = [
    "attitude",
    "professionalism",
    "timeliness",
    "price_transparency",
    "repair_quality",
];

#[async_trait::async_trait]
impl<DB> Scorecards for Store<DB>
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
    for<'q> Option<i64>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<bool>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn score_facts(
        &self,
        outlets: &[OutletId],
        period: Period,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> DbResult<ScoreFacts> {
        let outlets = id_list(outlets);
        let sums = "COUNT(*), SUM(CASE WHEN o.on_time THEN 1 ELSE 0 END), \
            COUNT(o.first_check_passed), \
            SUM(CASE WHEN o.first_check_passed THEN 1 ELSE 0 END)";
        let delivered = format!(
            "FROM order_outcomes o WHERE o.outlet_id IN ({outlets}) \
             AND o.delivered_on >= $1 AND o.delivered_on <= $2"
        );
        let mut facts = ScoreFacts::default();
        for (who, into) in [
            ("o.advisor_id", &mut facts.by_advisor),
            ("o.technician_id", &mut facts.by_technician),
        ] {
            *into = sqlx::query_as(&format!(
                "SELECT {who}, o.outlet_id, {sums} {delivered} AND {who} IS NOT NULL \
                 GROUP BY {who}, o.outlet_id"
            ))
            .bind(period.first)
            .bind(period.last)
            .fetch_all(&self.pool)
            .await?;
        }
        let rated: Vec<String> = RATINGS
            .iter()
            .map(|c| format!("COALESCE(s.{c}, 0)"))
            .collect();
        let given: Vec<String> = RATINGS
            .iter()
            .map(|c| format!("CASE WHEN s.{c} IS NULL THEN 0 ELSE 1 END"))
            .collect();
        for (who, into) in [
            ("w.opened_by_staff_id", &mut facts.ratings_by_advisor),
            ("w.technician_id", &mut facts.ratings_by_technician),
        ] {
            *into = sqlx::query_as(&format!(
                "SELECT {who}, s.outlet_id, CAST(SUM({}) AS BIGINT), CAST(SUM({}) AS BIGINT) \
                 FROM surveys s JOIN work_orders w ON w.id = s.work_order_id \
                 WHERE s.outlet_id IN ({outlets}) AND s.answered_at >= $1 \
                 AND s.answered_at < $2 AND {who} IS NOT NULL GROUP BY {who}, s.outlet_id",
                rated.join(" + "),
                given.join(" + ")
            ))
            .bind(from)
            .bind(until)
            .fetch_all(&self.pool)
            .await?;
        }
        facts.comebacks = sqlx::query_as(&format!(
            "SELECT o.opened_by_staff_id, o.technician_id, o.outlet_id, COUNT(*) \
             FROM work_orders r JOIN work_orders o ON o.id = r.rework_of \
             WHERE r.outlet_id IN ({outlets}) AND r.created_at >= $1 AND r.created_at < $2 \
             AND r.status <> 'cancelled' \
             GROUP BY o.opened_by_staff_id, o.technician_id, o.outlet_id"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        facts.complaints = sqlx::query_as(&format!(
            "SELECT c.responsible_technician_id, c.outlet_id, COUNT(*) FROM complaints c \
             WHERE c.outlet_id IN ({outlets}) AND c.filed_at >= $1 AND c.filed_at < $2 \
             AND c.responsibility = 'technician' AND c.responsible_technician_id IS NOT NULL \
             GROUP BY c.responsible_technician_id, c.outlet_id"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        facts.assessments =
            sqlx::query_as("SELECT staff_id, scores FROM staff_assessments WHERE period = $1")
                .bind(period.label())
                .fetch_all(&self.pool)
                .await?;
        let advisors: Vec<i64> = facts
            .by_advisor
            .iter()
            .map(|r| r.0)
            .chain(facts.ratings_by_advisor.iter().map(|r| r.0))
            .chain(facts.comebacks.iter().map(|r| r.0))
            .collect();
        facts.advisors = sqlx::query_as(&format!(
            "SELECT id, display_name FROM staff WHERE id IN ({})",
            number_list(advisors.into_iter())
        ))
        .fetch_all(&self.pool)
        .await?;
        facts.technicians = sqlx::query_as(&format!(
            "SELECT id, staff_id, name FROM technicians WHERE outlet_id IN ({outlets})"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(facts)
    }

    async fn point_weights(&self, group: GroupId) -> DbResult<Vec<(String, i64)>> {
        let rows: Vec<(String, i32)> =
            sqlx::query_as("SELECT measure, weight FROM service_point_weights WHERE group_id = $1")
                .bind(group.0)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(m, w)| (m, w.into())).collect())
    }

    async fn save_point_weights(
        &self,
        group: GroupId,
        weights: &[(String, i64)],
        by: StaffId,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        for (measure, weight) in weights {
            sqlx::query(
                "INSERT INTO service_point_weights (group_id, measure, weight, set_by_staff_id, \
                 set_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (group_id, measure) \
                 DO UPDATE SET weight = excluded.weight, \
                 set_by_staff_id = excluded.set_by_staff_id, set_at = excluded.set_at",
            )
            .bind(group.0)
            .bind(measure.as_str())
            .bind(i32::try_from(*weight).unwrap_or_default())
            .bind(by.0)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        Ok(tx.commit().await?)
    }
}
