//! An advisor books for a caller who has no portal account; the caller later registers with
//! the code texted to that number, which links the record.

use crate::helpers::{car_form, hm, TestApp};
use aftersales::api::auth::Register;
use aftersales::api::booking::MyBookings;
use aftersales::api::reception::{
    AddCustomerCar, BookForCustomer, CreateCustomer, DeskAvailability, FindCustomer,
};
use aftersales::domain::account::Me;
use aftersales::domain::booking::{BookingOutcome, BookingRequest, Channel};
use aftersales::domain::{AppError, Field, Problem};

async fn an_advisor_books_for_a_phone_caller_who_later_registers_with_the_texted_code(
    app: TestApp,
) {
    // Arrange
    let advisor = app.staff("advisor").await;
    let phone = app.fresh_phone();
    let plate = app.fresh_plate();

    // Act 1: the desk finds no record, makes one, adds the car and books the first free window.
    let found = app
        .call(
            &advisor.client,
            FindCustomer {
                phone: phone.clone(),
            },
        )
        .await
        .expect("find customer");
    assert_eq!(found, None);
    let card = app
        .call(
            &advisor.client,
            CreateCustomer {
                phone: phone.clone(),
                name: "电话客户".into(),
            },
        )
        .await
        .expect("a customer record");
    assert!(!card.has_portal_account);
    assert_eq!(
        card.phone_masked,
        format!("{}****{}", &phone[..3], &phone[7..])
    );
    let car = app
        .call(
            &advisor.client,
            AddCustomerCar {
                phone: phone.clone(),
                car: car_form(&plate),
            },
        )
        .await
        .expect("the caller's car");
    let service_ids = app.service_ids(&["minor_maintenance"]);
    let grid = app
        .call(
            &advisor.client,
            DeskAvailability {
                service_ids: service_ids.clone(),
            },
        )
        .await
        .expect("the desk's grid");
    let tomorrow = grid
        .days
        .iter()
        .find(|d| d.date == app.day(1))
        .expect("tomorrow on the grid");
    let window = tomorrow
        .windows
        .iter()
        .find(|w| w.remaining > 0 && w.start >= hm(11, 0))
        .expect("a free window");
    let outcome = app
        .call(
            &advisor.client,
            BookForCustomer {
                phone: phone.clone(),
                request: BookingRequest {
                    // The desk always books at the advisor's own outlet, whatever is sent.
                    outlet_id: app.minhang(),
                    car_id: car.id,
                    service_ids,
                    symptoms: vec![],
                    description: "电话预约".into(),
                    date: tomorrow.date,
                    start: window.start,
                },
            },
        )
        .await;

    // Assert 1
    let Ok(BookingOutcome::Booked(confirmation)) = outcome else {
        panic!("expected the desk booking to be made, got {outcome:?}");
    };
    let board = app.desk_day(&advisor, tomorrow.date).await;
    let on_board = board
        .bookings
        .iter()
        .find(|b| b.number == confirmation.number)
        .expect("the booking is on the Pudong board");
    assert_eq!(on_board.channel, Channel::Desk);
    assert_eq!(on_board.plate, car.plate);
    let found = app
        .call(
            &advisor.client,
            FindCustomer {
                phone: phone.clone(),
            },
        )
        .await
        .expect("find customer");
    assert_eq!(found.map(|c| (c.name, c.cars.len())), Some((card.name, 1)));

    // Act 2: someone who knows the number and reads the plate off the car tries to take the
    // record over without the code texted to the phone; then the caller registers with it.
    let stranger = app.visitor();
    let takeover = app
        .call(
            &stranger,
            Register {
                phone: phone.clone(),
                name: "冒名者".into(),
                password: "a stranger's password".into(),
                code: "123456".into(),
            },
        )
        .await;
    let caller = app
        .new_customer()
        .phone(&phone)
        .without_car()
        .try_create()
        .await
        .expect("registering with the texted code links the record");

    // Assert 2
    assert_eq!(
        takeover,
        Err(AppError::invalid(Field::Code, Problem::CodeExpired)),
        "no code was sent, so none can be right"
    );
    assert!(
        matches!(&caller.me, Me::Customer { name, .. } if name == "电话客户"),
        "{:?}",
        caller.me
    );
    assert_eq!(
        caller.cars.iter().map(|c| &c.plate).collect::<Vec<_>>(),
        [&car.plate]
    );
    let mine = app
        .call(&caller.client, MyBookings {})
        .await
        .expect("my bookings");
    assert_eq!(
        mine.iter().map(|b| &b.number).collect::<Vec<_>>(),
        [&confirmation.number]
    );

    // The record now has a portal account: even with a fresh code it is not registered again.
    app.clock.advance(chrono::Duration::seconds(61));
    let again = app
        .new_customer()
        .phone(&phone)
        .without_car()
        .try_create()
        .await;
    assert_eq!(
        again.err(),
        Some(AppError::invalid(
            Field::Phone,
            Problem::PhoneAlreadyRegistered
        ))
    );
    let found = app
        .call(&advisor.client, FindCustomer { phone })
        .await
        .expect("find customer");
    assert!(found.expect("still on file").has_portal_account);
}

on_both_databases!(an_advisor_books_for_a_phone_caller_who_later_registers_with_the_texted_code);
