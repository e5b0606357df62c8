//! The outlet manager's settings: policy numbers, hours, bays and closures, applied to the
//! booking grid at once, never overbooking what is booked, and the bookings a change leaves
//! without a place listed for the desk (their customers told when a closure covers their day).

use crate::helpers::{hm, TestApp};
use aftersales::api::outlet_settings::{
    AddClosure, BookingsToMove, GetOutletSettings, RemoveClosure, SaveBays, SaveOpeningHours,
    SavePolicyNumbers,
};
use aftersales::api::work_orders::{MyMessages, NotificationsOutbox};
use aftersales::domain::booking::BookingOutcome;
use aftersales::domain::outlet_settings::{PolicyNumber, WhyMove};
use aftersales::domain::work_order::NotificationKind;
use aftersales::domain::{AppError, Field, Problem};
use chrono::Datelike;

const SERVICE: &[&str] = &["minor_maintenance"];

async fn numbers_and_hours_apply_to_the_grid_at_once_and_each_change_is_audited(app: TestApp) {
    // Arrange
    let admin = app.staff("admin").await;
    let before = app.availability(app.pudong(), SERVICE).await;
    let monday = (1..=7)
        .map(|d| app.day(d))
        .find(|d| d.weekday() == chrono::Weekday::Mon)
        .expect("a Monday within a week");
    let mut hours: Vec<Option<(String, String)>> = vec![Some(("09:00".into(), "17:00".into())); 7];
    hours[0] = None;

    // Act
    app.call(
        &admin.client,
        SavePolicyNumbers {
            numbers: vec![(PolicyNumber::HorizonDays, "7".into())],
        },
    )
    .await
    .expect("the manager sets the horizon");
    app.call(&admin.client, SaveOpeningHours { hours })
        .await
        .expect("the manager sets the hours");
    let after = app.availability(app.pudong(), SERVICE).await;
    let settings = app
        .call(&admin.client, GetOutletSettings {})
        .await
        .expect("the settings");

    // Assert
    assert!(before.days.len() > 7);
    assert_eq!(after.days.len(), 7, "the horizon is now seven days");
    let monday_windows = after
        .days
        .iter()
        .find(|d| d.date == monday)
        .map_or(0, |d| d.windows.len());
    assert_eq!(monday_windows, 0, "closed on Mondays now");
    assert!(
        after.window(app.day(1), hm(8, 30)).is_none(),
        "opens at 09:00 now"
    );
    assert!(settings.numbers.contains(&(PolicyNumber::HorizonDays, 7)));
    assert_eq!(settings.hours[0], None);
    assert_eq!(settings.hours[1], Some((9 * 60, 17 * 60)));
    let lines = app
        .state
        .repo()
        .sealed_audit_lines(0, i64::MAX, 10_000)
        .await
        .expect("the audit log");
    let policy = lines
        .iter()
        .find(|l| l.action == "outlet.policy_changed")
        .expect("the numbers' change is audited");
    assert!(policy.detail.contains("horizon_days"), "{}", policy.detail);
    assert!(lines.iter().any(|l| l.action == "outlet.hours_changed"));
}

async fn a_number_out_of_range_is_refused_at_its_field_and_nothing_is_saved(app: TestApp) {
    // Arrange
    let admin = app.staff("admin").await;

    // Act
    let refused = app
        .call(
            &admin.client,
            SavePolicyNumbers {
                numbers: vec![
                    (PolicyNumber::HorizonDays, "30".into()),
                    (PolicyNumber::SlotMinutes, "3".into()),
                ],
            },
        )
        .await;
    let bad_hours = app
        .call(
            &admin.client,
            SaveOpeningHours {
                hours: vec![Some(("18:00".into(), "09:00".into())); 7],
            },
        )
        .await;
    let no_bays = app.call(&admin.client, SaveBays { count: 0 }).await;
    let settings = app
        .call(&admin.client, GetOutletSettings {})
        .await
        .expect("the settings");

    // Assert
    assert_eq!(
        refused,
        Err(AppError::invalid(
            Field::Policy(PolicyNumber::SlotMinutes),
            Problem::NotBetween { min: 5, max: 240 }
        ))
    );
    assert_eq!(
        bad_hours,
        Err(AppError::invalid(
            Field::Weekday(0),
            Problem::ClosesBeforeOpening
        ))
    );
    assert_eq!(
        no_bays,
        Err(AppError::invalid(
            Field::Bays,
            Problem::NotBetween { min: 1, max: 100 }
        ))
    );
    assert!(
        settings.numbers.contains(&(PolicyNumber::HorizonDays, 14)),
        "all or nothing: the valid number was not saved either"
    );
}

async fn only_the_outlet_manager_changes_settings(app: TestApp) {
    // Arrange
    let advisor = app.staff("advisor").await;
    let csm = app.staff("csm").await;
    let customer = app.customer().await;

    // Act + Assert
    for client in [&advisor.client, &csm.client, &customer.client] {
        assert_eq!(
            app.call(client, GetOutletSettings {}).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            app.call(client, SaveBays { count: 1 }).await,
            Err(AppError::Forbidden)
        );
    }
    assert_eq!(
        app.call(&app.visitor(), GetOutletSettings {}).await,
        Err(AppError::Unauthorized)
    );
}

async fn a_closure_empties_its_days_lists_the_bookings_there_and_tells_each_customer(app: TestApp) {
    // Arrange: a customer booked the day after tomorrow.
    let customer = app.customer().await;
    let day = app.day(2);
    let booked = app.booking(&customer).on(day).booked().await;
    let admin = app.staff("admin").await;
    let advisor = app.staff("advisor").await;

    // Act
    let told = app
        .call(
            &admin.client,
            AddClosure {
                first_day: day,
                last_day: day,
                reason: "设备检修".into(),
            },
        )
        .await
        .expect("the manager closes the day");
    let grid = app.availability(app.pudong(), SERVICE).await;
    let to_move = app
        .call(&advisor.client, BookingsToMove {})
        .await
        .expect("the desk's list");
    let again = app.booking(&customer).on(day).at(hm(15, 0)).send().await;
    let messages = app
        .call(&customer.client, MyMessages {})
        .await
        .expect("the customer's messages");
    let outbox = app
        .call(&advisor.client, NotificationsOutbox {})
        .await
        .expect("the outbox");

    // Assert
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].number, booked.number);
    assert!(
        grid.days
            .iter()
            .all(|d| d.date != day || d.windows.is_empty()),
        "no window on the closed day"
    );
    assert_eq!(to_move.len(), 1);
    assert_eq!(to_move[0].number, booked.number);
    assert_eq!(to_move[0].why, WhyMove::Closed);
    assert!(
        matches!(
            again,
            Err(AppError::Validation {
                field: Field::Window,
                ..
            })
        ),
        "{again:?}"
    );
    let notice = messages
        .iter()
        .find(|m| m.kind == NotificationKind::BookingAffected)
        .expect("the customer is told");
    assert!(notice.text.contains("设备检修") && notice.text.contains(booked.number.as_str()));
    assert_eq!(
        notice.link.as_deref(),
        Some(format!("/bookings/{}/reschedule", booked.number.as_str()).as_str())
    );
    assert!(outbox
        .iter()
        .any(|m| m.kind == NotificationKind::BookingAffected));

    // Act: the closure was a mistake.
    let settings = app
        .call(&admin.client, GetOutletSettings {})
        .await
        .expect("the settings");
    let id = settings.closures[0].id;
    app.call(&admin.client, RemoveClosure { id })
        .await
        .expect("the manager removes it");
    let removed_again = app.call(&admin.client, RemoveClosure { id }).await;
    let after = app
        .call(&advisor.client, BookingsToMove {})
        .await
        .expect("the desk's list");

    // Assert
    assert_eq!(removed_again, Err(AppError::NotFound));
    assert!(after.is_empty());
    assert!(app
        .availability(app.pudong(), SERVICE)
        .await
        .window(day, hm(15, 0))
        .is_some());
}

async fn a_closure_is_checked_before_it_is_saved(app: TestApp) {
    // Arrange
    let admin = app.staff("admin").await;
    let closure = |first, last, reason: &str| AddClosure {
        first_day: first,
        last_day: last,
        reason: reason.into(),
    };

    // Act + Assert
    assert_eq!(
        app.call(&admin.client, closure(app.day(-1), app.day(1), "x"))
            .await,
        Err(AppError::invalid(Field::FirstDay, Problem::DateInPast))
    );
    assert_eq!(
        app.call(&admin.client, closure(app.day(3), app.day(2), "x"))
            .await,
        Err(AppError::invalid(Field::LastDay, Problem::BeforeFirstDay))
    );
    assert_eq!(
        app.call(&admin.client, closure(app.day(3), app.day(3), " "))
            .await,
        Err(AppError::invalid(Field::Reason, Problem::Required))
    );
}

async fn fewer_bays_never_overbook_and_the_bookings_beyond_them_are_listed(app: TestApp) {
    // Arrange: two customers in the same window, on a day the demo has no bookings.
    let first = app.customer().await;
    let second = app.customer().await;
    let day = app.day(6);
    app.booking(&first).on(day).at(hm(10, 0)).booked().await;
    app.booking(&second).on(day).at(hm(10, 0)).booked().await;
    let admin = app.staff("admin").await;
    let advisor = app.staff("advisor").await;

    // Act
    app.call(&admin.client, SaveBays { count: 1 })
        .await
        .expect("the manager keeps one bay");
    let third = app.customer().await;
    let full = app.booking(&third).on(day).at(hm(10, 0)).send().await;
    let to_move = app
        .call(&advisor.client, BookingsToMove {})
        .await
        .expect("the desk's list");
    let settings = app
        .call(&admin.client, GetOutletSettings {})
        .await
        .expect("the settings");

    // Assert
    assert_eq!(settings.bays, 1);
    assert!(
        matches!(full, Ok(BookingOutcome::WindowFull)) || full.is_err(),
        "no third booking in a full window: {full:?}"
    );
    assert_eq!(
        app.window(app.pudong(), SERVICE, day, hm(10, 0))
            .await
            .remaining,
        0
    );
    assert_eq!(to_move.len(), 2);
    assert!(to_move.iter().all(|b| b.why == WhyMove::OverCapacity));

    // Act: the bays come back.
    app.call(&admin.client, SaveBays { count: 6 })
        .await
        .expect("six bays again");

    // Assert
    assert!(app
        .call(&advisor.client, BookingsToMove {})
        .await
        .expect("the desk's list")
        .is_empty());
}

on_both_databases!(
    numbers_and_hours_apply_to_the_grid_at_once_and_each_change_is_audited,
    a_number_out_of_range_is_refused_at_its_field_and_nothing_is_saved,
    only_the_outlet_manager_changes_settings,
    a_closure_empties_its_days_lists_the_bookings_there_and_tells_each_customer,
    a_closure_is_checked_before_it_is_saved,
    fewer_bays_never_overbook_and_the_bookings_beyond_them_are_listed,
);
