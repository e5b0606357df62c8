//! A customer cancels or moves their booking, until the outlet's cut-off.

use crate::helpers::{hm, TestApp};
use aftersales::api::booking::{CancelBooking, MoveAvailability, MyBookings, RescheduleBooking};
use aftersales::domain::booking::{BookingOutcome, BookingStatus, SafetySymptom};
use aftersales::domain::{AppError, Conflict};
use chrono::Duration;

async fn a_customer_cancels_a_booking_and_its_place_is_freed(app: TestApp) {
    // Arrange
    let customer = app.customer().await;
    let (date, start) = (app.day(1), hm(14, 0));
    let free_before = app
        .window(app.pudong(), &["minor_maintenance"], date, start)
        .await
        .remaining;
    let booking = app.booking(&customer).on(date).at(start).booked().await;

    // Act
    let cancelled = app
        .call(
            &customer.client,
            CancelBooking {
                number: booking.number.as_str().into(),
            },
        )
        .await;

    // Assert
    assert_eq!(cancelled, Ok(()));
    let mine = app
        .call(&customer.client, MyBookings {})
        .await
        .expect("my bookings");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status, BookingStatus::Cancelled);
    assert_eq!(
        mine[0].changeable_until, None,
        "a cancelled booking cannot be changed"
    );
    let free_after = app
        .window(app.pudong(), &["minor_maintenance"], date, start)
        .await
        .remaining;
    assert_eq!(free_after, free_before, "the place is free again");

    let again = app
        .call(
            &customer.client,
            CancelBooking {
                number: booking.number.as_str().into(),
            },
        )
        .await;
    assert_eq!(again, Err(AppError::Conflict(Conflict::BookingClosed)));
}

async fn a_customer_reschedules_a_booking_and_keeps_its_number(app: TestApp) {
    // Arrange
    let customer = app.customer().await;
    let services = ["brake_repair"];
    let (old_date, old_start) = (app.day(1), hm(14, 0));
    let (new_date, new_start) = (app.day(2), hm(10, 0));
    let old_free_before = app
        .window(app.pudong(), &services, old_date, old_start)
        .await
        .remaining;
    let new_free_before = app
        .window(app.pudong(), &services, new_date, new_start)
        .await
        .remaining;
    let booking = app
        .booking(&customer)
        .services(&services)
        .symptoms(&[SafetySymptom::BrakeFailure])
        .on(old_date)
        .at(old_start)
        .booked()
        .await;
    let number = booking.number.as_str().to_string();

    // The grid for moving counts the booking's own place as free.
    let move_grid = app
        .call(
            &customer.client,
            MoveAvailability {
                number: number.clone(),
            },
        )
        .await
        .expect("the move grid");
    assert_eq!(
        move_grid.window(old_date, old_start).map(|w| w.remaining),
        Some(old_free_before)
    );

    // Act
    let moved = app
        .call(
            &customer.client,
            RescheduleBooking {
                number: number.clone(),
                date: new_date,
                start: new_start,
            },
        )
        .await;

    // Assert
    let Ok(BookingOutcome::Booked(confirmation)) = moved else {
        panic!("expected the booking to move, got {moved:?}");
    };
    assert_eq!(confirmation.number, booking.number, "the number stays");
    assert_eq!(
        (confirmation.date, confirmation.start, confirmation.end),
        (new_date, new_start, hm(12, 0))
    );
    assert!(confirmation.urgent, "urgency stays");
    let mine = app
        .call(&customer.client, MyBookings {})
        .await
        .expect("my bookings");
    assert_eq!(mine.len(), 1);
    assert_eq!(
        (mine[0].date, mine[0].start, mine[0].status),
        (new_date, new_start, BookingStatus::Booked)
    );
    assert_eq!(
        app.window(app.pudong(), &services, old_date, old_start)
            .await
            .remaining,
        old_free_before
    );
    assert_eq!(
        app.window(app.pudong(), &services, new_date, new_start)
            .await
            .remaining,
        new_free_before - 1
    );
}

async fn changing_a_booking_within_two_hours_of_its_start_is_refused(app: TestApp) {
    // Arrange: a booking tomorrow at 14:00 (Shanghai).
    let customer = app.customer().await;
    let (date, start) = (app.day(1), hm(14, 0));
    let booking = app.booking(&customer).on(date).at(start).booked().await;
    let number = booking.number.as_str().to_string();

    // Tomorrow at 12:00 the customer may still change it, exactly at the cut-off.
    app.clock.advance(Duration::days(1) + Duration::hours(3));
    let mine = app
        .call(&customer.client, MyBookings {})
        .await
        .expect("my bookings");
    assert!(mine[0].changeable_until.is_some(), "{:?}", mine[0]);

    // Act: at 13:00, one hour before the start.
    app.clock.advance(Duration::hours(1));
    let cancel = app
        .call(
            &customer.client,
            CancelBooking {
                number: number.clone(),
            },
        )
        .await;
    let reschedule = app
        .call(
            &customer.client,
            RescheduleBooking {
                number: number.clone(),
                date: app.day(2),
                start: hm(10, 0),
            },
        )
        .await;

    // Assert
    let cutoff = AppError::Conflict(Conflict::CutoffPassed { hours: 2 });
    assert_eq!(cancel, Err(cutoff.clone()));
    assert_eq!(reschedule, Err(cutoff));
    let mine = app
        .call(&customer.client, MyBookings {})
        .await
        .expect("my bookings");
    assert_eq!(mine[0].status, BookingStatus::Booked, "the booking stands");
    assert_eq!(mine[0].changeable_until, None);
}

async fn a_booking_cannot_be_moved_into_a_window_the_grid_does_not_offer(app: TestApp) {
    // Arrange
    let customer = app.customer().await;
    let booking = app
        .booking(&customer)
        .on(app.day(1))
        .at(hm(14, 0))
        .booked()
        .await;

    // Act
    let moved = app
        .call(
            &customer.client,
            RescheduleBooking {
                number: booking.number.as_str().into(),
                date: app.day(-1),
                start: hm(14, 0),
            },
        )
        .await;

    // Assert
    assert_eq!(
        moved,
        Err(AppError::invalid(
            aftersales::domain::Field::Date,
            aftersales::domain::Problem::DateInPast
        ))
    );
}

on_both_databases!(
    a_customer_cancels_a_booking_and_its_place_is_freed,
    a_customer_reschedules_a_booking_and_keeps_its_number,
    changing_a_booking_within_two_hours_of_its_start_is_refused,
    a_booking_cannot_be_moved_into_a_window_the_grid_does_not_offer,
);
