//! A customer sees and changes only their own bookings, whatever number they send.

use crate::helpers::{hm, TestApp};
use aftersales::api::booking::{CancelBooking, MoveAvailability, MyBookings, RescheduleBooking};
use aftersales::api::cars::MyCars;
use aftersales::domain::booking::BookingStatus;
use aftersales::domain::AppError;

async fn a_customer_cannot_see_cancel_or_move_another_customers_booking(app: TestApp) {
    // Arrange
    let owner = app.customer().await;
    let stranger = app.customer().await;
    let booking = app
        .booking(&owner)
        .on(app.day(1))
        .at(hm(14, 0))
        .booked()
        .await;
    let number = booking.number.as_str().to_string();

    // Act: the stranger calls the server functions directly with the owner's number.
    let stranger_sees = app
        .call(&stranger.client, MyBookings {})
        .await
        .expect("the stranger's bookings");
    let move_grid = app
        .call(
            &stranger.client,
            MoveAvailability {
                number: number.clone(),
            },
        )
        .await;
    let cancel = app
        .call(
            &stranger.client,
            CancelBooking {
                number: number.clone(),
            },
        )
        .await;
    let reschedule = app
        .call(
            &stranger.client,
            RescheduleBooking {
                number: number.to_lowercase(),
                date: app.day(2),
                start: hm(10, 0),
            },
        )
        .await;

    // Assert: "not found", exactly as for a number that does not exist.
    assert!(stranger_sees.is_empty(), "{stranger_sees:?}");
    assert_eq!(move_grid.err(), Some(AppError::NotFound));
    assert_eq!(cancel, Err(AppError::NotFound));
    assert_eq!(reschedule, Err(AppError::NotFound));
    let unknown = app
        .call(
            &stranger.client,
            CancelBooking {
                number: "BK261130-ZZZZZ".into(),
            },
        )
        .await;
    assert_eq!(unknown, Err(AppError::NotFound));

    let owner_sees = app
        .call(&owner.client, MyBookings {})
        .await
        .expect("the owner's bookings");
    assert_eq!(owner_sees.len(), 1);
    assert_eq!(
        (owner_sees[0].date, owner_sees[0].start),
        (app.day(1), hm(14, 0)),
        "not moved"
    );
    assert_eq!(owner_sees[0].status, BookingStatus::Booked, "not cancelled");
}

async fn staff_get_forbidden_on_the_customer_portal_functions(app: TestApp) {
    // Arrange
    let advisor = app.staff("advisor").await;

    // Act
    let bookings = app.call(&advisor.client, MyBookings {}).await;
    let cars = app.call(&advisor.client, MyCars {}).await;

    // Assert
    assert_eq!(bookings.err(), Some(AppError::Forbidden));
    assert_eq!(cars.err(), Some(AppError::Forbidden));
}

async fn a_signed_out_customer_is_unauthorized(app: TestApp) {
    // Arrange
    let customer = app.customer().await;
    app.call(&customer.client, aftersales::api::auth::SignOut {})
        .await
        .expect("signed out");

    // Act
    let bookings = app.call(&customer.client, MyBookings {}).await;
    let me = app
        .call(&customer.client, aftersales::api::auth::WhoAmI {})
        .await;

    // Assert
    assert_eq!(bookings.err(), Some(AppError::Unauthorized));
    assert_eq!(me, Ok(None));
}

on_both_databases!(
    a_customer_cannot_see_cancel_or_move_another_customers_booking,
    staff_get_forbidden_on_the_customer_portal_functions,
    a_signed_out_customer_is_unauthorized,
);
