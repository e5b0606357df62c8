//! What every request can reach: the database, the clock and the configuration.

use super::clock::Clock;
use super::config::Config;
use super::db::{Database, Repository};
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub clock: Clock,
    pub config: Arc<Config>,
    /// Changes to the pages watching them, across instances (`server::live`).
    pub live: super::live::Live,
    /// Delivers texts: the outbox worker's messages and one-time codes.
    pub sender: Arc<dyn super::sender::Sender>,
    /// Demo mode's message page (`/dev/outbox`); empty otherwise.
    pub dev_outbox: super::sender::DevOutbox,
    /// What the order pages were last read from (`services::work_orders::view`).
    pub views: std::sync::Arc<super::services::work_orders::ViewCache>,
}

impl AppState {
    pub fn repo(&self) -> &dyn Repository {
        self.db.repo.as_ref()
    }

    pub fn live(&self) -> &super::live::Live {
        &self.live
    }
}
