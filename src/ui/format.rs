//! Dates, times and catalogue names as the user's language writes them.

use super::i18n::*;
use crate::domain::account::StaffRole;
use crate::domain::booking::{BookingStatus, SafetySymptom};
use crate::domain::catalog::{Lang, Localized, Skill, SkillSet};
use crate::domain::complaint::{
    ComplaintCategory, ComplaintEvent, ComplaintStage, Resolution, ResolutionKind, Responsibility,
    Severity,
};
use crate::domain::estimate::{Approval, FeeKind, Money, PartOrigin, PartUnit};
use crate::domain::follow_up::FollowUpSource;
use crate::domain::sla::{ClockState, SlaClock};
use crate::domain::survey::Aspect;
use crate::domain::warranty::RepairCategory;
use crate::domain::work_order::{
    ApprovalMethod, CustomerType, NotificationKind, OldParts, WorkOrderEvent, WorkOrderStatus,
};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use leptos_i18n::I18nContext;

/// The catalogue language matching the interface language.
pub fn lang(i18n: I18nContext<Locale>) -> Lang {
    match i18n.get_locale() {
        Locale::zh_CN => Lang::Zh,
        Locale::en => Lang::En,
    }
}

pub fn localized(i18n: I18nContext<Locale>, text: &Localized) -> String {
    text.get(lang(i18n)).to_owned()
}

/// `11月28日（周六）` / `Sat 28 Nov`
pub fn date_label(i18n: I18nContext<Locale>, date: NaiveDate) -> String {
    t_string!(
        i18n,
        date.pattern,
        month = month_name(i18n, date.month()),
        day = date.day(),
        weekday = weekday_name(i18n, date.weekday())
    )
    .to_string()
}

/// `2026年11月28日` / `28 Nov 2026`: a day that may lie years back (experience, certificates).
pub fn year_date_label(i18n: I18nContext<Locale>, date: NaiveDate) -> String {
    t_string!(
        i18n,
        date.with_year,
        year = date.year(),
        month = month_name(i18n, date.month()),
        day = date.day()
    )
    .to_string()
}

pub fn weekday_name(i18n: I18nContext<Locale>, weekday: Weekday) -> String {
    match weekday {
        Weekday::Mon => t_string!(i18n, weekday.mon),
        Weekday::Tue => t_string!(i18n, weekday.tue),
        Weekday::Wed => t_string!(i18n, weekday.wed),
        Weekday::Thu => t_string!(i18n, weekday.thu),
        Weekday::Fri => t_string!(i18n, weekday.fri),
        Weekday::Sat => t_string!(i18n, weekday.sat),
        Weekday::Sun => t_string!(i18n, weekday.sun),
    }
    .to_string()
}

fn month_name(i18n: I18nContext<Locale>, month: u32) -> String {
    match month {
        1 => t_string!(i18n, month.m1),
        2 => t_string!(i18n, month.m2),
        3 => t_string!(i18n, month.m3),
        4 => t_string!(i18n, month.m4),
        5 => t_string!(i18n, month.m5),
        6 => t_string!(i18n, month.m6),
        7 => t_string!(i18n, month.m7),
        8 => t_string!(i18n, month.m8),
        9 => t_string!(i18n, month.m9),
        10 => t_string!(i18n, month.m10),
        11 => t_string!(i18n, month.m11),
        _ => t_string!(i18n, month.m12),
    }
    .to_string()
}

/// Items joined the way the language lists them (`常规保养、轮胎` / `Maintenance, Tyres`).
pub fn list(i18n: I18nContext<Locale>, items: impl IntoIterator<Item = String>) -> String {
    items
        .into_iter()
        .collect::<Vec<_>>()
        .join(t_string!(i18n, list.separator))
}

/// `09:30`
pub fn time_label(time: NaiveTime) -> String {
    crate::domain::form_time::hh_mm(time)
}

/// `09:30–11:30`
pub fn window_label(start: NaiveTime, end: NaiveTime) -> String {
    format!("{}–{}", time_label(start), time_label(end))
}

pub fn status_label(i18n: I18nContext<Locale>, status: BookingStatus) -> String {
    match status {
        BookingStatus::Booked => t_string!(i18n, status.booked),
        BookingStatus::Arrived => t_string!(i18n, status.arrived),
        BookingStatus::NoShow => t_string!(i18n, status.no_show),
        BookingStatus::Cancelled => t_string!(i18n, status.cancelled),
    }
    .to_string()
}

pub fn symptom_label(i18n: I18nContext<Locale>, symptom: SafetySymptom) -> String {
    match symptom {
        SafetySymptom::BrakeFailure => t_string!(i18n, symptoms.brake_failure),
        SafetySymptom::EngineFailure => t_string!(i18n, symptoms.engine_failure),
        SafetySymptom::SteeringFailure => t_string!(i18n, symptoms.steering_failure),
        SafetySymptom::WarningLights => t_string!(i18n, symptoms.warning_lights),
        SafetySymptom::HighVoltageWarning => t_string!(i18n, symptoms.high_voltage_warning),
    }
    .to_string()
}

pub fn skill_label(i18n: I18nContext<Locale>, skill: Skill) -> String {
    match skill {
        Skill::Maintenance => t_string!(i18n, skills.maintenance),
        Skill::Mechanical => t_string!(i18n, skills.mechanical),
        Skill::Electrical => t_string!(i18n, skills.electrical),
        Skill::HighVoltage => t_string!(i18n, skills.high_voltage),
        Skill::Tyres => t_string!(i18n, skills.tyres),
        Skill::Diagnosis => t_string!(i18n, skills.diagnosis),
        Skill::BodyPaint => t_string!(i18n, skills.body_paint),
    }
    .to_string()
}

/// Skills as a list in the page's language (`机修、轮胎`).
pub fn skills_label(i18n: I18nContext<Locale>, skills: SkillSet) -> String {
    let separator = match i18n.get_locale() {
        Locale::zh_CN => "、",
        Locale::en => ", ",
    };
    skills
        .iter()
        .map(|s| skill_label(i18n, s))
        .collect::<Vec<_>>()
        .join(separator)
}

pub fn role_label(i18n: I18nContext<Locale>, role: StaffRole) -> String {
    match role {
        StaffRole::ServiceAdvisor => t_string!(i18n, roles.service_advisor),
        StaffRole::Technician => t_string!(i18n, roles.technician),
        StaffRole::QualityInspector => t_string!(i18n, roles.quality_inspector),
        StaffRole::CustomerServiceManager => t_string!(i18n, roles.customer_service_manager),
        StaffRole::Admin => t_string!(i18n, roles.admin),
        StaffRole::RegionalManager => t_string!(i18n, roles.regional_manager),
        StaffRole::HqAdmin => t_string!(i18n, roles.hq_admin),
    }
    .to_string()
}

/// `2 h 30 min` / `2小时30分钟`
pub fn duration_label(i18n: I18nContext<Locale>, minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => t_string!(i18n, duration.minutes, m = m).to_string(),
        (h, 0) => t_string!(i18n, duration.hours, h = h).to_string(),
        (h, m) => t_string!(i18n, duration.hours_minutes, h = h, m = m).to_string(),
    }
}

/// `11月30日 14:30` / `Nov 30 14:30`: a date and time of the outlet.
pub fn datetime_label(i18n: I18nContext<Locale>, at: NaiveDateTime) -> String {
    format!("{} {}", date_label(i18n, at.date()), time_label(at.time()))
}

pub fn order_status_label(i18n: I18nContext<Locale>, status: WorkOrderStatus) -> String {
    use WorkOrderStatus as S;
    match status {
        S::CheckedIn => t_string!(i18n, order_status.checked_in),
        S::Dispatched => t_string!(i18n, order_status.dispatched),
        S::Diagnosing => t_string!(i18n, order_status.diagnosing),
        S::AwaitingApproval => t_string!(i18n, order_status.awaiting_approval),
        S::InRepair => t_string!(i18n, order_status.in_repair),
        S::WaitingParts => t_string!(i18n, order_status.waiting_parts),
        S::QualityCheck => t_string!(i18n, order_status.quality_check),
        S::ReadyForPickup => t_string!(i18n, order_status.ready_for_pickup),
        S::Settled => t_string!(i18n, order_status.settled),
        S::Delivered => t_string!(i18n, order_status.delivered),
        S::Cancelled => t_string!(i18n, order_status.cancelled),
    }
    .to_string()
}

pub fn step_label(i18n: I18nContext<Locale>, event: WorkOrderEvent) -> String {
    use WorkOrderEvent as E;
    match event {
        E::Dispatch => t_string!(i18n, steps.dispatch),
        E::StartDiagnosis => t_string!(i18n, steps.start_diagnosis),
        E::RequestApproval => t_string!(i18n, steps.request_approval),
        E::CustomerDecided => t_string!(i18n, steps.customer_decided),
        E::StartRepair => t_string!(i18n, steps.start_repair),
        E::PauseForParts => t_string!(i18n, steps.pause_for_parts),
        E::PartsArrived => t_string!(i18n, steps.parts_arrived),
        E::Finish => t_string!(i18n, steps.finish),
        E::PassCheck => t_string!(i18n, steps.pass_check),
        E::FailCheck => t_string!(i18n, steps.fail_check),
        E::Settle => t_string!(i18n, steps.settle),
        E::Deliver => t_string!(i18n, steps.deliver),
        E::Cancel => t_string!(i18n, steps.cancel),
    }
    .to_string()
}

pub fn category_label(i18n: I18nContext<Locale>, category: RepairCategory) -> String {
    use RepairCategory as C;
    match category {
        C::CompleteVehicle => t_string!(i18n, categories.complete_vehicle),
        C::Assembly => t_string!(i18n, categories.assembly),
        C::SecondLevelMaintenance => t_string!(i18n, categories.second_level_maintenance),
        C::FirstLevelMaintenance => t_string!(i18n, categories.first_level_maintenance),
        C::Minor => t_string!(i18n, categories.minor),
        C::Special => t_string!(i18n, categories.special),
    }
    .to_string()
}

pub fn customer_type_label(i18n: I18nContext<Locale>, kind: CustomerType) -> String {
    match kind {
        CustomerType::NewCar => t_string!(i18n, customer_types.new_car),
        CustomerType::Returning => t_string!(i18n, customer_types.returning),
        CustomerType::Complaint => t_string!(i18n, customer_types.complaint),
    }
    .to_string()
}

pub fn old_parts_label(i18n: I18nContext<Locale>, choice: OldParts) -> String {
    match choice {
        OldParts::Returned => t_string!(i18n, old_parts.returned),
        OldParts::Waived => t_string!(i18n, old_parts.waived),
    }
    .to_string()
}

pub fn origin_label(i18n: I18nContext<Locale>, origin: PartOrigin) -> String {
    match origin {
        PartOrigin::Original => t_string!(i18n, origins.original),
        PartOrigin::Equivalent => t_string!(i18n, origins.equivalent),
        PartOrigin::Repaired => t_string!(i18n, origins.repaired),
    }
    .to_string()
}

pub fn part_unit_label(i18n: I18nContext<Locale>, unit: PartUnit) -> String {
    match unit {
        PartUnit::Piece => t_string!(i18n, units.piece),
        PartUnit::Litre => t_string!(i18n, units.litre),
        PartUnit::Set => t_string!(i18n, units.set),
        PartUnit::Pair => t_string!(i18n, units.pair),
        PartUnit::Bottle => t_string!(i18n, units.bottle),
        PartUnit::Metre => t_string!(i18n, units.metre),
        PartUnit::Kilogram => t_string!(i18n, units.kilogram),
    }
    .to_string()
}

/// A stored unit in the reader's language (text no unit matches reads as stored).
pub fn stored_unit_label(i18n: I18nContext<Locale>, stored: &str) -> String {
    PartUnit::from_stored(stored)
        .map(|unit| part_unit_label(i18n, unit))
        .unwrap_or_else(|| stored.to_string())
}

pub fn complaint_stage_label(i18n: I18nContext<Locale>, stage: ComplaintStage) -> String {
    match stage {
        ComplaintStage::Acceptance => t_string!(i18n, complaint_stage.acceptance),
        ComplaintStage::Investigation => t_string!(i18n, complaint_stage.investigation),
        ComplaintStage::Responsibility => t_string!(i18n, complaint_stage.responsibility),
        ComplaintStage::Resolution => t_string!(i18n, complaint_stage.resolution),
        ComplaintStage::FollowUp => t_string!(i18n, complaint_stage.follow_up),
        ComplaintStage::Closed => t_string!(i18n, complaint_stage.closed),
    }
    .to_string()
}

pub fn complaint_step_label(i18n: I18nContext<Locale>, event: ComplaintEvent) -> String {
    match event {
        ComplaintEvent::Accept => t_string!(i18n, complaint_steps.accept),
        ComplaintEvent::ConcludeInvestigation => {
            t_string!(i18n, complaint_steps.conclude_investigation)
        }
        ComplaintEvent::DetermineResponsibility => {
            t_string!(i18n, complaint_steps.determine_responsibility)
        }
        ComplaintEvent::Resolve => t_string!(i18n, complaint_steps.resolve),
        ComplaintEvent::CustomerSatisfied => t_string!(i18n, complaint_steps.customer_satisfied),
        ComplaintEvent::CustomerUnsatisfied => {
            t_string!(i18n, complaint_steps.customer_unsatisfied)
        }
        ComplaintEvent::Reopen => t_string!(i18n, complaint_steps.reopen),
    }
    .to_string()
}

pub fn aspect_label(i18n: I18nContext<Locale>, aspect: Aspect) -> String {
    match aspect {
        Aspect::Attitude => t_string!(i18n, survey.attitude),
        Aspect::Professionalism => t_string!(i18n, survey.professionalism),
        Aspect::Timeliness => t_string!(i18n, survey.timeliness),
        Aspect::PriceTransparency => t_string!(i18n, survey.price_transparency),
        Aspect::RepairQuality => t_string!(i18n, survey.repair_quality),
    }
    .to_string()
}

pub fn follow_up_source_label(i18n: I18nContext<Locale>, source: FollowUpSource) -> String {
    match source {
        FollowUpSource::Survey => t_string!(i18n, follow_up.survey),
        FollowUpSource::Complaint => t_string!(i18n, follow_up.complaint),
        FollowUpSource::Routine => t_string!(i18n, follow_up.routine),
    }
    .to_string()
}

pub fn approval_method_label(i18n: I18nContext<Locale>, method: ApprovalMethod) -> String {
    match method {
        ApprovalMethod::PortalSignature => t_string!(i18n, approval_methods.portal_signature),
        ApprovalMethod::Phone => t_string!(i18n, approval_methods.phone),
        ApprovalMethod::InPerson => t_string!(i18n, approval_methods.in_person),
    }
    .to_string()
}

pub fn fee_label(i18n: I18nContext<Locale>, fee: FeeKind) -> String {
    match fee {
        FeeKind::Diagnosis => t_string!(i18n, fees.diagnosis),
        FeeKind::Testing => t_string!(i18n, fees.testing),
        FeeKind::Sublet => t_string!(i18n, fees.sublet),
        FeeKind::Other => t_string!(i18n, fees.other),
    }
    .to_string()
}

pub fn approval_label(i18n: I18nContext<Locale>, approval: Approval) -> String {
    match approval {
        Approval::Agreed => t_string!(i18n, approval.agreed),
        Approval::Pending => t_string!(i18n, approval.pending),
        Approval::Approved => t_string!(i18n, approval.approved),
        Approval::Declined => t_string!(i18n, approval.declined),
    }
    .to_string()
}

pub fn notification_label(i18n: I18nContext<Locale>, kind: NotificationKind) -> String {
    match kind {
        NotificationKind::CheckedIn => t_string!(i18n, notify.checked_in),
        NotificationKind::ApprovalRequested => t_string!(i18n, notify.approval_requested),
        NotificationKind::ReadyForPickup => t_string!(i18n, notify.ready_for_pickup),
        NotificationKind::Delayed => t_string!(i18n, notify.delayed),
        NotificationKind::SurveyInvite => t_string!(i18n, notify.survey_invite),
        NotificationKind::ComplaintUpdate => t_string!(i18n, notify.complaint_update),
        NotificationKind::BookingAffected => t_string!(i18n, notify.booking_affected),
    }
    .to_string()
}

fn hours_minutes(i18n: I18nContext<Locale>, minutes: i64) -> String {
    let minutes = minutes.abs();
    t_string!(
        i18n,
        clock.hours_minutes,
        h = minutes / 60,
        m = minutes % 60
    )
    .to_string()
}

/// Time left until a deadline (`剩余 3 小时 20 分`), or how late (`已超时 …`).
pub fn time_left_label(i18n: I18nContext<Locale>, minutes: i64) -> String {
    let time = hours_minutes(i18n, minutes);
    match minutes < 0 {
        true => t_string!(i18n, clock.overdue, time = time).to_string(),
        false => t_string!(i18n, clock.running, time = time).to_string(),
    }
}

/// What an SLA clock says: time left, paused, late, met.
pub fn clock_label(i18n: I18nContext<Locale>, clock: &SlaClock) -> String {
    let time = hours_minutes(i18n, clock.remaining_minutes());
    match clock.state {
        ClockState::NotStarted => t_string!(i18n, clock.not_started).to_string(),
        ClockState::Running => t_string!(i18n, clock.running, time = time.clone()).to_string(),
        ClockState::Paused => t_string!(i18n, clock.paused, time = time.clone()).to_string(),
        ClockState::Met => t_string!(i18n, clock.met).to_string(),
        ClockState::Missed => t_string!(i18n, clock.missed, time = time.clone()).to_string(),
        ClockState::Overdue => t_string!(i18n, clock.overdue, time = time.clone()).to_string(),
    }
}

/// The CSS class of a clock: `ok`, `risk` or `late`.
pub fn clock_class(clock: &SlaClock) -> &'static str {
    if clock.is_late() {
        "late"
    } else if clock.at_risk {
        "risk"
    } else {
        "ok"
    }
}

pub fn complaint_category_label(i18n: I18nContext<Locale>, category: ComplaintCategory) -> String {
    match category {
        ComplaintCategory::RepairQuality => t_string!(i18n, complaint_category.repair_quality),
        ComplaintCategory::Timeliness => t_string!(i18n, complaint_category.timeliness),
        ComplaintCategory::Price => t_string!(i18n, complaint_category.price),
        ComplaintCategory::StaffAttitude => t_string!(i18n, complaint_category.staff_attitude),
        ComplaintCategory::Parts => t_string!(i18n, complaint_category.parts),
        ComplaintCategory::Other => t_string!(i18n, complaint_category.other),
    }
    .to_string()
}

pub fn severity_label(i18n: I18nContext<Locale>, severity: Severity) -> String {
    match severity {
        Severity::Low => t_string!(i18n, severity.low),
        Severity::Normal => t_string!(i18n, severity.normal),
        Severity::High => t_string!(i18n, severity.high),
    }
    .to_string()
}

pub fn responsibility_label(i18n: I18nContext<Locale>, r: Responsibility) -> String {
    match r {
        Responsibility::Workmanship => t_string!(i18n, responsibility.workmanship),
        Responsibility::Technician { .. } => t_string!(i18n, responsibility.technician),
        Responsibility::PartsSupplier => t_string!(i18n, responsibility.parts_supplier),
        Responsibility::ManufacturerDefect => t_string!(i18n, responsibility.manufacturer_defect),
        Responsibility::CustomerMisuse => t_string!(i18n, responsibility.customer_misuse),
        Responsibility::NoFault => t_string!(i18n, responsibility.no_fault),
    }
    .to_string()
}

pub fn resolution_kind_label(i18n: I18nContext<Locale>, kind: ResolutionKind) -> String {
    match kind {
        ResolutionKind::FreeRework => t_string!(i18n, resolution.free_rework),
        ResolutionKind::Compensation => t_string!(i18n, resolution.compensation),
        ResolutionKind::Apology => t_string!(i18n, resolution.apology),
    }
    .to_string()
}

pub fn resolution_label(i18n: I18nContext<Locale>, r: Resolution) -> String {
    match r {
        Resolution::FreeRework => resolution_kind_label(i18n, ResolutionKind::FreeRework),
        Resolution::Compensation { amount } => format!(
            "{} {amount}",
            resolution_kind_label(i18n, ResolutionKind::Compensation)
        ),
        Resolution::Apology => resolution_kind_label(i18n, ResolutionKind::Apology),
    }
}

/// A service's published price, or "priced once inspected" when nothing is standard to price.
pub fn price_label(i18n: I18nContext<Locale>, price: Option<Money>) -> String {
    match price {
        Some(price) => price.to_string(),
        None => t_string!(i18n, booking.quoted_after_diagnosis).to_string(),
    }
}
