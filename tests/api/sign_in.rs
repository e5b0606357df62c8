//! Signing in, and throttling password guessing.

use crate::helpers::{Backend, TestApp};
use aftersales::api::auth::{SignIn, StaffSignIn, WhoAmI};
use aftersales::domain::account::{Me, StaffRole};
use aftersales::domain::AppError;
use aftersales::server::demo::DEMO_PASSWORD;
use chrono::Duration;

fn sign_in(phone: &str, password: &str) -> SignIn {
    SignIn {
        phone: phone.into(),
        password: password.into(),
    }
}

async fn a_wrong_password_or_an_unknown_number_gives_bad_credentials_and_the_right_one_signs_in(
    app: TestApp,
) {
    // Arrange
    let customer = app.new_customer().without_car().create().await;
    let browser = app.visitor();

    // Act
    let wrong_password = app
        .call(&browser, sign_in(&customer.phone, "not my password"))
        .await;
    let unknown_number = app
        .call(&browser, sign_in(&app.fresh_phone(), &customer.password))
        .await;
    let right = app
        .call(&browser, sign_in(&customer.phone, &customer.password))
        .await;

    // Assert
    assert_eq!(wrong_password, Err(AppError::BadCredentials));
    assert_eq!(
        unknown_number,
        Err(AppError::BadCredentials),
        "never says which was wrong"
    );
    assert!(matches!(right, Ok(Me::Customer { .. })), "{right:?}");
    assert_eq!(app.call(&browser, WhoAmI {}).await, right.map(Some));
}

async fn staff_sign_in_with_their_user_name_and_a_wrong_password_gives_bad_credentials(
    app: TestApp,
) {
    // Arrange
    let browser = app.visitor();
    let sign_in = |password: &str| StaffSignIn {
        username: "Advisor".into(),
        password: password.into(),
    };

    // Act
    let wrong = app.call(&browser, sign_in("demo12345")).await;
    let right = app.call(&browser, sign_in(DEMO_PASSWORD)).await;

    // Assert
    assert_eq!(wrong, Err(AppError::BadCredentials));
    assert!(
        matches!(&right, Ok(Me::Staff { role: StaffRole::ServiceAdvisor, username, .. }) if username == "advisor"),
        "{right:?}"
    );
}

/// From one address (here every client is 127.0.0.1): the guesser's own address is what
/// gets throttled.
async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_for_the_right_one(
    app: TestApp,
) {
    // Arrange
    let customer = app.new_customer().without_car().create().await;
    let attacker = app.visitor();
    for attempt in 1..=5 {
        let result = app
            .call(
                &attacker,
                sign_in(&customer.phone, &format!("guess-{attempt}")),
            )
            .await;
        assert_eq!(result, Err(AppError::BadCredentials), "attempt {attempt}");
    }

    // Act
    let owner = app.visitor();
    let locked = app
        .call(&owner, sign_in(&customer.phone, &customer.password))
        .await;
    app.clock.advance(Duration::minutes(15));
    let later = app
        .call(&owner, sign_in(&customer.phone, &customer.password))
        .await;

    // Assert
    assert_eq!(
        locked,
        Err(AppError::TooManyAttempts {
            retry_after_minutes: 15
        })
    );
    assert!(matches!(later, Ok(Me::Customer { .. })), "{later:?}");
}

/// Guesses sent all at once must count like guesses sent one after another: at most five get
/// an answer about the password; the rest are refused without checking it.
async fn wrong_passwords_fired_at_once_are_throttled_like_wrong_passwords_in_a_row(app: TestApp) {
    // Arrange
    let customer = app.new_customer().without_car().create().await;
    let attacker = app.visitor();

    // Act
    let guesses = (0..20).map(|n| {
        app.call(
            &attacker,
            sign_in(&customer.phone, &format!("guess-{n:02}")),
        )
    });
    let results = futures::future::join_all(guesses).await;

    // Assert
    let checked = results
        .iter()
        .filter(|r| **r == Err(AppError::BadCredentials))
        .count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(AppError::TooManyAttempts { .. })))
        .count();
    assert_eq!(checked + refused, results.len(), "{results:?}");
    assert!(
        checked <= 5,
        "{checked} of 20 simultaneous guesses had their password checked (at most 5 may)"
    );
}

on_both_databases!(
    a_wrong_password_or_an_unknown_number_gives_bad_credentials_and_the_right_one_signs_in,
    staff_sign_in_with_their_user_name_and_a_wrong_password_gives_bad_credentials,
    five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_for_the_right_one,
    wrong_passwords_fired_at_once_are_throttled_like_wrong_passwords_in_a_row,
);

/// A browser behind the load balancer, which tells the app its address.
fn from(app: &TestApp, address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    // What the client claims comes first; the proxy appends the address it saw.
    let forwarded = format!("10.9.9.9, {address}");
    headers.insert("x-forwarded-for", forwarded.parse().unwrap());
    let _ = app;
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap()
}

async fn a_stranger_guessing_cannot_lock_the_owner_out_and_one_address_cannot_try_every_account(
    backend: Backend,
) {
    let env = [("TRUST_FORWARDED_FOR", "true")];
    let Some(app) = TestApp::try_spawn_with(backend, &env).await else {
        return;
    };
    // Arrange: a stranger guesses the owner's password from another address.
    let customer = app.new_customer().without_car().create().await;
    let stranger = from(&app, "203.0.113.9");
    for attempt in 1..=5 {
        let guess = app
            .call(
                &stranger,
                sign_in(&customer.phone, &format!("guess-{attempt}")),
            )
            .await;
        assert_eq!(guess, Err(AppError::BadCredentials), "attempt {attempt}");
    }

    // Act
    let stranger_again = app
        .call(&stranger, sign_in(&customer.phone, &customer.password))
        .await;
    let owner = app
        .call(
            &from(&app, "198.51.100.7"),
            sign_in(&customer.phone, &customer.password),
        )
        .await;
    // The stranger then tries other numbers: one address is slowed across accounts too.
    let sweep = from(&app, "192.0.2.44");
    let mut refused_at = None;
    for n in 0..40 {
        let phone = format!("1390000{n:04}");
        if let Err(AppError::TooManyAttempts { .. }) =
            app.call(&sweep, sign_in(&phone, "123456789")).await
        {
            refused_at = Some(n + 1);
            break;
        }
    }

    // Assert
    assert!(
        matches!(stranger_again, Err(AppError::TooManyAttempts { .. })),
        "the guesser is slowed: {stranger_again:?}"
    );
    assert!(
        matches!(owner, Ok(Me::Customer { .. })),
        "the owner signs in from their own address: {owner:?}"
    );
    assert_eq!(
        refused_at,
        Some(31),
        "thirty failures per address in 15 minutes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_guessing_cannot_lock_the_owner_out_on_sqlite() {
    a_stranger_guessing_cannot_lock_the_owner_out_and_one_address_cannot_try_every_account(
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_guessing_cannot_lock_the_owner_out_on_postgres() {
    a_stranger_guessing_cannot_lock_the_owner_out_and_one_address_cannot_try_every_account(
        Backend::Postgres,
    )
    .await;
}
