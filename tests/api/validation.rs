//! What the server refuses, and how it says which field is wrong.

use crate::helpers::{car_form, hm, TestApp};
use aftersales::api::cars::AddMyCar;
use aftersales::domain::{AppError, Field, Problem};

async fn a_car_with_a_malformed_plate_is_refused_on_the_plate_field(app: TestApp) {
    // Arrange
    let customer = app.new_customer().without_car().create().await;

    // Act
    let result = app
        .call(
            &customer.client,
            AddMyCar {
                car: car_form("ABC123"),
            },
        )
        .await;

    // Assert
    assert_eq!(
        result,
        Err(AppError::invalid(Field::Plate, Problem::PlateFormat))
    );
}

async fn the_same_plate_cannot_be_added_twice_by_one_customer(app: TestApp) {
    // Arrange
    let customer = app.customer().await;
    let plate = customer.car().plate.as_str().to_string();

    // Act
    let result = app
        .call(
            &customer.client,
            AddMyCar {
                car: car_form(&plate),
            },
        )
        .await;

    // Assert
    assert_eq!(
        result,
        Err(AppError::invalid(Field::Plate, Problem::PlateAlreadyAdded))
    );
}

async fn a_booking_for_a_day_in_the_past_is_refused_on_the_date_field(app: TestApp) {
    // Arrange
    let customer = app.customer().await;

    // Act
    let result = app
        .booking(&customer)
        .on(app.day(-1))
        .at(hm(14, 0))
        .send()
        .await;

    // Assert
    assert_eq!(
        result,
        Err(AppError::invalid(Field::Date, Problem::DateInPast))
    );
}

async fn a_booking_beyond_the_horizon_is_refused_on_the_date_field(app: TestApp) {
    // Arrange
    let customer = app.customer().await;

    // Act
    let result = app
        .booking(&customer)
        .on(app.day(14))
        .at(hm(14, 0))
        .send()
        .await;

    // Assert
    assert_eq!(
        result,
        Err(AppError::invalid(
            Field::Date,
            Problem::DateBeyondHorizon { days: 14 }
        ))
    );
}

async fn a_window_inside_the_notice_period_is_refused_on_the_window_field(app: TestApp) {
    // Arrange: it is 09:00; the outlets need an hour's notice.
    let customer = app.customer().await;

    // Act
    let half_an_hour_ahead = app
        .booking(&customer)
        .on(app.day(0))
        .at(hm(9, 30))
        .send()
        .await;
    let already_begun = app
        .booking(&customer)
        .on(app.day(0))
        .at(hm(8, 30))
        .send()
        .await;

    // Assert
    assert_eq!(
        half_an_hour_ahead,
        Err(AppError::invalid(Field::Window, Problem::WindowInPast))
    );
    assert_eq!(
        already_begun,
        Err(AppError::invalid(Field::Window, Problem::WindowInPast))
    );
}

async fn a_window_off_the_grid_or_after_closing_is_refused_as_not_offered(app: TestApp) {
    // Arrange
    let customer = app.customer().await;

    // Act
    let off_grid = app
        .booking(&customer)
        .on(app.day(1))
        .at(hm(14, 10))
        .send()
        .await;
    let past_closing = app
        .booking(&customer)
        .services(&["brake_repair"])
        .on(app.day(1))
        .at(hm(16, 30))
        .send()
        .await;

    // Assert
    assert_eq!(
        off_grid,
        Err(AppError::invalid(Field::Window, Problem::WindowNotOffered))
    );
    assert_eq!(
        past_closing,
        Err(AppError::invalid(Field::Window, Problem::WindowNotOffered))
    );
}

async fn a_booking_for_someone_elses_car_is_refused(app: TestApp) {
    // Arrange
    let owner = app.customer().await;
    let other = app.customer().await;
    let mut request = app.booking(&other).request();
    request.car_id = owner.car().id;

    // Act
    let result = app
        .call(
            &other.client,
            aftersales::api::booking::BookService { request },
        )
        .await;

    // Assert
    assert_eq!(
        result,
        Err(AppError::invalid(Field::Car, Problem::UnknownChoice))
    );
}

async fn registering_twice_with_one_number_is_refused(app: TestApp) {
    // Arrange
    let first = app.customer().await;
    // A new code for the number may be asked for a minute later.
    app.clock.advance(chrono::Duration::seconds(61));

    // Act
    let second = app
        .new_customer()
        .phone(&first.phone)
        .without_car()
        .try_create()
        .await;

    // Assert
    assert_eq!(
        second.err(),
        Some(AppError::invalid(
            Field::Phone,
            Problem::PhoneAlreadyRegistered
        ))
    );
}

on_both_databases!(
    a_car_with_a_malformed_plate_is_refused_on_the_plate_field,
    the_same_plate_cannot_be_added_twice_by_one_customer,
    a_booking_for_a_day_in_the_past_is_refused_on_the_date_field,
    a_booking_beyond_the_horizon_is_refused_on_the_date_field,
    a_window_inside_the_notice_period_is_refused_on_the_window_field,
    a_window_off_the_grid_or_after_closing_is_refused_as_not_offered,
    a_booking_for_someone_elses_car_is_refused,
    registering_twice_with_one_number_is_refused,
);
