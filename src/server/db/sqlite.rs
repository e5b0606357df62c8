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
    migrate(&pool).await?;
    let sessions = tower_sessions_sqlx_store::SqliteStore::new(pool.clone())
        .with_table_name("sessions")
        .map_err(anyhow::Error::msg)?;
    Ok(Database {
        postgres: None,
        repo: Arc::new(Store { pool }),
        sessions: SessionStore::Sqlite(sessions),
    })
}

/// Runs the migrations with foreign keys off, on one connection: SQLite changes a column
/// (NOT NULL, a CHECK) only by rebuilding its table, and a table others refer to can only be
/// dropped and rebuilt that way (SQLite's "twelve steps"). Every reference is then checked
/// before the keys go back on: a migration that broke one stops the start.
async fn migrate(pool: &Pool<Sqlite>) -> anyhow::Result<()> {
    let mut connection = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *connection)
        .await?;
    let migrated = sqlx::migrate!("migrations/sqlite")
        .run(&mut *connection)
        .await;
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut *connection)
        .await?;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *connection)
        .await?;
    migrated?;
    if let Some((table,)) = broken.first() {
        anyhow::bail!("after the migrations, {table} refers to rows that do not exist");
    }
    Ok(())
}

/// The database file behind a `sqlite:` URL.
fn file_of(url: &str) -> anyhow::Result<std::path::PathBuf> {
    Ok(SqliteConnectOptions::from_str(url)?
        .get_filename()
        .to_path_buf())
}

/// Opens an existing database file as it is (no migrations, no new file). Not read-only: a
/// database in WAL mode whose server has stopped needs its shared-memory file made again.
async fn open_existing(file: &std::path::Path) -> anyhow::Result<Pool<Sqlite>> {
    if !file.is_file() {
        anyhow::bail!("{} is not a file", file.display());
    }
    let options = SqliteConnectOptions::new()
        .filename(file)
        .busy_timeout(Duration::from_secs(10));
    Ok(SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?)
}

/// The repository over an existing database file, as it is: no migrations, no new file (the
/// operator's checks must not change what they check).
pub async fn open_as_is(url: &str) -> anyhow::Result<Arc<dyn super::Repository>> {
    Ok(Arc::new(Store {
        pool: open_existing(&file_of(url)?).await?,
    }))
}

/// Copies the database at `url` into the new file `to` with `VACUUM INTO`: one read
/// transaction, so the copy is consistent while the server goes on writing (WAL readers never
/// wait for the writer), and compact.
pub async fn backup(url: &str, to: &std::path::Path) -> anyhow::Result<()> {
    if to.exists() {
        anyhow::bail!("{} already exists: choose a new file", to.display());
    }
    let pool = open_existing(&file_of(url)?).await?;
    sqlx::query("VACUUM INTO $1")
        .bind(to.display().to_string())
        .execute(&pool)
        .await?;
    // The copy holds customers' personal data: readable by its owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// Restores the backup `from` as the database at `url`, which must not exist yet (a restore
/// never overwrites data: move the old file away first). The backup is checked first (SQLite's
/// integrity check, and that it is an AfterSales database); the restored copy is then brought
/// up to this version's migrations.
pub async fn restore(from: &std::path::Path, url: &str) -> anyhow::Result<Database> {
    let target = file_of(url)?;
    if target.exists() {
        anyhow::bail!(
            "{} already exists: a restore never overwrites a database; move it away first",
            target.display()
        );
    }
    let backup = open_existing(from).await?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&backup)
        .await?;
    if integrity != "ok" {
        anyhow::bail!(
            "{} fails SQLite's integrity check: {integrity}",
            from.display()
        );
    }
    let ours: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('_sqlx_migrations', 'audit_log')",
    )
    .fetch_one(&backup)
    .await?;
    if ours != 2 {
        anyhow::bail!("{} is not an AfterSales database", from.display());
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    sqlx::query("VACUUM INTO $1")
        .bind(target.display().to_string())
        .execute(&backup)
        .await?;
    backup.close().await;
    connect(url, 2).await
}
