//! Key performance indicators (guideline ch. 7), computed from what was recorded — delivered
//! orders and their events, survey answers, complaints — never typed in. Each figure keeps
//! what it was computed from (numerator and denominator), so the page can say how, and its
//! target (the guideline's numbers as defaults).
//!
//! Figures are whole tenths (no floats reach the browser apps): a share of 92.5 % is 925, an
//! NPS of 45 is 450, 1.5 complaints per 100 orders is 15.

use super::availability::Minute;
use super::sla::{ClockEvent, ClockState, SlaPolicy, SlaView};
use super::survey::{Aspect, NpsGroup};
use super::work_order::{WorkOrderEvent, WorkOrderStatus};
use super::Problem;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A stretch of days in the outlets' calendar, first and last inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    #[serde(with = "crate::domain::wire_time::date")]
    pub first: NaiveDate,
    #[serde(with = "crate::domain::wire_time::date")]
    pub last: NaiveDate,
}

impl Period {
    /// One day.
    pub fn day(day: NaiveDate) -> Period {
        Period {
            first: day,
            last: day,
        }
    }

    /// `2026-11` (a month) or `2026-Q4` (a quarter).
    pub fn parse(typed: &str) -> Result<Period, Problem> {
        let typed = typed.trim().to_uppercase();
        let (year, rest) = typed.split_once('-').ok_or(Problem::MonthOrQuarter)?;
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or(Problem::MonthOrQuarter)?;
        let (first_month, months) = match rest.strip_prefix('Q') {
            Some(q) => match q.parse::<u32>() {
                Ok(q @ 1..=4) => (3 * q - 2, 3),
                _ => return Err(Problem::MonthOrQuarter),
            },
            None => match rest.parse::<u32>() {
                Ok(m @ 1..=12) if rest.len() == 2 => (m, 1),
                _ => return Err(Problem::MonthOrQuarter),
            },
        };
        let first = NaiveDate::from_ymd_opt(year, first_month, 1).ok_or(Problem::MonthOrQuarter)?;
        Ok(Self::months_from(first, months))
    }

    fn months_from(first: NaiveDate, months: u32) -> Period {
        let next = first + Months::new(months);
        Period {
            first,
            last: next.pred_opt().unwrap_or(next),
        }
    }

    /// The period of the same length just before: the month or quarter before.
    pub fn previous(self) -> Period {
        Self::months_from(self.first - Months::new(self.months()), self.months())
    }

    fn months(self) -> u32 {
        (self.last.year() - self.first.year()) as u32 * 12 + self.last.month() - self.first.month()
            + 1
    }

    /// The period of the same length just after.
    pub fn next(self) -> Period {
        Self::months_from(self.first + Months::new(self.months()), self.months())
    }

    /// As `parse` reads it: `2026-11` for a month, `2026-Q4` for a quarter.
    pub fn label(self) -> String {
        match self.months() {
            3 => format!("{}-Q{}", self.first.year(), self.first.month().div_ceil(3)),
            _ => Self::month_of(self.first),
        }
    }

    /// How many periods a trend shows, ending with this one: a year of months, two years of
    /// quarters.
    pub fn trend_length(self) -> usize {
        if self.is_quarter() {
            8
        } else {
            12
        }
    }

    pub fn is_quarter(self) -> bool {
        self.months() == 3
    }

    /// The month a day falls in, as `Period::parse` writes it (`2026-11`).
    pub fn month_of(day: NaiveDate) -> String {
        format!("{}-{:02}", day.year(), day.month())
    }
}

/// The indicators the dashboard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kpi {
    /// Net promoter score: promoters (9–10) minus detractors (0–6), per 100 answers.
    Nps,
    /// The average of one of the survey's five ratings (1–5).
    Rating(Aspect),
    /// Surveys sent in the period that were answered.
    SurveyResponse,
    /// Delivered orders whose first progress update came within the first-update target
    /// (24 h by default) of the dispatch, paused time left out.
    FirstUpdate24h,
    /// Delivered orders whose work was done within the processing target (48 h by default)
    /// of the check-in, paused time left out.
    Processing48h,
    /// Complaints filed whose first response came within 24 h.
    ComplaintResponse24h,
    /// Follow-up calls due in the period that were made by their due time.
    FollowUpOnTime,
    /// Delivered orders handed back by the time promised at check-in.
    OnTimeDelivery,
    /// Average hours from check-in to the first dispatch.
    ReceptionTime,
    /// Average hours from the first dispatch to the last "finished".
    RepairTime,
    /// Average hours from the last "finished" to the passed inspection.
    InspectionTime,
    /// Average hours from the passed inspection to the hand-over.
    HandoverTime,
    /// Average hours an order waited for the customer's approval.
    ApprovalWait,
    /// Inspected orders whose first quality check passed.
    FirstTimeQcPass,
    /// Reworks (返修) among the delivered orders, per 100.
    ComebackRate,
    /// Complaints filed, per 100 delivered orders.
    ComplaintRate,
    /// Hours worked on the delivered orders (diagnosing and repairing) against the
    /// technicians' open hours.
    TechnicianUtilisation,
    /// Hours booked against the bays' open hours.
    BayUtilisation,
    /// Bookings due in the period whose customer did not come.
    NoShowRate,
    /// Orders opened in the period without a booking.
    WalkInShare,
}

/// The dashboard's sections (guideline ch. 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Area {
    Satisfaction,
    Responsiveness,
    Timeliness,
    Quality,
    Utilisation,
}

/// How a figure reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    Share,
    Per100,
    Score,
    /// Tenths of a point out of 5.
    Rating,
    /// Tenths of an hour.
    Hours,
}

/// What a figure should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// At least this many tenths.
    AtLeast(i64),
    /// At most this many tenths.
    AtMost(i64),
}

/// What a figure is counted from, and so what its drill-down lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basis {
    /// Orders delivered in the period.
    Delivered,
    /// Surveys sent (for the response rate) or answered in the period.
    Surveys,
    Complaints,
    FollowUps,
    /// Bookings due in the period.
    Bookings,
    /// Orders opened in the period.
    Opened,
}

impl Kpi {
    pub const ALL: [Kpi; 24] = [
        Kpi::Nps,
        Kpi::Rating(Aspect::Attitude),
        Kpi::Rating(Aspect::Professionalism),
        Kpi::Rating(Aspect::Timeliness),
        Kpi::Rating(Aspect::PriceTransparency),
        Kpi::Rating(Aspect::RepairQuality),
        Kpi::SurveyResponse,
        Kpi::FirstUpdate24h,
        Kpi::Processing48h,
        Kpi::ComplaintResponse24h,
        Kpi::FollowUpOnTime,
        Kpi::OnTimeDelivery,
        Kpi::ReceptionTime,
        Kpi::RepairTime,
        Kpi::InspectionTime,
        Kpi::HandoverTime,
        Kpi::ApprovalWait,
        Kpi::FirstTimeQcPass,
        Kpi::ComebackRate,
        Kpi::ComplaintRate,
        Kpi::TechnicianUtilisation,
        Kpi::BayUtilisation,
        Kpi::NoShowRate,
        Kpi::WalkInShare,
    ];

    pub fn area(self) -> Area {
        match self {
            Kpi::Nps | Kpi::Rating(_) | Kpi::SurveyResponse => Area::Satisfaction,
            Kpi::FirstUpdate24h
            | Kpi::Processing48h
            | Kpi::ComplaintResponse24h
            | Kpi::FollowUpOnTime => Area::Responsiveness,
            Kpi::OnTimeDelivery
            | Kpi::ReceptionTime
            | Kpi::RepairTime
            | Kpi::InspectionTime
            | Kpi::HandoverTime
            | Kpi::ApprovalWait => Area::Timeliness,
            Kpi::FirstTimeQcPass | Kpi::ComebackRate | Kpi::ComplaintRate => Area::Quality,
            Kpi::TechnicianUtilisation
            | Kpi::BayUtilisation
            | Kpi::NoShowRate
            | Kpi::WalkInShare => Area::Utilisation,
        }
    }

    /// The default target: the guideline's numbers (95 % on time, within the 24 h and 48 h
    /// clocks and first-time right, every complaint answered within 24 h), an NPS of 50, at
    /// most 2 comebacks and 1 complaint per 100 orders; ratings of 4.5, half the surveys
    /// answered, follow-up calls on time, technicians 80 % busy and at most one no-show in ten
    /// (dealer practice). Times per stage, bay use and walk-ins are for information.
    pub fn guideline(self) -> Option<Target> {
        match self {
            Kpi::Nps => Some(Target::AtLeast(500)),
            Kpi::Rating(_) => Some(Target::AtLeast(45)),
            Kpi::OnTimeDelivery
            | Kpi::FirstTimeQcPass
            | Kpi::ComplaintResponse24h
            | Kpi::FirstUpdate24h
            | Kpi::Processing48h
            | Kpi::FollowUpOnTime => Some(Target::AtLeast(950)),
            Kpi::ComebackRate => Some(Target::AtMost(20)),
            Kpi::ComplaintRate => Some(Target::AtMost(10)),
            Kpi::SurveyResponse => Some(Target::AtLeast(500)),
            Kpi::NoShowRate => Some(Target::AtMost(100)),
            Kpi::TechnicianUtilisation => Some(Target::AtLeast(800)),
            Kpi::ReceptionTime
            | Kpi::RepairTime
            | Kpi::InspectionTime
            | Kpi::HandoverTime
            | Kpi::ApprovalWait
            | Kpi::BayUtilisation
            | Kpi::WalkInShare => None,
        }
    }

    /// How the figure reads: a share (`92.5 %`), a rate per 100 orders (`1.5 / 100`), a
    /// score (`45.0`), a rating (`4.3 / 5`) or hours (`5.5 h`).
    pub fn unit(self) -> Unit {
        match self {
            Kpi::Nps => Unit::Score,
            Kpi::Rating(_) => Unit::Rating,
            Kpi::ComebackRate | Kpi::ComplaintRate => Unit::Per100,
            Kpi::ReceptionTime
            | Kpi::RepairTime
            | Kpi::InspectionTime
            | Kpi::HandoverTime
            | Kpi::ApprovalWait => Unit::Hours,
            _ => Unit::Share,
        }
    }

    pub fn basis(self) -> Basis {
        match self {
            Kpi::Nps | Kpi::Rating(_) | Kpi::SurveyResponse => Basis::Surveys,
            Kpi::ComplaintResponse24h | Kpi::ComplaintRate => Basis::Complaints,
            Kpi::FollowUpOnTime => Basis::FollowUps,
            Kpi::BayUtilisation | Kpi::NoShowRate => Basis::Bookings,
            Kpi::WalkInShare => Basis::Opened,
            _ => Basis::Delivered,
        }
    }

    /// A stable name for links and files (`on_time_delivery`, `rating_attitude`).
    pub fn code(self) -> String {
        let plain = match self {
            Kpi::Nps => "nps",
            Kpi::Rating(aspect) => return format!("rating_{}", aspect.as_str()),
            Kpi::SurveyResponse => "survey_response",
            Kpi::FirstUpdate24h => "first_update_24h",
            Kpi::Processing48h => "processing_48h",
            Kpi::ComplaintResponse24h => "complaint_response_24h",
            Kpi::FollowUpOnTime => "follow_up_on_time",
            Kpi::OnTimeDelivery => "on_time_delivery",
            Kpi::ReceptionTime => "reception_time",
            Kpi::RepairTime => "repair_time",
            Kpi::InspectionTime => "inspection_time",
            Kpi::HandoverTime => "handover_time",
            Kpi::ApprovalWait => "approval_wait",
            Kpi::FirstTimeQcPass => "first_time_qc_pass",
            Kpi::ComebackRate => "comeback_rate",
            Kpi::ComplaintRate => "complaint_rate",
            Kpi::TechnicianUtilisation => "technician_utilisation",
            Kpi::BayUtilisation => "bay_utilisation",
            Kpi::NoShowRate => "no_show_rate",
            Kpi::WalkInShare => "walk_in_share",
        };
        plain.to_string()
    }

    pub fn from_code(code: &str) -> Option<Kpi> {
        Kpi::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What a delivered order contributes to the indicators, read once from its events when it is
/// handed back and kept beside it (`order_outcomes`), so a quarter of a large group is summed,
/// not re-read event by event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrderOutcome {
    pub delivered_at: DateTime<Utc>,
    pub on_time: bool,
    /// The first quality check's result; `None` when it was never inspected.
    pub first_check_passed: Option<bool>,
    /// A rework of an earlier order (返修).
    pub rework: bool,
    /// The first-update clock met its target; `None` when it never started.
    pub first_update_met: Option<bool>,
    /// The processing clock met its target.
    pub processing_met: bool,
    pub reception_minutes: i64,
    pub repair_minutes: i64,
    pub inspection_minutes: i64,
    pub handover_minutes: i64,
    pub approval_minutes: i64,
    /// Diagnosing and repairing.
    pub worked_minutes: i64,
}

impl OrderOutcome {
    /// Reads a delivered order's events (oldest first, the check-in first, the hand-over
    /// last) with the SLA clocks of `sla.rs`.
    pub fn read(
        events: &[ClockEvent],
        policy: &SlaPolicy,
        urgent: bool,
        promised_at: DateTime<Utc>,
        rework: bool,
    ) -> OrderOutcome {
        let Some(delivered_at) = events
            .iter()
            .rev()
            .find(|e| e.event == Some(WorkOrderEvent::Deliver))
            .map(|e| e.at)
        else {
            return OrderOutcome::default();
        };
        let checked_in = events.first().map_or(delivered_at, |e| e.at);
        let first = |event| events.iter().find(|e| e.event == Some(event)).map(|e| e.at);
        let last = |event| {
            events
                .iter()
                .rev()
                .find(|e| e.event == Some(event))
                .map(|e| e.at)
        };
        let dispatched = first(WorkOrderEvent::Dispatch).unwrap_or(checked_in);
        let finished = last(WorkOrderEvent::Finish).unwrap_or(dispatched);
        let passed = last(WorkOrderEvent::PassCheck).unwrap_or(finished);
        let minutes = |from: DateTime<Utc>, to: DateTime<Utc>| (to - from).num_minutes().max(0);
        let sla = SlaView::read(events, policy, urgent, delivered_at);
        OrderOutcome {
            delivered_at,
            on_time: delivered_at <= promised_at,
            first_check_passed: events.iter().find_map(|e| match e.event {
                Some(WorkOrderEvent::PassCheck) => Some(true),
                Some(WorkOrderEvent::FailCheck) => Some(false),
                _ => None,
            }),
            rework,
            first_update_met: match sla.first_update.state {
                ClockState::NotStarted => None,
                state => Some(state == ClockState::Met),
            },
            processing_met: sla.processing.state == ClockState::Met,
            reception_minutes: minutes(checked_in, dispatched),
            repair_minutes: minutes(dispatched, finished),
            inspection_minutes: minutes(finished, passed),
            handover_minutes: minutes(passed, delivered_at),
            approval_minutes: minutes_in(events, |s| s == WorkOrderStatus::AwaitingApproval),
            worked_minutes: minutes_in(events, |s| {
                matches!(s, WorkOrderStatus::Diagnosing | WorkOrderStatus::InRepair)
            }),
        }
    }
}

/// Minutes the order spent in the statuses `counted` picks, from its steps.
fn minutes_in(events: &[ClockEvent], counted: impl Fn(WorkOrderStatus) -> bool) -> i64 {
    let steps: Vec<&ClockEvent> = events
        .iter()
        .enumerate()
        .filter(|(i, e)| *i == 0 || e.event.is_some())
        .map(|(_, e)| e)
        .collect();
    steps
        .windows(2)
        .filter(|w| counted(w[0].to))
        .map(|w| (w[1].at - w[0].at).num_minutes().max(0))
        .sum()
}

/// The delivered orders' outcomes, added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrderTotals {
    pub delivered: i64,
    pub on_time: i64,
    pub inspected: i64,
    pub first_passed: i64,
    pub reworks: i64,
    pub first_update_clocked: i64,
    pub first_update_met: i64,
    pub processing_met: i64,
    pub reception_minutes: i64,
    pub repair_minutes: i64,
    pub inspection_minutes: i64,
    pub handover_minutes: i64,
    pub approval_minutes: i64,
    pub worked_minutes: i64,
}

impl OrderTotals {
    pub fn add(&mut self, o: &OrderOutcome) {
        self.delivered += 1;
        self.on_time += i64::from(o.on_time);
        self.inspected += i64::from(o.first_check_passed.is_some());
        self.first_passed += i64::from(o.first_check_passed == Some(true));
        self.reworks += i64::from(o.rework);
        self.first_update_clocked += i64::from(o.first_update_met.is_some());
        self.first_update_met += i64::from(o.first_update_met == Some(true));
        self.processing_met += i64::from(o.processing_met);
        self.reception_minutes += o.reception_minutes;
        self.repair_minutes += o.repair_minutes;
        self.inspection_minutes += o.inspection_minutes;
        self.handover_minutes += o.handover_minutes;
        self.approval_minutes += o.approval_minutes;
        self.worked_minutes += o.worked_minutes;
    }
}

/// A complaint filed in the period: when, and when it was first answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiledComplaint {
    pub filed_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
}

impl FiledComplaint {
    /// Answered within 24 h of filing (guideline 4.2).
    pub fn answered_in_time(&self) -> bool {
        self.first_response_at
            .is_some_and(|at| at - self.filed_at <= chrono::Duration::hours(24))
    }
}

/// What was recorded in a period at the outlets in scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Orders delivered in the period.
    pub orders: OrderTotals,
    /// NPS answers of surveys answered in the period: how many gave each score (0–10).
    pub nps_answers: [i64; 11],
    /// Per aspect (`Aspect::ALL` order): the sum of the ratings given and how many.
    pub ratings: [(i64, i64); 5],
    /// Complaints filed in the period.
    pub complaints: Vec<FiledComplaint>,
    /// Surveys sent in the period, and how many of them were answered.
    pub surveys_sent: i64,
    pub surveys_answered: i64,
    /// Follow-up calls due in the period (up to now), and those made by their due time.
    pub follow_ups_due: i64,
    pub follow_ups_on_time: i64,
    /// Bookings due in the period whose customer came, and those who did not.
    pub arrived: i64,
    pub no_shows: i64,
    /// Orders opened in the period, those without a booking, and those cancelled since.
    pub orders_opened: i64,
    pub walk_ins: i64,
    pub cancelled: i64,
    /// Minutes booked in the period (bookings not cancelled), and the bays' and the
    /// technicians' open minutes (opening hours × bays or technicians, closures left out).
    pub booked_minutes: i64,
    pub bay_open_minutes: i64,
    pub technician_open_minutes: i64,
}

/// One figure with what it was computed from. `value` is `None` when there was nothing to
/// compute it from (no answers, no deliveries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub kpi: Kpi,
    pub value: Option<i64>,
    /// For a share or a rate: what was counted, and out of how many. For the NPS: promoters
    /// minus detractors, out of the answers. For a rating: the sum of the ratings, out of
    /// the answers; for hours: the minutes, out of the orders.
    pub counted: i64,
    pub out_of: i64,
}

impl Measure {
    /// Whether the figure meets its target; `None` without a figure or a target.
    pub fn meets(&self, target: Option<Target>) -> Option<bool> {
        self.value.zip(target).map(|(v, target)| match target {
            Target::AtLeast(t) => v >= t,
            Target::AtMost(t) => v <= t,
        })
    }
}

/// `counted × scale / out_of`, rounded half away from zero; `None` when out of nothing.
fn ratio(counted: i64, scale: i64, out_of: i64) -> Option<i64> {
    (out_of > 0).then(|| {
        let scaled = counted * scale;
        (scaled + scaled.signum() * out_of / 2) / out_of
    })
}

/// Computes one indicator from the period's facts.
pub fn measure(kpi: Kpi, facts: &Facts) -> Measure {
    let o = &facts.orders;
    let (counted, out_of) = match kpi {
        Kpi::Nps => facts
            .nps_answers
            .iter()
            .zip(0u8..)
            .fold((0, 0), |(net, all), (&n, score)| {
                match NpsGroup::of(score) {
                    NpsGroup::Promoter => (net + n, all + n),
                    NpsGroup::Passive => (net, all + n),
                    NpsGroup::Detractor => (net - n, all + n),
                }
            }),
        Kpi::Rating(aspect) => facts.ratings[aspect.index()],
        Kpi::SurveyResponse => (facts.surveys_answered, facts.surveys_sent),
        Kpi::FirstUpdate24h => (o.first_update_met, o.first_update_clocked),
        Kpi::Processing48h => (o.processing_met, o.delivered),
        Kpi::ComplaintResponse24h => (
            facts
                .complaints
                .iter()
                .filter(|c| c.answered_in_time())
                .count() as i64,
            facts.complaints.len() as i64,
        ),
        Kpi::FollowUpOnTime => (facts.follow_ups_on_time, facts.follow_ups_due),
        Kpi::OnTimeDelivery => (o.on_time, o.delivered),
        Kpi::ReceptionTime => (o.reception_minutes, o.delivered),
        Kpi::RepairTime => (o.repair_minutes, o.delivered),
        Kpi::InspectionTime => (o.inspection_minutes, o.delivered),
        Kpi::HandoverTime => (o.handover_minutes, o.delivered),
        Kpi::ApprovalWait => (o.approval_minutes, o.delivered),
        Kpi::FirstTimeQcPass => (o.first_passed, o.inspected),
        Kpi::ComebackRate => (o.reworks, o.delivered),
        Kpi::ComplaintRate => (facts.complaints.len() as i64, o.delivered),
        // A period with no work recorded (before the outlet used AfterSales) has no figure,
        // rather than a utilisation of nothing.
        Kpi::TechnicianUtilisation => (
            o.worked_minutes,
            if o.delivered > 0 {
                facts.technician_open_minutes
            } else {
                0
            },
        ),
        Kpi::BayUtilisation => (
            facts.booked_minutes,
            if facts.booked_minutes > 0 {
                facts.bay_open_minutes
            } else {
                0
            },
        ),
        Kpi::NoShowRate => (facts.no_shows, facts.arrived + facts.no_shows),
        Kpi::WalkInShare => (facts.walk_ins, facts.orders_opened),
    };
    let value = match kpi.unit() {
        Unit::Share | Unit::Per100 | Unit::Score => ratio(counted, 1000, out_of),
        Unit::Rating => ratio(counted, 10, out_of),
        // Minutes per order, in tenths of an hour.
        Unit::Hours => ratio(counted, 10, out_of * 60),
    };
    Measure {
        kpi,
        value,
        counted,
        out_of,
    }
}

/// Minutes an outlet is open over a period: its weekly hours (Monday first) on each day,
/// closure days left out.
pub fn open_minutes(
    hours: &[Option<(Minute, Minute)>; 7],
    closures: &[(NaiveDate, NaiveDate)],
    period: Period,
) -> i64 {
    period
        .first
        .iter_days()
        .take_while(|d| *d <= period.last)
        .filter(|d| !closures.iter().any(|(a, b)| a <= d && d <= b))
        .filter_map(|d| hours[d.weekday().num_days_from_monday() as usize])
        .map(|(open, close)| i64::from(close.saturating_sub(open)))
        .sum()
}

/// One record behind a figure, as stored (the drill-down reads these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillFact {
    /// The order's, complaint's or booking's number.
    pub reference: String,
    pub outlet: super::ids::OutletId,
    pub at: DateTime<Utc>,
    pub kind: DrillFactKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrillFactKind {
    Delivered(OrderOutcome),
    Survey {
        answered: bool,
        nps: Option<u8>,
        ratings: [Option<u8>; 5],
    },
    Complaint(FiledComplaint),
    FollowUp {
        due_at: DateTime<Utc>,
        done_at: Option<DateTime<Utc>>,
    },
    Booking {
        no_show: bool,
        minutes: i64,
    },
    Opened {
        walk_in: bool,
    },
}

/// What a record contributes to a figure: whether it counts (on time, answered in time…;
/// `None` where neither, like a passive NPS answer) and an amount (minutes, a score); `None`
/// when the figure does not count the record at all (an order never inspected).
pub fn contribution(kpi: Kpi, fact: &DrillFactKind) -> Option<(Option<bool>, Option<i64>)> {
    use DrillFactKind as F;
    let yes_no = |b: bool| Some((Some(b), None));
    let amount = |n: i64| Some((None, Some(n)));
    match (kpi, fact) {
        (Kpi::Nps, F::Survey { nps: Some(n), .. }) => Some((
            match NpsGroup::of(*n) {
                NpsGroup::Promoter => Some(true),
                NpsGroup::Passive => None,
                NpsGroup::Detractor => Some(false),
            },
            Some(i64::from(*n)),
        )),
        (Kpi::Rating(aspect), F::Survey { ratings, .. }) => {
            ratings[aspect.index()].and_then(|r| amount(i64::from(r)))
        }
        (Kpi::SurveyResponse, F::Survey { answered, .. }) => yes_no(*answered),
        (Kpi::ComplaintResponse24h, F::Complaint(c)) => yes_no(c.answered_in_time()),
        (Kpi::ComplaintRate, F::Complaint(_)) => Some((None, None)),
        (Kpi::FollowUpOnTime, F::FollowUp { due_at, done_at }) => {
            yes_no(done_at.is_some_and(|d| d <= *due_at))
        }
        (Kpi::NoShowRate, F::Booking { no_show, .. }) => yes_no(*no_show),
        (Kpi::BayUtilisation, F::Booking { minutes, .. }) => amount(*minutes),
        (Kpi::WalkInShare, F::Opened { walk_in }) => yes_no(*walk_in),
        (kpi, F::Delivered(o)) => match kpi {
            Kpi::FirstUpdate24h => o.first_update_met.and_then(yes_no),
            Kpi::Processing48h => yes_no(o.processing_met),
            Kpi::OnTimeDelivery => yes_no(o.on_time),
            Kpi::FirstTimeQcPass => o.first_check_passed.and_then(yes_no),
            Kpi::ComebackRate => yes_no(o.rework),
            Kpi::ReceptionTime => amount(o.reception_minutes),
            Kpi::RepairTime => amount(o.repair_minutes),
            Kpi::InspectionTime => amount(o.inspection_minutes),
            Kpi::HandoverTime => amount(o.handover_minutes),
            Kpi::ApprovalWait => amount(o.approval_minutes),
            Kpi::TechnicianUtilisation => amount(o.worked_minutes),
            _ => None,
        },
        _ => None,
    }
}

/// Which record a drill-down line names, so the page can link to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reference {
    Order,
    Complaint,
    Booking,
}

/// One line of a drill-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillRow {
    pub reference: String,
    pub refers_to: Reference,
    /// Index into `Drill::outlets`.
    pub outlet: usize,
    #[serde(with = "crate::domain::wire_time::datetime")]
    pub at: chrono::NaiveDateTime,
    pub counts: Option<bool>,
    pub amount: Option<i64>,
}

/// The records behind one figure, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drill {
    pub kpi: Kpi,
    pub period: Period,
    /// The outlets counted.
    pub outlets: Vec<ScopeChoice>,
    pub rows: Vec<DrillRow>,
    /// How many records of the figure's kind the period holds (the page reads the latest
    /// `DRILL_LIMIT` of them).
    pub total: usize,
}

/// The most lines a drill-down page lists (the export has them all).
pub const DRILL_LIMIT: usize = 500;

/// One indicator over the periods up to the one asked, oldest first, and the target it is
/// held to there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trend {
    pub kpi: Kpi,
    pub points: Vec<(Period, Measure)>,
    pub target: Option<Target>,
}

/// One line of the dashboard: the figure, the period before's, and the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiRow {
    pub now: Measure,
    pub before: Measure,
    pub target: Option<Target>,
    pub source: super::kpi_target::TargetSource,
}

/// An outlet the viewer may choose as the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeChoice {
    pub id: super::ids::OutletId,
    pub name: super::catalog::Localized,
}

impl From<&super::catalog::Outlet> for ScopeChoice {
    fn from(outlet: &super::catalog::Outlet) -> Self {
        ScopeChoice {
            id: outlet.id,
            name: outlet.name.clone(),
        }
    }
}

/// The dashboard for a period over the outlets the viewer chose among those they reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub period: Period,
    pub previous: Period,
    /// Every outlet the viewer reaches.
    pub reached: Vec<ScopeChoice>,
    /// One of them, or `None` for all.
    pub scope: Option<super::ids::OutletId>,
    pub rows: Vec<KpiRow>,
}

impl Dashboard {
    pub fn of(
        period: Period,
        reached: Vec<ScopeChoice>,
        scope: Option<super::ids::OutletId>,
        now: &Facts,
        before: &Facts,
        targets: &super::kpi_target::SetTargets,
    ) -> Self {
        Dashboard {
            period,
            previous: period.previous(),
            reached,
            scope,
            rows: Kpi::ALL
                .into_iter()
                .map(|kpi| {
                    let (target, source) = targets.target(kpi);
                    KpiRow {
                        now: measure(kpi, now),
                        before: measure(kpi, before),
                        target,
                        source,
                    }
                })
                .collect(),
        }
    }

    /// The outlets counted.
    pub fn counted(&self) -> impl Iterator<Item = &ScopeChoice> {
        self.reached
            .iter()
            .filter(|o| self.scope.is_none_or(|s| s == o.id))
    }

    /// The indicators that missed their target.
    pub fn misses(&self) -> impl Iterator<Item = &KpiRow> {
        self.rows
            .iter()
            .filter(|r| r.now.meets(r.target) == Some(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_period_is_a_month_or_a_quarter_and_the_one_before_has_the_same_length() {
        let november = Period::parse("2026-11").unwrap();
        assert_eq!(
            (november.first, november.last),
            (day(2026, 11, 1), day(2026, 11, 30))
        );
        assert_eq!(november.previous().first, day(2026, 10, 1));
        assert_eq!(november.next().last, day(2026, 12, 31));
        assert_eq!(november.label(), "2026-11");
        assert_eq!(Period::parse("2026-q4").unwrap().label(), "2026-Q4");
        let q1 = Period::parse(" 2027-q1 ").unwrap();
        assert_eq!((q1.first, q1.last), (day(2027, 1, 1), day(2027, 3, 31)));
        let q4 = q1.previous();
        assert_eq!((q4.first, q4.last), (day(2026, 10, 1), day(2026, 12, 31)));
        for bad in ["2026", "2026-13", "2026-Q5", "2026-1", "1999-01", "东区"] {
            assert_eq!(Period::parse(bad), Err(Problem::MonthOrQuarter), "{bad}");
        }
        assert_eq!(Period::month_of(day(2026, 3, 9)), "2026-03");
    }

    fn at(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 1, 0, 0).unwrap() + chrono::Duration::hours(hours)
    }

    fn step(hours: i64, event: WorkOrderEvent, to: WorkOrderStatus) -> ClockEvent {
        ClockEvent {
            at: at(hours),
            event: Some(event),
            to,
            public_note: false,
            note: String::new(),
        }
    }

    #[test]
    fn a_delivered_order_is_read_once_from_its_events_with_pauses_left_out() {
        use WorkOrderEvent as E;
        use WorkOrderStatus as S;
        let events = vec![
            ClockEvent {
                at: at(0),
                event: None,
                to: S::CheckedIn,
                public_note: false,
                note: String::new(),
            },
            step(2, E::Dispatch, S::Dispatched),
            step(3, E::StartDiagnosis, S::Diagnosing),
            step(5, E::RequestApproval, S::AwaitingApproval),
            // 30 h waiting for the customer: neither clock counts it.
            step(35, E::CustomerDecided, S::InRepair),
            step(40, E::Finish, S::QualityCheck),
            step(41, E::FailCheck, S::InRepair),
            step(43, E::Finish, S::QualityCheck),
            step(44, E::PassCheck, S::ReadyForPickup),
            step(45, E::Settle, S::Settled),
            step(46, E::Deliver, S::Delivered),
        ];
        let outcome = OrderOutcome::read(&events, &SlaPolicy::default(), false, at(48), true);
        assert_eq!(outcome.delivered_at, at(46));
        assert!(outcome.on_time);
        assert_eq!(outcome.first_check_passed, Some(false));
        assert!(outcome.rework);
        // Asking for approval (at 5 h) is the first word to the customer, 3 h after dispatch.
        assert_eq!(outcome.first_update_met, Some(true));
        // Work done at 44 h after check-in, of which 30 h paused: 14 h counted, within 48 h.
        assert!(outcome.processing_met);
        assert_eq!(outcome.reception_minutes, 120);
        assert_eq!(outcome.repair_minutes, 41 * 60);
        assert_eq!(outcome.inspection_minutes, 60);
        assert_eq!(outcome.handover_minutes, 120);
        assert_eq!(outcome.approval_minutes, 30 * 60);
        // Diagnosing 3→5, repairing 35→40 and 41→43.
        assert_eq!(outcome.worked_minutes, (2 + 5 + 2) * 60);
        let urgent = OrderOutcome::read(&events, &SlaPolicy::default(), true, at(40), false);
        assert!(!urgent.on_time);
        // 14 h counted is within even the urgent 24 h.
        assert!(urgent.processing_met);
    }

    fn outcome(on_time: bool, first_check: Option<bool>, rework: bool) -> OrderOutcome {
        OrderOutcome {
            delivered_at: at(0),
            on_time,
            first_check_passed: first_check,
            rework,
            first_update_met: first_check.map(|_| on_time),
            processing_met: on_time,
            reception_minutes: 30,
            repair_minutes: 300,
            inspection_minutes: 20,
            handover_minutes: 90,
            approval_minutes: 0,
            worked_minutes: 240,
        }
    }

    #[test]
    fn each_indicator_is_computed_from_the_recorded_facts() {
        let mut orders = OrderTotals::default();
        for o in [
            outcome(true, Some(true), false),
            outcome(true, Some(false), true),
            outcome(false, Some(true), false),
            outcome(true, None, false),
        ] {
            orders.add(&o);
        }
        let facts = Facts {
            orders,
            // 3 promoters, 1 passive, 2 detractors: (3 − 2) / 6 = 16.7.
            nps_answers: [1, 0, 0, 0, 0, 0, 1, 0, 1, 2, 1],
            ratings: [(9, 2), (0, 0), (14, 3), (5, 1), (10, 2)],
            complaints: vec![
                FiledComplaint {
                    filed_at: Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap(),
                    first_response_at: Some(Utc.with_ymd_and_hms(2026, 11, 4, 9, 0, 0).unwrap()),
                },
                FiledComplaint {
                    filed_at: Utc.with_ymd_and_hms(2026, 11, 5, 9, 0, 0).unwrap(),
                    first_response_at: Some(Utc.with_ymd_and_hms(2026, 11, 6, 9, 1, 0).unwrap()),
                },
                FiledComplaint {
                    filed_at: Utc.with_ymd_and_hms(2026, 11, 7, 9, 0, 0).unwrap(),
                    first_response_at: None,
                },
            ],
            surveys_sent: 8,
            surveys_answered: 6,
            follow_ups_due: 4,
            follow_ups_on_time: 3,
            arrived: 9,
            no_shows: 1,
            orders_opened: 5,
            walk_ins: 2,
            cancelled: 0,
            booked_minutes: 600,
            bay_open_minutes: 2400,
            technician_open_minutes: 1200,
        };
        let value = |kpi| measure(kpi, &facts).value;
        assert_eq!(value(Kpi::Nps), Some(167));
        assert_eq!(value(Kpi::Rating(Aspect::Attitude)), Some(45));
        assert_eq!(value(Kpi::Rating(Aspect::Professionalism)), None);
        // 14 / 3 = 4.67, rounded to 4.7.
        assert_eq!(value(Kpi::Rating(Aspect::Timeliness)), Some(47));
        assert_eq!(value(Kpi::OnTimeDelivery), Some(750));
        // Of the three inspected, two passed the first time.
        assert_eq!(value(Kpi::FirstTimeQcPass), Some(667));
        assert_eq!(measure(Kpi::FirstTimeQcPass, &facts).out_of, 3);
        // The first-update clock started on the three inspected orders; two met it.
        assert_eq!(value(Kpi::FirstUpdate24h), Some(667));
        assert_eq!(value(Kpi::Processing48h), Some(750));
        assert_eq!(value(Kpi::ComebackRate), Some(250));
        assert_eq!(value(Kpi::ComplaintRate), Some(750));
        // Answered within 24 h: the first exactly at 24 h; the second a minute late.
        assert_eq!(value(Kpi::ComplaintResponse24h), Some(333));
        assert_eq!(value(Kpi::FollowUpOnTime), Some(750));
        assert_eq!(value(Kpi::SurveyResponse), Some(750));
        assert_eq!(value(Kpi::NoShowRate), Some(100));
        assert_eq!(value(Kpi::WalkInShare), Some(400));
        // 300 minutes per order: 5.0 h; 90: 1.5 h; 20: 0.3 h.
        assert_eq!(value(Kpi::RepairTime), Some(50));
        assert_eq!(value(Kpi::HandoverTime), Some(15));
        assert_eq!(value(Kpi::InspectionTime), Some(3));
        assert_eq!(value(Kpi::ApprovalWait), Some(0));
        // 4 × 240 worked of 1200 open; 600 booked of 2400.
        assert_eq!(value(Kpi::TechnicianUtilisation), Some(800));
        assert_eq!(value(Kpi::BayUtilisation), Some(250));
        assert_eq!(
            measure(Kpi::WalkInShare, &facts).meets(Kpi::WalkInShare.guideline()),
            None
        );
        // Nothing recorded: no figure, and no verdict on the target; open hours alone make
        // no utilisation.
        let idle = Facts {
            bay_open_minutes: 2400,
            technician_open_minutes: 1200,
            ..Facts::default()
        };
        assert_eq!(measure(Kpi::TechnicianUtilisation, &idle).value, None);
        assert_eq!(measure(Kpi::BayUtilisation, &idle).value, None);
        let none = measure(Kpi::Nps, &Facts::default());
        assert_eq!(none.value, None);
        assert_eq!(none.meets(Kpi::Nps.guideline()), None);
        // A negative NPS rounds away from zero too: (0 − 2) / 3 = −66.7.
        let unhappy = Facts {
            nps_answers: [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0],
            ..Facts::default()
        };
        assert_eq!(measure(Kpi::Nps, &unhappy).value, Some(-667));
    }

    #[test]
    fn every_indicator_has_one_code_and_open_minutes_skip_closures() {
        for kpi in Kpi::ALL {
            assert_eq!(Kpi::from_code(&kpi.code()), Some(kpi));
        }
        assert_eq!(Kpi::from_code("nope"), None);
        // Weekdays 8:30–18:00, Saturday 9:00–12:00, Sunday closed; November 2026 has 21
        // weekdays and 4 Saturdays; a closure takes Monday 2 Nov.
        let mut hours = [Some((510, 1080)); 7];
        hours[5] = Some((540, 720));
        hours[6] = None;
        let november = Period::parse("2026-11").unwrap();
        assert_eq!(open_minutes(&hours, &[], november), 21 * 570 + 4 * 180);
        let closed = [(day(2026, 11, 2), day(2026, 11, 2))];
        assert_eq!(open_minutes(&hours, &closed, november), 20 * 570 + 4 * 180);
    }

    #[test]
    fn a_figure_meets_its_target_from_the_right_side() {
        let on_time = |value| Measure {
            kpi: Kpi::OnTimeDelivery,
            value: Some(value),
            counted: 0,
            out_of: 0,
        };
        assert_eq!(
            on_time(950).meets(Kpi::OnTimeDelivery.guideline()),
            Some(true)
        );
        assert_eq!(
            on_time(949).meets(Kpi::OnTimeDelivery.guideline()),
            Some(false)
        );
        assert_eq!(
            on_time(21).meets(Kpi::ComebackRate.guideline()),
            Some(false)
        );
        assert_eq!(on_time(20).meets(Kpi::ComebackRate.guideline()), Some(true));
    }
}
