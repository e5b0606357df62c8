//! The console's management of the organisation and its people. Every function takes the
//! caller from the session: the places and people it may touch follow from their placement and
//! roles (`server::access`, `server::services::people`), never from the request.

use crate::domain::audit::{AuditFilter, AuditPage, ChainCheck};
use crate::domain::ids::{OutletId, RegionId, StaffId};
use crate::domain::organisation::{
    AssessmentForm, CertificateForm, OneTimePassword, OrgChart, OutletForm, PeoplePage, RegionForm,
    StaffForm, TrainingForm,
};
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::server::access::{staff, Duty};
#[cfg(feature = "ssr")]
use crate::server::services::{organisation, people};

// ---------- Headquarters: regions and outlets ----------

#[server(endpoint = "organisation/chart", input = Json)]
pub async fn get_org_chart() -> Result<OrgChart, AppError> {
    let (state, auth) = super::context::request().await?;
    organisation::chart(&state, staff(&auth, Duty::Organisation)?).await
}

#[server(endpoint = "organisation/regions/add", input = Json)]
pub async fn add_region(form: RegionForm) -> Result<RegionId, AppError> {
    let (state, auth) = super::context::request().await?;
    organisation::add_region(&state, staff(&auth, Duty::Organisation)?, &form).await
}

#[server(endpoint = "organisation/outlets/add", input = Json)]
pub async fn add_outlet(form: OutletForm) -> Result<OutletId, AppError> {
    let (state, auth) = super::context::request().await?;
    organisation::add_outlet(&state, staff(&auth, Duty::Organisation)?, &form).await
}

#[server(endpoint = "organisation/outlets/region", input = Json)]
pub async fn move_outlet(outlet: OutletId, region: Option<RegionId>) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    organisation::move_outlet(&state, staff(&auth, Duty::Organisation)?, outlet, region).await
}

// ---------- People ----------

#[server(endpoint = "people", input = Json)]
pub async fn get_people() -> Result<PeoplePage, AppError> {
    let (state, auth) = super::context::request().await?;
    people::page(&state, staff(&auth, Duty::People)?).await
}

/// A new account answers its one-time password (shown once); a change answers nothing.
#[server(endpoint = "people/save", input = Json)]
pub async fn save_person(form: StaffForm) -> Result<Option<OneTimePassword>, AppError> {
    let (state, auth) = super::context::request().await?;
    people::save(&state, staff(&auth, Duty::People)?, &form).await
}

#[server(endpoint = "people/active", input = Json)]
pub async fn set_person_active(id: StaffId, active: bool) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    people::set_active(&state, staff(&auth, Duty::People)?, id, active).await
}

#[server(endpoint = "people/reset-password", input = Json)]
pub async fn reset_person_password(id: StaffId) -> Result<OneTimePassword, AppError> {
    let (state, auth) = super::context::request().await?;
    people::reset_password(&state, staff(&auth, Duty::People)?, id).await
}

#[server(endpoint = "people/certificates/add", input = Json)]
pub async fn add_certificate(id: StaffId, form: CertificateForm) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    people::add_certificate(&state, staff(&auth, Duty::People)?, id, &form).await
}

#[server(endpoint = "people/certificates/remove", input = Json)]
pub async fn remove_certificate(id: StaffId, certificate: i64) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    people::remove_certificate(&state, staff(&auth, Duty::People)?, id, certificate).await
}

#[server(endpoint = "people/trainings/add", input = Json)]
pub async fn add_training(id: StaffId, form: TrainingForm) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    people::add_training(&state, staff(&auth, Duty::People)?, id, &form).await
}

#[server(endpoint = "people/assessments/add", input = Json)]
pub async fn add_assessment(id: StaffId, form: AssessmentForm) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    people::add_assessment(&state, staff(&auth, Duty::People)?, id, &form).await
}

// ---------- The audit log ----------

/// The lines the manager may read, newest first, narrowed by the filter.
#[server(endpoint = "audit/lines", input = Json)]
pub async fn browse_audit_log(filter: AuditFilter) -> Result<AuditPage, AppError> {
    let (state, auth) = super::context::request().await?;
    crate::server::services::audit_log::browse(&state, staff(&auth, Duty::People)?, &filter).await
}

/// Checks the whole chain of seals (headquarters), as `aftersales audit verify` does.
#[server(endpoint = "audit/check", input = Json)]
pub async fn check_audit_chain() -> Result<ChainCheck, AppError> {
    let (state, auth) = super::context::request().await?;
    staff(&auth, Duty::Organisation)?;
    crate::server::services::audit_log::check(&state).await
}

// ---------- Any member of staff, for themselves ----------

/// Required after a manager set their password; the session stays signed in.
#[server(endpoint = "me/password", input = Json)]
pub async fn change_my_password(current: String, new: String) -> Result<(), AppError> {
    let (state, mut auth) = super::context::request().await?;
    people::change_own_password(&state, &mut auth, &current, &new).await
}

/// The outlet a regional or headquarters person works in (the console's switcher).
#[server(endpoint = "me/work-at", input = Json)]
pub async fn work_at(outlet: OutletId) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    people::work_at(&state, staff(&auth, Duty::WorkOrders)?, outlet).await
}
