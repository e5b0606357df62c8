//! An outlet's rules for the repair, as the services read them from its settings.

use serde::{Deserialize, Serialize};

/// An outlet's rules for the repair: SLA targets, its warranty promise, its labour rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairPolicy {
    pub sla: crate::domain::sla::SlaPolicy,
    /// Beyond the statutory period where longer (`Warranty::promised`).
    pub warranty_promise: crate::domain::warranty::Warranty,
    /// Per hour; the estimate form starts from it.
    pub labour_rate: crate::domain::estimate::Money,
    /// The tracking link stops working this many days after delivery.
    pub tracking_link_days: u32,
    /// Surveys and follow-up visits.
    pub closing: crate::domain::follow_up::ClosingPolicy,
    pub complaints: crate::domain::complaint::ComplaintPolicy,
}
