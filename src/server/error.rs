//! Turning failures into `AppError::Internal`: the detail is logged under a short id, and the
//! browser sees only the id.

use crate::domain::AppError;
use axum::http::StatusCode;
use std::fmt::Display;

/// Logs `error` with a fresh id and returns the `AppError` the caller may see.
pub fn internal(error: impl Display) -> AppError {
    let id = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
    tracing::error!(error.id = %id, %error, "internal error");
    AppError::Internal { id }
}

/// `.or_internal()?` on any result whose error is ours, not the caller's.
pub trait OrInternal<T> {
    fn or_internal(self) -> Result<T, AppError>;
}

impl<T, E: Display> OrInternal<T> for Result<T, E> {
    fn or_internal(self) -> Result<T, AppError> {
        self.map_err(internal)
    }
}

/// The HTTP status that matches an error, so HTTP clients and logs see 4xx, not 500.
/// (Applied to every server-function error response by `server::http`, and to the photo routes.)
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
        AppError::Forbidden | AppError::PasswordChangeRequired => StatusCode::FORBIDDEN,
        AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::BadRequest => StatusCode::BAD_REQUEST,
        AppError::Network => StatusCode::BAD_GATEWAY,
        AppError::MessageNotSent => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
