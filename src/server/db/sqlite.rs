//! SQLite: the embedded default. WAL so readers never wait for the writer, foreign keys on,
//! and a busy timeout so concurrent writers queue instead of failing.

use super::store::{Backend, Store};
use super::{Database, SessionStore};
use crate::domain::ids::{CarId, OutletId};
use futures::future::BoxFuture;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Sqlite, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

impl Backend for Sqlite {
    /// `BEGIN IMMEDIATE` takes SQLite's single write lock up front. Every booking change at every
    /// outlet is serialised, and what the transaction reads cannot go stale before it commits.
    /// (A plain deferred `BEGIN` would read first and fail to upgrade to a writer under load.)
    fn begin_booking(
        pool: &Pool<Self>,
        _outlet: OutletId,
        _car: CarId,
    ) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Self>>> {
        Box::pin(pool.begin_with("BEGIN IMMEDIATE"))
    }

    fn begin_write(pool: &Pool<Self>) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Self>>> {
        Box::pin(pool.begin_with("BEGIN IMMEDIATE"))
    }
}

pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Database> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    if let Some(dir) = options.get_filename().parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await?;
    sqlx::migrate!("migrations/sqlite").run(&pool).await?;
    let sessions = tower_sessions_sqlx_store::SqliteStore::new(pool.clone())
        .with_table_name("sessions")
        .map_err(anyhow::Error::msg)?;
    Ok(Database {
        postgres: None,
        repo: Arc::new(Store { pool }),
        sessions: SessionStore::Sqlite(sessions),
    })
}
