//! The advisor's day board: urgent first, masked numbers, only their own outlet, only their role.

use crate::helpers::{hm, TestApp};
use aftersales::api::reception::{
    DeskAvailability, DeskDayBoard, FindCustomer, MarkArrived, MarkNoShow,
};
use aftersales::domain::booking::{BookingNumber, Channel, SafetySymptom};
use aftersales::domain::AppError;

fn looks_masked(phone: &str) -> bool {
    let b = phone.as_bytes();
    b.len() == 11
        && b[..3].iter().all(u8::is_ascii_digit)
        && &b[3..7] == b"****"
        && b[7..].iter().all(u8::is_ascii_digit)
}

async fn the_advisors_day_board_lists_urgent_bookings_first_then_by_time_with_masked_numbers(
    app: TestApp,
) {
    // Arrange: tomorrow the demo has 09:00 and 10:30 (routine); add two urgent ones and an early one.
    let tomorrow = app.day(1);
    let (a, b, c) = (
        app.customer().await,
        app.customer().await,
        app.customer().await,
    );
    let brakes = app
        .booking(&a)
        .services(&["brake_repair"])
        .symptoms(&[SafetySymptom::BrakeFailure])
        .at(hm(15, 0))
        .booked()
        .await;
    let lights = app
        .booking(&b)
        .services(&["diagnosis"])
        .symptoms(&[SafetySymptom::WarningLights])
        .at(hm(11, 0))
        .booked()
        .await;
    let early = app.booking(&c).at(hm(8, 30)).booked().await;
    let advisor = app.staff("advisor").await;

    // Act
    let board = app.desk_day(&advisor, tomorrow).await;

    // Assert
    assert_eq!(board.date, tomorrow);
    assert_eq!(board.outlet_name.en, "Shanghai Pudong Service Centre");
    let order: Vec<(bool, chrono::NaiveTime)> =
        board.bookings.iter().map(|b| (b.urgent, b.start)).collect();
    assert_eq!(
        order,
        [
            (true, hm(11, 0)),
            (true, hm(15, 0)),
            (false, hm(8, 30)),
            (false, hm(9, 0)),
            (false, hm(10, 30))
        ]
    );
    assert_eq!(board.bookings[0].number, lights.number);
    assert_eq!(board.bookings[1].number, brakes.number);
    assert_eq!(board.bookings[2].number, early.number);
    assert!(board.bookings.iter().all(|b| b.channel == Channel::Online));

    let demo_0900 = &board.bookings[3];
    assert_eq!(demo_0900.phone_masked, "139****9000");
    for booking in &board.bookings {
        assert!(
            looks_masked(&booking.phone_masked),
            "{:?}",
            booking.phone_masked
        );
    }
}

async fn an_advisor_at_another_outlet_neither_sees_nor_receives_its_bookings(app: TestApp) {
    // Arrange: the demo bookings are at Pudong; advisor2 works at Minhang.
    let tomorrow = app.day(1);
    let advisor = app.staff("advisor").await;
    let pudong_numbers: Vec<BookingNumber> = app
        .desk_day(&advisor, tomorrow)
        .await
        .bookings
        .into_iter()
        .map(|b| b.number)
        .collect();
    assert_eq!(
        pudong_numbers.len(),
        2,
        "the demo's two bookings for tomorrow"
    );
    let advisor2 = app.staff("advisor2").await;
    app.clock.advance(chrono::Duration::days(1)); // so "arrived" would be allowed by date

    // Act
    let board = app.desk_day(&advisor2, tomorrow).await;
    let arrived = app
        .call(
            &advisor2.client,
            MarkArrived {
                number: pudong_numbers[0].as_str().into(),
            },
        )
        .await;
    let no_show = app
        .call(
            &advisor2.client,
            MarkNoShow {
                number: pudong_numbers[0].as_str().into(),
            },
        )
        .await;

    // Assert
    assert_eq!(board.outlet_name.en, "Shanghai Minhang Service Centre");
    assert!(
        board
            .bookings
            .iter()
            .all(|b| !pudong_numbers.contains(&b.number)),
        "{board:?}"
    );
    assert_eq!(arrived, Err(AppError::NotFound));
    assert_eq!(no_show, Err(AppError::NotFound));
}

async fn a_technician_is_forbidden_at_the_reception_desk(app: TestApp) {
    // Arrange
    let tech = app.staff("tech").await;

    // Act
    let board = app
        .call(&tech.client, DeskDayBoard { date: app.day(1) })
        .await;
    let arrived = app
        .call(
            &tech.client,
            MarkArrived {
                number: "BK261130-23456".into(),
            },
        )
        .await;
    let find = app
        .call(
            &tech.client,
            FindCustomer {
                phone: "13900139000".into(),
            },
        )
        .await;
    let grid = app
        .call(
            &tech.client,
            DeskAvailability {
                service_ids: app.service_ids(&["minor_maintenance"]),
            },
        )
        .await;

    // Assert
    assert_eq!(board.err(), Some(AppError::Forbidden));
    assert_eq!(arrived, Err(AppError::Forbidden));
    assert_eq!(find.err(), Some(AppError::Forbidden));
    assert_eq!(grid.err(), Some(AppError::Forbidden));
}

async fn a_customer_is_forbidden_at_the_reception_desk_and_a_visitor_unauthorized(app: TestApp) {
    // Arrange
    let customer = app.customer().await;
    let visitor = app.visitor();

    // Act
    let customer_board = app
        .call(&customer.client, DeskDayBoard { date: app.day(1) })
        .await;
    let customer_find = app
        .call(
            &customer.client,
            FindCustomer {
                phone: "13900139000".into(),
            },
        )
        .await;
    let visitor_board = app.call(&visitor, DeskDayBoard { date: app.day(1) }).await;

    // Assert
    assert_eq!(customer_board.err(), Some(AppError::Forbidden));
    assert_eq!(customer_find.err(), Some(AppError::Forbidden));
    assert_eq!(visitor_board.err(), Some(AppError::Unauthorized));
}

on_both_databases!(
    the_advisors_day_board_lists_urgent_bookings_first_then_by_time_with_masked_numbers,
    an_advisor_at_another_outlet_neither_sees_nor_receives_its_bookings,
    a_technician_is_forbidden_at_the_reception_desk,
    a_customer_is_forbidden_at_the_reception_desk_and_a_visitor_unauthorized,
);
