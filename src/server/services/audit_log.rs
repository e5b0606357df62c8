//! The audit log in the console: managers browse and filter it (who, what, when, which
//! record), and headquarters checks its chain of seals — the same walk as
//! `aftersales audit verify`.
//!
//! Reach: headquarters reads every line; a regional or outlet manager the lines written by the
//! people they reach (themselves included) and those people's sign-in attempts. Lines written
//! by customers are headquarters' to read (a line carries no outlet).

use super::outlet_time::{instant, local_time};
use crate::domain::audit::*;
use crate::domain::ids::StaffId;
use crate::domain::organisation::{parse_day, Placement};
use crate::domain::{AppError, Field};
use crate::server::access;
use crate::server::audit::{self, ChainBreak, SealedLine};
use crate::server::db::{AuditQuery, StaffRecord};
use crate::server::{AppState, OrInternal};
use chrono::{DateTime, Duration, Utc};

/// Lines per page.
const PAGE: u32 = 50;

/// A text the manager typed, as a `LIKE` pattern matching it anywhere: its own `%`, `_` and
/// `\` are taken literally (`service_type.` finds exactly that).
fn containing(typed: &str) -> String {
    let mut pattern = String::from("%");
    for c in typed.trim().chars().take(60) {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

pub async fn browse(
    state: &AppState,
    manager: &StaffRecord,
    filter: &AuditFilter,
) -> Result<AuditPage, AppError> {
    let outlets = access::outlets_reached(state, manager).await?;
    let calendar = outlets.first().cloned();
    let day_start = |typed: &str, field: Field| -> Result<Option<DateTime<Utc>>, AppError> {
        if typed.trim().is_empty() {
            return Ok(None);
        }
        let day = parse_day(typed).map_err(|p| AppError::invalid(field, p))?;
        match &calendar {
            Some(outlet) => instant(outlet, day, 0).map(Some),
            None => Ok(Some(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())),
        }
    };
    // Open ends as instants both databases store and compare alike (four-digit years).
    let from = day_start(&filter.from, Field::FirstDay)?.unwrap_or(DateTime::UNIX_EPOCH);
    let until = day_start(&filter.until, Field::LastDay)?
        .map(|d| d + Duration::days(1))
        .unwrap_or_else(|| {
            chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or_default()
                .and_utc()
        });
    let repo = state.repo();
    let staff = repo.staff_of_group(manager.group_id).await.or_internal()?;
    let region_of = |o| outlets.iter().find(|x| x.id == o).and_then(|x| x.region);
    let within: Option<Vec<StaffId>> = match manager.placement {
        Placement::Group => None,
        _ => Some(
            staff
                .iter()
                .filter(|p| p.id == manager.id || manager.placement.reaches(p.placement, region_of))
                .map(|p| p.id)
                .collect(),
        ),
    };
    let who = filter.who.trim().to_lowercase();
    let by: Option<Vec<StaffId>> = (!who.is_empty()).then(|| {
        staff
            .iter()
            .filter(|p| p.username.contains(&who) || p.display_name.to_lowercase().contains(&who))
            .map(|p| p.id)
            .collect()
    });
    let query = AuditQuery {
        before_seq: filter.before.unwrap_or(i64::MAX),
        action: containing(&filter.what),
        entity_key: containing(&filter.record),
        from,
        until,
        staff: by,
        within,
    };
    let mut lines = repo.browse_audit(&query, PAGE + 1).await.or_internal()?;
    let more = lines.len() > PAGE as usize;
    lines.truncate(PAGE as usize);
    let shown = lines
        .into_iter()
        .map(|line| shown_line(line, &staff, calendar.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AuditPage {
        more_before: more.then(|| shown.last().map(|l| l.seq)).flatten(),
        lines: shown,
    })
}

fn shown_line(
    line: SealedLine,
    staff: &[StaffRecord],
    calendar: Option<&crate::domain::catalog::Outlet>,
) -> Result<AuditLine, AppError> {
    let actor = match (line.actor_kind.as_str(), line.actor_id) {
        ("staff", Some(id)) => staff
            .iter()
            .find(|p| p.id.0 == id)
            .map(|p| AuditActor::Staff {
                name: p.display_name.clone(),
                username: p.username.clone(),
            })
            .unwrap_or(AuditActor::System),
        ("customer", Some(id)) => AuditActor::Customer { id },
        _ => AuditActor::System,
    };
    Ok(AuditLine {
        seq: line.seq,
        at: match calendar {
            Some(outlet) => local_time(outlet, line.at)?,
            None => line.at.naive_utc(),
        },
        actor,
        action: line.action,
        entity: line.entity,
        entity_key: line.entity_key,
        detail: line.detail,
    })
}

/// Walks the whole chain (headquarters): where it first breaks, if it does.
pub async fn check(state: &AppState) -> Result<ChainCheck, AppError> {
    let report = audit::verify(state.repo(), None).await.or_internal()?;
    Ok(ChainCheck {
        lines: report.lines,
        head: format!("{}:{}", report.head_seq, report.head_hash),
        finding: report.first_break.map(|b| match b {
            ChainBreak::Altered { seq, .. } => ChainFinding::Altered { seq },
            ChainBreak::Relinked { seq, .. } => ChainFinding::Relinked { seq },
            ChainBreak::Missing { from, to } => ChainFinding::Missing { from, to },
            ChainBreak::Truncated { head_seq, last_seq } => ChainFinding::Truncated {
                head: head_seq,
                last: last_seq,
            },
            ChainBreak::HeadAltered => ChainFinding::HeadAltered,
            ChainBreak::Unsealed { id } => ChainFinding::Unsealed { id },
            // No anchor is given here.
            ChainBreak::AnchorMismatch { seq } => ChainFinding::Altered { seq },
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::containing;

    #[test]
    fn a_typed_filter_matches_its_own_underscores_and_percents_literally() {
        assert_eq!(containing(" service_type. "), r"%service\_type.%");
        assert_eq!(containing(r"50%\x"), r"%50\%\\x%");
        assert_eq!(containing(""), "%%");
    }
}
