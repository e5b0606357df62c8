//! The performance dashboard: a scripted month of orders, surveys and a complaint gives exactly
//! the figures computed here by hand, over the outlets each manager reaches.

use crate::helpers::{Staff, TestApp};
use crate::repair_kit::*;
use aftersales::api::complaints::FileComplaint;
use aftersales::api::feedback::AnswerSurvey;
use aftersales::api::kpis::{GetActionBoard, GetDashboard, GetDrill, OpenAction, StepAction};
use aftersales::domain::complaint::{ComplaintCategory, ComplaintForm};
use aftersales::domain::improvement::{ActionStep, Decision, PlanForm, Stage};
use aftersales::domain::kpi::{Dashboard, Drill, Kpi, Measure};
use aftersales::domain::survey::SurveyForm;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::{StepRequest, WorkOrderEvent};
use aftersales::domain::{AppError, Conflict, Field, Problem};
use chrono::Duration;

fn figure(dashboard: &Dashboard, kpi: Kpi) -> Measure {
    dashboard
        .rows
        .iter()
        .find(|r| r.now.kpi == kpi)
        .expect("every indicator is on the dashboard")
        .now
}

pub(crate) async fn survey(
    app: &TestApp,
    customer: &crate::helpers::Customer,
    number: &str,
    nps: u8,
) {
    let token = customer_view(app, customer, number)
        .await
        .expect("the customer's order")
        .survey
        .and_then(|s| s.token)
        .expect("a survey link");
    app.call(
        &app.visitor(),
        AnswerSurvey {
            token,
            form: SurveyForm {
                nps: Some(nps),
                ratings: [Some(4); 5],
                comment: String::new(),
            },
        },
    )
    .await
    .expect("answered");
}

async fn a_scripted_month_gives_the_figures_computed_by_hand(app: TestApp) {
    // Arrange: two walk-ins at Pudong this month.
    let shop = Shop::new(&app).await;
    let now = the_outlet_local_now(&app, &shop).await;
    // A: repaired, passed at the first inspection, handed back on time; the owner gives 10.
    let happy = app.customer().await;
    let a = shop
        .check_in(&app, walk_in(&happy, RepairCategory::Minor, now))
        .await;
    repair_and_deliver(&app, &shop, &a, "42,130").await;
    survey(&app, &happy, &a, 10).await;
    // B: fails its first inspection, is handed back after the promised time; the owner gives 5
    // and files a complaint about it.
    let unhappy = app.customer().await;
    let b = shop
        .check_in(&app, walk_in(&unhappy, RepairCategory::Minor, now))
        .await;
    dispatch_to_tech(&app, &shop, &b).await;
    for event in [WorkOrderEvent::StartRepair, WorkOrderEvent::Finish] {
        step(&app, &shop.tech, &b, StepRequest::plain(event))
            .await
            .expect("repaired");
    }
    step(
        &app,
        &shop.inspector,
        &b,
        StepRequest::plain(WorkOrderEvent::FailCheck).with_note("刹车仍有异响"),
    )
    .await
    .expect("failed");
    app.clock.advance(Duration::hours(7));
    step(
        &app,
        &shop.tech,
        &b,
        StepRequest::plain(WorkOrderEvent::Finish),
    )
    .await
    .expect("repaired again");
    pass_settle_and_deliver(&app, &shop, &b, "42,140").await;
    survey(&app, &unhappy, &b, 5).await;
    app.call(
        &unhappy.client,
        FileComplaint {
            form: ComplaintForm {
                order: b.clone(),
                category: Some(ComplaintCategory::Timeliness),
                what_happened: "比承诺的时间晚了一个多小时".into(),
                ..ComplaintForm::default()
            },
        },
    )
    .await
    .expect("filed");
    let admin = app.staff("admin").await;
    let hq = app.staff("hqadmin").await;

    // Act
    let pudong = app
        .call(
            &admin.client,
            GetDashboard {
                period: "2026-11".into(),
                outlet: None,
            },
        )
        .await
        .expect("the dashboard");
    let group = app
        .call(
            &hq.client,
            GetDashboard {
                period: "".into(),
                outlet: None,
            },
        )
        .await
        .expect("this month's dashboard");
    let bad = app
        .call(
            &admin.client,
            GetDashboard {
                period: "11/2026".into(),
                outlet: None,
            },
        )
        .await;

    // Assert: by hand — 2 delivered, 1 on time, 1 first-time pass, NPS (1 − 1) / 2, no
    // rework, 1 complaint per 2 orders.
    assert_eq!(pudong.period.first.to_string(), "2026-11-01");
    assert_eq!(pudong.counted().count(), 1);
    assert_eq!(
        group.counted().count(),
        2,
        "headquarters counts every outlet"
    );
    for dashboard in [&pudong, &group] {
        let on_time = figure(dashboard, Kpi::OnTimeDelivery);
        assert_eq!(
            (on_time.counted, on_time.out_of, on_time.value),
            (1, 2, Some(500))
        );
        assert_eq!(figure(dashboard, Kpi::FirstTimeQcPass).value, Some(500));
        let nps = figure(dashboard, Kpi::Nps);
        assert_eq!((nps.counted, nps.out_of, nps.value), (0, 2, Some(0)));
        assert_eq!(figure(dashboard, Kpi::ComebackRate).value, Some(0));
        assert_eq!(figure(dashboard, Kpi::ComplaintRate).value, Some(500));
        // Both surveys sent at delivery were answered; the complaint is still unanswered; both
        // orders were walk-ins; no booking was due.
        assert_eq!(figure(dashboard, Kpi::SurveyResponse).value, Some(1000));
        assert_eq!(figure(dashboard, Kpi::ComplaintResponse24h).value, Some(0));
        assert_eq!(figure(dashboard, Kpi::WalkInShare).value, Some(1000));
        assert_eq!(figure(dashboard, Kpi::NoShowRate).value, None);
        // October recorded nothing: no figure to compare with.
        assert!(dashboard.rows.iter().all(|r| r.before.value.is_none()));
    }
    let on_time = pudong
        .rows
        .iter()
        .find(|r| r.now.kpi == Kpi::OnTimeDelivery)
        .unwrap();
    assert_eq!(on_time.now.meets(on_time.target), Some(false));
    assert_eq!(
        bad,
        Err(AppError::invalid(Field::Period, Problem::MonthOrQuarter))
    );
    // The stored outcomes equal a recomputation from the events.
    let (checked, differ) = aftersales::server::services::kpis::recheck(&app.state)
        .await
        .expect("rechecked");
    assert_eq!((checked, differ), (2, vec![]));
}

on_both_databases!(a_scripted_month_gives_the_figures_computed_by_hand);

async fn dashboard(app: &TestApp, who: &Staff, period: &str) -> Dashboard {
    app.call(
        &who.client,
        GetDashboard {
            period: period.into(),
            outlet: None,
        },
    )
    .await
    .expect("the dashboard")
}

async fn drill(app: &TestApp, who: &Staff, period: &str, kpi: Kpi) -> Drill {
    app.call(
        &who.client,
        GetDrill {
            period: period.into(),
            outlet: None,
            kpi: kpi.code(),
        },
    )
    .await
    .expect("the records behind the figure")
}

/// Minutes the outlet is open over December 2026, counted here day by day from its settings.
fn december_open_minutes(settings: &aftersales::domain::outlet_settings::OutletSettings) -> i64 {
    use chrono::Datelike;
    let mut minutes = 0;
    for day in 1..=31 {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
        if settings
            .closures
            .iter()
            .any(|c| c.first_day <= date && date <= c.last_day)
        {
            continue;
        }
        if let Some((open, close)) = settings.hours[date.weekday().num_days_from_monday() as usize]
        {
            minutes += i64::from(close - open);
        }
    }
    minutes
}

async fn clocks_leave_pauses_out_and_each_figure_opens_its_records(app: TestApp) {
    // Arrange: two walk-ins at Pudong, checked in on 30 November at 09:00 and both dispatched
    // and started at once. D is repaired for 25 h without a word to its owner and handed back
    // on 1 December; C is repaired for 2 h, waits 50 h for parts, is repaired for 1 h more and
    // handed back on 2 December.
    let shop = Shop::new(&app).await;
    let now = the_outlet_local_now(&app, &shop).await;
    let (c_owner, d_owner) = (app.customer().await, app.customer().await);
    let c = shop
        .check_in(&app, walk_in(&c_owner, RepairCategory::Minor, now))
        .await;
    let d = shop
        .check_in(&app, walk_in(&d_owner, RepairCategory::Minor, now))
        .await;
    for order in [&c, &d] {
        dispatch_to_tech(&app, &shop, order).await;
        step(
            &app,
            &shop.tech,
            order,
            StepRequest::plain(WorkOrderEvent::StartRepair),
        )
        .await
        .expect("repairing");
    }
    app.clock.advance(Duration::hours(2));
    step(
        &app,
        &shop.tech,
        &c,
        StepRequest::plain(WorkOrderEvent::PauseForParts).with_note("等原厂刹车盘"),
    )
    .await
    .expect("waiting for parts");
    app.clock.advance(Duration::hours(23));
    step(
        &app,
        &shop.tech,
        &d,
        StepRequest::plain(WorkOrderEvent::Finish),
    )
    .await
    .expect("D finished");
    pass_settle_and_deliver(&app, &shop, &d, "42,150").await;
    app.clock.advance(Duration::hours(27));
    step(
        &app,
        &shop.tech,
        &c,
        StepRequest::plain(WorkOrderEvent::PartsArrived),
    )
    .await
    .expect("parts arrived");
    app.clock.advance(Duration::hours(1));
    step(
        &app,
        &shop.tech,
        &c,
        StepRequest::plain(WorkOrderEvent::Finish),
    )
    .await
    .expect("C finished");
    pass_settle_and_deliver(&app, &shop, &c, "42,160").await;
    let admin = app.staff("admin").await;
    let settings = app
        .call(
            &admin.client,
            aftersales::api::outlet_settings::GetOutletSettings {},
        )
        .await
        .expect("Pudong's settings");
    let technicians = app
        .call(
            &shop.advisor.client,
            aftersales::api::work_orders::GetDispatchBoard {},
        )
        .await
        .expect("the dispatch board")
        .technicians
        .len() as i64;

    // Act
    let december = dashboard(&app, &admin, "2026-12").await;
    let first_update = drill(&app, &admin, "2026-12", Kpi::FirstUpdate24h).await;
    let repair = drill(&app, &admin, "2026-12", Kpi::RepairTime).await;
    let advisor_drill = app
        .call(
            &shop.advisor.client,
            GetDrill {
                period: "2026-12".into(),
                outlet: None,
                kpi: "repair_time".into(),
            },
        )
        .await;
    let unknown = app
        .call(
            &admin.client,
            GetDrill {
                period: "2026-12".into(),
                outlet: None,
                kpi: "happiness".into(),
            },
        )
        .await;
    let elsewhere = app
        .call(
            &admin.client,
            GetDashboard {
                period: "2026-12".into(),
                outlet: Some(app.minhang()),
            },
        )
        .await;

    // Assert, by hand. First update: D's clock ran 25 h (missed), C's 2 h + 1 h (met).
    let value = |kpi| figure(&december, kpi);
    let first = value(Kpi::FirstUpdate24h);
    assert_eq!(
        (first.counted, first.out_of, first.value),
        (1, 2, Some(500))
    );
    // Done within 48 h: D in 25 h; C in 3 h, its 50 h for parts left out.
    let done = value(Kpi::Processing48h);
    assert_eq!((done.counted, done.out_of, done.value), (2, 2, Some(1000)));
    // Both were promised 6 h after check-in: neither on time.
    assert_eq!(value(Kpi::OnTimeDelivery).value, Some(0));
    // Dispatch to the last "finished": 25 h and 53 h, 39.0 h on average; nothing else waited.
    assert_eq!(value(Kpi::RepairTime).value, Some(390));
    assert_eq!(value(Kpi::ReceptionTime).value, Some(0));
    assert_eq!(value(Kpi::ApprovalWait).value, Some(0));
    // Worked: D 25 h, C 3 h = 1,680 minutes, against the technicians' open December.
    let utilisation = value(Kpi::TechnicianUtilisation);
    let open = december_open_minutes(&settings) * technicians;
    assert_eq!((utilisation.counted, utilisation.out_of), (1680, open));
    assert_eq!(utilisation.value, Some((1680 * 1000 + open / 2) / open));
    let bays = value(Kpi::BayUtilisation);
    assert_eq!(
        bays.out_of,
        december_open_minutes(&settings) * i64::from(settings.bays)
    );
    // The records behind the figures, newest first: C (met), then D (missed).
    let lines: Vec<_> = first_update
        .rows
        .iter()
        .map(|r| (r.reference.as_str(), r.counts))
        .collect();
    assert_eq!(
        lines,
        vec![(c.as_str(), Some(true)), (d.as_str(), Some(false))]
    );
    assert_eq!(first_update.total, 2);
    let minutes: Vec<_> = repair.rows.iter().map(|r| r.amount).collect();
    assert_eq!(minutes, vec![Some(53 * 60), Some(25 * 60)]);
    assert_eq!(advisor_drill, Err(AppError::Forbidden));
    assert_eq!(unknown, Err(AppError::NotFound));
    assert_eq!(
        elsewhere,
        Err(AppError::invalid(Field::Outlet, Problem::OutsideYourScope))
    );
    let (checked, differ) = aftersales::server::services::kpis::recheck(&app.state)
        .await
        .expect("rechecked");
    assert_eq!((checked, differ), (2, vec![]));
}

on_both_databases!(clocks_leave_pauses_out_and_each_figure_opens_its_records);

async fn an_improvement_action_goes_round_plan_do_check_act(app: TestApp) {
    // Arrange
    let admin = app.staff("admin").await;
    let board = app
        .call(&admin.client, GetActionBoard {})
        .await
        .expect("the board");
    let owner = board
        .owners
        .iter()
        .find(|o| o.name == "刘婷")
        .expect("the Pudong advisor can own an action")
        .id;
    assert!(
        board.owners.iter().all(|o| o.name != "何静"),
        "Minhang's advisor is not the Pudong manager's to give work to"
    );
    let plan = PlanForm {
        problem: "2026-11 按时交车率 50.0 %，目标 ≥ 95.0 %".into(),
        cause: "等配件的工单没有及时改承诺时间".into(),
        plan: "常用刹车件备两套库存；等件时当天告知客户新的交车时间".into(),
        owner: Some(owner),
        due_on: "2026-12-15".into(),
    };
    let open = |form: PlanForm| OpenAction {
        outlet: app.pudong(),
        kpi: Some("on_time_delivery".into()),
        period: "2026-11".into(),
        form,
    };

    // Act: refusals first, then the cycle.
    let past_due = app
        .call(
            &admin.client,
            open(PlanForm {
                due_on: "2026-11-01".into(),
                ..plan.clone()
            }),
        )
        .await;
    let no_cause = app
        .call(
            &admin.client,
            open(PlanForm {
                cause: " ".into(),
                ..plan.clone()
            }),
        )
        .await;
    let advisor = app.staff("advisor").await;
    let not_a_manager = app.call(&advisor.client, open(plan.clone())).await;
    let id = app
        .call(&admin.client, open(plan.clone()))
        .await
        .expect("opened");
    let take = |version: i32, step: ActionStep, form: PlanForm, done: &str| StepAction {
        id,
        version,
        step,
        form,
        done: done.into(),
    };
    let decide_too_early = app
        .call(
            &admin.client,
            take(
                0,
                ActionStep::Decide(Decision::Standardise),
                PlanForm::default(),
                "",
            ),
        )
        .await;
    app.call(
        &admin.client,
        take(
            0,
            ActionStep::RecordDone,
            PlanForm::default(),
            "已备库存，顾问培训完成",
        ),
    )
    .await
    .expect("done");
    let stale = app
        .call(
            &admin.client,
            take(
                0,
                ActionStep::Decide(Decision::TryAgain),
                PlanForm::default(),
                "",
            ),
        )
        .await;
    app.call(
        &admin.client,
        take(
            1,
            ActionStep::Decide(Decision::TryAgain),
            PlanForm::default(),
            "",
        ),
    )
    .await
    .expect("another round");
    app.call(
        &admin.client,
        take(
            2,
            ActionStep::Replan,
            PlanForm {
                problem: String::new(),
                ..plan.clone()
            },
            "",
        ),
    )
    .await
    .expect("planned again");
    let hq = app.staff("hqadmin").await;
    let seen_by_hq = app
        .call(&hq.client, GetActionBoard {})
        .await
        .expect("HQ's board");
    // Headquarters reaches Minhang's advisor, but she cannot own Pudong's action.
    let minhang_advisor = seen_by_hq
        .owners
        .iter()
        .find(|o| o.name == "何静")
        .expect("headquarters can give Minhang's advisor work")
        .id;
    let wrong_owner = app
        .call(
            &hq.client,
            open(PlanForm {
                owner: Some(minhang_advisor),
                ..plan.clone()
            }),
        )
        .await;
    app.clock.advance(Duration::days(20));
    let later = app
        .call(&admin.client, GetActionBoard {})
        .await
        .expect("the board later");

    // Assert
    assert_eq!(
        past_due,
        Err(AppError::invalid(Field::DueOn, Problem::DateInPast))
    );
    assert_eq!(
        no_cause,
        Err(AppError::invalid(Field::Cause, Problem::Required))
    );
    assert_eq!(not_a_manager, Err(AppError::Forbidden));
    assert_eq!(
        wrong_owner,
        Err(AppError::invalid(Field::Owner, Problem::OutsideYourScope))
    );
    assert_eq!(
        decide_too_early,
        Err(AppError::Conflict(Conflict::ActionStage))
    );
    assert_eq!(stale, Err(AppError::Conflict(Conflict::ActionChanged)));
    let action = seen_by_hq
        .actions
        .iter()
        .find(|a| a.id == id)
        .expect("headquarters sees the outlet's action");
    assert_eq!((action.stage, action.round), (Stage::Do, 2));
    assert_eq!(action.kpi, Some(Kpi::OnTimeDelivery));
    assert_eq!(
        action.problem, plan.problem,
        "the problem stays what it was"
    );
    assert!(action.done.is_empty());
    assert!(!action.overdue);
    // 20 days on, the plan due on 15 December is overdue.
    let action = later.actions.iter().find(|a| a.id == id).unwrap();
    assert!(action.overdue);
    // Every step is in the audit log.
    let lines = app
        .call(
            &hq.client,
            aftersales::api::organisation::BrowseAuditLog {
                filter: aftersales::domain::audit::AuditFilter {
                    what: "improvement.".into(),
                    ..Default::default()
                },
            },
        )
        .await
        .expect("the audit log");
    assert_eq!(lines.lines.len(), 4, "opened, done, decided, planned again");
}

on_both_databases!(an_improvement_action_goes_round_plan_do_check_act);

async fn the_dashboard_and_its_records_download_as_excel_and_csv(app: TestApp) {
    let admin = app.staff("admin").await;
    let advisor = app.staff("advisor").await;
    let get = |client: &reqwest::Client, query: &str| {
        let url = format!("{}/exports/kpis?{query}", app.address);
        let client = client.clone();
        async move { client.get(url).send().await.expect("answered") }
    };
    let xlsx = get(&admin.client, "format=xlsx&lang=en&period=2026-11").await;
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("kpi-2026-11-01_2026-11-30.xlsx")));
    let bytes = xlsx.bytes().await.expect("a workbook");
    assert!(bytes.starts_with(b"PK"), "an xlsx file is a zip archive");
    let csv = get(
        &admin.client,
        "format=csv&lang=zh-CN&period=2026-11&kpi=on_time_delivery",
    )
    .await
    .text()
    .await
    .expect("a CSV file");
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("单号"), "{csv}");
    let table = get(&admin.client, "format=csv&lang=en&period=2026-11")
        .await
        .text()
        .await
        .expect("the table as CSV");
    assert!(table.contains("On-time delivery"), "{table}");
    assert_eq!(table.lines().count(), 1 + Kpi::ALL.len());
    assert_eq!(get(&advisor.client, "format=xlsx").await.status(), 403);
    assert_eq!(get(&app.visitor(), "format=xlsx").await.status(), 401);
    assert_eq!(
        get(&admin.client, "format=xlsx&period=11%2F2026")
            .await
            .status(),
        422
    );
}

on_both_databases!(the_dashboard_and_its_records_download_as_excel_and_csv);

async fn findings_and_services_are_counted_by_model_and_mileage_and_a_figure_has_its_trend(
    app: TestApp,
) {
    use aftersales::api::kpis::{GetFaults, GetTrend};
    use aftersales::api::work_orders::AddEstimateLine;
    use aftersales::domain::fault::MileageBand;
    // Arrange: two cars in for second-level maintenance, one at 42,100 km where the technician
    // finds worn brake pads, one at 125,000 km.
    let shop = Shop::new(&app).await;
    let now = the_outlet_local_now(&app, &shop).await;
    let mut numbers = Vec::new();
    for km in ["42,100", "125,000"] {
        let customer = app.customer().await;
        let form = aftersales::domain::work_order::CheckInForm {
            odometer_km: km.into(),
            ..walk_in(&customer, RepairCategory::SecondLevelMaintenance, now)
        };
        let number = shop.check_in(&app, form).await;
        app.call(
            &shop.advisor.client,
            AddEstimateLine {
                number: number.clone(),
                line: labour_line("二级维护", "2.5", "180"),
            },
        )
        .await
        .expect("agreed at the desk");
        numbers.push(number);
    }
    dispatch_to_tech(&app, &shop, &numbers[0]).await;
    step(
        &app,
        &shop.tech,
        &numbers[0],
        StepRequest::plain(WorkOrderEvent::StartDiagnosis),
    )
    .await
    .expect("diagnosing");
    app.call(
        &shop.tech.client,
        AddEstimateLine {
            number: numbers[0].clone(),
            line: labour_line("更换刹车片", "1", "200"),
        },
    )
    .await
    .expect("a finding");
    let admin = app.staff("admin").await;

    // Act
    let faults = app
        .call(
            &admin.client,
            GetFaults {
                period: String::new(),
                outlet: None,
            },
        )
        .await
        .expect("the fault frequency");
    let month = app
        .call(
            &admin.client,
            GetTrend {
                period: String::new(),
                outlet: None,
                kpi: "walk_in_share".into(),
            },
        )
        .await
        .expect("a year of months");
    let quarters = app
        .call(
            &admin.client,
            GetTrend {
                period: "2026-Q4".into(),
                outlet: None,
                kpi: "nps".into(),
            },
        )
        .await
        .expect("two years of quarters");
    let unknown = app
        .call(
            &admin.client,
            GetTrend {
                period: String::new(),
                outlet: None,
                kpi: "happiness".into(),
            },
        )
        .await;

    // Assert: both maintenances, one per band; the finding still waits for the customer.
    assert_eq!(faults.orders, 2);
    let services: Vec<_> = faults
        .services
        .iter()
        .map(|r| (r.item.as_str(), r.model.as_str(), r.band, r.orders, r.done))
        .collect();
    assert_eq!(
        services,
        vec![
            ("二级维护", "大众 朗逸", MileageBand::From30kTo60k, 1, 1),
            ("二级维护", "大众 朗逸", MileageBand::Over100k, 1, 1),
        ]
    );
    let findings: Vec<_> = faults
        .findings
        .iter()
        .map(|r| (r.item.as_str(), r.band, r.orders, r.done))
        .collect();
    assert_eq!(
        findings,
        vec![("更换刹车片", MileageBand::From30kTo60k, 1, 0)]
    );
    assert_eq!(faults.findings[0].per_100(faults.orders), Some(500));
    // The trend ends with the month asked: both orders were walk-ins, nothing before.
    assert_eq!(month.points.len(), 12);
    let (last, walk_ins) = month.points[11];
    assert_eq!(last.label(), "2026-11");
    assert_eq!(walk_ins.value, Some(1000));
    assert!(month.points[..11].iter().all(|(_, m)| m.value.is_none()));
    assert_eq!(month.target, None);
    assert_eq!(quarters.points.len(), 8);
    assert_eq!(quarters.points[0].0.label(), "2025-Q1");
    assert_eq!(
        quarters.target,
        Some(aftersales::domain::kpi::Target::AtLeast(500))
    );
    assert_eq!(unknown, Err(AppError::NotFound));
}

on_both_databases!(
    findings_and_services_are_counted_by_model_and_mileage_and_a_figure_has_its_trend
);
