//! The repository, written once over any sqlx database that can hold our types.
//!
//! The SQL here and in the aggregates' files is portable between SQLite and PostgreSQL (`$n`
//! placeholders, `RETURNING`, `ON CONFLICT`, no date functions: date arithmetic happens in
//! Rust). `Store<Sqlite>` and `Store<Postgres>` are the two implementations of `Repository`
//! and its sub-traits; `Backend` supplies what must differ, the locks a booking or write
//! transaction takes. This file keeps `Store`, `Backend`, the helpers the aggregates share
//! (`corrupt`, `id_list`, `to_i32`, `insert_audit`) and `Repository`'s own method.

use super::*;
use futures::future::BoxFuture;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Pool, Transaction, Type};

/// What differs between the databases inside the shared repository.
pub trait Backend: sqlx::Database {
    /// Starts the transaction a booking change runs in. It must serialise booking changes at
    /// the outlet and for the car, so that the capacity and the car's other bookings read
    /// inside it are still true when it commits.
    fn begin_booking(
        pool: &Pool<Self>,
        outlet: OutletId,
        car: CarId,
    ) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Self>>>;

    /// Starts a transaction that will write: on SQLite it takes the write lock up front, so a
    /// read inside it cannot fail to upgrade later under load.
    fn begin_write(pool: &Pool<Self>) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Self>>>;
}

pub struct Store<DB: sqlx::Database> {
    pub pool: Pool<DB>,
}

pub(super) fn corrupt(what: impl Into<String>) -> DbError {
    DbError::Other(sqlx::Error::Decode(what.into().into()))
}

/// Outlet ids as an SQL list (numbers only: nothing typed by a user).
pub(super) fn id_list(outlets: &[OutletId]) -> String {
    match outlets.is_empty() {
        true => "NULL".into(),
        false => outlets
            .iter()
            .map(|o| o.0.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub(super) fn to_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

#[async_trait::async_trait]
impl<DB> Repository for Store<DB>
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
    async fn record_audit(&self, audit: &AuditEntry) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        Ok(tx.commit().await?)
    }
}

impl<DB> Store<DB>
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
    pub(super) async fn insert_audit(
        conn: &mut DB::Connection,
        audit: &AuditEntry,
        created_key: Option<String>,
    ) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_kind, actor_id, action, entity, entity_key, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(audit.at)
        .bind(audit.actor.kind())
        .bind(audit.actor.id())
        .bind(audit.action)
        .bind(audit.entity)
        .bind(created_key.unwrap_or_else(|| audit.entity_key.clone()))
        .bind(audit.detail.to_string())
        .execute(conn)
        .await?;
        Ok(())
    }
}
