//! The service catalogue: headquarters keeps the group's services and their standard parts;
//! each outlet's manager chooses what it offers; the portal publishes each outlet's prices
//! (明码标价: standard hours at the outlet's labour rate plus the standard parts), and nothing
//! an outlet does not offer can be booked there.

use crate::helpers::{hm, TestApp};
use crate::repair_kit::*;
use aftersales::api::booking::{GetAvailability, MyBookings};
use aftersales::api::catalog::*;
use aftersales::api::organisation::{BrowseAuditLog, WorkAt};
use aftersales::api::outlet_settings::SavePolicyNumbers;
use aftersales::api::work_orders::{CheckInCar, PrepareCheckIn};
use aftersales::domain::audit::AuditFilter;
use aftersales::domain::catalog::{PartForm, PriceList, ServiceForm, ServiceType, Skill};
use aftersales::domain::estimate::ConsentForm;
use aftersales::domain::estimate::{LineForm, Money, PartOrigin};
use aftersales::domain::ids::OutletId;
use aftersales::domain::outlet_settings::PolicyNumber;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::{ApprovalMethod, CheckInForm};
use aftersales::domain::{AppError, Field, Problem};

fn wheel_alignment() -> ServiceForm {
    ServiceForm {
        code: "wheel_alignment".into(),
        name_zh: "四轮定位".into(),
        name_en: "Wheel alignment".into(),
        duration_minutes: "45".into(),
        skill: Some(Skill::Tyres),
        labour_hours: "0.8".into(),
    }
}

fn part(name: &str, price: &str) -> PartForm {
    PartForm {
        line: LineForm {
            item: name.into(),
            part_code: "wa-01".into(),
            origin: Some(PartOrigin::Original),
            quantity: "2".into(),
            unit_price: price.into(),
            ..LineForm::default()
        },
        name_en: "Balance weights".into(),
    }
}

async fn price_list(app: &TestApp, outlet: OutletId) -> PriceList {
    app.call(&app.visitor(), ListServiceTypes { outlet })
        .await
        .expect("the price list")
}

fn find<'a>(list: &'a PriceList, code: &str) -> Option<&'a ServiceType> {
    list.services.iter().find(|s| s.code == code)
}

async fn headquarters_adds_a_service_and_each_outlet_publishes_its_own_price(app: TestApp) {
    // Arrange: Minhang charges ¥160 an hour; Pudong keeps the demo's rate.
    let hq = app.staff("hqadmin").await;
    app.call(
        &hq.client,
        WorkAt {
            outlet: app.minhang(),
        },
    )
    .await
    .expect("work at Minhang");
    app.call(
        &hq.client,
        SavePolicyNumbers {
            numbers: vec![(PolicyNumber::LabourRateYuan, "160".into())],
        },
    )
    .await
    .expect("Minhang's labour rate");

    // Act: a new service with one standard part; a code already used and a bad one refused.
    let taken = app
        .call(
            &hq.client,
            SaveService {
                id: None,
                form: ServiceForm {
                    code: "brake_repair".into(),
                    ..wheel_alignment()
                },
            },
        )
        .await;
    let bad = app
        .call(
            &hq.client,
            SaveService {
                id: None,
                form: ServiceForm {
                    code: "四轮".into(),
                    ..wheel_alignment()
                },
            },
        )
        .await;
    let id = app
        .call(
            &hq.client,
            SaveService {
                id: None,
                form: wheel_alignment(),
            },
        )
        .await
        .expect("a new service");
    let no_price = app
        .call(
            &hq.client,
            AddServicePart {
                id,
                form: part("平衡块", ""),
            },
        )
        .await;
    app.call(
        &hq.client,
        AddServicePart {
            id,
            form: part("平衡块", "12.50"),
        },
    )
    .await
    .expect("a standard part");

    // Assert: refusals name their field; both outlets offer the service, each at its own rate.
    assert_eq!(
        taken,
        Err(AppError::invalid(Field::Code, Problem::AlreadyTaken))
    );
    assert_eq!(
        bad,
        Err(AppError::invalid(Field::Code, Problem::ServiceCodeLetters))
    );
    assert_eq!(
        no_price,
        Err(AppError::invalid(Field::UnitPrice, Problem::Required))
    );
    let minhang = price_list(&app, app.minhang()).await;
    let pudong = price_list(&app, app.pudong()).await;
    assert_eq!(minhang.labour_rate, Money(16_000));
    let at_minhang = find(&minhang, "wheel_alignment").expect("offered at Minhang");
    assert_eq!(
        (at_minhang.labour_hours, at_minhang.parts_price),
        (80, Money(2_500))
    );
    // 0.8 h × ¥160 + 2 × ¥12.50.
    assert_eq!(at_minhang.price(minhang.labour_rate), Money(12_800 + 2_500));
    let at_pudong = find(&pudong, "wheel_alignment").expect("offered at Pudong");
    assert_eq!(
        at_pudong.price(pudong.labour_rate),
        Money(80 * pudong.labour_rate.0 / 100 + 2_500)
    );
    // Anyone can book it at once.
    let grid = app
        .call(
            &app.visitor(),
            GetAvailability {
                outlet_id: app.pudong(),
                service_ids: vec![id],
            },
        )
        .await
        .expect("the grid");
    assert!(!grid.days.is_empty());

    // And the console page lists it with its part; a change of name is kept.
    let mut form = wheel_alignment();
    form.name_en = "Four-wheel alignment".into();
    app.call(&hq.client, SaveService { id: Some(id), form })
        .await
        .expect("a change");
    let page = app
        .call(&hq.client, GetCatalogue {})
        .await
        .expect("the page");
    let entry = page
        .services
        .iter()
        .find(|e| e.service.id == id)
        .expect("listed");
    assert!(page.may_edit);
    assert_eq!(entry.service.name.en, "Four-wheel alignment");
    assert_eq!(entry.parts.len(), 1);
    assert_eq!(entry.parts[0].part_code, "WA-01");
    let audit = app
        .call(
            &hq.client,
            BrowseAuditLog {
                filter: AuditFilter {
                    what: "service_type.".into(),
                    ..Default::default()
                },
            },
        )
        .await
        .expect("the audit log");
    let actions: Vec<&str> = audit.lines.iter().map(|l| l.action.as_str()).collect();
    assert!(actions.contains(&"service_type.created"), "{actions:?}");
    assert!(actions.contains(&"service_type.part_added"), "{actions:?}");
    assert!(actions.contains(&"service_type.changed"), "{actions:?}");
}

async fn an_outlet_withdraws_a_service_and_nobody_can_book_it_there_any_more(app: TestApp) {
    // Arrange: a booking of a brake repair at Pudong before it is withdrawn.
    let admin = app.staff("admin").await;
    let customer = app.customer().await;
    let booked = app
        .booking(&customer)
        .services(&["brake_repair"])
        .on(app.day(2))
        .at(hm(10, 0))
        .booked()
        .await;
    let brakes = app.service("brake_repair");

    // Act: the Pudong manager withdraws it; Minhang is not theirs to change.
    app.call(
        &admin.client,
        OfferService {
            outlet: app.pudong(),
            id: brakes,
            offered: false,
        },
    )
    .await
    .expect("withdrawn");
    let elsewhere = app
        .call(
            &admin.client,
            OfferService {
                outlet: app.minhang(),
                id: brakes,
                offered: false,
            },
        )
        .await;

    // Assert
    assert_eq!(
        elsewhere,
        Err(AppError::invalid(Field::Outlet, Problem::OutsideYourScope))
    );
    assert!(find(&price_list(&app, app.pudong()).await, "brake_repair").is_none());
    assert!(find(&price_list(&app, app.minhang()).await, "brake_repair").is_some());
    let grid = app
        .call(
            &app.visitor(),
            GetAvailability {
                outlet_id: app.pudong(),
                service_ids: vec![brakes],
            },
        )
        .await;
    assert_eq!(
        grid,
        Err(AppError::invalid(Field::Services, Problem::UnknownChoice))
    );
    let again = app
        .booking(&customer)
        .services(&["brake_repair"])
        .on(app.day(3))
        .at(hm(10, 0))
        .send()
        .await;
    assert_eq!(
        again,
        Err(AppError::invalid(Field::Services, Problem::UnknownChoice))
    );
    // The booking made before keeps its service.
    let mine = app
        .call(&customer.client, MyBookings {})
        .await
        .expect("my bookings");
    let kept = mine
        .iter()
        .find(|b| b.number == booked.number)
        .expect("still there");
    assert_eq!(kept.service_ids, vec![brakes]);
    // The manager's page shows Pudong only, unticked; they cannot edit the services.
    let page = app
        .call(&admin.client, GetCatalogue {})
        .await
        .expect("page");
    assert!(!page.may_edit);
    assert_eq!(
        page.outlets.iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![app.pudong()]
    );
    let entry = page
        .services
        .iter()
        .find(|e| e.service.id == brakes)
        .expect("listed");
    assert!(entry.offered_at.is_empty());

    // Offered again, it is bookable again.
    app.call(
        &admin.client,
        OfferService {
            outlet: app.pudong(),
            id: brakes,
            offered: true,
        },
    )
    .await
    .expect("offered again");
    assert!(find(&price_list(&app, app.pudong()).await, "brake_repair").is_some());
}

async fn a_retired_service_is_offered_nowhere_until_headquarters_restores_it(app: TestApp) {
    // Arrange
    let hq = app.staff("hqadmin").await;
    let admin = app.staff("admin").await;
    let tyres = app.service("tyres_alignment");

    // Act
    app.call(
        &hq.client,
        SetServiceActive {
            id: tyres,
            active: false,
        },
    )
    .await
    .expect("retired");
    let offered_while_retired = app
        .call(
            &admin.client,
            OfferService {
                outlet: app.pudong(),
                id: tyres,
                offered: true,
            },
        )
        .await;
    let retired_lists = (
        price_list(&app, app.pudong()).await,
        price_list(&app, app.minhang()).await,
    );
    app.call(
        &hq.client,
        SetServiceActive {
            id: tyres,
            active: true,
        },
    )
    .await
    .expect("restored");

    // Assert: gone from every price list and not offerable while retired; back where it was.
    assert!(find(&retired_lists.0, "tyres_alignment").is_none());
    assert!(find(&retired_lists.1, "tyres_alignment").is_none());
    assert_eq!(
        offered_while_retired,
        Err(AppError::invalid(Field::Services, Problem::UnknownChoice))
    );
    assert!(find(&price_list(&app, app.pudong()).await, "tyres_alignment").is_some());
    let page = app.call(&hq.client, GetCatalogue {}).await.expect("page");
    assert!(page
        .services
        .iter()
        .any(|e| e.service.id == tyres && e.active));
}

async fn a_booking_keeps_its_service_through_check_in_after_the_outlet_withdraws_it(app: TestApp) {
    // Arrange: routine maintenance booked this afternoon; then Pudong withdraws it, and brakes.
    let shop = Shop::new(&app).await;
    let admin = app.staff("admin").await;
    let customer = app.customer().await;
    let booking = app
        .booking(&customer)
        .services(&["minor_maintenance"])
        .on(app.day(0))
        .at(hm(14, 0))
        .booked()
        .await;
    for code in ["minor_maintenance", "brake_repair"] {
        app.call(
            &admin.client,
            OfferService {
                outlet: app.pudong(),
                id: app.service(code),
                offered: false,
            },
        )
        .await
        .expect("withdrawn");
    }
    let now = the_outlet_local_now(&app, &shop).await;
    let form = CheckInForm {
        booking: Some(booking.number.clone()),
        phone: String::new(),
        plate: String::new(),
        ..walk_in(&customer, RepairCategory::Minor, now)
    };
    let signed = |total: i64| ConsentForm {
        method: Some(ApprovalMethod::InPerson),
        note: String::new(),
        signature_png: signature(),
        total: Money(total),
    };

    // Act
    let start = app
        .call(&shop.advisor.client, PrepareCheckIn { form: form.clone() })
        .await
        .expect("the check-in form");
    let with_brakes = app
        .call(
            &shop.advisor.client,
            CheckInCar {
                form: CheckInForm {
                    services: app.service_ids(&["minor_maintenance", "brake_repair"]),
                    consent: signed(60_800),
                    ..form.clone()
                },
            },
        )
        .await;
    let number = shop
        .check_in(
            &app,
            CheckInForm {
                services: start.booked.clone(),
                consent: signed(60_800),
                ..form
            },
        )
        .await;

    // Assert: the booked service is still on the desk's form and priced as booked; a service
    // the outlet no longer offers, which the booking does not name, is refused.
    let minor = app.service("minor_maintenance");
    assert_eq!(start.booked, vec![minor]);
    assert!(start.catalogue.iter().any(|w| w.service == minor));
    assert!(!start
        .catalogue
        .iter()
        .any(|w| w.service == app.service("brake_repair")));
    assert_eq!(
        with_brakes,
        Err(AppError::invalid(Field::Services, Problem::UnknownChoice))
    );
    assert_eq!(shop.staff_view(&app, &number).await.lines.len(), 3);
}

on_both_databases!(
    a_booking_keeps_its_service_through_check_in_after_the_outlet_withdraws_it,
    headquarters_adds_a_service_and_each_outlet_publishes_its_own_price,
    an_outlet_withdraws_a_service_and_nobody_can_book_it_there_any_more,
    a_retired_service_is_offered_nowhere_until_headquarters_restores_it,
);
