//! `/staff/settings`: the outlet manager's settings — weekday hours, bays, closures and the
//! policy numbers (booking, repair, closing the loop) — each part saved on its own, with its
//! errors next to its fields. Below: the bookings a change left without a place
//! (`BookingsToMove`, which the desk's day board shows too).

use crate::api::outlet_settings::*;
use crate::domain::form_time::parse_date_field;
use crate::domain::outlet_settings::*;
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::{date_label, weekday_name};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::{send, Guard};
use chrono::Weekday;
use leptos::prelude::*;

#[component]
pub fn OutletSettingsPage() -> impl IntoView {
    view! {
        <Guard allowed=super::manages sign_in="/staff/login">
            <SettingsScreen />
        </Guard>
    }
}

#[component]
fn SettingsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let settings = Load::new(get_outlet_settings);
    let moves = Load::new(bookings_to_move);
    let notice = RwSignal::new(None::<Said>);
    // The page is drawn once: refetching it after one part's save would redraw the others and
    // lose what is typed in them. Each part keeps its own values; the list below follows.
    let changed = Callback::new(move |said: Said| {
        notice.set(Some(said));
        moves.refetch();
    });
    view! {
        <h1>{move || t_string!(i18n, settings.title)}</h1>
        <Notice message=notice />
        {move || match settings.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(s)) => view! {
                <div class="settings">
                    <Hours hours=s.hours changed=changed />
                    <Bays bays=s.bays changed=changed />
                    <Closures closures=s.closures.clone() changed=changed />
                    <section class="card" aria-labelledby="to-move-title">
                        <h2 id="to-move-title">{move || t_string!(i18n, settings.to_move_title)}</h2>
                        <BookingsToMoveList moves=moves />
                    </section>
                    <Numbers numbers=s.numbers changed=changed />
                </div>
            }.into_any(),
        }}
    }
}

#[component]
fn Hours(hours: [Option<(u32, u32)>; 7], changed: Callback<Said>) -> impl IntoView {
    let i18n = use_i18n();
    let days: Vec<(RwSignal<bool>, RwSignal<String>, RwSignal<String>)> = hours
        .iter()
        .map(|day| {
            let (opens, closes) = day.unwrap_or((8 * 60 + 30, 18 * 60));
            let hh_mm_of =
                |m| crate::domain::form_time::hh_mm(crate::domain::availability::time_of(m));
            (
                RwSignal::new(day.is_some()),
                RwSignal::new(hh_mm_of(opens)),
                RwSignal::new(hh_mm_of(closes)),
            )
        })
        .collect();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let form = days.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let hours = form
            .iter()
            .map(|(open, opens, closes)| {
                open.get_untracked()
                    .then(|| (opens.get_untracked(), closes.get_untracked()))
            })
            .collect();
        send(pending, error, save_opening_hours(hours), move |_| {
            changed.run(Said::new(move || {
                t_string!(i18n, settings.hours_saved).to_string()
            }));
        });
    };
    let weekdays = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    view! {
        <section class="card" aria-labelledby="hours-title">
            <h2 id="hours-title">{move || t_string!(i18n, settings.hours)}</h2>
            <form on:submit=submit novalidate>
                <table class="hours">
                    <thead>
                        <tr>
                            <th scope="col">{move || t_string!(i18n, settings.weekday)}</th>
                            <th scope="col">{move || t_string!(i18n, settings.open)}</th>
                            <th scope="col">{move || t_string!(i18n, settings.opens)}</th>
                            <th scope="col">{move || t_string!(i18n, settings.closes)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {days.into_iter().zip(weekdays).enumerate().map(|(i, ((open, opens, closes), weekday))| {
                            let field = Field::Weekday(i as u8);
                            let name = move || weekday_name(i18n, weekday);
                            view! {
                                <tr>
                                    <th scope="row" id=format!("day-{i}")>{name}</th>
                                    <td>
                                        <input type="checkbox" id=format!("open-{i}") bind:checked=open
                                            aria-label=move || format!("{} {}", name(), t_string!(i18n, settings.open)) />
                                    </td>
                                    <td>
                                        <input type="time" id=format!("opens-{i}") bind:value=opens disabled=move || !open.get()
                                            aria-label=move || format!("{} {}", name(), t_string!(i18n, settings.opens))
                                            aria-describedby=format!("hours-error-{i}") />
                                    </td>
                                    <td>
                                        <input type="time" id=format!("closes-{i}") bind:value=closes disabled=move || !open.get()
                                            aria-label=move || format!("{} {}", name(), t_string!(i18n, settings.closes))
                                            aria-describedby=format!("hours-error-{i}") />
                                        <FieldError id=format!("hours-error-{i}") field=field error=error />
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <FormAlert error=error fields=&[Field::Weekday(0), Field::Weekday(1), Field::Weekday(2), Field::Weekday(3), Field::Weekday(4), Field::Weekday(5), Field::Weekday(6)] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, settings.save_hours).to_string()) pending=pending />
            </form>
        </section>
    }
}

#[component]
fn Bays(bays: u32, changed: Callback<Said>) -> impl IntoView {
    let i18n = use_i18n();
    let count = RwSignal::new(bays.to_string());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match count.get_untracked().trim().parse::<u32>() {
            Ok(n) => send(pending, error, save_bays(n), move |_| {
                changed.run(Said::new(move || {
                    t_string!(i18n, settings.bays_saved).to_string()
                }));
            }),
            Err(_) => error.set(Some(AppError::invalid(
                Field::Bays,
                crate::domain::Problem::NotBetween {
                    min: 1,
                    max: MAX_BAYS,
                },
            ))),
        }
    };
    view! {
        <section class="card" aria-labelledby="bays-title">
            <h2 id="bays-title">{move || t_string!(i18n, settings.bays)}</h2>
            <form on:submit=submit novalidate>
                <TextField
                    label=Signal::derive(move || t_string!(i18n, settings.bays_label).to_string())
                    id="bays"
                    value=count
                    field=Field::Bays
                    error=error
                    input_type="number"
                    inputmode="numeric"
                    hint=Signal::derive(move || t_string!(i18n, settings.bays_hint).to_string())
                />
                <FormAlert error=error fields=&[Field::Bays] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, settings.save_bays).to_string()) pending=pending />
            </form>
        </section>
    }
}

#[component]
fn Closures(closures: Vec<Closure>, changed: Callback<Said>) -> impl IntoView {
    let i18n = use_i18n();
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let list = RwSignal::new(closures);
    let reloading = RwSignal::new(false);
    let reload = move || {
        send(
            reloading,
            error,
            get_outlet_settings(),
            move |s: OutletSettings| {
                list.set(s.closures);
            },
        );
    };
    let removed = Callback::new(move |_| {
        reload();
        changed.run(Said::new(move || {
            t_string!(i18n, settings.closure_removed).to_string()
        }));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(first_day) = parse_date_field(&first.get_untracked()) else {
            error.set(Some(AppError::invalid(
                Field::FirstDay,
                crate::domain::Problem::Required,
            )));
            return;
        };
        let last_day = parse_date_field(&last.get_untracked()).unwrap_or(first_day);
        send(
            pending,
            error,
            add_closure(first_day, last_day, reason.get_untracked()),
            move |told: Vec<BookingToMove>| {
                let n = told.len();
                first.set(String::new());
                last.set(String::new());
                reason.set(String::new());
                reload();
                changed.run(Said::new(move || {
                    t_string!(i18n, settings.closure_added, count = n).to_string()
                }));
            },
        );
    };
    view! {
        <section class="card" aria-labelledby="closures-title">
            <h2 id="closures-title">{move || t_string!(i18n, settings.closures)}</h2>
            {move || {
                let closures = list.get();
                if closures.is_empty() {
                    view! { <p class="empty">{move || t_string!(i18n, settings.no_closures)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="closures">
                            {closures.into_iter().map(|c| view! { <ClosureRow closure=c removed=removed /> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <form on:submit=submit novalidate aria-label=move || t_string!(i18n, settings.add_closure)>
                <div class="row">
                    <TextField label=Signal::derive(move || t_string!(i18n, settings.first_day).to_string()) id="closure-first" value=first field=Field::FirstDay error=error input_type="date" />
                    <TextField label=Signal::derive(move || t_string!(i18n, settings.last_day).to_string()) id="closure-last" value=last field=Field::LastDay error=error input_type="date"
                        hint=Signal::derive(move || t_string!(i18n, settings.last_day_hint).to_string()) />
                </div>
                <TextField label=Signal::derive(move || t_string!(i18n, settings.reason).to_string()) id="closure-reason" value=reason field=Field::Reason error=error
                    hint=Signal::derive(move || t_string!(i18n, settings.reason_hint).to_string()) />
                <FormAlert error=error fields=&[Field::FirstDay, Field::LastDay, Field::Reason] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, settings.add_closure).to_string()) pending=pending />
            </form>
        </section>
    }
}

#[component]
fn ClosureRow(closure: Closure, removed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let id = closure.id;
    let (first, last) = (closure.first_day, closure.last_day);
    let days = move || match first == last {
        true => date_label(i18n, first),
        false => format!("{} – {}", date_label(i18n, first), date_label(i18n, last)),
    };
    let remove = move |_| {
        send(pending, error, remove_closure(id), move |_| removed.run(()));
    };
    view! {
        <li class="closure" data-testid="closure">
            <span><strong>{days}</strong> " · " {closure.reason.clone()}</span>
            <button type="button" class="btn ghost" on:click=remove disabled=move || pending.get()
                aria-label=move || format!("{} {}", t_string!(i18n, settings.remove), days())>
                {move || t_string!(i18n, settings.remove)}
            </button>
            <FormAlert error=error />
        </li>
    }
}

#[component]
fn Numbers(numbers: Vec<(PolicyNumber, u32)>, changed: Callback<Said>) -> impl IntoView {
    let i18n = use_i18n();
    let typed: Vec<(PolicyNumber, RwSignal<String>)> = numbers
        .iter()
        .map(|(n, v)| (*n, RwSignal::new(v.to_string())))
        .collect();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    // What the server holds, as far as this page knows: only numbers typed differently are
    // sent, so a number another manager changed meanwhile is left as they set it.
    let saved = StoredValue::new(numbers);
    let form = typed.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The browser checks first with the server's own rule; the server checks again.
        for (number, value) in &form {
            if let Err(problem) = number.parse(&value.get_untracked()) {
                error.set(Some(AppError::invalid(Field::Policy(*number), problem)));
                return;
            }
        }
        let edited: Vec<(PolicyNumber, u32)> = form
            .iter()
            .filter_map(|(n, v)| n.parse(&v.get_untracked()).ok().map(|value| (*n, value)))
            .filter(|edit| saved.with_value(|saved| !saved.contains(edit)))
            .collect();
        let values = edited.iter().map(|(n, v)| (*n, v.to_string())).collect();
        send(pending, error, save_policy_numbers(values), move |_| {
            saved.update_value(|saved| {
                for (n, value) in &edited {
                    if let Some(slot) = saved.iter_mut().find(|(s, _)| s == n) {
                        slot.1 = *value;
                    }
                }
            });
            changed.run(Said::new(move || {
                t_string!(i18n, settings.numbers_saved).to_string()
            }));
        });
    };
    let part = move |part: PolicyPart| {
        let title = move || match part {
            PolicyPart::Booking => t_string!(i18n, settings.part_booking),
            PolicyPart::Repair => t_string!(i18n, settings.part_repair),
            PolicyPart::ClosingTheLoop => t_string!(i18n, settings.part_closing),
        };
        view! {
            <fieldset>
                <legend>{title}</legend>
                {typed.iter().filter(|(n, _)| n.part() == part).map(|(number, value)| {
                    let number = *number;
                    let (min, max) = number.range();
                    view! {
                        <TextField
                            label=Signal::derive(move || policy_label(i18n, number))
                            id=format!("policy-{}", number.column())
                            value=*value
                            field=Field::Policy(number)
                            error=error
                            input_type="number"
                            inputmode="numeric"
                            hint=Signal::derive(move || t_string!(i18n, settings.range, min = min, max = max, unit = unit_label(i18n, number.unit())).to_string())
                        />
                    }
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        <section class="card" aria-labelledby="numbers-title">
            <h2 id="numbers-title">{move || t_string!(i18n, settings.numbers)}</h2>
            <form on:submit=submit novalidate>
                {part(PolicyPart::Booking)}
                {part(PolicyPart::Repair)}
                {part(PolicyPart::ClosingTheLoop)}
                <FormAlert error=error fields=&POLICY_FIELDS />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, settings.save_numbers).to_string()) pending=pending />
            </form>
        </section>
    }
}

const POLICY_FIELDS: [Field; 20] = {
    let mut fields = [Field::Policy(PolicyNumber::SlotMinutes); 20];
    let mut i = 0;
    while i < 20 {
        fields[i] = Field::Policy(PolicyNumber::ALL[i]);
        i += 1;
    }
    fields
};

/// The bookings that lost their place, for the manager here and the desk on its day board.
#[component]
pub fn BookingsToMoveList(moves: Load<Result<Vec<BookingToMove>, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match moves.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{move || t_string!(i18n, settings.to_move_empty)}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="to-move">
                {list.into_iter().map(|b| {
                    let why = b.why;
                    let (date, start) = (b.date, b.start);
                    view! {
                        <li data-testid="booking-to-move">
                            <strong>{move || format!("{} {}", date_label(i18n, date), crate::domain::form_time::hh_mm(start))}</strong>
                            " · " <span class="mono">{b.number.as_str().to_string()}</span>
                            " · " <span class="plate">{b.plate.to_string()}</span>
                            " · " {b.customer_name.clone()} " " {b.phone_masked.clone()}
                            " " <span class="badge urgent">{move || why_label(i18n, why)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any(),
    }
    }
}

fn why_label(i18n: leptos_i18n::I18nContext<Locale>, why: WhyMove) -> &'static str {
    match why {
        WhyMove::Closed => t_string!(i18n, settings.why_closed),
        WhyMove::OutsideHours => t_string!(i18n, settings.why_outside_hours),
        WhyMove::OverCapacity => t_string!(i18n, settings.why_over_capacity),
    }
}

fn unit_label(i18n: leptos_i18n::I18nContext<Locale>, unit: Unit) -> &'static str {
    match unit {
        Unit::Minutes => t_string!(i18n, settings.unit_minutes),
        Unit::Hours => t_string!(i18n, settings.unit_hours),
        Unit::Days => t_string!(i18n, settings.unit_days),
        Unit::Count => t_string!(i18n, settings.unit_count),
        Unit::Percent => t_string!(i18n, settings.unit_percent),
        Unit::Yuan => t_string!(i18n, settings.unit_yuan),
        Unit::Km => t_string!(i18n, settings.unit_km),
    }
}

fn policy_label(i18n: leptos_i18n::I18nContext<Locale>, number: PolicyNumber) -> String {
    use PolicyNumber as P;
    match number {
        P::SlotMinutes => t_string!(i18n, policy.slot_minutes),
        P::MinNoticeMinutes => t_string!(i18n, policy.min_notice_minutes),
        P::CutoffHours => t_string!(i18n, policy.cutoff_hours),
        P::HorizonDays => t_string!(i18n, policy.horizon_days),
        P::MaxActiveBookings => t_string!(i18n, policy.max_active_bookings),
        P::MaxBookingsPerWindow => t_string!(i18n, policy.max_bookings_per_window),
        P::FirstUpdateHours => t_string!(i18n, policy.first_update_hours),
        P::ProcessingHours => t_string!(i18n, policy.processing_hours),
        P::UrgentFirstUpdateHours => t_string!(i18n, policy.urgent_first_update_hours),
        P::UrgentProcessingHours => t_string!(i18n, policy.urgent_processing_hours),
        P::AtRiskPercent => t_string!(i18n, policy.at_risk_percent),
        P::LabourRateYuan => t_string!(i18n, policy.labour_rate),
        P::WarrantyPromiseDays => t_string!(i18n, policy.warranty_promise_days),
        P::WarrantyPromiseKm => t_string!(i18n, policy.warranty_promise_km),
        P::TrackingLinkDays => t_string!(i18n, policy.tracking_link_days),
        P::SurveyValidDays => t_string!(i18n, policy.survey_valid_days),
        P::FollowUpHours => t_string!(i18n, policy.follow_up_hours),
        P::RoutineFollowUpDays => t_string!(i18n, policy.routine_follow_up_days),
        P::ComplaintResponseHours => t_string!(i18n, policy.complaint_response_hours),
        P::MaxComplaintsPerDay => t_string!(i18n, policy.max_complaints_per_day),
    }
    .to_string()
}
