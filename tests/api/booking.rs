//! A customer books online.

use crate::helpers::{hm, TestApp};
use aftersales::api::booking::MyBookings;
use aftersales::domain::account::Me;
use aftersales::domain::booking::{BookingStatus, SafetySymptom};
use chrono::Duration;

async fn a_new_customer_books_an_urgent_brake_repair_and_finds_it_in_their_bookings(app: TestApp) {
    // Arrange: registering signs the customer in; then they add their car.
    let customer = app.customer().await;
    assert!(
        matches!(&customer.me, Me::Customer { phone_masked, .. } if phone_masked.contains("****")),
        "{:?}",
        customer.me
    );
    let (date, start) = (app.day(1), hm(14, 0));
    let before = app
        .window(app.pudong(), &["brake_repair"], date, start)
        .await;
    assert!(
        before.remaining > 0,
        "the grid offers the window: {before:?}"
    );

    // Act
    let confirmation = app
        .booking(&customer)
        .services(&["brake_repair"])
        .symptoms(&[SafetySymptom::BrakeFailure])
        .on(date)
        .at(start)
        .booked()
        .await;

    // Assert: a number to quote, the window as asked, two hours of bay time, urgent.
    assert!(
        confirmation.number.as_str().starts_with("BK"),
        "{:?}",
        confirmation.number
    );
    assert_eq!(
        (confirmation.date, confirmation.start, confirmation.end),
        (date, start, hm(16, 0))
    );
    assert!(confirmation.urgent);

    let mine = app
        .call(&customer.client, MyBookings {})
        .await
        .expect("my bookings");
    assert_eq!(mine.len(), 1);
    let booking = &mine[0];
    assert_eq!(booking.number, confirmation.number);
    assert!(booking.urgent);
    assert_eq!(booking.symptoms, [SafetySymptom::BrakeFailure]);
    assert_eq!(booking.status, BookingStatus::Booked);
    assert_eq!(booking.plate, customer.car().plate);
    assert_eq!(booking.service_ids, app.service_ids(&["brake_repair"]));
    // Changes are allowed until two hours before, shown in the outlet's time: 12:00.
    assert_eq!(
        booking.changeable_until,
        Some(date.and_time(start) - Duration::hours(2))
    );

    let after = app
        .window(app.pudong(), &["brake_repair"], date, start)
        .await;
    assert_eq!(
        after.remaining,
        before.remaining - 1,
        "the booking takes one place"
    );
}

async fn a_routine_booking_without_symptoms_is_not_urgent(app: TestApp) {
    // Arrange
    let customer = app.customer().await;

    // Act
    let confirmation = app
        .booking(&customer)
        .services(&["minor_maintenance"])
        .on(app.day(3))
        .at(hm(10, 0))
        .booked()
        .await;

    // Assert
    assert!(!confirmation.urgent);
    assert_eq!(confirmation.end, hm(11, 0));
}

on_both_databases!(
    a_new_customer_books_an_urgent_brake_repair_and_finds_it_in_their_bookings,
    a_routine_booking_without_symptoms_is_not_urgent,
);
