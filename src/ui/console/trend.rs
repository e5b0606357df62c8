//! A figure's trend on the performance page: the year of months (or two years of quarters) up
//! to the period shown, drawn as SVG by this component — the figure as a line with a dot per
//! period (its value on hover), the target as a dashed line — and the same numbers as a table
//! for screen readers. (A chart library was measured and left out: README, "Libraries".)

use super::kpis::{figure, kpi_name, target_label, tenths_text};
use crate::api::kpis::get_trend;
use crate::domain::ids::OutletId;
use crate::domain::kpi::{Kpi, Measure, Period, Trend};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use leptos::prelude::*;

#[component]
pub fn TrendPanel(kpi: Kpi, period: String, outlet: Option<OutletId>) -> impl IntoView {
    let i18n = use_i18n();
    let trend = Load::new(move || get_trend(period.clone(), outlet, kpi.code()));
    view! {
        <div class="kpi-trend" data-testid="kpi-trend">
            <h3>{move || t_string!(i18n, kpi.trend_title, name = kpi_name(i18n, kpi))}</h3>
            {move || match trend.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
                Some(Ok(t)) => view! { <Drawn trend=t /> }.into_any(),
            }}
        </div>
    }
}

/// The drawing's size in its own units (it scales to the width it is given).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 36.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// Where the figures and the target fall on the drawing.
struct Scale {
    low: f64,
    high: f64,
    count: usize,
}

impl Scale {
    /// From the figures and the target (tenths), with a little room above and below.
    fn of(points: &[(Period, Measure)], target: Option<i64>) -> Scale {
        let values: Vec<i64> = points
            .iter()
            .filter_map(|(_, m)| m.value)
            .chain(target)
            .collect();
        let (low, high) = match (values.iter().min(), values.iter().max()) {
            (Some(low), Some(high)) => (*low as f64, *high as f64),
            _ => (0.0, 10.0),
        };
        let room = ((high - low) * 0.1).max(5.0);
        Scale {
            low: low - room,
            high: high + room,
            count: points.len().max(2),
        }
    }

    fn x(&self, index: usize) -> f64 {
        LEFT + (WIDTH - LEFT - RIGHT) * index as f64 / (self.count - 1) as f64
    }

    fn y(&self, tenths: i64) -> f64 {
        TOP + (HEIGHT - TOP - BOTTOM) * (self.high - tenths as f64) / (self.high - self.low)
    }

    /// Round values across the range, at most four, for the grid.
    fn ticks(&self) -> Vec<i64> {
        let span = self.high - self.low;
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]
            .into_iter()
            .find(|step| span / *step as f64 <= 4.0)
            .unwrap_or(5000);
        let first = (self.low / step as f64).ceil() as i64 * step;
        (0..5)
            .map(|i| first + i * step)
            .take_while(|tick| *tick as f64 <= self.high)
            .collect()
    }
}

#[component]
fn Drawn(trend: Trend) -> impl IntoView {
    let i18n = use_i18n();
    let Trend {
        kpi,
        points,
        target,
    } = trend;
    if points.iter().all(|(_, m)| m.value.is_none()) {
        return view! { <p class="empty">{move || t_string!(i18n, kpi.trend_none)}</p> }.into_any();
    }
    let scale = Scale::of(&points, target.map(|t| t.tenths()));
    // The line breaks where a period has no figure.
    let mut runs: Vec<String> = vec![String::new()];
    for (i, (_, m)) in points.iter().enumerate() {
        match m.value {
            Some(v) => {
                let run = runs.last_mut().expect("one run at least");
                run.push_str(&format!("{:.1},{:.1} ", scale.x(i), scale.y(v)));
            }
            None if !runs.last().is_some_and(String::is_empty) => runs.push(String::new()),
            None => {}
        }
    }
    let label_every = if points.len() > 8 { 2 } else { 1 };
    let last = points.len() - 1;
    let rows = points.clone();
    let grid = scale
        .ticks()
        .into_iter()
        .map(|tick| {
            let y = scale.y(tick);
            let text = tenths_text(tick);
            view! {
                <line class="grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y />
                <text class="tick" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{text}</text>
            }
        })
        .collect_view();
    let labels = points
        .iter()
        .enumerate()
        .filter(|(i, _)| (last - i) % label_every == 0)
        .map(|(i, (period, _))| {
            view! { <text class="tick" x=scale.x(i) y=HEIGHT - 8.0 text-anchor="middle">{period.label()}</text> }
        })
        .collect_view();
    let dots = points
        .iter()
        .enumerate()
        .filter_map(|(i, (period, m))| {
            let v = m.value?;
            let (period, m) = (*period, *m);
            Some(view! {
                <circle class="dot" cx=scale.x(i) cy=scale.y(v) r="4">
                    <title>{move || format!("{}: {}", period.label(), figure(i18n, &m))}</title>
                </circle>
            })
        })
        .collect_view();
    let target_line = target.map(|t| {
        let y = scale.y(t.tenths());
        view! { <line class="target" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y /> }
    });
    view! {
        <svg class="kpi-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") aria-hidden="true" focusable="false">
            {grid}
            {labels}
            {target_line}
            {runs.into_iter().filter(|r| !r.is_empty()).map(|r| view! { <polyline class="figure-line" points=r /> }).collect_view()}
            {dots}
        </svg>
        <p class="kpi-legend" aria-hidden="true">
            <span class="swatch figure-line"></span>{move || kpi_name(i18n, kpi)}
            {target.map(|_| view! { <span class="swatch target"></span>{move || t_string!(i18n, kpi.target)} })}
        </p>
        <table class="visually-hidden">
            <caption>{move || t_string!(i18n, kpi.trend_title, name = kpi_name(i18n, kpi))}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || t_string!(i18n, kpi.period)}</th>
                    <th scope="col">{move || t_string!(i18n, kpi.value)}</th>
                    <th scope="col">{move || t_string!(i18n, kpi.target)}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|(period, m)| view! {
                    <tr>
                        <th scope="row">{period.label()}</th>
                        <td>{move || figure(i18n, &m)}</td>
                        <td>{move || target_label(i18n, kpi, target)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
