//! `GET /photos/orders/{number}/{id}` for the signed-in owner and the outlet's staff (the
//! tracking link's bystander view carries no photos); a complaint's pictures
//! at `/photos/complaints/{number}/{id}` (its customer, the outlet's complaint handlers) and
//! `/photos/complaint-link/{token}/{id}` (the holder of its link). Photos never change,
//! so the browser may keep them (privately) for a day.

use super::auth::AuthSession;
use super::services::{complaints, photos};
use super::AppState;
use crate::domain::complaint::ComplaintKey;
use crate::domain::ids::PhotoId;
use crate::domain::work_order::WorkOrderNumber;
use crate::domain::AppError;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/photos/orders/{number}/{id}", get(own_photo))
        .route("/photos/complaints/{number}/{id}", get(complaint_photo))
        .route(
            "/photos/complaint-link/{token}/{id}",
            get(linked_complaint_photo),
        )
}

async fn complaint_photo(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((number, id)): Path<(String, i64)>,
) -> Response {
    let key = ComplaintKey::Number(number);
    picture(complaints::photo(&state, auth.user.as_ref(), &key, PhotoId(id)).await)
}

async fn linked_complaint_photo(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, i64)>,
) -> Response {
    let key = ComplaintKey::Token(token);
    picture(complaints::photo(&state, None, &key, PhotoId(id)).await)
}

async fn own_photo(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((number, id)): Path<(String, i64)>,
) -> Response {
    let found = async {
        let number = WorkOrderNumber::parse(&number)?;
        photos::for_viewer(&state, auth.user.as_ref(), &number, PhotoId(id)).await
    };
    picture(found.await)
}

fn picture(found: Result<(String, Vec<u8>), AppError>) -> Response {
    match found {
        Ok((content_type, bytes)) => {
            let content_type = HeaderValue::from_str(&content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("private, max-age=86400"),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        // Someone else's order or photo is simply not there.
        Err(AppError::Forbidden | AppError::Validation { .. }) => {
            StatusCode::NOT_FOUND.into_response()
        }
        Err(error) => super::error::status_of(&error).into_response(),
    }
}
