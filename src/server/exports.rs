//! `GET /exports/kpis`: the performance dashboard, or the records behind one figure, as an
//! Excel workbook (`rust_xlsxwriter`) or a CSV file (`csv`), for the managers who may see them
//! (the same service calls and scope as the page). Headings and names come from the console's
//! own translations, so the file reads like the page in the viewer's language.
//!
//! Query: `period` (`2026-11`, `2026-Q4`, empty for this month), `outlet` (one outlet's id, or
//! none for all reached), `kpi` (an indicator's code for its drill-down), `format` (`xlsx` or
//! `csv`) and `lang` (`zh-CN` or `en`).

use super::access::{self, Duty};
use super::auth::AuthSession;
use super::services::kpis;
use super::AppState;
use crate::domain::ids::OutletId;
use crate::domain::kpi::{Area, Dashboard, Drill, Kpi, Measure, Target, Unit};
use crate::domain::AppError;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use std::sync::OnceLock;

pub fn routes() -> Router<AppState> {
    Router::new().route("/exports/kpis", get(download))
}

#[derive(Debug, Deserialize)]
struct Asked {
    #[serde(default)]
    period: String,
    outlet: Option<i64>,
    kpi: Option<String>,
    #[serde(default)]
    format: String,
    #[serde(default)]
    lang: String,
}

/// A table: its headings and rows of cells.
struct Table {
    name: String,
    headings: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

async fn download(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(asked): Query<Asked>,
) -> Response {
    match export(&state, &auth, &asked).await {
        Ok((file_name, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
                        .unwrap_or(HeaderValue::from_static("attachment")),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => super::error::status_of(&error).into_response(),
    }
}

async fn export(
    state: &AppState,
    auth: &AuthSession,
    asked: &Asked,
) -> Result<(String, &'static str, Vec<u8>), AppError> {
    let manager = access::staff(auth, Duty::OutletSettings)?;
    let words = Words::of(&asked.lang);
    let outlet = asked.outlet.map(OutletId);
    let (stem, table) = match asked.kpi.as_deref() {
        Some(code) => {
            let drill = kpis::drill(state, manager, &asked.period, outlet, code, true).await?;
            (
                format!("kpi-{}-{}", period_name(&drill.period), code),
                drill_table(&words, &drill),
            )
        }
        None => {
            let dashboard = kpis::dashboard(state, manager, &asked.period, outlet).await?;
            (
                format!("kpi-{}", period_name(&dashboard.period)),
                dashboard_table(&words, &dashboard),
            )
        }
    };
    match asked.format.as_str() {
        "csv" => Ok((
            format!("{stem}.csv"),
            "text/csv; charset=utf-8",
            csv(&table)?,
        )),
        _ => Ok((
            format!("{stem}.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx(&table)?,
        )),
    }
}

fn period_name(p: &crate::domain::kpi::Period) -> String {
    format!("{}_{}", p.first, p.last)
}

/// A figure as a number in its unit (92.5 for 92.5 %).
fn figure(tenths: Option<i64>) -> Cell {
    tenths.map_or(Cell::Empty, |t| Cell::Number(t as f64 / 10.0))
}

fn unit_sign(words: &Words, kpi: Kpi) -> String {
    match kpi.unit() {
        Unit::Share => "%".into(),
        Unit::Per100 => "/ 100".into(),
        Unit::Score => String::new(),
        Unit::Rating => "/ 5".into(),
        Unit::Hours => words
            .get("kpi.hours")
            .replace("{{ value }}", "")
            .trim()
            .into(),
    }
}

fn target_text(target: Option<Target>) -> Cell {
    match target {
        Some(Target::AtLeast(t)) => Cell::Text(format!("≥ {}", t as f64 / 10.0)),
        Some(Target::AtMost(t)) => Cell::Text(format!("≤ {}", t as f64 / 10.0)),
        None => Cell::Empty,
    }
}

fn area_key(area: Area) -> &'static str {
    match area {
        Area::Satisfaction => "kpi.area_satisfaction",
        Area::Responsiveness => "kpi.area_responsiveness",
        Area::Timeliness => "kpi.area_timeliness",
        Area::Quality => "kpi.area_quality",
        Area::Utilisation => "kpi.area_utilisation",
    }
}

/// The columns' headings, as translation keys.
const DASHBOARD_HEADINGS: [&str; 10] = [
    "kpi.area",
    "kpi.indicator",
    "kpi.value",
    "kpi.unit",
    "kpi.counted",
    "kpi.out_of",
    "kpi.before_plain",
    "kpi.target",
    "kpi.met",
    "kpi.formula",
];
const DRILL_HEADINGS: [&str; 5] = [
    "kpi.reference",
    "kpi.outlet_column",
    "kpi.when",
    "kpi.counts",
    "kpi.amount",
];

fn dashboard_table(words: &Words, d: &Dashboard) -> Table {
    let rows = d
        .rows
        .iter()
        .map(|r| {
            let kpi = r.now.kpi;
            let met = match r.now.meets(r.target) {
                Some(true) => Cell::Text(words.get("kpi.counts_yes")),
                Some(false) => Cell::Text(words.get("kpi.missed")),
                None => Cell::Empty,
            };
            let basis = |m: &Measure| Cell::Number(m.counted as f64);
            vec![
                Cell::Text(words.get(area_key(kpi.area()))),
                Cell::Text(words.get(&format!("kpi.{}", kpi.code()))),
                figure(r.now.value),
                Cell::Text(unit_sign(words, kpi)),
                basis(&r.now),
                Cell::Number(r.now.out_of as f64),
                figure(r.before.value),
                target_text(r.target),
                met,
                Cell::Text(words.get(&format!("kpi.{}_formula", kpi.code()))),
            ]
        })
        .collect();
    Table {
        name: words.get("kpi.title"),
        headings: DASHBOARD_HEADINGS.iter().map(|k| words.get(k)).collect(),
        rows,
    }
}

fn drill_table(words: &Words, d: &Drill) -> Table {
    let yes_no = |c: Option<bool>| match c {
        Some(true) => Cell::Text(words.get("kpi.counts_yes")),
        Some(false) => Cell::Text(words.get("kpi.counts_no")),
        None => Cell::Empty,
    };
    let rows = d
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.reference.clone()),
                Cell::Text(
                    d.outlets
                        .get(r.outlet)
                        .map(|o| words.localized(&o.name))
                        .unwrap_or_default(),
                ),
                Cell::Text(r.at.format("%Y-%m-%d %H:%M").to_string()),
                yes_no(r.counts),
                r.amount.map_or(Cell::Empty, |a| Cell::Number(a as f64)),
            ]
        })
        .collect();
    Table {
        name: words.get(&format!("kpi.{}", d.kpi.code())),
        headings: DRILL_HEADINGS.iter().map(|k| words.get(k)).collect(),
        rows,
    }
}

fn xlsx(table: &Table) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| super::error::internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // Sheet names: at most 31 characters, none of []:*?/\.
    let name: String = table
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    sheet.set_name(&name).map_err(failed)?;
    let bold = Format::new().set_bold();
    for (col, heading) in table.headings.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, heading, &bold)
            .map_err(failed)?;
        sheet.set_column_width(col as u16, 16).map_err(failed)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(t) => {
                    sheet.write_string(r, col as u16, t).map_err(failed)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, col as u16, *n).map_err(failed)?;
                }
                Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

fn csv(table: &Table) -> Result<Vec<u8>, AppError> {
    let failed = |e: csv::Error| super::error::internal(format!("csv: {e}"));
    // A byte-order mark first, so spreadsheet programs read the Chinese as UTF-8.
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(&table.headings).map_err(failed)?;
        for row in &table.rows {
            writer
                .write_record(row.iter().map(|c| match c {
                    Cell::Text(t) => t.clone(),
                    Cell::Number(n) => n.to_string(),
                    Cell::Empty => String::new(),
                }))
                .map_err(failed)?;
        }
        writer
            .flush()
            .map_err(|e| super::error::internal(format!("csv: {e}")))?;
    }
    Ok(out)
}

/// The console's translations, read once from the same files the browser apps are built from.
struct Words {
    english: bool,
}

fn translations(english: bool) -> &'static serde_json::Value {
    static ZH: OnceLock<serde_json::Value> = OnceLock::new();
    static EN: OnceLock<serde_json::Value> = OnceLock::new();
    let (cell, text) = match english {
        true => (&EN, include_str!("../../locales/en.json")),
        false => (&ZH, include_str!("../../locales/zh-CN.json")),
    };
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or_default())
}

impl Words {
    fn of(lang: &str) -> Words {
        Words {
            english: lang.starts_with("en"),
        }
    }

    /// `kpi.on_time_delivery` → its text; the key itself if missing (a test keeps every key
    /// used here present).
    fn get(&self, key: &str) -> String {
        key.split('.')
            .try_fold(translations(self.english), |v, part| v.get(part))
            .and_then(|v| v.as_str())
            .map_or_else(|| key.to_string(), str::to_string)
    }

    fn localized(&self, name: &crate::domain::catalog::Localized) -> String {
        match self.english {
            true => name.en.clone(),
            false => name.zh.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_heading_and_name_the_files_use_is_translated() {
        for english in [false, true] {
            let words = Words { english };
            let mut keys: Vec<String> = DASHBOARD_HEADINGS
                .iter()
                .chain(&DRILL_HEADINGS)
                .chain(&[
                    "kpi.title",
                    "kpi.missed",
                    "kpi.counts_yes",
                    "kpi.counts_no",
                    "kpi.hours",
                ])
                .map(|k| k.to_string())
                .collect();
            for kpi in Kpi::ALL {
                keys.push(format!("kpi.{}", kpi.code()));
                keys.push(format!("kpi.{}_formula", kpi.code()));
                keys.push(area_key(kpi.area()).to_string());
            }
            for key in keys {
                assert_ne!(words.get(&key), key, "{key} in {english}");
            }
        }
    }
}
