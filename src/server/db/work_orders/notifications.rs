//! The notifications outbox: writing a customer message's row, listing the rows, and the
//! sender's claims and delivery records.

use crate::domain::complaint::ComplaintNumber;
use crate::domain::vehicle::Plate;
use crate::domain::work_order::*;
use crate::server::db::store::{corrupt, to_i32, Backend, Store};
use crate::server::db::*;
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

#[derive(FromRow)]
struct NotificationRow {
    id: i64,
    kind: String,
    body: String,
    link_path: Option<String>,
    order_number: Option<String>,
    plate: Option<String>,
    complaint_number: Option<String>,
    phone: String,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
    attempts: i32,
    last_error: Option<String>,
}

#[async_trait::async_trait]
impl<DB> Notifications for Store<DB>
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
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn notifications(&self, filter: OutboxFilter) -> DbResult<Vec<NotificationRecord>> {
        let (condition, key) = match filter {
            OutboxFilter::Outlet(outlet) => (
                "COALESCE(w.outlet_id, cp.outlet_id, b.outlet_id) = $1 ORDER BY n.id DESC LIMIT 200",
                outlet.0,
            ),
            OutboxFilter::Customer(customer) => (
                "n.customer_id = $1 ORDER BY n.id DESC LIMIT 200",
                customer.0,
            ),
            OutboxFilter::Id(id) => ("n.id = $1", id),
        };
        let rows: Vec<NotificationRow> = sqlx::query_as(&format!(
            "SELECT n.id, n.kind, n.body, n.link_path, w.number AS order_number, car.plate, \
             cp.number AS complaint_number, c.phone, n.created_at, \
             n.sent_at, n.attempts, n.last_error FROM notifications n \
             LEFT JOIN work_orders w ON w.id = n.work_order_id \
             LEFT JOIN complaints cp ON cp.id = n.complaint_id \
             LEFT JOIN bookings b ON b.id = n.booking_id \
             JOIN customers c ON c.id = n.customer_id \
             LEFT JOIN cars car ON car.id = COALESCE(w.car_id, b.car_id) WHERE {condition}"
        ))
        .bind(key)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(NotificationRecord {
                    id: r.id,
                    kind: r.kind.parse().map_err(corrupt)?,
                    body: r.body,
                    link: r.link_path,
                    order_number: r
                        .order_number
                        .as_deref()
                        .map(WorkOrderNumber::parse)
                        .transpose()
                        .map_err(|_| corrupt("stored order number"))?,
                    plate: r
                        .plate
                        .as_deref()
                        .map(Plate::parse)
                        .transpose()
                        .map_err(|_| corrupt("stored plate"))?,
                    complaint_number: r
                        .complaint_number
                        .as_deref()
                        .map(ComplaintNumber::parse)
                        .transpose()
                        .map_err(|_| corrupt("stored complaint number"))?,
                    phone: Phone::stored(&r.phone).map_err(|_| corrupt("stored phone"))?,
                    created_at: r.created_at,
                    sent_at: r.sent_at,
                    attempts: r.attempts as u32,
                    last_error: r.last_error,
                })
            })
            .collect()
    }

    async fn claim_notifications(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        max_attempts: u32,
        limit: u32,
    ) -> DbResult<Vec<NotificationRecord>> {
        // The claim conditions are repeated on the outer UPDATE: PostgreSQL re-checks them on
        // the row's newest version, so two instances never claim the same message.
        let ids: Vec<(i64,)> = sqlx::query_as(
            "UPDATE notifications SET claimed_until = $1 \
             WHERE id IN (SELECT id FROM notifications WHERE sent_at IS NULL AND attempts < $2 \
               AND (next_attempt_at IS NULL OR next_attempt_at <= $3) \
               AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY id LIMIT $4) \
             AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3) RETURNING id",
        )
        .bind(lease_until)
        .bind(to_i32(max_attempts))
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::with_capacity(ids.len());
        for (id,) in ids {
            claimed.extend(self.notifications(OutboxFilter::Id(id)).await?);
        }
        claimed.sort_by_key(|n| n.id);
        Ok(claimed)
    }

    async fn mark_notification(
        &self,
        id: i64,
        lease: DateTime<Utc>,
        outcome: &Delivery,
    ) -> DbResult<Marked> {
        // Only while this claim still holds: a claim that ran out may be someone else's now.
        let query = match outcome {
            Delivery::Sent { at } => sqlx::query_as(
                "UPDATE notifications SET sent_at = $1, last_error = NULL, claimed_until = NULL, \
                 attempts = attempts + 1 WHERE id = $2 AND claimed_until = $3 RETURNING id",
            )
            .bind(*at),
            Delivery::Failed { error, retry_at } => sqlx::query_as(
                "UPDATE notifications SET last_error = $1, next_attempt_at = $2, claimed_until = NULL, \
                 attempts = attempts + 1 WHERE id = $3 AND claimed_until = $4 RETURNING id",
            )
            .bind(error.as_str())
            .bind(*retry_at),
        };
        let done: Option<(i64,)> = query
            .bind(id)
            .bind(lease)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match done {
            Some(_) => Marked::Done,
            None => Marked::ClaimRanOut,
        })
    }
}

/// What a customer message is about.
#[derive(Debug, Clone, Copy)]
pub(in crate::server::db) enum About {
    Order(i64),
    Complaint(i64),
    Booking(i64),
}

pub(in crate::server::db) async fn insert_notification<DB>(
    conn: &mut DB::Connection,
    about: About,
    message: &CustomerMessage,
    at: DateTime<Utc>,
) -> DbResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
{
    let (order, complaint, booking) = match about {
        About::Order(id) => (Some(id), None, None),
        About::Complaint(id) => (None, Some(id), None),
        About::Booking(id) => (None, None, Some(id)),
    };
    sqlx::query(
        "INSERT INTO notifications (customer_id, work_order_id, complaint_id, booking_id, kind, \
         body, link_path, created_at, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0)",
    )
    .bind(message.customer.0)
    .bind(order)
    .bind(complaint)
    .bind(booking)
    .bind(message.kind.as_str())
    .bind(message.body.as_str())
    .bind(message.link.as_deref())
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
