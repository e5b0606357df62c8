//! The customer's complaints: `/complaints` (their list), `/complaints/new` (filing one —
//! about an order, `?order=`, or in general; a guest gives their phone number and the order's
//! number), `/complaints/:number` (signed in) and `/complaint/:token` (the message's link,
//! without signing in): the stage line, the replies addressed to them, adding information,
//! and saying they are not satisfied once it is closed.

use crate::api::catalog::list_outlets;
use crate::api::complaints::{
    add_complaint_photo, complaint_customer_action, customer_complaint, file_complaint,
    my_complaints,
};
use crate::domain::complaint::*;
use crate::domain::photo::PhotoRef;
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::portal::is_customer;
use crate::ui::session::use_session;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn MyComplaints() -> impl IntoView {
    view! {
        <Guard allowed=is_customer sign_in="/login">
            <ComplaintList />
        </Guard>
    }
}

#[component]
fn ComplaintList() -> impl IntoView {
    let i18n = use_i18n();
    let list = Load::new(my_complaints);
    view! {
        <h1>{move || t_string!(i18n, complaints.mine)}</h1>
        <p><a class="btn primary" href="/complaints/new">{move || t_string!(i18n, complaints.file)}</a></p>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{move || t_string!(i18n, complaints.none)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="cards">
                    {list.into_iter().map(|c| {
                        let (stage, category, filed) = (c.stage, c.category, c.filed_at);
                        view! {
                            <li class="card">
                                <a class="mono" href=format!("/complaints/{}", c.number.as_str())>{c.number.as_str().to_string()}</a>
                                " · " <span class="badge">{move || complaint_stage_label(i18n, stage)}</span>
                                " · " {move || complaint_category_label(i18n, category)}
                                " · " <time>{move || datetime_label(i18n, filed)}</time>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

/// Filing: one screen, phone-first. What was typed stays when the server says no.
#[component]
pub fn FileComplaint() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let order = RwSignal::new(query.with_untracked(|q| q.get("order").unwrap_or_default()));
    let phone = RwSignal::new(String::new());
    let outlet = RwSignal::new(String::new());
    let category = RwSignal::new(None::<ComplaintCategory>);
    let what_happened = RwSignal::new(String::new());
    let wish = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<ReadyPhoto>::new());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let failure = RwSignal::new(None::<(String, String)>);
    let filed = RwSignal::new(None::<FiledComplaint>);
    let outlets = Load::new(list_outlets);
    let signed_in = move || session.is_customer();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        // The complaint first; then its photos one by one. A photo that fails leaves the
        // complaint filed and says so, with the way to its page.
        let upload = move |done: FiledComplaint| {
            let navigate = navigate.clone();
            failure.set(None);
            let page = format!("/complaint/{}", done.token);
            leptos::task::spawn_local(async move {
                let key = ComplaintKey::Token(done.token.clone());
                let sent = upload_each(photos, progress, move |photo| {
                    add_complaint_photo(key.clone(), photo.upload("", None))
                })
                .await;
                match sent {
                    Ok(()) => navigate(&page, Default::default()),
                    Err((n, e)) => failure.set(Some((upload_failure(i18n, n, &e), page))),
                }
            });
        };
        if let Some(done) = filed.get_untracked() {
            upload(done);
            return;
        }
        let form = ComplaintForm {
            order: order.get_untracked(),
            outlet: outlet
                .get_untracked()
                .parse::<i64>()
                .ok()
                .map(crate::domain::ids::OutletId),
            category: category.get_untracked(),
            what_happened: what_happened.get_untracked(),
            wish: wish.get_untracked(),
            phone: phone.get_untracked(),
        };
        send(pending, error, file_complaint(form), move |done| {
            filed.set(Some(done.clone()));
            upload(done);
        });
    };
    let label =
        move |f: fn(leptos_i18n::I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    view! {
        <h1>{move || t_string!(i18n, complaints.file)}</h1>
        <p class="muted">{move || t_string!(i18n, complaints.file_intro)}</p>
        <form class="card complaint-form" on:submit=submit novalidate>
            <Show when=move || !signed_in()>
                <p class="muted">{move || t_string!(i18n, complaints.guest_intro)}</p>
                <TextField label=label(|i| t_string!(i, auth.phone).to_string()) id="complaint-phone" value=phone field=Field::Phone error=error input_type="tel" inputmode="numeric" autocomplete="tel" />
            </Show>
            <TextField label=Signal::derive(move || if signed_in() { t_string!(i18n, complaints.order_optional).to_string() } else { t_string!(i18n, complaints.order).to_string() }) id="complaint-order" value=order field=Field::Order error=error />
            <Show when=move || signed_in() && order.get().trim().is_empty()>
                <div class="field">
                    <label for="complaint-outlet">{move || t_string!(i18n, complaints.outlet)}</label>
                    <select id="complaint-outlet" bind:value=outlet>
                        <option value="">{move || t_string!(i18n, complaints.choose)}</option>
                        {move || outlets.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|o| {
                            let name = o.name.clone();
                            view! { <option value=o.id.0.to_string()>{move || localized(i18n, &name)}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError id="complaint-outlet-error" field=Field::Outlet error=error />
                </div>
            </Show>
            <fieldset class="choices">
                <legend>{move || t_string!(i18n, complaints.category)}</legend>
                <div class="choice-grid">
                    {ComplaintCategory::ALL.into_iter().map(|c| {
                        let id = format!("category-{}", c.as_str());
                        let label_for = id.clone();
                        view! {
                            <label class="choice" for=label_for class:chosen=move || category.get() == Some(c)>
                                <input type="radio" name="category" id=id prop:checked=move || category.get() == Some(c) on:change=move |_| category.set(Some(c)) />
                                {move || complaint_category_label(i18n, c)}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <FieldError id="category-error" field=Field::Category error=error />
            </fieldset>
            <TextField label=label(|i| t_string!(i, complaints.what_happened).to_string()) id="what-happened" value=what_happened field=Field::WhatHappened error=error multiline=true />
            <TextField label=label(|i| t_string!(i, complaints.wish).to_string()) id="wish" value=wish field=Field::Wish error=error multiline=true />
            <div class="field">
                <span class="label">{move || t_string!(i18n, complaints.photos)}</span>
                <PhotoPicker photos=photos id="complaint-photo" />
            </div>
            <UploadProgress progress=progress />
            {move || failure.get().map(|(text, page)| view! {
                <div class="alert alert-error" role="alert">{text} " " <a href=page>{move || t_string!(i18n, complaints.open_filed)}</a></div>
            })}
            <FormAlert error=error fields=&[Field::Phone, Field::Order, Field::Outlet, Field::Category, Field::WhatHappened, Field::Wish] />
            <SubmitButton label=label(|i| t_string!(i, complaints.submit).to_string()) pending=Signal::derive(move || pending.get() || progress.get().is_some()) class="btn primary large" />
        </form>
    }
}

#[component]
pub fn MyComplaint() -> impl IntoView {
    let params = use_params_map();
    let number = params.with_untracked(|p| p.get("number").unwrap_or_default());
    view! {
        <Guard allowed=is_customer sign_in="/login">
            <ComplaintPage key=ComplaintKey::Number(number.clone()) />
        </Guard>
    }
}

#[component]
pub fn LinkedComplaint() -> impl IntoView {
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    view! { <ComplaintPage key=ComplaintKey::Token(token) /> }
}

#[component]
fn ComplaintPage(key: ComplaintKey) -> impl IntoView {
    let i18n = use_i18n();
    // The shop's replies appear the moment they are sent (the same live channel as orders).
    let (tick, live) = use_live(match &key {
        ComplaintKey::Number(number) => format!("/live/complaints/{number}"),
        ComplaintKey::Token(token) => format!("/live/complaint-link/{token}"),
    });
    let key = StoredValue::new(key);
    let complaint = Load::new(move || {
        tick.track();
        customer_complaint(key.get_value())
    });
    let notice = RwSignal::new(None::<Said>);
    // The reply form outlives the page's re-reads (what is typed stays); it changes only when
    // the complaint closes or reopens.
    // A failed re-read keeps the form (and what is typed in it).
    let closed = Memo::new(move |last: Option<&Option<bool>>| match complaint.get() {
        Some(Ok(view)) => Some(view.stage == ComplaintStage::Closed),
        _ => last.copied().flatten(),
    });
    view! {
        <LiveBadge live=live />
        <Notice message=notice />
        {move || match complaint.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(view)) => {
                let photos: Vec<PhotoRef> = view.photos.iter().map(PhotoRef::from).collect();
                let href = Callback::new(move |p: PhotoRef| key.get_value().photo_url(p.id));
                view! {
                    <ComplaintHeader view=view.clone() />
                    <ComplaintStageLine stage=view.stage />
                    <ComplaintOutcome view=view.clone() />
                    <section class="card">
                        <h2>{move || t_string!(i18n, complaints.timeline)}</h2>
                        <ComplaintTimeline entries=view.entries.clone() staff=false />
                    </section>
                    {(!photos.is_empty()).then(|| view! { <section class="card"><h2>{move || t_string!(i18n, complaints.photos)}</h2><PhotoGallery photos=photos href=href /></section> })}
                }.into_any()
            }
        }}
        {move || closed.get().map(|closed| view! {
            <CustomerReply key=key.get_value() closed=closed notice=notice on_done=Callback::new(move |_| complaint.refetch()) />
        })}
    }
}

/// The complaint's number, stage, what it is about and what the customer said.
/// Adding information; once closed, saying the customer is not satisfied (reopens it).
#[component]
fn CustomerReply(
    key: ComplaintKey,
    closed: bool,
    notice: RwSignal<Option<Said>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let key = StoredValue::new(key);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let action = match closed {
            false => CustomerAction::AddInfo {
                text: text.get_untracked(),
            },
            true => CustomerAction::NotSatisfied {
                reason: text.get_untracked(),
            },
        };
        send(
            pending,
            error,
            complaint_customer_action(key.get_value(), action),
            move |_| {
                text.set(String::new());
                notice.set(Some(Said::new(move || {
                    t_string!(i18n, complaints.sent).to_string()
                })));
                on_done.run(());
            },
        );
    };
    let (title, button) = match closed {
        false => (
            Signal::derive(move || t_string!(i18n, complaints.add_info).to_string()),
            Signal::derive(move || t_string!(i18n, complaints.send_info).to_string()),
        ),
        true => (
            Signal::derive(move || t_string!(i18n, complaints.not_satisfied).to_string()),
            Signal::derive(move || t_string!(i18n, complaints.reopen).to_string()),
        ),
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <TextField label=title id="complaint-reply" value=text field=Field::Message error=error multiline=true />
            <FormAlert error=error fields=&[Field::Message] />
            <SubmitButton label=button pending=pending />
        </form>
    }
}
