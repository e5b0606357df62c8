//! The car's own file (一车一档) on the portal: its owner reads every order of theirs on it with
//! the work done, what was paid and the warranty left, and its coming bookings; nobody else
//! reads it.

use crate::helpers::{hm, TestApp};
use crate::repair_kit::*;
use aftersales::api::cars::MyCarFile;
use aftersales::domain::estimate::{ConsentForm, Money};
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::{ApprovalMethod, CheckInForm, WorkOrderStatus};
use aftersales::domain::AppError;

async fn the_owner_reads_the_cars_history_work_payments_warranty_and_bookings(app: TestApp) {
    // Arrange: a delivered routine maintenance (its initial estimate agreed at the desk), an
    // open order with an item still waiting for the customer, and a booking for next week.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let maintenance = CheckInForm {
        services: app.service_ids(&["minor_maintenance"]),
        consent: ConsentForm {
            method: Some(ApprovalMethod::InPerson),
            note: String::new(),
            signature_png: signature(),
            total: Money(60_800),
        },
        ..walk_in(&customer, RepairCategory::SecondLevelMaintenance, now)
    };
    let delivered = shop.check_in(&app, maintenance).await;
    repair_and_deliver(&app, &shop, &delivered, "42,130").await;
    let back = CheckInForm {
        odometer_km: "42,200".into(),
        ..walk_in(&customer, RepairCategory::Minor, now)
    };
    let open = shop.check_in(&app, back).await;
    let booking = app
        .booking(&customer)
        .services(&["tyres_alignment"])
        .on(app.day(7))
        .at(hm(10, 0))
        .booked()
        .await;
    let car = customer.car().id;

    // Act
    let file = app.call(&customer.client, MyCarFile { car }).await.unwrap();
    let stranger = app.customer().await;
    let theirs = app.call(&stranger.client, MyCarFile { car }).await;

    // Assert: newest first; the delivered order's work, payment and warranty (30 days or
    // 5,000 km from 42,130 km for second-level maintenance; the car is back at 42,200 km).
    let numbers: Vec<&str> = file.orders.iter().map(|o| o.number.as_str()).collect();
    assert_eq!(numbers, [open.as_str(), delivered.as_str()]);
    let done = &file.orders[1];
    assert_eq!(done.status, WorkOrderStatus::Delivered);
    assert_eq!(done.odometer_km, 42_130);
    let items: Vec<&str> = done.lines.iter().map(|l| l.item.as_str()).collect();
    assert_eq!(items, ["常规保养（机油机滤）", "全合成机油", "机油滤清器"]);
    assert_eq!(done.totals.total, Money(60_800));
    assert_eq!(done.certificate_number.as_deref(), Some("HG-2026-0001"));
    let cover = done.warranty.expect("recorded at delivery");
    assert_eq!(cover.until_km, 47_130);
    let (days, km) = cover
        .left(file.today, file.car.mileage_km)
        .expect("still covered");
    assert_eq!((days, km), (30, 4_930));
    assert!(file.orders[0].lines.is_empty(), "nothing agreed yet");
    assert_eq!(
        file.bookings.iter().map(|b| &b.number).collect::<Vec<_>>(),
        [&booking.number]
    );
    assert_eq!(theirs.unwrap_err(), AppError::NotFound);
}

on_both_databases!(the_owner_reads_the_cars_history_work_payments_warranty_and_bookings);
