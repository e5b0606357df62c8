//! Use cases, one module per feature. Server functions (`crate::api`) authorize the caller
//! through `server::access` and call these with typed arguments; these apply the domain rules
//! and talk to the repository.

pub mod accounts;
pub mod booking;
pub mod cars;
pub mod catalog;
pub mod complaints;
pub mod feedback;
mod outlet_time;
pub mod phone_proof;
pub mod photos;
pub mod reception;
pub mod work_orders;
