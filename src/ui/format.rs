//! Dates, times and catalogue names as the user's language writes them.

use super::i18n::*;
use crate::domain::account::StaffRole;
use crate::domain::booking::{BookingStatus, SafetySymptom};
use crate::domain::catalog::{Lang, Localized};
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
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
    time.format("%H:%M").to_string()
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

pub fn role_label(i18n: I18nContext<Locale>, role: StaffRole) -> String {
    match role {
        StaffRole::ServiceAdvisor => t_string!(i18n, roles.service_advisor),
        StaffRole::Technician => t_string!(i18n, roles.technician),
        StaffRole::QualityInspector => t_string!(i18n, roles.quality_inspector),
        StaffRole::CustomerServiceManager => t_string!(i18n, roles.customer_service_manager),
        StaffRole::Admin => t_string!(i18n, roles.admin),
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
