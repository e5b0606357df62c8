//! `/staff/catalogue`: the group's services with each outlet's published price (明码标价:
//! standard hours at the outlet's labour rate plus the standard parts). Headquarters adds and
//! changes services, their standard parts, and retires them; every manager switches what the
//! outlets they reach offer (a switch applies to the portal at once; bookings already made
//! keep their services).

use super::work_order::PartFields;
use crate::api::catalog::*;
use crate::domain::catalog::{
    CatalogueEntry, CatalogueOutlet, PartForm, ServiceForm, ServiceType, Skill,
};
use crate::domain::estimate::{format_hundredths, LineForm, Money, PartOrigin, PartUnit};
use crate::domain::ids::{OutletId, ServiceTypeId};
use crate::domain::standard_work::StandardPart;
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::{duration_label, localized, price_label, skill_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;

#[component]
pub fn CataloguePage() -> impl IntoView {
    view! {
        <Guard allowed=super::manages sign_in="/staff/login">
            <CatalogueScreen />
        </Guard>
    }
}

#[component]
fn CatalogueScreen() -> impl IntoView {
    let i18n = use_i18n();
    let page = Load::new(get_catalogue);
    let notice = RwSignal::new(None::<Said>);
    // Headquarters' changes redraw the list; an outlet's switch keeps its own state.
    let changed = Callback::new(move |said: Said| {
        notice.set(Some(said));
        page.refetch();
    });
    let said = Callback::new(move |said: Said| notice.set(Some(said)));
    view! {
        <h1>{move || t_string!(i18n, catalogue.title)}</h1>
        <p class="hint">{move || t_string!(i18n, catalogue.intro)}</p>
        <Notice message=notice />
        {move || match page.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(page)) => {
                let outlets = StoredValue::new(page.outlets);
                let may_edit = page.may_edit;
                view! {
                    {may_edit.then(|| view! {
                        <details class="card">
                            <summary>{move || t_string!(i18n, catalogue.new_service)}</summary>
                            <ServiceEditor id=None form=ServiceForm::default() changed=changed />
                        </details>
                    })}
                    <ul class="catalogue" role="list">
                        {page.services.into_iter().map(|entry| view! {
                            <ServiceCard entry=entry outlets=outlets may_edit=may_edit changed=changed said=said />
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
}

#[component]
fn ServiceCard(
    entry: CatalogueEntry,
    outlets: StoredValue<Vec<CatalogueOutlet>>,
    may_edit: bool,
    changed: Callback<Said>,
    said: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let CatalogueEntry {
        service,
        active,
        parts,
        offered_at,
    } = entry;
    let id = service.id;
    let editing = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let name = service.name.clone();
    let form = ServiceForm {
        code: service.code.clone(),
        name_zh: service.name.zh.clone(),
        name_en: service.name.en.clone(),
        duration_minutes: service.duration_minutes.to_string(),
        skill: Some(service.skill),
        labour_hours: format_hundredths(service.labour_hours),
    };
    let retire = move |_| {
        send(pending, error, set_service_active(id, !active), move |_| {
            changed.run(Said::new(move || match active {
                true => t_string!(i18n, catalogue.retired_now).to_string(),
                false => t_string!(i18n, catalogue.restored).to_string(),
            }))
        });
    };
    let retire_label = move || match active {
        true => t_string!(i18n, catalogue.retire).to_string(),
        false => t_string!(i18n, catalogue.restore).to_string(),
    };
    let label = StoredValue::new(service.name.clone());
    let heading_id = format!("service-{}", id.0);
    let labelled_by = heading_id.clone();
    let service = StoredValue::new(service);
    let minutes = service.with_value(|s| s.duration_minutes);
    let skill = service.with_value(|s| s.skill);
    let hours = service.with_value(|s| s.labour_hours);
    view! {
        <li class="card service-card" class:retired=!active aria-labelledby=labelled_by>
            <h2 id=heading_id>
                {move || localized(i18n, &name)}
                " " <span class="mono muted">{service.with_value(|s| s.code.clone())}</span>
                {(!active).then(|| view! { " " <span class="badge">{move || t_string!(i18n, catalogue.retired)}</span> })}
            </h2>
            <p class="facts-line">
                {move || duration_label(i18n, minutes)} " · "
                {move || skill_label(i18n, skill)} " · "
                {move || t_string!(i18n, catalogue.standard_hours, hours = format_hundredths(hours))}
            </p>
            {match active {
                true => view! { <Offers service=service outlets=outlets offered_at=offered_at said=said /> }.into_any(),
                false => view! { <p class="hint">{move || t_string!(i18n, catalogue.retired_hint)}</p> }.into_any(),
            }}
            <Parts id=id parts=parts total=service.with_value(|s| s.parts_price) may_edit=may_edit changed=changed />
            {may_edit.then(|| view! {
                <div class="actions">
                    <button type="button" class="btn" aria-expanded=move || editing.get().to_string()
                        aria-label=move || format!("{} {}", t_string!(i18n, catalogue.edit), label.with_value(|l| localized(i18n, l)))
                        on:click=move |_| editing.update(|e| *e = !*e)>
                        {move || t_string!(i18n, catalogue.edit)}
                    </button>
                    <button type="button" class="btn ghost" on:click=retire disabled=move || pending.get()
                        aria-label=move || format!("{} {}", retire_label(), label.with_value(|l| localized(i18n, l)))>
                        {retire_label}
                    </button>
                </div>
                <FormAlert error=error fields=&[] />
                <Show when=move || editing.get()>
                    <ServiceEditor id=Some(id) form=form.clone() changed=changed />
                </Show>
            })}
        </li>
    }
}

/// Each outlet the viewer reaches: its price for the service, and whether it offers it.
#[component]
fn Offers(
    service: StoredValue<ServiceType>,
    outlets: StoredValue<Vec<CatalogueOutlet>>,
    offered_at: Vec<OutletId>,
    said: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = service.with_value(|s| s.id);
    let error = RwSignal::new(None::<AppError>);
    let rows = outlets.get_value().into_iter().map(|outlet| {
        let offered = RwSignal::new(offered_at.contains(&outlet.id));
        let pending = RwSignal::new(false);
        let price = service.with_value(|s| s.published_price(outlet.labour_rate));
        let outlet_name = outlet.name.clone();
        let input_id = format!("offer-{}-{}", id.0, outlet.id.0);
        let label_for = input_id.clone();
        let toggle = move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            offered.set(on);
            let name = outlet_name.clone();
            // Shown at once; a refused switch goes back to what is stored.
            let call = async move {
                let result = offer_service(outlet.id, id, on).await;
                if result.is_err() {
                    offered.set(!on);
                }
                result
            };
            send(pending, error, call, move |_| {
                said.run(Said::new(move || {
                    let outlet = localized(i18n, &name);
                    match on {
                        true => t_string!(i18n, catalogue.now_offered, outlet = outlet).to_string(),
                        false => t_string!(i18n, catalogue.now_withdrawn, outlet = outlet).to_string(),
                    }
                }))
            });
        };
        let name = outlet.name.clone();
        let rate = outlet.labour_rate;
        view! {
            <tr>
                <th scope="row">
                    <label class="check" for=label_for>
                        <input type="checkbox" id=input_id prop:checked=move || offered.get() on:change=toggle
                            disabled=move || pending.get() />
                        {move || localized(i18n, &name)}
                    </label>
                </th>
                <td class="amount">{move || t_string!(i18n, catalogue.rate, rate = rate.to_string())}</td>
                <td class="amount">{move || price_label(i18n, price)}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <table class="offers">
            <caption class="visually-hidden">{move || t_string!(i18n, catalogue.offered_at)}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || t_string!(i18n, catalogue.offered_at)}</th>
                    <th scope="col">{move || t_string!(i18n, catalogue.labour_rate)}</th>
                    <th scope="col">{move || t_string!(i18n, catalogue.price)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <FormAlert error=error fields=&[] />
    }
}

/// The service's standard parts; headquarters adds and removes them.
#[component]
fn Parts(
    id: ServiceTypeId,
    parts: Vec<StandardPart>,
    /// Their list price together.
    total: Money,
    may_edit: bool,
    changed: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let adding = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let count = parts.len();
    let rows = parts.into_iter().enumerate().map(|(index, part)| {
        let name = part.name.clone();
        let remove = move |_| {
            send(pending, error, remove_service_part(id, index), move |_| {
                changed.run(Said::new(move || t_string!(i18n, catalogue.part_removed).to_string()))
            });
        };
        let label = part.name.clone();
        view! {
            <li>
                <span>
                    {move || localized(i18n, &name)}
                    " " <span class="mono muted">{part.part_code.clone()}</span>
                    {format!(" × {} · {}", format_hundredths(part.quantity), part.unit_price)}
                </span>
                {may_edit.then(|| view! {
                    " " <button type="button" class="btn ghost" on:click=remove disabled=move || pending.get()
                        aria-label=move || format!("{} {}", t_string!(i18n, catalogue.remove_part), localized(i18n, &label))>
                        {move || t_string!(i18n, catalogue.remove_part)}
                    </button>
                })}
            </li>
        }
    }).collect_view();
    view! {
        <details class="certificates">
            <summary>{move || t_string!(i18n, catalogue.parts, count = count, total = total.to_string())}</summary>
            <ul class="parts-list">{rows}</ul>
            <FormAlert error=error fields=&[] />
            {may_edit.then(|| view! {
                <button type="button" class="btn" on:click=move |_| adding.update(|a| *a = !*a)
                    aria-expanded=move || adding.get().to_string()>
                    {move || t_string!(i18n, catalogue.add_part)}
                </button>
                <Show when=move || adding.get()>
                    <AddPart id=id changed=changed />
                </Show>
            })}
        </details>
    }
}

#[component]
fn AddPart(id: ServiceTypeId, changed: Callback<Said>) -> impl IntoView {
    let i18n = use_i18n();
    let name_zh = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let part_code = RwSignal::new(String::new());
    let origin = RwSignal::new(PartOrigin::Original.as_str().to_string());
    let brand = RwSignal::new(String::new());
    let spec = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_string());
    let unit = RwSignal::new(PartUnit::Piece.as_str().to_string());
    let unit_price = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let prefix = format!("part-{}", id.0);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = PartForm {
            line: LineForm {
                item: name_zh.get_untracked(),
                part_code: part_code.get_untracked(),
                origin: origin.get_untracked().parse().ok(),
                brand: brand.get_untracked(),
                spec: spec.get_untracked(),
                unit: unit.get_untracked(),
                quantity: quantity.get_untracked(),
                unit_price: unit_price.get_untracked(),
                ..LineForm::default()
            },
            name_en: name_en.get_untracked(),
        };
        send(pending, error, add_service_part(id, form), move |_| {
            changed.run(Said::new(move || {
                t_string!(i18n, catalogue.part_added).to_string()
            }))
        });
    };
    view! {
        <form class="add-line" on:submit=submit novalidate>
            <div class="field-row">
                <TextField label=Signal::derive(move || t_string!(i18n, catalogue.part_name_zh).to_string()) id=format!("{prefix}-name-zh") value=name_zh field=Field::Item error=error />
                <TextField label=Signal::derive(move || t_string!(i18n, catalogue.part_name_en).to_string()) id=format!("{prefix}-name-en") value=name_en field=Field::NameEn error=error />
            </div>
            <PartFields id=prefix.clone() part_code=part_code origin=origin brand=brand spec=spec quantity=quantity unit=unit unit_price=unit_price error=error />
            <FormAlert error=error fields=&[Field::Item, Field::NameEn, Field::PartCode, Field::Brand, Field::Spec, Field::Unit, Field::Quantity, Field::UnitPrice] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, catalogue.add_part).to_string()) pending=pending />
        </form>
    }
}

/// A new service (`id` none) or a change to one.
#[component]
fn ServiceEditor(
    id: Option<ServiceTypeId>,
    form: ServiceForm,
    changed: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(form.code);
    let name_zh = RwSignal::new(form.name_zh);
    let name_en = RwSignal::new(form.name_en);
    let minutes = RwSignal::new(form.duration_minutes);
    let skill = RwSignal::new(
        form.skill
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
    );
    let hours = RwSignal::new(form.labour_hours);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let prefix = match id {
        Some(id) => format!("service-{}", id.0),
        None => "new-service".to_string(),
    };
    let skill_id = format!("{prefix}-skill");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = ServiceForm {
            code: code.get_untracked(),
            name_zh: name_zh.get_untracked(),
            name_en: name_en.get_untracked(),
            duration_minutes: minutes.get_untracked(),
            skill: skill.get_untracked().parse().ok(),
            labour_hours: hours.get_untracked(),
        };
        send(pending, error, save_service(id, form), move |_| {
            changed.run(Said::new(move || {
                t_string!(i18n, catalogue.saved).to_string()
            }))
        });
    };
    let label = move |key: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        Signal::derive(move || key(i18n))
    };
    view! {
        <form class="service-editor" on:submit=submit novalidate>
            <div class="field-row">
                <TextField label=label(|i| t_string!(i, catalogue.code).to_string()) id=format!("{prefix}-code") value=code field=Field::Code error=error
                    hint=label(|i| t_string!(i, catalogue.code_hint).to_string()) />
                <TextField label=label(|i| t_string!(i, organisation.name_zh).to_string()) id=format!("{prefix}-name-zh") value=name_zh field=Field::NameZh error=error />
                <TextField label=label(|i| t_string!(i, organisation.name_en).to_string()) id=format!("{prefix}-name-en") value=name_en field=Field::NameEn error=error />
            </div>
            <div class="field-row">
                <TextField label=label(|i| t_string!(i, catalogue.minutes).to_string()) id=format!("{prefix}-minutes") value=minutes field=Field::Duration error=error inputmode="numeric" />
                <div class="field">
                    <label for=skill_id.clone()>{move || t_string!(i18n, people.skill)}</label>
                    <select id=skill_id.clone() bind:value=skill aria-describedby=format!("{skill_id}-error")>
                        <option value="">{move || t_string!(i18n, people.choose_skill)}</option>
                        {Skill::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{move || skill_label(i18n, s)}</option> }).collect_view()}
                    </select>
                    <FieldError id=format!("{skill_id}-error") field=Field::Skill error=error />
                </div>
                <TextField label=label(|i| t_string!(i, catalogue.labour_hours).to_string()) id=format!("{prefix}-hours") value=hours field=Field::Hours error=error inputmode="decimal"
                    hint=label(|i| t_string!(i, catalogue.labour_hours_hint).to_string()) />
            </div>
            <FormAlert error=error fields=&[Field::Code, Field::NameZh, Field::NameEn, Field::Duration, Field::Skill, Field::Hours] />
            <SubmitButton label=label(|i| t_string!(i, catalogue.save).to_string()) pending=pending />
        </form>
    }
}
