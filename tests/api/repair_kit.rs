//! The cast and props of a repair, shared by the work-order stories: the Pudong shop's staff,
//! a walk-in check-in form, estimate lines, the customer's signature, and one-line calls.

use crate::helpers::{Customer, Staff, TestApp};
use aftersales::api::work_orders::*;
use aftersales::domain::estimate::{ApprovalForm, LineCategory, LineForm, PartOrigin};
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::*;
use aftersales::domain::AppError;
use chrono::Duration;

/// A PNG signature as the pad sends it (content does not matter to the server's checks).
pub fn signature() -> String {
    format!("{}{}", ApprovalForm::PNG_PREFIX, "iVBORw0KGgo".repeat(20))
}

pub fn walk_in(
    customer: &Customer,
    category: RepairCategory,
    now: chrono::NaiveDateTime,
) -> CheckInForm {
    CheckInForm {
        booking: None,
        phone: customer.phone.clone(),
        plate: customer.car().plate.as_str().to_string(),
        customer_type: Some(CustomerType::Returning),
        repair_category: Some(category),
        odometer_km: "42,100".into(),
        fuel_percent: 50,
        customer_words: "刹车时有异响".into(),
        expectations: "今天下班前取车".into(),
        walk_around: "左前门有划痕".into(),
        promised_at: Some(now + Duration::hours(6)),
        old_parts: Some(OldParts::Returned),
        // No services: nothing to consent to at the desk (priced once diagnosed).
        services: vec![],
        consent: Default::default(),
        urgent: false,
        rework_of: None,
    }
}

pub fn part_line(item: &str, price: &str) -> LineForm {
    LineForm {
        category: LineCategory::Part,
        item: item.into(),
        reason: "磨损到极限".into(),
        part_code: "BP-001".into(),
        origin: Some(PartOrigin::Original),
        quantity: "1".into(),
        unit_price: price.into(),
        ..Default::default()
    }
}

pub fn labour_line(item: &str, hours: &str, rate: &str) -> LineForm {
    LineForm {
        category: LineCategory::Labour,
        item: item.into(),
        hours: hours.into(),
        rate: rate.into(),
        ..Default::default()
    }
}

/// The people of one repair at Pudong.
pub struct Shop {
    pub advisor: Staff,
    pub tech: Staff,
    pub inspector: Staff,
}

impl Shop {
    pub async fn new(app: &TestApp) -> Shop {
        Shop {
            advisor: app.staff("advisor").await,
            tech: app.staff("tech").await,
            inspector: app.staff("inspector").await,
        }
    }

    pub async fn check_in(&self, app: &TestApp, form: CheckInForm) -> String {
        app.call(&self.advisor.client, CheckInCar { form })
            .await
            .expect("the check-in opens an order")
            .as_str()
            .to_string()
    }

    pub async fn staff_view(&self, app: &TestApp, number: &str) -> WorkOrderView {
        app.call(
            &self.advisor.client,
            StaffWorkOrder {
                number: number.into(),
            },
        )
        .await
        .expect("the advisor reads the order")
    }
}

pub async fn step(
    app: &TestApp,
    who: &Staff,
    number: &str,
    request: StepRequest,
) -> Result<(), AppError> {
    app.call(
        &who.client,
        WorkOrderStep {
            number: number.into(),
            request,
        },
    )
    .await
}

pub async fn customer_view(
    app: &TestApp,
    customer: &Customer,
    number: &str,
) -> Result<WorkOrderView, AppError> {
    app.call(
        &customer.client,
        MyWorkOrder {
            number: number.into(),
        },
    )
    .await
}

pub async fn the_outlet_local_now(app: &TestApp, shop: &Shop) -> chrono::NaiveDateTime {
    app.desk_day(&shop.advisor, app.day(0)).await.now
}

/// Dispatches the order to the demo technician (张伟, signed in as `tech`).
pub async fn dispatch_to_tech(app: &TestApp, shop: &Shop, number: &str) {
    let board = app
        .call(&shop.advisor.client, GetDispatchBoard {})
        .await
        .expect("the dispatch board");
    let zhang = board
        .technicians
        .iter()
        .find(|t| t.name == "张伟")
        .expect("the demo technician")
        .id;
    step(
        app,
        &shop.advisor,
        number,
        StepRequest {
            technician: Some(zhang),
            ..StepRequest::plain(WorkOrderEvent::Dispatch)
        },
    )
    .await
    .expect("dispatched");
}

/// Takes an order checked in as `category` through repair, inspection, settlement and
/// delivery with `odometer_out` on the clock.
pub async fn repair_and_deliver(app: &TestApp, shop: &Shop, number: &str, odometer_out: &str) {
    dispatch_to_tech(app, shop, number).await;
    for event in [WorkOrderEvent::StartRepair, WorkOrderEvent::Finish] {
        step(app, &shop.tech, number, StepRequest::plain(event))
            .await
            .unwrap_or_else(|e| panic!("{event:?}: {e:?}"));
    }
    pass_settle_and_deliver(app, shop, number, odometer_out).await;
}

/// An order waiting for inspection: passed, settled and handed back with `odometer_out`.
pub async fn pass_settle_and_deliver(app: &TestApp, shop: &Shop, number: &str, odometer_out: &str) {
    let pass = StepRequest {
        certificate_number: "HG-2026-0001".into(),
        ..StepRequest::plain(WorkOrderEvent::PassCheck)
    };
    step(app, &shop.inspector, number, pass)
        .await
        .expect("inspection passed");
    step(
        app,
        &shop.advisor,
        number,
        StepRequest::plain(WorkOrderEvent::Settle),
    )
    .await
    .expect("settled");
    let deliver = StepRequest {
        odometer_out_km: odometer_out.into(),
        ..StepRequest::plain(WorkOrderEvent::Deliver)
    };
    step(app, &shop.advisor, number, deliver)
        .await
        .expect("delivered");
}

/// Waits (up to 10 s) until `check` holds, polling every 50 ms; background work such as the
/// outbox worker is observed this way, never with fixed sleeps.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..200 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("timed out waiting until {what}");
}
