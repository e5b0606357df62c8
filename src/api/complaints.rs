//! Complaints: customers file and follow theirs (signed in, or through the complaint's link;
//! guests file with their phone number and the order's number), the outlet's customer-service
//! manager and manager take them through the five stages.

use crate::domain::complaint::*;
use crate::domain::ids::PhotoId;
use crate::domain::photo::PhotoUpload;
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "complaints/file", input = Json)]
pub async fn file_complaint(form: ComplaintForm) -> Result<FiledComplaint, AppError> {
    let (state, auth) = super::context::request().await?;
    crate::server::services::complaints::file(&state, auth.user.as_ref(), &form).await
}

#[server(endpoint = "complaints/mine", input = Json)]
pub async fn my_complaints() -> Result<Vec<ComplaintSummary>, AppError> {
    let (state, auth) = super::context::request().await?;
    let customer = crate::server::access::customer(&auth)?;
    crate::server::services::complaints::list_of_customer(&state, customer).await
}

/// The customer's copy: their own by number, or anyone's holding its link.
#[server(endpoint = "complaints/view", input = Json)]
pub async fn customer_complaint(key: ComplaintKey) -> Result<ComplaintView, AppError> {
    let (state, auth) = super::context::request().await?;
    crate::server::services::complaints::view_for_customer(&state, auth.user.as_ref(), &key).await
}

#[server(endpoint = "complaints/add", input = Json)]
pub async fn complaint_customer_action(
    key: ComplaintKey,
    action: CustomerAction,
) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    crate::server::services::complaints::customer_act(&state, auth.user.as_ref(), &key, &action)
        .await
}

#[server(endpoint = "complaints/photo", input = Json)]
pub async fn add_complaint_photo(
    key: ComplaintKey,
    upload: PhotoUpload,
) -> Result<PhotoId, AppError> {
    let (state, auth) = super::context::request().await?;
    crate::server::services::complaints::add_photo(&state, auth.user.as_ref(), &key, &upload).await
}

#[server(endpoint = "complaints/queue", input = Json)]
pub async fn complaint_queue(filter: ComplaintFilter) -> Result<Vec<ComplaintQueueItem>, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::ClosingTheLoop)?;
    crate::server::services::complaints::queue(&state, staff, &filter).await
}

/// The outlets whose complaints the caller works (the queue's outlet filter).
#[server(endpoint = "complaints/outlets", input = Json)]
pub async fn complaint_outlets() -> Result<Vec<crate::domain::catalog::Outlet>, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::ClosingTheLoop)?;
    crate::server::access::handled_outlets(&state, staff).await
}

#[server(endpoint = "complaints/staff-view", input = Json)]
pub async fn staff_complaint(number: String) -> Result<ComplaintView, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::ClosingTheLoop)?;
    let number = crate::domain::complaint::ComplaintNumber::parse(&number)?;
    crate::server::services::complaints::view_for_staff(&state, staff, &number).await
}

/// A step, note or message; refused if the complaint moved on since `version` was read.
#[server(endpoint = "complaints/step", input = Json)]
pub async fn complaint_step(
    number: String,
    version: i64,
    action: StaffAction,
) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::ClosingTheLoop)?;
    let number = crate::domain::complaint::ComplaintNumber::parse(&number)?;
    crate::server::services::complaints::staff_act(&state, staff, &number, version, &action).await
}
