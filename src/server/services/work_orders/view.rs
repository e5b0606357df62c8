//! The work order's page as staff, its customer and the tracking link's holder read it, with
//! its SLA clocks.

use super::{own_job, work_open};
use crate::domain::estimate::Totals;
use crate::domain::ids::{LinkToken, WorkOrderId};
use crate::domain::photo::PhotoRef;
use crate::domain::sla::{ClockEvent, SlaView};
use crate::domain::survey::SurveyStatus;
use crate::domain::work_order::*;
use crate::domain::AppError;
use crate::server::access;
use crate::server::db::*;
use crate::server::services::catalog;
use crate::server::services::outlet_time::local_time;
use crate::server::{AppState, OrInternal};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What an order's page is read from besides the order's own row: its outlet, events, lines,
/// approvals, photos, survey and repair policy.
pub struct Parts {
    outlet: crate::domain::catalog::Outlet,
    events: Vec<EventRecord>,
    lines: Vec<crate::domain::estimate::EstimateLine>,
    approvals: Vec<ApprovalRow>,
    photos: Vec<PhotoRecord>,
    survey: Option<SurveyRecord>,
    policy: RepairPolicy,
}

/// The orders' `Parts` as last read, so that the pages re-reading an order on each live change
/// cost one query (the order's row, which the access check reads anyway) instead of eight,
/// and a tracking link many people hold open none (its row is kept by token too). Kept while
/// no change to the order has been heard since it was read (`live::Changes`: every change a
/// page shows is published, on every instance) and for at most `FRESH`, for what changes
/// without a live event (the outlet's name, its policy; a customer's erased name on a
/// delivered order's link). Nothing time-dependent is kept: the clocks are read at each view.
#[derive(Default)]
pub struct ViewCache {
    kept: std::sync::Mutex<HashMap<WorkOrderId, Kept<Arc<Parts>>>>,
    /// The orders' rows by their tracking link's token, kept the same way.
    by_token: std::sync::Mutex<HashMap<String, Kept<WorkOrderRecord>>>,
}

struct Kept<T> {
    /// `live::Changes::mark` before the read.
    mark: u64,
    at: Instant,
    what: T,
}

impl<T: Clone> Kept<T> {
    /// What was kept, unless it is older than `FRESH` or the order changed after it was read.
    fn current(&self, state: &AppState, order: WorkOrderId) -> Option<T> {
        (self.at.elapsed() < FRESH && !state.live().changes.since(order, self.mark))
            .then(|| self.what.clone())
    }
}

const FRESH: Duration = Duration::from_secs(30);
/// Orders kept at most; past it, entries older than `FRESH` go.
const KEPT: usize = 10_000;

/// Keeps `what`, read after `mark`; past `KEPT` entries, the stale ones go first.
fn keep<K: std::hash::Hash + Eq, T>(
    kept: &std::sync::Mutex<HashMap<K, Kept<T>>>,
    key: K,
    mark: u64,
    what: T,
) {
    let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
    if kept.len() >= KEPT {
        kept.retain(|_, k| k.at.elapsed() < FRESH);
    }
    kept.insert(
        key,
        Kept {
            mark,
            at: Instant::now(),
            what,
        },
    );
}

impl ViewCache {
    /// The order whose tracking link this is (`access::order_by_token` checks the rest).
    pub async fn order_with_token(
        &self,
        state: &AppState,
        token: &LinkToken,
    ) -> Result<Option<WorkOrderRecord>, AppError> {
        let known = self
            .by_token
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(token.as_str())
            .and_then(|k| k.current(state, k.what.id));
        if known.is_some() {
            return Ok(known);
        }
        let mark = state.live().changes.mark();
        let order = state
            .repo()
            .work_order_by_token(token.as_str())
            .await
            .or_internal()?;
        if let Some(order) = &order {
            keep(
                &self.by_token,
                token.as_str().to_string(),
                mark,
                order.clone(),
            );
        }
        Ok(order)
    }

    async fn parts(
        &self,
        state: &AppState,
        order: &WorkOrderRecord,
    ) -> Result<Arc<Parts>, AppError> {
        let known = self
            .kept
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&order.id)
            .and_then(|k| k.current(state, order.id));
        if let Some(parts) = known {
            return Ok(parts);
        }
        let mark = state.live().changes.mark();
        let repo = state.repo();
        let parts = Arc::new(Parts {
            outlet: catalog::outlet(state, order.outlet_id).await?,
            events: repo.work_order_events(order.id).await.or_internal()?,
            lines: repo.work_order_lines(order.id).await.or_internal()?,
            approvals: repo.approvals_of(order.id).await.or_internal()?,
            photos: repo.photos_of(order.id).await.or_internal()?,
            survey: repo.survey_of(order.id).await.or_internal()?,
            policy: repo.repair_policy(order.outlet_id).await.or_internal()?,
        });
        keep(&self.kept, order.id, mark, parts.clone());
        Ok(parts)
    }
}

/// The stored events as the SLA clocks and the indicators read them.
pub fn clock_events(events: &[EventRecord]) -> Vec<ClockEvent> {
    events
        .iter()
        .map(|e| ClockEvent {
            at: e.at,
            event: e.event,
            to: e.to,
            public_note: e.event.is_none() && e.from.is_some() && e.public,
            note: e.note.clone(),
        })
        .collect()
}

pub(super) fn read_sla(
    state: &AppState,
    order: &WorkOrderRecord,
    events: &[EventRecord],
    policy: &RepairPolicy,
) -> SlaView {
    SlaView::read(
        &clock_events(events),
        &policy.sla,
        order.urgent,
        state.clock.now(),
    )
}

/// The full view; `viewer` decides what may be done (staff) — customers get `for_customer`.
async fn view(
    state: &AppState,
    order: WorkOrderRecord,
    viewer: Option<&StaffRecord>,
) -> Result<WorkOrderView, AppError> {
    let parts = state.views.parts(state, &order).await?;
    let Parts {
        outlet,
        events,
        lines,
        approvals,
        photos,
        survey,
        policy,
    } = &*parts;
    let sla = read_sla(state, &order, events, policy);
    let local = |at| local_time(outlet, at);
    let photos = photos
        .iter()
        .map(|p| {
            Ok(PhotoRef {
                id: p.id,
                line: p.line,
                caption: p.caption.clone(),
                at: local(p.at)?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let timeline = events
        .iter()
        .map(|e| {
            Ok(TimelineEntry {
                at: local(e.at)?,
                event: e.event,
                from: e.from,
                to: e.to,
                note: e.note.clone(),
                public: e.public,
                actor_name: e.actor_name.clone(),
                by_system: e.by_system,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let approvals = approvals
        .iter()
        .map(|a| {
            Ok(ApprovalRecord {
                at: local(a.at)?,
                signer_name: a.signer_name.clone(),
                method: a.method,
                approved: a.approved,
                declined: a.declined,
                recorded_by: a.recorded_by.clone(),
                note: a.note.clone(),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let (allowed, may_write) = match viewer {
        Some(staff) => {
            let own = own_job(staff, &order);
            let allowed = WorkOrderEvent::ALL
                .into_iter()
                .filter(|e| order.status.apply(*e).is_ok() && staff.holds(|r| may_do(r, *e, own)))
                .collect();
            (
                allowed,
                work_open(order.status) && staff.holds(|r| may_write(r, own)),
            )
        }
        None => (Vec::new(), false),
    };
    Ok(WorkOrderView {
        totals: Totals::of(lines),
        number: order.number,
        status: order.status,
        urgent: order.urgent,
        outlet_name: outlet.name.clone(),
        outlet_address: outlet.address.clone(),
        outlet_phone: outlet.phone.clone(),
        booking: order.booking_number,
        rework_of: order.rework_of,
        customer_name: order.customer_name,
        phone_masked: order.customer_phone.masked(),
        plate: order.plate,
        car_model: order.car_model,
        vin: order.vin,
        customer_type: Some(order.customer_type),
        repair_category: order.repair_category,
        odometer_in_km: order.odometer_in_km,
        fuel_percent: order.fuel_percent,
        customer_words: order.customer_words,
        expectations: order.expectations,
        walk_around: order.walk_around,
        checked_in_at: local(order.created_at)?,
        promised_at: local(order.promised_at)?,
        old_parts: order.old_parts,
        technician: order.technician_name,
        lines: lines.clone(),
        approvals,
        timeline,
        sla,
        certificate_number: order.certificate_number,
        needs_certificate: order.repair_category.needs_certificate(),
        odometer_out_km: order.odometer_out_km,
        warranty: order.warranty,
        free_of_charge: order.free_of_charge,
        survey: survey
            .as_ref()
            .map(|s| {
                Ok::<_, AppError>(SurveyStatus {
                    // The link is the customer's; staff see the answer.
                    token: viewer.is_none().then(|| s.token.clone()),
                    expires_at: local(s.expires_at)?,
                    expired: s.answered_at.is_none() && state.clock.now() >= s.expires_at,
                    answer: s.answer.clone(),
                })
            })
            .transpose()?,
        photos,
        tracking_url: state
            .config
            .public_url
            .as_ref()
            .map(|base| format!("{base}/track/{}", order.tracking_token)),
        tracking_token: Some(order.tracking_token),
        now: local(state.clock.now())?,
        allowed,
        may_write,
    })
}

pub async fn view_for_staff(
    state: &AppState,
    staff: &StaffRecord,
    number: &WorkOrderNumber,
) -> Result<WorkOrderView, AppError> {
    let order = access::order_here(state, staff, number).await?;
    view(state, order, Some(staff)).await
}

pub async fn view_for_customer(
    state: &AppState,
    customer: &CustomerRecord,
    number: &WorkOrderNumber,
) -> Result<WorkOrderView, AppError> {
    let order = access::order_of_customer(state, customer, number).await?;
    Ok(view(state, order, None).await?.for_customer())
}

/// The read-only tracking page, for whoever holds the link.
pub async fn view_by_token(state: &AppState, token: &LinkToken) -> Result<WorkOrderView, AppError> {
    let order = access::order_by_token(state, token).await?;
    Ok(view(state, order, None).await?.for_bystander())
}
