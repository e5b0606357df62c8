//! The repository, written once over any sqlx database that can hold our types.
//!
//! The SQL here and in the aggregates' files is portable between SQLite and PostgreSQL (`$n`
//! placeholders, `RETURNING`, `ON CONFLICT`, no date functions: date arithmetic happens in
//! Rust). `Store<Sqlite>` and `Store<Postgres>` are the two implementations of `Repository`
//! and its sub-traits; `Backend` supplies what must differ, the locks a booking or write
//! transaction takes. This file keeps `Store`, `Backend`, the helpers the aggregates share
//! (`corrupt`, `id_list`, `to_i32`, `insert_audit`) and `Repository`'s own method.

use super::*;
use crate::server::audit::{self, LineContent, SealedLine};
use futures::future::BoxFuture;

/// The columns a `SealedLine` is read from.
const SEALED_LINE: &str = "id, seq, at, actor_kind, actor_id, action, entity, entity_key, detail, \
     prev_hash, hash";
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Pool, Row, Transaction, Type};

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
    number_list(outlets.iter().map(|o| o.0))
}

/// Row ids from our own records as an SQL list.
pub(super) fn number_list(ids: impl Iterator<Item = i64>) -> String {
    let list: Vec<String> = ids.map(|id| id.to_string()).collect();
    match list.is_empty() {
        true => "NULL".into(),
        false => list.join(", "),
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
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<bool>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<i32>: Decode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn record_audit(&self, audit: &AuditEntry) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        Ok(tx.commit().await?)
    }

    async fn audit_head(&self) -> DbResult<(i64, String)> {
        let row = sqlx::query("SELECT seq, hash FROM audit_chain_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok((row.try_get("seq")?, row.try_get("hash")?))
    }

    async fn sealed_audit_lines(
        &self,
        after_seq: i64,
        up_to: i64,
        limit: u32,
    ) -> DbResult<Vec<SealedLine>> {
        let rows = sqlx::query(&format!(
            "SELECT {SEALED_LINE} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3"
        ))
        .bind(after_seq)
        .bind(up_to)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Self::sealed_lines(&rows)
    }

    async fn browse_audit(&self, query: &AuditQuery, limit: u32) -> DbResult<Vec<SealedLine>> {
        // Staff ids are numbers from our own records: written into the statement as a list.
        let ids = |list: &[StaffId]| match list.is_empty() {
            true => "NULL".to_string(),
            false => list
                .iter()
                .map(|s| s.0.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        };
        let mut sql = format!(
            "SELECT {SEALED_LINE} FROM audit_log WHERE seq IS NOT NULL AND seq < $1 \
             AND action LIKE $2 ESCAPE '\\' AND entity_key LIKE $3 ESCAPE '\\' \
             AND at >= $4 AND at < $5"
        );
        if let Some(staff) = &query.staff {
            sql += &format!(" AND actor_kind = 'staff' AND actor_id IN ({})", ids(staff));
        }
        if let Some(within) = &query.within {
            let list = ids(within);
            sql += &format!(
                " AND ((actor_kind = 'staff' AND actor_id IN ({list})) OR (entity = 'session' \
                 AND entity_key IN (SELECT 'staff:' || username FROM staff WHERE id IN ({list}))))"
            );
        }
        sql += " ORDER BY seq DESC LIMIT $6";
        let rows = sqlx::query(&sql)
            .bind(query.before_seq)
            .bind(query.action.as_str())
            .bind(query.entity_key.as_str())
            .bind(query.from)
            .bind(query.until)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        Self::sealed_lines(&rows)
    }

    async fn audit_lines_by(&self, actor: Actor, limit: u32) -> DbResult<Vec<SealedLine>> {
        let rows = sqlx::query(&format!(
            "SELECT {SEALED_LINE} FROM audit_log WHERE actor_kind = $1 AND actor_id = $2 \
             AND seq IS NOT NULL ORDER BY seq DESC LIMIT $3"
        ))
        .bind(actor.kind())
        .bind(actor.id())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Self::sealed_lines(&rows)
    }

    async fn first_unsealed_audit_line(&self) -> DbResult<Option<i64>> {
        let row = sqlx::query("SELECT MIN(id) AS id FROM audit_log WHERE seq IS NULL")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("id")?)
    }

    async fn seal_unsealed_audit_lines(&self) -> DbResult<u64> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let (mut seq, mut prev) = Self::take_chain_head(&mut tx).await?;
        let rows = sqlx::query(
            "SELECT id, at, actor_kind, actor_id, action, entity, entity_key, detail \
             FROM audit_log WHERE seq IS NULL ORDER BY id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for r in &rows {
            seq += 1;
            let at: DateTime<Utc> = r.try_get("at")?;
            let (actor_kind, action, entity, entity_key, detail): (
                String,
                String,
                String,
                String,
                String,
            ) = (
                r.try_get("actor_kind")?,
                r.try_get("action")?,
                r.try_get("entity")?,
                r.try_get("entity_key")?,
                r.try_get("detail")?,
            );
            let hash = audit::seal(
                &LineContent {
                    seq,
                    at,
                    actor_kind: &actor_kind,
                    actor_id: r.try_get("actor_id")?,
                    action: &action,
                    entity: &entity,
                    entity_key: &entity_key,
                    detail: &detail,
                },
                &prev,
            );
            sqlx::query("UPDATE audit_log SET seq = $1, prev_hash = $2, hash = $3 WHERE id = $4")
                .bind(seq)
                .bind(prev.as_str())
                .bind(hash.as_str())
                .bind(r.try_get::<i64, _>("id")?)
                .execute(&mut *tx)
                .await?;
            prev = hash;
        }
        Self::move_chain_head(&mut tx, seq, &prev).await?;
        tx.commit().await?;
        Ok(rows.len() as u64)
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
    fn sealed_lines(rows: &[DB::Row]) -> DbResult<Vec<SealedLine>> {
        rows.iter()
            .map(|r| {
                Ok(SealedLine {
                    id: r.try_get("id")?,
                    seq: r.try_get("seq")?,
                    at: r.try_get("at")?,
                    actor_kind: r.try_get("actor_kind")?,
                    actor_id: r.try_get("actor_id")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    entity_key: r.try_get("entity_key")?,
                    detail: r.try_get("detail")?,
                    prev_hash: r.try_get("prev_hash")?,
                    hash: r.try_get("hash")?,
                })
            })
            .collect()
    }

    /// Ends a write that may have changed nothing: audited and committed when it did, dropped
    /// (rolled back) when not. Answers whether it did.
    pub(super) async fn commit_if(
        mut tx: Transaction<'static, DB>,
        changed: bool,
        audit: &AuditEntry,
    ) -> DbResult<bool> {
        if changed {
            Self::insert_audit(&mut tx, audit, None).await?;
            tx.commit().await?;
        }
        Ok(changed)
    }

    /// Writes the line sealed to the chain (`server::audit`). Every caller does it last before
    /// committing: the chain's head stays locked from here to the commit, so audited changes
    /// take turns only for that moment.
    pub(super) async fn insert_audit(
        conn: &mut DB::Connection,
        audit: &AuditEntry,
        created_key: Option<String>,
    ) -> DbResult<()> {
        let (prev_seq, prev_hash) = Self::take_chain_head(conn).await?;
        let at = audit::stored_instant(audit.at);
        let entity_key = created_key.unwrap_or_else(|| audit.entity_key.clone());
        let detail = audit.detail.to_string();
        let line = LineContent {
            seq: prev_seq + 1,
            at,
            actor_kind: audit.actor.kind(),
            actor_id: audit.actor.id(),
            action: audit.action,
            entity: audit.entity,
            entity_key: &entity_key,
            detail: &detail,
        };
        let hash = audit::seal(&line, &prev_hash);
        sqlx::query(
            "INSERT INTO audit_log (at, actor_kind, actor_id, action, entity, entity_key, detail, \
             seq, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(at)
        .bind(line.actor_kind)
        .bind(line.actor_id)
        .bind(line.action)
        .bind(line.entity)
        .bind(entity_key.as_str())
        .bind(detail.as_str())
        .bind(line.seq)
        .bind(prev_hash.as_str())
        .bind(hash.as_str())
        .execute(&mut *conn)
        .await?;
        Self::move_chain_head(conn, line.seq, &hash).await
    }

    /// Takes the chain's head for this transaction (an update, so that it is locked on both
    /// databases): returns the last line's number and hash.
    async fn take_chain_head(conn: &mut DB::Connection) -> DbResult<(i64, String)> {
        let row =
            sqlx::query("UPDATE audit_chain_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *conn)
                .await?;
        Ok((row.try_get("seq")?, row.try_get("hash")?))
    }

    /// Points the head at the last line written.
    async fn move_chain_head(conn: &mut DB::Connection, seq: i64, hash: &str) -> DbResult<()> {
        sqlx::query("UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}
