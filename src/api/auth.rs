//! Sign-up, sign-in and sign-out for customers (mobile number) and staff (user name).

use crate::domain::account::Me;
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Registers a customer and signs them in. `plate` is only needed to link a record the
/// dealership already has for this number.
#[server(endpoint = "auth/register", input = Json)]
pub async fn register(
    phone: String,
    name: String,
    password: String,
    plate: String,
) -> Result<Me, AppError> {
    use crate::server::services::accounts::{self, Registration};
    let (state, mut auth) = super::context::request().await?;
    let form = Registration {
        phone: &phone,
        name: &name,
        password: &password,
        plate: &plate,
    };
    accounts::register(&state, &mut auth, form).await
}

#[server(endpoint = "auth/sign-in", input = Json)]
pub async fn sign_in(phone: String, password: String) -> Result<Me, AppError> {
    let (state, mut auth) = super::context::request().await?;
    crate::server::services::accounts::sign_in_customer(&state, &mut auth, &phone, &password).await
}

#[server(endpoint = "auth/staff-sign-in", input = Json)]
pub async fn staff_sign_in(username: String, password: String) -> Result<Me, AppError> {
    let (state, mut auth) = super::context::request().await?;
    crate::server::services::accounts::sign_in_staff(&state, &mut auth, &username, &password).await
}

#[server(endpoint = "auth/sign-out", input = Json)]
pub async fn sign_out() -> Result<(), AppError> {
    let (state, mut auth) = super::context::request().await?;
    crate::server::services::accounts::sign_out(&state, &mut auth).await
}

/// Who is signed in (`None` for a visitor).
#[server(endpoint = "auth/me", input = Json)]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    let (state, auth) = super::context::request().await?;
    crate::server::services::accounts::me(&state, &auth).await
}
