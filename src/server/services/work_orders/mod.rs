//! The repair: check-in, the life-cycle steps, the estimate, the customer's approval, the
//! boards, and the views both faces read. Staff act only on orders of their own outlet;
//! customers see only their own orders (or the one a tracking token names).
//!
//! Every change is published to `live` after it commits, so watching pages re-read at once.
//!
//! By concern: check-in (`check_in`), the steps and notes (`steps`), the estimate and the
//! customer's decision (`estimate`), the order's page (`view`), the boards (`boards`), the
//! car's file (`car_file`) and the outbox (`outbox`).

mod boards;
mod car_file;
mod check_in;
mod estimate;
mod outbox;
mod steps;
mod view;

pub use boards::{dispatch_board, my_jobs, of_customer};
pub use car_file::car_file;
pub use check_in::{check_in, check_in_start, validate_check_in};
pub use estimate::{add_line, decide, decide_at_desk};
pub use outbox::{messages_of, outbox};
pub use steps::{add_note, step};
pub use view::{clock_events, view_by_token, view_for_customer, view_for_staff, ViewCache};

use crate::domain::work_order::WorkOrderStatus;
use crate::server::db::{StaffRecord, WorkOrderRecord};
use base64::Engine;
use rand::RngCore;

pub(super) fn random_token() -> String {
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub(super) fn random_suffix() -> [u8; 5] {
    let mut bytes = [0u8; 5];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

fn own_job(staff: &StaffRecord, order: &WorkOrderRecord) -> bool {
    order.technician_staff_id == Some(staff.id)
}

/// Findings and lines can be added while the car is being worked on.
fn work_open(status: WorkOrderStatus) -> bool {
    matches!(
        status,
        WorkOrderStatus::CheckedIn
            | WorkOrderStatus::Dispatched
            | WorkOrderStatus::Diagnosing
            | WorkOrderStatus::InRepair
            | WorkOrderStatus::WaitingParts
    )
}
