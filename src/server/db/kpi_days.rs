//! The indicators' daily figures (`kpi_days`): per outlet and calendar day, the counts of
//! `Facts` that add up over days, so a period is summed from one row per outlet and day. A
//! change to what a day counts marks the day in its own transaction (`mark_day`,
//! `mark_booking_day`: a row appended to `kpi_day_marks`); `services::kpi_days` recounts marked
//! days from the records (`count_day`, the rule) and stores the counts with the marks it read
//! deleted. Written once over both databases like `store.rs`.

use super::store::{id_list, number_list, Backend, Store};
use super::*;
use crate::domain::booking::BookingStatus;
use crate::domain::fault::{FaultRow, MileageBand};
use crate::domain::kpi::{Basis, Facts, Kpi};
use crate::domain::work_order::WorkOrderStatus;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Row, Type};

/// A marked day with the marks read: its recount is stored only if one of them is still there
/// (another instance may have stored a later recount meanwhile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleDay {
    pub outlet: OutletId,
    pub day: NaiveDate,
    pub marks: Vec<i64>,
}

/// An outlet's day as counted: the counts of `Facts` that add up over days (the rest left at
/// zero), and the fault frequency's rows of the orders opened that day (findings first, each
/// kind in item, model, band order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayCount {
    pub facts: Facts,
    /// (a finding, as against a service agreed at reception; the row).
    pub faults: Vec<(bool, FaultRow)>,
}

/// `kpi_days`' columns, each one of the counts in `Facts` that add up over days.
fn columns(f: &mut Facts) -> [(&'static str, &mut i64); 43] {
    let o = &mut f.orders;
    let [n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10] = &mut f.nps_answers;
    let [(a, ac), (p, pc), (t, tc), (q, qc), (r, rc)] = &mut f.ratings;
    [
        ("delivered", &mut o.delivered),
        ("on_time", &mut o.on_time),
        ("inspected", &mut o.inspected),
        ("first_passed", &mut o.first_passed),
        ("reworks", &mut o.reworks),
        ("first_update_clocked", &mut o.first_update_clocked),
        ("first_update_met", &mut o.first_update_met),
        ("processing_met", &mut o.processing_met),
        ("reception_minutes", &mut o.reception_minutes),
        ("repair_minutes", &mut o.repair_minutes),
        ("inspection_minutes", &mut o.inspection_minutes),
        ("handover_minutes", &mut o.handover_minutes),
        ("approval_minutes", &mut o.approval_minutes),
        ("worked_minutes", &mut o.worked_minutes),
        ("nps_0", n0),
        ("nps_1", n1),
        ("nps_2", n2),
        ("nps_3", n3),
        ("nps_4", n4),
        ("nps_5", n5),
        ("nps_6", n6),
        ("nps_7", n7),
        ("nps_8", n8),
        ("nps_9", n9),
        ("nps_10", n10),
        ("attitude_sum", a),
        ("attitude_count", ac),
        ("professionalism_sum", p),
        ("professionalism_count", pc),
        ("timeliness_sum", t),
        ("timeliness_count", tc),
        ("price_transparency_sum", q),
        ("price_transparency_count", qc),
        ("repair_quality_sum", r),
        ("repair_quality_count", rc),
        ("surveys_sent", &mut f.surveys_sent),
        ("surveys_answered", &mut f.surveys_answered),
        ("arrived", &mut f.arrived),
        ("no_shows", &mut f.no_shows),
        ("booked_minutes", &mut f.booked_minutes),
        ("orders_opened", &mut f.orders_opened),
        ("walk_ins", &mut f.walk_ins),
        ("cancelled", &mut f.cancelled),
    ]
}

fn column_names() -> [&'static str; 43] {
    columns(&mut Facts::default()).map(|(name, _)| name)
}

/// Marks an outlet's day (its counts changed) in the change's transaction. A mark is a row of
/// its own, so two changes never wait on each other's marks.
pub(in crate::server::db) async fn mark_day<DB>(
    conn: &mut DB::Connection,
    outlet: OutletId,
    day: NaiveDate,
) -> DbResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
{
    sqlx::query("INSERT INTO kpi_day_marks (outlet_id, day) VALUES ($1, $2)")
        .bind(outlet.0)
        .bind(day)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks the day a booking is due on at its outlet (after the booking's own change).
pub(in crate::server::db) async fn mark_booking_day<DB>(
    conn: &mut DB::Connection,
    booking: BookingId,
) -> DbResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(
        "INSERT INTO kpi_day_marks (outlet_id, day) \
         SELECT outlet_id, local_date FROM bookings WHERE id = $1",
    )
    .bind(booking.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks the day an order was opened on at its outlet (its lines or its cancellation changed):
/// the outlet's calendar is not known here, so the UTC day of its opening and the days either
/// side, one of which it is in any zone.
pub(in crate::server::db) async fn mark_order_days<DB>(
    conn: &mut DB::Connection,
    order: WorkOrderId,
) -> DbResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Decode<'q, DB> + Type<DB>,
{
    let (outlet, opened_at): (i64, DateTime<Utc>) =
        sqlx::query_as("SELECT outlet_id, created_at FROM work_orders WHERE id = $1")
            .bind(order.0)
            .fetch_one(&mut *conn)
            .await?;
    let utc = opened_at.date_naive();
    sqlx::query("INSERT INTO kpi_day_marks (outlet_id, day) VALUES ($1, $2), ($1, $3), ($1, $4)")
        .bind(outlet)
        .bind(utc.pred_opt().unwrap_or(utc))
        .bind(utc)
        .bind(utc.succ_opt().unwrap_or(utc))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The sums of `OrderTotals` over an outlet's deliveries of a day, in `columns` order.
const ORDER_SUMS: &str = "COUNT(*), \
    COALESCE(SUM(CASE WHEN on_time THEN 1 ELSE 0 END), 0), \
    COUNT(first_check_passed), \
    COALESCE(SUM(CASE WHEN first_check_passed THEN 1 ELSE 0 END), 0), \
    COALESCE(SUM(CASE WHEN rework THEN 1 ELSE 0 END), 0), \
    COUNT(first_update_met), \
    COALESCE(SUM(CASE WHEN first_update_met THEN 1 ELSE 0 END), 0), \
    COALESCE(SUM(CASE WHEN processing_met THEN 1 ELSE 0 END), 0), \
    COALESCE(SUM(reception_minutes), 0), COALESCE(SUM(repair_minutes), 0), \
    COALESCE(SUM(inspection_minutes), 0), COALESCE(SUM(handover_minutes), 0), \
    COALESCE(SUM(approval_minutes), 0), COALESCE(SUM(worked_minutes), 0)";

/// A fault frequency row as read: (finding, item, item_en, model, band, orders, done).
pub(super) type FaultLine = (i64, String, String, String, i64, i64, i64);

pub(super) fn fault_row(
    (finding, item, item_en, model, band, orders, done): FaultLine,
) -> (bool, FaultRow) {
    let band = MileageBand::ALL
        .get(usize::try_from(band).unwrap_or_default())
        .copied()
        .unwrap_or(MileageBand::Over100k);
    (
        finding == 1,
        FaultRow {
            item,
            item_en,
            model,
            band,
            orders,
            done,
        },
    )
}

/// Reads the `i64`s of a row, in order.
fn numbers<R: Row>(row: &R, into: &mut [(&'static str, &mut i64)]) -> DbResult<()>
where
    usize: ColumnIndex<R>,
    for<'q> i64: Decode<'q, R::Database> + Type<R::Database>,
{
    for (i, (_, value)) in into.iter_mut().enumerate() {
        **value = row.try_get::<i64, usize>(i)?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl<DB> KpiDays for Store<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i32>: Decode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Decode<'q, DB>,
    for<'q> Option<NaiveDate>: Decode<'q, DB>,
{
    async fn count_day(
        &self,
        outlet: OutletId,
        day: NaiveDate,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> DbResult<DayCount> {
        let mut facts = Facts::default();
        let mut all = columns(&mut facts);
        let (orders, rest) = all.split_at_mut(14);
        let (nps, rest) = rest.split_at_mut(11);
        let (ratings, rest) = rest.split_at_mut(10);
        let (surveys, rest) = rest.split_at_mut(2);
        let (bookings, opened) = rest.split_at_mut(3);
        // Orders handed back that day, from their stored outcomes.
        let row = sqlx::query(&format!(
            "SELECT {ORDER_SUMS} FROM order_outcomes WHERE outlet_id = $1 AND delivered_on = $2"
        ))
        .bind(outlet.0)
        .bind(day)
        .fetch_one(&self.pool)
        .await?;
        numbers(&row, orders)?;
        // Surveys answered that day: each NPS score, and the ratings given with it.
        let rows = sqlx::query(
            "SELECT nps, COUNT(*), \
             COALESCE(SUM(attitude), 0), COUNT(attitude), \
             COALESCE(SUM(professionalism), 0), COUNT(professionalism), \
             COALESCE(SUM(timeliness), 0), COUNT(timeliness), \
             COALESCE(SUM(price_transparency), 0), COUNT(price_transparency), \
             COALESCE(SUM(repair_quality), 0), COUNT(repair_quality) \
             FROM surveys WHERE outlet_id = $1 AND answered_at >= $2 AND answered_at < $3 \
             AND nps IS NOT NULL GROUP BY nps",
        )
        .bind(outlet.0)
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            let score: i32 = row.try_get(0)?;
            let given: i64 = row.try_get(1)?;
            if let Some((_, n)) = nps.get_mut(usize::try_from(score.clamp(0, 10)).unwrap_or(0)) {
                **n += given;
            }
            for (i, (_, value)) in ratings.iter_mut().enumerate() {
                **value += row.try_get::<i64, usize>(i + 2)?;
            }
        }
        // Surveys sent that day, and how many of them were answered.
        let row = sqlx::query(
            "SELECT COUNT(*), COUNT(answered_at) FROM surveys \
             WHERE outlet_id = $1 AND created_at >= $2 AND created_at < $3",
        )
        .bind(outlet.0)
        .bind(from)
        .bind(until)
        .fetch_one(&self.pool)
        .await?;
        numbers(&row, surveys)?;
        // Bookings due that day: came, did not, minutes held (all but cancelled ones).
        let row = sqlx::query(&format!(
            "SELECT COUNT(CASE WHEN status = '{arrived}' THEN 1 END), \
             COUNT(CASE WHEN status = '{no_show}' THEN 1 END), \
             COALESCE(SUM(CASE WHEN status <> '{cancelled}' THEN end_minute - start_minute ELSE 0 END), 0) \
             FROM bookings WHERE outlet_id = $1 AND local_date = $2",
            arrived = BookingStatus::Arrived.as_str(),
            no_show = BookingStatus::NoShow.as_str(),
            cancelled = BookingStatus::Cancelled.as_str(),
        ))
        .bind(outlet.0)
        .bind(day)
        .fetch_one(&self.pool)
        .await?;
        numbers(&row, bookings)?;
        // Orders opened that day, those without a booking, and those cancelled since.
        let row = sqlx::query(&format!(
            "SELECT COUNT(*), COUNT(CASE WHEN booking_id IS NULL THEN 1 END), \
             COUNT(CASE WHEN status = '{cancelled}' THEN 1 END) FROM work_orders \
             WHERE outlet_id = $1 AND created_at >= $2 AND created_at < $3",
            cancelled = WorkOrderStatus::Cancelled.as_str(),
        ))
        .bind(outlet.0)
        .bind(from)
        .bind(until)
        .fetch_one(&self.pool)
        .await?;
        numbers(&row, opened)?;
        // The fault frequency of the orders opened that day (not cancelled): each labour line
        // by car model and mileage band at check-in (the band as `MileageBand::of` draws it).
        let mut band = String::from("CASE");
        for b in MileageBand::ALL {
            if let Some(below) = b.below_km() {
                band.push_str(&format!(
                    " WHEN w.odometer_in_km < {below} THEN {}",
                    b.index()
                ));
            }
        }
        band.push_str(&format!(" ELSE {} END", MileageBand::Over100k.index()));
        let rows: Vec<FaultLine> = sqlx::query_as(&format!(
            "SELECT CAST(CASE WHEN l.approval = 'agreed' THEN 0 ELSE 1 END AS BIGINT), \
             l.item, l.item_en, c.model, CAST({band} AS BIGINT), COUNT(DISTINCT w.id), \
             COUNT(DISTINCT CASE WHEN l.approval IN ('agreed', 'approved') THEN w.id END) \
             FROM work_orders w JOIN work_order_lines l ON l.work_order_id = w.id \
             JOIN cars c ON c.id = w.car_id \
             WHERE w.outlet_id = $1 AND w.created_at >= $2 AND w.created_at < $3 \
             AND w.status <> '{cancelled}' AND l.kind = 'labour' \
             GROUP BY 1, 2, 3, 4, 5 ORDER BY 1 DESC, 2, 3, 4, 5",
            cancelled = WorkOrderStatus::Cancelled.as_str(),
        ))
        .bind(outlet.0)
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        Ok(DayCount {
            facts,
            faults: rows.into_iter().map(fault_row).collect(),
        })
    }

    async fn summed_days(
        &self,
        outlets: &[OutletId],
        first: NaiveDate,
        last: NaiveDate,
    ) -> DbResult<Facts> {
        let sums: Vec<String> = column_names()
            .iter()
            .map(|c| format!("COALESCE(SUM({c}), 0)"))
            .collect();
        let row = sqlx::query(&format!(
            "SELECT {} FROM kpi_days WHERE outlet_id IN ({}) AND day >= $1 AND day <= $2",
            sums.join(", "),
            id_list(outlets)
        ))
        .bind(first)
        .bind(last)
        .fetch_one(&self.pool)
        .await?;
        let mut facts = Facts::default();
        numbers(&row, &mut columns(&mut facts))?;
        Ok(facts)
    }

    async fn stored_day(&self, outlet: OutletId, day: NaiveDate) -> DbResult<Option<DayCount>> {
        let read: Vec<String> = column_names()
            .iter()
            .map(|c| format!("CAST({c} AS BIGINT)"))
            .collect();
        let row = sqlx::query(&format!(
            "SELECT {} FROM kpi_days WHERE outlet_id = $1 AND day = $2",
            read.join(", ")
        ))
        .bind(outlet.0)
        .bind(day)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut facts = Facts::default();
        numbers(&row, &mut columns(&mut facts))?;
        let rows: Vec<FaultLine> = sqlx::query_as(
            "SELECT CAST(finding AS BIGINT), item, item_en, model, CAST(band AS BIGINT), \
             CAST(orders AS BIGINT), CAST(done AS BIGINT) FROM kpi_fault_days \
             WHERE outlet_id = $1 AND day = $2 ORDER BY 1 DESC, 2, 3, 4, 5",
        )
        .bind(outlet.0)
        .bind(day)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(DayCount {
            facts,
            faults: rows.into_iter().map(fault_row).collect(),
        }))
    }

    async fn stale_days(
        &self,
        outlets: Option<&[OutletId]>,
        first: NaiveDate,
        last: NaiveDate,
        limit: u32,
    ) -> DbResult<Vec<StaleDay>> {
        let among = outlets.map_or(String::new(), |o| {
            format!("outlet_id IN ({}) AND ", id_list(o))
        });
        let rows: Vec<(i64, i64, NaiveDate)> = sqlx::query_as(&format!(
            "SELECT id, outlet_id, day FROM kpi_day_marks \
             WHERE {among}day >= $1 AND day <= $2 ORDER BY day, outlet_id, id LIMIT $3"
        ))
        .bind(first)
        .bind(last)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut days: Vec<StaleDay> = Vec::new();
        for (mark, outlet, day) in rows {
            match days.last_mut() {
                Some(d) if d.outlet.0 == outlet && d.day == day => d.marks.push(mark),
                _ => days.push(StaleDay {
                    outlet: OutletId(outlet),
                    day,
                    marks: vec![mark],
                }),
            }
        }
        Ok(days)
    }

    async fn save_day(&self, stale: &StaleDay, count: &DayCount) -> DbResult<bool> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // The recount covers the marks read before it. If another instance deleted them all
        // meanwhile, it stored a recount at least as late: this one is dropped. A mark written
        // since stays for the next recount.
        let cleared: Vec<(i64,)> = sqlx::query_as(&format!(
            "DELETE FROM kpi_day_marks WHERE id IN ({}) RETURNING id",
            number_list(stale.marks.iter().copied())
        ))
        .fetch_all(&mut *tx)
        .await?;
        if cleared.is_empty() {
            return Ok(false);
        }
        let names = column_names();
        let places: Vec<String> = (0..names.len()).map(|i| format!("${}", i + 3)).collect();
        let updates: Vec<String> = names
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        let sql = format!(
            "INSERT INTO kpi_days (outlet_id, day, {}) VALUES ($1, $2, {}) \
             ON CONFLICT (outlet_id, day) DO UPDATE SET {}",
            names.join(", "),
            places.join(", "),
            updates.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(stale.outlet.0).bind(stale.day);
        let mut counts = count.facts.clone();
        for (_, value) in columns(&mut counts) {
            query = query.bind(i32::try_from(*value).unwrap_or(i32::MAX));
        }
        query.execute(&mut *tx).await?;
        sqlx::query("DELETE FROM kpi_fault_days WHERE outlet_id = $1 AND day = $2")
            .bind(stale.outlet.0)
            .bind(stale.day)
            .execute(&mut *tx)
            .await?;
        for (finding, row) in &count.faults {
            sqlx::query(
                "INSERT INTO kpi_fault_days (outlet_id, day, finding, item, item_en, model, band, \
                 orders, done) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(stale.outlet.0)
            .bind(stale.day)
            .bind(i32::from(*finding))
            .bind(row.item.as_str())
            .bind(row.item_en.as_str())
            .bind(row.model.as_str())
            .bind(i32::try_from(row.band.index()).unwrap_or_default())
            .bind(i32::try_from(row.orders).unwrap_or(i32::MAX))
            .bind(i32::try_from(row.done).unwrap_or(i32::MAX))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn mark_days(
        &self,
        outlets: &[OutletId],
        first: NaiveDate,
        last: NaiveDate,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        for day in first.iter_days().take_while(|d| *d <= last) {
            for outlet in outlets {
                mark_day::<DB>(&mut tx, *outlet, day).await?;
            }
        }
        Ok(tx.commit().await?)
    }

    async fn days_started(&self) -> DbResult<bool> {
        let (marked,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM kpi_days LIMIT 1) d) \
             + (SELECT COUNT(*) FROM (SELECT 1 FROM kpi_day_marks LIMIT 1) m)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(marked > 0)
    }

    async fn listed_per_day(
        &self,
        kpi: Kpi,
        outlets: &[OutletId],
        first: NaiveDate,
        last: NaiveDate,
    ) -> DbResult<Option<Vec<(NaiveDate, i64)>>> {
        // A floor of what the drill-down lists each day: bay use also lists bookings still
        // booked, which are not counted per day.
        let listed = match kpi.basis() {
            Basis::Delivered => "delivered".to_string(),
            Basis::Surveys if kpi == Kpi::SurveyResponse => "surveys_sent".to_string(),
            Basis::Surveys => (0..=10)
                .map(|n| format!("nps_{n}"))
                .collect::<Vec<_>>()
                .join(" + "),
            Basis::Bookings => "arrived + no_shows".to_string(),
            Basis::Opened => "orders_opened".to_string(),
            Basis::Complaints | Basis::FollowUps => return Ok(None),
        };
        let rows: Vec<(NaiveDate, i64)> = sqlx::query_as(&format!(
            "SELECT day, CAST(SUM({listed}) AS BIGINT) FROM kpi_days \
             WHERE outlet_id IN ({}) AND day >= $1 AND day <= $2 GROUP BY day ORDER BY day DESC",
            id_list(outlets)
        ))
        .bind(first)
        .bind(last)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(rows))
    }

    async fn recorded_days(&self) -> DbResult<Option<(NaiveDate, NaiveDate)>> {
        let (first, last): (Option<DateTime<Utc>>, Option<DateTime<Utc>>) =
            sqlx::query_as("SELECT MIN(created_at), MAX(created_at) FROM work_orders")
                .fetch_one(&self.pool)
                .await?;
        let (booked_first, booked_last): (Option<NaiveDate>, Option<NaiveDate>) =
            sqlx::query_as("SELECT MIN(local_date), MAX(local_date) FROM bookings")
                .fetch_one(&self.pool)
                .await?;
        let first = [first.map(|t| t.date_naive()), booked_first]
            .into_iter()
            .flatten()
            .min();
        let last = [last.map(|t| t.date_naive()), booked_last]
            .into_iter()
            .flatten()
            .max();
        Ok(first.zip(last))
    }
}
