//! Complaints over HTTP: a customer (or a guest with their phone and the order's number) files
//! one, the outlet's customer-service manager takes it through the five stages — the stage
//! machine refusing every step out of turn — a late first response is escalated, and the
//! customer sees only what is addressed to them.

use crate::helpers::{Backend, Customer, Staff, TestApp};
use crate::live_updates::EventStream;
use crate::repair_kit::*;
use aftersales::api::complaints::*;
use aftersales::api::feedback::FollowUpList;
use aftersales::api::work_orders::MyMessages;
use aftersales::domain::complaint::*;
use aftersales::domain::follow_up::{FollowUpForm, FollowUpSource};
use aftersales::domain::photo::PhotoUpload;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::NotificationKind;
use aftersales::domain::{AppError, Conflict, Field, Problem};
use chrono::Duration;

/// A fresh customer's walk-in, repaired and delivered: the customer and the order's number.
async fn delivered(app: &TestApp, shop: &Shop) -> (Customer, String) {
    let customer = app.customer().await;
    let now = the_outlet_local_now(app, shop).await;
    let number = shop
        .check_in(app, walk_in(&customer, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(app, shop, &number, "42,130").await;
    (customer, number)
}

pub(crate) fn about(order: &str) -> ComplaintForm {
    ComplaintForm {
        order: order.into(),
        category: Some(ComplaintCategory::RepairQuality),
        what_happened: "换完刹车片第二天又有异响".into(),
        wish: "免费检查并修好".into(),
        ..ComplaintForm::default()
    }
}

pub(crate) async fn file(
    app: &TestApp,
    client: &reqwest::Client,
    form: ComplaintForm,
) -> Result<FiledComplaint, AppError> {
    app.call(client, FileComplaint { form }).await
}

pub(crate) async fn staff_view(
    app: &TestApp,
    who: &Staff,
    number: &ComplaintNumber,
) -> Result<ComplaintView, AppError> {
    app.call(
        &who.client,
        StaffComplaint {
            number: number.as_str().into(),
        },
    )
    .await
}

async fn mine(app: &TestApp, customer: &Customer, number: &ComplaintNumber) -> ComplaintView {
    app.call(
        &customer.client,
        CustomerComplaint {
            key: ComplaintKey::Number(number.as_str().into()),
        },
    )
    .await
    .expect("the customer reads their complaint")
}

/// Takes `action` on the complaint as it is now (its current version).
pub(crate) async fn act(
    app: &TestApp,
    who: &Staff,
    number: &ComplaintNumber,
    action: StaffAction,
) -> Result<(), AppError> {
    let version = staff_view(app, who, number).await?.version;
    app.call(
        &who.client,
        ComplaintStep {
            number: number.as_str().into(),
            version,
            action,
        },
    )
    .await
}

fn call(satisfied: bool) -> StaffAction {
    StaffAction::FollowUp {
        visit: FollowUpForm {
            reached: true,
            satisfaction: Some(if satisfied { 5 } else { 2 }),
            outcome: "电话回访".into(),
        },
        satisfied,
    }
}

/// A valid action for each stage event (apology as the resolution: nothing to check in).
pub(crate) fn action_for(event: ComplaintEvent) -> StaffAction {
    match event {
        ComplaintEvent::Accept => StaffAction::Accept {
            severity: Severity::Normal,
            reply: "您好，已收到您的投诉，我们正在调查。".into(),
        },
        ComplaintEvent::ConcludeInvestigation => StaffAction::ConcludeInvestigation {
            findings: "调取了施工记录".into(),
        },
        ComplaintEvent::DetermineResponsibility => StaffAction::DetermineResponsibility {
            responsibility: Some(Responsibility::Workmanship),
            reasoning: "刹车片未按规定力矩安装".into(),
        },
        ComplaintEvent::Resolve => StaffAction::Resolve {
            kind: Some(ResolutionKind::Apology),
            amount: String::new(),
            rework: ReworkForm::default(),
            message: "向您致歉，并说明原因。".into(),
        },
        ComplaintEvent::CustomerSatisfied => call(true),
        ComplaintEvent::CustomerUnsatisfied => call(false),
        ComplaintEvent::Reopen => StaffAction::Reopen {
            reason: "客户再次来电".into(),
        },
    }
}

async fn a_complaint_about_an_order_goes_through_five_stages_to_closed_with_a_free_rework(
    app: TestApp,
) {
    // Arrange: a delivered order and its customer's complaint.
    let shop = Shop::new(&app).await;
    let csm = app.staff("csm").await;
    let (customer, order) = delivered(&app, &shop).await;
    let filed = file(&app, &customer.client, about(&order)).await.unwrap();
    let number = filed.number.clone();
    let queue = app
        .call(
            &csm.client,
            ComplaintQueue {
                filter: ComplaintFilter::default(),
            },
        )
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].stage, ComplaintStage::Acceptance);
    assert_eq!(
        queue[0].minutes_left,
        Some(24 * 60),
        "the first response is due in 24 h"
    );
    let view = staff_view(&app, &csm, &number).await.unwrap();
    let technician = view
        .technicians
        .first()
        .expect("the outlet has technicians")
        .0;

    // Act: the five stages.
    act(
        &app,
        &csm,
        &number,
        StaffAction::Accept {
            severity: Severity::High,
            reply: "您好，已收到，今天内联系您。".into(),
        },
    )
    .await
    .unwrap();
    act(
        &app,
        &csm,
        &number,
        StaffAction::Note {
            text: "内部：技师称力矩扳手当天未校准".into(),
            public: false,
            linked_order: String::new(),
            linked_technician: None,
        },
    )
    .await
    .unwrap();
    act(
        &app,
        &csm,
        &number,
        action_for(ComplaintEvent::ConcludeInvestigation),
    )
    .await
    .unwrap();
    act(
        &app,
        &csm,
        &number,
        StaffAction::DetermineResponsibility {
            responsibility: Some(Responsibility::Technician { technician }),
            reasoning: "施工不规范".into(),
        },
    )
    .await
    .unwrap();
    let now = the_outlet_local_now(&app, &shop).await;
    let resolve = |odometer: &str| StaffAction::Resolve {
        kind: Some(ResolutionKind::FreeRework),
        amount: String::new(),
        rework: ReworkForm {
            odometer_km: odometer.into(),
            fuel_percent: 60,
            promised_at: Some(now + Duration::hours(3)),
        },
        message: "为您免费返修，今天下午可取车。".into(),
    };
    let too_low = act(&app, &csm, &number, resolve("100")).await;
    assert!(
        matches!(
            too_low,
            Err(AppError::Validation {
                field: Field::Odometer,
                problem: Problem::OdometerBelowLast { km: 42_130 }
            })
        ),
        "the rework's check-in is checked like any other: {too_low:?}"
    );
    act(&app, &csm, &number, resolve("42,180")).await.unwrap();
    let resolved = staff_view(&app, &csm, &number).await.unwrap();
    let rework = resolved
        .rework_order
        .clone()
        .expect("a rework order is linked");
    let rework_view = shop.staff_view(&app, rework.as_str()).await;
    let tasks = app.call(&csm.client, FollowUpList {}).await.unwrap();
    let task = tasks
        .iter()
        .find(|t| t.complaint.as_ref() == Some(&number))
        .expect("the 回访 is on the follow-up list");
    act(&app, &csm, &number, call(true)).await.unwrap();

    // Assert
    assert_eq!(
        rework_view.rework_of.as_ref().map(|n| n.as_str()),
        Some(order.as_str())
    );
    assert!(
        rework_view.free_of_charge,
        "inside the warranty period the rework is free"
    );
    assert_eq!(task.source, FollowUpSource::Complaint);
    let closed = staff_view(&app, &csm, &number).await.unwrap();
    assert_eq!(closed.stage, ComplaintStage::Closed);
    assert_eq!(closed.severity, Some(Severity::High));
    assert!(closed.first_response_at.is_some());
    assert_eq!(
        closed.responsibility,
        Some(Responsibility::Technician { technician })
    );
    assert!(closed.technician_name.is_some());
    let steps: Vec<_> = closed.entries.iter().filter_map(|e| e.event).collect();
    assert_eq!(
        steps,
        [
            ComplaintEvent::Accept,
            ComplaintEvent::ConcludeInvestigation,
            ComplaintEvent::DetermineResponsibility,
            ComplaintEvent::Resolve,
            ComplaintEvent::CustomerSatisfied,
        ]
    );
    let after = app.call(&csm.client, FollowUpList {}).await.unwrap();
    assert!(
        after.iter().any(|t| t.id == task.id && t.done_at.is_some()),
        "the call is recorded on its task"
    );
    assert!(
        app.call(
            &csm.client,
            ComplaintQueue {
                filter: ComplaintFilter::default()
            }
        )
        .await
        .unwrap()
        .is_empty(),
        "closed complaints leave the open queue"
    );

    // The customer saw each stage's message, and nothing internal.
    let theirs = mine(&app, &customer, &number).await;
    assert_eq!(theirs.stage, ComplaintStage::Closed);
    assert!(
        theirs.entries.iter().all(|e| e.public || e.note.is_empty()),
        "steps show, internal notes do not"
    );
    assert_eq!(
        theirs.entries.iter().filter(|e| e.event.is_some()).count(),
        5,
        "every step shows"
    );
    assert!(!theirs
        .entries
        .iter()
        .any(|e| e.note.contains("内部") || e.note.contains("施工不规范")));
    assert_eq!(
        theirs.responsibility,
        Some(Responsibility::Workmanship),
        "no technician is named to the customer"
    );
    assert_eq!(theirs.technician_name, None);
    assert!(theirs.technicians.is_empty());
    assert!(
        !theirs.phone.contains(&customer.phone[3..7]),
        "the phone is masked"
    );
    let messages = app.call(&customer.client, MyMessages {}).await.unwrap();
    let updates = messages
        .iter()
        .filter(|m| {
            m.kind == NotificationKind::ComplaintUpdate && m.complaint.as_ref() == Some(&number)
        })
        .count();
    assert_eq!(
        updates, 4,
        "filed, accepted, resolved and closed went out through the outbox"
    );

    // Not satisfied after all: the customer reopens it; the rework stays linked.
    app.call(
        &customer.client,
        ComplaintCustomerAction {
            key: ComplaintKey::Number(number.as_str().into()),
            action: CustomerAction::NotSatisfied {
                reason: "一周后异响又出现了".into(),
            },
        },
    )
    .await
    .unwrap();
    let reopened = staff_view(&app, &csm, &number).await.unwrap();
    assert_eq!(reopened.stage, ComplaintStage::Investigation);
    assert_eq!(reopened.rework_order, Some(rework));
}

async fn the_stage_machine_refuses_every_step_out_of_turn(app: TestApp) {
    // Arrange
    let shop = Shop::new(&app).await;
    let csm = app.staff("csm").await;
    let (customer, order) = delivered(&app, &shop).await;
    let number = file(&app, &customer.client, about(&order))
        .await
        .unwrap()
        .number;
    // The walk: every legal step once, with an unsatisfied customer sending it back once.
    use ComplaintEvent as E;
    let walk = [
        E::Accept,
        E::ConcludeInvestigation,
        E::DetermineResponsibility,
        E::Resolve,
        E::CustomerUnsatisfied,
        E::ConcludeInvestigation,
        E::DetermineResponsibility,
        E::Resolve,
        E::CustomerSatisfied,
        E::Reopen,
    ];
    let mut refused = 0;

    for legal in walk {
        // Act: every other step is refused, naming the stage and the step.
        let stage = staff_view(&app, &csm, &number).await.unwrap().stage;
        for event in ComplaintEvent::ALL {
            if stage.apply(event).is_ok() {
                continue;
            }
            assert_eq!(
                act(&app, &csm, &number, action_for(event)).await,
                Err(AppError::Conflict(Conflict::IllegalComplaintStep {
                    stage,
                    event
                })),
                "{event:?} in {stage:?}"
            );
            refused += 1;
        }
        act(&app, &csm, &number, action_for(legal)).await.unwrap();
        assert_eq!(
            staff_view(&app, &csm, &number).await.unwrap().stage,
            stage.apply(legal).unwrap()
        );
    }

    // Assert: all 42 pairs were tried over HTTP: 7 taken, the 35 others refused at least once.
    assert!(refused >= 35);
    // A step decided on an old copy is refused too.
    let stale = staff_view(&app, &csm, &number).await.unwrap().version - 1;
    assert_eq!(
        app.call(
            &csm.client,
            ComplaintStep {
                number: number.as_str().into(),
                version: stale,
                action: action_for(E::ConcludeInvestigation)
            },
        )
        .await,
        Err(AppError::Conflict(Conflict::ComplaintChanged))
    );
}

async fn a_late_first_response_is_escalated_to_the_outlet_manager_once(app: TestApp) {
    // Arrange
    let shop = Shop::new(&app).await;
    let csm = app.staff("csm").await;
    let admin = app.staff("admin").await;
    let (customer, order) = delivered(&app, &shop).await;
    let number = file(&app, &customer.client, about(&order))
        .await
        .unwrap()
        .number;

    // Act: 23 hours on, nothing; past 24 hours, the worker escalates.
    app.clock.advance(Duration::hours(23));
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(!staff_view(&app, &csm, &number).await.unwrap().escalated);
    app.clock.advance(Duration::hours(1) + Duration::minutes(1));
    eventually("the complaint is escalated", || async {
        staff_view(&app, &csm, &number).await.unwrap().escalated
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;

    // Assert
    let view = staff_view(&app, &admin, &number).await.unwrap();
    assert!(view.overdue);
    assert_eq!(
        view.entries.iter().filter(|e| e.escalation).count(),
        1,
        "escalated once"
    );
    let queue = app
        .call(
            &admin.client,
            ComplaintQueue {
                filter: ComplaintFilter::default(),
            },
        )
        .await
        .unwrap();
    assert!(queue[0].overdue && queue[0].escalated);
    assert!(queue[0].minutes_left.is_some_and(|m| m < 0));
    let theirs = mine(&app, &customer, &number).await;
    assert!(!theirs.entries.iter().any(|e| e.escalation), "internal");
    assert!(!theirs.escalated && !theirs.overdue);
    assert_eq!(
        (theirs.severity, theirs.due_at),
        (None, None),
        "triage is staff-only"
    );
    act(&app, &csm, &number, action_for(ComplaintEvent::Accept))
        .await
        .unwrap();
    assert!(
        !staff_view(&app, &csm, &number).await.unwrap().overdue,
        "answered, late"
    );
}

async fn a_guest_files_with_their_phone_and_the_orders_number(app: TestApp) {
    // Arrange
    let shop = Shop::new(&app).await;
    let (customer, order) = delivered(&app, &shop).await;
    let (_, someone_elses) = delivered(&app, &shop).await;
    let guest = app.visitor();
    let as_guest = |phone: &str, order: &str| ComplaintForm {
        phone: phone.into(),
        ..about(order)
    };

    // Act
    let wrong_phone = file(&app, &guest, as_guest(&app.fresh_phone(), &order)).await;
    let not_their_order = file(&app, &guest, as_guest(&customer.phone, &someone_elses)).await;
    let no_order = file(&app, &guest, as_guest(&customer.phone, "")).await;
    let filed = file(&app, &guest, as_guest(&customer.phone, &order))
        .await
        .unwrap();

    // Assert
    let refused = Err(AppError::invalid(Field::Phone, Problem::PhoneNotOnOrder));
    assert_eq!(wrong_phone, refused);
    assert_eq!(
        not_their_order, refused,
        "the same answer: nobody learns whose order it is"
    );
    assert_eq!(
        no_order,
        Err(AppError::invalid(Field::Order, Problem::Required))
    );
    let theirs = app.call(&customer.client, MyComplaints {}).await.unwrap();
    assert_eq!(
        theirs.len(),
        1,
        "the complaint attaches to the order's customer"
    );
    assert_eq!(
        theirs[0].order.as_ref().map(|n| n.as_str()),
        Some(order.as_str())
    );
    let by_link = app
        .call(
            &app.visitor(),
            CustomerComplaint {
                key: ComplaintKey::Token(filed.token.clone()),
            },
        )
        .await
        .unwrap();
    assert_eq!(by_link.number, filed.number);
    assert!(
        !by_link.phone.contains(&customer.phone[3..7]),
        "the phone is masked"
    );
    // The guest adds information through the link; a made-up link opens nothing.
    let add = |key: ComplaintKey| {
        app.call(
            &guest,
            ComplaintCustomerAction {
                key,
                action: CustomerAction::AddInfo {
                    text: "补充：异响在左前轮".into(),
                },
            },
        )
    };
    assert_eq!(add(ComplaintKey::Token(filed.token.clone())).await, Ok(()));
    assert_eq!(
        add(ComplaintKey::Token("made-up".into())).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        add(ComplaintKey::Number(filed.number.as_str().into())).await,
        Err(AppError::Unauthorized),
        "by number only when signed in"
    );
    // A signed-in customer cannot complain about someone else's order, or read theirs.
    let stranger = app.customer().await;
    assert_eq!(
        file(&app, &stranger.client, about(&order)).await,
        Err(AppError::invalid(Field::Order, Problem::UnknownChoice))
    );
    assert_eq!(
        app.call(
            &stranger.client,
            CustomerComplaint {
                key: ComplaintKey::Number(filed.number.as_str().into())
            }
        )
        .await,
        Err(AppError::NotFound)
    );
}

async fn only_the_outlets_complaint_handlers_see_and_move_complaints(app: TestApp) {
    // Arrange
    let shop = Shop::new(&app).await;
    let (customer, order) = delivered(&app, &shop).await;
    let number = file(&app, &customer.client, about(&order))
        .await
        .unwrap()
        .number;
    let general = file(
        &app,
        &customer.client,
        ComplaintForm {
            order: String::new(),
            outlet: Some(app.pudong()),
            ..about("")
        },
    )
    .await
    .unwrap();

    // Act / Assert: advisors, technicians and inspectors are refused; the manager and the
    // outlet manager are let in; customers never reach the staff side.
    for username in ["advisor", "tech", "inspector", "advisor2"] {
        let who = app.staff(username).await;
        assert_eq!(
            app.call(
                &who.client,
                ComplaintQueue {
                    filter: ComplaintFilter::default()
                }
            )
            .await
            .map(|q| q.len()),
            Err(AppError::Forbidden),
            "{username}"
        );
        assert_eq!(
            staff_view(&app, &who, &number).await.map(|v| v.version),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            act(&app, &who, &number, action_for(ComplaintEvent::Accept)).await,
            Err(AppError::Forbidden)
        );
    }
    assert_eq!(
        app.call(
            &customer.client,
            StaffComplaint {
                number: number.as_str().into()
            }
        )
        .await
        .map(|v| v.version),
        Err(AppError::Forbidden)
    );
    // The group's customer-service manager works every outlet's complaints; the outlet
    // manager only their own outlet's.
    let at_minhang = file(
        &app,
        &customer.client,
        ComplaintForm {
            order: String::new(),
            outlet: Some(app.minhang()),
            ..about("")
        },
    )
    .await
    .unwrap();
    for (username, expected) in [("csm", 3), ("admin", 2)] {
        let who = app.staff(username).await;
        let queue = app
            .call(
                &who.client,
                ComplaintQueue {
                    filter: ComplaintFilter::default(),
                },
            )
            .await
            .unwrap();
        assert_eq!(queue.len(), expected, "{username}");
        let outlets = app.call(&who.client, ComplaintOutlets {}).await.unwrap();
        assert_eq!(outlets.len(), expected - 1, "{username}");
    }
    let admin = app.staff("admin").await;
    assert_eq!(
        staff_view(&app, &admin, &at_minhang.number)
            .await
            .map(|v| v.version),
        Err(AppError::NotFound),
        "another outlet's complaint is not this manager's"
    );
    // A general complaint has no order; the filters narrow the queue.
    let csm = app.staff("csm").await;
    let general_view = staff_view(&app, &csm, &general.number).await.unwrap();
    assert_eq!(general_view.order, None);
    let filtered = |filter: ComplaintFilter| app.call(&csm.client, ComplaintQueue { filter });
    assert_eq!(
        filtered(ComplaintFilter {
            category: Some(ComplaintCategory::Price),
            ..Default::default()
        })
        .await
        .map(|q| q.len()),
        Ok(0)
    );
    act(
        &app,
        &csm,
        &number,
        StaffAction::Accept {
            severity: Severity::High,
            reply: "已受理".into(),
        },
    )
    .await
    .unwrap();
    let high = filtered(ComplaintFilter {
        severity: Some(Severity::High),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(high.len(), 1);
    assert_eq!(high[0].number, number);
    let waiting = filtered(ComplaintFilter {
        stage: Some(ComplaintStage::Acceptance),
        outlet: Some(app.pudong()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].number, general.number);
    assert_eq!(
        filtered(ComplaintFilter {
            outlet: Some(app.minhang()),
            ..Default::default()
        })
        .await
        .map(|q| q.len()),
        Ok(1),
        "the outlet filter"
    );
    assert_eq!(
        app.call(
            &admin.client,
            ComplaintQueue {
                filter: ComplaintFilter {
                    outlet: Some(app.minhang()),
                    ..Default::default()
                },
            },
        )
        .await
        .map(|q| q.len()),
        Ok(0),
        "an outlet manager filtering on another outlet sees nothing"
    );
    // A free rework needs an order to rework.
    act(
        &app,
        &csm,
        &general.number,
        action_for(ComplaintEvent::Accept),
    )
    .await
    .unwrap();
    act(
        &app,
        &csm,
        &general.number,
        action_for(ComplaintEvent::ConcludeInvestigation),
    )
    .await
    .unwrap();
    act(
        &app,
        &csm,
        &general.number,
        action_for(ComplaintEvent::DetermineResponsibility),
    )
    .await
    .unwrap();
    assert_eq!(
        act(
            &app,
            &csm,
            &general.number,
            StaffAction::Resolve {
                kind: Some(ResolutionKind::FreeRework),
                amount: String::new(),
                rework: ReworkForm::default(),
                message: "返修".into()
            },
        )
        .await,
        Err(AppError::invalid(
            Field::Resolution,
            Problem::NoOrderToRework
        ))
    );
    assert_eq!(
        act(
            &app,
            &csm,
            &general.number,
            StaffAction::Resolve {
                kind: Some(ResolutionKind::Compensation),
                amount: "0".into(),
                rework: ReworkForm::default(),
                message: "补偿".into()
            },
        )
        .await,
        Err(AppError::invalid(Field::Amount, Problem::OutOfRange))
    );
}

async fn customers_see_messages_addressed_to_them_and_never_staff_only_notes(app: TestApp) {
    let shop = Shop::new(&app).await;
    let csm = app.staff("csm").await;
    let (customer, order) = delivered(&app, &shop).await;
    let number = file(&app, &customer.client, about(&order))
        .await
        .unwrap()
        .number;

    act(
        &app,
        &csm,
        &number,
        StaffAction::Note {
            text: "内部：客户曾多次投诉".into(),
            public: false,
            linked_order: String::new(),
            linked_technician: None,
        },
    )
    .await
    .unwrap();
    act(
        &app,
        &csm,
        &number,
        StaffAction::Note {
            text: "您好，我们已安排技术主管查看。".into(),
            public: true,
            linked_order: String::new(),
            linked_technician: None,
        },
    )
    .await
    .unwrap();
    // An investigation note may point at a work order and a technician of the outlet.
    let technician = staff_view(&app, &csm, &number).await.unwrap().technicians[0].clone();
    let linked = |linked_order: &str, linked_technician| StaffAction::Note {
        text: "内部：同一辆车上月的保养单".into(),
        public: false,
        linked_order: linked_order.into(),
        linked_technician,
    };
    assert_eq!(
        act(&app, &csm, &number, linked("WO000000-AAAAA", None)).await,
        Err(AppError::invalid(Field::Order, Problem::UnknownChoice))
    );
    act(&app, &csm, &number, linked(&order, Some(technician.0)))
        .await
        .unwrap();
    app.call(
        &customer.client,
        ComplaintCustomerAction {
            key: ComplaintKey::Number(number.as_str().into()),
            action: CustomerAction::AddInfo {
                text: "周末方便".into(),
            },
        },
    )
    .await
    .unwrap();

    let theirs = mine(&app, &customer, &number).await;
    let notes: Vec<_> = theirs.entries.iter().map(|e| e.note.as_str()).collect();
    assert!(notes.contains(&"您好，我们已安排技术主管查看。"));
    assert!(notes.contains(&"周末方便"));
    assert!(!notes.iter().any(|n| n.contains("内部")), "{notes:?}");
    let staff = staff_view(&app, &csm, &number).await.unwrap();
    let note = staff
        .entries
        .iter()
        .find(|e| e.linked_order.is_some())
        .unwrap();
    assert_eq!(
        note.linked_order.as_ref().map(|o| o.as_str()),
        Some(order.as_str())
    );
    assert_eq!(note.linked_technician.as_ref(), Some(&technician.1));
    assert!(theirs
        .entries
        .iter()
        .all(|e| e.linked_order.is_none() && e.linked_technician.is_none()));
    assert!(staff
        .entries
        .iter()
        .any(|e| !e.public && e.note.contains("内部")));
    assert!(
        staff.first_response_at.is_some(),
        "a message to the customer is a response"
    );
    // Each message to the customer goes out through the outbox (filed + the message).
    let messages = app.call(&customer.client, MyMessages {}).await.unwrap();
    let texts: Vec<_> = messages
        .iter()
        .filter(|m| m.complaint.as_ref() == Some(&number))
        .map(|m| m.text.clone())
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("技术主管")));
    assert!(!texts.iter().any(|t| t.contains("内部")));
}

/// A real 1×1 PNG.
pub const PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn picture(caption: &str) -> PhotoUpload {
    PhotoUpload {
        caption: caption.into(),
        line: None,
        data_base64: PNG_BASE64.into(),
    }
}

async fn status_of(client: &reqwest::Client, url: String) -> u16 {
    client
        .get(url)
        .send()
        .await
        .expect("GET a photo")
        .status()
        .as_u16()
}

async fn the_customers_photos_reach_the_handlers_and_staff_evidence_stays_internal(app: TestApp) {
    // Arrange
    let shop = Shop::new(&app).await;
    let csm = app.staff("csm").await;
    let (customer, order) = delivered(&app, &shop).await;
    let filed = file(&app, &customer.client, about(&order)).await.unwrap();
    let number = filed.number.as_str().to_string();
    let link = ComplaintKey::Token(filed.token.clone());

    // Act: the customer sends a picture through the link, the manager adds evidence.
    let theirs = app
        .call(
            &app.visitor(),
            AddComplaintPhoto {
                key: link.clone(),
                upload: picture("左前轮"),
            },
        )
        .await
        .unwrap();
    let evidence = app
        .call(
            &csm.client,
            AddComplaintPhoto {
                key: ComplaintKey::Number(number.clone()),
                upload: picture("拆检照片"),
            },
        )
        .await
        .unwrap();
    let not_a_picture = app
        .call(
            &customer.client,
            AddComplaintPhoto {
                key: ComplaintKey::Number(number.clone()),
                upload: PhotoUpload {
                    data_base64: "aGVsbG8=".into(),
                    ..picture("")
                },
            },
        )
        .await;
    let by_advisor = app
        .call(
            &shop.advisor.client,
            AddComplaintPhoto {
                key: ComplaintKey::Number(number.clone()),
                upload: picture(""),
            },
        )
        .await;

    // Assert
    assert_eq!(
        not_a_picture,
        Err(AppError::invalid(Field::Photo, Problem::PhotoType))
    );
    assert_eq!(by_advisor, Err(AppError::Forbidden));
    let by_link = |id: aftersales::domain::ids::PhotoId| {
        format!(
            "{}/photos/complaint-link/{}/{}",
            app.address, filed.token, id.0
        )
    };
    let by_number = |id: aftersales::domain::ids::PhotoId| {
        format!("{}/photos/complaints/{number}/{}", app.address, id.0)
    };
    assert_eq!(status_of(&app.visitor(), by_link(theirs)).await, 200);
    assert_eq!(status_of(&customer.client, by_number(theirs)).await, 200);
    assert_eq!(status_of(&csm.client, by_number(theirs)).await, 200);
    assert_eq!(status_of(&csm.client, by_number(evidence)).await, 200);
    assert_eq!(
        status_of(&app.visitor(), by_link(evidence)).await,
        404,
        "evidence is internal"
    );
    assert_eq!(status_of(&customer.client, by_number(evidence)).await, 404);
    assert_eq!(
        status_of(&shop.advisor.client, by_number(theirs)).await,
        404,
        "not an advisor's"
    );
    let stranger = app.customer().await;
    assert_eq!(status_of(&stranger.client, by_number(theirs)).await, 404);
    assert_eq!(mine(&app, &customer, &filed.number).await.photos.len(), 1);
    let staff = staff_view(&app, &csm, &filed.number).await.unwrap();
    assert_eq!(
        staff.photos.iter().map(|p| p.by_staff).collect::<Vec<_>>(),
        [false, true]
    );
}

async fn the_link_in_the_message_is_the_customers_and_guessing_is_throttled(backend: Backend) {
    // No public address: the portal's inbox links within the app all the same.
    let Some(app) = TestApp::try_spawn(backend).await else {
        return;
    };
    let shop = Shop::new(&app).await;
    let (customer, order) = delivered(&app, &shop).await;
    let filed = file(&app, &customer.client, about(&order)).await.unwrap();

    // The confirmation carries the complaint's link; the desk's outbox shows it without.
    let inbox = app.call(&customer.client, MyMessages {}).await.unwrap();
    let link = format!("/complaint/{}", filed.token);
    assert!(
        inbox
            .iter()
            .any(|m| m.link.as_deref() == Some(link.as_str())),
        "{inbox:?}"
    );
    assert!(
        inbox.iter().all(|m| !m.text.contains("http")),
        "the text is the message; the link stands apart: {inbox:?}"
    );
    let desk = app
        .call(
            &shop.advisor.client,
            aftersales::api::work_orders::NotificationsOutbox {},
        )
        .await
        .unwrap();
    assert!(desk
        .iter()
        .any(|m| m.complaint.as_ref() == Some(&filed.number)));
    assert!(
        !desk
            .iter()
            .any(|m| m.text.contains("/complaint/") || m.text.contains("/survey/")),
        "the survey's and the complaint's links act as the customer"
    );
    assert!(desk.iter().all(|m| m.link.is_none()));

    // A guest guessing phone numbers for an order is slowed after three tries.
    let guest = app.visitor();
    for _ in 0..3 {
        let guess = ComplaintForm {
            phone: app.fresh_phone(),
            ..about(&order)
        };
        assert_eq!(
            file(&app, &guest, guess).await,
            Err(AppError::invalid(Field::Phone, Problem::PhoneNotOnOrder))
        );
    }
    let fourth = ComplaintForm {
        phone: customer.phone.clone(),
        ..about(&order)
    };
    assert!(matches!(
        file(&app, &guest, fourth).await,
        Err(AppError::TooManyAttempts { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_link_in_the_message_is_the_customers_and_guessing_is_throttled_on_sqlite() {
    the_link_in_the_message_is_the_customers_and_guessing_is_throttled(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_link_in_the_message_is_the_customers_and_guessing_is_throttled_on_postgres() {
    the_link_in_the_message_is_the_customers_and_guessing_is_throttled(Backend::Postgres).await;
}

on_both_databases!(
    a_complaint_about_an_order_goes_through_five_stages_to_closed_with_a_free_rework,
    the_stage_machine_refuses_every_step_out_of_turn,
    a_late_first_response_is_escalated_to_the_outlet_manager_once,
    a_guest_files_with_their_phone_and_the_orders_number,
    only_the_outlets_complaint_handlers_see_and_move_complaints,
    customers_see_messages_addressed_to_them_and_never_staff_only_notes,
    the_customers_photos_reach_the_handlers_and_staff_evidence_stays_internal,
);

async fn the_customers_page_and_the_handlers_page_hear_each_change_at_once(app: TestApp) {
    // Arrange: a filed complaint, watched by its customer (signed in and through the link) and
    // by the manager.
    let shop = Shop::new(&app).await;
    let csm = app.staff("csm").await;
    let (customer, order) = delivered(&app, &shop).await;
    let filed = file(&app, &customer.client, about(&order)).await.unwrap();
    let number = filed.number.as_str().to_string();
    let mut customer_page = EventStream::open(
        &app,
        &customer.client,
        &format!("/live/complaints/{number}"),
    )
    .await;
    let mut link_page = EventStream::open(
        &app,
        &app.visitor(),
        &format!("/live/complaint-link/{}", filed.token),
    )
    .await;
    let mut manager_page =
        EventStream::open(&app, &csm.client, &format!("/live/complaints/{number}")).await;
    for page in [&mut customer_page, &mut link_page, &mut manager_page] {
        page.next("hello").await;
    }

    // Act and assert: the manager's reply reaches both customer pages; the customer's new
    // information reaches the manager's.
    act(
        &app,
        &csm,
        &filed.number,
        action_for(ComplaintEvent::Accept),
    )
    .await
    .unwrap();
    customer_page.next("changed").await;
    link_page.next("changed").await;
    app.call(
        &customer.client,
        ComplaintCustomerAction {
            key: ComplaintKey::Number(number.clone()),
            action: CustomerAction::AddInfo {
                text: "补充：早上冷车时更明显".into(),
            },
        },
    )
    .await
    .unwrap();
    manager_page.next("changed").await;

    // Nobody else may watch it.
    let stranger = app.customer().await;
    let visitor = app.visitor();
    let watch = |client, path: String| status_of(client, format!("{}{path}", app.address));
    assert_eq!(
        watch(&stranger.client, format!("/live/complaints/{number}")).await,
        404
    );
    assert_eq!(
        watch(&visitor, format!("/live/complaints/{number}")).await,
        401
    );
    assert_eq!(
        watch(&shop.advisor.client, format!("/live/complaints/{number}")).await,
        404
    );
    assert_eq!(
        watch(&visitor, "/live/complaint-link/made-up".into()).await,
        404
    );
}

on_both_databases!(the_customers_page_and_the_handlers_page_hear_each_change_at_once);

async fn a_phones_picture_of_several_hundred_kilobytes_reaches_a_complaint(app: TestApp) {
    // Arrange: a complaint, and a 600 kB picture (a JPEG as a phone sends it).
    let shop = Shop::new(&app).await;
    let (customer, order) = delivered(&app, &shop).await;
    let filed = file(&app, &customer.client, about(&order)).await.unwrap();
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg.resize(600 * 1024, 7);
    let upload = PhotoUpload {
        caption: "异响位置".into(),
        line: None,
        data_base64: base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &jpeg),
    };

    // Act
    let added = app
        .call(
            &customer.client,
            AddComplaintPhoto {
                key: ComplaintKey::Number(filed.number.as_str().into()),
                upload,
            },
        )
        .await;

    // Assert
    assert!(added.is_ok(), "{added:?}");
    assert_eq!(mine(&app, &customer, &filed.number).await.photos.len(), 1);
}

on_both_databases!(a_phones_picture_of_several_hundred_kilobytes_reaches_a_complaint);
