//! Registering, signing in and out, and who is signed in.

use crate::domain::account::{Me, WorkPlace};
use crate::domain::identity::{NewPassword, PersonName, Phone, Username};
use crate::domain::organisation::Placement;
use crate::domain::phone_proof::CodePurpose;
use crate::domain::{AppError, Field, Problem};
use crate::server::auth::{password, throttle, AuthSession, Credentials, SessionUser};
use crate::server::db::{
    Actor, AuditEntry, Claimed, Created, CustomerRecord, NewCustomer, PasswordReset,
};
use crate::server::services::phone_proof;
use crate::server::{AppState, OrInternal};
use serde_json::json;

fn invalid(field: Field) -> impl Fn(Problem) -> AppError {
    move |problem| AppError::invalid(field, problem)
}

/// What a new customer types to register.
pub struct Registration<'a> {
    pub phone: &'a str,
    pub name: &'a str,
    pub password: &'a str,
    /// The one-time code texted to the phone (`auth/send-code`).
    pub code: &'a str,
}

/// Registers a customer and signs them in, once the code texted to the number proves it is
/// theirs. A record the desk already made for the number (a phone booking) becomes this
/// account, with its cars and history: the code is the proof, so knowing someone's number or
/// plate opens nothing.
pub async fn register(
    state: &AppState,
    auth: &mut AuthSession,
    form: Registration<'_>,
) -> Result<Me, AppError> {
    let phone = Phone::parse(form.phone).map_err(invalid(Field::Phone))?;
    let name = PersonName::parse(form.name).map_err(invalid(Field::Name))?;
    let new_password = NewPassword::parse(form.password).map_err(invalid(Field::Password))?;
    phone_proof::prove(state, &phone, CodePurpose::Register, form.code).await?;
    let repo = state.repo();
    let now = state.clock.now();
    let already = || AppError::invalid(Field::Phone, Problem::PhoneAlreadyRegistered);
    let existing = repo.customer_by_phone(&phone).await.or_internal()?;
    let customer = match existing {
        Some(c) if c.password_hash.is_some() => return Err(already()),
        Some(on_file) => {
            let hash = password::hash(new_password.expose()).await?;
            let audit = AuditEntry::new(
                now,
                Actor::Customer(on_file.id),
                "customer.claimed",
                "customer",
                on_file.id.to_string(),
            );
            match repo
                .claim_customer(on_file.id, &hash, &audit)
                .await
                .or_internal()?
            {
                Claimed::Done => {}
                Claimed::AlreadyHasAccount => return Err(already()),
            }
            CustomerRecord {
                password_hash: Some(hash),
                ..on_file
            }
        }
        None => {
            let hash = password::hash(new_password.expose()).await?;
            let new = NewCustomer {
                phone: phone.clone(),
                name: name.clone(),
                password_hash: Some(hash.clone()),
                created_by: None,
                at: now,
            };
            let audit = AuditEntry::new(now, Actor::System, "customer.registered", "customer", "")
                .with_detail(json!({ "phone": phone.masked(), "channel": "portal" }));
            let id = match repo.create_customer(&new, &audit).await.or_internal()? {
                Created::Created(id) => id,
                Created::AlreadyExists => return Err(already()),
            };
            CustomerRecord {
                id,
                phone,
                name: name.as_str().to_owned(),
                password_hash: Some(hash),
            }
        }
    };
    let user = SessionUser::Customer(customer);
    log_in(auth, &user).await?;
    me_of(state, &user).await
}

/// Sets a new password for the portal account of `phone`, once the texted code proves the
/// number, and signs in. Every other session of the account ends (the password changed).
pub async fn reset_password(
    state: &AppState,
    auth: &mut AuthSession,
    phone: &str,
    code: &str,
    new_password: &str,
) -> Result<Me, AppError> {
    let phone = Phone::parse(phone).map_err(invalid(Field::Phone))?;
    let new_password = NewPassword::parse(new_password).map_err(invalid(Field::Password))?;
    phone_proof::prove(state, &phone, CodePurpose::ResetPassword, code).await?;
    let repo = state.repo();
    let no_account = || AppError::invalid(Field::Phone, Problem::NoAccountForPhone);
    let customer = repo
        .customer_by_phone(&phone)
        .await
        .or_internal()?
        .filter(|c| c.password_hash.is_some())
        .ok_or_else(no_account)?;
    let hash = password::hash(new_password.expose()).await?;
    let audit = AuditEntry::new(
        state.clock.now(),
        Actor::Customer(customer.id),
        "customer.password_reset",
        "customer",
        customer.id.to_string(),
    );
    match repo
        .reset_customer_password(customer.id, &hash, &audit)
        .await
        .or_internal()?
    {
        PasswordReset::Done => {}
        PasswordReset::NoPortalAccount => return Err(no_account()),
    }
    let user = SessionUser::Customer(CustomerRecord {
        password_hash: Some(hash),
        ..customer
    });
    log_in(auth, &user).await?;
    me_of(state, &user).await
}

/// Signs a customer in with mobile number and password.
pub async fn sign_in_customer(
    state: &AppState,
    auth: &mut AuthSession,
    phone: &str,
    password: &str,
) -> Result<Me, AppError> {
    let phone = Phone::parse(phone).map_err(invalid(Field::Phone))?;
    let key = format!("customer:{}", phone.as_str());
    sign_in(
        state,
        auth,
        &key,
        Credentials::Customer {
            phone,
            password: password.to_owned(),
        },
    )
    .await
}

/// Signs a staff member in with user name and password.
pub async fn sign_in_staff(
    state: &AppState,
    auth: &mut AuthSession,
    username: &str,
    password: &str,
) -> Result<Me, AppError> {
    let username = Username::parse(username).map_err(invalid(Field::Username))?;
    let key = format!("staff:{}", username.as_str());
    sign_in(
        state,
        auth,
        &key,
        Credentials::Staff {
            username,
            password: password.to_owned(),
        },
    )
    .await
}

async fn sign_in(
    state: &AppState,
    auth: &mut AuthSession,
    key: &str,
    credentials: Credentials,
) -> Result<Me, AppError> {
    let typed_password = match &credentials {
        Credentials::Customer { password, .. } | Credentials::Staff { password, .. } => password,
    };
    if typed_password.is_empty() {
        return Err(AppError::invalid(Field::Password, Problem::Required));
    }
    // The account as the audit log names it: a customer's number masked.
    let account = match &credentials {
        Credentials::Customer { phone, .. } => format!("customer:{}", phone.masked()),
        Credentials::Staff { username, .. } => format!("staff:{}", username.as_str()),
    };
    let repo = state.repo();
    let now = state.clock.now();
    let admitted = throttle::admit(repo, key, now).await?;
    let Some(user) = auth.authenticate(credentials).await.or_internal()? else {
        // Throttled above, so a password-guessing run adds only a few lines.
        let failed = AuditEntry::new(
            now,
            Actor::System,
            "session.sign_in_failed",
            "session",
            account,
        );
        repo.record_audit(&failed).await.or_internal()?;
        return Err(AppError::BadCredentials);
    };
    throttle::succeeded(repo, admitted).await?;
    log_in(auth, &user).await?;
    let actor = match &user {
        SessionUser::Customer(c) => Actor::Customer(c.id),
        SessionUser::Staff(s) => Actor::Staff(s.id),
    };
    repo.record_audit(&AuditEntry::new(
        now,
        actor,
        "session.signed_in",
        "session",
        auth_key(&user),
    ))
    .await
    .or_internal()?;
    me_of(state, &user).await
}

/// Signs `user` in on this session with a fresh session id (axum-login rotates it only when
/// nobody was signed in; switching accounts on a shared tablet must rotate it too).
async fn log_in(auth: &mut AuthSession, user: &SessionUser) -> Result<(), AppError> {
    auth.session.cycle_id().await.or_internal()?;
    auth.login(user).await.or_internal()
}

fn auth_key(user: &SessionUser) -> String {
    use axum_login::AuthUser;
    user.id().to_string()
}

pub async fn sign_out(state: &AppState, auth: &mut AuthSession) -> Result<(), AppError> {
    if let Some(user) = auth.logout().await.or_internal()? {
        let audit = AuditEntry::new(
            state.clock.now(),
            actor_of(&user),
            "session.signed_out",
            "session",
            auth_key(&user),
        );
        state.repo().record_audit(&audit).await.or_internal()?;
    }
    Ok(())
}

fn actor_of(user: &SessionUser) -> Actor {
    match user {
        SessionUser::Customer(c) => Actor::Customer(c.id),
        SessionUser::Staff(s) => Actor::Staff(s.id),
    }
}

/// Who is signed in, if anyone.
pub async fn me(state: &AppState, auth: &AuthSession) -> Result<Option<Me>, AppError> {
    match &auth.user {
        Some(user) => me_of(state, user).await.map(Some),
        None => Ok(None),
    }
}

async fn me_of(state: &AppState, user: &SessionUser) -> Result<Me, AppError> {
    Ok(match user {
        SessionUser::Customer(c) => Me::Customer {
            name: c.name.clone(),
            phone_masked: c.phone.masked(),
        },
        SessionUser::Staff(s) => {
            let reached: Vec<WorkPlace> = crate::server::access::outlets_reached(state, s)
                .await?
                .into_iter()
                .map(|o| WorkPlace {
                    id: o.id,
                    name: o.name,
                })
                .collect();
            let outlet = reached
                .iter()
                .find(|o| Some(o.id) == s.working_outlet)
                .cloned();
            let switchable = !matches!(s.placement, Placement::Outlet(_));
            Me::Staff {
                name: s.display_name.clone(),
                username: s.username.clone(),
                roles: s.roles.clone(),
                outlet,
                outlets: if switchable { reached } else { Vec::new() },
                must_change_password: s.must_change_password,
            }
        }
    })
}

/// Erases the signed-in customer's personal data at their request (PIPL art. 47), once nothing
/// of theirs is still open. Their password proves it is them. The repair, payment and complaint
/// records stay, without their name and number (README, "Records that can be trusted").
pub async fn erase_me(
    state: &AppState,
    auth: &mut AuthSession,
    password: &str,
) -> Result<(), AppError> {
    let customer = crate::server::access::customer(auth)?.clone();
    if password.is_empty() {
        return Err(AppError::invalid(Field::Password, Problem::Required));
    }
    if !password::verify(password, customer.password_hash.as_deref()).await? {
        return Err(AppError::invalid(Field::Password, Problem::PasswordWrong));
    }
    let repo = state.repo();
    let booked = repo
        .bookings_of_customer(customer.id)
        .await
        .or_internal()?
        .iter()
        .any(|b| b.status == crate::domain::booking::BookingStatus::Booked);
    let in_workshop = repo
        .work_orders(crate::server::db::OrderFilter::Customer(customer.id))
        .await
        .or_internal()?
        .iter()
        .any(|o| o.status.is_open());
    let complaining = repo
        .complaints_of_customer(customer.id)
        .await
        .or_internal()?
        .iter()
        .any(|c| c.stage != crate::domain::complaint::ComplaintStage::Closed);
    if booked || in_workshop || complaining {
        return Err(AppError::Conflict(
            crate::domain::Conflict::StillBeingServed,
        ));
    }
    let audit = AuditEntry::new(
        state.clock.now(),
        Actor::Customer(customer.id),
        "customer.erased",
        "customer",
        customer.id.0.to_string(),
    );
    repo.erase_customer(&customer, &Phone::erased(customer.id.0), &audit)
        .await
        .or_internal()?;
    auth.logout().await.or_internal()?;
    Ok(())
}
