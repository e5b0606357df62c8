//! Targets per indicator: headquarters sets the group's, an outlet's manager their outlet's;
//! the dashboard holds each figure to the nearest one, and every change is audited.

use crate::helpers::{Staff, TestApp};
use aftersales::api::kpis::{GetDashboard, GetTargets, SetTargets};
use aftersales::domain::kpi::{Dashboard, Kpi, KpiRow, Target};
use aftersales::domain::kpi_target::{TargetSheet, TargetSource};
use aftersales::domain::{AppError, Field, Problem};

async fn dashboard(
    app: &TestApp,
    who: &Staff,
    outlet: Option<aftersales::domain::ids::OutletId>,
) -> Dashboard {
    app.call(
        &who.client,
        GetDashboard {
            period: "2026-11".into(),
            outlet,
        },
    )
    .await
    .expect("the dashboard")
}

fn row(dashboard: &Dashboard, kpi: Kpi) -> KpiRow {
    *dashboard
        .rows
        .iter()
        .find(|r| r.now.kpi == kpi)
        .expect("on the dashboard")
}

async fn set(
    app: &TestApp,
    who: &Staff,
    outlet: Option<aftersales::domain::ids::OutletId>,
    targets: &[(&str, &str)],
) -> Result<(), AppError> {
    app.call(
        &who.client,
        SetTargets {
            outlet,
            targets: targets
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        },
    )
    .await
}

async fn sheet(
    app: &TestApp,
    who: &Staff,
    outlet: Option<aftersales::domain::ids::OutletId>,
) -> TargetSheet {
    app.call(&who.client, GetTargets { outlet })
        .await
        .expect("the targets")
}

async fn each_figure_is_held_to_its_outlets_target_else_the_groups_else_the_guidelines(
    app: TestApp,
) {
    // Arrange
    let hq = app.staff("hqadmin").await;
    let admin = app.staff("admin").await;
    let pudong = app.pudong();

    // Act: headquarters relaxes on-time delivery for the group and tightens comebacks; the
    // Pudong manager asks more of Pudong.
    set(
        &app,
        &hq,
        None,
        &[("on_time_delivery", "90"), ("comeback_rate", "1.5")],
    )
    .await
    .expect("the group's targets");
    set(&app, &admin, Some(pudong), &[("on_time_delivery", "98.5")])
        .await
        .expect("Pudong's target");

    // Assert: Pudong's figures are held to Pudong's target, the group's to the group's.
    let at_pudong = dashboard(&app, &admin, None).await;
    let on_time = row(&at_pudong, Kpi::OnTimeDelivery);
    assert_eq!(
        (on_time.target, on_time.source),
        (Some(Target::AtLeast(985)), TargetSource::Outlet)
    );
    let comebacks = row(&at_pudong, Kpi::ComebackRate);
    assert_eq!(
        (comebacks.target, comebacks.source),
        (Some(Target::AtMost(15)), TargetSource::Group)
    );
    let nps = row(&at_pudong, Kpi::Nps);
    assert_eq!(
        (nps.target, nps.source),
        (Some(Target::AtLeast(500)), TargetSource::Guideline)
    );
    let group = dashboard(&app, &hq, None).await;
    assert_eq!(
        row(&group, Kpi::OnTimeDelivery).target,
        Some(Target::AtLeast(900))
    );
    let only_pudong = dashboard(&app, &hq, Some(pudong)).await;
    assert_eq!(
        row(&only_pudong, Kpi::OnTimeDelivery).target,
        Some(Target::AtLeast(985))
    );
    // The sheet shows each level; an outlet manager sees their outlet's, never the group's form.
    let seen = sheet(&app, &admin, None).await;
    assert_eq!((seen.scope, seen.sets_group), (Some(pudong), false));
    let line = seen.lines[usize::from(Kpi::OnTimeDelivery.index())];
    assert_eq!(
        (line.guideline, line.group, line.outlet),
        (
            Some(Target::AtLeast(950)),
            Some(Target::AtLeast(900)),
            Some(Target::AtLeast(985))
        )
    );
    assert_eq!(sheet(&app, &hq, None).await.scope, None);
    // Each change is one audit line with what it was and what it became.
    let lines = app
        .state
        .repo()
        .sealed_audit_lines(0, i64::MAX, 10_000)
        .await
        .expect("the audit log");
    let changes: Vec<_> = lines
        .iter()
        .filter(|l| l.action == "kpi.targets_set")
        .collect();
    assert_eq!(changes.len(), 2);
    assert!(
        changes[1].detail.contains("[null,985]"),
        "{}",
        changes[1].detail
    );

    // Act: Pudong's target cleared follows the group's again; saving the same again writes nothing.
    set(&app, &admin, Some(pudong), &[("on_time_delivery", " ")])
        .await
        .expect("cleared");
    set(&app, &hq, None, &[("comeback_rate", "1.5")])
        .await
        .expect("unchanged");

    // Assert
    let on_time = row(&dashboard(&app, &admin, None).await, Kpi::OnTimeDelivery);
    assert_eq!(
        (on_time.target, on_time.source),
        (Some(Target::AtLeast(900)), TargetSource::Group)
    );
    let lines = app
        .state
        .repo()
        .sealed_audit_lines(0, i64::MAX, 10_000)
        .await
        .expect("the audit log");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.action == "kpi.targets_set")
            .count(),
        3
    );
}

on_both_databases!(each_figure_is_held_to_its_outlets_target_else_the_groups_else_the_guidelines);

async fn a_target_out_of_range_or_out_of_reach_is_refused_and_nothing_is_saved(app: TestApp) {
    // Arrange
    let admin = app.staff("admin").await;
    let advisor = app.staff("advisor").await;
    let pudong = app.pudong();

    // Act
    let too_high = set(
        &app,
        &admin,
        Some(pudong),
        &[("nps", "60"), ("on_time_delivery", "101")],
    )
    .await;
    let two_decimals = set(&app, &admin, Some(pudong), &[("rating_attitude", "4.55")]).await;
    let group = set(&app, &admin, None, &[("nps", "60")]).await;
    let other_outlet = set(&app, &admin, Some(app.minhang()), &[("nps", "60")]).await;
    let unknown = set(&app, &admin, Some(pudong), &[("happiness", "60")]).await;
    let advisor_reads = app.call(&advisor.client, GetTargets { outlet: None }).await;

    // Assert
    assert_eq!(
        too_high,
        Err(AppError::invalid(
            Field::Entry(Kpi::OnTimeDelivery.index()),
            Problem::DecimalBetween { min: 0, max: 100 }
        ))
    );
    assert_eq!(
        two_decimals,
        Err(AppError::invalid(
            Field::Entry(Kpi::Rating(aftersales::domain::survey::Aspect::Attitude).index()),
            Problem::DecimalBetween { min: 1, max: 5 }
        ))
    );
    assert_eq!(
        group,
        Err(AppError::invalid(Field::Outlet, Problem::OutsideYourScope))
    );
    assert_eq!(
        other_outlet,
        Err(AppError::invalid(Field::Outlet, Problem::OutsideYourScope))
    );
    assert_eq!(unknown, Err(AppError::BadRequest));
    assert_eq!(advisor_reads, Err(AppError::Forbidden));
    let nps = sheet(&app, &admin, None).await.lines[usize::from(Kpi::Nps.index())];
    assert_eq!(nps.outlet, None, "nothing of a refused form is saved");
}

on_both_databases!(a_target_out_of_range_or_out_of_reach_is_refused_and_nothing_is_saved);
