//! The repair: check-in at the desk, the work order's steps by role, the estimate, the boards,
//! and the customer's side (their orders, approvals, the tracking link).
//!
//! Staff functions act only at the caller's own outlet; which steps a role may take is decided
//! on the server (`domain::work_order::may_do`) whatever the browser shows.

use crate::domain::estimate::{ApprovalForm, DeskDecisionForm, LineForm};
use crate::domain::ids::{LineId, PhotoId};
use crate::domain::photo::PhotoUpload;
use crate::domain::work_order::*;
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The booking or walk-in the advisor is about to check in: customer, car, history.
#[server(endpoint = "orders/check-in-start", input = Json)]
pub async fn prepare_check_in(form: CheckInForm) -> Result<CheckInStart, AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::work_orders::check_in_start(&state, advisor, &form).await
}

/// Opens the work order; answers its number.
#[server(endpoint = "orders/check-in", input = Json)]
pub async fn check_in_car(form: CheckInForm) -> Result<WorkOrderNumber, AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::work_orders::check_in(&state, advisor, &form).await
}

#[server(endpoint = "orders/staff-view", input = Json)]
pub async fn staff_work_order(number: String) -> Result<WorkOrderView, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::WorkOrders)?;
    let number = crate::domain::work_order::WorkOrderNumber::parse(&number)?;
    crate::server::services::work_orders::view_for_staff(&state, staff, &number).await
}

#[server(endpoint = "orders/step", input = Json)]
pub async fn work_order_step(number: String, request: StepRequest) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::WorkOrders)?;
    let number = crate::domain::work_order::WorkOrderNumber::parse(&number)?;
    crate::server::services::work_orders::step(&state, staff, &number, &request).await
}

#[server(endpoint = "orders/note", input = Json)]
pub async fn add_work_order_note(
    number: String,
    note: String,
    public: bool,
) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::WorkOrders)?;
    let number = crate::domain::work_order::WorkOrderNumber::parse(&number)?;
    crate::server::services::work_orders::add_note(&state, staff, &number, &note, public).await
}

#[server(endpoint = "orders/add-line", input = Json)]
pub async fn add_estimate_line(number: String, line: LineForm) -> Result<LineId, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::WorkOrders)?;
    let number = crate::domain::work_order::WorkOrderNumber::parse(&number)?;
    crate::server::services::work_orders::add_line(&state, staff, &number, &line).await
}

/// Keeps a walk-around or finding photo with the order (checked for type and size).
#[server(endpoint = "orders/photo", input = Json)]
pub async fn add_work_order_photo(number: String, photo: PhotoUpload) -> Result<PhotoId, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::WorkOrders)?;
    let number = crate::domain::work_order::WorkOrderNumber::parse(&number)?;
    crate::server::services::photos::add(&state, staff, &number, &photo).await
}

#[server(endpoint = "orders/dispatch-board", input = Json)]
pub async fn get_dispatch_board() -> Result<DispatchBoard, AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::work_orders::dispatch_board(&state, advisor).await
}

/// A technician's jobs, an inspector's queue, the complaint customers in the shop (CSM), or
/// every open order (desk).
#[server(endpoint = "orders/my-jobs", input = Json)]
pub async fn my_jobs() -> Result<Vec<WorkOrderSummary>, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::WorkOrders)?;
    crate::server::services::work_orders::my_jobs(&state, staff).await
}

#[server(endpoint = "orders/outbox", input = Json)]
pub async fn notifications_outbox() -> Result<Vec<OutboxMessage>, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    crate::server::services::work_orders::outbox(&state, staff).await
}

#[server(endpoint = "orders/mine", input = Json)]
pub async fn my_work_orders() -> Result<Vec<WorkOrderSummary>, AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    crate::server::services::work_orders::of_customer(&state, customer).await
}

#[server(endpoint = "orders/my-order", input = Json)]
pub async fn my_work_order(number: String) -> Result<WorkOrderView, AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    let number = crate::domain::work_order::WorkOrderNumber::parse(&number)?;
    crate::server::services::work_orders::view_for_customer(&state, customer, &number).await
}

/// The customer's signed decision on the items waiting for approval.
#[server(endpoint = "orders/approve", input = Json)]
pub async fn approve_items(number: String, form: ApprovalForm) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    let number = crate::domain::work_order::WorkOrderNumber::parse(&number)?;
    crate::server::services::work_orders::decide(&state, customer, &number, &form).await
}

/// The desk records a decision the customer gave by phone or in person (with how and a note).
#[server(endpoint = "orders/desk-decision", input = Json)]
pub async fn record_customer_decision(
    number: String,
    form: DeskDecisionForm,
) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let advisor = crate::server::access::staff(&auth, crate::server::access::Duty::Reception)?;
    let number = crate::domain::work_order::WorkOrderNumber::parse(&number)?;
    crate::server::services::work_orders::decide_at_desk(&state, advisor, &number, &form).await
}

/// The read-only tracking page, opened with the link's token (no sign-in).
#[server(endpoint = "orders/track", input = Json)]
pub async fn tracked_work_order(token: String) -> Result<WorkOrderView, AppError> {
    let (state, _) = super::context::request().await?;
    let token = crate::domain::ids::LinkToken::parse(&token)?;
    crate::server::services::work_orders::view_by_token(&state, &token).await
}

/// The customer's messages; only in demo mode, where there is no SMS gateway to read them on.
#[server(endpoint = "orders/my-messages", input = Json)]
pub async fn my_messages() -> Result<Vec<OutboxMessage>, AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    if !state.config.demo_data {
        return Err(AppError::NotFound);
    }
    crate::server::services::work_orders::messages_of(&state, customer).await
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use leptos::server_fn::ServerFn;

    #[test]
    fn the_photo_endpoints_the_router_enlarges_are_the_upload_functions() {
        let paths = crate::server::http::PHOTO_ENDPOINTS.map(|e| format!("/api/{e}"));
        assert_eq!(
            paths,
            [
                super::AddWorkOrderPhoto::PATH,
                crate::api::complaints::AddComplaintPhoto::PATH
            ]
        );
    }
}
