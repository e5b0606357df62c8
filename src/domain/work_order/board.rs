//! The boards: an order's row on them, the dispatch board (先急后缓) with its proposed
//! technician, and the order the rows are listed in.

use super::{CustomerType, WorkOrderNumber, WorkOrderStatus};
use crate::domain::catalog::Localized;
use crate::domain::sla::SlaView;
use crate::domain::vehicle::Plate;
use crate::domain::warranty::WarrantyCover;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// A row of the boards (dispatch, my jobs, inspection, the customer's list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderSummary {
    pub number: WorkOrderNumber,
    pub status: WorkOrderStatus,
    pub urgent: bool,
    pub plate: Plate,
    pub car_model: String,
    pub customer_name: String,
    pub customer_words: String,
    pub technician: Option<String>,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub checked_in_at: NaiveDateTime,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub promised_at: NaiveDateTime,
    pub outlet_name: Localized,
    pub sla: SlaView,
    pub customer_type: CustomerType,
    /// Recorded at delivery: the history shows whether a comeback is still covered.
    pub warranty: Option<WarrantyCover>,
    pub free_of_charge: bool,
}

/// A technician on the dispatch board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnicianLoad {
    pub id: crate::domain::ids::TechnicianId,
    pub name: String,
    /// The skills they may be given work for today.
    pub skills: crate::domain::catalog::SkillSet,
    /// Skills they hold whose certificates have all expired: no work needing them goes to
    /// them, and the board says why.
    pub lapsed: crate::domain::catalog::SkillSet,
    /// Open jobs assigned to them.
    pub load: u32,
}

/// A job waiting for a technician, with the system's proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchJob {
    pub order: WorkOrderSummary,
    pub skills: crate::domain::catalog::SkillSet,
    pub proposed: Option<crate::domain::ids::TechnicianId>,
}

/// The outlet's dispatch board (先急后缓): waiting jobs, urgent first, and the technicians.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchBoard {
    pub waiting: Vec<DispatchJob>,
    pub in_progress: Vec<WorkOrderSummary>,
    pub technicians: Vec<TechnicianLoad>,
}

/// The technician to propose: one holding every needed skill, least loaded, then by id.
pub fn propose_technician(
    needed: crate::domain::catalog::SkillSet,
    technicians: &[TechnicianLoad],
) -> Option<crate::domain::ids::TechnicianId> {
    technicians
        .iter()
        .filter(|t| t.skills.covers(needed))
        .min_by_key(|t| (t.load, t.id))
        .map(|t| t.id)
}

/// Urgent first, then the earliest promise, then the earliest check-in.
pub fn board_order(a: &WorkOrderSummary, b: &WorkOrderSummary) -> std::cmp::Ordering {
    b.urgent
        .cmp(&a.urgent)
        .then(a.promised_at.cmp(&b.promised_at))
        .then(a.checked_in_at.cmp(&b.checked_in_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proposal_is_the_least_loaded_technician_who_can_do_the_job() {
        use crate::domain::catalog::{Skill, SkillSet};
        use crate::domain::ids::TechnicianId;
        let engine = SkillSet::default().with(Skill::Mechanical);
        let both = engine.with(Skill::Electrical);
        let techs = vec![
            TechnicianLoad {
                id: TechnicianId(1),
                name: "a".into(),
                skills: both,
                lapsed: SkillSet::default(),
                load: 2,
            },
            TechnicianLoad {
                id: TechnicianId(2),
                name: "b".into(),
                skills: engine,
                lapsed: SkillSet::default(),
                load: 0,
            },
            TechnicianLoad {
                id: TechnicianId(3),
                name: "c".into(),
                skills: both,
                lapsed: SkillSet::default(),
                load: 1,
            },
        ];
        assert_eq!(propose_technician(engine, &techs), Some(TechnicianId(2)));
        assert_eq!(propose_technician(both, &techs), Some(TechnicianId(3)));
        let paint = SkillSet::default().with(Skill::BodyPaint);
        assert_eq!(propose_technician(paint, &techs), None);
    }
}
