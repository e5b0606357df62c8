//! The catalogue: outlets and each outlet's published prices, public (no sign-in needed);
//! and the console's catalogue page, where headquarters keeps the group's services and each
//! manager chooses what the outlets they reach offer.

use crate::domain::catalog::{CataloguePage, Outlet, PartForm, PriceList, ServiceForm};
use crate::domain::ids::{OutletId, ServiceTypeId};
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::server::access::{staff, Duty};
#[cfg(feature = "ssr")]
use crate::server::services::catalog;

#[server(endpoint = "catalog/outlets", input = Json)]
pub async fn list_outlets() -> Result<Vec<Outlet>, AppError> {
    let (state, _) = super::context::request().await?;
    catalog::outlets(&state).await
}

/// The outlet's labour rate and the services it offers, priced at it (明码标价).
#[server(endpoint = "catalog/service-types", input = Json)]
pub async fn list_service_types(outlet: OutletId) -> Result<PriceList, AppError> {
    let (state, _) = super::context::request().await?;
    catalog::price_list(&state, outlet).await
}

#[server(endpoint = "catalogue/page", input = Json)]
pub async fn get_catalogue() -> Result<CataloguePage, AppError> {
    let (state, auth) = super::context::request().await?;
    catalog::page(&state, staff(&auth, Duty::OutletSettings)?).await
}

/// Adds a service (`id` none) or changes one (headquarters).
#[server(endpoint = "catalogue/save", input = Json)]
pub async fn save_service(
    id: Option<ServiceTypeId>,
    form: ServiceForm,
) -> Result<ServiceTypeId, AppError> {
    let (state, auth) = super::context::request().await?;
    catalog::save(&state, staff(&auth, Duty::Organisation)?, id, &form).await
}

/// Retires a service or restores it (headquarters).
#[server(endpoint = "catalogue/active", input = Json)]
pub async fn set_service_active(id: ServiceTypeId, active: bool) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    catalog::set_active(&state, staff(&auth, Duty::Organisation)?, id, active).await
}

#[server(endpoint = "catalogue/parts/add", input = Json)]
pub async fn add_service_part(id: ServiceTypeId, form: PartForm) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    catalog::add_part(&state, staff(&auth, Duty::Organisation)?, id, &form).await
}

/// Removes the `index`-th standard part, as the page lists them.
#[server(endpoint = "catalogue/parts/remove", input = Json)]
pub async fn remove_service_part(id: ServiceTypeId, index: usize) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    catalog::remove_part(&state, staff(&auth, Duty::Organisation)?, id, index).await
}

/// An outlet the caller reaches starts or stops offering a service.
#[server(endpoint = "catalogue/offer", input = Json)]
pub async fn offer_service(
    outlet: OutletId,
    id: ServiceTypeId,
    offered: bool,
) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    catalog::offer(
        &state,
        staff(&auth, Duty::OutletSettings)?,
        outlet,
        id,
        offered,
    )
    .await
}
