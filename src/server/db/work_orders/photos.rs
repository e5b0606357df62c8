//! A work order's photos: adding one (within the order's allowance), listing them and reading
//! a picture's bytes.

use crate::server::db::store::{Backend, Store};
use crate::server::db::*;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Type};

#[async_trait::async_trait]
impl<DB> Photos for Store<DB>
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
    async fn add_photo(&self, photo: &NewPhoto, audit: &AuditEntry) -> DbResult<Added<PhotoId>> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // Counted inside the write transaction (and after the order's row is touched, which
        // PostgreSQL locks), so concurrent uploads cannot pass the limit together.
        sqlx::query("UPDATE work_orders SET updated_at = $1 WHERE id = $2")
            .bind(photo.at)
            .bind(photo.order.0)
            .execute(&mut *tx)
            .await?;
        let (count,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM work_order_photos WHERE work_order_id = $1")
                .bind(photo.order.0)
                .fetch_one(&mut *tx)
                .await?;
        if count >= i64::from(photo.max_per_order) {
            return Ok(Added::Full);
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO work_order_photos (work_order_id, line_id, caption, content_type, size_bytes, \
             bytes, added_by_staff_id, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(photo.order.0)
        .bind(photo.line.map(|l| l.0))
        .bind(photo.caption.as_str())
        .bind(photo.content_type)
        .bind(photo.bytes.len() as i64)
        .bind(&photo.bytes)
        .bind(photo.staff.0)
        .bind(photo.at)
        .fetch_one(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Added::Added(PhotoId(id)))
    }

    async fn photos_of(&self, order: WorkOrderId) -> DbResult<Vec<PhotoRecord>> {
        let rows: Vec<(i64, Option<i64>, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT id, line_id, caption, added_at FROM work_order_photos \
             WHERE work_order_id = $1 ORDER BY id",
        )
        .bind(order.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, line, caption, at)| PhotoRecord {
                id: PhotoId(id),
                line: line.map(LineId),
                caption,
                at,
            })
            .collect())
    }

    async fn photo_bytes(
        &self,
        order: WorkOrderId,
        photo: PhotoId,
    ) -> DbResult<Option<(String, Vec<u8>)>> {
        sqlx::query_as(
            "SELECT content_type, bytes FROM work_order_photos WHERE id = $1 AND work_order_id = $2",
        )
        .bind(photo.0)
        .bind(order.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(DbError::from)
    }
}
