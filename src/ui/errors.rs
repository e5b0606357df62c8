//! `AppError` codes as sentences in the user's language.

use super::format::{complaint_stage_label, complaint_step_label, order_status_label, step_label};
use super::i18n::*;
use crate::domain::{AppError, Conflict, Problem};
use leptos_i18n::I18nContext;

pub fn error_text(i18n: I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Validation { problem, .. } => problem_text(i18n, *problem),
        AppError::Unauthorized => t_string!(i18n, errors.unauthorized).to_string(),
        AppError::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        AppError::PasswordChangeRequired => {
            t_string!(i18n, errors.password_change_required).to_string()
        }
        AppError::BadCredentials => t_string!(i18n, errors.bad_credentials).to_string(),
        AppError::TooManyAttempts {
            retry_after_seconds: seconds @ 0..60,
        } => t_string!(i18n, errors.too_many_attempts_seconds, seconds = *seconds).to_string(),
        AppError::TooManyAttempts {
            retry_after_seconds,
        } => t_string!(
            i18n,
            errors.too_many_attempts,
            minutes = retry_after_seconds.div_ceil(60)
        )
        .to_string(),
        AppError::MessageNotSent => t_string!(i18n, errors.message_not_sent).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Conflict(conflict) => conflict_text(i18n, *conflict),
        AppError::BadRequest => t_string!(i18n, errors.bad_request).to_string(),
        AppError::Network => t_string!(i18n, errors.network).to_string(),
        AppError::Internal { id } => t_string!(i18n, errors.internal, id = id.clone()).to_string(),
    }
}

pub fn problem_text(i18n: I18nContext<Locale>, problem: Problem) -> String {
    match problem {
        Problem::Required => t_string!(i18n, problems.required).to_string(),
        Problem::TooLong { max } => t_string!(i18n, problems.too_long, max = max).to_string(),
        Problem::TooShort { min } => t_string!(i18n, problems.too_short, min = min).to_string(),
        Problem::PhoneFormat => t_string!(i18n, problems.phone_format).to_string(),
        Problem::PlateFormat => t_string!(i18n, problems.plate_format).to_string(),
        Problem::VinFormat => t_string!(i18n, problems.vin_format).to_string(),
        Problem::MileageRange => t_string!(i18n, problems.mileage_range).to_string(),
        Problem::DateInPast => t_string!(i18n, problems.date_in_past).to_string(),
        Problem::DateBeyondHorizon { days } => {
            t_string!(i18n, problems.date_beyond_horizon, days = days).to_string()
        }
        Problem::WindowInPast => t_string!(i18n, problems.window_in_past).to_string(),
        Problem::WindowNotOffered => t_string!(i18n, problems.window_not_offered).to_string(),
        Problem::UnknownChoice => t_string!(i18n, problems.unknown_choice).to_string(),
        Problem::NoQualifiedTechnician => {
            t_string!(i18n, problems.no_qualified_technician).to_string()
        }
        Problem::PhoneAlreadyRegistered => {
            t_string!(i18n, problems.phone_already_registered).to_string()
        }
        Problem::CodeFormat => t_string!(i18n, problems.code_format).to_string(),
        Problem::CodeWrong { tries_left } => {
            t_string!(i18n, problems.code_wrong, tries = tries_left).to_string()
        }
        Problem::CodeExpired => t_string!(i18n, problems.code_expired).to_string(),
        Problem::NoAccountForPhone => t_string!(i18n, problems.no_account_for_phone).to_string(),
        Problem::PlateAlreadyAdded => t_string!(i18n, problems.plate_already_added).to_string(),
        Problem::CarAlreadyBooked => t_string!(i18n, problems.car_already_booked).to_string(),
        Problem::OutOfRange => t_string!(i18n, problems.out_of_range).to_string(),
        Problem::DecideEveryItem => t_string!(i18n, problems.decide_every_item).to_string(),
        Problem::SignatureFormat => t_string!(i18n, problems.signature_format).to_string(),
        Problem::PhotoType => t_string!(i18n, problems.photo_type).to_string(),
        Problem::PhotoTooLarge { max_kb } => {
            t_string!(i18n, problems.photo_too_large, max_kb = max_kb).to_string()
        }
        Problem::TooManyPhotos { max } => {
            t_string!(i18n, problems.too_many_photos, max = max).to_string()
        }
        Problem::PhoneNotOnOrder => t_string!(i18n, problems.phone_not_on_order).to_string(),
        Problem::PasswordWrong => t_string!(i18n, problems.password_wrong).to_string(),
        // The staff's problems: only the console meets them, so the phone's bundle carries
        // none of their sentences.
        #[cfg(not(feature = "portal"))]
        problem => staff_problem_text(i18n, problem),
        #[cfg(feature = "portal")]
        _ => t_string!(i18n, errors.bad_request).to_string(),
    }
}

#[cfg(not(feature = "portal"))]
fn staff_problem_text(i18n: I18nContext<Locale>, problem: Problem) -> String {
    match problem {
        Problem::UsernameFormat => t_string!(i18n, problems.username_format).to_string(),
        Problem::OdometerBelowLast { km } => {
            t_string!(i18n, problems.odometer_below_last, km = km).to_string()
        }
        Problem::CertificateFormat => t_string!(i18n, problems.certificate_format).to_string(),
        Problem::TechnicianNotQualified => {
            t_string!(i18n, problems.technician_not_qualified).to_string()
        }
        Problem::ReworkNotDelivered => t_string!(i18n, problems.rework_not_delivered).to_string(),
        Problem::NoOrderToRework => t_string!(i18n, problems.no_order_to_rework).to_string(),
        Problem::NotBetween { min, max } => {
            t_string!(i18n, problems.not_between, min = min, max = max).to_string()
        }
        Problem::BeforeFirstDay => t_string!(i18n, problems.before_first_day).to_string(),
        Problem::ClosesBeforeOpening => t_string!(i18n, problems.closes_before_opening).to_string(),
        Problem::TimeFormat => t_string!(i18n, problems.time_format).to_string(),
        Problem::AmountFormat => t_string!(i18n, problems.amount_format).to_string(),
        Problem::DateFormat => t_string!(i18n, problems.date_format).to_string(),
        Problem::RoleNotAtLevel => t_string!(i18n, problems.role_not_at_level).to_string(),
        Problem::OutsideYourScope => t_string!(i18n, problems.outside_your_scope).to_string(),
        Problem::MoreThanYouHold => t_string!(i18n, problems.more_than_you_hold).to_string(),
        Problem::CodeLetters => t_string!(i18n, problems.code_letters).to_string(),
        Problem::AlreadyTaken => t_string!(i18n, problems.already_taken).to_string(),
        Problem::NotYourself => t_string!(i18n, problems.not_yourself).to_string(),
        Problem::CertificateExpired => t_string!(i18n, problems.certificate_expired).to_string(),
        Problem::SameAsBefore => t_string!(i18n, problems.same_as_before).to_string(),
        Problem::PasswordsDiffer => t_string!(i18n, problems.passwords_differ).to_string(),
        Problem::HasOpenJobs => t_string!(i18n, problems.has_open_jobs).to_string(),
        Problem::DateInFuture => t_string!(i18n, problems.date_in_future).to_string(),
        Problem::PeriodFormat => t_string!(i18n, problems.period_format).to_string(),
        Problem::MonthOrQuarter => t_string!(i18n, problems.month_or_quarter).to_string(),
        Problem::DecimalBetween { min, max } => {
            t_string!(i18n, problems.decimal_between, min = min, max = max).to_string()
        }
        Problem::ServiceCodeLetters => t_string!(i18n, problems.service_code_letters).to_string(),
        _ => t_string!(i18n, errors.bad_request).to_string(),
    }
}

pub fn conflict_text(i18n: I18nContext<Locale>, conflict: Conflict) -> String {
    match conflict {
        Conflict::CutoffPassed { hours } => {
            t_string!(i18n, conflicts.cutoff_passed, hours = hours).to_string()
        }
        Conflict::BookingClosed => t_string!(i18n, conflicts.booking_closed).to_string(),
        Conflict::NoCapacityLeft => t_string!(i18n, conflicts.no_capacity_left).to_string(),
        Conflict::IllegalStep { status, event } => t_string!(
            i18n,
            conflicts.illegal_step,
            status = order_status_label(i18n, status),
            step = step_label(i18n, event)
        )
        .to_string(),
        Conflict::IllegalComplaintStep { stage, event } => t_string!(
            i18n,
            conflicts.illegal_complaint_step,
            stage = complaint_stage_label(i18n, stage),
            step = complaint_step_label(i18n, event)
        )
        .to_string(),
        Conflict::ComplaintChanged => t_string!(i18n, conflicts.complaint_changed).to_string(),
        Conflict::WorkOrderChanged => t_string!(i18n, conflicts.work_order_changed).to_string(),
        Conflict::EstimateRepriced => t_string!(i18n, conflicts.estimate_repriced).to_string(),
        Conflict::EstimateClosed => t_string!(i18n, conflicts.estimate_closed).to_string(),
        Conflict::TooManyCars { max } => {
            t_string!(i18n, conflicts.too_many_cars, max = max).to_string()
        }
        Conflict::TooManyActiveBookings { max } => {
            t_string!(i18n, conflicts.too_many_active_bookings, max = max).to_string()
        }
        Conflict::TooManyInWindow { max } => {
            t_string!(i18n, conflicts.too_many_in_window, max = max).to_string()
        }
        Conflict::TooManyComplaintsToday { max } => {
            t_string!(i18n, conflicts.too_many_complaints_today, max = max).to_string()
        }
        Conflict::StillBeingServed => t_string!(i18n, conflicts.still_being_served).to_string(),
        #[cfg(not(feature = "portal"))]
        conflict => staff_conflict_text(i18n, conflict),
        #[cfg(feature = "portal")]
        _ => t_string!(i18n, errors.bad_request).to_string(),
    }
}

/// The conflicts only staff meet (the desk, the workshop, follow-up calls).
#[cfg(not(feature = "portal"))]
fn staff_conflict_text(i18n: I18nContext<Locale>, conflict: Conflict) -> String {
    match conflict {
        Conflict::NoShowTooEarly => t_string!(i18n, conflicts.no_show_too_early).to_string(),
        Conflict::ArrivalNotToday => t_string!(i18n, conflicts.arrival_not_today).to_string(),
        Conflict::AlreadyCheckedIn => t_string!(i18n, conflicts.already_checked_in).to_string(),
        Conflict::NothingToApprove => t_string!(i18n, conflicts.nothing_to_approve).to_string(),
        Conflict::ApprovalPending => t_string!(i18n, conflicts.approval_pending).to_string(),
        Conflict::CertificateMissing => t_string!(i18n, conflicts.certificate_missing).to_string(),
        Conflict::FollowUpDone => t_string!(i18n, conflicts.follow_up_done).to_string(),
        Conflict::CatalogueChanged => t_string!(i18n, conflicts.catalogue_changed).to_string(),
        Conflict::ActionChanged => t_string!(i18n, conflicts.action_changed).to_string(),
        Conflict::ActionStage => t_string!(i18n, conflicts.action_stage).to_string(),
        _ => t_string!(i18n, errors.bad_request).to_string(),
    }
}
