//! Fair use: one person cannot fill an outlet's booking grid, add cars without end, flood the
//! complaint desk, or use up the room for a complaint's evidence. Each limit answers with its
//! own error; the numbers are the outlet's policy (demo defaults: 3 coming bookings, 2 cars a
//! window, 3 complaints a day) and `MAX_CARS_PER_CUSTOMER`.

use crate::complaints::PNG_BASE64;
use crate::helpers::{car_form, hm, TestApp};
use aftersales::api::booking::RescheduleBooking;
use aftersales::api::cars::AddMyCar;
use aftersales::api::complaints::{AddComplaintPhoto, FileComplaint};
use aftersales::domain::booking::BookingOutcome;
use aftersales::domain::complaint::{ComplaintCategory, ComplaintForm, ComplaintKey, PHOTOS_MAX};
use aftersales::domain::photo::PhotoUpload;
use aftersales::domain::vehicle::MAX_CARS_PER_CUSTOMER;
use aftersales::domain::{AppError, Conflict, Field, Problem};

async fn one_customer_holds_at_most_three_coming_bookings_and_two_cars_a_window(app: TestApp) {
    // Arrange: a customer with three cars.
    let mut customer = app.customer().await;
    for _ in 0..2 {
        let car = app
            .call(
                &customer.client,
                AddMyCar {
                    car: car_form(&app.fresh_plate()),
                },
            )
            .await
            .expect("a car");
        customer.cars.push(car);
    }
    let book = |car: usize, day: i64, hour: u32| {
        let mut booking = app.booking(&customer).on(app.day(day)).at(hm(hour, 0));
        booking.request.car_id = customer.cars[car].id;
        booking.send()
    };

    // Act
    let first = book(0, 1, 14).await;
    let second_car_same_window = book(1, 1, 14).await;
    let third_car_same_window = book(2, 1, 14).await;
    let third_elsewhere = book(2, 2, 10).await;
    let fourth = book(2, 3, 10).await;
    // Moving the third car's booking into the full window is refused the same way.
    let moved_in = match &third_elsewhere {
        Ok(BookingOutcome::Booked(third)) => Some(
            app.call(
                &customer.client,
                RescheduleBooking {
                    number: third.number.as_str().into(),
                    date: app.day(1),
                    start: hm(14, 0),
                },
            )
            .await,
        ),
        _ => None,
    };

    // Assert
    assert!(matches!(first, Ok(BookingOutcome::Booked(_))), "{first:?}");
    assert!(matches!(
        second_car_same_window,
        Ok(BookingOutcome::Booked(_))
    ));
    assert_eq!(
        third_car_same_window,
        Err(AppError::Conflict(Conflict::TooManyInWindow { max: 2 }))
    );
    assert!(matches!(third_elsewhere, Ok(BookingOutcome::Booked(_))));
    assert_eq!(
        fourth,
        Err(AppError::Conflict(Conflict::TooManyActiveBookings {
            max: 3
        }))
    );
    assert_eq!(
        moved_in,
        Some(Err(AppError::Conflict(Conflict::TooManyInWindow {
            max: 2
        }))),
        "moving a booking into a full window is refused too"
    );
}

/// Bookings fired at once are counted inside the booking's transaction: five cars at once for
/// one window get two places, five windows at once get three bookings.
async fn bookings_fired_at_once_cannot_pass_the_fair_use_numbers(app: TestApp) {
    // Arrange: a customer with five cars.
    let mut customer = app.customer().await;
    for _ in 0..4 {
        let car = app
            .call(
                &customer.client,
                AddMyCar {
                    car: car_form(&app.fresh_plate()),
                },
            )
            .await
            .expect("a car");
        customer.cars.push(car);
    }
    let request = |car: usize, day: i64, hour: u32| {
        let mut booking = app.booking(&customer).on(app.day(day)).at(hm(hour, 0));
        booking.request.car_id = customer.cars[car].id;
        booking.request
    };
    let send = |request| {
        app.call(
            &customer.client,
            aftersales::api::booking::BookService { request },
        )
    };

    // Act
    let one_window = futures::future::join_all((0..5).map(|car| send(request(car, 2, 10)))).await;
    let booked_in_window = one_window
        .iter()
        .filter(|r| matches!(r, Ok(BookingOutcome::Booked(_))))
        .count();
    let more =
        futures::future::join_all((0..5).map(|car| send(request(car, 3 + car as i64, 14)))).await;

    // Assert
    assert_eq!(booked_in_window, 2, "{one_window:?}");
    assert!(
        one_window.iter().all(|r| matches!(
            r,
            Ok(BookingOutcome::Booked(_))
                | Err(AppError::Conflict(Conflict::TooManyInWindow { max: 2 }))
        )),
        "{one_window:?}"
    );
    let booked_more = more
        .iter()
        .filter(|r| matches!(r, Ok(BookingOutcome::Booked(_))))
        .count();
    assert_eq!(
        booked_more, 1,
        "two were coming already, three at most: {more:?}"
    );
}

async fn a_customer_adds_at_most_ten_cars(app: TestApp) {
    // Arrange
    let customer = app.customer().await;
    for _ in 1..MAX_CARS_PER_CUSTOMER {
        app.call(
            &customer.client,
            AddMyCar {
                car: car_form(&app.fresh_plate()),
            },
        )
        .await
        .expect("a car");
    }

    // Act
    let eleventh = app
        .call(
            &customer.client,
            AddMyCar {
                car: car_form(&app.fresh_plate()),
            },
        )
        .await;

    // Assert
    assert_eq!(
        eleventh,
        Err(AppError::Conflict(Conflict::TooManyCars { max: 10 }))
    );
}

fn general_complaint(app: &TestApp) -> ComplaintForm {
    ComplaintForm {
        outlet: Some(app.pudong()),
        category: Some(ComplaintCategory::StaffAttitude),
        what_happened: "电话一直没人接".into(),
        wish: "希望有人回电".into(),
        ..ComplaintForm::default()
    }
}

fn picture() -> PhotoUpload {
    PhotoUpload {
        caption: String::new(),
        line: None,
        data_base64: PNG_BASE64.into(),
    }
}

async fn three_complaints_a_day_and_the_customers_photos_leave_room_for_evidence(app: TestApp) {
    // Arrange
    let customer = app.customer().await;
    let csm = app.staff("csm").await;
    let mut filed = Vec::new();
    for _ in 0..3 {
        let form = general_complaint(&app);
        filed.push(
            app.call(&customer.client, FileComplaint { form })
                .await
                .expect("filed"),
        );
    }
    let link = ComplaintKey::Token(filed[0].token.clone());
    for n in 0..PHOTOS_MAX {
        let upload = picture();
        app.call(
            &app.visitor(),
            AddComplaintPhoto {
                key: link.clone(),
                upload,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("photo {n}: {e:?}"));
    }

    // Act
    let fourth = app
        .call(
            &customer.client,
            FileComplaint {
                form: general_complaint(&app),
            },
        )
        .await;
    let one_photo_too_many = app
        .call(
            &app.visitor(),
            AddComplaintPhoto {
                key: link.clone(),
                upload: picture(),
            },
        )
        .await;
    let evidence = app
        .call(
            &csm.client,
            AddComplaintPhoto {
                key: ComplaintKey::Number(filed[0].number.as_str().into()),
                upload: picture(),
            },
        )
        .await;
    app.clock.advance(chrono::Duration::hours(24));
    let next_day = app
        .call(
            &customer.client,
            FileComplaint {
                form: general_complaint(&app),
            },
        )
        .await;

    // Assert
    assert_eq!(
        fourth.err(),
        Some(AppError::Conflict(Conflict::TooManyComplaintsToday {
            max: 3
        }))
    );
    assert_eq!(
        one_photo_too_many,
        Err(AppError::invalid(
            Field::Photo,
            Problem::TooManyPhotos { max: PHOTOS_MAX }
        ))
    );
    assert!(
        evidence.is_ok(),
        "the manager still adds evidence: {evidence:?}"
    );
    assert!(next_day.is_ok(), "{next_day:?}");
}

/// Complaints fired at once are counted inside the filing's transaction: three of five go in.
async fn complaints_fired_at_once_get_the_days_three(app: TestApp) {
    // Arrange
    let customer = app.customer().await;

    // Act
    let filings = futures::future::join_all((0..5).map(|_| {
        app.call(
            &customer.client,
            FileComplaint {
                form: general_complaint(&app),
            },
        )
    }))
    .await;

    // Assert
    let filed = filings.iter().filter(|f| f.is_ok()).count();
    assert_eq!(filed, 3, "{filings:?}");
    assert!(filings.iter().all(|f| f.is_ok()
        || *f
            == Err(AppError::Conflict(Conflict::TooManyComplaintsToday {
                max: 3
            }))));
}

on_both_databases!(
    complaints_fired_at_once_get_the_days_three,
    one_customer_holds_at_most_three_coming_bookings_and_two_cars_a_window,
    bookings_fired_at_once_cannot_pass_the_fair_use_numbers,
    a_customer_adds_at_most_ten_cars,
    three_complaints_a_day_and_the_customers_photos_leave_room_for_evidence,
);
