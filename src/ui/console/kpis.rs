//! `/staff/kpis`: the performance dashboard — each indicator for a month or a quarter over the
//! outlets the manager reaches (or one of them), by area, beside the period before and its
//! target, with the formula in plain words and what it was computed from. A figure that misses
//! its target is marked and offers an improvement action; every figure opens the records
//! behind it; the table and each drill-down download as Excel or CSV, and the page prints as
//! the monthly report.

use crate::api::kpis::{get_dashboard, get_drill};
use crate::domain::ids::OutletId;
use crate::domain::kpi::{
    Area, Dashboard, Drill, Kpi, KpiRow, Measure, Reference, Target, Unit, DRILL_LIMIT,
};
use crate::domain::kpi_target::TargetSource;
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::{datetime_label, list, localized, year_date_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::Guard;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn KpiPage() -> impl IntoView {
    view! {
        <Guard allowed=super::manages sign_in="/staff/login">
            <KpiScreen />
        </Guard>
    }
}

/// What the page shows: the period typed and the outlet chosen, as last asked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Asked {
    period: String,
    outlet: Option<OutletId>,
}

impl Asked {
    /// The download link for the table (`kpi` `None`) or a drill-down.
    fn export(&self, i18n: I18nContext<Locale>, kpi: Option<Kpi>, format: &str) -> String {
        let lang = match i18n.get_locale() {
            Locale::en => "en",
            Locale::zh_CN => "zh-CN",
        };
        let mut href = format!(
            "/exports/kpis?format={format}&lang={lang}&period={}",
            self.period
        );
        if let Some(outlet) = self.outlet {
            href.push_str(&format!("&outlet={}", outlet.0));
        }
        if let Some(kpi) = kpi {
            href.push_str(&format!("&kpi={}", kpi.code()));
        }
        href
    }
}

#[component]
fn KpiScreen() -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let outlet = RwSignal::new(String::new());
    let asked = RwSignal::new(Asked::default());
    let error = RwSignal::new(None::<AppError>);
    let drilled = RwSignal::new(None::<Kpi>);
    let dashboard = Load::new(move || {
        let Asked { period, outlet } = asked.get();
        get_dashboard(period, outlet)
    });
    // A period the server refused is said next to its field; the outlets to choose from stay
    // those of the last answer meanwhile.
    let reached = RwSignal::new(Vec::new());
    Effect::new(move |_| match dashboard.get() {
        Some(Err(e)) => error.set(Some(e)),
        Some(Ok(d)) => reached.set(d.reached),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        drilled.set(None);
        asked.set(Asked {
            period: typed.get_untracked().trim().to_string(),
            outlet: outlet.get_untracked().parse().ok().map(OutletId),
        });
    };
    view! {
        <h1>{move || t_string!(i18n, kpi.title)}</h1>
        <form class="kpi-period field-row no-print" on:submit=submit novalidate>
            <TextField label=Signal::derive(move || t_string!(i18n, kpi.period).to_string()) id="kpi-period" value=typed field=Field::Period error=error
                hint=Signal::derive(move || t_string!(i18n, kpi.period_hint).to_string()) />
            <div class="field">
                <label for="kpi-outlet">{move || t_string!(i18n, kpi.outlet)}</label>
                <select id="kpi-outlet" bind:value=outlet>
                    {move || {
                        let reached = reached.get();
                        let count = reached.len();
                        view! {
                            <option value="">{move || t_string!(i18n, kpi.all_outlets, count = count)}</option>
                            {reached.into_iter().map(|o| {
                                let id = o.id.0.to_string();
                                let selected = outlet.get_untracked() == id;
                                view! { <option value=id selected=selected>{move || localized(i18n, &o.name)}</option> }
                            }).collect_view()}
                        }
                    }}
                </select>
            </div>
            <SubmitButton label=Signal::derive(move || t_string!(i18n, kpi.show).to_string()) pending=RwSignal::new(false) />
        </form>
        {move || match dashboard.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) if e.field().is_none() => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Err(_)) => ().into_any(),
            Some(Ok(d)) => view! { <Board dashboard=d drilled=drilled /> }.into_any(),
        }}
    }
}

#[component]
fn Board(dashboard: Dashboard, drilled: RwSignal<Option<Kpi>>) -> impl IntoView {
    let i18n = use_i18n();
    let (first, last) = (dashboard.period.first, dashboard.period.last);
    let (before_first, before_last) = (dashboard.previous.first, dashboard.previous.last);
    let counted: Vec<_> = dashboard.counted().map(|o| o.name.clone()).collect();
    let misses = dashboard.misses().count();
    let has_misses = misses > 0;
    // The period as the server understood it, so links and downloads name it exactly.
    let shown = Asked {
        period: dashboard.period.label(),
        outlet: dashboard.scope,
    };
    // An improvement action belongs to one outlet: the one shown, or the only one reached.
    let action_outlet = dashboard
        .scope
        .or_else(|| (dashboard.reached.len() == 1).then(|| dashboard.reached[0].id));
    let export_shown = shown.clone();
    let rows_by_area = [
        Area::Satisfaction,
        Area::Responsiveness,
        Area::Timeliness,
        Area::Quality,
        Area::Utilisation,
    ]
    .map(|area| {
        (
            area,
            dashboard
                .rows
                .iter()
                .filter(|r| r.now.kpi.area() == area)
                .copied()
                .collect::<Vec<_>>(),
        )
    });
    let period_label = shown.period.clone();
    let faults_asked = shown.clone();
    let targets_href = match action_outlet {
        Some(outlet) => format!("/staff/kpi-targets?outlet={}", outlet.0),
        None => "/staff/kpi-targets".to_string(),
    };
    view! {
        <p class="hint" data-testid="kpi-scope">
            {move || t_string!(i18n, kpi.scope,
                from = year_date_label(i18n, first), until = year_date_label(i18n, last),
                outlets = list(i18n, counted.iter().map(|o| localized(i18n, o))))}
        </p>
        <div class="kpi-summary">
            <p class:missed-summary=has_misses data-testid="kpi-misses">
                {move || if has_misses { t_string!(i18n, kpi.misses, count = misses).to_string() } else { t_string!(i18n, kpi.all_met).to_string() }}
            </p>
            <div class="actions no-print">
                <a class="btn" href=export_shown.export(i18n, None, "xlsx") download>{move || t_string!(i18n, kpi.export_xlsx)}</a>
                <a class="btn" href=export_shown.export(i18n, None, "csv") download>{move || t_string!(i18n, kpi.export_csv)}</a>
                <button type="button" class="btn" on:click=move |_| { let _ = window().print(); }>{move || t_string!(i18n, kpi.print)}</button>
                <a class="btn" href=targets_href>{move || t_string!(i18n, kpi.set_targets)}</a>
            </div>
        </div>
        <div class="table-scroll">
            <table class="kpis">
                <caption class="visually-hidden">{move || t_string!(i18n, kpi.title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, kpi.indicator)}</th>
                        <th scope="col">{move || t_string!(i18n, kpi.value)}</th>
                        <th scope="col">{move || t_string!(i18n, kpi.before, from = year_date_label(i18n, before_first), until = year_date_label(i18n, before_last))}</th>
                        <th scope="col">{move || t_string!(i18n, kpi.target)}</th>
                        <th scope="col" class="no-print"><span class="visually-hidden">{move || t_string!(i18n, kpi.drill)}</span></th>
                    </tr>
                </thead>
                {rows_by_area.into_iter().map(|(area, rows)| {
                    let period = period_label.clone();
                    view! {
                        <tbody>
                            <tr class="kpi-area">
                                <th scope="colgroup" colspan="5">{move || area_label(i18n, area)}</th>
                            </tr>
                            {rows.into_iter().map(|row| view! { <Row row=row drilled=drilled action_outlet=action_outlet period=period.clone() /> }).collect_view()}
                        </tbody>
                    }
                }).collect_view()}
            </table>
        </div>
        {move || drilled.get().map(|kpi| view! { <DrillPanel kpi=kpi asked=faults_asked.clone() drilled=drilled /> })}
        <super::faults::FaultFrequency period=shown.period.clone() outlet=shown.outlet />
    }
}

#[component]
fn Row(
    row: KpiRow,
    drilled: RwSignal<Option<Kpi>>,
    action_outlet: Option<OutletId>,
    period: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let KpiRow {
        now,
        before,
        target,
        source,
    } = row;
    let missed = now.meets(target) == Some(false);
    let kpi = now.kpi;
    let improve = missed.then(|| {
        let mut href = format!("/staff/improvements?kpi={}&period={period}", kpi.code());
        if let Some(outlet) = action_outlet {
            href.push_str(&format!("&outlet={}", outlet.0));
        }
        href
    });
    view! {
        <tr class:missed=missed data-testid="kpi-row" data-kpi=kpi.code()>
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
            <td class="figure">
                {move || target_label(i18n, kpi, target)}
                {target.is_some().then(|| view! { <span class="kpi-basis">{move || source_label(i18n, source)}</span> })}
            </td>
            <td class="kpi-actions no-print">
                <button type="button" class="btn" aria-expanded=move || (drilled.get() == Some(kpi)).to_string()
                    on:click=move |_| drilled.update(|d| *d = if *d == Some(kpi) { None } else { Some(kpi) })>
                    {move || t_string!(i18n, kpi.drill)}
                    <span class="visually-hidden">{move || format!(" {}", kpi_name(i18n, kpi))}</span>
                </button>
                {improve.map(|href| view! {
                    <a class="btn primary" href=href>{move || t_string!(i18n, kpi.improve)}
                        <span class="visually-hidden">{move || format!(" {}", kpi_name(i18n, kpi))}</span>
                    </a>
                })}
            </td>
        </tr>
    }
}

/// The records behind one figure, with their downloads.
#[component]
fn DrillPanel(kpi: Kpi, asked: Asked, drilled: RwSignal<Option<Kpi>>) -> impl IntoView {
    let i18n = use_i18n();
    let (period, outlet) = (asked.period.clone(), asked.outlet);
    let drill = Load::new(move || get_drill(period.clone(), outlet, kpi.code()));
    view! {
        <section class="card kpi-drill" aria-labelledby="kpi-drill-title" data-testid="kpi-drill">
            <div class="card-head">
                <h2 id="kpi-drill-title">{move || t_string!(i18n, kpi.drill_title, name = kpi_name(i18n, kpi))}</h2>
                <div class="actions no-print">
                    <a class="btn" href=asked.export(i18n, Some(kpi), "xlsx") download>{move || t_string!(i18n, kpi.export_xlsx)}</a>
                    <a class="btn" href=asked.export(i18n, Some(kpi), "csv") download>{move || t_string!(i18n, kpi.export_csv)}</a>
                    <button type="button" class="btn" on:click=move |_| drilled.set(None)>{move || t_string!(i18n, kpi.close)}</button>
                </div>
            </div>
            <super::trend::TrendPanel kpi=kpi period=asked.period.clone() outlet=asked.outlet />
            <h3>{move || t_string!(i18n, kpi.records)}</h3>
            {move || match drill.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
                Some(Ok(d)) => view! { <DrillTable drill=d /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DrillTable(drill: Drill) -> impl IntoView {
    let i18n = use_i18n();
    let Drill {
        kpi,
        outlets,
        rows,
        total,
        ..
    } = drill;
    if rows.is_empty() {
        return view! { <p class="empty">{move || t_string!(i18n, kpi.drill_none)}</p> }.into_any();
    }
    view! {
        <p class="hint">{move || if total > DRILL_LIMIT {
            t_string!(i18n, kpi.drill_limited, total = total, shown = DRILL_LIMIT).to_string()
        } else {
            t_string!(i18n, kpi.drill_count, total = total).to_string()
        }}</p>
        <div class="table-scroll">
            <table class="kpi-drill-rows">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, kpi.reference)}</th>
                        <th scope="col">{move || t_string!(i18n, kpi.outlet_column)}</th>
                        <th scope="col">{move || t_string!(i18n, kpi.when)}</th>
                        <th scope="col">{move || t_string!(i18n, kpi.counts)}</th>
                        <th scope="col">{move || t_string!(i18n, kpi.amount)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let outlet = outlets.get(r.outlet).map(|o| o.name.clone());
                        let reference = r.reference.clone();
                        let link = match r.refers_to {
                            Reference::Order if !reference.is_empty() => Some(format!("/staff/orders/{reference}")),
                            Reference::Complaint => Some(format!("/staff/complaints/{reference}")),
                            _ => None,
                        };
                        let at = r.at;
                        view! {
                            <tr data-testid="kpi-drill-row" class:missed=r.counts == Some(false)>
                                <td>{match link {
                                    Some(href) => view! { <a href=href>{reference}</a> }.into_any(),
                                    None => view! { <span>{if reference.is_empty() { "—".to_string() } else { reference }}</span> }.into_any(),
                                }}</td>
                                <td>{move || outlet.as_ref().map(|o| localized(i18n, o)).unwrap_or_default()}</td>
                                <td>{move || datetime_label(i18n, at)}</td>
                                <td>{move || match r.counts {
                                    Some(true) => t_string!(i18n, kpi.counts_yes).to_string(),
                                    Some(false) => t_string!(i18n, kpi.counts_no).to_string(),
                                    None => t_string!(i18n, kpi.counts_neutral).to_string(),
                                }}</td>
                                <td class="figure">{move || r.amount.map(|a| amount(i18n, kpi, a)).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A drill-down line's amount: minutes as hours for the times, a score or rating as is.
fn amount(i18n: I18nContext<Locale>, kpi: Kpi, amount: i64) -> String {
    match kpi.unit() {
        Unit::Hours | Unit::Share => {
            t_string!(i18n, kpi.hours, value = hours_text(amount)).to_string()
        }
        _ => amount.to_string(),
    }
}

/// Minutes as hours to a tenth: `5.5`.
fn hours_text(minutes: i64) -> String {
    tenths_text((minutes * 10 + 30) / 60)
}

pub(super) fn tenths_text(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}.{}", value.abs() / 10, value.abs() % 10)
}

/// Tenths as the indicator reads: `92.5 %`, `45.0`, `1.5 / 100`, `4.3 / 5`, `5.5 h`.
fn tenths(i18n: I18nContext<Locale>, kpi: Kpi, value: i64) -> String {
    let text = tenths_text(value);
    match kpi.unit() {
        Unit::Share => format!("{text} %"),
        Unit::Score => text,
        Unit::Per100 => format!("{text} / 100"),
        Unit::Rating => t_string!(i18n, kpi.rating, value = text).to_string(),
        Unit::Hours => t_string!(i18n, kpi.hours, value = text).to_string(),
    }
}

pub(super) fn figure(i18n: I18nContext<Locale>, m: &Measure) -> String {
    match m.value {
        Some(v) => tenths(i18n, m.kpi, v),
        None => t_string!(i18n, kpi.no_data).to_string(),
    }
}

fn basis(i18n: I18nContext<Locale>, m: &Measure) -> String {
    match m.kpi.unit() {
        Unit::Score => {
            t_string!(i18n, kpi.basis_nps, net = m.counted, answers = m.out_of).to_string()
        }
        Unit::Rating => t_string!(i18n, kpi.basis_rating, answers = m.out_of).to_string(),
        Unit::Hours => t_string!(
            i18n,
            kpi.basis_hours,
            hours = hours_text(m.counted),
            orders = m.out_of
        )
        .to_string(),
        _ if m.kpi == Kpi::TechnicianUtilisation || m.kpi == Kpi::BayUtilisation => t_string!(
            i18n,
            kpi.basis,
            counted = t_string!(i18n, kpi.hours, value = hours_text(m.counted)).to_string(),
            out_of = t_string!(i18n, kpi.hours, value = hours_text(m.out_of)).to_string()
        )
        .to_string(),
        _ => t_string!(i18n, kpi.basis, counted = m.counted, out_of = m.out_of).to_string(),
    }
}

pub(super) fn target_label(i18n: I18nContext<Locale>, kpi: Kpi, target: Option<Target>) -> String {
    match target {
        Some(Target::AtLeast(t)) => format!("≥ {}", tenths(i18n, kpi, t)),
        Some(Target::AtMost(t)) => format!("≤ {}", tenths(i18n, kpi, t)),
        None => "—".into(),
    }
}

/// Whose target a figure is held to.
fn source_label(i18n: I18nContext<Locale>, source: TargetSource) -> String {
    match source {
        TargetSource::Guideline => t_string!(i18n, kpi.source_guideline),
        TargetSource::Group => t_string!(i18n, kpi.source_group),
        TargetSource::Outlet => t_string!(i18n, kpi.source_outlet),
    }
    .to_string()
}

pub(super) fn area_label(i18n: I18nContext<Locale>, area: Area) -> String {
    match area {
        Area::Satisfaction => t_string!(i18n, kpi.area_satisfaction),
        Area::Responsiveness => t_string!(i18n, kpi.area_responsiveness),
        Area::Timeliness => t_string!(i18n, kpi.area_timeliness),
        Area::Quality => t_string!(i18n, kpi.area_quality),
        Area::Utilisation => t_string!(i18n, kpi.area_utilisation),
    }
    .to_string()
}

pub(super) fn kpi_name(i18n: I18nContext<Locale>, kpi: Kpi) -> String {
    use crate::domain::survey::Aspect;
    match kpi {
        Kpi::Nps => t_string!(i18n, kpi.nps),
        Kpi::Rating(Aspect::Attitude) => t_string!(i18n, kpi.rating_attitude),
        Kpi::Rating(Aspect::Professionalism) => t_string!(i18n, kpi.rating_professionalism),
        Kpi::Rating(Aspect::Timeliness) => t_string!(i18n, kpi.rating_timeliness),
        Kpi::Rating(Aspect::PriceTransparency) => t_string!(i18n, kpi.rating_price_transparency),
        Kpi::Rating(Aspect::RepairQuality) => t_string!(i18n, kpi.rating_repair_quality),
        Kpi::SurveyResponse => t_string!(i18n, kpi.survey_response),
        Kpi::FirstUpdate24h => t_string!(i18n, kpi.first_update_24h),
        Kpi::Processing48h => t_string!(i18n, kpi.processing_48h),
        Kpi::ComplaintResponse24h => t_string!(i18n, kpi.complaint_response_24h),
        Kpi::FollowUpOnTime => t_string!(i18n, kpi.follow_up_on_time),
        Kpi::OnTimeDelivery => t_string!(i18n, kpi.on_time_delivery),
        Kpi::ReceptionTime => t_string!(i18n, kpi.reception_time),
        Kpi::RepairTime => t_string!(i18n, kpi.repair_time),
        Kpi::InspectionTime => t_string!(i18n, kpi.inspection_time),
        Kpi::HandoverTime => t_string!(i18n, kpi.handover_time),
        Kpi::ApprovalWait => t_string!(i18n, kpi.approval_wait),
        Kpi::FirstTimeQcPass => t_string!(i18n, kpi.first_time_qc_pass),
        Kpi::ComebackRate => t_string!(i18n, kpi.comeback_rate),
        Kpi::ComplaintRate => t_string!(i18n, kpi.complaint_rate),
        Kpi::TechnicianUtilisation => t_string!(i18n, kpi.technician_utilisation),
        Kpi::BayUtilisation => t_string!(i18n, kpi.bay_utilisation),
        Kpi::NoShowRate => t_string!(i18n, kpi.no_show_rate),
        Kpi::WalkInShare => t_string!(i18n, kpi.walk_in_share),
    }
    .to_string()
}

fn kpi_formula(i18n: I18nContext<Locale>, kpi: Kpi) -> String {
    use crate::domain::survey::Aspect;
    match kpi {
        Kpi::Nps => t_string!(i18n, kpi.nps_formula),
        Kpi::Rating(Aspect::Attitude) => t_string!(i18n, kpi.rating_attitude_formula),
        Kpi::Rating(Aspect::Professionalism) => t_string!(i18n, kpi.rating_professionalism_formula),
        Kpi::Rating(Aspect::Timeliness) => t_string!(i18n, kpi.rating_timeliness_formula),
        Kpi::Rating(Aspect::PriceTransparency) => {
            t_string!(i18n, kpi.rating_price_transparency_formula)
        }
        Kpi::Rating(Aspect::RepairQuality) => t_string!(i18n, kpi.rating_repair_quality_formula),
        Kpi::SurveyResponse => t_string!(i18n, kpi.survey_response_formula),
        Kpi::FirstUpdate24h => t_string!(i18n, kpi.first_update_24h_formula),
        Kpi::Processing48h => t_string!(i18n, kpi.processing_48h_formula),
        Kpi::ComplaintResponse24h => t_string!(i18n, kpi.complaint_response_24h_formula),
        Kpi::FollowUpOnTime => t_string!(i18n, kpi.follow_up_on_time_formula),
        Kpi::OnTimeDelivery => t_string!(i18n, kpi.on_time_delivery_formula),
        Kpi::ReceptionTime => t_string!(i18n, kpi.reception_time_formula),
        Kpi::RepairTime => t_string!(i18n, kpi.repair_time_formula),
        Kpi::InspectionTime => t_string!(i18n, kpi.inspection_time_formula),
        Kpi::HandoverTime => t_string!(i18n, kpi.handover_time_formula),
        Kpi::ApprovalWait => t_string!(i18n, kpi.approval_wait_formula),
        Kpi::FirstTimeQcPass => t_string!(i18n, kpi.first_time_qc_pass_formula),
        Kpi::ComebackRate => t_string!(i18n, kpi.comeback_rate_formula),
        Kpi::ComplaintRate => t_string!(i18n, kpi.complaint_rate_formula),
        Kpi::TechnicianUtilisation => t_string!(i18n, kpi.technician_utilisation_formula),
        Kpi::BayUtilisation => t_string!(i18n, kpi.bay_utilisation_formula),
        Kpi::NoShowRate => t_string!(i18n, kpi.no_show_rate_formula),
        Kpi::WalkInShare => t_string!(i18n, kpi.walk_in_share_formula),
    }
    .to_string()
}
