//! The heart of AfterSales: models, newtypes and rules of the service lane.
//!
//! Compiles for the browser and the server alike, so both run the same validation; the
//! server's run is the one that counts. Nothing here does I/O.

pub mod account;
pub mod audit;
pub mod availability;
pub mod booking;
pub mod catalog;
pub mod complaint;
pub mod error;
pub mod estimate;
pub mod fault;
pub mod follow_up;
pub mod form_time;
pub mod identity;
pub mod ids;
pub mod improvement;
pub mod kpi;
pub mod kpi_target;
pub mod organisation;
pub mod outlet_settings;
pub mod phone_proof;
pub mod photo;
pub mod scorecard;
pub mod sla;
pub mod standard_work;
pub mod survey;
pub mod vehicle;
pub mod warranty;
pub mod wire_time;
pub mod work_order;

pub use error::{AppError, Conflict, Field, Problem};

#[cfg(test)]
mod no_panic;
