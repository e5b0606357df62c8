//! The car's own file (一车一档) on the portal: its owner reads every order of theirs on it with
//! the work done, what was paid and the warranty left, and its coming bookings; nobody else
//! reads it.

use crate::helpers::{hm, TestApp};
use crate::repair_kit::*;
use aftersales::api::cars::MyCarFile;
use aftersales::api::work_orders::PrepareCheckIn;
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

/// 一车一档 across the group: an advisor of another outlet checking the car in sees when and
/// where it was serviced, the category, the mileage and the work done — not the order's
/// number or the customer's words, which stay with the outlet that did the work.
async fn another_outlet_sees_the_cars_history_without_the_customers_words(app: TestApp) {
    // Arrange: a routine maintenance delivered at Pudong.
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
    let minhang = app.staff("advisor2").await;
    let back = walk_in(&customer, RepairCategory::Minor, now);

    // Act
    let there = app
        .call(&minhang.client, PrepareCheckIn { form: back.clone() })
        .await
        .expect("Minhang starts a check-in");
    let here = app
        .call(&shop.advisor.client, PrepareCheckIn { form: back })
        .await
        .expect("Pudong starts a check-in");

    // Assert
    let seen_there = &there.history[0];
    assert_eq!(seen_there.outlet_name.zh, "上海浦东服务中心");
    assert_eq!(seen_there.status, WorkOrderStatus::Delivered);
    assert_eq!(seen_there.category, RepairCategory::SecondLevelMaintenance);
    assert_eq!(seen_there.odometer_km, 42_130);
    let items: Vec<&str> = seen_there.work.iter().map(|w| w.item.as_str()).collect();
    assert_eq!(items, ["常规保养（机油机滤）", "全合成机油", "机油滤清器"]);
    assert_eq!(
        seen_there.here, None,
        "no number, no words at another outlet"
    );
    let wire = serde_json::to_string(&there).unwrap();
    assert!(
        !wire.contains("刹车时有异响"),
        "the customer's words stay at Pudong"
    );
    assert!(!wire.contains(&delivered), "so does the order's number");
    let seen_here = here.history[0]
        .here
        .as_ref()
        .expect("Pudong sees its own order");
    assert_eq!(seen_here.number.as_str(), delivered);
    assert_eq!(seen_here.customer_words, "刹车时有异响");
}

on_both_databases!(another_outlet_sees_the_cars_history_without_the_customers_words);
