//! `/staff/kpi-targets`: the targets the dashboard holds each figure to. Headquarters sets
//! the group's; a manager sets an outlet's, which comes first there. A cleared target follows
//! the level above again, down to the guideline's numbers.

use super::kpis::{kpi_name, target_label, tenths_text};
use crate::api::kpis::{get_targets, set_targets};
use crate::domain::ids::OutletId;
use crate::domain::kpi::{Area, Kpi, Target};
use crate::domain::kpi_target::{TargetLine, TargetSheet};
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::format::localized;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn KpiTargetsPage() -> impl IntoView {
    view! {
        <Guard allowed=super::manages sign_in="/staff/login">
            <TargetsScreen />
        </Guard>
    }
}

#[component]
fn TargetsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let first = use_query_map()
        .get_untracked()
        .get("outlet")
        .and_then(|o| o.parse().ok())
        .map(OutletId);
    let asked = RwSignal::new(first);
    let sheet = Load::new(move || get_targets(asked.get()));
    let said = RwSignal::new(None::<Said>);
    view! {
        <h1>{move || t_string!(i18n, targets.title)}</h1>
        <p class="hint">{move || t_string!(i18n, targets.intro)}</p>
        <p class="no-print"><a href="/staff/kpis">{move || t_string!(i18n, targets.back)}</a></p>
        <Notice message=said />
        {move || match sheet.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{crate::ui::errors::error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(s)) => view! { <Sheet sheet=s asked=asked said=said /> }.into_any(),
        }}
    }
}

#[component]
fn Sheet(
    sheet: TargetSheet,
    asked: RwSignal<Option<OutletId>>,
    said: RwSignal<Option<Said>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let scope = sheet.scope;
    let chosen = RwSignal::new(scope.map(|o| o.0.to_string()).unwrap_or_default());
    let show = move |_| {
        said.set(None);
        asked.set(chosen.get_untracked().parse().ok().map(OutletId));
    };
    let typed: Vec<(TargetLine, RwSignal<String>)> = sheet
        .lines
        .iter()
        .map(|line| (*line, RwSignal::new(typed_text(line.own(scope)))))
        .collect();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    // Only targets typed differently from what the server holds are sent, so one another
    // manager changed meanwhile stays as they set it.
    let saved = StoredValue::new(
        typed
            .iter()
            .map(|(line, _)| (line.kpi, typed_text(line.own(scope))))
            .collect::<Vec<_>>(),
    );
    let form = typed.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        said.set(None);
        for (line, value) in &form {
            let text = value.get_untracked();
            if let (false, Err(problem)) = (text.trim().is_empty(), line.kpi.parse_target(&text)) {
                error.set(Some(AppError::invalid(
                    Field::Entry(line.kpi.index()),
                    problem,
                )));
                return;
            }
        }
        let edited: Vec<(Kpi, String)> = form
            .iter()
            .map(|(line, value)| (line.kpi, value.get_untracked().trim().to_string()))
            .filter(|edit| saved.with_value(|saved| !saved.contains(edit)))
            .collect();
        let targets = edited.iter().map(|(k, v)| (k.code(), v.clone())).collect();
        send(pending, error, set_targets(scope, targets), move |_| {
            saved.update_value(|saved| {
                for (kpi, text) in &edited {
                    if let Some(slot) = saved.iter_mut().find(|(k, _)| k == kpi) {
                        slot.1 = text.clone();
                    }
                }
            });
            said.set(Some(Said::new(move || {
                t_string!(i18n, targets.saved).to_string()
            })));
        });
    };
    let sets_group = sheet.sets_group;
    let reached = sheet.reached.clone();
    let area = move |area: Area| {
        let title = move || super::kpis::area_label(i18n, area);
        view! {
            <fieldset class="entries">
                <legend>{title}</legend>
                {typed.iter().filter(|(line, _)| line.kpi.area() == area).map(|(line, value)| {
                    let line = *line;
                    let kpi = line.kpi;
                    let (min, max) = kpi.target_range();
                    view! {
                        <TextField
                            label=Signal::derive(move || kpi_name(i18n, kpi))
                            id=format!("target-{}", kpi.code())
                            value=*value
                            field=Field::Entry(kpi.index())
                            error=error
                            inputmode="decimal"
                            hint=Signal::derive(move || hint(i18n, &line, scope, min, max))
                        />
                    }
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        <div class="kpi-period field-row no-print">
            <div class="field">
                <label for="targets-scope">{move || t_string!(i18n, targets.scope)}</label>
                <select id="targets-scope" bind:value=chosen>
                    {sets_group.then(|| view! { <option value="" selected=scope.is_none()>{move || t_string!(i18n, targets.group)}</option> })}
                    {reached.into_iter().map(|o| {
                        let id = o.id.0.to_string();
                        let selected = scope == Some(o.id);
                        view! { <option value=id selected=selected>{move || localized(i18n, &o.name)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="btn" on:click=show>{move || t_string!(i18n, targets.show)}</button>
        </div>
        <section class="card" aria-labelledby="targets-form-title">
            <h2 id="targets-form-title">{move || if scope.is_some() { t_string!(i18n, targets.outlet_title) } else { t_string!(i18n, targets.group_title) }}</h2>
            <form on:submit=submit novalidate data-testid="targets-form">
                {area(Area::Satisfaction)}
                {area(Area::Responsiveness)}
                {area(Area::Timeliness)}
                {area(Area::Quality)}
                {area(Area::Utilisation)}
                <FormAlert error=error fields=&Field::ENTRIES />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, targets.save).to_string()) pending=pending />
            </form>
        </section>
    }
}

/// A target as the field shows it: `95`, `4.5`, `-10`; empty when none is set.
fn typed_text(target: Option<Target>) -> String {
    target.map_or_else(String::new, |t| {
        let tenths = t.tenths();
        match tenths % 10 {
            0 => (tenths / 10).to_string(),
            _ => tenths_text(tenths),
        }
    })
}

/// What the field accepts and what applies when it is left empty.
fn hint(
    i18n: leptos_i18n::I18nContext<Locale>,
    line: &TargetLine,
    scope: Option<OutletId>,
    min: i32,
    max: i32,
) -> String {
    let direction = if line.kpi.higher_is_better() {
        t_string!(i18n, targets.at_least)
    } else {
        t_string!(i18n, targets.at_most)
    };
    let fallback = target_label(i18n, line.kpi, line.fallback(scope));
    let from = match (scope, line.group) {
        (Some(_), Some(_)) => t_string!(i18n, targets.from_group),
        _ => t_string!(i18n, targets.from_guideline),
    };
    t_string!(
        i18n,
        targets.hint,
        direction = direction,
        min = min,
        max = max,
        fallback = fallback,
        from = from
    )
    .to_string()
}
