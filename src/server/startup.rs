//! Building and running the application. `main` and the tests share this, so the tests run
//! exactly the server users get (on port 0 and a fresh database).

use super::clock::Clock;
use super::config::Config;
use super::state::AppState;
use super::{db, demo, http, outbox, sender, serving};
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_sessions::ExpiredDeletion;

/// How long shutdown waits for requests in flight once the live streams have ended.
pub const SHUTDOWN_BOUND: std::time::Duration = std::time::Duration::from_secs(10);

/// A configured application, bound to its port, not yet serving.
pub struct Application {
    pub state: AppState,
    listener: TcpListener,
}

impl Application {
    pub async fn build(config: Config, clock: Clock) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.addr).await?;
        let state = open(config, clock).await?;
        Ok(Self { state, listener })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// Serves until `shutdown` completes, then ends the live streams and finishes the requests
    /// in flight — for at most `SHUTDOWN_BOUND`, after which it returns anyway.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let sessions = self.state.db.sessions.clone();
        let cleanup = tokio::spawn(
            sessions.continuously_delete_expired(tokio::time::Duration::from_secs(3600)),
        );
        let outbox = tokio::spawn(outbox::run(self.state.clone()));
        let live = self.state.live().clone();
        let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
        let shutdown = async move {
            shutdown.await;
            live.close();
            let _ = stopping.send(());
        };
        let limits = serving::Limits {
            max_connections: self.state.config.max_connections,
            header_read_timeout: self.state.config.header_read_timeout,
            idle_timeout: self.state.config.idle_timeout,
        };
        let app = http::router(self.state);
        let serve = serving::serve(self.listener, app, limits, shutdown);
        let bound = async {
            if stopped.await.is_ok() {
                tokio::time::sleep(SHUTDOWN_BOUND).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            () = serve => {},
            () = bound => tracing::warn!("shutdown: requests still open after {SHUTDOWN_BOUND:?}; stopping anyway"),
        }
        cleanup.abort();
        outbox.abort();
        Ok(())
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Connects to the database (migrating it), seals old audit lines, starts the live channel and
/// the sender, loads the demo data when asked, and stores missing order outcomes: the state a
/// server or a command-line task runs on.
pub async fn open(config: Config, clock: Clock) -> anyhow::Result<AppState> {
    super::auth::password::give_large_blocks_back();
    let database = db::connect(&config.database_url, config.db_max_connections).await?;
    let sealed = database.repo.seal_unsealed_audit_lines().await?;
    if sealed > 0 {
        tracing::info!(
            sealed,
            "sealed the audit lines written before the audit chain"
        );
    }
    let dev_outbox = sender::DevOutbox::default();
    let sender = sender::sender_for(&config, &dev_outbox)?;
    let live = match &database.postgres {
        Some(pool) => super::live::Live::postgres(pool.clone()).await?,
        None => super::live::Live::in_process(),
    };
    let state = AppState {
        live,
        db: database,
        clock,
        config: Arc::new(config),
        sender,
        dev_outbox,
        views: Default::default(),
    };
    if state.config.demo_outbox() {
        tracing::warn!(
            "demo mode: texted codes are readable at /dev/outbox; never expose this server"
        );
    }
    if state.config.demo_data && demo::load_if_empty(&state).await? {
        tracing::info!("loaded the demo dealer group");
        let orders = state.config.demo_history_orders;
        if orders > 0 {
            let written = super::demo_history::generate(&state, orders, 1).await?;
            tracing::info!(written, "generated the demo group's past orders");
        }
    }
    // The daily figures: at the first start with them every recorded day is to be counted.
    super::services::kpi_days::mark_if_new(&state)
        .await
        .map_err(|e| anyhow::anyhow!("marking the indicators' days: {e:?}"))?;
    // Orders handed back before their outcomes were kept get them now.
    let backfilled = super::services::kpis::backfill(&state)
        .await
        .map_err(|e| anyhow::anyhow!("storing delivered orders' outcomes: {e:?}"))?;
    if backfilled > 0 {
        tracing::info!(backfilled, "stored the outcomes of delivered orders");
    }
    // The marked days are counted (all of them at the first start with daily figures).
    let kpi_days = super::services::kpi_days::refresh_all(&state)
        .await
        .map_err(|e| anyhow::anyhow!("counting the indicators' days: {e:?}"))?;
    if kpi_days > 0 {
        tracing::info!(kpi_days, "counted the indicators' days");
    }
    Ok(state)
}
