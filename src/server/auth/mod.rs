//! Who is calling: sessions and sign-in with axum-login over tower-sessions.
//!
//! A session holds a `Principal` (customer or staff id). On every request axum-login loads the
//! account fresh from the database, so a role change or a deactivated account takes effect at
//! once, and nothing the browser sends about its identity is ever trusted. The session id is
//! rotated at sign-in (axum-login's `login` cycles it) against session fixation.

pub mod password;
pub mod throttle;

use super::db::{CustomerRecord, Repository, StaffRecord};
use crate::domain::identity::{Phone, Username};
use crate::domain::ids::{CustomerId, StaffId};
use crate::domain::AppError;
use axum_login::{AuthUser, AuthnBackend};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// What a session stores: which account is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Principal {
    Customer(CustomerId),
    Staff(StaffId),
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Customer(id) => write!(f, "customer:{id}"),
            Self::Staff(id) => write!(f, "staff:{id}"),
        }
    }
}

/// The signed-in account, loaded from the database for each request.
#[derive(Debug, Clone)]
pub enum SessionUser {
    Customer(CustomerRecord),
    Staff(StaffRecord),
}

impl AuthUser for SessionUser {
    type Id = Principal;

    fn id(&self) -> Principal {
        match self {
            Self::Customer(c) => Principal::Customer(c.id),
            Self::Staff(s) => Principal::Staff(s.id),
        }
    }

    /// The password hash: changing the password ends every other session of the account.
    fn session_auth_hash(&self) -> &[u8] {
        match self {
            Self::Customer(c) => c.password_hash.as_deref().unwrap_or_default().as_bytes(),
            Self::Staff(s) => s.password_hash.as_bytes(),
        }
    }
}

/// What a sign-in form proves.
pub enum Credentials {
    Customer {
        phone: Phone,
        password: String,
    },
    Staff {
        username: Username,
        password: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("database: {0}")]
    Database(#[from] super::db::DbError),
    #[error("{0}")]
    App(AppError),
}

/// axum-login's backend over our repository.
#[derive(Clone)]
pub struct Accounts {
    pub repo: Arc<dyn Repository>,
}

impl AuthnBackend for Accounts {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = AuthError;

    async fn authenticate(
        &self,
        credentials: Credentials,
    ) -> Result<Option<SessionUser>, AuthError> {
        let (user, stored_hash, password) = match credentials {
            Credentials::Customer { phone, password } => {
                let record = self.repo.customer_by_phone(&phone).await?;
                let hash = record.as_ref().and_then(|c| c.password_hash.clone());
                (record.map(SessionUser::Customer), hash, password)
            }
            Credentials::Staff { username, password } => {
                let record = self
                    .repo
                    .staff_by_username(&username)
                    .await?
                    .filter(|s| s.active);
                let hash = record.as_ref().map(|s| s.password_hash.clone());
                (record.map(SessionUser::Staff), hash, password)
            }
        };
        let valid = password::verify(&password, stored_hash.as_deref())
            .await
            .map_err(AuthError::App)?;
        Ok(user.filter(|_| valid))
    }

    async fn get_user(&self, principal: &Principal) -> Result<Option<SessionUser>, AuthError> {
        Ok(match principal {
            Principal::Customer(id) => self
                .repo
                .customer_by_id(*id)
                .await?
                .filter(|c| c.password_hash.is_some())
                .map(SessionUser::Customer),
            Principal::Staff(id) => self
                .repo
                .staff_by_id(*id)
                .await?
                .filter(|s| s.active)
                .map(SessionUser::Staff),
        })
    }
}

pub type AuthSession = axum_login::AuthSession<Accounts>;
