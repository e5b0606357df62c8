//! Signing in, and throttling password guessing.

use crate::helpers::{from_address, TestApp};
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
        matches!(&right, Ok(Me::Staff { roles, username, .. }) if username == "advisor" && roles.as_slice() == [StaffRole::ServiceAdvisor]),
        "{right:?}"
    );
}

/// From one address: after three free failures each further attempt waits, 4 s, then 8 s,
/// doubling; nothing is locked, and the right password works once the wait is over.
async fn failures_from_one_address_earn_growing_waits_not_a_lock(app: TestApp) {
    // Arrange
    let customer = app.new_customer().without_car().create().await;
    let attacker = from_address("203.0.113.50");
    for attempt in 1..=3 {
        let result = app
            .call(
                &attacker,
                sign_in(&customer.phone, &format!("guess-{attempt}")),
            )
            .await;
        assert_eq!(result, Err(AppError::BadCredentials), "attempt {attempt}");
    }

    // Act
    let fourth = app
        .call(&attacker, sign_in(&customer.phone, "guess-4"))
        .await;
    app.clock.advance(Duration::seconds(4));
    let after_the_wait = app
        .call(&attacker, sign_in(&customer.phone, "guess-4"))
        .await;
    let fifth = app
        .call(&attacker, sign_in(&customer.phone, "guess-5"))
        .await;
    app.clock.advance(Duration::seconds(8));
    // The owner, on the same network (same address), after the wait.
    let owner = from_address("203.0.113.50");
    let right = app
        .call(&owner, sign_in(&customer.phone, &customer.password))
        .await;

    // Assert
    let wait = |retry_after_seconds| {
        Err(AppError::TooManyAttempts {
            retry_after_seconds,
        })
    };
    assert_eq!(fourth, wait(4));
    assert_eq!(after_the_wait, Err(AppError::BadCredentials));
    assert_eq!(fifth, wait(8), "the wait doubles with each failure");
    assert!(matches!(right, Ok(Me::Customer { .. })), "{right:?}");
}

/// Guesses sent all at once must count like guesses sent one after another: at most the free
/// three get an answer about the password; the rest are refused without checking it.
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
        checked <= 3,
        "{checked} of 20 simultaneous guesses had their password checked (at most 3 may)"
    );
}

/// A stranger guesses from one address; the owner signs in from theirs; the stranger then
/// sweeps other numbers and is slowed across accounts after thirty failures.
async fn a_stranger_guessing_cannot_lock_the_owner_out_and_one_address_cannot_try_every_account(
    app: TestApp,
) {
    // Arrange: a stranger guesses the owner's password from another address.
    let customer = app.new_customer().without_car().create().await;
    let stranger = from_address("203.0.113.9");
    for attempt in 1..=3 {
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
            &from_address("198.51.100.7"),
            sign_in(&customer.phone, &customer.password),
        )
        .await;
    // The stranger then tries other numbers (unknown ones count like known ones).
    let sweep = from_address("192.0.2.44");
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
        "thirty free failures per address, then waits"
    );
}

on_both_databases!(
    a_wrong_password_or_an_unknown_number_gives_bad_credentials_and_the_right_one_signs_in,
    staff_sign_in_with_their_user_name_and_a_wrong_password_gives_bad_credentials,
    failures_from_one_address_earn_growing_waits_not_a_lock,
    wrong_passwords_fired_at_once_are_throttled_like_wrong_passwords_in_a_row,
    a_stranger_guessing_cannot_lock_the_owner_out_and_one_address_cannot_try_every_account,
);
