//! Photos of a work order: the walk-around at check-in and findings during the repair.
//!
//! Staff of the order's outlet who may write on it add photos while it is open; the owner, the
//! outlet's staff and the holder of the tracking link see them. The bytes are checked here
//! (`domain::photo`), never trusted from the browser.

use crate::domain::account::StaffRole;
use crate::domain::ids::PhotoId;
use crate::domain::photo::{self, PhotoType, PhotoUpload};
use crate::domain::work_order::{may_write, optional_text, WorkOrderNumber};
use crate::domain::{AppError, Conflict, Field, Problem};
use crate::server::access;
use crate::server::auth::SessionUser;
use crate::server::db::*;
use crate::server::{AppState, OrInternal};
use base64::Engine;
use serde_json::json;

pub const CAPTION_MAX: u32 = 100;

/// An upload's picture checked from its bytes (never trusted from the browser): its type,
/// the bytes and the caption.
pub fn checked(upload: &PhotoUpload) -> Result<(PhotoType, Vec<u8>, String), AppError> {
    if upload.data_base64.len() > PhotoUpload::MAX_ENCODED {
        return Err(AppError::invalid(
            Field::Photo,
            Problem::PhotoTooLarge {
                max_kb: (photo::MAX_BYTES / 1024) as u32,
            },
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(upload.data_base64.trim())
        .map_err(|_| AppError::invalid(Field::Photo, Problem::PhotoType))?;
    let kind = PhotoType::check(&bytes)?;
    let caption = optional_text(&upload.caption, Field::Photo, CAPTION_MAX)?;
    Ok((kind, bytes, caption))
}

/// Keeps a photo with the order; answers its id.
pub async fn add(
    state: &AppState,
    staff: &StaffRecord,
    number: &WorkOrderNumber,
    upload: &PhotoUpload,
) -> Result<PhotoId, AppError> {
    let viewer = SessionUser::Staff(staff.clone());
    let order = access::order_for_viewer(state, Some(&viewer), number).await?;
    let own = order.technician_staff_id == Some(staff.id);
    if !staff.holds(|r| may_write(r, own) || r == StaffRole::QualityInspector) {
        return Err(AppError::Forbidden);
    }
    if !order.status.is_open() {
        return Err(AppError::Conflict(Conflict::EstimateClosed));
    }
    let (kind, bytes, caption) = checked(upload)?;
    if let Some(line) = upload.line {
        let lines = state
            .repo()
            .work_order_lines(order.id)
            .await
            .or_internal()?;
        if !lines.iter().any(|l| l.id == line) {
            return Err(AppError::invalid(Field::Photo, Problem::UnknownChoice));
        }
    }
    let now = state.clock.now();
    let new = NewPhoto {
        order: order.id,
        line: upload.line,
        caption,
        content_type: kind.content_type(),
        bytes,
        staff: staff.id,
        at: now,
        max_per_order: photo::MAX_PER_ORDER,
    };
    let audit = AuditEntry::new(
        now,
        Actor::Staff(staff.id),
        "work_order.photo_added",
        "work_order",
        order.number.as_str(),
    )
    .with_detail(json!({
        "bytes": new.bytes.len(),
        "type": kind.content_type(),
        "line": upload.line.map(|l| l.0),
    }));
    let id = match state.repo().add_photo(&new, &audit).await.or_internal()? {
        Added::Added(id) => id,
        Added::Full => {
            return Err(AppError::invalid(
                Field::Photo,
                Problem::TooManyPhotos {
                    max: photo::MAX_PER_ORDER,
                },
            ))
        }
    };
    state.live().publish(order.id).await;
    Ok(id)
}

/// A picture for whoever is signed in and may see the order.
pub async fn for_viewer(
    state: &AppState,
    viewer: Option<&SessionUser>,
    number: &WorkOrderNumber,
    photo: PhotoId,
) -> Result<(String, Vec<u8>), AppError> {
    let order = access::order_for_viewer(state, viewer, number).await?;
    bytes_of(state, &order, photo).await
}

async fn bytes_of(
    state: &AppState,
    order: &WorkOrderRecord,
    photo: PhotoId,
) -> Result<(String, Vec<u8>), AppError> {
    state
        .repo()
        .photo_bytes(order.id, photo)
        .await
        .or_internal()?
        .ok_or(AppError::NotFound)
}
