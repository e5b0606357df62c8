//! `/staff/orders/:number`: one work order on the tablet — its state, clocks, estimate and
//! timeline, the steps the signed-in role may take, findings and added items. Follows the
//! order live (the customer's approval shows the moment it is made).

use crate::api::work_orders::{
    add_estimate_line, add_work_order_note, staff_work_order, work_order_step,
};
use crate::domain::estimate::{LineForm, PartOrigin};
use crate::domain::work_order::{StepRequest, WorkOrderEvent, WorkOrderView};
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::pages::staff::is_staff;
use crate::ui::pages::{send, Guard};
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
    let (tick, connected) = use_live(format!("/live/orders/{number}"));
    let order = LocalResource::new(move || {
        tick.track();
        staff_work_order(number.clone())
    });
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    // Inputs some steps need; kept across live refreshes.
    let note = RwSignal::new(String::new());
    let certificate = RwSignal::new(String::new());
    let odometer_out = RwSignal::new(String::new());
    view! {
        <LiveBadge connected=connected />
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
                <section class="card">
                    <h2>{t!(i18n, order.estimate)}</h2>
                    <EstimateTable lines=view.lines.clone() totals=view.totals />
                    {view.may_write.then(|| view! { <AddLine number=view.number.as_str().to_string() notice=notice /> })}
                </section>
                {view.may_write.then(|| view! { <AddNote number=view.number.as_str().to_string() notice=notice /> })}
                <section class="card">
                    <h2>{t!(i18n, order.timeline)}</h2>
                    <Timeline entries=view.timeline.clone() />
                </section>
                {view.tracking_token.clone().map(|token| view! {
                    <p class="muted">{t!(i18n, order.tracking_link)} ": " <a href=format!("/track/{token}")>{format!("/track/{token}")}</a></p>
                })}
            }
            .into_any(),
        }}
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
    notice: RwSignal<Option<String>>,
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
                notice.set(Some(
                    t_string!(i18n, order.step_done, step = step_label(i18n, event)).to_string(),
                ));
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
                <dt>{t!(i18n, order.customer)}</dt><dd>{order.customer_name.clone()} " " <span class="phone">{order.phone_masked.clone()}</span></dd>
                <dt>{t!(i18n, order.customer_type)}</dt><dd>{move || customer_type_label(i18n, kind)}</dd>
                <dt>{t!(i18n, order.category)}</dt><dd>{move || category_label(i18n, category)}</dd>
                <dt>{t!(i18n, order.words)}</dt><dd>{order.customer_words.clone()}</dd>
                <dt>{t!(i18n, order.expectations)}</dt><dd>{order.expectations.clone()}</dd>
                <dt>{t!(i18n, order.walk_around)}</dt><dd>{order.walk_around.clone()}</dd>
                <dt>{t!(i18n, order.odometer_in)}</dt><dd>{order.odometer_in_km}</dd>
                <dt>{t!(i18n, order.fuel)}</dt><dd>{order.fuel_percent}</dd>
                <dt>{t!(i18n, order.old_parts_label)}</dt><dd>{move || old_parts_label(i18n, old)}</dd>
                <dt>{t!(i18n, order.checked_in_at)}</dt><dd>{datetime_label(i18n, order.checked_in_at)}</dd>
                {order.certificate_number.clone().map(|c| view! { <dt>{t!(i18n, order.certificate)}</dt><dd>{c}</dd> })}
                {order.odometer_out_km.map(|km| view! { <dt>{t!(i18n, order.odometer_out)}</dt><dd>{km}</dd> })}
            </dl>
        </section>
    }
}

#[component]
fn AddNote(number: String, notice: RwSignal<Option<String>>) -> impl IntoView {
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
                notice.set(Some(t_string!(i18n, app.saved).to_string()));
            },
        );
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{t!(i18n, order.add_note)}</h2>
            <TextField label=Signal::derive(move || t_string!(i18n, order.note).to_string()) id="note" value=text field=Field::Note error=error multiline=true />
            <label class="check"><input type="checkbox" bind:checked=public /> {t!(i18n, order.note_public)}</label>
            <FormAlert error=error fields=&[Field::Note] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, order.add_note).to_string()) pending=pending />
        </form>
    }
}

#[component]
fn AddLine(number: String, notice: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let labour = RwSignal::new(false);
    let item = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let rate = RwSignal::new(String::new());
    let part_code = RwSignal::new(String::new());
    let origin = RwSignal::new(PartOrigin::Original.as_str().to_string());
    let quantity = RwSignal::new("1".to_string());
    let unit_price = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let number = StoredValue::new(number);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = LineForm {
            labour: labour.get_untracked(),
            item: item.get_untracked(),
            reason: reason.get_untracked(),
            hours: hours.get_untracked(),
            rate: rate.get_untracked(),
            part_code: part_code.get_untracked(),
            origin: origin.get_untracked().parse().ok(),
            quantity: quantity.get_untracked(),
            unit_price: unit_price.get_untracked(),
        };
        send(
            pending,
            error,
            add_estimate_line(number.get_value(), form),
            move |_| {
                item.set(String::new());
                reason.set(String::new());
                hours.set(String::new());
                part_code.set(String::new());
                unit_price.set(String::new());
                notice.set(Some(t_string!(i18n, app.saved).to_string()));
            },
        );
    };
    let label = move |key: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        Signal::derive(move || key(i18n))
    };
    view! {
        <form class="add-line" on:submit=submit novalidate>
            <h3>{t!(i18n, order.add_line)}</h3>
            <div class="choice" role="group">
                <button type="button" class="btn" class:selected=move || !labour.get() on:click=move |_| labour.set(false)>{t!(i18n, order.part_line)}</button>
                <button type="button" class="btn" class:selected=move || labour.get() on:click=move |_| labour.set(true)>{t!(i18n, order.labour_line)}</button>
            </div>
            <TextField label=label(|i| t_string!(i, order.item).to_string()) id="line-item" value=item field=Field::Item error=error />
            <TextField label=label(|i| t_string!(i, order.reason).to_string()) id="line-reason" value=reason field=Field::Reason error=error />
            <Show when=move || labour.get() fallback=move || view! {
                <TextField label=label(|i| t_string!(i, order.part_code).to_string()) id="line-code" value=part_code field=Field::PartCode error=error />
                <div class="field">
                    <label for="line-origin">{t!(i18n, order.origin)}</label>
                    <select id="line-origin" bind:value=origin>
                        {PartOrigin::ALL.into_iter().map(|o| view! { <option value=o.as_str()>{move || origin_label(i18n, o)}</option> }).collect_view()}
                    </select>
                </div>
                <TextField label=label(|i| t_string!(i, order.quantity).to_string()) id="line-quantity" value=quantity field=Field::Quantity error=error inputmode="decimal" />
                <TextField label=label(|i| t_string!(i, order.unit_price).to_string()) id="line-price" value=unit_price field=Field::UnitPrice error=error inputmode="decimal" />
            }>
                <TextField label=label(|i| t_string!(i, order.hours).to_string()) id="line-hours" value=hours field=Field::Hours error=error inputmode="decimal" />
                <TextField label=label(|i| t_string!(i, order.rate).to_string()) id="line-rate" value=rate field=Field::Rate error=error inputmode="decimal" />
            </Show>
            <FormAlert error=error fields=&[Field::Item, Field::Reason, Field::PartCode, Field::Quantity, Field::UnitPrice, Field::Hours, Field::Rate] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, order.add_line).to_string()) pending=pending />
        </form>
    }
}
