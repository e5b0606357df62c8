//! The public catalogue: outlets and service types (no sign-in needed).

use crate::domain::catalog::{Outlet, ServiceType};
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "catalog/outlets", input = Json)]
pub async fn list_outlets() -> Result<Vec<Outlet>, AppError> {
    let (state, _) = super::context::request().await?;
    crate::server::services::catalog::outlets(&state).await
}

#[server(endpoint = "catalog/service-types", input = Json)]
pub async fn list_service_types() -> Result<Vec<ServiceType>, AppError> {
    let (state, _) = super::context::request().await?;
    crate::server::services::catalog::service_types(&state).await
}
