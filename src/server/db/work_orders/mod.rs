//! The work-order half of the repository, written once over both databases like `store.rs`.
//!
//! Every change runs in a write transaction (`Backend::begin_write`) that starts with its
//! compare-and-set statement, writes the event, the outbox row if any, and the audit line, and
//! commits. Reads that assemble an order's page are plain queries.
//!
//! By aggregate, each its own sub-trait of `Repository` (declared in `db/mod.rs`): orders, their
//! steps and events (`orders.rs`, `WorkOrders`), estimate lines and approvals
//! (`estimates.rs`, `Estimates`), the outbox rows (`notifications.rs`, `Notifications`) and
//! photos (`photos.rs`, `Photos`).

mod estimates;
mod notifications;
mod orders;
mod photos;

pub(super) use notifications::{insert_notification, About};
pub(super) use orders::{OrderRow, ORDER_SELECT};
