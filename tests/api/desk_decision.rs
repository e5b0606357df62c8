//! A customer who answers by phone or at the counter: the desk records their decision on the
//! added items, with how it was given, the call's record or a signature, and who recorded it.

use crate::helpers::TestApp;
use crate::repair_kit::*;
use aftersales::api::work_orders::*;
use aftersales::domain::estimate::{Approval, ApprovalForm, DeskDecisionForm, LineDecision};
use aftersales::domain::ids::LineId;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::*;
use aftersales::domain::{AppError, Field, Problem};

/// An order waiting for the customer's decision on two added items.
async fn awaiting_decision(
    app: &TestApp,
    shop: &Shop,
) -> (crate::helpers::Customer, String, [LineId; 2]) {
    let customer = app.customer().await;
    let now = the_outlet_local_now(app, shop).await;
    let number = shop
        .check_in(app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    dispatch_to_tech(app, shop, &number).await;
    step(
        app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::StartDiagnosis),
    )
    .await
    .unwrap();
    let mut lines = Vec::new();
    for (item, price) in [("前刹车片", "480"), ("雨刮片", "98")] {
        let id = app
            .call(
                &shop.tech.client,
                AddEstimateLine {
                    number: number.clone(),
                    line: part_line(item, price),
                },
            )
            .await
            .unwrap();
        lines.push(id);
    }
    step(
        app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::RequestApproval),
    )
    .await
    .unwrap();
    (customer, number, [lines[0], lines[1]])
}

fn by_phone(lines: [LineId; 2], note: &str) -> DeskDecisionForm {
    DeskDecisionForm {
        decisions: vec![
            LineDecision {
                line: lines[0],
                approve: true,
            },
            LineDecision {
                line: lines[1],
                approve: false,
            },
        ],
        method: ApprovalMethod::Phone,
        note: note.into(),
        signature_png: String::new(),
    }
}

async fn the_desk_records_a_decision_given_by_phone_with_the_calls_record(app: TestApp) {
    // Arrange
    let shop = Shop::new(&app).await;
    let (customer, number, lines) = awaiting_decision(&app, &shop).await;
    let record = |who: &reqwest::Client, form: DeskDecisionForm| {
        let call = RecordCustomerDecision {
            number: number.clone(),
            form,
        };
        let app = &app;
        let who = who.clone();
        async move { app.call(&who, call).await }
    };

    // Refused: the technician, the customer (who has the portal), a call without its record,
    // a decision "in person" without the customer's signature.
    assert_eq!(
        record(&shop.tech.client, by_phone(lines, "客户同意")).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        record(&customer.client, by_phone(lines, "客户同意")).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        record(&shop.advisor.client, by_phone(lines, "  ")).await,
        Err(AppError::invalid(Field::Note, Problem::Required))
    );
    let unsigned = DeskDecisionForm {
        method: ApprovalMethod::InPerson,
        ..by_phone(lines, "")
    };
    assert_eq!(
        record(&shop.advisor.client, unsigned).await,
        Err(AppError::invalid(Field::Signature, Problem::Required))
    );

    // Act: the customer phoned back; the advisor records the answer.
    let note = "10:20 王先生来电：同意更换刹车片，雨刮片下次再说";
    assert_eq!(
        record(&shop.advisor.client, by_phone(lines, note)).await,
        Ok(())
    );

    // Assert: the repair goes on with what was approved; how and by whom is on record for
    // staff and customer alike.
    let view = customer_view(&app, &customer, &number).await.unwrap();
    assert_eq!(view.status, WorkOrderStatus::InRepair);
    let approvals: Vec<_> = view.lines.iter().map(|l| l.approval).collect();
    assert_eq!(approvals, [Approval::Approved, Approval::Declined]);
    let decision = &view.approvals[0];
    assert_eq!(decision.method, ApprovalMethod::Phone);
    assert_eq!(decision.recorded_by.as_deref(), Some("刘婷"));
    assert_eq!(decision.note, note);
    assert_eq!((decision.approved, decision.declined), (1, 1));
    assert_eq!(decision.signer_name, "测试客户", "the customer decided");

    // The portal cannot decide the same items again.
    let again = app
        .call(
            &customer.client,
            ApproveItems {
                number: number.clone(),
                form: ApprovalForm {
                    decisions: vec![],
                    signature_png: signature(),
                },
            },
        )
        .await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
}

on_both_databases!(the_desk_records_a_decision_given_by_phone_with_the_calls_record);
