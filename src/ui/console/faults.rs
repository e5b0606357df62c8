//! The performance page's fault frequency (guideline 1.4, 5.2): the findings and the services
//! that came up most often in the period, by car model and mileage band — what to stock parts
//! and train people for.

use crate::api::kpis::get_faults;
use crate::domain::estimate::item_in;
use crate::domain::fault::{FaultReport, FaultRow, MileageBand};
use crate::domain::ids::OutletId;
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::lang;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn FaultFrequency(period: String, outlet: Option<OutletId>) -> impl IntoView {
    let i18n = use_i18n();
    let report = Load::new(move || get_faults(period.clone(), outlet));
    view! {
        <section class="card faults" aria-labelledby="faults-title" data-testid="faults">
            <h2 id="faults-title">{move || t_string!(i18n, faults.title)}</h2>
            <p class="kpi-formula">{move || t_string!(i18n, faults.formula)}</p>
            {move || match report.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
                Some(Ok(r)) => view! { <Lists report=r /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Lists(report: FaultReport) -> impl IntoView {
    let i18n = use_i18n();
    let orders = report.orders;
    view! {
        <p class="hint">{move || t_string!(i18n, faults.orders, count = orders)}</p>
        <h3 id="faults-findings">{move || t_string!(i18n, faults.findings)}</h3>
        <Table rows=report.findings orders=orders labelled="faults-findings" done_label=Signal::derive(move || t_string!(i18n, faults.approved).to_string()) />
        <h3 id="faults-services">{move || t_string!(i18n, faults.services)}</h3>
        <Table rows=report.services orders=orders labelled="faults-services" done_label=Signal::derive(move || t_string!(i18n, faults.done).to_string()) />
    }
}

#[component]
fn Table(
    rows: Vec<FaultRow>,
    orders: i64,
    labelled: &'static str,
    done_label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{move || t_string!(i18n, faults.none)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="faults-rows" aria-labelledby=labelled>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, faults.item)}</th>
                        <th scope="col">{move || t_string!(i18n, faults.model)}</th>
                        <th scope="col">{move || t_string!(i18n, faults.band)}</th>
                        <th scope="col">{move || t_string!(i18n, faults.count)}</th>
                        <th scope="col">{move || t_string!(i18n, faults.per_100)}</th>
                        <th scope="col">{done_label}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let per_100 = row.per_100(orders).map(|t| format!("{}.{}", t / 10, t % 10)).unwrap_or_default();
                        let item = row.item.clone();
                        let item_en = row.item_en.clone();
                        let band = row.band;
                        view! {
                            <tr data-testid="fault-row">
                                <th scope="row">{move || item_in(&item, &item_en, lang(i18n)).to_string()}</th>
                                <td>{row.model.clone()}</td>
                                <td>{move || band_label(i18n, band)}</td>
                                <td class="figure">{row.orders}</td>
                                <td class="figure">{per_100}</td>
                                <td class="figure">{row.done}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn band_label(i18n: I18nContext<Locale>, band: MileageBand) -> String {
    match band {
        MileageBand::Under10k => t_string!(i18n, faults.band_under_10k),
        MileageBand::From10kTo30k => t_string!(i18n, faults.band_10k_30k),
        MileageBand::From30kTo60k => t_string!(i18n, faults.band_30k_60k),
        MileageBand::From60kTo100k => t_string!(i18n, faults.band_60k_100k),
        MileageBand::Over100k => t_string!(i18n, faults.band_over_100k),
    }
    .to_string()
}
