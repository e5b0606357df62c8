//! SLA clocks, read from the work order's event log (guideline 3.2 and 3.3).
//!
//! - **Processing**: from check-in until the work is done (ready for pickup), within
//!   `processing_hours` (48 h by default).
//! - **First progress update**: from the first dispatch until the customer is first told
//!   something (a public note, an estimate to approve, or the car being ready), within
//!   `first_update_hours` (24 h by default).
//!
//! Urgent jobs (先急后缓) have tighter targets. Both clocks stand still while the order waits
//! for the customer's approval or for parts; the pausing event's note is the reason.

use super::work_order::{WorkOrderEvent, WorkOrderStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An outlet's targets. Defaults are the guideline's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    pub first_update_hours: u32,
    pub processing_hours: u32,
    pub urgent_first_update_hours: u32,
    pub urgent_processing_hours: u32,
    /// A running clock is "at risk" when no more than this share of its target is left.
    pub at_risk_percent: u32,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        Self {
            first_update_hours: 24,
            processing_hours: 48,
            urgent_first_update_hours: 4,
            urgent_processing_hours: 24,
            at_risk_percent: 20,
        }
    }
}

/// One stored event as the clocks read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockEvent {
    pub at: DateTime<Utc>,
    /// `None` for the check-in and for notes.
    pub event: Option<WorkOrderEvent>,
    pub to: WorkOrderStatus,
    /// A note the customer can read.
    pub public_note: bool,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockState {
    /// Not started yet (no dispatch yet, for the first-update clock).
    NotStarted,
    Running,
    /// Standing still: waiting for the customer or for parts.
    Paused,
    /// Stopped within the target.
    Met,
    /// Stopped after the target.
    Missed,
    /// Still running, past the target.
    Overdue,
}

/// One clock as the boards show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaClock {
    pub target_minutes: i64,
    /// Counted time so far, pauses left out.
    pub used_minutes: i64,
    pub state: ClockState,
    /// Running or paused with little time left.
    pub at_risk: bool,
}

impl SlaClock {
    /// Minutes left; negative when over.
    pub fn remaining_minutes(&self) -> i64 {
        self.target_minutes - self.used_minutes
    }

    pub fn is_late(&self) -> bool {
        matches!(self.state, ClockState::Overdue | ClockState::Missed)
    }
}

/// Both clocks of a work order, and why they stand still if they do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaView {
    pub processing: SlaClock,
    pub first_update: SlaClock,
    pub pause_reason: Option<String>,
}

impl SlaView {
    /// Reads the clocks from the events (oldest first; the first one is the check-in).
    pub fn read(
        events: &[ClockEvent],
        policy: &SlaPolicy,
        urgent: bool,
        now: DateTime<Utc>,
    ) -> SlaView {
        let (processing_hours, first_update_hours) = if urgent {
            (
                policy.urgent_processing_hours,
                policy.urgent_first_update_hours,
            )
        } else {
            (policy.processing_hours, policy.first_update_hours)
        };
        let processing = run_clock(
            events,
            |_| true,
            |e| e.to.work_done(),
            processing_hours,
            policy,
            now,
        );
        let first_update = run_clock(
            events,
            |e| e.event == Some(WorkOrderEvent::Dispatch),
            |e| {
                e.public_note
                    || e.to.work_done()
                    || matches!(
                        e.event,
                        Some(WorkOrderEvent::RequestApproval | WorkOrderEvent::PassCheck)
                    )
            },
            first_update_hours,
            policy,
            now,
        );
        let pause_reason = events
            .iter()
            .rev()
            .find(|e| e.event.is_some())
            .filter(|e| e.to.pauses_clocks())
            .map(|e| e.note.clone());
        SlaView {
            processing,
            first_update,
            pause_reason,
        }
    }
}

fn run_clock(
    events: &[ClockEvent],
    starts: impl Fn(&ClockEvent) -> bool,
    stops: impl Fn(&ClockEvent) -> bool,
    target_hours: u32,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> SlaClock {
    let target_minutes = i64::from(target_hours) * 60;
    let Some(first) = events.iter().position(&starts) else {
        return SlaClock {
            target_minutes,
            used_minutes: 0,
            state: ClockState::NotStarted,
            at_risk: false,
        };
    };
    let mut used = chrono::Duration::zero();
    let mut running_since = Some(events[first].at).filter(|_| !events[first].to.pauses_clocks());
    let mut stopped = false;
    for e in &events[first + 1..] {
        if let Some(since) = running_since {
            if stops(e) || e.to.pauses_clocks() {
                used += e.at - since;
                running_since = None;
            }
        } else if !e.to.pauses_clocks() && e.event.is_some() {
            running_since = Some(e.at);
        }
        if stops(e) {
            stopped = true;
            break;
        }
    }
    if !stopped {
        if let Some(since) = running_since {
            used += (now - since).max(chrono::Duration::zero());
        }
    }
    let used_minutes = used.num_minutes();
    let late = used_minutes > target_minutes;
    let state = match (stopped, late, running_since.is_some()) {
        (true, false, _) => ClockState::Met,
        (true, true, _) => ClockState::Missed,
        (false, true, _) => ClockState::Overdue,
        (false, false, true) => ClockState::Running,
        (false, false, false) => ClockState::Paused,
    };
    let left = target_minutes - used_minutes;
    let at_risk = matches!(state, ClockState::Running | ClockState::Paused)
        && left * 100 <= target_minutes * i64::from(policy.at_risk_percent);
    SlaClock {
        target_minutes,
        used_minutes,
        state,
        at_risk,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use WorkOrderEvent as E;
    use WorkOrderStatus as S;

    fn t(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 1, 0, 0).unwrap() + Duration::hours(hours)
    }

    fn step(hours: i64, event: E, to: S) -> ClockEvent {
        ClockEvent {
            at: t(hours),
            event: Some(event),
            to,
            public_note: false,
            note: String::new(),
        }
    }

    fn check_in() -> ClockEvent {
        ClockEvent {
            at: t(0),
            event: None,
            to: S::CheckedIn,
            public_note: false,
            note: String::new(),
        }
    }

    #[test]
    fn the_processing_clock_runs_from_check_in_and_stands_still_while_paused() {
        let mut parts = step(10, E::PauseForParts, S::WaitingParts);
        parts.note = "等刹车盘".into();
        let events = vec![
            check_in(),
            step(1, E::Dispatch, S::Dispatched),
            step(2, E::StartRepair, S::InRepair),
            parts,
            // 20 hours waiting for parts do not count.
            step(30, E::PartsArrived, S::InRepair),
        ];
        let sla = SlaView::read(&events, &SlaPolicy::default(), false, t(40));
        // 0→10 running (10 h), 10→30 paused, 30→40 running (10 h).
        assert_eq!(sla.processing.used_minutes, 20 * 60);
        assert_eq!(sla.processing.state, ClockState::Running);
        assert_eq!(sla.processing.remaining_minutes(), 28 * 60);
        assert_eq!(sla.pause_reason, None);

        let paused = SlaView::read(&events[..4], &SlaPolicy::default(), false, t(40));
        assert_eq!(paused.processing.used_minutes, 10 * 60);
        assert_eq!(paused.processing.state, ClockState::Paused);
        assert_eq!(paused.pause_reason.as_deref(), Some("等刹车盘"));
    }

    #[test]
    fn waiting_for_the_customers_approval_pauses_both_clocks() {
        let events = vec![
            check_in(),
            step(1, E::Dispatch, S::Dispatched),
            step(2, E::StartDiagnosis, S::Diagnosing),
            step(3, E::RequestApproval, S::AwaitingApproval),
            step(20, E::CustomerDecided, S::InRepair),
        ];
        let sla = SlaView::read(&events, &SlaPolicy::default(), false, t(22));
        // 0→3 and 20→22 count: 5 h.
        assert_eq!(sla.processing.used_minutes, 5 * 60);
        // Asking for approval is the first progress update: 2 h after dispatch.
        assert_eq!(sla.first_update.state, ClockState::Met);
        assert_eq!(sla.first_update.used_minutes, 2 * 60);
    }

    #[test]
    fn a_clock_past_its_target_is_overdue_and_then_missed_when_it_stops() {
        let events = vec![check_in(), step(1, E::Dispatch, S::Dispatched)];
        let sla = SlaView::read(&events, &SlaPolicy::default(), false, t(50));
        assert_eq!(sla.processing.state, ClockState::Overdue);
        assert_eq!(sla.processing.remaining_minutes(), -2 * 60);
        assert_eq!(sla.first_update.state, ClockState::Overdue);
        let mut done = events.clone();
        done.push(step(49, E::Finish, S::QualityCheck));
        done.push(step(50, E::PassCheck, S::ReadyForPickup));
        let sla = SlaView::read(&done, &SlaPolicy::default(), false, t(60));
        assert_eq!(sla.processing.state, ClockState::Missed);
        assert_eq!(sla.processing.used_minutes, 50 * 60);
    }

    #[test]
    fn urgent_jobs_have_tighter_targets_and_warn_when_little_time_is_left() {
        let events = vec![check_in(), step(0, E::Dispatch, S::Dispatched)];
        let policy = SlaPolicy::default();
        let sla = SlaView::read(&events, &policy, true, t(3) + Duration::minutes(20));
        assert_eq!(sla.first_update.target_minutes, 4 * 60);
        // 40 min of 240 left is under 20 %.
        assert!(sla.first_update.at_risk);
        assert_eq!(sla.processing.target_minutes, 24 * 60);
        assert!(!sla.processing.at_risk);
    }

    #[test]
    fn the_first_update_clock_waits_for_a_dispatch_and_stops_at_a_public_note() {
        let events = vec![check_in()];
        let sla = SlaView::read(&events, &SlaPolicy::default(), false, t(5));
        assert_eq!(sla.first_update.state, ClockState::NotStarted);
        let mut with_note = vec![check_in(), step(1, E::Dispatch, S::Dispatched)];
        with_note.push(ClockEvent {
            at: t(4),
            event: None,
            to: S::Dispatched,
            public_note: true,
            note: "已安排技师".into(),
        });
        let sla = SlaView::read(&with_note, &SlaPolicy::default(), false, t(30));
        assert_eq!(sla.first_update.state, ClockState::Met);
        assert_eq!(sla.first_update.used_minutes, 3 * 60);
    }
}
