//! `/staff/orders/:number`: one work order on the tablet — its state, clocks, estimate and
//! timeline, the steps the signed-in role may take, findings and added items. Follows the
//! order live (the customer's approval shows the moment it is made).

use crate::api::work_orders::{
    add_estimate_line, add_work_order_note, record_customer_decision, staff_work_order,
    work_order_step,
};
use crate::domain::estimate::{
    DeskDecisionForm, FeeKind, LineCategory, LineDecision, LineForm, PartOrigin, PartUnit,
};
use crate::domain::ids::LineId;
use crate::domain::work_order::{
    ApprovalMethod, StepRequest, WorkOrderEvent, WorkOrderStatus, WorkOrderView,
};
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::console::is_staff;
use crate::ui::errors::error_text;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StaffWorkOrder() -> impl IntoView {
    view! {
        <Guard allowed=is_staff sign_in="/staff/login">
            <OrderScreen />
        </Guard>
    }
}

#[component]
fn OrderScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = params.with_untracked(|p| p.get("number").unwrap_or_default());
    let (tick, live) = use_live(format!("/live/orders/{number}"));
    let order = Load::new(move || {
        tick.track();
        staff_work_order(number.clone())
    });
    let notice = RwSignal::new(None::<Said>);
    let error = RwSignal::new(None::<AppError>);
    // Inputs some steps need; kept across live refreshes.
    let note = RwSignal::new(String::new());
    let certificate = RwSignal::new(String::new());
    let odometer_out = RwSignal::new(String::new());
    let desk_decisions = RwSignal::new(Vec::<(LineId, bool)>::new());
    let desk_signature = RwSignal::new(None::<String>);
    let desk_method = RwSignal::new(ApprovalMethod::Phone);
    let desk_note = RwSignal::new(String::new());
    view! {
        <LiveBadge live=live />
        <Notice message=notice />
        {move || match order.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(view)) => view! {
                <OrderHeader order=view.clone() />
                <SlaClocks sla=view.sla.clone() />
                <StageLine status=view.status />
                <Steps order=view.clone() note=note certificate=certificate odometer_out=odometer_out error=error notice=notice />
                <Details order=view.clone() />
                {(view.status == WorkOrderStatus::AwaitingApproval && crate::ui::session::use_session().works_reception() && view.pending_lines().count() > 0).then(|| view! {
                    <DeskDecision order=view.clone() decisions=desk_decisions signature=desk_signature method=desk_method note=desk_note notice=notice />
                })}
                <OrderLinks order=view.clone() />
                <section class="card">
                    <h2>{move || t_string!(i18n, order.estimate)}</h2>
                    <EstimateTable lines=view.lines.clone() totals=view.totals free_of_charge=view.free_of_charge />
                    {view.may_write.then(|| view! { <AddLine number=view.number.as_str().to_string() notice=notice /> })}
                </section>
                {view.may_write.then(|| view! { <AddNote number=view.number.as_str().to_string() notice=notice /> })}
                <section class="card">
                    <h2>{move || t_string!(i18n, order.photos)}</h2>
                    <PhotoGallery photos=view.photos.clone() href=Callback::new({
                        let number = view.number.as_str().to_string();
                        move |p: crate::domain::photo::PhotoRef| p.url(&number)
                    }) />
                    {(view.may_write || view.status.is_open() && is_inspector()).then(|| view! {
                        <AddPhotos order=view.clone() notice=notice />
                    })}
                </section>
                {view.survey.clone().and_then(|s| s.answer).map(|answer| view! {
                    <section class="card">
                        <p>
                            <strong>{move || t_string!(i18n, survey.result, nps = answer.nps).to_string()}</strong>
                            {crate::domain::survey::Aspect::ALL.into_iter().map(|aspect| {
                                answer.rating(aspect).map(|rating| view! { " · " {move || aspect_label(i18n, aspect)} " " {rating} })
                            }).collect_view()}
                        </p>
                        {(!answer.comment.is_empty()).then(|| view! { <p class="reason">{answer.comment.clone()}</p> })}
                    </section>
                })}
                {(!view.approvals.is_empty()).then(|| view! {
                    <section class="card">
                        <h2>{move || t_string!(i18n, order.approval_records)}</h2>
                        <ApprovalRecords records=view.approvals.clone() />
                    </section>
                })}
                <section class="card">
                    <h2>{move || t_string!(i18n, order.timeline)}</h2>
                    <Timeline entries=view.timeline.clone() />
                </section>
                {view.tracking_token.clone().map(|token| view! {
                    <p class="muted">{move || t_string!(i18n, order.tracking_link)} ": " <a href=format!("/track/{token}")>{format!("/track/{token}")}</a></p>
                })}
            }
            .into_any(),
        }}
    }
}

/// The desk records a decision the customer gave by phone or at the counter: item by item,
/// how it was given, the call's record or the customer's signature on the tablet.
#[component]
fn DeskDecision(
    order: WorkOrderView,
    decisions: RwSignal<Vec<(LineId, bool)>>,
    signature: RwSignal<Option<String>>,
    method: RwSignal<ApprovalMethod>,
    note: RwSignal<String>,
    notice: RwSignal<Option<Said>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let number = StoredValue::new(order.number.as_str().to_string());
    let photo_href = Callback::new({
        let number = order.number.as_str().to_string();
        move |p: crate::domain::photo::PhotoRef| p.url(&number)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = DeskDecisionForm {
            decisions: decisions
                .get_untracked()
                .into_iter()
                .map(|(line, approve)| LineDecision { line, approve })
                .collect(),
            method: method.get_untracked(),
            note: note.get_untracked(),
            signature_png: signature.get_untracked().unwrap_or_default(),
        };
        send(
            pending,
            error,
            record_customer_decision(number.get_value(), form),
            move |_| {
                decisions.set(Vec::new());
                signature.set(None);
                method.set(ApprovalMethod::Phone);
                note.set(String::new());
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, order.decision_recorded).to_string()
                })));
            },
        );
    };
    view! {
        <form class="card approvals" on:submit=submit novalidate aria-label=move || t_string!(i18n, order.desk_decision_title)>
            <h2>{move || t_string!(i18n, order.desk_decision_title)}</h2>
            <p class="muted">{move || t_string!(i18n, order.desk_decision_hint)}</p>
            <PendingChoices order=order decisions=decisions photo_href=photo_href />
            <FieldError id="desk-decisions-error" field=Field::Decisions error=error />
            <DeskSignOff id="desk" method=method note=note signature=signature error=error />
            <FormAlert error=error fields=&[Field::Decisions, Field::Note, Field::Signature] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, order.record_decision).to_string()) pending=pending />
        </form>
    }
}

/// Whether the signed-in member of staff is a quality inspector (who may add photos too).
fn is_inspector() -> bool {
    crate::ui::session::use_session()
        .staff_can(|r| r == crate::domain::account::StaffRole::QualityInspector)
}

/// Printing and follow-up: the check-in sheet, the settlement list, a rework order.
#[component]
fn OrderLinks(order: WorkOrderView) -> impl IntoView {
    let i18n = use_i18n();
    let number = order.number.as_str().to_string();
    let settled_or_ready = matches!(
        order.status,
        WorkOrderStatus::ReadyForPickup | WorkOrderStatus::Settled | WorkOrderStatus::Delivered
    );
    let delivered = order.status == WorkOrderStatus::Delivered;
    let desk = crate::ui::session::use_session().works_reception();
    view! {
        <nav class="order-links" aria-label=move || t_string!(i18n, order.print)>
            <a class="btn" href=format!("/staff/orders/{number}/sheet")>{move || t_string!(i18n, order.print_sheet)}</a>
            {settled_or_ready.then(|| view! {
                <a class="btn" href=format!("/staff/orders/{number}/settlement")>{move || t_string!(i18n, order.open_settlement)}</a>
            })}
            {(delivered && desk).then(|| view! {
                <a class="btn" href=format!("/staff/check-in?rework={number}")>{move || t_string!(i18n, order.rework_this)}</a>
            })}
        </nav>
    }
}

/// Photos of findings, optionally for one line (the customer sees it with that item).
#[component]
fn AddPhotos(order: WorkOrderView, notice: RwSignal<Option<Said>>) -> impl IntoView {
    let i18n = use_i18n();
    let photos = RwSignal::new(Vec::<ReadyPhoto>::new());
    let caption = RwSignal::new(String::new());
    let line = RwSignal::new(String::new());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let failure = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let number = StoredValue::new(order.number.as_str().to_string());
    let lines = order.lines.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if photos.with_untracked(Vec::is_empty) || progress.get_untracked().is_some() {
            return;
        }
        failure.set(None);
        let chosen = line
            .get_untracked()
            .parse::<i64>()
            .ok()
            .map(crate::domain::ids::LineId);
        leptos::task::spawn_local(async move {
            match upload_all(
                number.get_value(),
                photos,
                caption.get_untracked(),
                chosen,
                progress,
            )
            .await
            {
                Ok(()) => {
                    caption.set(String::new());
                    notice.set(Some(Said::new(move || {
                        t_string!(i18n, order.photo_added).to_string()
                    })));
                }
                Err((n, e)) => failure.set(Some(upload_failure(i18n, n, &e))),
            }
        });
    };
    view! {
        <form class="add-photos" on:submit=submit novalidate>
            <PhotoPicker photos=photos id="finding-photo" />
            <TextField label=Signal::derive(move || t_string!(i18n, order.photo_caption).to_string()) id="photo-caption" value=caption field=Field::Photo error=error />
            {(!lines.is_empty()).then(|| view! {
                <div class="field">
                    <label for="photo-line">{move || t_string!(i18n, order.photo_for_line)}</label>
                    <select id="photo-line" bind:value=line>
                        <option value="">{move || t_string!(i18n, order.photo_general)}</option>
                        {lines.iter().map(|l| { let line = l.clone(); view! { <option value=l.id.0.to_string()>{move || line.item_in(lang(i18n)).to_string()}</option> } }).collect_view()}
                    </select>
                </div>
            })}
            <UploadProgress progress=progress />
            {move || failure.get().map(|f| view! { <p class="alert alert-error" role="alert">{f}</p> })}
            <button type="submit" class="btn primary" disabled=move || progress.get().is_some() || photos.with(Vec::is_empty)>
                {move || t_string!(i18n, order.add_photo)}
            </button>
        </form>
    }
}

/// The steps this role may take now, with the inputs they need.
#[component]
fn Steps(
    order: WorkOrderView,
    note: RwSignal<String>,
    certificate: RwSignal<String>,
    odometer_out: RwSignal<String>,
    error: RwSignal<Option<AppError>>,
    notice: RwSignal<Option<Said>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let number = StoredValue::new(order.number.as_str().to_string());
    let needs_note = order.allowed.iter().any(|e| e.needs_reason());
    let wants_certificate =
        order.allowed.contains(&WorkOrderEvent::PassCheck) && order.needs_certificate;
    let wants_odometer = order.allowed.contains(&WorkOrderEvent::Deliver);
    let take = move |event: WorkOrderEvent| {
        let request = StepRequest {
            note: note.get_untracked(),
            certificate_number: certificate.get_untracked(),
            odometer_out_km: odometer_out.get_untracked(),
            ..StepRequest::plain(event)
        };
        send(
            pending,
            error,
            work_order_step(number.get_value(), request),
            move |_| {
                note.set(String::new());
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, order.step_done, step = step_label(i18n, event)).to_string()
                })));
            },
        );
    };
    (!order.allowed.is_empty()).then(|| view! {
        <section class="card steps" aria-label=move || t_string!(i18n, order.current)>
            {needs_note.then(|| view! {
                <TextField label=Signal::derive(move || t_string!(i18n, order.step_note).to_string()) id="step-note" value=note field=Field::Note error=error multiline=true />
            })}
            {wants_certificate.then(|| view! {
                <TextField label=Signal::derive(move || t_string!(i18n, order.certificate).to_string()) id="certificate" value=certificate field=Field::Certificate error=error />
            })}
            {wants_odometer.then(|| view! {
                <TextField label=Signal::derive(move || t_string!(i18n, order.odometer_out).to_string()) id="odometer-out" value=odometer_out field=Field::Odometer error=error inputmode="numeric" />
            })}
            <FormAlert error=error fields=&[Field::Note, Field::Certificate, Field::Odometer] />
            <div class="step-buttons">
                {order.allowed.iter().map(|event| {
                    let event = *event;
                    let danger = matches!(event, WorkOrderEvent::Cancel | WorkOrderEvent::FailCheck);
                    view! {
                        <button type="button" class=if danger { "btn danger large" } else { "btn primary large" } disabled=move || pending.get() on:click=move |_| take(event)>
                            {move || step_label(i18n, event)}
                        </button>
                    }
                }).collect_view()}
            </div>
        </section>
    })
}

#[component]
fn Details(order: WorkOrderView) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, category, old) = (order.customer_type, order.repair_category, order.old_parts);
    view! {
        <section class="card details">
            <dl>
                <dt>{move || t_string!(i18n, order.customer)}</dt><dd>{order.customer_name.clone()} " " <span class="phone">{order.phone_masked.clone()}</span></dd>
                <dt>{move || t_string!(i18n, order.customer_type)}</dt><dd>{move || kind.map(|k| customer_type_label(i18n, k))}</dd>
                <dt>{move || t_string!(i18n, order.category)}</dt><dd>{move || category_label(i18n, category)}</dd>
                <dt>{move || t_string!(i18n, order.words)}</dt><dd>{order.customer_words.clone()}</dd>
                <dt>{move || t_string!(i18n, order.expectations)}</dt><dd>{order.expectations.clone()}</dd>
                <dt>{move || t_string!(i18n, order.walk_around)}</dt><dd>{order.walk_around.clone()}</dd>
                <dt>{move || t_string!(i18n, order.odometer_in)}</dt><dd>{order.odometer_in_km}</dd>
                <dt>{move || t_string!(i18n, order.fuel)}</dt><dd>{order.fuel_percent}</dd>
                <dt>{move || t_string!(i18n, order.old_parts_label)}</dt><dd>{move || old_parts_label(i18n, old)}</dd>
                <dt>{move || t_string!(i18n, order.checked_in_at)}</dt><dd>{let at = order.checked_in_at; move || datetime_label(i18n, at)}</dd>
                {order.certificate_number.clone().map(|c| view! { <dt>{move || t_string!(i18n, order.certificate)}</dt><dd>{c}</dd> })}
                {order.odometer_out_km.map(|km| view! { <dt>{move || t_string!(i18n, order.odometer_out)}</dt><dd>{km}</dd> })}
            </dl>
        </section>
    }
}

#[component]
fn AddNote(number: String, notice: RwSignal<Option<Said>>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let public = RwSignal::new(true);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let number = StoredValue::new(number);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(
            pending,
            error,
            add_work_order_note(
                number.get_value(),
                text.get_untracked(),
                public.get_untracked(),
            ),
            move |_| {
                text.set(String::new());
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, app.saved).to_string()
                })));
            },
        );
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{move || t_string!(i18n, order.add_note)}</h2>
            <TextField label=Signal::derive(move || t_string!(i18n, order.note).to_string()) id="note" value=text field=Field::Note error=error multiline=true />
            <label class="check"><input type="checkbox" bind:checked=public /> {move || t_string!(i18n, order.note_public)}</label>
            <FormAlert error=error fields=&[Field::Note] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, order.add_note).to_string()) pending=pending />
        </form>
    }
}

#[component]
fn AddLine(number: String, notice: RwSignal<Option<Said>>) -> impl IntoView {
    let i18n = use_i18n();
    let category = RwSignal::new(LineCategory::Part);
    let item = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let rate = RwSignal::new(String::new());
    let part_code = RwSignal::new(String::new());
    let origin = RwSignal::new(PartOrigin::Original.as_str().to_string());
    let brand = RwSignal::new(String::new());
    let spec = RwSignal::new(String::new());
    let unit = RwSignal::new(PartUnit::Piece.as_str().to_string());
    let customer_supplied = RwSignal::new(false);
    let quantity = RwSignal::new("1".to_string());
    let unit_price = RwSignal::new(String::new());
    let fee = RwSignal::new(FeeKind::Diagnosis.as_str().to_string());
    let amount = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let number = StoredValue::new(number);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = LineForm {
            category: category.get_untracked(),
            item: item.get_untracked(),
            reason: reason.get_untracked(),
            hours: hours.get_untracked(),
            rate: rate.get_untracked(),
            part_code: part_code.get_untracked(),
            origin: origin.get_untracked().parse().ok(),
            brand: brand.get_untracked(),
            spec: spec.get_untracked(),
            unit: unit.get_untracked(),
            customer_supplied: customer_supplied.get_untracked(),
            quantity: quantity.get_untracked(),
            unit_price: unit_price.get_untracked(),
            fee: fee.get_untracked().parse().ok(),
            amount: amount.get_untracked(),
        };
        send(
            pending,
            error,
            add_estimate_line(number.get_value(), form),
            move |_| {
                for field in [
                    item, reason, hours, part_code, brand, spec, unit_price, amount,
                ] {
                    field.set(String::new());
                }
                customer_supplied.set(false);
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, app.saved).to_string()
                })));
            },
        );
    };
    let label = move |key: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        Signal::derive(move || key(i18n))
    };
    let category_name = move |c: LineCategory| match c {
        LineCategory::Part => t_string!(i18n, order.part_line).to_string(),
        LineCategory::Labour => t_string!(i18n, order.labour_line).to_string(),
        LineCategory::Fee => t_string!(i18n, order.fee_line).to_string(),
    };
    view! {
        <form class="add-line" on:submit=submit novalidate aria-label=move || t_string!(i18n, order.add_line)>
            <h3>{move || t_string!(i18n, order.add_line)}</h3>
            <div class="choice" role="group">
                {LineCategory::ALL.into_iter().map(|c| view! {
                    <button type="button" class="btn" class:selected=move || category.get() == c aria-pressed=move || (category.get() == c).to_string() on:click=move |_| category.set(c)>
                        {move || category_name(c)}
                    </button>
                }).collect_view()}
            </div>
            <TextField label=label(|i| t_string!(i, order.item).to_string()) id="line-item" value=item field=Field::Item error=error />
            <TextField label=label(|i| t_string!(i, order.reason).to_string()) id="line-reason" value=reason field=Field::Reason error=error />
            {move || match category.get() {
                LineCategory::Part => view! {
                    <PartFields id="line" part_code=part_code origin=origin brand=brand spec=spec quantity=quantity unit=unit unit_price=unit_price error=error />
                    <label class="check"><input type="checkbox" bind:checked=customer_supplied /> {move || t_string!(i18n, order.customer_supplied)}</label>
                }.into_any(),
                LineCategory::Labour => view! {
                    <div class="field-row">
                        <TextField label=label(|i| t_string!(i, order.hours).to_string()) id="line-hours" value=hours field=Field::Hours error=error inputmode="decimal" />
                        <TextField label=label(|i| t_string!(i, order.rate).to_string()) id="line-rate" value=rate field=Field::Rate error=error inputmode="decimal" />
                    </div>
                }.into_any(),
                LineCategory::Fee => view! {
                    <div class="field-row">
                        <div class="field">
                            <label for="line-fee">{move || t_string!(i18n, order.fee_kind)}</label>
                            <select id="line-fee" bind:value=fee>
                                {FeeKind::ALL.into_iter().map(|f| view! { <option value=f.as_str()>{move || fee_label(i18n, f)}</option> }).collect_view()}
                            </select>
                        </div>
                        <TextField label=label(|i| t_string!(i, order.fee_amount).to_string()) id="line-amount" value=amount field=Field::Amount error=error inputmode="decimal" />
                    </div>
                }.into_any(),
            }}
            <FormAlert error=error fields=&[Field::Item, Field::Reason, Field::PartCode, Field::Brand, Field::Spec, Field::Unit, Field::Quantity, Field::UnitPrice, Field::Hours, Field::Rate, Field::FeeKind, Field::Amount] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, order.add_line).to_string()) pending=pending />
        </form>
    }
}

/// A part's fields, as an estimate line and as a catalogue service's standard part.
#[component]
pub(super) fn PartFields(
    /// Prefix of the inputs' ids.
    #[prop(into)]
    id: String,
    part_code: RwSignal<String>,
    origin: RwSignal<String>,
    brand: RwSignal<String>,
    spec: RwSignal<String>,
    quantity: RwSignal<String>,
    unit: RwSignal<String>,
    unit_price: RwSignal<String>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |key: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        Signal::derive(move || key(i18n))
    };
    view! {
        <div class="field-row">
            <TextField label=label(|i| t_string!(i, order.part_code).to_string()) id=format!("{id}-code") value=part_code field=Field::PartCode error=error />
            <div class="field">
                <label for=format!("{id}-origin")>{move || t_string!(i18n, order.origin)}</label>
                <select id=format!("{id}-origin") bind:value=origin>
                    {PartOrigin::ALL.into_iter().map(|o| view! { <option value=o.as_str()>{move || origin_label(i18n, o)}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <div class="field-row">
            <TextField label=label(|i| t_string!(i, order.brand).to_string()) id=format!("{id}-brand") value=brand field=Field::Brand error=error />
            <TextField label=label(|i| t_string!(i, order.spec).to_string()) id=format!("{id}-spec") value=spec field=Field::Spec error=error />
        </div>
        <div class="field-row">
            <TextField label=label(|i| t_string!(i, order.quantity).to_string()) id=format!("{id}-quantity") value=quantity field=Field::Quantity error=error inputmode="decimal" />
            <div class="field">
                <label for=format!("{id}-unit")>{move || t_string!(i18n, order.unit)}</label>
                <select id=format!("{id}-unit") bind:value=unit>
                    {PartUnit::ALL.into_iter().map(|u| view! { <option value=u.as_str()>{move || part_unit_label(i18n, u)}</option> }).collect_view()}
                </select>
                <FieldError id=format!("{id}-unit-error") field=Field::Unit error=error />
            </div>
            <TextField label=label(|i| t_string!(i, order.unit_price).to_string()) id=format!("{id}-price") value=unit_price field=Field::UnitPrice error=error inputmode="decimal" />
        </div>
    }
}
