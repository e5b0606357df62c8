//! `GET /my-data`: everything AfterSales keeps about the signed-in customer, as one JSON file
//! to keep (PIPL art. 45, the right to a copy): the account, cars and each car's file, bookings,
//! work orders with their lines, timeline and approvals, complaints with the replies, the
//! messages sent, and the account's own activity from the audit log.
//!
//! It is built from the same reads as the customer's own pages, so it holds exactly what they
//! may see (no staff-only notes, no other customer's data), with their own number in full. A
//! plain download link (no code on the phone), never cached, and audited.

use super::auth::{AuthSession, SessionUser};
use super::db::{Actor, AuditEntry, CustomerRecord};
use super::services::{booking, cars, complaints, work_orders};
use super::{AppState, OrInternal};
use crate::domain::complaint::ComplaintKey;
use crate::domain::AppError;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

/// At most this many of the account's own audit lines go into the file (newest kept).
const ACTIVITY_MAX: u32 = 5_000;

pub fn routes() -> Router<AppState> {
    Router::new().route("/my-data", get(download))
}

async fn download(State(state): State<AppState>, auth: AuthSession) -> Response {
    let customer = match super::access::customer(&auth) {
        Ok(customer) => customer,
        Err(refused) => return super::error::status_of(&refused).into_response(),
    };
    match export(&state, customer).await {
        Ok(document) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"aftersales-my-data.json\""),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            serde_json::to_string_pretty(&document).unwrap_or_default(),
        )
            .into_response(),
        Err(error) => super::error::status_of(&error).into_response(),
    }
}

/// The customer's data as one document; the export itself is audited.
pub async fn export(
    state: &AppState,
    customer: &CustomerRecord,
) -> Result<serde_json::Value, AppError> {
    let caller = SessionUser::Customer(customer.clone());
    let car_list = cars::cars_of(state, customer.id).await?;
    let mut car_files = Vec::new();
    for car in &car_list {
        car_files.push(work_orders::car_file(state, customer, car.id).await?);
    }
    let mut orders = Vec::new();
    for order in work_orders::of_customer(state, customer).await? {
        orders.push(work_orders::view_for_customer(state, customer, &order.number).await?);
    }
    let mut complaint_views = Vec::new();
    for complaint in complaints::list_of_customer(state, customer).await? {
        let key = ComplaintKey::Number(complaint.number.as_str().to_owned());
        complaint_views.push(complaints::view_for_customer(state, Some(&caller), &key).await?);
    }
    let repo = state.repo();
    let activity: Vec<serde_json::Value> = repo
        .audit_lines_by(Actor::Customer(customer.id), ACTIVITY_MAX)
        .await
        .or_internal()?
        .into_iter()
        .map(|l| json!({ "at": l.at, "action": l.action, "record": l.entity, "key": l.entity_key }))
        .collect();
    let now = state.clock.now();
    let document = json!({
        "exported_at": now,
        "account": { "name": customer.name, "mobile": customer.phone.as_str() },
        "cars": car_list,
        "car_files": car_files,
        "bookings": booking::of_customer(state, customer).await?,
        "work_orders": orders,
        "complaints": complaint_views,
        "messages": work_orders::messages_of(state, customer).await?,
        "account_activity": activity,
    });
    let audit = AuditEntry::new(
        now,
        Actor::Customer(customer.id),
        "customer.data_exported",
        "customer",
        customer.id.0.to_string(),
    );
    repo.record_audit(&audit).await.or_internal()?;
    Ok(document)
}
