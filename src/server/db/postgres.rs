//! PostgreSQL: for several app instances behind a load balancer, sharing one database.

use super::store::{Backend, Store};
use super::{Database, SessionStore};
use crate::domain::ids::{CarId, OutletId};
use futures::future::BoxFuture;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Pool, Postgres, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

impl Backend for Postgres {
    /// Locks the outlet's row, then the car's (`FOR UPDATE`), for the transaction: booking
    /// changes at one outlet, and for one car at any outlet, queue behind each other on every
    /// app instance, while other outlets go on in parallel. Under READ COMMITTED each later
    /// statement then sees what the previous holder committed. (Always outlet first, then car,
    /// and one outlet per transaction: no lock cycle, so no deadlock.)
    fn begin_booking(
        pool: &Pool<Self>,
        outlet: OutletId,
        car: CarId,
    ) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Self>>> {
        Box::pin(async move {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT id FROM outlets WHERE id = $1 FOR UPDATE")
                .bind(outlet.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("SELECT id FROM cars WHERE id = $1 FOR UPDATE")
                .bind(car.0)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        })
    }

    /// Row locks come from the compare-and-set `UPDATE` each change starts with.
    fn begin_write(pool: &Pool<Self>) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Self>>> {
        Box::pin(pool.begin())
    }
}

/// The repository over the database as it is, without migrating it (the operator's checks).
pub async fn open_as_is(url: &str) -> anyhow::Result<Arc<dyn super::Repository>> {
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(PgConnectOptions::from_str(url)?)
        .await?;
    Ok(Arc::new(Store { pool }))
}

pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Database> {
    let options = PgConnectOptions::from_str(url)?;
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        // A lost database fails requests after 10 s with a typed error instead of holding
        // them until the 30 s request timeout.
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?;
    sqlx::migrate!("migrations/postgres").run(&pool).await?;
    let sessions = tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
        .with_schema_name("public")
        .and_then(|store| store.with_table_name("sessions"))
        .map_err(anyhow::Error::msg)?;
    Ok(Database {
        postgres: Some(pool.clone()),
        repo: Arc::new(Store { pool }),
        sessions: SessionStore::Postgres(sessions),
    })
}
