//! `/staff/kpis`: the performance dashboard — each indicator for a month or a quarter over the
//! outlets the manager reaches, beside the period before and its target, with the formula in
//! plain words and what it was computed from. A figure that misses its target is marked.

use crate::api::kpis::get_dashboard;
use crate::domain::kpi::{Kpi, KpiRow, Measure, Target, Unit};
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::{list, localized, year_date_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::Guard;
use leptos::prelude::*;

#[component]
pub fn KpiPage() -> impl IntoView {
    view! {
        <Guard allowed=super::manages sign_in="/staff/login">
            <KpiScreen />
        </Guard>
    }
}

#[component]
fn KpiScreen() -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let asked = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let dashboard = Load::new(move || {
        let period = asked.get();
        get_dashboard(period)
    });
    // A period the server refused is said next to its field.
    Effect::new(move |_| {
        if let Some(Err(e)) = dashboard.get() {
            error.set(Some(e));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        asked.set(typed.get_untracked());
    };
    view! {
        <h1>{move || t_string!(i18n, kpi.title)}</h1>
        <form class="kpi-period field-row" on:submit=submit novalidate>
            <TextField label=Signal::derive(move || t_string!(i18n, kpi.period).to_string()) id="kpi-period" value=typed field=Field::Period error=error
                hint=Signal::derive(move || t_string!(i18n, kpi.period_hint).to_string()) />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, kpi.show).to_string()) pending=RwSignal::new(false) />
        </form>
        {move || match dashboard.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) if e.field().is_none() => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Err(_)) => ().into_any(),
            Some(Ok(d)) => {
                let (first, last) = (d.period.first, d.period.last);
                let (before_first, before_last) = (d.previous.first, d.previous.last);
                let outlets = d.outlets.clone();
                view! {
                    <p class="hint" data-testid="kpi-scope">
                        {move || t_string!(i18n, kpi.scope,
                            from = year_date_label(i18n, first), until = year_date_label(i18n, last),
                            outlets = list(i18n, outlets.iter().map(|o| localized(i18n, o))))}
                    </p>
                    <div class="table-scroll">
                        <table class="kpis">
                            <caption class="visually-hidden">{move || t_string!(i18n, kpi.title)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || t_string!(i18n, kpi.indicator)}</th>
                                    <th scope="col">{move || t_string!(i18n, kpi.value)}</th>
                                    <th scope="col">{move || t_string!(i18n, kpi.before, from = year_date_label(i18n, before_first), until = year_date_label(i18n, before_last))}</th>
                                    <th scope="col">{move || t_string!(i18n, kpi.target)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {d.rows.into_iter().map(|row| view! { <Row row=row /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }
        }}
    }
}

#[component]
fn Row(row: KpiRow) -> impl IntoView {
    let i18n = use_i18n();
    let KpiRow {
        now,
        before,
        target,
    } = row;
    let missed = now.meets(target) == Some(false);
    let kpi = now.kpi;
    view! {
        <tr class:missed=missed data-testid="kpi-row">
            <th scope="row">
                <span class="kpi-name">{move || kpi_name(i18n, kpi)}</span>
                <span class="kpi-formula">{move || kpi_formula(i18n, kpi)}</span>
            </th>
            <td class="figure">
                <strong>{move || figure(i18n, &now)}</strong>
                {now.value.is_some().then(|| view! { <span class="kpi-basis">{move || basis(i18n, &now)}</span> })}
                {missed.then(|| view! { <span class="badge warn">{move || t_string!(i18n, kpi.missed)}</span> })}
            </td>
            <td class="figure">{move || figure(i18n, &before)}</td>
            <td class="figure">{move || target_label(kpi, target)}</td>
        </tr>
    }
}

/// Tenths as the indicator reads: `92.5 %`, `45.0`, `1.5 / 100`.
fn tenths(kpi: Kpi, value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let text = format!("{sign}{}.{}", value.abs() / 10, value.abs() % 10);
    match kpi.unit() {
        Unit::Share => format!("{text} %"),
        Unit::Score => text,
        Unit::Per100 => format!("{text} / 100"),
    }
}

fn figure(i18n: leptos_i18n::I18nContext<Locale>, m: &Measure) -> String {
    match m.value {
        Some(v) => tenths(m.kpi, v),
        None => t_string!(i18n, kpi.no_data).to_string(),
    }
}

fn basis(i18n: leptos_i18n::I18nContext<Locale>, m: &Measure) -> String {
    match m.kpi {
        Kpi::Nps => t_string!(i18n, kpi.basis_nps, net = m.counted, answers = m.out_of).to_string(),
        _ => t_string!(i18n, kpi.basis, counted = m.counted, out_of = m.out_of).to_string(),
    }
}

fn target_label(kpi: Kpi, target: Option<Target>) -> String {
    match target {
        Some(Target::AtLeast(t)) => format!("≥ {}", tenths(kpi, t)),
        Some(Target::AtMost(t)) => format!("≤ {}", tenths(kpi, t)),
        None => "—".into(),
    }
}

fn kpi_name(i18n: leptos_i18n::I18nContext<Locale>, kpi: Kpi) -> String {
    match kpi {
        Kpi::Nps => t_string!(i18n, kpi.nps),
        Kpi::OnTimeDelivery => t_string!(i18n, kpi.on_time),
        Kpi::FirstTimeQcPass => t_string!(i18n, kpi.first_time_qc),
        Kpi::ComebackRate => t_string!(i18n, kpi.comebacks),
        Kpi::ComplaintRate => t_string!(i18n, kpi.complaints),
        Kpi::ComplaintResponse24h => t_string!(i18n, kpi.complaint_response),
        Kpi::SurveyResponse => t_string!(i18n, kpi.survey_response),
        Kpi::NoShowRate => t_string!(i18n, kpi.no_shows),
        Kpi::WalkInShare => t_string!(i18n, kpi.walk_ins),
    }
    .to_string()
}

fn kpi_formula(i18n: leptos_i18n::I18nContext<Locale>, kpi: Kpi) -> String {
    match kpi {
        Kpi::Nps => t_string!(i18n, kpi.nps_formula),
        Kpi::OnTimeDelivery => t_string!(i18n, kpi.on_time_formula),
        Kpi::FirstTimeQcPass => t_string!(i18n, kpi.first_time_qc_formula),
        Kpi::ComebackRate => t_string!(i18n, kpi.comebacks_formula),
        Kpi::ComplaintRate => t_string!(i18n, kpi.complaints_formula),
        Kpi::ComplaintResponse24h => t_string!(i18n, kpi.complaint_response_formula),
        Kpi::SurveyResponse => t_string!(i18n, kpi.survey_response_formula),
        Kpi::NoShowRate => t_string!(i18n, kpi.no_shows_formula),
        Kpi::WalkInShare => t_string!(i18n, kpi.walk_ins_formula),
    }
    .to_string()
}
