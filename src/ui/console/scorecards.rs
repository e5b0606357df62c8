//! `/staff/scorecards` (服务积分): the quarter's scorecards — a manager's people, or one's own —
//! ranked by service points within each outlet and region, with the measures behind the
//! points; headquarters sets the points' weights here.

use super::kpis::tenths_text;
use crate::api::scorecards::{get_score_board, set_point_weights};
use crate::domain::scorecard::{PointsFor, ScoreBoard, Scorecard, Seat};
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::localized;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn ScorecardsPage() -> impl IntoView {
    view! {
        <Guard allowed=super::is_staff sign_in="/staff/login">
            <ScorecardsScreen />
        </Guard>
    }
}

#[component]
fn ScorecardsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let asked = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let board = Load::new(move || get_score_board(asked.get()));
    // Said here, so it stays while the board is counted again with new weights.
    let said = RwSignal::new(None::<Said>);
    Effect::new(move |_| {
        if let Some(Err(e)) = board.get() {
            error.set(Some(e));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        asked.set(typed.get_untracked().trim().to_string());
    };
    view! {
        <h1>{move || t_string!(i18n, scores.title)}</h1>
        <p class="hint">{move || t_string!(i18n, scores.intro)}</p>
        <form class="kpi-period field-row no-print" on:submit=submit novalidate>
            <TextField label=Signal::derive(move || t_string!(i18n, scores.quarter).to_string()) id="scores-quarter" value=typed field=Field::Period error=error
                hint=Signal::derive(move || t_string!(i18n, scores.quarter_hint).to_string()) />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, kpi.show).to_string()) pending=RwSignal::new(false) />
        </form>
        {move || match board.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) if e.field() != Some(Field::Period) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Err(_)) => ().into_any(),
            Some(Ok(b)) => view! { <Board board=b reload=asked said=said /> }.into_any(),
        }}
        <Notice message=said />
    }
}

#[component]
fn Board(
    board: ScoreBoard,
    reload: RwSignal<String>,
    said: RwSignal<Option<Said>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ScoreBoard {
        period,
        outlets,
        weights,
        sets_weights,
        cards,
    } = board;
    let label = period.label();
    let none = cards.is_empty();
    view! {
        <p class="hint" data-testid="scores-period">{move || t_string!(i18n, scores.period, quarter = label.clone())}</p>
        {if none {
            view! { <p class="empty">{move || t_string!(i18n, scores.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="kpis scores">
                        <caption class="visually-hidden">{move || t_string!(i18n, scores.title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || t_string!(i18n, scores.name)}</th>
                                <th scope="col">{move || t_string!(i18n, scores.points)}</th>
                                <th scope="col">{move || t_string!(i18n, scores.ranks)}</th>
                                <th scope="col">{move || t_string!(i18n, scores.orders)}</th>
                                <th scope="col">{move || t_string!(i18n, scores.quality)}</th>
                                <th scope="col">{move || t_string!(i18n, scores.customers)}</th>
                                <th scope="col">{move || t_string!(i18n, scores.assessment)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {cards.into_iter().map(|card| {
                                let outlet = outlets.get(card.facts.outlet).map(|o| o.name.clone());
                                view! { <Card card=card outlet=outlet /> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <Weights weights=weights.0 sets=sets_weights reload=reload said=said />
    }
}

#[component]
fn Card(card: Scorecard, outlet: Option<crate::domain::catalog::Localized>) -> impl IntoView {
    let i18n = use_i18n();
    let f = card.facts.clone();
    let seat = f.seat;
    let share =
        |part: i64, whole: i64| (whole > 0).then(|| tenths_text((part * 1000 + whole / 2) / whole));
    let on_time = share(f.on_time, f.delivered);
    let first_pass = share(f.first_passed, f.inspected);
    let rating = f.rating().map(tenths_text);
    let assessment = f.assessment.map(tenths_text);
    let (points, outlet_rank, region_rank) = (card.points, card.outlet_rank, card.region_rank);
    let (delivered, comebacks, complaints) = (f.delivered, f.comebacks, f.complaints);
    view! {
        <tr data-testid="scorecard" class:own=card.own>
            <th scope="row">
                <span class="kpi-name">{f.name.clone()}</span>
                <span class="kpi-basis">{move || format!("{} · {}", seat_label(i18n, seat), outlet.as_ref().map(|o| localized(i18n, o)).unwrap_or_default())}</span>
            </th>
            <td class="figure"><strong>{tenths_text(points)}</strong></td>
            <td>{move || t_string!(i18n, scores.rank_line, outlet = outlet_rank, region = region_rank)}</td>
            <td>
                {move || t_string!(i18n, scores.orders_line, count = delivered)}
                <span class="kpi-basis">{move || t_string!(i18n, scores.on_time_line, share = on_time.clone().unwrap_or_else(|| "—".into()))}</span>
            </td>
            <td>
                {move || t_string!(i18n, scores.first_pass_line, share = first_pass.clone().unwrap_or_else(|| "—".into()))}
                <span class="kpi-basis">{move || t_string!(i18n, scores.comebacks_line, count = comebacks)}</span>
            </td>
            <td>
                {move || t_string!(i18n, scores.rating_line, rating = rating.clone().unwrap_or_else(|| "—".into()))}
                <span class="kpi-basis">{move || t_string!(i18n, scores.complaints_line, count = complaints)}</span>
            </td>
            <td>{move || assessment.clone().unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}

/// The weights as a sentence for everyone, and as a form for headquarters.
#[component]
fn Weights(
    weights: [u32; 7],
    sets: bool,
    reload: RwSignal<String>,
    said: RwSignal<Option<Said>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let typed: Vec<(PointsFor, RwSignal<String>)> = PointsFor::ALL
        .into_iter()
        .zip(weights)
        .map(|(what, w)| (what, RwSignal::new(w.to_string())))
        .collect();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let form = typed.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        said.set(None);
        for (what, value) in &form {
            if let Err(problem) = PointsFor::parse_weight(&value.get_untracked()) {
                error.set(Some(AppError::invalid(Field::Entry(what.index()), problem)));
                return;
            }
        }
        let values = form.iter().map(|(_, v)| v.get_untracked()).collect();
        send(pending, error, set_point_weights(values), move |_| {
            said.set(Some(Said::new(move || {
                t_string!(i18n, scores.weights_saved).to_string()
            })));
            reload.update(|_| {});
        });
    };
    view! {
        <section class="card" aria-labelledby="weights-title">
            <h2 id="weights-title">{move || t_string!(i18n, scores.weights_title)}</h2>
            <p data-testid="points-rule">{move || t_string!(i18n, scores.rule,
                order = weights[0], on_time = weights[1], first_pass = weights[2], rating = weights[3],
                assessment = weights[4], comeback = weights[5], complaint = weights[6])}</p>
            {sets.then(|| view! {
                <form on:submit=submit novalidate data-testid="weights-form">
                    <div class="entries">
                        {typed.iter().map(|(what, value)| {
                            let what = *what;
                            view! {
                                <TextField label=Signal::derive(move || weight_label(i18n, what)) id=format!("weight-{}", what.as_str())
                                    value=*value field=Field::Entry(what.index()) error=error input_type="number" inputmode="numeric"
                                    hint=Signal::derive(move || t_string!(i18n, scores.weight_hint).to_string()) />
                            }
                        }).collect_view()}
                    </div>
                    <FormAlert error=error fields=&Field::ENTRIES />
                    <SubmitButton label=Signal::derive(move || t_string!(i18n, scores.save_weights).to_string()) pending=pending />
                </form>
            })}
        </section>
    }
}

fn seat_label(i18n: I18nContext<Locale>, seat: Seat) -> String {
    match seat {
        Seat::Advisor => t_string!(i18n, scores.advisor),
        Seat::Technician => t_string!(i18n, scores.technician),
    }
    .to_string()
}

fn weight_label(i18n: I18nContext<Locale>, what: PointsFor) -> String {
    match what {
        PointsFor::Order => t_string!(i18n, scores.weight_order),
        PointsFor::OnTime => t_string!(i18n, scores.weight_on_time),
        PointsFor::FirstPass => t_string!(i18n, scores.weight_first_pass),
        PointsFor::Rating => t_string!(i18n, scores.weight_rating),
        PointsFor::Assessment => t_string!(i18n, scores.weight_assessment),
        PointsFor::Comeback => t_string!(i18n, scores.weight_comeback),
        PointsFor::Complaint => t_string!(i18n, scores.weight_complaint),
    }
    .to_string()
}
