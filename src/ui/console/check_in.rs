//! `/staff/check-in`: reception (接待). From the day board (`?booking=BK…`) or for a walk-in
//! (mobile number and plate). Shows the car's history, then records the customer type, the
//! odometer, fuel, the customer's own words, expectations, the walk-around, the promised time
//! and the old-parts choice, and opens the work order.

use crate::api::work_orders::{check_in_car, prepare_check_in};
use crate::domain::booking::BookingNumber;
use crate::domain::estimate::{format_hundredths, ConsentForm, NewLine, Totals};
use crate::domain::form_time::{datetime_field, parse_datetime_field};
use crate::domain::ids::ServiceTypeId;
use crate::domain::standard_work::{initial_estimate, initial_total, proposed, StandardWork};
use crate::domain::warranty::RepairCategory;
use crate::domain::work_order::{
    ApprovalMethod, CheckInForm, CheckInStart, CustomerType, OldParts, WorkOrderNumber,
    WorkOrderStatus,
};
use crate::domain::{AppError, Conflict, Field};
use crate::ui::components::*;
use crate::ui::console::{is_staff, ReceptionOnly};
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::shell::{send, Guard};
use chrono::{Duration, NaiveDateTime};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn CheckIn() -> impl IntoView {
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <ReceptionOnly>
                <CheckInScreen />
            </ReceptionOnly>
        </Guard>
    }
}

#[component]
fn CheckInScreen() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let booking = query
        .with_untracked(|q| q.get("booking"))
        .and_then(|b| BookingNumber::parse(&b).ok());
    // `?rework=WO…` from a delivered order's page: the same customer and car.
    let rework = query
        .with_untracked(|q| q.get("rework"))
        .and_then(|n| WorkOrderNumber::parse(&n).ok());
    let phone = RwSignal::new(String::new());
    let plate = RwSignal::new(String::new());
    let start = RwSignal::new(None::<CheckInStart>);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let base = StoredValue::new(CheckInForm {
        booking: booking.clone(),
        rework_of: rework.clone(),
        ..Default::default()
    });
    let lookup = move || {
        let form = CheckInForm {
            phone: phone.get_untracked(),
            plate: plate.get_untracked(),
            ..base.get_value()
        };
        send(pending, error, prepare_check_in(form), move |s| {
            start.set(Some(s))
        });
    };
    let known = booking.is_some() || rework.is_some();
    if known {
        lookup();
    }
    view! {
        <h1>{move || t_string!(i18n, order.check_in_title)}</h1>
        {(!known).then(|| view! {
            <form class="card" on:submit=move |ev| { ev.prevent_default(); lookup(); } novalidate>
                <p class="muted">{move || t_string!(i18n, order.walk_in_hint)}</p>
                <TextField label=Signal::derive(move || t_string!(i18n, auth.phone).to_string()) id="walk-in-phone" value=phone field=Field::Phone error=error input_type="tel" inputmode="tel" />
                <TextField label=Signal::derive(move || t_string!(i18n, car.plate).to_string()) id="walk-in-plate" value=plate field=Field::Plate error=error />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, order.lookup).to_string()) pending=pending />
            </form>
        })}
        <FormAlert error=error fields=&[Field::Phone, Field::Plate] />
        {move || start.get().map(|s| view! { <CheckInFormView start=s base=CheckInForm { phone: phone.get_untracked(), plate: plate.get_untracked(), ..base.get_value() } /> })}
    }
}

fn promise_default(now: NaiveDateTime) -> String {
    datetime_field(now + Duration::hours(4))
}

#[component]
fn CheckInFormView(start: CheckInStart, base: CheckInForm) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let rework = RwSignal::new(base.rework_of.clone());
    let photos = RwSignal::new(Vec::<ReadyPhoto>::new());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let failure = RwSignal::new(None::<(String, String)>);
    // Set once the order is open (photos may still be uploading or have failed).
    let opened = RwSignal::new(None::<WorkOrderNumber>);
    let customer_type = RwSignal::new(start.suggested_type.as_str().to_string());
    let category = RwSignal::new(RepairCategory::Minor.as_str().to_string());
    let odometer = RwSignal::new(start.last_odometer_km.to_string());
    let fuel = RwSignal::new("50".to_string());
    let words = RwSignal::new(start.customer_words.clone());
    let expectations = RwSignal::new(String::new());
    let walk_around = RwSignal::new(String::new());
    let promised = RwSignal::new(promise_default(start.now));
    let old_parts = RwSignal::new(OldParts::Returned.as_str().to_string());
    let urgent = RwSignal::new(start.urgent);
    let again = StoredValue::new(base.clone());
    let services = RwSignal::new(start.booked.clone());
    // The catalogue and rate the estimate is priced from; read again if the server finds they
    // changed since (the customer then signs the new total).
    let catalogue = RwSignal::new(start.catalogue.clone());
    let rate = RwSignal::new(start.labour_rate);
    let lines = Memo::new(move |_| {
        let chosen = services.get();
        catalogue.with(|all| {
            let works: Vec<&StandardWork> =
                all.iter().filter(|w| chosen.contains(&w.service)).collect();
            initial_estimate(&works, rate.get())
        })
    });
    let consent_method = RwSignal::new(ApprovalMethod::InPerson);
    let consent_note = RwSignal::new(String::new());
    let signature = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = CheckInForm {
            customer_type: customer_type.get_untracked().parse().ok(),
            repair_category: category.get_untracked().parse().ok(),
            odometer_km: odometer.get_untracked(),
            fuel_percent: fuel.get_untracked().parse().unwrap_or(101),
            customer_words: words.get_untracked(),
            expectations: expectations.get_untracked(),
            walk_around: walk_around.get_untracked(),
            promised_at: parse_datetime_field(&promised.get_untracked()),
            old_parts: old_parts.get_untracked().parse().ok(),
            urgent: urgent.get_untracked(),
            rework_of: rework.get_untracked(),
            services: services.get_untracked(),
            consent: ConsentForm {
                method: Some(consent_method.get_untracked()),
                note: consent_note.get_untracked(),
                signature_png: signature.get_untracked().unwrap_or_default(),
                total: lines.with_untracked(|l| initial_total(l)),
            },
            ..base.clone()
        };
        // The order first; then the walk-around photos, one by one with progress. A photo that
        // fails leaves the order open and says so, with the way to its page; pressing the
        // button again then retries the photos left, never opening a second order.
        let upload = {
            let navigate = navigate.clone();
            move |number: WorkOrderNumber| {
                let navigate = navigate.clone();
                failure.set(None);
                let page = format!("/staff/orders/{}", number.as_str());
                leptos::task::spawn_local(async move {
                    match upload_all(
                        number.as_str().to_string(),
                        photos,
                        String::new(),
                        None,
                        progress,
                    )
                    .await
                    {
                        Ok(()) => navigate(&page, Default::default()),
                        Err((n, e)) => failure.set(Some((upload_failure(i18n, n, &e), page))),
                    }
                });
            }
        };
        if let Some(number) = opened.get_untracked() {
            upload(number);
            return;
        }
        send(pending, error, check_in_car(form), move |number| {
            opened.set(Some(number.clone()));
            upload(number);
        });
    };
    // The outlet's prices changed while the customer was reading: show the new estimate.
    Effect::new(move |_| {
        if matches!(
            error.get(),
            Some(AppError::Conflict(Conflict::EstimateRepriced))
        ) {
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = prepare_check_in(again.get_value()).await {
                    catalogue.set(fresh.catalogue);
                    rate.set(fresh.labour_rate);
                }
            });
        }
    });
    let choose_rework = move |number: Option<WorkOrderNumber>| rework.set(number);
    let label =
        move |f: fn(leptos_i18n::I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    view! {
        <section class="card">
            <p><strong>{start.customer_name.clone()}</strong> " " <span class="phone">{start.phone_masked.clone()}</span></p>
            <p><span class="plate">{start.plate.to_string()}</span> " " {start.car_model.clone()}</p>
            <h2>{move || t_string!(i18n, order.history)}</h2>
            {if start.history.is_empty() {
                view! { <p class="muted">{move || t_string!(i18n, order.no_history)}</p> }.into_any()
            } else {
                view! {
                    <ul class="history">
                        {start.history.iter().map(|o| {
                            let status = o.status;
                            let category = o.category;
                            let km = o.odometer_km;
                            let here = o.here.clone();
                            let delivered = status == WorkOrderStatus::Delivered;
                            let cover = o.warranty;
                            let today = start.now.date();
                            let outlet = o.outlet_name.clone();
                            let work = o.work.clone();
                            view! {
                                <li>
                                    <span>
                                        {let at = o.checked_in_at; move || datetime_label(i18n, at)}
                                        " · " {move || outlet.get(lang(i18n)).to_string()}
                                        " · " {move || category_label(i18n, category)}
                                        " · " {move || t_string!(i18n, order.history_km, km = km).to_string()}
                                        " · " {move || order_status_label(i18n, status)}
                                    </span>
                                    {(!work.is_empty()).then(|| view! {
                                        <span class="muted">{move || {
                                            let language = lang(i18n);
                                            list(i18n, work.iter().map(|w| w.item_in(language).to_owned()))
                                        }}</span>
                                    })}
                                    {here.as_ref().map(|h| view! { <span class="words">{h.customer_words.clone()}</span> })}
                                    {cover.map(|w| {
                                        let covered = w.covers(today, 0);
                                        view! {
                                            <span class=if covered { "badge ok" } else { "badge" }>
                                                {move || if covered {
                                                    t_string!(i18n, order.in_warranty, date = w.until_date.to_string(), km = w.until_km).to_string()
                                                } else {
                                                    t_string!(i18n, order.out_of_warranty).to_string()
                                                }}
                                            </span>
                                        }
                                    })}
                                    {here.filter(|_| delivered).map(|h| {
                                        let number = h.number;
                                        let (shown, pressed, clicked) = (number.clone(), number.clone(), number.clone());
                                        view! {
                                            <button type="button" class="btn" class:selected=move || rework.get().as_ref() == Some(&shown)
                                                aria-pressed=move || (rework.get().as_ref() == Some(&pressed)).to_string()
                                                on:click=move |_| {
                                                    let again = rework.get_untracked().as_ref() == Some(&clicked);
                                                    choose_rework(if again { None } else { Some(clicked.clone()) })
                                                }>
                                                {move || t_string!(i18n, order.rework)}
                                            </button>
                                        }
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <form class="card check-in" on:submit=submit novalidate>
            <div class="field">
                <label for="customer-type">{move || t_string!(i18n, order.customer_type)}</label>
                <select id="customer-type" bind:value=customer_type>
                    {CustomerType::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{move || customer_type_label(i18n, c)}</option> }).collect_view()}
                </select>
                <Show when=move || customer_type.get() == CustomerType::Complaint.as_str()>
                    <p class="alert alert-warning">{move || t_string!(i18n, order.complaint_flag)}</p>
                </Show>
            </div>
            <div class="field">
                <label for="category">{move || t_string!(i18n, order.category)}</label>
                <select id="category" bind:value=category>
                    {RepairCategory::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{move || category_label(i18n, c)}</option> }).collect_view()}
                </select>
            </div>
            <TextField label=label(|i| t_string!(i, order.odometer_in).to_string()) id="odometer" value=odometer field=Field::Odometer error=error inputmode="numeric" />
            <TextField label=label(|i| t_string!(i, order.fuel).to_string()) id="fuel" value=fuel field=Field::Fuel error=error input_type="number" inputmode="numeric" />
            <TextField label=label(|i| t_string!(i, order.words).to_string()) id="words" value=words field=Field::CustomerWords error=error multiline=true />
            <TextField label=label(|i| t_string!(i, order.expectations).to_string()) id="expectations" value=expectations field=Field::Expectations error=error multiline=true />
            <TextField label=label(|i| t_string!(i, order.walk_around).to_string()) id="walk-around" value=walk_around field=Field::WalkAround error=error multiline=true />
            <TextField label=label(|i| t_string!(i, order.promised_at).to_string()) id="promised" value=promised field=Field::PromisedAt error=error input_type="datetime-local" />
            <div class="field">
                <label for="old-parts">{move || t_string!(i18n, order.old_parts_label)}</label>
                <select id="old-parts" bind:value=old_parts>
                    {OldParts::ALL.into_iter().map(|o| view! { <option value=o.as_str()>{move || old_parts_label(i18n, o)}</option> }).collect_view()}
                </select>
            </div>
            <label class="check"><input type="checkbox" bind:checked=urgent /> {move || t_string!(i18n, order.urgent)}</label>
            <div class="field">
                <span class="label">{move || t_string!(i18n, order.walk_around_photos)}</span>
                <PhotoPicker photos=photos id="walk-around-photo" />
            </div>
            {move || rework.get().map(|n| view! {
                <p class="alert alert-info">{move || t_string!(i18n, order.rework_of)} ": " <span class="mono">{n.as_str().to_string()}</span></p>
            })}
            <FieldError id="rework-error" field=Field::ReworkOf error=error />
            <InitialEstimate catalogue=catalogue lines=lines services=services
                method=consent_method note=consent_note signature=signature error=error />
            <FormAlert error=error fields=&[Field::Odometer, Field::Fuel, Field::CustomerWords, Field::Expectations, Field::WalkAround, Field::PromisedAt, Field::ReworkOf, Field::Services, Field::Method, Field::Note, Field::Signature] />
            <UploadProgress progress=progress />
            {move || failure.get().map(|(text, page)| view! {
                <div class="alert alert-error" role="alert">
                    <p>{text}</p>
                    <a class="btn" href=page>{move || t_string!(i18n, order.open)}</a>
                </div>
            })}
            <SubmitButton
                label=Signal::derive(move || if opened.get().is_some() { t_string!(i18n, order.retry_photos).to_string() } else { t_string!(i18n, order.open_order).to_string() })
                pending=Signal::derive(move || pending.get() || progress.get().is_some())
                class="btn primary large" />
        </form>
    }
}

/// The initial estimate (初始估价): the services ticked (a booking's at first), each with its
/// standard hours at the outlet's rate and the parts it normally uses, and the customer's
/// consent to it — signed on the tablet, or by phone with the call's note. The server prices
/// it again from the catalogue; this is what the customer sees before signing.
#[component]
fn InitialEstimate(
    catalogue: RwSignal<Vec<StandardWork>>,
    lines: Memo<Vec<NewLine>>,
    services: RwSignal<Vec<ServiceTypeId>>,
    method: RwSignal<ApprovalMethod>,
    note: RwSignal<String>,
    signature: RwSignal<Option<String>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // A signature is for the estimate as it was shown: a changed estimate, or another way of
    // consenting, starts without one (the pad is drawn anew, blank).
    Effect::new(move |before: Option<()>| {
        lines.track();
        method.track();
        if before.is_some() {
            signature.set(None);
        }
    });
    let toggle = move |id: ServiceTypeId| {
        services.update(|s| {
            if let Some(at) = s.iter().position(|x| *x == id) {
                s.remove(at);
            } else {
                s.push(id);
            }
        })
    };
    view! {
        <fieldset class="initial-estimate" aria-describedby="initial-hint">
            <legend>{move || t_string!(i18n, order.initial_estimate)}</legend>
            <p class="muted" id="initial-hint">{move || t_string!(i18n, order.initial_hint)}</p>
            <div class="service-choices">
                {move || catalogue.get().into_iter().map(|work| {
                    let id = work.service;
                    let hours = work.labour_hours;
                    let name = work.name.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || services.with(|s| s.contains(&id)) on:change=move |_| toggle(id) />
                            {move || name.get(lang(i18n)).to_string()}
                            {(hours > 0).then(|| view! { <span class="muted">{format!(" · {} h", format_hundredths(hours))}</span> })}
                        </label>
                    }
                }).collect_view()}
            </div>
            <FieldError id="services-error" field=Field::Services error=error />
            {move || {
                let lines = proposed(lines.get());
                if lines.is_empty() {
                    return view! { <p class="muted" data-testid="initial-estimate">{move || t_string!(i18n, order.no_initial)}</p> }.into_any();
                }
                let totals = Totals::of(&lines);
                view! {
                    <div data-testid="initial-estimate"><EstimateTable lines=lines totals=totals proposed=true /></div>
                    <DeskSignOff id="consent" method=method note=note signature=signature error=error />
                }.into_any()
            }}
        </fieldset>
    }
}
