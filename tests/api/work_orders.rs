//! The repair, told through the server functions: check-in, dispatch, diagnosis, the
//! customer's approval, inspection, settlement and delivery; who may take which step; the SLA
//! clocks; the warranty; and that nobody reads or approves someone else's order.

use crate::helpers::{hm, TestApp};
use crate::repair_kit::*;
use aftersales::api::work_orders::*;
use aftersales::domain::estimate::{Approval, ApprovalForm, LineDecision, Money};
use aftersales::domain::sla::ClockState;
use aftersales::domain::warranty::{RepairCategory, Warranty};
use aftersales::domain::work_order::*;
use aftersales::domain::{AppError, Conflict, Field, Problem};
use chrono::Duration;

async fn a_booked_car_goes_from_check_in_to_delivery_and_the_customer_sees_every_step(
    app: TestApp,
) {
    // Arrange: a customer booked brake work this afternoon.
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

    // Act and assert, step by step.
    let number = shop.check_in(&app, form.clone()).await;
    assert_eq!(
        app.call(&shop.advisor.client, CheckInCar { form }).await,
        Err(AppError::Conflict(Conflict::AlreadyCheckedIn)),
        "a booking opens one order"
    );
    let board = app
        .call(&shop.advisor.client, GetDispatchBoard {})
        .await
        .unwrap();
    let job = board
        .waiting
        .iter()
        .find(|j| j.order.number.as_str() == number)
        .unwrap();
    let proposed = job
        .proposed
        .expect("a technician who can do it is proposed");
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest {
            technician: Some(proposed),
            ..StepRequest::plain(WorkOrderEvent::Dispatch)
        },
    )
    .await
    .unwrap();
    let mine = app.call(&shop.tech.client, MyJobs {}).await.unwrap();
    assert!(
        mine.iter().any(|j| j.number.as_str() == number),
        "the proposed technician is the demo tech"
    );

    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::StartDiagnosis),
    )
    .await
    .unwrap();
    app.call(
        &shop.tech.client,
        AddWorkOrderNote {
            number: number.clone(),
            note: "前刹车片磨损严重".into(),
            public: true,
        },
    )
    .await
    .unwrap();
    app.call(
        &shop.tech.client,
        AddWorkOrderNote {
            number: number.clone(),
            note: "客户车辆有改装".into(),
            public: false,
        },
    )
    .await
    .unwrap();
    let pads = app
        .call(
            &shop.tech.client,
            AddEstimateLine {
                number: number.clone(),
                line: part_line("前刹车片", "480"),
            },
        )
        .await
        .unwrap();
    let wipers = app
        .call(
            &shop.tech.client,
            AddEstimateLine {
                number: number.clone(),
                line: labour_line("更换雨刮", "0.5", "200"),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        step(
            &app,
            &shop.tech,
            &number,
            StepRequest::plain(WorkOrderEvent::Finish)
        )
        .await,
        Err(AppError::Conflict(Conflict::IllegalStep {
            status: WorkOrderStatus::Diagnosing,
            event: WorkOrderEvent::Finish
        })),
    );
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::RequestApproval),
    )
    .await
    .unwrap();

    let waiting = customer_view(&app, &customer, &number).await.unwrap();
    assert_eq!(waiting.status, WorkOrderStatus::AwaitingApproval);
    assert_eq!(waiting.pending_lines().count(), 2);
    assert_eq!(waiting.totals.pending, Money(48_000 + 10_000));
    assert!(
        waiting
            .timeline
            .iter()
            .any(|e| e.note == "前刹车片磨损严重"),
        "public findings are shown"
    );
    assert!(
        !waiting.timeline.iter().any(|e| e.note == "客户车辆有改装"),
        "internal notes are not"
    );
    assert_eq!(
        waiting.tracking_token, None,
        "the customer's copy has no staff token"
    );

    let decided = app
        .call(
            &customer.client,
            ApproveItems {
                number: number.clone(),
                form: ApprovalForm {
                    decisions: vec![
                        LineDecision {
                            line: pads,
                            approve: true,
                        },
                        LineDecision {
                            line: wipers,
                            approve: false,
                        },
                    ],
                    signature_png: signature(),
                },
            },
        )
        .await;
    assert_eq!(decided, Ok(()));
    let seen_by_desk = shop.staff_view(&app, &number).await;
    assert_eq!(seen_by_desk.status, WorkOrderStatus::InRepair);
    let approvals: Vec<_> = seen_by_desk.lines.iter().map(|l| l.approval).collect();
    assert_eq!(approvals, [Approval::Approved, Approval::Declined]);
    assert_eq!(seen_by_desk.totals.total, Money(48_000));
    assert_eq!(seen_by_desk.approvals.len(), 1);
    assert_eq!(
        (
            seen_by_desk.approvals[0].approved,
            seen_by_desk.approvals[0].declined
        ),
        (1, 1)
    );

    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::Finish),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.inspector,
        &number,
        StepRequest::plain(WorkOrderEvent::FailCheck).with_note("刹车异响仍在"),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::Finish),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.inspector,
        &number,
        StepRequest::plain(WorkOrderEvent::PassCheck),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest::plain(WorkOrderEvent::Settle),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest {
            odometer_out_km: "42,105".into(),
            ..StepRequest::plain(WorkOrderEvent::Deliver)
        },
    )
    .await
    .unwrap();

    let done = customer_view(&app, &customer, &number).await.unwrap();
    assert_eq!(done.status, WorkOrderStatus::Delivered);
    let steps: Vec<_> = done.timeline.iter().filter_map(|e| e.event).collect();
    use WorkOrderEvent as E;
    assert_eq!(
        steps,
        [
            E::Dispatch,
            E::StartDiagnosis,
            E::RequestApproval,
            E::CustomerDecided,
            E::Finish,
            E::FailCheck,
            E::Finish,
            E::PassCheck,
            E::Settle,
            E::Deliver
        ]
    );
    let warranty = done.warranty.expect("delivery records the warranty");
    assert_eq!(
        warranty.warranty,
        Warranty {
            days: 10,
            km: 2_000
        }
    );
    assert_eq!(warranty.until_km, 44_105);
    assert_eq!(done.odometer_out_km, Some(42_105));

    let outbox = app
        .call(&shop.advisor.client, NotificationsOutbox {})
        .await
        .unwrap();
    let kinds: Vec<_> = outbox
        .iter()
        .filter(|m| m.order.as_ref().is_some_and(|o| o.as_str() == number))
        .map(|m| m.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            NotificationKind::SurveyInvite,
            NotificationKind::ReadyForPickup,
            NotificationKind::ApprovalRequested,
            NotificationKind::CheckedIn
        ]
    );
    assert!(
        outbox.iter().all(|m| m.phone_masked.contains("****")),
        "staff see masked numbers"
    );
}

async fn each_step_is_refused_to_the_roles_that_may_not_take_it(app: TestApp) {
    // Arrange
    let shop = Shop::new(&app).await;
    let csm = app.staff("csm").await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;

    // Act and assert: only the desk dispatches.
    for who in [&shop.tech, &shop.inspector, &csm] {
        assert_eq!(
            step(
                &app,
                who,
                &number,
                StepRequest::plain(WorkOrderEvent::Dispatch)
            )
            .await,
            Err(AppError::Forbidden)
        );
    }
    // Given to a technician without a sign-in of their own: the demo tech may not move it.
    let board = app
        .call(&shop.advisor.client, GetDispatchBoard {})
        .await
        .unwrap();
    let other = board
        .technicians
        .iter()
        .find(|t| t.name != "张伟")
        .unwrap()
        .id;
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest {
            technician: Some(other),
            ..StepRequest::plain(WorkOrderEvent::Dispatch)
        },
    )
    .await
    .unwrap();
    assert_eq!(
        step(
            &app,
            &shop.tech,
            &number,
            StepRequest::plain(WorkOrderEvent::StartRepair)
        )
        .await,
        Err(AppError::Forbidden),
        "not their job"
    );
    assert_eq!(
        step(
            &app,
            &shop.advisor,
            &number,
            StepRequest::plain(WorkOrderEvent::StartRepair)
        )
        .await,
        Err(AppError::Forbidden),
        "advisors do not repair"
    );
    // Re-assigned to the demo tech, who works it through to inspection.
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest::plain(WorkOrderEvent::Dispatch),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::StartRepair),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::Finish),
    )
    .await
    .unwrap();
    for who in [&shop.tech, &shop.advisor, &csm] {
        assert_eq!(
            step(
                &app,
                who,
                &number,
                StepRequest::plain(WorkOrderEvent::PassCheck)
            )
            .await,
            Err(AppError::Forbidden),
            "only the inspector passes"
        );
    }
    assert_eq!(
        step(
            &app,
            &shop.inspector,
            &number,
            StepRequest::plain(WorkOrderEvent::FailCheck)
        )
        .await,
        Err(AppError::invalid(Field::Note, Problem::Required)),
        "a failed inspection says why"
    );
    // Other outlets' staff do not even see it.
    let minhang = app.staff("advisor2").await;
    assert_eq!(
        app.call(
            &minhang.client,
            StaffWorkOrder {
                number: number.clone()
            }
        )
        .await,
        Err(AppError::NotFound)
    );
}

async fn one_customer_cannot_read_or_approve_anothers_order_not_even_with_its_token(app: TestApp) {
    // Arrange: A's order waits for approval.
    let shop = Shop::new(&app).await;
    let owner = app.customer().await;
    let stranger = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&owner, RepairCategory::Minor, now))
        .await;
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest::plain(WorkOrderEvent::Dispatch),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::StartDiagnosis),
    )
    .await
    .unwrap();
    let line = app
        .call(
            &shop.tech.client,
            AddEstimateLine {
                number: number.clone(),
                line: part_line("刹车盘", "900"),
            },
        )
        .await
        .unwrap();
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::RequestApproval),
    )
    .await
    .unwrap();
    let token = shop.staff_view(&app, &number).await.tracking_token.unwrap();

    // Act
    let read = customer_view(&app, &stranger, &number).await;
    let approve = app
        .call(
            &stranger.client,
            ApproveItems {
                number: number.clone(),
                form: ApprovalForm {
                    decisions: vec![LineDecision {
                        line,
                        approve: true,
                    }],
                    signature_png: signature(),
                },
            },
        )
        .await;
    let tracked = app
        .call(
            &stranger.client,
            TrackedWorkOrder {
                token: token.clone(),
            },
        )
        .await
        .unwrap();
    let approve_after_token = app
        .call(
            &stranger.client,
            ApproveItems {
                number: number.clone(),
                form: ApprovalForm {
                    decisions: vec![LineDecision {
                        line,
                        approve: true,
                    }],
                    signature_png: signature(),
                },
            },
        )
        .await;
    let guessed = app
        .call(
            &app.visitor(),
            TrackedWorkOrder {
                token: format!("{token}x"),
            },
        )
        .await;
    let listed = app.call(&stranger.client, MyWorkOrders {}).await.unwrap();

    // Assert
    assert_eq!(read, Err(AppError::NotFound));
    assert_eq!(approve, Err(AppError::NotFound));
    assert_eq!(
        approve_after_token,
        Err(AppError::NotFound),
        "the token opens a read-only view, nothing more"
    );
    assert_eq!(tracked.number.as_str(), number);
    assert!(tracked.allowed.is_empty() && tracked.tracking_token.is_none());
    assert!(tracked.timeline.iter().all(|e| e.public));
    assert_eq!(guessed, Err(AppError::NotFound));
    assert!(listed.is_empty());
    assert_eq!(
        shop.staff_view(&app, &number).await.status,
        WorkOrderStatus::AwaitingApproval,
        "nothing changed"
    );
}

async fn the_sla_clocks_stand_still_while_waiting_for_parts(app: TestApp) {
    // Arrange
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(&app, walk_in(&customer, RepairCategory::Minor, now))
        .await;

    // Act: dispatched after 1 h, repair starts, parts wait 20 h, work resumes for 3 h.
    app.clock.advance(Duration::hours(1));
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest::plain(WorkOrderEvent::Dispatch),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::StartRepair),
    )
    .await
    .unwrap();
    app.clock.advance(Duration::hours(1));
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::PauseForParts).with_note("等原厂刹车盘"),
    )
    .await
    .unwrap();
    app.clock.advance(Duration::hours(20));
    let paused = shop.staff_view(&app, &number).await.sla;
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest::plain(WorkOrderEvent::PartsArrived),
    )
    .await
    .unwrap();
    app.clock.advance(Duration::hours(3));
    let running = shop.staff_view(&app, &number).await.sla;
    // A second car on the board, with events of its own (the board reads every order's events
    // in one query: each must get its own).
    let other_customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let other = shop
        .check_in(&app, walk_in(&other_customer, RepairCategory::Minor, now))
        .await;
    let other_sla = shop.staff_view(&app, &other).await.sla;

    // Assert
    assert_eq!(paused.processing.state, ClockState::Paused);
    assert_eq!(paused.processing.used_minutes, 2 * 60);
    assert_eq!(paused.pause_reason.as_deref(), Some("等原厂刹车盘"));
    assert_eq!(running.processing.state, ClockState::Running);
    assert_eq!(
        running.processing.used_minutes,
        5 * 60,
        "the 20 h wait for parts does not count"
    );
    assert_eq!(running.first_update.state, ClockState::Running);
    assert_eq!(
        running.first_update.used_minutes,
        4 * 60,
        "no news for the customer since dispatch"
    );
    let board = app
        .call(&shop.advisor.client, GetDispatchBoard {})
        .await
        .unwrap();
    assert!(board
        .in_progress
        .iter()
        .any(|o| o.number.as_str() == number && o.sla == running));
    assert!(board
        .waiting
        .iter()
        .any(|j| j.order.number.as_str() == other && j.order.sla == other_sla));
    assert_ne!(other_sla, running);
}

async fn a_category_that_needs_a_certificate_is_not_delivered_without_one(app: TestApp) {
    // Arrange: second-level maintenance needs the inspector's completion certificate.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(
            &app,
            walk_in(&customer, RepairCategory::SecondLevelMaintenance, now),
        )
        .await;
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest::plain(WorkOrderEvent::Dispatch),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::StartRepair),
    )
    .await
    .unwrap();
    step(
        &app,
        &shop.tech,
        &number,
        StepRequest::plain(WorkOrderEvent::Finish),
    )
    .await
    .unwrap();

    // Act
    let without = step(
        &app,
        &shop.inspector,
        &number,
        StepRequest::plain(WorkOrderEvent::PassCheck),
    )
    .await;
    let with = step(
        &app,
        &shop.inspector,
        &number,
        StepRequest {
            certificate_number: "hg-2026-0001".into(),
            ..StepRequest::plain(WorkOrderEvent::PassCheck)
        },
    )
    .await;
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest::plain(WorkOrderEvent::Settle),
    )
    .await
    .unwrap();
    let backwards = step(
        &app,
        &shop.advisor,
        &number,
        StepRequest {
            odometer_out_km: "100".into(),
            ..StepRequest::plain(WorkOrderEvent::Deliver)
        },
    )
    .await;
    step(
        &app,
        &shop.advisor,
        &number,
        StepRequest {
            odometer_out_km: "42110".into(),
            ..StepRequest::plain(WorkOrderEvent::Deliver)
        },
    )
    .await
    .unwrap();

    // Assert
    assert_eq!(
        without,
        Err(AppError::invalid(Field::Certificate, Problem::Required))
    );
    assert_eq!(with, Ok(()));
    assert_eq!(
        backwards,
        Err(AppError::invalid(
            Field::Odometer,
            Problem::OdometerBelowLast { km: 42_100 }
        ))
    );
    let done = shop.staff_view(&app, &number).await;
    assert_eq!(done.certificate_number.as_deref(), Some("HG-2026-0001"));
    let warranty = done.warranty.unwrap();
    assert_eq!(
        warranty.warranty,
        Warranty {
            days: 30,
            km: 5_000
        }
    );
    assert_eq!(warranty.until_date, app.day(29));
    assert_eq!(warranty.until_km, 47_110);
}

async fn a_checked_in_booking_leads_the_desk_and_the_customer_to_its_order(app: TestApp) {
    // Arrange: a booking for this afternoon, checked in.
    let shop = Shop::new(&app).await;
    let customer = app.customer().await;
    let booking = app
        .booking(&customer)
        .services(&["minor_maintenance"])
        .on(app.day(0))
        .at(hm(15, 0))
        .booked()
        .await;
    let before = app.desk_day(&shop.advisor, app.day(0)).await;
    let now = the_outlet_local_now(&app, &shop).await;
    let form = CheckInForm {
        booking: Some(booking.number.clone()),
        phone: String::new(),
        plate: String::new(),
        ..walk_in(&customer, RepairCategory::Minor, now)
    };

    // Act
    let number = shop.check_in(&app, form).await;
    let after = app.desk_day(&shop.advisor, app.day(0)).await;
    let mine = app
        .call(&customer.client, aftersales::api::booking::MyBookings {})
        .await
        .unwrap();

    // Assert: before, no order; after, the desk's card and the customer's booking name it.
    let card = |day: &aftersales::domain::booking::DeskDay| {
        day.bookings
            .iter()
            .find(|b| b.number == booking.number)
            .cloned()
            .expect("the booking is on the board")
    };
    assert_eq!(card(&before).work_order, None);
    let order = card(&after).work_order.expect("the card names its order");
    assert_eq!(order.number.as_str(), number);
    assert_eq!(order.status, WorkOrderStatus::CheckedIn);
    let theirs = mine
        .iter()
        .find(|b| b.number == booking.number)
        .expect("the customer's booking");
    assert_eq!(theirs.work_order.as_ref(), Some(&order));
}

on_both_databases!(
    a_checked_in_booking_leads_the_desk_and_the_customer_to_its_order,
    a_booked_car_goes_from_check_in_to_delivery_and_the_customer_sees_every_step,
    each_step_is_refused_to_the_roles_that_may_not_take_it,
    one_customer_cannot_read_or_approve_anothers_order_not_even_with_its_token,
    the_sla_clocks_stand_still_while_waiting_for_parts,
    a_category_that_needs_a_certificate_is_not_delivered_without_one,
);
