//! The performance dashboard: the managers' indicators over the outlets they reach (the scope
//! follows from their placement, never from the request).

use crate::domain::kpi::Dashboard;
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// `period` is `2026-11` (a month) or `2026-Q4` (a quarter); empty for this month.
#[server(endpoint = "kpi/dashboard", input = Json)]
pub async fn get_dashboard(period: String) -> Result<Dashboard, AppError> {
    let (state, auth) = super::context::request().await?;
    let manager = crate::server::access::staff(&auth, crate::server::access::Duty::OutletSettings)?;
    crate::server::services::kpis::dashboard(&state, manager, &period).await
}
