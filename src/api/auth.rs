//! Sign-up, sign-in and sign-out for customers (mobile number) and staff (user name).

use crate::domain::account::Me;
use crate::domain::phone_proof::{CodePurpose, CodeSent};
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Texts a one-time code to `phone` for registering or resetting the password. The answer
/// is the same whether or not the number has an account.
#[server(endpoint = "auth/send-code", input = Json)]
pub async fn send_code(phone: String, purpose: CodePurpose) -> Result<CodeSent, AppError> {
    let (state, _) = super::context::request().await?;
    crate::server::services::phone_proof::send_code(&state, &phone, purpose).await
}

/// Registers a customer (or gives the desk's record for the number its portal account) and
/// signs them in; `code` is the one texted to `phone`.
#[server(endpoint = "auth/register", input = Json)]
pub async fn register(
    phone: String,
    name: String,
    password: String,
    code: String,
) -> Result<Me, AppError> {
    use crate::server::services::accounts::{self, Registration};
    let (state, mut auth) = super::context::request().await?;
    let form = Registration {
        phone: &phone,
        name: &name,
        password: &password,
        code: &code,
    };
    accounts::register(&state, &mut auth, form).await
}

/// Sets a new password with the code texted to `phone`, and signs in.
#[server(endpoint = "auth/reset-password", input = Json)]
pub async fn reset_password(phone: String, code: String, password: String) -> Result<Me, AppError> {
    let (state, mut auth) = super::context::request().await?;
    crate::server::services::accounts::reset_password(&state, &mut auth, &phone, &code, &password)
        .await
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

/// Erases the signed-in customer's personal data (their password confirms); signs them out.
#[server(endpoint = "auth/erase-me", input = Json)]
pub async fn erase_my_data(password: String) -> Result<(), AppError> {
    let (state, mut auth) = super::context::request().await?;
    crate::server::services::accounts::erase_me(&state, &mut auth, &password).await
}

/// Who is signed in (`None` for a visitor).
#[server(endpoint = "auth/me", input = Json)]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    let (state, auth) = super::context::request().await?;
    crate::server::services::accounts::me(&state, &auth).await
}
