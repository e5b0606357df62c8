//! What a server function needs from its request: the app state and the caller's session;
//! and the HTTP status that matches an `AppError`.

use crate::domain::AppError;
use crate::server::auth::AuthSession;
use crate::server::error::internal;
use crate::server::AppState;
use axum::http::StatusCode;

/// The app state and the caller's session (loaded by axum-login for this request).
pub async fn request() -> Result<(AppState, AuthSession), AppError> {
    let state = leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| internal("server function without app state"))?;
    let auth = leptos_axum::extract::<AuthSession>()
        .await
        .map_err(|e| internal(format!("session layer missing: {e}")))?;
    Ok((state, auth))
}

/// The HTTP status that matches an error, so HTTP clients and logs see 4xx, not 500.
/// (Applied to every server-function error response by `server::http`.)
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::BadRequest => StatusCode::BAD_REQUEST,
        AppError::Network => StatusCode::BAD_GATEWAY,
        AppError::MessageNotSent => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
