//! The life cycle: the statuses, the events, the one transition function
//! (`WorkOrderStatus::apply`) and the one permission rule (`may_do`, `may_write`).

use super::NotificationKind;
use crate::domain::account::StaffRole;
use crate::domain::error::Conflict;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Where a work order is in its life (the stages of Chinese 4S practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkOrderStatus {
    /// 接待: opened at reception, waiting to be dispatched.
    CheckedIn,
    /// 派工: given to a technician who has not started yet.
    Dispatched,
    /// 诊断: the technician is finding the fault.
    Diagnosing,
    /// 待客户确认: added items wait for the customer's approval (SLA clocks paused).
    AwaitingApproval,
    /// 维修中.
    InRepair,
    /// 待料: paused for parts (SLA clocks paused).
    WaitingParts,
    /// 竣工检验: waiting for the quality inspector.
    QualityCheck,
    /// 待交车: passed inspection, washed, waiting for the customer.
    ReadyForPickup,
    /// 已结算: paid.
    Settled,
    /// 已交车: handed back. Final.
    Delivered,
    /// 已取消. Final.
    Cancelled,
}

/// What can happen to a work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkOrderEvent {
    /// The advisor gives the job to a technician (again, to re-assign before work starts).
    Dispatch,
    StartDiagnosis,
    /// Items waiting for the customer's decision are sent to them.
    RequestApproval,
    /// The customer approved or declined every pending item and signed.
    CustomerDecided,
    StartRepair,
    PauseForParts,
    PartsArrived,
    /// The technician is done: on to the quality inspector.
    Finish,
    PassCheck,
    /// The inspection failed: back to repair, with a reason.
    FailCheck,
    Settle,
    Deliver,
    Cancel,
}

impl WorkOrderStatus {
    pub const ALL: [WorkOrderStatus; 11] = [
        Self::CheckedIn,
        Self::Dispatched,
        Self::Diagnosing,
        Self::AwaitingApproval,
        Self::InRepair,
        Self::WaitingParts,
        Self::QualityCheck,
        Self::ReadyForPickup,
        Self::Settled,
        Self::Delivered,
        Self::Cancelled,
    ];

    /// The one transition function. Refusals name the status and the step, so the screen can
    /// say exactly why.
    pub fn apply(self, event: WorkOrderEvent) -> Result<WorkOrderStatus, Conflict> {
        use WorkOrderEvent as E;
        use WorkOrderStatus as S;
        let refused = Err(Conflict::IllegalStep {
            status: self,
            event,
        });
        match (self, event) {
            (S::CheckedIn | S::Dispatched, E::Dispatch) => Ok(S::Dispatched),
            (S::Dispatched, E::StartDiagnosis) => Ok(S::Diagnosing),
            (S::Dispatched | S::Diagnosing, E::StartRepair) => Ok(S::InRepair),
            (S::Diagnosing | S::InRepair, E::RequestApproval) => Ok(S::AwaitingApproval),
            (S::AwaitingApproval, E::CustomerDecided) => Ok(S::InRepair),
            (S::InRepair, E::PauseForParts) => Ok(S::WaitingParts),
            (S::WaitingParts, E::PartsArrived) => Ok(S::InRepair),
            (S::InRepair, E::Finish) => Ok(S::QualityCheck),
            (S::QualityCheck, E::PassCheck) => Ok(S::ReadyForPickup),
            (S::QualityCheck, E::FailCheck) => Ok(S::InRepair),
            (S::ReadyForPickup, E::Settle) => Ok(S::Settled),
            (S::Settled, E::Deliver) => Ok(S::Delivered),
            (
                S::CheckedIn
                | S::Dispatched
                | S::Diagnosing
                | S::AwaitingApproval
                | S::InRepair
                | S::WaitingParts,
                E::Cancel,
            ) => Ok(S::Cancelled),
            // Everything else is refused, written out per status so that a new status or
            // event does not compile until its place in the life cycle is decided.
            (
                S::CheckedIn,
                E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::Dispatched,
                E::RequestApproval
                | E::CustomerDecided
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::Diagnosing,
                E::Dispatch
                | E::StartDiagnosis
                | E::CustomerDecided
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::AwaitingApproval,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::InRepair,
                E::Dispatch
                | E::StartDiagnosis
                | E::CustomerDecided
                | E::StartRepair
                | E::PartsArrived
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::WaitingParts,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver,
            )
            | (
                S::QualityCheck,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::Settle
                | E::Deliver
                | E::Cancel,
            )
            | (
                S::ReadyForPickup,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Deliver
                | E::Cancel,
            )
            | (
                S::Settled,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Cancel,
            )
            | (
                S::Delivered | S::Cancelled,
                E::Dispatch
                | E::StartDiagnosis
                | E::RequestApproval
                | E::CustomerDecided
                | E::StartRepair
                | E::PauseForParts
                | E::PartsArrived
                | E::Finish
                | E::PassCheck
                | E::FailCheck
                | E::Settle
                | E::Deliver
                | E::Cancel,
            ) => refused,
        }
    }

    /// The SLA clocks stand still in these statuses (the reason is the event's note).
    pub fn pauses_clocks(self) -> bool {
        matches!(self, Self::AwaitingApproval | Self::WaitingParts)
    }

    /// The work is done: the processing clock has stopped.
    pub fn work_done(self) -> bool {
        matches!(
            self,
            Self::ReadyForPickup | Self::Settled | Self::Delivered | Self::Cancelled
        )
    }

    /// Still in the workshop's hands (on the boards).
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Delivered | Self::Cancelled)
    }

    /// A technician is working on it (counts towards their load).
    pub fn occupies_technician(self) -> bool {
        matches!(
            self,
            Self::Dispatched
                | Self::Diagnosing
                | Self::AwaitingApproval
                | Self::InRepair
                | Self::WaitingParts
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CheckedIn => "checked_in",
            Self::Dispatched => "dispatched",
            Self::Diagnosing => "diagnosing",
            Self::AwaitingApproval => "awaiting_approval",
            Self::InRepair => "in_repair",
            Self::WaitingParts => "waiting_parts",
            Self::QualityCheck => "quality_check",
            Self::ReadyForPickup => "ready_for_pickup",
            Self::Settled => "settled",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
        }
    }

    /// The customer's timeline shows these stages in this order.
    pub const STAGES: [WorkOrderStatus; 8] = [
        Self::CheckedIn,
        Self::Diagnosing,
        Self::AwaitingApproval,
        Self::InRepair,
        Self::QualityCheck,
        Self::ReadyForPickup,
        Self::Settled,
        Self::Delivered,
    ];

    /// Where this status sits on the customer's stage line (dispatched counts as diagnosing's
    /// step: the car is with a technician; waiting for parts is a pause of the repair).
    pub fn stage(self) -> Option<usize> {
        let stage = match self {
            Self::Dispatched => Self::Diagnosing,
            Self::WaitingParts => Self::InRepair,
            Self::Cancelled => return None,
            other => other,
        };
        Self::STAGES.iter().position(|s| *s == stage)
    }
}

impl FromStr for WorkOrderStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown work-order status {s:?}"))
    }
}

impl WorkOrderEvent {
    pub const ALL: [WorkOrderEvent; 13] = [
        Self::Dispatch,
        Self::StartDiagnosis,
        Self::RequestApproval,
        Self::CustomerDecided,
        Self::StartRepair,
        Self::PauseForParts,
        Self::PartsArrived,
        Self::Finish,
        Self::PassCheck,
        Self::FailCheck,
        Self::Settle,
        Self::Deliver,
        Self::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dispatch => "dispatch",
            Self::StartDiagnosis => "start_diagnosis",
            Self::RequestApproval => "request_approval",
            Self::CustomerDecided => "customer_decided",
            Self::StartRepair => "start_repair",
            Self::PauseForParts => "pause_for_parts",
            Self::PartsArrived => "parts_arrived",
            Self::Finish => "finish",
            Self::PassCheck => "pass_check",
            Self::FailCheck => "fail_check",
            Self::Settle => "settle",
            Self::Deliver => "deliver",
            Self::Cancel => "cancel",
        }
    }

    /// Steps that must say why (the note is required).
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::PauseForParts | Self::FailCheck | Self::Cancel)
    }

    /// Steps the customer is told about through the notifications outbox.
    pub fn notifies_customer(self) -> Option<NotificationKind> {
        match self {
            Self::RequestApproval => Some(NotificationKind::ApprovalRequested),
            Self::PassCheck => Some(NotificationKind::ReadyForPickup),
            Self::Deliver => Some(NotificationKind::SurveyInvite),
            _ => None,
        }
    }
}

impl FromStr for WorkOrderEvent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| format!("unknown work-order event {s:?}"))
    }
}

/// Who may take a step. Technicians move only their own jobs; only a quality inspector
/// passes or fails the inspection, and never of a job they repaired themselves (someone who is
/// both at a small outlet); the customer's decision is never a staff step: it comes
/// from the portal, or the desk records one given by phone or in person (with how and by whom,
/// `services::work_orders::decide_at_desk`).
pub fn may_do(role: StaffRole, event: WorkOrderEvent, own_job: bool) -> bool {
    use WorkOrderEvent as E;
    let technician_on_it = role == StaffRole::Technician && own_job;
    match event {
        E::Dispatch | E::Settle | E::Deliver | E::Cancel => role.works_reception(),
        E::StartDiagnosis | E::StartRepair | E::PauseForParts | E::Finish => technician_on_it,
        E::RequestApproval | E::PartsArrived => technician_on_it || role.works_reception(),
        E::PassCheck | E::FailCheck => role == StaffRole::QualityInspector && !own_job,
        E::CustomerDecided => false,
    }
}

/// Who may add findings and estimate lines: the technician on the job and the desk.
pub fn may_write(role: StaffRole, own_job: bool) -> bool {
    role.works_reception() || (role == StaffRole::Technician && own_job)
}

#[cfg(test)]
mod tests {
    use super::*;
    use WorkOrderEvent as E;
    use WorkOrderStatus as S;

    /// Every allowed step; every pair not listed here must be refused.
    const ALLOWED: [(S, E, S); 21] = [
        (S::CheckedIn, E::Dispatch, S::Dispatched),
        (S::Dispatched, E::Dispatch, S::Dispatched),
        (S::Dispatched, E::StartDiagnosis, S::Diagnosing),
        (S::Dispatched, E::StartRepair, S::InRepair),
        (S::Diagnosing, E::StartRepair, S::InRepair),
        (S::Diagnosing, E::RequestApproval, S::AwaitingApproval),
        (S::InRepair, E::RequestApproval, S::AwaitingApproval),
        (S::AwaitingApproval, E::CustomerDecided, S::InRepair),
        (S::InRepair, E::PauseForParts, S::WaitingParts),
        (S::WaitingParts, E::PartsArrived, S::InRepair),
        (S::InRepair, E::Finish, S::QualityCheck),
        (S::QualityCheck, E::PassCheck, S::ReadyForPickup),
        (S::QualityCheck, E::FailCheck, S::InRepair),
        (S::ReadyForPickup, E::Settle, S::Settled),
        (S::Settled, E::Deliver, S::Delivered),
        (S::CheckedIn, E::Cancel, S::Cancelled),
        (S::Dispatched, E::Cancel, S::Cancelled),
        (S::Diagnosing, E::Cancel, S::Cancelled),
        (S::AwaitingApproval, E::Cancel, S::Cancelled),
        (S::InRepair, E::Cancel, S::Cancelled),
        (S::WaitingParts, E::Cancel, S::Cancelled),
    ];

    #[test]
    fn every_status_and_event_pair_follows_the_table() {
        for status in S::ALL {
            for event in E::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(s, e, _)| *s == status && *e == event)
                    .map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(status.apply(event), Ok(to), "{status:?} + {event:?}"),
                    None => assert_eq!(
                        status.apply(event),
                        Err(Conflict::IllegalStep { status, event }),
                        "{status:?} + {event:?} must be refused"
                    ),
                }
            }
        }
    }

    #[test]
    fn statuses_and_events_round_trip_through_their_stored_names() {
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<S>(), Ok(s));
        }
        for e in E::ALL {
            assert_eq!(e.as_str().parse::<E>(), Ok(e));
        }
    }

    #[test]
    fn only_the_inspector_passes_or_fails_and_technicians_move_only_their_own_jobs() {
        for role in StaffRole::ALL {
            for own in [true, false] {
                assert_eq!(
                    may_do(role, E::PassCheck, own),
                    role == StaffRole::QualityInspector && !own
                );
                assert_eq!(
                    may_do(role, E::FailCheck, own),
                    role == StaffRole::QualityInspector && !own
                );
                assert!(!may_do(role, E::CustomerDecided, own), "customers only");
            }
        }
        assert!(may_do(StaffRole::Technician, E::Finish, true));
        assert!(
            !may_do(StaffRole::QualityInspector, E::PassCheck, true),
            "nobody inspects their own repair"
        );
        assert!(!may_do(StaffRole::Technician, E::Finish, false));
        assert!(!may_do(StaffRole::ServiceAdvisor, E::Finish, true));
        assert!(may_do(StaffRole::ServiceAdvisor, E::Dispatch, false));
        assert!(!may_do(StaffRole::Technician, E::Dispatch, true));
        assert!(!may_do(StaffRole::QualityInspector, E::Deliver, false));
    }

    #[test]
    fn pauses_and_reasons_are_where_the_guideline_puts_them() {
        let paused: Vec<_> = S::ALL.into_iter().filter(|s| s.pauses_clocks()).collect();
        assert_eq!(paused, [S::AwaitingApproval, S::WaitingParts]);
        let reasoned: Vec<_> = E::ALL.into_iter().filter(|e| e.needs_reason()).collect();
        assert_eq!(reasoned, [E::PauseForParts, E::FailCheck, E::Cancel]);
    }
}
