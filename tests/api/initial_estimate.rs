//! The initial estimate (初始估价): at check-in the booked services become the order's first
//! lines, from the catalogue's standard work at the outlet's labour rate, consented to by the
//! customer when the order opens, and they reach the settlement list. Only what is found later
//! waits for the customer as an added item.

use crate::helpers::{hm, TestApp};
use crate::repair_kit::*;
use aftersales::api::work_orders::PrepareCheckIn;
use aftersales::domain::estimate::{Approval, ConsentForm, LineKind, Money};
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::{ApprovalMethod, CheckInForm};
use aftersales::domain::{AppError, Conflict, Field, Problem};

/// Signed on the tablet for the total shown.
fn signed(total: i64) -> ConsentForm {
    ConsentForm {
        method: Some(ApprovalMethod::InPerson),
        note: String::new(),
        signature_png: signature(),
        total: Money(total),
    }
}

async fn a_booked_service_is_the_initial_estimate_the_customer_signs_and_pays_for(app: TestApp) {
    // Arrange: a customer booked routine maintenance this afternoon.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let booking = app
        .booking(&customer)
        .services(&["minor_maintenance"])
        .on(app.day(0))
        .at(hm(14, 0))
        .booked()
        .await;
    let now = the_outlet_local_now(&app, &shop).await;
    let form = CheckInForm {
        booking: Some(booking.number.clone()),
        phone: String::new(),
        plate: String::new(),
        ..walk_in(&customer, RepairCategory::Minor, now)
    };

    // Act: the desk's form starts from the booked service; the customer must consent.
    let start = app
        .call(&shop.advisor.client, PrepareCheckIn { form: form.clone() })
        .await
        .unwrap();
    let with_services = CheckInForm {
        services: start.booked.clone(),
        ..form
    };
    let unsigned = app
        .call(
            &shop.advisor.client,
            aftersales::api::work_orders::CheckInCar {
                form: with_services.clone(),
            },
        )
        .await;
    let other_total = app
        .call(
            &shop.advisor.client,
            aftersales::api::work_orders::CheckInCar {
                form: CheckInForm {
                    consent: signed(50_000),
                    ..with_services.clone()
                },
            },
        )
        .await;
    let number = shop
        .check_in(
            &app,
            CheckInForm {
                consent: signed(60_800),
                ..with_services
            },
        )
        .await;

    // Assert: refused without consent; then the lines are the standard work at ¥200.00/h.
    assert_eq!(start.booked, vec![app.service("minor_maintenance")]);
    assert_eq!(start.labour_rate, Money(20_000));
    assert_eq!(
        unsigned,
        Err(AppError::invalid(Field::Method, Problem::Required)),
        "no order opens on an estimate the customer has not agreed"
    );
    assert_eq!(
        other_total,
        Err(AppError::Conflict(Conflict::EstimateRepriced)),
        "nor on another total than the one the customer signed"
    );
    let view = shop.staff_view(&app, &number).await;
    let summary: Vec<(&str, &str, i64, Approval)> = view
        .lines
        .iter()
        .map(|l| (l.item.as_str(), l.item_en.as_str(), l.amount.0, l.approval))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "常规保养（机油机滤）",
                "Routine maintenance (oil and filter)",
                20_000,
                Approval::Agreed
            ),
            (
                "全合成机油",
                "Fully synthetic engine oil",
                34_000,
                Approval::Agreed
            ),
            ("机油滤清器", "Oil filter", 6_800, Approval::Agreed),
        ]
    );
    assert!(matches!(
        view.lines[0].kind,
        LineKind::Labour {
            hours: 100,
            rate: Money(20_000)
        }
    ));
    assert_eq!(view.totals.total, Money(60_800));
    assert_eq!(view.totals.pending, Money(0));
    let consent = view.approvals.first().expect("the consent is recorded");
    assert_eq!(consent.method, ApprovalMethod::InPerson);
    assert_eq!(consent.approved, 3);
    assert_eq!(consent.recorded_by.as_deref(), Some("刘婷"));

    // And it is what the customer pays for at the end.
    repair_and_deliver(&app, &shop, &number, "42,130").await;
    let delivered = customer_view(&app, &customer, &number).await.unwrap();
    assert_eq!(delivered.totals.labour, Money(20_000));
    assert_eq!(delivered.payable(), Money(60_800));
}

on_both_databases!(a_booked_service_is_the_initial_estimate_the_customer_signs_and_pays_for);

async fn a_walk_in_can_consent_by_phone_and_prices_come_from_the_catalogue_alone(app: TestApp) {
    // Arrange: a car left by a driver; the owner agrees by phone to a major service, which
    // shares the oil and filter with routine maintenance.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let form = CheckInForm {
        services: app.service_ids(&["minor_maintenance", "major_maintenance", "diagnosis"]),
        consent: ConsentForm {
            method: Some(ApprovalMethod::Phone),
            note: String::new(),
            signature_png: String::new(),
            // Labour 1 h + 2.5 h + 1 h at ¥200.00; oil 4.5 L × ¥85, filters ¥68 + ¥120 + ¥150.
            total: Money(90_000 + 38_250 + 6_800 + 12_000 + 15_000),
        },
        ..walk_in(&customer, RepairCategory::SecondLevelMaintenance, now)
    };

    // Act
    let no_note = app
        .call(
            &shop.advisor.client,
            aftersales::api::work_orders::CheckInCar { form: form.clone() },
        )
        .await;
    let number = shop
        .check_in(
            &app,
            CheckInForm {
                consent: ConsentForm {
                    note: "10:05 车主电话同意二级维护及诊断".into(),
                    ..form.consent.clone()
                },
                ..form
            },
        )
        .await;

    // Assert: a phone consent needs the call's record; the oil is fitted once, 4.5 L.
    assert_eq!(
        no_note,
        Err(AppError::invalid(Field::Note, Problem::Required))
    );
    let view = shop.staff_view(&app, &number).await;
    let oil: Vec<u32> = view
        .lines
        .iter()
        .filter_map(|l| match &l.kind {
            LineKind::Part {
                part_code,
                quantity,
                ..
            } if part_code == "OIL-0W20" => Some(*quantity),
            _ => None,
        })
        .collect();
    assert_eq!(oil, [450]);
    // Labour: 1 h + 2.5 h + 1 h at ¥200.00; parts: oil 4.5 × 85, filters 68 + 120 + 150.
    assert_eq!(view.totals.labour, Money(90_000));
    assert_eq!(view.totals.parts, Money(38_250 + 6_800 + 12_000 + 15_000));
    let consent = &view.approvals[0];
    assert_eq!(consent.method, ApprovalMethod::Phone);
    assert_eq!(consent.note, "10:05 车主电话同意二级维护及诊断");
}

on_both_databases!(a_walk_in_can_consent_by_phone_and_prices_come_from_the_catalogue_alone);
