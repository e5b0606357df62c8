//! The performance dashboard (guideline ch. 7): the indicators of a month or a quarter over the
//! outlets the manager reaches — an outlet's manager their outlet, a regional manager the
//! region's, headquarters the group's, or one of them — beside the period before and their
//! targets, and the records behind each figure.
//!
//! A delivered order's part is read once from its events when it is handed back
//! (`outcome_row`, stored in the same transaction); `backfill` and `recheck` keep the stored
//! outcomes equal to a recomputation from the events.

use super::outlet_time::{local_time, period_bounds};
use super::work_orders::clock_events;
use crate::domain::catalog::Outlet;
use crate::domain::fault::{FaultReport, FAULT_ROWS};
use crate::domain::ids::{OutletId, WorkOrderId};
use crate::domain::improvement::CheckFigure;
use crate::domain::kpi::{
    contribution, measure, open_minutes, Dashboard, Drill, DrillFactKind, DrillRow, Facts, Kpi,
    OrderOutcome, Period, Reference, ScopeChoice, Trend, DRILL_LIMIT,
};
use crate::domain::kpi_target::{SetTargets, TargetLine, TargetSheet};
use crate::domain::work_order::RepairPolicy;
use crate::domain::{AppError, Field, Problem};
use crate::server::access;
use crate::server::db::{
    Actor, AuditEntry, EventRecord, OutcomeRow, StaffRecord, TargetChange, WorkOrderRecord,
};
use crate::server::{AppState, OrInternal};
use chrono::{DateTime, NaiveDate, Utc};

/// What a delivered order contributes, read from its events (the hand-over last).
pub fn outcome_row(
    outlet: &Outlet,
    order: &WorkOrderRecord,
    events: &[EventRecord],
    policy: &RepairPolicy,
) -> Result<OutcomeRow, AppError> {
    let outcome = OrderOutcome::read(
        &clock_events(events),
        &policy.sla,
        order.urgent,
        order.promised_at,
        order.rework_of.is_some(),
    );
    Ok(OutcomeRow {
        order: order.id,
        outlet: outlet.id,
        delivered_on: local_time(outlet, outcome.delivered_at)?.date(),
        outcome,
    })
}

async fn recompute(state: &AppState, id: WorkOrderId) -> Result<Option<OutcomeRow>, AppError> {
    let repo = state.repo();
    let Some(order) = repo.work_order_by_id(id).await.or_internal()? else {
        return Ok(None);
    };
    let outlet = super::catalog::outlet(state, order.outlet_id).await?;
    let events = repo.work_order_events(id).await.or_internal()?;
    let policy = repo.repair_policy(order.outlet_id).await.or_internal()?;
    outcome_row(&outlet, &order, &events, &policy).map(Some)
}

/// Stores the outcome of every delivered order that has none (those handed back before
/// outcomes were kept). Returns how many.
pub async fn backfill(state: &AppState) -> Result<usize, AppError> {
    let mut done = 0;
    loop {
        let ids = state
            .repo()
            .delivered_without_outcome(500)
            .await
            .or_internal()?;
        if ids.is_empty() {
            return Ok(done);
        }
        for id in ids {
            if let Some(row) = recompute(state, id).await? {
                state.repo().save_outcome(&row).await.or_internal()?;
            }
            done += 1;
        }
    }
}

/// Recomputes every stored outcome from its order's events; the orders whose stored outcome
/// differs (none, unless a rule changed after they were stored). Also how many were checked.
pub async fn recheck(state: &AppState) -> Result<(usize, Vec<WorkOrderId>), AppError> {
    let (mut checked, mut differ, mut after) = (0, Vec::new(), WorkOrderId(0));
    loop {
        let stored = state
            .repo()
            .stored_outcomes(after, 1000)
            .await
            .or_internal()?;
        let Some(last) = stored.last() else {
            return Ok((checked, differ));
        };
        after = last.0;
        for (id, outcome) in stored {
            checked += 1;
            if recompute(state, id).await?.map(|r| r.outcome) != Some(outcome) {
                differ.push(id);
            }
        }
    }
}

/// The outlets and period a request asks for, within what the manager reaches.
struct Asked {
    reached: Vec<Outlet>,
    scope: Option<OutletId>,
    period: Period,
}

impl Asked {
    async fn read(
        state: &AppState,
        manager: &StaffRecord,
        typed: &str,
        scope: Option<OutletId>,
    ) -> Result<Asked, AppError> {
        let reached = access::outlets_reached(state, manager).await?;
        let outside = AppError::invalid(Field::Outlet, Problem::OutsideYourScope);
        let calendar = reached.first().ok_or(outside.clone())?;
        if scope.is_some_and(|s| !reached.iter().any(|o| o.id == s)) {
            return Err(outside);
        }
        let typed = match typed.trim() {
            "" => Period::month_of(local_time(calendar, state.clock.now())?.date()),
            typed => typed.to_string(),
        };
        let period = Period::parse(&typed).map_err(|p| AppError::invalid(Field::Period, p))?;
        Ok(Asked {
            reached,
            scope,
            period,
        })
    }

    fn counted(&self) -> impl Iterator<Item = &Outlet> {
        self.reached
            .iter()
            .filter(|o| self.scope.is_none_or(|s| s == o.id))
    }

    /// Recounts the counted outlets' marked days in `period`, before its figures are read.
    async fn recount(&self, state: &AppState, period: Period) -> Result<(), AppError> {
        let counted: Vec<Outlet> = self.counted().cloned().collect();
        super::kpi_days::refresh(state, &counted, period).await
    }

    fn ids(&self) -> Vec<OutletId> {
        self.counted().map(|o| o.id).collect()
    }

    /// The period's bounds as instants, in the outlets' calendar (one zone per group).
    fn bounds(&self, period: Period) -> Result<(DateTime<Utc>, DateTime<Utc>), AppError> {
        period_bounds(&self.reached[0], period)
    }

    fn choices<'a>(&self, outlets: impl Iterator<Item = &'a Outlet>) -> Vec<ScopeChoice> {
        outlets.map(ScopeChoice::from).collect()
    }
}

async fn facts(state: &AppState, asked: &Asked, period: Period) -> Result<Facts, AppError> {
    let (from, until) = asked.bounds(period)?;
    asked.recount(state, period).await?;
    let repo = state.repo();
    let mut facts = repo
        .kpi_facts(&asked.ids(), period, from, until, state.clock.now())
        .await
        .or_internal()?;
    // Open hours: each outlet's weekly hours over the period, its closures left out, times
    // its bays and its technicians.
    for outlet in asked.counted() {
        let settings = repo
            .outlet_settings(outlet.id, period.first)
            .await
            .or_internal()?;
        let closures: Vec<_> = settings
            .closures
            .iter()
            .map(|c| (c.first_day, c.last_day))
            .collect();
        let open = open_minutes(&settings.hours, &closures, period);
        let technicians = repo.technicians(outlet.id).await.or_internal()?.len() as i64;
        facts.bay_open_minutes += open * i64::from(settings.bays);
        facts.technician_open_minutes += open * technicians;
    }
    Ok(facts)
}

/// `typed` is `2026-11` or `2026-Q4`; empty means this month. `scope` is one of the outlets
/// the manager reaches, or `None` for all of them.
pub async fn dashboard(
    state: &AppState,
    manager: &StaffRecord,
    typed: &str,
    scope: Option<OutletId>,
) -> Result<Dashboard, AppError> {
    let asked = Asked::read(state, manager, typed, scope).await?;
    // The two periods are read at once (each on its own connection).
    let (now, before) = futures::try_join!(
        facts(state, &asked, asked.period),
        facts(state, &asked, asked.period.previous())
    )?;
    let targets = targets_over(state, manager, &asked.ids()).await?;
    Ok(Dashboard::of(
        asked.period,
        asked.choices(asked.reached.iter()),
        scope,
        &now,
        &before,
        &targets,
    ))
}

/// The records behind one figure, newest first: all of them when `all` (the export), else
/// those among the latest `DRILL_LIMIT` of the period that the figure counts.
pub async fn drill(
    state: &AppState,
    manager: &StaffRecord,
    typed: &str,
    scope: Option<OutletId>,
    kpi: &str,
    all: bool,
) -> Result<Drill, AppError> {
    let kpi = Kpi::from_code(kpi).ok_or(AppError::NotFound)?;
    let asked = Asked::read(state, manager, typed, scope).await?;
    let (from, until) = asked.bounds(asked.period)?;
    let limit = (!all).then_some(DRILL_LIMIT as u32);
    let rows_from = match limit {
        Some(limit) => newest_days(state, &asked, kpi, limit).await?,
        None => None,
    };
    let (facts, total) = state
        .repo()
        .drill_facts(
            kpi,
            &asked.ids(),
            asked.period,
            from,
            until,
            state.clock.now(),
            limit,
            rows_from,
        )
        .await
        .or_internal()?;
    let outlets: Vec<&Outlet> = asked.counted().collect();
    let refers_to = match facts.first().map(|f| &f.kind) {
        Some(DrillFactKind::Complaint(_)) => Reference::Complaint,
        Some(DrillFactKind::Booking { .. }) => Reference::Booking,
        _ => Reference::Order,
    };
    let mut rows = Vec::new();
    for fact in &facts {
        let Some((counts, amount)) = contribution(kpi, &fact.kind) else {
            continue;
        };
        let Some(outlet) = outlets.iter().position(|o| o.id == fact.outlet) else {
            continue;
        };
        rows.push(DrillRow {
            reference: fact.reference.clone(),
            refers_to,
            outlet,
            at: local_time(outlets[outlet], fact.at)?,
            counts,
            amount,
        });
    }
    Ok(Drill {
        kpi,
        period: asked.period,
        outlets: asked.choices(outlets.into_iter()),
        rows,
        total: usize::try_from(total).unwrap_or_default(),
    })
}

/// Where a drill-down's newest `limit` records start: the first of the period's last days that
/// hold at least that many (from the stored days), and its first instant; `None` to read the
/// whole period (fewer than `limit`, or a figure not kept per day).
async fn newest_days(
    state: &AppState,
    asked: &Asked,
    kpi: Kpi,
    limit: u32,
) -> Result<Option<(NaiveDate, DateTime<Utc>)>, AppError> {
    asked.recount(state, asked.period).await?;
    let per_day = state
        .repo()
        .listed_per_day(kpi, &asked.ids(), asked.period.first, asked.period.last)
        .await
        .or_internal()?;
    let mut listed = 0;
    for (day, n) in per_day.unwrap_or_default() {
        listed += n;
        if listed >= i64::from(limit) {
            let (from, _) = asked.bounds(Period::day(day))?;
            return Ok(Some((day, from)));
        }
    }
    Ok(None)
}

/// One figure over the year of months (or two years of quarters) up to the period asked.
pub async fn trend(
    state: &AppState,
    manager: &StaffRecord,
    typed: &str,
    scope: Option<OutletId>,
    kpi: &str,
) -> Result<Trend, AppError> {
    let kpi = Kpi::from_code(kpi).ok_or(AppError::NotFound)?;
    let asked = Asked::read(state, manager, typed, scope).await?;
    let mut periods = vec![asked.period];
    while periods.len() < asked.period.trend_length() {
        let earlier = periods[periods.len() - 1].previous();
        periods.push(earlier);
    }
    periods.reverse();
    let all =
        futures::future::try_join_all(periods.iter().map(|p| facts(state, &asked, *p))).await?;
    let targets = targets_over(state, manager, &asked.ids()).await?;
    Ok(Trend {
        kpi,
        points: periods
            .into_iter()
            .zip(all.iter())
            .map(|(period, facts)| (period, measure(kpi, facts)))
            .collect(),
        target: targets.target(kpi).0,
    })
}

/// The most frequent findings and services at the outlets in scope over the period, by car
/// model and mileage band (guideline 1.4, 5.2).
pub async fn faults(
    state: &AppState,
    manager: &StaffRecord,
    typed: &str,
    scope: Option<OutletId>,
) -> Result<FaultReport, AppError> {
    let asked = Asked::read(state, manager, typed, scope).await?;
    asked.recount(state, asked.period).await?;
    let (orders, findings, services) = state
        .repo()
        .fault_rows(&asked.ids(), asked.period, FAULT_ROWS as u32)
        .await
        .or_internal()?;
    Ok(FaultReport {
        period: asked.period,
        reached: asked.choices(asked.reached.iter()),
        scope,
        orders,
        findings,
        services,
    })
}

/// An improvement action's Check: the indicator at the outlet over the period after the one
/// that missed, beside the missed period's figure.
pub async fn check_figure(
    state: &AppState,
    manager: &StaffRecord,
    outlet: OutletId,
    kpi: Kpi,
    missed: Period,
    today: chrono::NaiveDate,
) -> Result<CheckFigure, AppError> {
    let asked = Asked {
        reached: access::outlets_reached(state, manager).await?,
        scope: Some(outlet),
        period: missed.next(),
    };
    let (after, before) = futures::try_join!(
        facts(state, &asked, asked.period),
        facts(state, &asked, missed)
    )?;
    let targets = targets_over(state, manager, &[outlet]).await?;
    Ok(CheckFigure {
        period: asked.period,
        measure: measure(kpi, &after),
        before: measure(kpi, &before),
        target: targets.target(kpi).0,
        period_over: asked.period.last < today,
    })
}

/// The targets set over the guideline's that apply to figures over these outlets: the group's
/// and, when they are one outlet's, that outlet's.
async fn targets_over(
    state: &AppState,
    manager: &StaffRecord,
    outlets: &[OutletId],
) -> Result<SetTargets, AppError> {
    let one = match outlets {
        [one] => Some(*one),
        _ => None,
    };
    let rows = state
        .repo()
        .kpi_targets(manager.group_id, one.as_slice())
        .await
        .or_internal()?;
    let mut set = SetTargets::default();
    for (outlet, code, tenths) in rows {
        match (Kpi::from_code(&code), outlet) {
            (Some(kpi), None) => set.group.push((kpi, tenths)),
            (Some(kpi), Some(_)) => set.outlet.push((kpi, tenths)),
            (None, _) => {}
        }
    }
    Ok(set)
}

/// Whose targets a sheet shows: the outlet asked for (one the manager reaches), else the
/// group's for headquarters, else the manager's first outlet.
async fn target_scope(
    state: &AppState,
    manager: &StaffRecord,
    asked: Option<OutletId>,
) -> Result<(Vec<Outlet>, Option<OutletId>, bool), AppError> {
    let reached = access::outlets_reached(state, manager).await?;
    let sets_group = access::sets_group_policy(manager);
    let outside = AppError::invalid(Field::Outlet, Problem::OutsideYourScope);
    let scope = match asked {
        Some(outlet) if reached.iter().any(|o| o.id == outlet) => Some(outlet),
        Some(_) => return Err(outside),
        None if sets_group => None,
        None => Some(reached.first().ok_or(outside)?.id),
    };
    Ok((reached, scope, sets_group))
}

/// The targets page for the group (headquarters) or one outlet.
pub async fn target_sheet(
    state: &AppState,
    manager: &StaffRecord,
    asked: Option<OutletId>,
) -> Result<TargetSheet, AppError> {
    let (reached, scope, sets_group) = target_scope(state, manager, asked).await?;
    let rows = state
        .repo()
        .kpi_targets(manager.group_id, scope.as_slice())
        .await
        .or_internal()?;
    let set = |kpi: Kpi, outlet: Option<OutletId>| {
        rows.iter()
            .find(|(o, code, _)| *o == outlet && *code == kpi.code())
            .map(|(_, _, tenths)| kpi.target_at(*tenths))
    };
    Ok(TargetSheet {
        reached: reached.iter().map(ScopeChoice::from).collect(),
        scope,
        sets_group,
        lines: Kpi::ALL
            .into_iter()
            .map(|kpi| TargetLine {
                kpi,
                guideline: kpi.guideline(),
                group: set(kpi, None),
                outlet: scope.and_then(|s| set(kpi, Some(s))),
            })
            .collect(),
    })
}

/// Sets the targets typed (indicator's code, text in the figure's unit; empty clears it, so
/// the group's or the guideline's applies again) for the group or one outlet. Every value is
/// checked before anything is written; only changed targets are written, with one audit line.
pub async fn save_targets(
    state: &AppState,
    manager: &StaffRecord,
    asked: Option<OutletId>,
    typed: &[(String, String)],
) -> Result<(), AppError> {
    let sheet = target_sheet(state, manager, asked).await?;
    // The group's own targets are headquarters'.
    if asked.is_none() && sheet.scope.is_some() {
        return Err(AppError::invalid(Field::Outlet, Problem::OutsideYourScope));
    }
    let mut changes = Vec::new();
    let mut detail = serde_json::Map::new();
    for (code, text) in typed {
        let kpi = Kpi::from_code(code).ok_or(AppError::BadRequest)?;
        let tenths = match text.trim() {
            "" => None,
            text => Some(
                kpi.parse_target(text)
                    .map_err(|p| AppError::invalid(Field::Entry(kpi.index()), p))?
                    .tenths(),
            ),
        };
        let line = sheet.lines[usize::from(kpi.index())];
        let before = line.own(sheet.scope).map(|t| t.tenths());
        if before != tenths && !changes.iter().any(|(c, _)| c == code) {
            detail.insert(code.clone(), serde_json::json!([before, tenths]));
            changes.push((code.clone(), tenths));
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    let (entity, key) = match sheet.scope {
        Some(outlet) => ("outlet", outlet.0.to_string()),
        None => ("group", manager.group_id.0.to_string()),
    };
    let audit = AuditEntry::new(
        state.clock.now(),
        Actor::Staff(manager.id),
        "kpi.targets_set",
        entity,
        key,
    )
    .with_detail(detail.into());
    let change = TargetChange {
        group: manager.group_id,
        outlet: sheet.scope,
        targets: changes,
        by: manager.id,
        at: state.clock.now(),
    };
    state
        .repo()
        .save_kpi_targets(&change, &audit)
        .await
        .or_internal()
}
