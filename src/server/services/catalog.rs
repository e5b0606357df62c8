//! The catalogue: the outlets and services customers choose from, each outlet's published
//! prices, and the console's catalogue page (headquarters keeps the group's services; each
//! outlet's manager chooses what it offers).

use crate::domain::availability::Need;
use crate::domain::catalog::*;
use crate::domain::estimate::Money;
use crate::domain::ids::{OutletId, ServiceTypeId};
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::access;
use crate::server::db::{Actor, AuditEntry, Created, StaffRecord};
use crate::server::{AppState, OrInternal};
use serde_json::json;

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

/// What the outlet offers now, in catalogue order.
pub async fn offered(state: &AppState, outlet: OutletId) -> Result<Vec<ServiceType>, AppError> {
    state.repo().offered_services(outlet).await.or_internal()
}

/// What check-in may choose at the outlet: what it offers, and the booking's own services even
/// if withdrawn or retired since.
pub async fn for_check_in(
    state: &AppState,
    outlet: OutletId,
    booked: &[ServiceTypeId],
) -> Result<Vec<ServiceType>, AppError> {
    let mut services = offered(state, outlet).await?;
    if booked
        .iter()
        .any(|id| !services.iter().any(|s| s.id == *id))
    {
        for service in service_types(state).await? {
            if booked.contains(&service.id) && !services.iter().any(|s| s.id == service.id) {
                services.push(service);
            }
        }
    }
    Ok(services)
}

/// The outlet's published prices (明码标价): its labour rate and what it offers at that rate.
pub async fn price_list(state: &AppState, outlet: OutletId) -> Result<PriceList, AppError> {
    let outlet = self::outlet(state, outlet).await?;
    Ok(PriceList {
        labour_rate: labour_rate(state, outlet.id).await?,
        services: offered(state, outlet.id).await?,
    })
}

async fn labour_rate(state: &AppState, outlet: OutletId) -> Result<Money, AppError> {
    Ok(state
        .repo()
        .repair_policy(outlet)
        .await
        .or_internal()?
        .labour_rate)
}

// --- The catalogue as headquarters keeps it, and what each outlet offers ---

fn audit(state: &AppState, by: &StaffRecord, action: &'static str, key: String) -> AuditEntry {
    AuditEntry::new(
        state.clock.now(),
        Actor::Staff(by.id),
        action,
        "service_type",
        key,
    )
}

/// The group's catalogue with the outlets this person reaches (their columns of the grid).
pub async fn page(state: &AppState, staff: &StaffRecord) -> Result<CataloguePage, AppError> {
    let mut outlets = Vec::new();
    for outlet in access::outlets_reached(state, staff).await? {
        outlets.push(CatalogueOutlet {
            labour_rate: labour_rate(state, outlet.id).await?,
            id: outlet.id,
            name: outlet.name,
        });
    }
    let services = state
        .repo()
        .catalogue(staff.group_id)
        .await
        .or_internal()?
        .into_iter()
        .map(|mut entry| {
            entry
                .offered_at
                .retain(|o| outlets.iter().any(|reached| reached.id == *o));
            entry
        })
        .collect();
    Ok(CataloguePage {
        outlets,
        services,
        may_edit: access::sets_group_policy(staff),
    })
}

/// The group's service `id`, or an unknown choice.
async fn entry(
    state: &AppState,
    hq: &StaffRecord,
    id: ServiceTypeId,
) -> Result<CatalogueEntry, AppError> {
    state
        .repo()
        .catalogue(hq.group_id)
        .await
        .or_internal()?
        .into_iter()
        .find(|e| e.service.id == id)
        .ok_or(AppError::invalid(Field::Services, Problem::UnknownChoice))
}

/// Adds a service to the group's catalogue (`id` none), or changes one.
pub async fn save(
    state: &AppState,
    hq: &StaffRecord,
    id: Option<ServiceTypeId>,
    form: &ServiceForm,
) -> Result<ServiceTypeId, AppError> {
    let checked = form.check()?;
    let before = match id {
        Some(id) => Some(entry(state, hq, id).await?.service),
        None => None,
    };
    let detail = json!({
        "code": checked.code,
        "name": [checked.name.zh, checked.name.en],
        "minutes": checked.duration_minutes,
        "skill": checked.skill.as_str(),
        "labour_hours": checked.labour_hours,
        "before": before.map(|b| json!({
            "code": b.code,
            "name": [b.name.zh, b.name.en],
            "minutes": b.duration_minutes,
            "skill": b.skill.as_str(),
            "labour_hours": b.labour_hours,
        })),
    });
    let action = match id {
        Some(_) => "service_type.changed",
        None => "service_type.created",
    };
    let key = id.map(|i| i.0.to_string()).unwrap_or_default();
    let audit = audit(state, hq, action, key).with_detail(detail);
    match state
        .repo()
        .save_service(hq.group_id, id, &checked, &audit)
        .await
        .or_internal()?
    {
        Created::Created(id) => Ok(id),
        Created::AlreadyExists => Err(AppError::invalid(Field::Code, Problem::AlreadyTaken)),
    }
}

/// Retires a service (offered nowhere; past bookings and orders keep it) or restores it.
pub async fn set_active(
    state: &AppState,
    hq: &StaffRecord,
    id: ServiceTypeId,
    active: bool,
) -> Result<(), AppError> {
    let action = if active {
        "service_type.restored"
    } else {
        "service_type.retired"
    };
    let audit = audit(state, hq, action, id.0.to_string());
    match state
        .repo()
        .set_service_active(hq.group_id, id, active, &audit)
        .await
        .or_internal()?
    {
        true => Ok(()),
        false => Err(AppError::invalid(Field::Services, Problem::UnknownChoice)),
    }
}

/// Adds a standard part to a service of the group.
pub async fn add_part(
    state: &AppState,
    hq: &StaffRecord,
    id: ServiceTypeId,
    form: &PartForm,
) -> Result<(), AppError> {
    let part = form.check()?;
    entry(state, hq, id).await?;
    let audit = audit(state, hq, "service_type.part_added", id.0.to_string()).with_detail(json!({
        "part_code": part.part_code,
        "name": [part.name.zh, part.name.en],
        "quantity": part.quantity,
        "unit_fen": part.unit_price.0,
    }));
    state
        .repo()
        .add_service_part(id, &part, &audit)
        .await
        .or_internal()
}

/// Removes the service's `index`-th standard part, as the page listed them; refused when
/// someone changed the service's parts meanwhile.
pub async fn remove_part(
    state: &AppState,
    hq: &StaffRecord,
    id: ServiceTypeId,
    index: usize,
) -> Result<(), AppError> {
    let parts = entry(state, hq, id).await?.parts;
    let part = parts
        .get(index)
        .ok_or(AppError::Conflict(Conflict::CatalogueChanged))?;
    let audit = audit(state, hq, "service_type.part_removed", id.0.to_string())
        .with_detail(json!({ "part_code": part.part_code, "name": [part.name.zh, part.name.en] }));
    match state
        .repo()
        .remove_service_part(id, index as u32, part, &audit)
        .await
        .or_internal()?
    {
        true => Ok(()),
        false => Err(AppError::Conflict(Conflict::CatalogueChanged)),
    }
}

/// An outlet the manager reaches starts or stops offering a service of the group. Bookings
/// already made for it stay.
pub async fn offer(
    state: &AppState,
    manager: &StaffRecord,
    outlet: OutletId,
    id: ServiceTypeId,
    offered: bool,
) -> Result<(), AppError> {
    if !access::reaches_outlet(state, manager, outlet).await? {
        return Err(AppError::invalid(Field::Outlet, Problem::OutsideYourScope));
    }
    let service = entry(state, manager, id).await?;
    if offered && !service.active {
        return Err(AppError::invalid(Field::Services, Problem::UnknownChoice));
    }
    let action = if offered {
        "outlet.service_offered"
    } else {
        "outlet.service_withdrawn"
    };
    let audit = AuditEntry::new(
        state.clock.now(),
        Actor::Staff(manager.id),
        action,
        "outlet",
        outlet.0.to_string(),
    )
    .with_detail(json!({ "service": service.service.code }));
    state
        .repo()
        .set_offered(outlet, id, offered, &audit)
        .await
        .or_internal()?;
    Ok(())
}
