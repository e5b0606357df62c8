//! The catalogue customers choose from: outlets and service types.

use crate::domain::availability::Need;
use crate::domain::catalog::{Outlet, ServiceType, SkillSet};
use crate::domain::ids::{OutletId, ServiceTypeId};
use crate::domain::{AppError, Field, Problem};
use crate::server::{AppState, OrInternal};

pub async fn outlets(state: &AppState) -> Result<Vec<Outlet>, AppError> {
    state.repo().outlets().await.or_internal()
}

pub async fn service_types(state: &AppState) -> Result<Vec<ServiceType>, AppError> {
    state.repo().service_types().await.or_internal()
}

pub async fn outlet(state: &AppState, id: OutletId) -> Result<Outlet, AppError> {
    state
        .repo()
        .outlet(id)
        .await
        .or_internal()?
        .ok_or(AppError::invalid(Field::Outlet, Problem::UnknownChoice))
}

/// The chosen services, without repeats, and what a booking of them needs.
pub fn chosen_services(
    all: &[ServiceType],
    ids: &[ServiceTypeId],
) -> Result<(Vec<ServiceTypeId>, Need), AppError> {
    let mut chosen: Vec<ServiceTypeId> = Vec::new();
    for id in ids {
        if !all.iter().any(|s| s.id == *id) {
            return Err(AppError::invalid(Field::Services, Problem::UnknownChoice));
        }
        if !chosen.contains(id) {
            chosen.push(*id);
        }
    }
    if chosen.is_empty() {
        return Err(AppError::invalid(Field::Services, Problem::Required));
    }
    let services = all.iter().filter(|s| chosen.contains(&s.id));
    let need = Need {
        duration_minutes: services.clone().map(|s| s.duration_minutes).sum(),
        skills: services.map(|s| s.skill).collect::<SkillSet>(),
    };
    Ok((chosen, need))
}
