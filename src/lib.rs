//! AfterSales: car after-sales service for dealer groups.
//!
//! - `domain`: models and rules, shared by browser and server.
//! - `api`: the server functions, the only door between the two.
//! - `server` (feature `ssr`): configuration, database, sessions, services, HTTP.
//! - `ui` (feature `csr`): the customer portal (`/`) and the staff console (`/staff`).

pub mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "csr")]
pub mod ui;
