//! The desk records who came (on the booked day) and who did not (once the time has begun).

use crate::helpers::{hm, Staff, TestApp};
use aftersales::api::reception::{MarkArrived, MarkNoShow};
use aftersales::domain::booking::{BookingOutcome, BookingStatus, DeskBooking};
use aftersales::domain::{AppError, Conflict};
use chrono::{Duration, NaiveTime};

/// The booking on tomorrow's Pudong board that starts at `start` (the demo has 09:00 and 10:30).
async fn booking_at(
    app: &TestApp,
    advisor: &Staff,
    date: chrono::NaiveDate,
    start: NaiveTime,
) -> DeskBooking {
    app.desk_day(advisor, date)
        .await
        .bookings
        .into_iter()
        .find(|b| b.start == start)
        .unwrap_or_else(|| panic!("no booking at {start} on {date}"))
}

async fn the_advisor_marks_a_customer_arrived_on_the_booked_day_only(app: TestApp) {
    // Arrange
    let advisor = app.staff("advisor").await;
    let booked_day = app.day(1);
    let booking = booking_at(&app, &advisor, booked_day, hm(9, 0)).await;
    let number = booking.number.as_str().to_string();
    let a_day_early = app
        .call(
            &advisor.client,
            MarkArrived {
                number: number.clone(),
            },
        )
        .await;
    assert_eq!(
        a_day_early,
        Err(AppError::Conflict(Conflict::ArrivalNotToday))
    );

    // Act: the booked morning, 08:50.
    app.clock.advance(Duration::days(1) - Duration::minutes(10));
    let arrived = app
        .call(
            &advisor.client,
            MarkArrived {
                number: number.clone(),
            },
        )
        .await;

    // Assert
    assert_eq!(arrived, Ok(()));
    assert_eq!(
        booking_at(&app, &advisor, booked_day, hm(9, 0))
            .await
            .status,
        BookingStatus::Arrived
    );
    let twice = app.call(&advisor.client, MarkArrived { number }).await;
    assert_eq!(twice, Err(AppError::Conflict(Conflict::BookingClosed)));
}

async fn a_no_show_can_only_be_recorded_once_the_booked_time_has_begun(app: TestApp) {
    // Arrange: the booked day at 09:00; the booking starts at 10:30.
    let advisor = app.staff("advisor").await;
    let booked_day = app.day(1);
    app.clock.advance(Duration::days(1));
    let number = booking_at(&app, &advisor, booked_day, hm(10, 30))
        .await
        .number
        .as_str()
        .to_string();

    // Act
    let too_early = app
        .call(
            &advisor.client,
            MarkNoShow {
                number: number.clone(),
            },
        )
        .await;
    app.clock.advance(Duration::minutes(90));
    let on_time = app
        .call(
            &advisor.client,
            MarkNoShow {
                number: number.clone(),
            },
        )
        .await;

    // Assert
    assert_eq!(too_early, Err(AppError::Conflict(Conflict::NoShowTooEarly)));
    assert_eq!(on_time, Ok(()));
    assert_eq!(
        booking_at(&app, &advisor, booked_day, hm(10, 30))
            .await
            .status,
        BookingStatus::NoShow
    );

    // A late customer marked no-show can still be received.
    let late = app.call(&advisor.client, MarkArrived { number }).await;
    assert_eq!(late, Ok(()));
    assert_eq!(
        booking_at(&app, &advisor, booked_day, hm(10, 30))
            .await
            .status,
        BookingStatus::Arrived
    );
}

async fn a_late_customer_whose_place_was_given_away_cannot_be_received_into_a_full_window(
    app: TestApp,
) {
    // Arrange: a three-hour maintenance tomorrow from 10:00; at 10:00 it is a no-show, and the
    // freed technicians are booked from 11:00 until the window is full.
    let advisor = app.staff("advisor").await;
    let day = app.day(1);
    let late = app.customer().await;
    let number = app
        .booking(&late)
        .services(&["major_maintenance"])
        .on(day)
        .at(hm(10, 0))
        .booked()
        .await
        .number;
    app.clock.advance(Duration::days(1) + Duration::hours(1));
    let no_show = app
        .call(
            &advisor.client,
            MarkNoShow {
                number: number.as_str().into(),
            },
        )
        .await;
    assert_eq!(no_show, Ok(()));
    loop {
        let other = app.customer().await;
        let outcome = app
            .booking(&other)
            .services(&["minor_maintenance"])
            .on(day)
            .at(hm(11, 0))
            .send()
            .await;
        match outcome {
            Ok(BookingOutcome::Booked(_)) => continue,
            Ok(BookingOutcome::WindowFull) => break,
            Err(e) => panic!("filling the window: {e:?}"),
        }
    }

    // Act: the late customer turns up.
    let received = app
        .call(
            &advisor.client,
            MarkArrived {
                number: number.as_str().into(),
            },
        )
        .await;

    // Assert: refused rather than overbooked, and the day is still within capacity.
    assert_eq!(received, Err(AppError::Conflict(Conflict::NoCapacityLeft)));
    assert_eq!(
        booking_at(&app, &advisor, day, hm(10, 0)).await.status,
        BookingStatus::NoShow
    );
    app.assert_never_over_capacity(app.pudong(), day).await;
}

on_both_databases!(
    the_advisor_marks_a_customer_arrived_on_the_booked_day_only,
    a_no_show_can_only_be_recorded_once_the_booked_time_has_begun,
    a_late_customer_whose_place_was_given_away_cannot_be_received_into_a_full_window,
);
