//! The organisation page (headquarters): regions and outlets. A new outlet starts with a first
//! week of hours and its bays; its manager (or anyone reaching it) refines them on its settings
//! page, and it takes bookings as soon as a technician works there.

use super::catalog;
use crate::domain::catalog::{BookingPolicy, Localized};
use crate::domain::identity::bounded_text;
use crate::domain::ids::{OutletId, RegionId};
use crate::domain::organisation::*;
use crate::domain::outlet_settings::{bay_name, check_hours, MAX_BAYS};
use crate::domain::{AppError, Field, Problem};
use crate::server::db::{Actor, AuditEntry, Created, NewOutlet, StaffRecord};
use crate::server::{AppState, OrInternal};
use serde_json::json;

fn invalid(field: Field) -> impl Fn(Problem) -> AppError {
    move |problem| AppError::invalid(field, problem)
}

fn audit(state: &AppState, hq: &StaffRecord, action: &'static str, key: String) -> AuditEntry {
    AuditEntry::new(
        state.clock.now(),
        Actor::Staff(hq.id),
        action,
        "organisation",
        key,
    )
}

/// The group's regions and outlets.
pub async fn chart(state: &AppState, hq: &StaffRecord) -> Result<OrgChart, AppError> {
    let regions = state.repo().regions(hq.group_id).await.or_internal()?;
    let outlets = catalog::outlets(state)
        .await?
        .into_iter()
        .filter(|o| o.group == hq.group_id)
        .map(|o| OutletRow {
            id: o.id,
            code: o.code,
            name: o.name,
            region: o.region,
        })
        .collect();
    Ok(OrgChart { regions, outlets })
}

/// A region, if it is the group's.
async fn region_of_group(
    state: &AppState,
    hq: &StaffRecord,
    region: Option<RegionId>,
) -> Result<Option<RegionId>, AppError> {
    let Some(region) = region else {
        return Ok(None);
    };
    let regions = state.repo().regions(hq.group_id).await.or_internal()?;
    match regions.iter().any(|r| r.id == region) {
        true => Ok(Some(region)),
        false => Err(AppError::invalid(Field::Region, Problem::UnknownChoice)),
    }
}

pub async fn add_region(
    state: &AppState,
    hq: &StaffRecord,
    form: &RegionForm,
) -> Result<RegionId, AppError> {
    let code = parse_code(&form.code).map_err(invalid(Field::Code))?;
    let name =
        parse_names(&form.name_zh, &form.name_en).map_err(|(f, p)| AppError::invalid(f, p))?;
    let audit = audit(state, hq, "region.created", String::new())
        .with_detail(json!({ "code": code, "name": [name.zh, name.en] }));
    match state
        .repo()
        .create_region(hq.group_id, &code, &name, state.clock.now(), &audit)
        .await
        .or_internal()?
    {
        Created::Created(id) => Ok(id),
        Created::AlreadyExists => Err(AppError::invalid(Field::Code, Problem::AlreadyTaken)),
    }
}

pub async fn add_outlet(
    state: &AppState,
    hq: &StaffRecord,
    form: &OutletForm,
) -> Result<OutletId, AppError> {
    let code = parse_code(&form.code).map_err(invalid(Field::Code))?;
    let name =
        parse_names(&form.name_zh, &form.name_en).map_err(|(f, p)| AppError::invalid(f, p))?;
    let address = Localized {
        zh: bounded_text(&form.address_zh, 80).map_err(invalid(Field::AddressZh))?,
        en: bounded_text(&form.address_en, 80).map_err(invalid(Field::AddressEn))?,
    };
    let phone = bounded_text(&form.phone, 20).map_err(invalid(Field::Phone))?;
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+'))
    {
        return Err(AppError::invalid(Field::Phone, Problem::PhoneFormat));
    }
    let region = region_of_group(state, hq, form.region).await?;
    let hours = check_hours(Some((form.opens.as_str(), form.closes.as_str()))).map_err(|p| {
        let field = match p {
            Problem::ClosesBeforeOpening => Field::Closes,
            _ => Field::Opens,
        };
        AppError::invalid(field, p)
    })?;
    if !form.open_days.iter().any(|open| *open) {
        return Err(AppError::invalid(Field::OpenDays, Problem::Required));
    }
    if !(1..=MAX_BAYS).contains(&form.bays) {
        return Err(AppError::invalid(
            Field::Bays,
            Problem::NotBetween {
                min: 1,
                max: MAX_BAYS,
            },
        ));
    }
    let outlets = catalog::outlets(state).await?;
    if outlets.iter().any(|o| o.code == code) {
        return Err(AppError::invalid(Field::Code, Problem::AlreadyTaken));
    }
    // The group's outlets share a zone; a group's first outlet is in China's.
    let time_zone = outlets
        .iter()
        .find(|o| o.group == hq.group_id)
        .map(|o| o.time_zone.clone())
        .unwrap_or_else(|| "Asia/Shanghai".into());
    let new = NewOutlet {
        group_id: hq.group_id,
        region,
        code: code.clone(),
        name,
        address,
        phone,
        time_zone,
        policy: BookingPolicy::default(),
        hours: form.open_days.map(|open| if open { hours } else { None }),
        bays: (1..=form.bays).map(bay_name).collect(),
        technicians: Vec::new(),
    };
    let audit = audit(state, hq, "outlet.created", String::new())
        .with_detail(json!({ "code": code, "region": region, "bays": form.bays }));
    match state.repo().create_outlet(&new, &audit).await {
        // Another manager took the code in the meantime.
        Err(e) if e.is_clash_on("outlets", "code") => {
            Err(AppError::invalid(Field::Code, Problem::AlreadyTaken))
        }
        other => other.or_internal(),
    }
}

/// Puts an outlet in a region, or outside every region.
pub async fn move_outlet(
    state: &AppState,
    hq: &StaffRecord,
    outlet: OutletId,
    region: Option<RegionId>,
) -> Result<(), AppError> {
    let before = catalog::outlets(state)
        .await?
        .into_iter()
        .find(|o| o.id == outlet && o.group == hq.group_id)
        .ok_or(AppError::NotFound)?;
    let region = region_of_group(state, hq, region).await?;
    let audit = audit(state, hq, "outlet.region_changed", outlet.0.to_string())
        .with_detail(json!({ "before": before.region, "after": region }));
    state
        .repo()
        .set_outlet_region(outlet, region, &audit)
        .await
        .or_internal()
}
