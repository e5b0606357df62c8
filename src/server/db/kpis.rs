//! What the indicators are computed from (`domain::kpi`): the orders delivered in a period with
//! their first quality check, the surveys, the complaints, the bookings due and the orders
//! opened, at the outlets in scope. Six queries whatever the period's size. Written once over
//! both databases like `store.rs`.

use super::store::{id_list, Backend, Store};
use super::*;
use crate::domain::booking::BookingStatus;
use crate::domain::kpi::{DeliveredOrder, Facts, FiledComplaint, Period};
use crate::domain::work_order::WorkOrderEvent;
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

#[derive(FromRow)]
struct DeliveredRow {
    promised_at: DateTime<Utc>,
    delivered_at: DateTime<Utc>,
    rework: bool,
    first_check: Option<String>,
}

#[async_trait::async_trait]
impl<DB> Kpis for Store<DB>
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
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> Option<String>: Decode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Decode<'q, DB>,
{
    async fn kpi_facts(
        &self,
        outlets: &[OutletId],
        period: Period,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> DbResult<Facts> {
        // Outlet ids are numbers from our own records: written into the statement as a list.
        let outlets = id_list(outlets);
        let (pass, fail, deliver) = (
            WorkOrderEvent::PassCheck.as_str(),
            WorkOrderEvent::FailCheck.as_str(),
            WorkOrderEvent::Deliver.as_str(),
        );
        let delivered: Vec<DeliveredRow> = sqlx::query_as(&format!(
            "SELECT w.promised_at, d.at AS delivered_at, \
             CASE WHEN w.rework_of IS NULL THEN FALSE ELSE TRUE END AS rework, \
             (SELECT c.event FROM work_order_events c WHERE c.work_order_id = w.id \
              AND c.event IN ('{pass}', '{fail}') ORDER BY c.id LIMIT 1) AS first_check \
             FROM work_orders w JOIN work_order_events d ON d.work_order_id = w.id \
             AND d.event = '{deliver}' \
             WHERE w.outlet_id IN ({outlets}) AND d.at >= $1 AND d.at < $2"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let answers: Vec<(i32,)> = sqlx::query_as(&format!(
            "SELECT s.nps FROM surveys s JOIN work_orders w ON w.id = s.work_order_id \
             WHERE w.outlet_id IN ({outlets}) AND s.nps IS NOT NULL \
             AND s.answered_at >= $1 AND s.answered_at < $2"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let complaints: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = sqlx::query_as(&format!(
            "SELECT filed_at, first_response_at FROM complaints WHERE outlet_id IN ({outlets}) \
             AND filed_at >= $1 AND filed_at < $2"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let (surveys_sent, surveys_answered): (i64, i64) = sqlx::query_as(&format!(
            "SELECT COUNT(*), COUNT(s.answered_at) FROM surveys s \
             JOIN work_orders w ON w.id = s.work_order_id \
             WHERE w.outlet_id IN ({outlets}) AND s.created_at >= $1 AND s.created_at < $2"
        ))
        .bind(from)
        .bind(until)
        .fetch_one(&self.pool)
        .await?;
        let (arrived, no_shows): (i64, i64) = sqlx::query_as(&format!(
            "SELECT COUNT(CASE WHEN status = '{}' THEN 1 END), \
             COUNT(CASE WHEN status = '{}' THEN 1 END) FROM bookings \
             WHERE outlet_id IN ({outlets}) AND local_date >= $1 AND local_date <= $2",
            BookingStatus::Arrived.as_str(),
            BookingStatus::NoShow.as_str(),
        ))
        .bind(period.first)
        .bind(period.last)
        .fetch_one(&self.pool)
        .await?;
        let (orders_opened, walk_ins): (i64, i64) = sqlx::query_as(&format!(
            "SELECT COUNT(*), COUNT(CASE WHEN booking_id IS NULL THEN 1 END) FROM work_orders \
             WHERE outlet_id IN ({outlets}) AND created_at >= $1 AND created_at < $2"
        ))
        .bind(from)
        .bind(until)
        .fetch_one(&self.pool)
        .await?;
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(Facts {
            delivered: delivered
                .into_iter()
                .map(|r| DeliveredOrder {
                    promised_at: r.promised_at,
                    delivered_at: r.delivered_at,
                    first_check_passed: r.first_check.map(|e| e == pass),
                    rework: r.rework,
                })
                .collect(),
            nps_answers: answers
                .into_iter()
                .map(|(n,)| n.clamp(0, 10) as u8)
                .collect(),
            complaints: complaints
                .into_iter()
                .map(|(filed_at, first_response_at)| FiledComplaint {
                    filed_at,
                    first_response_at,
                })
                .collect(),
            surveys_sent: count(surveys_sent),
            surveys_answered: count(surveys_answered),
            arrived: count(arrived),
            no_shows: count(no_shows),
            orders_opened: count(orders_opened),
            walk_ins: count(walk_ins),
        })
    }
}
