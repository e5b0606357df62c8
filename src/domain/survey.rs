//! The post-service survey (满意度调查, guideline ch. 7): the NPS question and five ratings,
//! answered once per delivered work order through an unguessable link.
//!
//! NPS groups: promoters 9–10, passives 7–8, detractors 0–6. A detractor, or any rating of 2 or
//! less, opens a follow-up task (回访) for the customer-service manager.

use super::error::{AppError, Field, Problem};
use super::work_order::optional_text;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The aspects the customer rates from 1 (very poor) to 5 (excellent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Aspect {
    /// 服务态度.
    Attitude,
    /// 专业水平.
    Professionalism,
    /// 及时性.
    Timeliness,
    /// 价格透明.
    PriceTransparency,
    /// 维修质量.
    RepairQuality,
}

impl Aspect {
    pub const ALL: [Aspect; 5] = [
        Self::Attitude,
        Self::Professionalism,
        Self::Timeliness,
        Self::PriceTransparency,
        Self::RepairQuality,
    ];

    /// Its place in `ALL` (and in a form's or an answer's ratings).
    pub fn index(self) -> usize {
        self as usize
    }

    /// A stable name for links and files, as the columns are named.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Attitude => "attitude",
            Self::Professionalism => "professionalism",
            Self::Timeliness => "timeliness",
            Self::PriceTransparency => "price_transparency",
            Self::RepairQuality => "repair_quality",
        }
    }

    /// The form field a rating answers (for errors next to it).
    pub fn field(self) -> Field {
        match self {
            Self::Attitude => Field::Attitude,
            Self::Professionalism => Field::Professionalism,
            Self::Timeliness => Field::Timeliness,
            Self::PriceTransparency => Field::PriceTransparency,
            Self::RepairQuality => Field::RepairQuality,
        }
    }
}

/// Where a score puts the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NpsGroup {
    Promoter,
    Passive,
    Detractor,
}

impl NpsGroup {
    pub fn of(score: u8) -> NpsGroup {
        match score {
            9.. => Self::Promoter,
            7..=8 => Self::Passive,
            _ => Self::Detractor,
        }
    }
}

/// A rating this low on any aspect asks for a follow-up call.
pub const LOW_RATING: u8 = 2;
pub const COMMENT_MAX: u32 = 1000;

/// The survey as the phone sends it: nothing chosen is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyForm {
    /// 0–10: how likely to recommend us.
    pub nps: Option<u8>,
    /// One per aspect, in `Aspect::ALL` order.
    pub ratings: [Option<u8>; 5],
    pub comment: String,
}

/// A complete, valid answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    pub nps: u8,
    /// In `Aspect::ALL` order, each 1–5, or `None` where the customer skipped it.
    pub ratings: [Option<u8>; 5],
    pub comment: String,
}

impl SurveyForm {
    /// The recommendation question is the one required answer (a short survey gets answered);
    /// each rating is optional (a customer rates what they met: one who never waited has no
    /// view of the lounge) and, when given, 1–5. A skipped rating is no answer, not a low one:
    /// it counts in no average and asks for no follow-up call. The comment is optional.
    pub fn parse(&self) -> Result<SurveyAnswer, AppError> {
        let nps = self
            .nps
            .ok_or(AppError::invalid(Field::Nps, Problem::Required))?;
        if nps > 10 {
            return Err(AppError::invalid(Field::Nps, Problem::OutOfRange));
        }
        for (rating, aspect) in self.ratings.iter().zip(Aspect::ALL) {
            if rating.is_some_and(|r| !(1..=5).contains(&r)) {
                return Err(AppError::invalid(aspect.field(), Problem::OutOfRange));
            }
        }
        let ratings = self.ratings;
        let comment = optional_text(&self.comment, Field::Comment, COMMENT_MAX)?;
        Ok(SurveyAnswer {
            nps,
            ratings,
            comment,
        })
    }
}

impl SurveyAnswer {
    pub fn group(&self) -> NpsGroup {
        NpsGroup::of(self.nps)
    }

    /// A detractor, or any rating of `LOW_RATING` or less: the manager calls the customer.
    pub fn needs_follow_up(&self) -> bool {
        self.group() == NpsGroup::Detractor
            || self.ratings.iter().flatten().any(|r| *r <= LOW_RATING)
    }

    pub fn rating(&self, aspect: Aspect) -> Option<u8> {
        self.ratings[aspect.index()]
    }
}

/// A delivered order's survey as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyStatus {
    /// The link's secret (the customer's own; staff see the answer, not the link).
    pub token: Option<String>,
    /// Outlet-local.
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub expires_at: NaiveDateTime,
    pub expired: bool,
    pub answer: Option<SurveyAnswer>,
}

/// What the survey page shows before answering: the order it is about, or why it cannot be
/// answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveyInvitation {
    Open {
        order: super::work_order::WorkOrderNumber,
        outlet_name: super::catalog::Localized,
        plate: super::vehicle::Plate,
        car_model: String,
        #[serde(with = "crate::domain::wire_time::datetime")]
        delivered_at: NaiveDateTime,
        /// Outlet-local time the link stops working.
        #[serde(with = "crate::domain::wire_time::datetime")]
        expires_at: NaiveDateTime,
    },
    /// Answered already (one response per order).
    Answered {
        order: super::work_order::WorkOrderNumber,
    },
    Expired,
}

/// What answering did: thanks, or the polite refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveyOutcome {
    /// Recorded. `follow_up`: the manager will call (the page says so).
    Thanks {
        follow_up: bool,
    },
    AlreadyAnswered,
    Expired,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(nps: u8, ratings: [u8; 5]) -> SurveyForm {
        SurveyForm {
            nps: Some(nps),
            ratings: ratings.map(Some),
            comment: String::new(),
        }
    }

    #[test]
    fn nps_groups_are_the_standard_ones() {
        let groups: Vec<NpsGroup> = (0..=10).map(NpsGroup::of).collect();
        use NpsGroup::*;
        assert_eq!(
            groups,
            [
                Detractor, Detractor, Detractor, Detractor, Detractor, Detractor, Detractor,
                Passive, Passive, Promoter, Promoter
            ]
        );
    }

    #[test]
    fn a_detractor_or_any_rating_of_two_or_less_asks_for_a_follow_up() {
        let happy = form(9, [5, 5, 4, 5, 5]).parse().unwrap();
        assert!(!happy.needs_follow_up());
        assert!(form(6, [5, 5, 5, 5, 5]).parse().unwrap().needs_follow_up());
        assert!(!form(7, [3, 3, 3, 3, 3]).parse().unwrap().needs_follow_up());
        let slow = form(9, [5, 5, 2, 5, 5]).parse().unwrap();
        assert!(slow.needs_follow_up(), "a low timeliness rating alone");
        assert_eq!(slow.rating(Aspect::Timeliness), Some(2));
    }

    #[test]
    fn a_skipped_rating_is_no_answer_neither_low_nor_missing() {
        let mut skipped = form(9, [5; 5]);
        skipped.ratings[3] = None;
        let answer = skipped.parse().expect("ratings are optional");
        assert_eq!(answer.rating(Aspect::PriceTransparency), None);
        assert!(!answer.needs_follow_up(), "skipping is not complaining");
        let only_nps = SurveyForm {
            nps: Some(10),
            ..SurveyForm::default()
        };
        assert_eq!(only_nps.parse().unwrap().ratings, [None; 5]);
    }

    #[test]
    fn the_recommendation_is_required_and_every_answer_in_range_and_the_error_names_it() {
        assert_eq!(
            SurveyForm::default().parse(),
            Err(AppError::invalid(Field::Nps, Problem::Required))
        );
        assert_eq!(
            form(11, [5; 5]).parse(),
            Err(AppError::invalid(Field::Nps, Problem::OutOfRange))
        );
        assert_eq!(
            form(8, [5, 0, 5, 5, 5]).parse(),
            Err(AppError::invalid(
                Field::Professionalism,
                Problem::OutOfRange
            ))
        );
        let long = SurveyForm {
            comment: "好".repeat(1001),
            ..form(8, [5; 5])
        };
        assert_eq!(
            long.parse(),
            Err(AppError::invalid(
                Field::Comment,
                Problem::TooLong { max: 1000 }
            ))
        );
    }
}
