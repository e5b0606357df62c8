//! The desk records who came (on the booked day) and who did not (once the time has begun).

use crate::helpers::{hm, Staff, TestApp};
use aftersales::api::reception::{MarkArrived, MarkNoShow};
use aftersales::domain::booking::{BookingStatus, DeskBooking};
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

on_both_databases!(
    the_advisor_marks_a_customer_arrived_on_the_booked_day_only,
    a_no_show_can_only_be_recorded_once_the_booked_time_has_begun,
);
