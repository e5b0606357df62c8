//! Proving a phone number with a texted code: registering, resetting a password, and what a
//! stranger who knows the number can (not) do.

use crate::helpers::{from_address, TestApp};
use aftersales::api::auth::{Register, ResetPassword, SendCode, SignIn, WhoAmI};
use aftersales::domain::account::Me;
use aftersales::domain::phone_proof::CodePurpose;
use aftersales::domain::{AppError, Field, Problem};
use chrono::Duration;

fn register(phone: &str, code: &str) -> Register {
    Register {
        phone: phone.into(),
        name: "新客户".into(),
        password: "my own password".into(),
        code: code.into(),
    }
}

fn code_problem(problem: Problem) -> Result<Me, AppError> {
    Err(AppError::invalid(Field::Code, problem))
}

/// A wrong code says how many tries are left; after five the code is dead; the right code
/// works once; a code is only good for its purpose and for ten minutes.
async fn a_code_works_once_for_its_number_and_purpose_within_ten_minutes(app: TestApp) {
    // Arrange
    let phone = app.fresh_phone();
    let browser = app.visitor();
    let code = app
        .texted_code(&browser, &phone, CodePurpose::Register)
        .await
        .expect("a code is texted");
    let wrong = if code == "000000" { "111111" } else { "000000" };

    // Act
    let first_wrong = app.call(&browser, register(&phone, wrong)).await;
    let for_reset = app
        .call(
            &browser,
            ResetPassword {
                phone: phone.clone(),
                code: code.clone(),
                password: "another password".into(),
            },
        )
        .await;
    let right = app.call(&browser, register(&phone, &code)).await;
    let reused = app.call(&app.visitor(), register(&phone, &code)).await;
    let other = app.fresh_phone();
    let other_browser = app.visitor();
    let other_code = app
        .texted_code(&other_browser, &other, CodePurpose::Register)
        .await
        .expect("a code");
    app.clock.advance(Duration::minutes(10));
    let expired = app
        .call(&other_browser, register(&other, &other_code))
        .await;

    // Assert
    assert_eq!(
        first_wrong,
        code_problem(Problem::CodeWrong { tries_left: 4 })
    );
    assert_eq!(
        for_reset,
        code_problem(Problem::CodeExpired),
        "a registration code does not reset a password"
    );
    assert!(matches!(right, Ok(Me::Customer { .. })), "{right:?}");
    assert_eq!(reused, code_problem(Problem::CodeExpired), "used once");
    assert_eq!(expired, code_problem(Problem::CodeExpired), "ten minutes");
}

/// Five wrong entries kill a code even when they come from five addresses; guesses from one
/// address are slowed after three.
async fn a_code_dies_after_five_wrong_entries_and_guessing_is_slowed(app: TestApp) {
    // Arrange
    let phone = app.fresh_phone();
    let owner = app.visitor();
    let code = app
        .texted_code(&owner, &phone, CodePurpose::Register)
        .await
        .expect("a code");
    let wrong = |n: u32| format!("{:06}", (code.parse::<u32>().unwrap() + n) % 1_000_000);

    // Act: one guesser, then four more addresses.
    let guesser = from_address("203.0.113.77");
    let mut from_one = Vec::new();
    for n in 1..=4 {
        from_one.push(app.call(&guesser, register(&phone, &wrong(n))).await);
    }
    let mut from_others = Vec::new();
    for n in 5..=7 {
        let elsewhere = from_address(&format!("198.51.100.{n}"));
        from_others.push(app.call(&elsewhere, register(&phone, &wrong(n))).await);
    }
    let right_but_dead = app.call(&owner, register(&phone, &code)).await;

    // Assert
    assert_eq!(
        from_one,
        [
            code_problem(Problem::CodeWrong { tries_left: 4 }),
            code_problem(Problem::CodeWrong { tries_left: 3 }),
            code_problem(Problem::CodeWrong { tries_left: 2 }),
            Err(AppError::TooManyAttempts {
                retry_after_seconds: 4
            }),
        ]
    );
    assert_eq!(
        from_others,
        [
            code_problem(Problem::CodeWrong { tries_left: 1 }),
            code_problem(Problem::CodeExpired),
            code_problem(Problem::CodeExpired),
        ]
    );
    assert_eq!(right_but_dead, code_problem(Problem::CodeExpired));
}

/// Asking for a code reveals nothing: the same answer for a customer's number and a stranger's.
/// Sending is limited: once a minute per number, three an hour per number from one address,
/// ten an hour per number whoever asks.
async fn asking_for_a_code_reveals_nothing_and_cannot_flood_a_phone(app: TestApp) {
    // Arrange
    let customer = app.new_customer().without_car().create().await;
    app.clock.advance(Duration::seconds(61));
    let stranger = from_address("203.0.113.20");
    let send = |phone: &str| SendCode {
        phone: phone.into(),
        purpose: CodePurpose::Register,
    };

    // Act
    let for_customer = app.call(&stranger, send(&customer.phone)).await;
    let for_nobody = app.call(&stranger, send(&app.fresh_phone())).await;
    let too_soon = app.call(&stranger, send(&customer.phone)).await;
    let mut from_stranger = Vec::new();
    for _ in 0..3 {
        app.clock.advance(Duration::seconds(61));
        from_stranger.push(app.call(&stranger, send(&customer.phone)).await.is_ok());
    }
    let mut from_many = Vec::new();
    for n in 0..10 {
        app.clock.advance(Duration::seconds(61));
        let elsewhere = from_address(&format!("192.0.2.{n}"));
        from_many.push(app.call(&elsewhere, send(&customer.phone)).await.is_ok());
    }

    // Assert
    let for_customer = for_customer.expect("answered");
    let for_nobody = for_nobody.expect("answered");
    assert_eq!(
        (
            for_customer.resend_after_seconds,
            for_customer.on_demo_outbox
        ),
        (for_nobody.resend_after_seconds, for_nobody.on_demo_outbox)
    );
    assert_eq!(
        too_soon,
        Err(AppError::TooManyAttempts {
            retry_after_seconds: 60
        })
    );
    assert_eq!(
        from_stranger,
        [true, true, false],
        "three an hour per number from one address (the first of them was for_customer)"
    );
    // The registration's code and the stranger's three make four of the number's ten.
    assert_eq!(from_many.iter().filter(|sent| **sent).count(), 6);
}

/// Forgot the password: a code texted to the number sets a new one and signs in; the old
/// password and the sessions signed in with it stop working. A number without an account
/// is told so only after the code proved it.
async fn a_texted_code_resets_a_forgotten_password_and_ends_the_old_sessions(app: TestApp) {
    // Arrange
    let customer = app.new_customer().without_car().create().await;
    let phone_in_hand = app.visitor();

    // Act
    let code = app
        .texted_code(&phone_in_hand, &customer.phone, CodePurpose::ResetPassword)
        .await
        .expect("a code");
    let reset = app
        .call(
            &phone_in_hand,
            ResetPassword {
                phone: customer.phone.clone(),
                code,
                password: "a brand new password".into(),
            },
        )
        .await;
    let old_session = app.call(&customer.client, WhoAmI {}).await;
    let old_password = app
        .call(
            &app.visitor(),
            SignIn {
                phone: customer.phone.clone(),
                password: customer.password.clone(),
            },
        )
        .await;
    let new_password = app
        .call(
            &app.visitor(),
            SignIn {
                phone: customer.phone.clone(),
                password: "a brand new password".into(),
            },
        )
        .await;
    let nobody = app.fresh_phone();
    let nobody_browser = app.visitor();
    let nobody_code = app
        .texted_code(&nobody_browser, &nobody, CodePurpose::ResetPassword)
        .await
        .expect("a code, as for anyone");
    let no_account = app
        .call(
            &nobody_browser,
            ResetPassword {
                phone: nobody,
                code: nobody_code,
                password: "a brand new password".into(),
            },
        )
        .await;

    // Assert
    assert!(matches!(reset, Ok(Me::Customer { .. })), "{reset:?}");
    assert_eq!(old_session, Ok(None), "the old session ended");
    assert_eq!(old_password, Err(AppError::BadCredentials));
    assert!(
        matches!(new_password, Ok(Me::Customer { .. })),
        "{new_password:?}"
    );
    assert_eq!(
        no_account,
        Err(AppError::invalid(Field::Phone, Problem::NoAccountForPhone))
    );
}

/// Guesses fired at once from many addresses: at most five are ever compared with the code
/// (each takes its try before the comparison); the rest find the code spent.
async fn guesses_fired_at_once_from_many_addresses_get_five_comparisons_at_most(app: TestApp) {
    // Arrange
    let phone = app.fresh_phone();
    let code = app
        .texted_code(&app.visitor(), &phone, CodePurpose::Register)
        .await
        .expect("a code");
    let wrong = |n: u32| format!("{:06}", (code.parse::<u32>().unwrap() + n) % 1_000_000);
    let guessers: Vec<_> = (1..=12)
        .map(|n| (from_address(&format!("198.18.0.{n}")), wrong(n)))
        .collect();

    // Act
    let results = futures::future::join_all(
        guessers
            .iter()
            .map(|(client, guess)| app.call(client, register(&phone, guess))),
    )
    .await;

    // Assert
    let compared = results
        .iter()
        .filter(|r| {
            matches!(
                r,
                Err(AppError::Validation {
                    problem: Problem::CodeWrong { .. },
                    ..
                })
            )
        })
        .count();
    assert!(
        compared <= 4,
        "{compared} wrong guesses compared: {results:?}"
    );
    assert!(results.iter().all(|r| r.is_err()), "{results:?}");
}

on_both_databases!(
    guesses_fired_at_once_from_many_addresses_get_five_comparisons_at_most,
    a_code_works_once_for_its_number_and_purpose_within_ten_minutes,
    a_code_dies_after_five_wrong_entries_and_guessing_is_slowed,
    asking_for_a_code_reveals_nothing_and_cannot_flood_a_phone,
    a_texted_code_resets_a_forgotten_password_and_ends_the_old_sessions,
);
