//! The notifications outbox as staff read it, and the customer's own messages.

use crate::domain::catalog::Outlet;
use crate::domain::work_order::*;
use crate::domain::AppError;
use crate::server::db::*;
use crate::server::error::internal;
use crate::server::services::catalog;
use crate::server::services::outlet_time::local_time;
use crate::server::{AppState, OrInternal};

/// A message as listed; `text` is what the reader sees of it (the customer gets the link too).
fn outbox_message(
    record: NotificationRecord,
    outlet: &Outlet,
    text: String,
) -> Result<OutboxMessage, AppError> {
    Ok(OutboxMessage {
        kind: record.kind,
        order: record.order_number,
        plate: record.plate,
        complaint: record.complaint_number,
        phone_masked: record.phone.masked(),
        created_at: local_time(outlet, record.created_at)?,
        sent_at: record
            .sent_at
            .map(|at| local_time(outlet, at))
            .transpose()?,
        given_up: record.sent_at.is_none()
            && record.attempts >= crate::domain::work_order::MAX_DELIVERY_ATTEMPTS,
        attempts: record.attempts,
        text,
        link: None,
        last_error: record.last_error,
    })
}

/// The outlet's notifications outbox, newest first (staff). Staff read the text without its
/// link: the survey's and the complaint's act as the customer.
pub async fn outbox(state: &AppState, staff: &StaffRecord) -> Result<Vec<OutboxMessage>, AppError> {
    let outlet = catalog::outlet(state, staff.outlet_id()?).await?;
    state
        .repo()
        .notifications(OutboxFilter::Outlet(staff.outlet_id()?))
        .await
        .or_internal()?
        .into_iter()
        .map(|r| {
            let text = r.body.clone();
            outbox_message(r, &outlet, text)
        })
        .collect()
}

/// The customer's messages (demo mode's stand-in for their phone's SMS inbox).
pub async fn messages_of(
    state: &AppState,
    customer: &CustomerRecord,
) -> Result<Vec<OutboxMessage>, AppError> {
    let outlets = catalog::outlets(state).await?;
    let outlet = outlets
        .first()
        .ok_or_else(|| internal("no outlet configured"))?;
    state
        .repo()
        .notifications(OutboxFilter::Customer(customer.id))
        .await
        .or_internal()?
        .into_iter()
        .map(|r| {
            // What their phone received, its link within the app (which works whatever the
            // public address); how delivery went is the desk's business.
            let (text, link) = (r.body.clone(), r.link.clone());
            outbox_message(r, outlet, text).map(|m| OutboxMessage {
                link,
                attempts: 0,
                last_error: None,
                given_up: false,
                ..m
            })
        })
        .collect()
}
