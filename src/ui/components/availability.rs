//! The availability grid: the next days as a strip (with how many windows are free), a date
//! field for typing a date, and the chosen day's windows with their remaining places.

use crate::domain::booking::Availability;
use crate::domain::form_time::parse_date_field;
use crate::domain::{AppError, Field, Problem};
use crate::ui::components::{FieldError, Loading};
use crate::ui::errors::error_text;
use crate::ui::format::{date_label, window_label};
use crate::ui::i18n::*;
use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;

/// `grid` is `None` until there is something to ask (no services chosen yet), then the
/// server's answer. `chosen` is the picked window; `error` the form's error signal.
#[component]
pub fn AvailabilityPicker(
    #[prop(into)] grid: Signal<Option<Option<Result<Availability, AppError>>>>,
    chosen: RwSignal<Option<(NaiveDate, NaiveTime)>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let day = RwSignal::new(None::<NaiveDate>);
    let typed_date = RwSignal::new(String::new());

    move || match grid.get() {
        None => view! { <Loading /> }.into_any(),
        Some(None) => {
            view! { <p class="muted">{move || t_string!(i18n, booking.pick_services_first)}</p> }
                .into_any()
        }
        Some(Some(Err(e))) => {
            view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }
                .into_any()
        }
        Some(Some(Ok(availability))) => {
            let first = availability.days.first().map(|d| d.date);
            let last = availability.days.last().map(|d| d.date);
            if day
                .get_untracked()
                .is_none_or(|d| !availability.days.iter().any(|x| x.date == d))
            {
                let first_free = availability
                    .days
                    .iter()
                    .find(|d| d.free_windows() > 0)
                    .map(|d| d.date);
                let initial = first_free.or(first);
                day.set(initial);
                typed_date.set(initial.map(|d| d.to_string()).unwrap_or_default());
            }
            let strip = availability
                .days
                .iter()
                .map(|d| {
                    let date = d.date;
                    let free = d.free_windows();
                    let open = d.open;
                    let selected = move || day.get() == Some(date);
                    view! {
                        <button
                            type="button"
                            class="day"
                            class:selected=selected
                            class:closed=!open
                            aria-pressed=move || selected().to_string()
                            on:click=move |_| {
                                day.set(Some(date));
                                typed_date.set(date.to_string());
                            }
                        >
                            <span class="day-date">{move || date_label(i18n, date)}</span>
                            <span class="day-free">
                                {move || {
                                    if !open {
                                        t_string!(i18n, booking.closed).to_string()
                                    } else if free == 0 {
                                        t_string!(i18n, booking.full).to_string()
                                    } else {
                                        t_string!(i18n, booking.free_windows, count = free).to_string()
                                    }
                                }}
                            </span>
                        </button>
                    }
                })
                .collect_view();
            let windows_of_day = {
                let availability = availability.clone();
                move || {
                    let Some(date) = day.get() else {
                        return ().into_any();
                    };
                    let Some(d) = availability.days.iter().find(|d| d.date == date) else {
                        return ().into_any();
                    };
                    if d.windows.is_empty() {
                        return view! { <p class="muted">{move || t_string!(i18n, booking.no_windows)}</p> }
                            .into_any();
                    }
                    d.windows
                        .iter()
                        .map(|w| {
                            let (start, end, remaining) = (w.start, w.end, w.remaining);
                            let selected = move || chosen.get() == Some((date, start));
                            view! {
                                <button
                                    type="button"
                                    class="window"
                                    class:selected=selected
                                    disabled=remaining == 0
                                    aria-pressed=move || selected().to_string()
                                    on:click=move |_| {
                                        chosen.set(Some((date, start)));
                                        error.update(|e| {
                                            if matches!(e.as_ref().and_then(AppError::field), Some(Field::Window | Field::Date)) {
                                                *e = None;
                                            }
                                        });
                                    }
                                >
                                    <span class="window-time">{window_label(start, end)}</span>
                                    <span class="window-left">
                                        {move || {
                                            if remaining == 0 {
                                                t_string!(i18n, booking.full).to_string()
                                            } else {
                                                t_string!(i18n, booking.places_left, count = remaining).to_string()
                                            }
                                        }}
                                    </span>
                                </button>
                            }
                        })
                        .collect_view()
                        .into_any()
                }
            };
            // A typed date outside the grid is answered at once, the way the server would.
            let on_date = move |_| {
                let text = typed_date.get_untracked();
                match (parse_date_field(&text).ok_or(()), first, last) {
                    (Ok(date), Some(first), _) if date < first => {
                        error.set(Some(AppError::invalid(Field::Date, Problem::DateInPast)));
                    }
                    (Ok(date), _, Some(last)) if date > last => {
                        let days = availability.days.len() as u32;
                        error.set(Some(AppError::invalid(
                            Field::Date,
                            Problem::DateBeyondHorizon { days },
                        )));
                    }
                    (Ok(date), _, _) => {
                        day.set(Some(date));
                        error.update(|e| {
                            if e.as_ref().and_then(AppError::field) == Some(Field::Date) {
                                *e = None;
                            }
                        });
                    }
                    (Err(_), _, _) => {
                        error.set(Some(AppError::invalid(Field::Date, Problem::Required)))
                    }
                }
            };
            view! {
                <div class="availability">
                    <div class="field date-field">
                        <label for="booking-date">{move || t_string!(i18n, booking.date)}</label>
                        <input
                            id="booking-date"
                            type="date"
                            min=first.map(|d| d.to_string())
                            max=last.map(|d| d.to_string())
                            bind:value=typed_date
                            on:change=on_date
                            aria-describedby="booking-date-error"
                        />
                        <FieldError id="booking-date-error" field=Field::Date error=error />
                    </div>
                    <div class="day-strip" role="group" aria-label=move || t_string!(i18n, booking.days_label)>
                        {strip}
                    </div>
                    <div class="window-grid" role="group" aria-label=move || t_string!(i18n, booking.windows_label)>
                        {windows_of_day}
                    </div>
                    <FieldError id="booking-window-error" field=Field::Window error=error />
                </div>
            }
            .into_any()
        }
    }
}
