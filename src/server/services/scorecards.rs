//! Scorecards and service points (guideline 7.4): each advisor's and technician's quarter,
//! weighed into points with headquarters' weights and ranked within their outlet and region.
//! A manager sees the people of the outlets they reach; anyone else their own card. Ranks are
//! counted over the whole region (or the outlet, outside every region), whoever looks.

use super::catalog;
use super::outlet_time::{local_time, period_bounds};
use crate::domain::catalog::Outlet;
use crate::domain::ids::{OutletId, StaffId};
use crate::domain::kpi::ScopeChoice;
use crate::domain::organisation::Criterion;
use crate::domain::scorecard::*;
use crate::domain::{AppError, Field, Problem};
use crate::server::access;
use crate::server::db::{Actor, AuditEntry, ScoreFacts, StaffRecord};
use crate::server::{AppState, OrInternal};
use chrono::Datelike;
use std::collections::BTreeMap;

/// The quarter's cards the viewer may see, best first. `typed` is `2026-Q4`; empty for this
/// quarter.
pub async fn board(
    state: &AppState,
    viewer: &StaffRecord,
    typed: &str,
) -> Result<ScoreBoard, AppError> {
    let reached = access::outlets_reached(state, viewer).await?;
    let calendar = reached
        .first()
        .ok_or(AppError::invalid(Field::Outlet, Problem::OutsideYourScope))?;
    let period = match typed.trim() {
        "" => {
            let today = local_time(calendar, state.clock.now())?.date();
            let this = format!("{}-Q{}", today.year(), today.month().div_ceil(3));
            quarter(&this).map_err(|p| AppError::invalid(Field::Period, p))?
        }
        typed => quarter(typed).map_err(|p| AppError::invalid(Field::Period, p))?,
    };
    // Everyone ranked beside the people shown: their regions' outlets.
    let ranked: Vec<Outlet> = catalog::outlets(state)
        .await?
        .into_iter()
        .filter(|o| o.group == viewer.group_id)
        .filter(|o| {
            reached
                .iter()
                .any(|r| r.id == o.id || (r.region.is_some() && r.region == o.region))
        })
        .collect();
    let ids: Vec<OutletId> = ranked.iter().map(|o| o.id).collect();
    let (from, until) = period_bounds(calendar, period)?;
    let repo = state.repo();
    let facts = repo
        .score_facts(&ids, period, from, until)
        .await
        .or_internal()?;
    let weights = weights_from(&repo.point_weights(viewer.group_id).await.or_internal()?);
    let people = people(&facts, &ids)?;
    let points: Vec<i64> = people.iter().map(|(p, _)| p.points(&weights)).collect();
    let outlet_ranks = rank_by(&points, |i| people[i].0.outlet);
    let region_ranks = rank_by(&points, |i| {
        let outlet = &ranked[people[i].0.outlet];
        outlet.region.ok_or(outlet.id)
    });
    let manager = access::manages(viewer);
    let mut cards: Vec<Scorecard> = people
        .into_iter()
        .enumerate()
        .map(|(i, (facts, account))| Scorecard {
            own: account == Some(viewer.id),
            points: points[i],
            outlet_rank: outlet_ranks[i],
            region_rank: region_ranks[i],
            facts,
        })
        .filter(|card| {
            card.own || (manager && reached.iter().any(|o| o.id == ranked[card.facts.outlet].id))
        })
        .collect();
    cards.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(a.facts.name.cmp(&b.facts.name))
    });
    Ok(ScoreBoard {
        period,
        outlets: ranked.iter().map(ScopeChoice::from).collect(),
        weights,
        sets_weights: access::sets_group_policy(viewer),
        cards,
    })
}

/// The cards being put together, by person, seat and outlet.
struct Cards<'a> {
    facts: &'a ScoreFacts,
    outlets: &'a [OutletId],
    by: BTreeMap<(Seat, i64, usize), (PersonFacts, Option<StaffId>)>,
}

impl Cards<'_> {
    /// The card of the advisor (staff id) or technician (technician id) at the outlet, new if
    /// needed; `None` for an outlet outside the board.
    fn of(&mut self, seat: Seat, id: i64, outlet: i64) -> Option<&mut PersonFacts> {
        let outlet = self.outlets.iter().position(|o| o.0 == outlet)?;
        let facts = self.facts;
        let card = self.by.entry((seat, id, outlet)).or_insert_with(|| {
            let (name, account) = match seat {
                Seat::Advisor => (
                    facts
                        .advisors
                        .iter()
                        .find(|(a, _)| *a == id)
                        .map(|(_, name)| name.clone())
                        .unwrap_or_default(),
                    Some(StaffId(id)),
                ),
                Seat::Technician => facts
                    .technicians
                    .iter()
                    .find(|(t, _, _)| *t == id)
                    .map(|(_, account, name)| (name.clone(), account.map(StaffId)))
                    .unwrap_or_default(),
            };
            (PersonFacts::new(name, seat, outlet), account)
        });
        Some(&mut card.0)
    }
}

/// Each person's facts at each outlet, with their account (for "their own card").
fn people(
    facts: &ScoreFacts,
    outlets: &[OutletId],
) -> Result<Vec<(PersonFacts, Option<StaffId>)>, AppError> {
    let mut cards = Cards {
        facts,
        outlets,
        by: BTreeMap::new(),
    };
    for (seat, rows) in [
        (Seat::Advisor, &facts.by_advisor),
        (Seat::Technician, &facts.by_technician),
    ] {
        for &(id, outlet, delivered, on_time, inspected, first_passed) in rows {
            if let Some(p) = cards.of(seat, id, outlet) {
                p.delivered += delivered;
                p.on_time += on_time;
                p.inspected += inspected;
                p.first_passed += first_passed;
            }
        }
    }
    for (seat, rows) in [
        (Seat::Advisor, &facts.ratings_by_advisor),
        (Seat::Technician, &facts.ratings_by_technician),
    ] {
        for &(id, outlet, sum, given) in rows {
            if let Some(p) = cards.of(seat, id, outlet) {
                p.rating_sum += sum;
                p.ratings += given;
            }
        }
    }
    for &(advisor, technician, outlet, n) in &facts.comebacks {
        if let Some(p) = cards.of(Seat::Advisor, advisor, outlet) {
            p.comebacks += n;
        }
        if let Some(p) = technician.and_then(|t| cards.of(Seat::Technician, t, outlet)) {
            p.comebacks += n;
        }
    }
    for &(technician, outlet, n) in &facts.complaints {
        if let Some(p) = cards.of(Seat::Technician, technician, outlet) {
            p.complaints += n;
        }
    }
    let mut people: Vec<(PersonFacts, Option<StaffId>)> = cards.by.into_values().collect();
    for (person, account) in &mut people {
        let stored = account.and_then(|a| facts.assessments.iter().find(|(s, _)| *s == a.0));
        if let Some((_, scores)) = stored {
            // As the people page stores them (`db/organisation.rs`).
            let scores: Vec<(Criterion, u8)> = serde_json::from_str(scores)
                .map_err(|e| crate::server::error::internal(format!("stored assessment: {e}")))?;
            let n = scores.len() as i64;
            let sum: i64 = scores.iter().map(|(_, score)| i64::from(*score)).sum();
            person.assessment = (n > 0).then(|| (sum * 10 + n / 2) / n);
        }
    }
    Ok(people)
}

/// Headquarters sets the weights (one whole number from 0 to 100 per measure, as typed, in
/// `PointsFor::ALL`'s order). Every value is checked first; only changed ones are written,
/// with one audit line.
pub async fn save_weights(
    state: &AppState,
    hq: &StaffRecord,
    typed: &[String],
) -> Result<(), AppError> {
    if typed.len() != PointsFor::ALL.len() {
        return Err(AppError::BadRequest);
    }
    let repo = state.repo();
    let before = weights_from(&repo.point_weights(hq.group_id).await.or_internal()?);
    let mut changes = Vec::new();
    let mut detail = serde_json::Map::new();
    for (what, text) in PointsFor::ALL.into_iter().zip(typed) {
        let weight = PointsFor::parse_weight(text)
            .map_err(|p| AppError::invalid(Field::Entry(what.index()), p))?;
        let old = before.of(what);
        if old != i64::from(weight) {
            detail.insert(what.as_str().into(), serde_json::json!([old, weight]));
            changes.push((what.as_str().to_string(), i64::from(weight)));
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    let now = state.clock.now();
    let audit = AuditEntry::new(
        now,
        Actor::Staff(hq.id),
        "service_points.weights_set",
        "group",
        hq.group_id.0.to_string(),
    )
    .with_detail(detail.into());
    repo.save_point_weights(hq.group_id, &changes, hq.id, now, &audit)
        .await
        .or_internal()
}
