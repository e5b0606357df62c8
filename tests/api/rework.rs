//! Rework (返修): a comeback opened against a delivered order of the same car is free of charge
//! while the car is inside that order's warranty period, and charged after it.

use crate::helpers::TestApp;
use crate::repair_kit::*;
use aftersales::domain::estimate::Money;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::*;
use aftersales::domain::{AppError, Field, Problem};
use chrono::Duration;

async fn a_comeback_inside_the_warranty_is_free_and_one_after_it_is_charged(app: TestApp) {
    // Arrange: a minor repair (10 days / 2,000 km) delivered at 42,105 km.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let original = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &original, "42,105").await;

    // Act: three days later the noise is back; the advisor opens a rework order.
    app.clock.advance(Duration::days(3));
    let now = the_outlet_local_now(&app, &shop).await;
    let comeback = CheckInForm {
        rework_of: Some(WorkOrderNumber::parse(&original).unwrap()),
        odometer_km: "42,600".into(),
        ..walk_in(&customer, RepairCategory::Minor, now)
    };
    let free = shop.check_in(&app, comeback.clone()).await;
    app.call(
        &shop.advisor.client,
        aftersales::api::work_orders::AddEstimateLine {
            number: free.clone(),
            line: labour_line("重新调整刹车卡钳", "1", "200"),
        },
    )
    .await
    .unwrap();

    // Assert: linked, free, and the customer pays nothing although the work is itemised.
    let view = customer_view(&app, &customer, &free).await.unwrap();
    assert_eq!(
        view.rework_of.as_ref().map(|n| n.as_str()),
        Some(original.as_str())
    );
    assert!(view.free_of_charge);
    assert_eq!(view.totals.total, Money(20_000));
    assert_eq!(view.payable(), Money(0));

    // A comeback beyond the distance covered (42,105 + 2,000 km) is charged, even inside the
    // ten days.
    let beyond_km = shop
        .check_in(
            &app,
            CheckInForm {
                odometer_km: "44,200".into(),
                ..comeback.clone()
            },
        )
        .await;
    let view = shop.staff_view(&app, &beyond_km).await;
    assert!(view.rework_of.is_some());
    assert!(!view.free_of_charge, "more than 2,000 km since delivery");

    // So is one after the ten days.
    app.clock.advance(Duration::days(11));
    let now = the_outlet_local_now(&app, &shop).await;
    let late = shop
        .check_in(
            &app,
            CheckInForm {
                odometer_km: "44,300".into(),
                promised_at: Some(now + Duration::hours(4)),
                ..comeback
            },
        )
        .await;
    let view = shop.staff_view(&app, &late).await;
    assert!(view.rework_of.is_some());
    assert!(!view.free_of_charge, "the warranty period has ended");
}

async fn a_rework_must_name_a_delivered_order_of_the_same_car(app: TestApp) {
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let other = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let open = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    let others = shop
        .check_in(&app, walk_in(&other, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &others, "42,200").await;
    let refused = AppError::invalid(Field::ReworkOf, Problem::ReworkNotDelivered);

    for original in [&open, &others] {
        let form = CheckInForm {
            rework_of: Some(WorkOrderNumber::parse(original).unwrap()),
            ..walk_in(&customer, RepairCategory::Minor, now)
        };
        let result = app
            .call(
                &shop.advisor.client,
                aftersales::api::work_orders::CheckInCar { form },
            )
            .await;
        assert_eq!(result, Err(refused.clone()), "rework of {original}");
    }
}

async fn another_outlet_cannot_open_a_free_rework_of_this_outlets_order(app: TestApp) {
    // Arrange: a repair delivered at Pudong.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let original = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &original, "42,105").await;

    // Act: the customer drives to Minhang, whose advisor tries to rework Pudong's order.
    let minhang = app.staff("advisor2").await;
    let form = CheckInForm {
        rework_of: Some(WorkOrderNumber::parse(&original).unwrap()),
        odometer_km: "42,300".into(),
        ..walk_in(&customer, RepairCategory::Minor, now)
    };
    let result = app
        .call(
            &minhang.client,
            aftersales::api::work_orders::CheckInCar { form },
        )
        .await;

    // Assert: the rework belongs to the shop that did the work.
    assert_eq!(
        result.map(|_| ()),
        Err(AppError::invalid(
            Field::ReworkOf,
            Problem::ReworkNotDelivered
        ))
    );
}

on_both_databases!(
    another_outlet_cannot_open_a_free_rework_of_this_outlets_order,
    a_comeback_inside_the_warranty_is_free_and_one_after_it_is_charged,
    a_rework_must_name_a_delivered_order_of_the_same_car,
);
