//! The boards: the dispatch board with its technicians' loads, a member of staff's jobs, and
//! the customer's list of orders.

use super::own_job;
use super::view::read_sla;
use crate::domain::account::StaffRole;
use crate::domain::catalog::SkillSet;
use crate::domain::organisation::{lapsed_skills, Certificate};
use crate::domain::work_order::*;
use crate::domain::AppError;
use crate::server::db::*;
use crate::server::error::internal;
use crate::server::services::catalog;
use crate::server::services::outlet_time::local_time;
use crate::server::{AppState, OrInternal};

async fn summaries(
    state: &AppState,
    records: Vec<WorkOrderRecord>,
) -> Result<Vec<WorkOrderSummary>, AppError> {
    // A fixed number of queries whatever the board's size: the outlets, each outlet's policy
    // once, and every order's events in one read.
    let outlets = catalog::outlets(state).await?;
    let ids: Vec<_> = records.iter().map(|o| o.id).collect();
    let events_of = state.repo().events_of_orders(&ids).await.or_internal()?;
    let mut policies: Vec<(crate::domain::ids::OutletId, RepairPolicy)> = Vec::new();
    let mut out = Vec::with_capacity(records.len());
    for (order, events) in records.into_iter().zip(events_of) {
        let outlet = outlets
            .iter()
            .find(|o| o.id == order.outlet_id)
            .cloned()
            .ok_or_else(|| internal("work order of an unknown outlet"))?;
        let policy = match policies.iter().find(|(id, _)| *id == outlet.id) {
            Some((_, policy)) => *policy,
            None => {
                let policy = state.repo().repair_policy(outlet.id).await.or_internal()?;
                policies.push((outlet.id, policy));
                policy
            }
        };
        let sla = read_sla(state, &order, &events, &policy);
        out.push(WorkOrderSummary {
            checked_in_at: local_time(&outlet, order.created_at)?,
            promised_at: local_time(&outlet, order.promised_at)?,
            outlet_name: outlet.name,
            number: order.number,
            status: order.status,
            urgent: order.urgent,
            plate: order.plate,
            car_model: order.car_model,
            customer_name: order.customer_name,
            customer_words: order.customer_words,
            technician: order.technician_name,
            sla,
            customer_type: order.customer_type,
            warranty: order.warranty,
            free_of_charge: order.free_of_charge,
        });
    }
    Ok(out)
}

/// The signed-in customer's orders, newest first (all their cars).
pub async fn of_customer(
    state: &AppState,
    customer: &CustomerRecord,
) -> Result<Vec<WorkOrderSummary>, AppError> {
    let records = state
        .repo()
        .work_orders(OrderFilter::Customer(customer.id))
        .await
        .or_internal()?;
    summaries(state, records).await
}

/// The outlet's technicians with their open jobs.
pub(super) async fn technician_loads(
    state: &AppState,
    outlet: crate::domain::ids::OutletId,
) -> Result<Vec<TechnicianLoad>, AppError> {
    let repo = state.repo();
    let outlet = catalog::outlet(state, outlet).await?;
    let today = local_time(&outlet, state.clock.now())?.date();
    let certificates = repo.certificates(outlet.group).await.or_internal()?;
    Ok(repo
        .technicians(outlet.id)
        .await
        .or_internal()?
        .into_iter()
        .map(|t| {
            let held: Vec<Certificate> = certificates
                .iter()
                .filter(|(owner, _)| Some(*owner) == t.staff_id)
                .map(|(_, c)| c.clone())
                .collect();
            let lapsed = t.skills.intersection(lapsed_skills(&held, today));
            TechnicianLoad {
                id: t.id,
                name: t.name,
                skills: t.skills.without(lapsed),
                lapsed,
                load: t.load,
            }
        })
        .collect())
}

/// The dispatch board (先急后缓): waiting jobs urgent first with a proposed technician, the
/// jobs in progress, and each technician's load.
pub async fn dispatch_board(
    state: &AppState,
    advisor: &StaffRecord,
) -> Result<DispatchBoard, AppError> {
    let repo = state.repo();
    let open = repo
        .work_orders(OrderFilter::OpenAt(advisor.outlet_id()?))
        .await
        .or_internal()?;
    let technicians = technician_loads(state, advisor.outlet_id()?).await?;
    let skills: Vec<SkillSet> = open.iter().map(|o| o.skills).collect();
    let mut waiting = Vec::new();
    let mut in_progress = Vec::new();
    for (summary, needed) in summaries(state, open).await?.into_iter().zip(skills) {
        if summary.status == WorkOrderStatus::CheckedIn {
            waiting.push(DispatchJob {
                proposed: propose_technician(needed, &technicians),
                skills: needed,
                order: summary,
            });
        } else {
            in_progress.push(summary);
        }
    }
    waiting.sort_by(|a, b| board_order(&a.order, &b.order));
    in_progress.sort_by(board_order);
    Ok(DispatchBoard {
        waiting,
        in_progress,
        technicians,
    })
}

/// A technician's open jobs; an inspector's queue (orders waiting for inspection).
pub async fn my_jobs(
    state: &AppState,
    staff: &StaffRecord,
) -> Result<Vec<WorkOrderSummary>, AppError> {
    let open = state
        .repo()
        .work_orders(OrderFilter::OpenAt(staff.outlet_id()?))
        .await
        .or_internal()?;
    let mine: Vec<WorkOrderRecord> = open
        .into_iter()
        .filter(|o| {
            staff.holds(|role| match role {
                StaffRole::Technician => own_job(staff, o),
                StaffRole::QualityInspector => o.status == WorkOrderStatus::QualityCheck,
                StaffRole::CustomerServiceManager => o.customer_type == CustomerType::Complaint,
                StaffRole::ServiceAdvisor
                | StaffRole::Admin
                | StaffRole::RegionalManager
                | StaffRole::HqAdmin => true,
            })
        })
        .collect();
    let mut jobs = summaries(state, mine).await?;
    jobs.sort_by(board_order);
    Ok(jobs)
}
