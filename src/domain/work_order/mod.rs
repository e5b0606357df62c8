//! Work orders (工单): the repair from check-in (接待) to delivery (交车).
//!
//! The life cycle is one state machine (`WorkOrderStatus::apply`) and one permission rule
//! (`may_do`). Every transition is stored as an event; the event log is the source of truth
//! for the timeline, the SLA clocks (`sla`) and the KPIs.
//!
//! One submodule per concern: the number (`number`), the life cycle and who may take a step
//! (`status`), the outlet's repair policy (`policy`), check-in (`check_in`), a staff step
//! (`step`), the customer's approvals (`approval`), the views both faces read (`view`), the
//! car's file (`car_file`), the boards (`board`) and the messages to customers
//! (`notification`). Everything public is re-exported here.

mod approval;
mod board;
mod car_file;
mod check_in;
mod notification;
mod number;
mod policy;
mod status;
mod step;
mod view;

pub use approval::{ApprovalMethod, ApprovalRecord};
pub use board::{
    board_order, propose_technician, DispatchBoard, DispatchJob, TechnicianLoad, WorkOrderSummary,
};
pub use car_file::{CarFile, CarFileOrder};
pub use check_in::{
    optional_text, parse_odometer, CarHistoryEntry, CheckIn, CheckInForm, CheckInStart,
    CustomerType, OldParts, OrderHere, WorkDone, TEXT_MAX,
};
pub use notification::{
    NotificationKind, OutboxMessage, DELIVERY_TIMEOUT, DELIVERY_UNREACHABLE, MAX_DELIVERY_ATTEMPTS,
};
pub use number::WorkOrderNumber;
pub use policy::RepairPolicy;
pub use status::{may_do, may_write, WorkOrderEvent, WorkOrderStatus};
pub use step::{parse_certificate, StepRequest};
pub use view::{TimelineEntry, WorkOrderView, SYSTEM_NOTE_DELAYED};
