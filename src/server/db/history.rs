//! Bulk writes for the history generator (`server::demo_history`): rows of several tables in
//! one transaction, as multi-row `INSERT`s under each database's parameter limit, with ids
//! chosen by the caller. Nothing a user types reaches these statements: table and column
//! names are the generator's constants, values are bound.

use super::store::{Backend, Store};
use super::*;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Type};

/// A value to bind, typed so that PostgreSQL knows each parameter's type (a NULL too).
#[derive(Debug, Clone)]
pub enum Val {
    I(i64),
    OptI(Option<i64>),
    T(String),
    OptT(Option<String>),
    B(bool),
    OptB(Option<bool>),
    D(NaiveDate),
    Ts(DateTime<Utc>),
    OptTs(Option<DateTime<Utc>>),
}

/// Rows for one table.
#[derive(Debug, Clone)]
pub struct Rows {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Val>>,
}

/// Bound parameters per statement: well under both databases' limits, and each statement short.
const MAX_PARAMETERS: usize = 4_000;

#[async_trait::async_trait]
impl<DB> History for Store<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'q> Option<bool>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn max_id(&self, table: &'static str) -> DbResult<i64> {
        let (max,): (i64,) = sqlx::query_as(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
            .fetch_one(&self.pool)
            .await?;
        Ok(max)
    }

    async fn insert_rows(&self, batch: &[Rows]) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        for rows in batch {
            let per_statement = (MAX_PARAMETERS / rows.columns.len()).max(1);
            for chunk in rows.rows.chunks(per_statement) {
                let width = rows.columns.len();
                let tuples: Vec<String> = (0..chunk.len())
                    .map(|r| {
                        let marks: Vec<String> =
                            (1..=width).map(|c| format!("${}", r * width + c)).collect();
                        format!("({})", marks.join(", "))
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO {} ({}) VALUES {}",
                    rows.table,
                    rows.columns.join(", "),
                    tuples.join(", ")
                );
                let mut query = sqlx::query(&sql);
                for value in chunk.iter().flatten() {
                    query = match value.clone() {
                        Val::I(v) => query.bind(v),
                        Val::OptI(v) => query.bind(v),
                        Val::T(v) => query.bind(v),
                        Val::OptT(v) => query.bind(v),
                        Val::B(v) => query.bind(v),
                        Val::OptB(v) => query.bind(v),
                        Val::D(v) => query.bind(v),
                        Val::Ts(v) => query.bind(v),
                        Val::OptTs(v) => query.bind(v),
                    };
                }
                query.execute(&mut *tx).await?;
            }
        }
        Ok(tx.commit().await?)
    }

    async fn refresh_statistics(&self) -> DbResult<()> {
        // The planners choose their indexes from these: a bulk load leaves them stale.
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    async fn after_bulk(&self, tables: &[&'static str]) -> DbResult<()> {
        // PostgreSQL's id sequences do not see ids written explicitly: move them past.
        if DB::NAME == "PostgreSQL" {
            for table in tables {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                ))
                .execute(&self.pool)
                .await?;
            }
        }
        Ok(())
    }
}
