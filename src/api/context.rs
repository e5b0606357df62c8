//! What a server function needs from its request: the app state and the caller's session.

use crate::domain::AppError;
use crate::server::auth::AuthSession;
use crate::server::error::internal;
use crate::server::AppState;

/// The app state and the caller's session (loaded by axum-login for this request).
pub async fn request() -> Result<(AppState, AuthSession), AppError> {
    let state = leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| internal("server function without app state"))?;
    let auth = leptos_axum::extract::<AuthSession>()
        .await
        .map_err(|e| internal(format!("session layer missing: {e}")))?;
    Ok((state, auth))
}
