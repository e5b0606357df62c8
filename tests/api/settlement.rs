//! What the settlement list (结算清单) is made of: labour, materials and other fees itemised
//! apart with the details JT/T 1133 prints, totals of what was agreed, the list's number and
//! date, and the warranty recorded at delivery.

use crate::helpers::TestApp;
use crate::repair_kit::*;
use aftersales::api::work_orders::AddEstimateLine;
use aftersales::domain::estimate::{FeeKind, LineCategory, LineForm, LineKind, Money, PartOrigin};
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::{AppError, Field, Problem};

async fn add(app: &TestApp, shop: &Shop, number: &str, line: LineForm) -> Result<(), AppError> {
    app.call(
        &shop.advisor.client,
        AddEstimateLine {
            number: number.into(),
            line,
        },
    )
    .await
    .map(|_| ())
}

async fn the_settlement_itemises_labour_materials_and_fees_with_their_details(app: TestApp) {
    // Arrange: second-level maintenance agreed at the desk: labour, oil the customer brought,
    // a filter, and a testing fee.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(
            &app,
            walk_in(&customer, RepairCategory::SecondLevelMaintenance, now),
        )
        .await;
    add(&app, &shop, &number, labour_line("二级维护", "2.5", "180"))
        .await
        .unwrap();
    let oil = LineForm {
        category: LineCategory::Part,
        item: "机油".into(),
        origin: Some(PartOrigin::Original),
        brand: "美孚".into(),
        spec: "0W-20".into(),
        unit: "升".into(),
        customer_supplied: true,
        quantity: "4".into(),
        unit_price: "95".into(),
        ..Default::default()
    };
    add(&app, &shop, &number, oil).await.unwrap();
    add(&app, &shop, &number, part_line("机油滤清器", "68"))
        .await
        .unwrap();
    let testing = LineForm {
        category: LineCategory::Fee,
        item: "尾气检测".into(),
        fee: Some(FeeKind::Testing),
        amount: "50".into(),
        ..Default::default()
    };
    add(&app, &shop, &number, testing).await.unwrap();
    let no_fee_kind = LineForm {
        category: LineCategory::Fee,
        item: "外协".into(),
        amount: "50".into(),
        ..Default::default()
    };
    assert_eq!(
        add(&app, &shop, &number, no_fee_kind).await,
        Err(AppError::invalid(Field::FeeKind, Problem::Required))
    );

    // Act
    repair_and_deliver(&app, &shop, &number, "42,130").await;

    // Assert
    let view = customer_view(&app, &customer, &number).await.unwrap();
    assert_eq!(view.totals.labour, Money(45_000));
    assert_eq!(
        view.totals.parts,
        Money(6_800),
        "the customer's own oil is not charged"
    );
    assert_eq!(view.totals.fees, Money(5_000));
    assert_eq!(view.payable(), Money(56_800));
    let oil = view.lines.iter().find(|l| l.item == "机油").unwrap();
    match &oil.kind {
        LineKind::Part {
            brand,
            spec,
            unit,
            customer_supplied,
            quantity,
            ..
        } => {
            assert_eq!(
                (brand.as_str(), spec.as_str(), unit.as_str()),
                ("美孚", "0W-20", "litre"),
                "a unit typed as its Chinese word is stored as its code"
            );
            assert!(customer_supplied);
            assert_eq!(*quantity, 400);
        }
        other => panic!("oil is a part line: {other:?}"),
    }
    assert_eq!(
        view.number.settlement_number(),
        format!("JS{}", &number[2..])
    );
    assert!(view.settled_at().is_some());
    assert_eq!(view.certificate_number.as_deref(), Some("HG-2026-0001"));
    let warranty = view.warranty.expect("recorded at delivery");
    assert_eq!((warranty.warranty.days, warranty.until_km), (30, 47_130));
}

on_both_databases!(the_settlement_itemises_labour_materials_and_fees_with_their_details);
