//! The server (feature `ssr`): everything that only runs behind the API.
//!
//! - `access`: who may do what — the roles' duties and each caller's scope — in one place.
//! - `audit`: the tamper-evident audit log: how a line is sealed and how the chain is checked.
//! - `config`: environment variables, checked at start.
//! - `db`: the `Repository` and its SQLite and PostgreSQL implementations.
//! - `auth`: sessions, sign-in (axum-login), password hashing, role guards.
//! - `services`: the use cases the server functions call (booking, reception, accounts, …).
//! - `live`: server-sent events that tell pages a work order changed (across instances).
//! - `outbox`: the worker that delivers stored messages, queues delay notices and runs the
//!   periodic checks (follow-up calls due, late complaint responses).
//! - `sender`: how texts go out (webhook or log), one-time codes, the demo's message page.
//! - `photos`: serves work-order photos to those who may see them.
//! - `personal_data`: a customer's copy of everything kept about them (`GET /my-data`).
//! - `http`: the axum router: static app, server functions, security headers, health.
//! - `serving`: accepts connections, with a connection limit and header-read and idle timeouts.
//! - `startup`: builds and runs the application; shared by `main` and the tests.
//! - `wording`: what customers are told in texts, from `locales/messages/`.
//! - `demo`: the demo dealer group for `make run`.

pub mod access;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod demo_history;
pub mod error;
pub mod exports;
pub mod http;
pub mod live;
pub mod outbox;
pub mod personal_data;
pub mod photos;
pub mod sender;
pub mod services;
pub mod serving;
pub mod startup;
pub mod state;
pub mod wording;

pub use error::OrInternal;
pub use state::AppState;
