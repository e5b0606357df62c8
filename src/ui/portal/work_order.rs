//! `/orders/:number`: the customer follows their repair live and decides on added items
//! (增项) with a signature. `/track/:token`: the same page, read-only, from the tracking link.

use crate::api::catalog::list_outlets;
use crate::api::work_orders::{approve_items, my_work_order, tracked_work_order};
use crate::domain::estimate::{ApprovalForm, LineDecision};
use crate::domain::ids::LineId;
use crate::domain::photo::PhotoRef;
use crate::domain::survey::SurveyStatus;
use crate::domain::work_order::{WorkOrderStatus, WorkOrderView};
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::localized;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::portal::is_customer;
use crate::ui::shell::{load_page, send, Guard};
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::hooks::use_params_map;
use send_wrapper::SendWrapper;

#[component]
pub fn MyWorkOrder() -> impl IntoView {
    view! {
        <Guard allowed=is_customer sign_in="/login">
            <OwnOrder />
        </Guard>
    }
}

#[component]
fn OwnOrder() -> impl IntoView {
    let params = use_params_map();
    let number = params.with_untracked(|p| p.get("number").unwrap_or_default());
    let (tick, live) = use_live(format!("/live/orders/{number}"));
    let photo_number = StoredValue::new(number.clone());
    let order = Load::new(move || {
        tick.track();
        my_work_order(number.clone())
    });
    let photo_href = Callback::new(move |p: PhotoRef| p.url(&photo_number.get_value()));
    view! { <OrderPage order=order live=live approvable=true photo_href=photo_href /> }
}

/// After delivery: the invitation to rate the service, or the rating given.
#[component]
fn SurveyCard(survey: SurveyStatus) -> impl IntoView {
    let i18n = use_i18n();
    match (survey.answer, survey.token, survey.expired) {
        (Some(answer), _, _) => view! {
            <p class="card muted">{move || t_string!(i18n, survey.your_rating, nps = answer.nps).to_string()}</p>
        }
        .into_any(),
        (None, Some(token), false) => view! {
            <section class="card survey-invite">
                <p>{move || t_string!(i18n, survey.invite)}</p>
                <a class="btn primary large" href=format!("/survey/{token}")>{move || t_string!(i18n, survey.rate_now)}</a>
            </section>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// `/orders/:number/settlement`: the customer's copy of the settlement list.
#[component]
pub fn MySettlement() -> impl IntoView {
    view! {
        <Guard allowed=is_customer sign_in="/login">
            <OwnSettlement />
        </Guard>
    }
}

#[component]
fn OwnSettlement() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = params.with_untracked(|p| p.get("number").unwrap_or_default());
    let order = Load::new(move || my_work_order(number.clone()));
    move || {
        match order.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
        Some(Ok(order)) => view! {
            <PrintBar number=order.number.as_str().to_string() back=format!("/orders/{}", order.number.as_str()) />
            <SettlementList order=order />
        }
        .into_any(),
    }
    }
}

#[component]
pub fn TrackOrder() -> impl IntoView {
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let (tick, live) = use_live(format!("/live/track/{token}"));
    let order = Load::new(move || {
        tick.track();
        let token = token.clone();
        // The first answer may have been asked for by index.html (ui::early).
        async move {
            let key = format!("orders/track/{token}");
            crate::ui::early::or_ask(&key, || tracked_work_order(token)).await
        }
    });
    // The link's bystander view carries no photos (they are the owner's and the outlet's).
    let photo_href = Callback::new(move |_: PhotoRef| String::new());
    view! {
        <OrderPage order=order live=live approvable=false photo_href=photo_href>
            {Suspend::new(SendWrapper::new(load_page(link_not_found)))}
        </OrderPage>
    }
}

/// The page for a link that leads nowhere is a module of its own (a group without a path, in
/// tools/split-wasm's terms): the outlets' list it reads is not downloaded with every tracking
/// link.
#[wasm_split(portal_link_not_found, wasm_split_path = ::leptos::wasm_split, fallible)]
fn link_not_found() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <LinkNotFound /> }.into_any())
}

/// A tracking link that leads nowhere (mistyped, or no longer valid): says so, and whom to call.
#[component]
fn LinkNotFound() -> impl IntoView {
    let i18n = use_i18n();
    let outlets = Load::new(list_outlets);
    view! {
        <section class="card narrow" data-testid="link-not-found">
            <h1>{move || t_string!(i18n, order.link_not_found_title)}</h1>
            <p>{move || t_string!(i18n, order.link_not_found_text)}</p>
            <ul class="outlet-phones">
                {move || outlets.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|o| {
                    let (name, address) = (o.name.clone(), o.address.clone());
                    view! {
                        <li>
                            <strong>{move || localized(i18n, &name)}</strong>
                            <span class="muted">{move || localized(i18n, &address)}</span>
                            <a class="btn" href=format!("tel:{}", o.phone)>{move || t_string!(i18n, order.call_outlet)} " " {o.phone.clone()}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn OrderPage(
    order: Load<Result<WorkOrderView, AppError>>,
    live: ReadSignal<Live>,
    approvable: bool,
    photo_href: Callback<PhotoRef, String>,
    /// What to show when the order is not found (a tracking link says whom to ask).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Kept outside the re-rendered part: a live refresh does not lose the customer's choices.
    let decisions = RwSignal::new(Vec::<(LineId, bool)>::new());
    let signature = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<Said>);
    view! {
        <div class="order-page">
            <LiveBadge live=live />
            <Notice message=notice />
            {move || match order.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(AppError::NotFound)) if children.is_some() => children.as_ref().map(|c| c()).into_any(),
                Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
                Some(Ok(view)) => {
                    let awaiting = approvable && view.status == WorkOrderStatus::AwaitingApproval && view.pending_lines().count() > 0;
                    view! {
                        <OrderHeader order=view.clone() />
                        <StageLine status=view.status />
                        {view.survey.clone().map(|survey| view! { <SurveyCard survey=survey /> })}
                        {(view.status == WorkOrderStatus::Delivered).then(|| view! {
                            <p><a class="btn ghost" href=format!("/complaints/new?order={}", view.number.as_str())>{move || t_string!(i18n, complaints.about_order)}</a></p>
                        })}
                        {awaiting.then(|| view! { <Approvals order=view.clone() decisions=decisions signature=signature notice=notice photo_href=photo_href on_done=Callback::new(move |_| order.refetch()) /> })}
                        <section class="card">
                            <h2>{move || t_string!(i18n, order.estimate)}</h2>
                            <EstimateTable lines=view.lines.clone() totals=view.totals free_of_charge=view.free_of_charge />
                            {(approvable && view.settled_at().is_some()).then(|| view! {
                                <a class="btn" href=format!("/orders/{}/settlement", view.number.as_str())>{move || t_string!(i18n, order.open_settlement)}</a>
                            })}
                        </section>
                        {(!view.photos.is_empty()).then(|| view! {
                            <section class="card">
                                <h2>{move || t_string!(i18n, order.photos)}</h2>
                                <PhotoGallery photos=view.photos.clone() href=photo_href />
                            </section>
                        })}
                        {view.warranty.map(|w| view! {
                            <section class="card">
                                <h2>{move || t_string!(i18n, order.warranty)}</h2>
                                <p>{move || t_string!(i18n, order.warranty_text, days = w.warranty.days, km = w.warranty.km, date = w.until_date.to_string(), until_km = w.until_km).to_string()}</p>
                            </section>
                        })}
                        <section class="card">
                            <h2>{move || t_string!(i18n, order.timeline)}</h2>
                            <Timeline entries=view.timeline.clone() />
                        </section>
                        <ApprovalRecords records=view.approvals.clone() />
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

/// Each pending item with its reason and price, approve or decline, then sign.
#[component]
fn Approvals(
    order: WorkOrderView,
    decisions: RwSignal<Vec<(LineId, bool)>>,
    signature: RwSignal<Option<String>>,
    notice: RwSignal<Option<Said>>,
    photo_href: Callback<PhotoRef, String>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let number = StoredValue::new(order.number.as_str().to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = ApprovalForm {
            decisions: decisions
                .get_untracked()
                .into_iter()
                .map(|(line, approve)| LineDecision { line, approve })
                .collect(),
            signature_png: signature.get_untracked().unwrap_or_default(),
        };
        send(
            pending,
            error,
            approve_items(number.get_value(), form),
            move |_| {
                decisions.set(Vec::new());
                signature.set(None);
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, order.decision_sent).to_string()
                })));
                on_done.run(());
            },
        );
    };
    view! {
        <form class="card approvals" on:submit=submit novalidate>
            <h2>{move || t_string!(i18n, order.approvals_title)}</h2>
            <PendingChoices order=order.clone() decisions=decisions photo_href=photo_href />
            <FieldError id="decisions-error" field=Field::Decisions error=error />
            <SignaturePad signature=signature />
            <FieldError id="signature-error" field=Field::Signature error=error />
            <FormAlert error=error fields=&[Field::Decisions, Field::Signature] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, order.submit_decision).to_string()) pending=pending />
        </form>
    }
}
