//! The performance dashboard and the improvement actions: the managers' indicators over the
//! outlets they reach (the scope follows from their placement, never from the request).

use crate::domain::fault::FaultReport;
use crate::domain::ids::OutletId;
use crate::domain::improvement::{ActionBoard, ActionStep, PlanForm};
use crate::domain::kpi::{Dashboard, Drill, Trend};
use crate::domain::kpi_target::TargetSheet;
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// `period` is `2026-11` (a month) or `2026-Q4` (a quarter); empty for this month. `outlet`
/// narrows the scope to one of the outlets the manager reaches.
#[server(endpoint = "kpi/dashboard", input = Json)]
pub async fn get_dashboard(
    period: String,
    outlet: Option<OutletId>,
) -> Result<Dashboard, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::kpis::dashboard(&state, manager, &period, outlet).await
}

/// The records behind one figure (`kpi` is its code, like `on_time_delivery`), newest first.
#[server(endpoint = "kpi/drill", input = Json)]
pub async fn get_drill(
    period: String,
    outlet: Option<OutletId>,
    kpi: String,
) -> Result<Drill, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::kpis::drill(&state, manager, &period, outlet, &kpi, false).await
}

/// One figure (`kpi` is its code) over the twelve months, or eight quarters, up to `period`.
#[server(endpoint = "kpi/trend", input = Json)]
pub async fn get_trend(
    period: String,
    outlet: Option<OutletId>,
    kpi: String,
) -> Result<Trend, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::kpis::trend(&state, manager, &period, outlet, &kpi).await
}

/// The most frequent findings and services by car model and mileage band, for the same period
/// and scope as the dashboard.
#[server(endpoint = "kpi/faults", input = Json)]
pub async fn get_faults(period: String, outlet: Option<OutletId>) -> Result<FaultReport, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::kpis::faults(&state, manager, &period, outlet).await
}

/// The improvement actions at the outlets the manager reaches, with whom they can be given to.
#[server(endpoint = "improvements/board", input = Json)]
pub async fn get_action_board() -> Result<ActionBoard, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::improvements::board(&state, manager).await
}

/// Opens an action at one of the manager's outlets, planned (`kpi` is the code of the
/// indicator that missed in `period`, or `None` for one opened by hand).
#[server(endpoint = "improvements/open", input = Json)]
pub async fn open_action(
    outlet: OutletId,
    kpi: Option<String>,
    period: String,
    form: PlanForm,
) -> Result<i64, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    let opening = crate::server::services::improvements::Opening {
        outlet,
        kpi: kpi.as_deref(),
        period: &period,
        form: &form,
    };
    crate::server::services::improvements::open(&state, manager, &opening).await
}

/// A step on an action seen at `version`: a new plan (`form`), what was done (`done`), or the
/// decision.
#[server(endpoint = "improvements/step", input = Json)]
pub async fn step_action(
    id: i64,
    version: i32,
    step: ActionStep,
    form: PlanForm,
    done: String,
) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::improvements::step(&state, manager, id, version, step, &form, &done)
        .await
}

/// The targets of the group (`outlet` `None`, headquarters) or of one outlet the manager
/// reaches, beside the guideline's.
#[server(endpoint = "kpi/targets", input = Json)]
pub async fn get_targets(outlet: Option<OutletId>) -> Result<TargetSheet, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::kpis::target_sheet(&state, manager, outlet).await
}

/// Sets targets (indicator's code, the number in its unit; empty to follow the group's or the
/// guideline's again) for the group (`outlet` `None`, headquarters only) or an outlet.
#[server(endpoint = "kpi/set_targets", input = Json)]
pub async fn set_targets(
    outlet: Option<OutletId>,
    targets: Vec<(String, String)>,
) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::kpis::save_targets(&state, manager, outlet, &targets).await
}
