//! The key guarantee: however many customers book one window at the same moment, the outlet
//! never takes more bookings than its bays and qualified technicians can serve.

use crate::helpers::{hm, Customer, TestApp};
use aftersales::api::booking::BookService;
use aftersales::domain::booking::BookingOutcome;
use futures::stream::{self, StreamExt};
use std::collections::HashSet;
use std::time::Instant;

const CUSTOMERS: usize = 200;

/// Registrations hash a password each (argon2, tens of ms and 19 MiB): a few at a time.
const REGISTRATIONS_AT_ONCE: usize = 8;

async fn two_hundred_customers_booking_one_window_at_once_get_exactly_its_capacity(app: TestApp) {
    // Arrange: a brake repair (needs a Mechanical technician) the day after tomorrow at 14:00,
    // a day without demo bookings. Pudong has 6 bays and 3 Mechanical technicians.
    let services = ["brake_repair"];
    let (date, start) = (app.day(2), hm(14, 0));
    let capacity = app
        .window(app.pudong(), &services, date, start)
        .await
        .remaining as usize;
    assert!(
        capacity > 0 && capacity < CUSTOMERS,
        "a window of known, small capacity: {capacity}"
    );
    let preparing = Instant::now();
    let customers: Vec<Customer> = stream::iter(0..CUSTOMERS)
        .map(|_| app.customer())
        .buffer_unordered(REGISTRATIONS_AT_ONCE)
        .collect()
        .await;
    let requests: Vec<_> = customers
        .iter()
        .map(|c| {
            app.booking(c)
                .services(&services)
                .on(date)
                .at(start)
                .request()
        })
        .collect();
    eprintln!(
        "{:?}: window capacity {capacity}; {CUSTOMERS} customers ready in {:?}",
        app.backend,
        preparing.elapsed()
    );

    // Act: every request in flight at once.
    let firing = Instant::now();
    let calls = customers
        .iter()
        .zip(requests)
        .map(|(customer, request)| app.call(&customer.client, BookService { request }));
    let outcomes = futures::future::join_all(calls).await;
    eprintln!(
        "{:?}: {CUSTOMERS} bookings answered in {:?}",
        app.backend,
        firing.elapsed()
    );

    // Assert: exactly `capacity` booked, every other one told the window is full, no errors.
    let booked: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            Ok(BookingOutcome::Booked(confirmation)) => Some(confirmation),
            _ => None,
        })
        .collect();
    let full = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(BookingOutcome::WindowFull)))
        .count();
    let errors: Vec<_> = outcomes.iter().filter(|o| o.is_err()).collect();
    assert!(
        errors.is_empty(),
        "{} requests failed: {errors:?}",
        errors.len()
    );
    assert_eq!(booked.len(), capacity, "booked");
    assert_eq!(full, CUSTOMERS - capacity, "told the window is full");
    let numbers: HashSet<_> = booked.iter().map(|c| c.number.clone()).collect();
    assert_eq!(numbers.len(), capacity, "every booking has its own number");
    assert!(booked.iter().all(|c| (c.date, c.start) == (date, start)));

    // The grid, the board and the stored day agree.
    assert_eq!(
        app.window(app.pudong(), &services, date, start)
            .await
            .remaining,
        0,
        "the grid shows the window full"
    );
    let advisor = app.staff("advisor").await;
    let board = app.desk_day(&advisor, date).await;
    let at_that_time = board.bookings.iter().filter(|b| b.start == start).count();
    assert_eq!(
        at_that_time, capacity,
        "the board holds exactly the capacity at {start}"
    );
    app.assert_never_over_capacity(app.pudong(), date).await;
}

on_both_databases!(two_hundred_customers_booking_one_window_at_once_get_exactly_its_capacity);
