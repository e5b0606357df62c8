//! The customer-service manager's complaints: `/staff/complaints`, the queue ordered by the
//! time left on each complaint's current deadline (filters: outlet, stage, category, severity), and
//! `/staff/complaints/:number`, one complaint with the form of its current stage, notes and
//! messages to the customer, and the whole timeline.

use crate::api::complaints::{
    add_complaint_photo, complaint_outlets, complaint_queue, complaint_step, staff_complaint,
};
use crate::domain::complaint::*;
use crate::domain::follow_up::FollowUpForm;
use crate::domain::form_time::{datetime_field, parse_datetime_field};
use crate::domain::ids::TechnicianId;
use crate::domain::photo::PhotoRef;
use crate::domain::{AppError, Conflict, Field};
use crate::ui::components::*;
use crate::ui::console::works_follow_ups;
use crate::ui::errors::error_text;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use leptos_use::use_interval_fn;

#[component]
pub fn ComplaintQueue() -> impl IntoView {
    view! {
        <Guard allowed=works_follow_ups sign_in="/staff/login">
            <QueueScreen />
        </Guard>
    }
}

#[component]
fn QueueScreen() -> impl IntoView {
    let i18n = use_i18n();
    let outlet = RwSignal::new(String::new());
    let stage = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let severity = RwSignal::new(String::new());
    let outlets = Load::new(complaint_outlets);
    let queue = Load::new(move || {
        complaint_queue(ComplaintFilter {
            outlet: outlet
                .get()
                .parse::<i64>()
                .ok()
                .map(crate::domain::ids::OutletId),
            stage: stage.get().parse().ok(),
            category: category.get().parse().ok(),
            severity: severity.get().parse().ok(),
        })
    });
    let _ = use_interval_fn(move || queue.refetch(), 30_000);
    view! {
        <h1>{move || t_string!(i18n, complaints.queue)}</h1>
        <div class="filters" role="group" aria-label=move || t_string!(i18n, complaints.filters)>
            <div class="field">
                <label for="filter-outlet">{move || t_string!(i18n, complaints.outlet_filter)}</label>
                <select id="filter-outlet" bind:value=outlet>
                    <option value="">{move || t_string!(i18n, complaints.all_outlets)}</option>
                    {move || outlets.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|o| {
                        let name = o.name.clone();
                        view! { <option value=o.id.0.to_string()>{move || localized(i18n, &name)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-stage">{move || t_string!(i18n, complaints.stage)}</label>
                <select id="filter-stage" bind:value=stage>
                    <option value="">{move || t_string!(i18n, complaints.all_open)}</option>
                    {ComplaintStage::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{move || complaint_stage_label(i18n, s)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-category">{move || t_string!(i18n, complaints.category)}</label>
                <select id="filter-category" bind:value=category>
                    <option value="">{move || t_string!(i18n, complaints.all)}</option>
                    {ComplaintCategory::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{move || complaint_category_label(i18n, c)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-severity">{move || t_string!(i18n, complaints.severity)}</label>
                <select id="filter-severity" bind:value=severity>
                    <option value="">{move || t_string!(i18n, complaints.all)}</option>
                    {Severity::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{move || severity_label(i18n, s)}</option> }).collect_view()}
                </select>
            </div>
        </div>
        {move || match queue.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{move || t_string!(i18n, complaints.queue_empty)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="cards complaint-queue">
                    {list.into_iter().map(|c| view! { <QueueRow item=c /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn QueueRow(item: ComplaintQueueItem) -> impl IntoView {
    let i18n = use_i18n();
    let (stage, category, severity, left, outlet) = (
        item.stage,
        item.category,
        item.severity,
        item.minutes_left,
        item.outlet_name.clone(),
    );
    view! {
        <li class="card" class:overdue=item.overdue data-testid="complaint-row">
            <p>
                <a class="btn ghost mono" href=format!("/staff/complaints/{}", item.number.as_str())>{item.number.as_str().to_string()}</a>
                " " <span class="badge">{move || complaint_stage_label(i18n, stage)}</span>
                " " <span class="badge" class:urgent=severity == Severity::High>{move || severity_label(i18n, severity)}</span>
                {item.escalated.then(|| view! { " " <span class="badge urgent">{move || t_string!(i18n, complaints.escalated_badge)}</span> })}
                " " <strong>{item.customer_name.clone()}</strong>
            </p>
            <p class="muted">
                {move || complaint_category_label(i18n, category)} " · " {move || localized(i18n, &outlet)}
                {item.order.clone().map(|o| view! { " · " <span class="mono">{o.as_str().to_string()}</span> })}
                {item.plate.clone().map(|p| view! { " · " <span class="plate">{p.to_string()}</span> })}
                {left.map(|m| view! { " · " <span class:late=m < 0>{move || time_left_label(i18n, m)}</span> })}
            </p>
        </li>
    }
}

#[component]
pub fn StaffComplaint() -> impl IntoView {
    view! {
        <Guard allowed=works_follow_ups sign_in="/staff/login">
            <ComplaintScreen />
        </Guard>
    }
}

#[component]
fn ComplaintScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = StoredValue::new(params.with_untracked(|p| p.get("number").unwrap_or_default()));
    // What the customer writes and every step appear the moment they happen.
    let (tick, live) = use_live(format!("/live/complaints/{}", number.get_value()));
    let complaint = Load::new(move || {
        tick.track();
        staff_complaint(number.get_value())
    });
    let notice = RwSignal::new(None::<Said>);
    let refetch = Callback::new(move |_: ()| complaint.refetch());
    // The forms outlive the page's re-reads, so what is typed stays while the timeline moves:
    // the step form is drawn anew only when the stage changes, the note and evidence forms
    // once. A failed re-read keeps the last stage (and the forms). Each step is checked
    // against the latest version read.
    let stage = Memo::new(
        move |last: Option<&Option<ComplaintStage>>| match complaint.get() {
            Some(Ok(view)) => Some(view.stage),
            _ => last.copied().flatten(),
        },
    );
    let loaded = Memo::new(move |_| stage.get().is_some());
    let version = Memo::new(move |last: Option<&i64>| match complaint.get() {
        Some(Ok(view)) => view.version,
        _ => last.copied().unwrap_or_default(),
    });
    let current = move || complaint.get_untracked().and_then(Result::ok);
    let step_form = move || {
        stage.get()?;
        let view = current()?;
        Some(
            view! { <StepForm view=view version=Signal::from(version) notice=notice on_done=refetch /> },
        )
    };
    let other_forms = move || {
        loaded.get().then_some(())?;
        let view = current()?;
        Some(view! {
            <NoteForm number=view.number.clone() technicians=view.technicians.clone() version=Signal::from(version) notice=notice on_done=refetch />
            <EvidenceForm number=view.number.clone() notice=notice on_done=refetch />
        })
    };
    view! {
        <p><a href="/staff/complaints">{move || t_string!(i18n, complaints.back_to_queue)}</a></p>
        <LiveBadge live=live />
        <Notice message=notice />
        {move || match complaint.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(view)) => {
                let (due, responded, overdue, escalated) = (view.response_due_at, view.first_response_at, view.overdue, view.escalated);
                view! {
                    <ComplaintHeader view=view.clone() />
                    <section class="card">
                        <p>
                            <strong>{view.customer_name.clone()}</strong> " "
                            <a class="btn ghost" href=format!("tel:{}", view.phone)>{move || t_string!(i18n, follow_up.call)} " " {view.phone.clone()}</a>
                        </p>
                        <p class:late=overdue>
                            {move || match responded {
                                Some(at) => t_string!(i18n, complaints.responded_at, at = datetime_label(i18n, at)).to_string(),
                                None => t_string!(i18n, complaints.respond_by, at = datetime_label(i18n, due)).to_string(),
                            }}
                            {overdue.then(|| view! { " " <span class="badge urgent">{move || t_string!(i18n, follow_up.overdue)}</span> })}
                            {escalated.then(|| view! { " " <span class="badge urgent">{move || t_string!(i18n, complaints.escalated_badge)}</span> })}
                        </p>
                    </section>
                    <ComplaintStageLine stage=view.stage />
                    <ComplaintOutcome view=view.clone() />
                }.into_any()
            }
        }}
        {step_form}
        {other_forms}
        {move || complaint.get().and_then(Result::ok).map(|view| {
            let photos: Vec<PhotoRef> = view.photos.iter().map(PhotoRef::from).collect();
            let href = Callback::new(move |p: PhotoRef| ComplaintKey::Number(number.get_value()).photo_url(p.id));
            view! {
                <section class="card">
                    <h2>{move || t_string!(i18n, complaints.timeline)}</h2>
                    <ComplaintTimeline entries=view.entries.clone() staff=true />
                </section>
                {(!photos.is_empty()).then(|| view! { <section class="card"><h2>{move || t_string!(i18n, complaints.photos)}</h2><PhotoGallery photos=photos href=href /></section> })}
            }
        })}
    }
}

/// A step refused because the complaint moved on meanwhile (the customer wrote, a colleague
/// acted) re-reads it: the news appears in the timeline and what was typed stays in the form.
fn reread_on_conflict(error: RwSignal<Option<AppError>>, reread: Callback<()>) {
    Effect::new(move |_| {
        if matches!(
            error.get(),
            Some(AppError::Conflict(Conflict::ComplaintChanged))
        ) {
            reread.run(());
        }
    });
}

/// The form of the complaint's current stage. Everything typed lives in signals: a refusal
/// keeps it.
#[component]
fn StepForm(
    view: ComplaintView,
    /// The latest version read (the page follows the complaint live).
    version: Signal<i64>,
    notice: RwSignal<Option<Said>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let stage = view.stage;
    let number = StoredValue::new(view.number.as_str().to_string());
    let text = RwSignal::new(String::new());
    let severity = RwSignal::new(view.severity.unwrap_or_default().as_str().to_string());
    let responsibility = RwSignal::new(String::new());
    let technician = RwSignal::new(String::new());
    let resolution = RwSignal::new(None::<ResolutionKind>);
    let amount = RwSignal::new(String::new());
    let odometer = RwSignal::new(view.last_odometer_km.to_string());
    let fuel = RwSignal::new("50".to_string());
    let promised = RwSignal::new(datetime_field(view.now + chrono::Duration::hours(4)));
    let reached = RwSignal::new(true);
    let satisfaction = RwSignal::new(None::<u8>);
    let satisfied = RwSignal::new(true);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    reread_on_conflict(error, on_done);
    let can_rework = view.order.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let action = match stage {
            ComplaintStage::Acceptance => StaffAction::Accept {
                severity: severity.get_untracked().parse().unwrap_or_default(),
                reply: text.get_untracked(),
            },
            ComplaintStage::Investigation => StaffAction::ConcludeInvestigation {
                findings: text.get_untracked(),
            },
            ComplaintStage::Responsibility => StaffAction::DetermineResponsibility {
                responsibility: responsibility_of(
                    &responsibility.get_untracked(),
                    &technician.get_untracked(),
                ),
                reasoning: text.get_untracked(),
            },
            ComplaintStage::Resolution => StaffAction::Resolve {
                kind: resolution.get_untracked(),
                amount: amount.get_untracked(),
                rework: ReworkForm {
                    odometer_km: odometer.get_untracked(),
                    fuel_percent: fuel.get_untracked().trim().parse().unwrap_or(101),
                    promised_at: parse_datetime_field(&promised.get_untracked()),
                },
                message: text.get_untracked(),
            },
            ComplaintStage::FollowUp => StaffAction::FollowUp {
                visit: FollowUpForm {
                    reached: reached.get_untracked(),
                    satisfaction: satisfaction.get_untracked(),
                    outcome: text.get_untracked(),
                },
                satisfied: satisfied.get_untracked(),
            },
            ComplaintStage::Closed => StaffAction::Reopen {
                reason: text.get_untracked(),
            },
        };
        send(
            pending,
            error,
            complaint_step(number.get_value(), version.get_untracked(), action),
            move |_| {
                text.set(String::new());
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, complaints.step_done).to_string()
                })));
                on_done.run(());
            },
        );
    };
    let title = move || match stage {
        ComplaintStage::Closed => complaint_step_label(i18n, ComplaintEvent::Reopen),
        s => complaint_stage_label(i18n, s),
    };
    let text_label = Signal::derive(move || {
        match stage {
            ComplaintStage::Acceptance => t_string!(i18n, complaints.reply),
            ComplaintStage::Investigation => t_string!(i18n, complaints.findings),
            ComplaintStage::Responsibility => t_string!(i18n, complaints.reasoning),
            ComplaintStage::Resolution => t_string!(i18n, complaints.resolution_message),
            ComplaintStage::FollowUp => t_string!(i18n, follow_up.outcome),
            ComplaintStage::Closed => t_string!(i18n, complaints.reopen_reason),
        }
        .to_string()
    });
    let button = Signal::derive(move || match stage {
        ComplaintStage::Acceptance => complaint_step_label(i18n, ComplaintEvent::Accept),
        ComplaintStage::Investigation => {
            complaint_step_label(i18n, ComplaintEvent::ConcludeInvestigation)
        }
        ComplaintStage::Responsibility => {
            complaint_step_label(i18n, ComplaintEvent::DetermineResponsibility)
        }
        ComplaintStage::Resolution => complaint_step_label(i18n, ComplaintEvent::Resolve),
        ComplaintStage::FollowUp => t_string!(i18n, follow_up.record).to_string(),
        ComplaintStage::Closed => complaint_step_label(i18n, ComplaintEvent::Reopen),
    });
    let technicians = view.technicians.clone();
    let label =
        move |f: fn(leptos_i18n::I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    view! {
        <form class="card step-form" on:submit=submit novalidate aria-label=title>
            <h2>{title}</h2>
            {(stage == ComplaintStage::Acceptance).then(|| view! {
                <div class="field">
                    <label for="severity">{move || t_string!(i18n, complaints.severity)}</label>
                    <select id="severity" bind:value=severity>
                        {Severity::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{move || severity_label(i18n, s)}</option> }).collect_view()}
                    </select>
                </div>
            })}
            {(stage == ComplaintStage::Responsibility).then(|| view! {
                <div class="field">
                    <label for="responsibility">{move || t_string!(i18n, complaints.responsible_party)}</label>
                    <select id="responsibility" bind:value=responsibility>
                        <option value="">{move || t_string!(i18n, complaints.choose)}</option>
                        {RESPONSIBILITIES.into_iter().map(|r| view! { <option value=r.as_str()>{move || responsibility_label(i18n, r)}</option> }).collect_view()}
                    </select>
                    <FieldError id="responsibility-error" field=Field::Responsibility error=error />
                </div>
                <Show when=move || responsibility.get() == "technician">
                    <div class="field">
                        <label for="technician">{move || t_string!(i18n, complaints.technician)}</label>
                        <select id="technician" bind:value=technician>
                            <option value="">{move || t_string!(i18n, complaints.choose)}</option>
                            {technicians.iter().map(|(id, name)| view! { <option value=id.0.to_string()>{name.clone()}</option> }).collect_view()}
                        </select>
                        <FieldError id="technician-error" field=Field::Technician error=error />
                    </div>
                </Show>
            })}
            {(stage == ComplaintStage::Resolution).then(|| view! {
                <fieldset class="choices">
                    <legend>{move || t_string!(i18n, complaints.resolution)}</legend>
                    <div class="choice-grid">
                        {ResolutionKind::ALL.into_iter().filter(|k| can_rework || *k != ResolutionKind::FreeRework).map(|k| {
                            let id = format!("resolution-{k:?}");
                            let label_for = id.clone();
                            view! {
                                <label class="choice" for=label_for class:chosen=move || resolution.get() == Some(k)>
                                    <input type="radio" name="resolution" id=id prop:checked=move || resolution.get() == Some(k) on:change=move |_| resolution.set(Some(k)) />
                                    {move || resolution_kind_label(i18n, k)}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <FieldError id="resolution-error" field=Field::Resolution error=error />
                </fieldset>
                <Show when=move || resolution.get() == Some(ResolutionKind::Compensation)>
                    <TextField label=label(|i| t_string!(i, complaints.amount).to_string()) id="compensation" value=amount field=Field::Amount error=error inputmode="decimal" />
                </Show>
                <Show when=move || resolution.get() == Some(ResolutionKind::FreeRework)>
                    <p class="muted">{move || t_string!(i18n, complaints.rework_intro)}</p>
                    <TextField label=label(|i| t_string!(i, order.odometer_in).to_string()) id="rework-odometer" value=odometer field=Field::Odometer error=error inputmode="numeric" />
                    <TextField label=label(|i| t_string!(i, order.fuel).to_string()) id="rework-fuel" value=fuel field=Field::Fuel error=error input_type="number" inputmode="numeric" />
                    <TextField label=label(|i| t_string!(i, order.promised_at).to_string()) id="rework-promised" value=promised field=Field::PromisedAt error=error input_type="datetime-local" />
                </Show>
            })}
            {(stage == ComplaintStage::FollowUp).then(|| view! {
                <CallFields id="complaint".to_string() reached=reached satisfaction=satisfaction outcome=text error=error />
                <Show when=move || reached.get()>
                    <label class="check"><input type="checkbox" bind:checked=satisfied /> {move || t_string!(i18n, complaints.satisfied)}</label>
                </Show>
            })}
            {(stage != ComplaintStage::FollowUp).then(|| view! {
                <TextField label=text_label id="step-text" value=text field=step_field(stage) error=error multiline=true />
            })}
            <FormAlert error=error fields=&[Field::Message, Field::Note, Field::Responsibility, Field::Technician, Field::Resolution, Field::Amount, Field::Odometer, Field::Fuel, Field::PromisedAt, Field::Satisfaction, Field::Outcome] />
            <SubmitButton label=button pending=pending />
        </form>
    }
}

const RESPONSIBILITIES: [Responsibility; 6] = [
    Responsibility::Workmanship,
    Responsibility::Technician {
        technician: TechnicianId(0),
    },
    Responsibility::PartsSupplier,
    Responsibility::ManufacturerDefect,
    Responsibility::CustomerMisuse,
    Responsibility::NoFault,
];

/// The chosen outcome; a technician's needs the technician chosen too.
fn responsibility_of(kind: &str, technician: &str) -> Option<Responsibility> {
    let technician = technician.parse::<i64>().ok().map(TechnicianId);
    match (kind, technician) {
        ("technician", None) => Some(Responsibility::Technician {
            technician: TechnicianId(0),
        }),
        (kind, technician) => Responsibility::from_db(kind, technician).ok(),
    }
}

/// Which field the stage's text is, for its error.
fn step_field(stage: ComplaintStage) -> Field {
    match stage {
        ComplaintStage::Acceptance | ComplaintStage::Resolution => Field::Message,
        ComplaintStage::FollowUp => Field::Outcome,
        ComplaintStage::Investigation | ComplaintStage::Responsibility | ComplaintStage::Closed => {
            Field::Note
        }
    }
}

/// A note for the timeline, or (ticked) a message to the customer, at any stage.
#[component]
fn NoteForm(
    number: ComplaintNumber,
    /// Who a note may point at.
    technicians: Vec<(TechnicianId, String)>,
    version: Signal<i64>,
    notice: RwSignal<Option<Said>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let public = RwSignal::new(false);
    let linked_order = RwSignal::new(String::new());
    let linked_technician = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    reread_on_conflict(error, on_done);
    let number = StoredValue::new(number.as_str().to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let action = StaffAction::Note {
            text: text.get_untracked(),
            public: public.get_untracked(),
            linked_order: linked_order.get_untracked(),
            linked_technician: linked_technician
                .get_untracked()
                .parse::<i64>()
                .ok()
                .map(TechnicianId),
        };
        send(
            pending,
            error,
            complaint_step(number.get_value(), version.get_untracked(), action),
            move |_| {
                text.set(String::new());
                linked_order.set(String::new());
                linked_technician.set(String::new());
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, complaints.note_added).to_string()
                })));
                on_done.run(());
            },
        );
    };
    view! {
        <form class="card" on:submit=submit novalidate aria-label=move || t_string!(i18n, complaints.notes)>
            <h2>{move || t_string!(i18n, complaints.notes)}</h2>
            <TextField label=Signal::derive(move || t_string!(i18n, complaints.add_note).to_string()) id="complaint-note" value=text field=Field::Note error=error multiline=true />
            <label class="check"><input type="checkbox" bind:checked=public /> {move || t_string!(i18n, complaints.to_customer)}</label>
            <TextField label=Signal::derive(move || t_string!(i18n, complaints.linked_order).to_string()) id="linked-order" value=linked_order field=Field::Order error=error />
            <div class="field">
                <label for="linked-technician">{move || t_string!(i18n, complaints.linked_technician)}</label>
                <select id="linked-technician" bind:value=linked_technician>
                    <option value="">{move || t_string!(i18n, complaints.nobody)}</option>
                    {technicians.into_iter().map(|(id, name)| view! { <option value=id.0.to_string()>{name}</option> }).collect_view()}
                </select>
                <FieldError id="linked-technician-error" field=Field::Technician error=error />
            </div>
            <FormAlert error=error fields=&[Field::Note, Field::Order, Field::Technician] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, complaints.save_note).to_string()) pending=pending />
        </form>
    }
}

/// Evidence photos (staff-only): taken or picked, sent one by one with progress.
#[component]
fn EvidenceForm(
    number: ComplaintNumber,
    notice: RwSignal<Option<Said>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let photos = RwSignal::new(Vec::<ReadyPhoto>::new());
    let caption = RwSignal::new(String::new());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let failure = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let number = StoredValue::new(number.as_str().to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let key = ComplaintKey::Number(number.get_value());
        let caption = caption.get_untracked();
        leptos::task::spawn_local(async move {
            let sent = upload_each(photos, progress, move |photo| {
                add_complaint_photo(key.clone(), photo.upload(&caption, None))
            })
            .await;
            match sent {
                Ok(()) => {
                    notice.set(Some(Said::new(move || {
                        t_string!(i18n, order.photo_added).to_string()
                    })));
                    on_done.run(());
                }
                Err((n, e)) => failure.set(Some(upload_failure(i18n, n, &e))),
            }
        });
    };
    view! {
        <form class="card" on:submit=submit novalidate aria-label=move || t_string!(i18n, complaints.evidence)>
            <h2>{move || t_string!(i18n, complaints.evidence)}</h2>
            <PhotoPicker photos=photos id="evidence-photo" />
            <TextField label=Signal::derive(move || t_string!(i18n, complaints.caption).to_string()) id="evidence-caption" value=caption field=Field::Photo error=error />
            <UploadProgress progress=progress />
            {move || failure.get().map(|text| view! { <div class="alert alert-error" role="alert">{text}</div> })}
            <Show when=move || !photos.with(Vec::is_empty)>
                <SubmitButton label=Signal::derive(move || t_string!(i18n, complaints.upload_evidence).to_string()) pending=Signal::derive(move || progress.get().is_some()) />
            </Show>
        </form>
    }
}
