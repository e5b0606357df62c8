//! `/staff/organisation`: headquarters' page — the group's regions and outlets, a new region,
//! a new outlet with its first week of hours and its bays, and which region each outlet is in.
//! An outlet's finer settings are on its settings page (switch to it, then `门店设置`).

use crate::api::organisation::*;
use crate::domain::ids::{OutletId, RegionId};
use crate::domain::organisation::*;
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::{localized, weekday_name};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::{send, Guard};
use chrono::Weekday;
use leptos::prelude::*;

#[component]
pub fn OrganisationPage() -> impl IntoView {
    view! {
        <Guard allowed=super::runs_the_group sign_in="/staff/login">
            <Organisation />
        </Guard>
    }
}

#[component]
fn Organisation() -> impl IntoView {
    let i18n = use_i18n();
    let chart = Load::new(get_org_chart);
    let notice = RwSignal::new(None::<Said>);
    let changed = Callback::new(move |said: Said| {
        notice.set(Some(said));
        chart.refetch();
    });
    // The forms stand outside the lists: what is typed in them stays while the lists are
    // drawn again after a change.
    let regions = Signal::derive(move || {
        chart
            .get()
            .and_then(Result::ok)
            .map(|c| c.regions)
            .unwrap_or_default()
    });
    view! {
        <h1>{move || t_string!(i18n, organisation.title)}</h1>
        <Notice message=notice />
        <div class="settings">
            <section class="card" aria-labelledby="outlets-title">
                <h2 id="outlets-title">{move || t_string!(i18n, organisation.outlets)}</h2>
                {move || match chart.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
                    Some(Ok(c)) => view! {
                        <ul class="org-outlets">
                            {c.outlets.into_iter().map(|o| view! { <OutletLine outlet=o regions=regions changed=changed /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
            <section class="card" aria-labelledby="regions-title">
                <h2 id="regions-title">{move || t_string!(i18n, organisation.regions)}</h2>
                {move || {
                    let list = regions.get();
                    if list.is_empty() {
                        view! { <p class="empty">{move || t_string!(i18n, organisation.no_regions)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="org-regions">
                                {list.into_iter().map(|r| view! {
                                    <li data-testid="region"><strong>{move || localized(i18n, &r.name)}</strong> " · " <span class="mono">{r.code.clone()}</span></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
                <NewRegion changed=changed />
            </section>
            <NewOutlet regions=regions changed=changed />
        </div>
    }
}

fn region_of(value: &str) -> Option<RegionId> {
    value.parse().ok().map(RegionId)
}

/// The region choices: none (headquarters runs it) or one of the group's.
#[component]
fn RegionOptions(regions: Signal<Vec<RegionRow>>, selected: Option<RegionId>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <option value="" selected=selected.is_none()>{move || t_string!(i18n, organisation.no_region)}</option>
        {move || regions.get().into_iter().map(|r| view! {
            <option value=r.id.0.to_string() selected=Some(r.id) == selected>{move || localized(i18n, &r.name)}</option>
        }).collect_view()}
    }
}

#[component]
fn OutletLine(
    outlet: OutletRow,
    regions: Signal<Vec<RegionRow>>,
    changed: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let id: OutletId = outlet.id;
    let name = StoredValue::new(outlet.name.clone());
    let select_id = format!("outlet-region-{}", id.0);
    let change = move |ev: leptos::ev::Event| {
        let region = region_of(&event_target_value(&ev));
        // The confirmation outlives this line (the page is drawn again): it keeps the name.
        let outlet = name.get_value();
        send(pending, error, move_outlet(id, region), move |_| {
            changed.run(Said::new(move || {
                t_string!(i18n, organisation.moved, outlet = localized(i18n, &outlet)).to_string()
            }));
        });
    };
    view! {
        <li class="org-outlet" data-testid="org-outlet">
            <span><strong>{move || localized(i18n, &name.get_value())}</strong> " · " <span class="mono">{outlet.code.clone()}</span></span>
            <div class="field inline">
                <label for=select_id.clone()>{move || t_string!(i18n, organisation.region)}</label>
                <select id=select_id on:change=change disabled=move || pending.get()>
                    <RegionOptions regions=regions selected=outlet.region />
                </select>
            </div>
            <FormAlert error=error />
        </li>
    }
}

#[component]
fn NewRegion(changed: Callback<Said>) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let zh = RwSignal::new(String::new());
    let en = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = RegionForm {
            code: code.get_untracked(),
            name_zh: zh.get_untracked(),
            name_en: en.get_untracked(),
        };
        send(pending, error, add_region(form), move |_| {
            changed.run(Said::new(move || {
                t_string!(i18n, organisation.region_added).to_string()
            }));
        });
    };
    view! {
        <form on:submit=submit novalidate aria-labelledby="new-region-title">
            <h3 id="new-region-title">{move || t_string!(i18n, organisation.new_region)}</h3>
            <TextField label=Signal::derive(move || t_string!(i18n, organisation.code).to_string()) id="region-code" value=code field=Field::Code error=error
                hint=Signal::derive(move || t_string!(i18n, organisation.code_hint).to_string()) />
            <div class="row">
                <TextField label=Signal::derive(move || t_string!(i18n, organisation.name_zh).to_string()) id="region-name-zh" value=zh field=Field::NameZh error=error />
                <TextField label=Signal::derive(move || t_string!(i18n, organisation.name_en).to_string()) id="region-name-en" value=en field=Field::NameEn error=error />
            </div>
            <FormAlert error=error fields=&[Field::Code, Field::NameZh, Field::NameEn] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, organisation.add_region).to_string()) pending=pending />
        </form>
    }
}

#[component]
fn NewOutlet(regions: Signal<Vec<RegionRow>>, changed: Callback<Said>) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::ui::session::use_session();
    let code = RwSignal::new(String::new());
    let name_zh = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let address_zh = RwSignal::new(String::new());
    let address_en = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let opens = RwSignal::new("08:30".to_string());
    let closes = RwSignal::new("17:30".to_string());
    let days: [RwSignal<bool>; 7] = std::array::from_fn(|i| RwSignal::new(i < 6));
    let bays = RwSignal::new("4".to_string());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(bay_count) = bays.get_untracked().trim().parse::<u32>() else {
            error.set(Some(AppError::invalid(
                Field::Bays,
                crate::domain::Problem::NotBetween {
                    min: 1,
                    max: crate::domain::outlet_settings::MAX_BAYS,
                },
            )));
            return;
        };
        let form = OutletForm {
            code: code.get_untracked(),
            name_zh: name_zh.get_untracked(),
            name_en: name_en.get_untracked(),
            address_zh: address_zh.get_untracked(),
            address_en: address_en.get_untracked(),
            phone: phone.get_untracked(),
            region: region_of(&region.get_untracked()),
            opens: opens.get_untracked(),
            closes: closes.get_untracked(),
            open_days: days.map(|d| d.get_untracked()),
            bays: bay_count,
        };
        send(pending, error, add_outlet(form), move |_| {
            for field in [code, name_zh, name_en, address_zh, address_en, phone] {
                field.set(String::new());
            }
            // The outlet switcher offers the new outlet at once.
            leptos::task::spawn_local(async move {
                if let Ok(me) = crate::api::auth::who_am_i().await {
                    session.me.set(me);
                }
            });
            changed.run(Said::new(move || {
                t_string!(i18n, organisation.outlet_added).to_string()
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
        <section class="card" aria-labelledby="new-outlet-title">
            <h2 id="new-outlet-title">{move || t_string!(i18n, organisation.new_outlet)}</h2>
            <form on:submit=submit novalidate>
                <div class="row">
                    <TextField label=Signal::derive(move || t_string!(i18n, organisation.code).to_string()) id="outlet-code" value=code field=Field::Code error=error
                        hint=Signal::derive(move || t_string!(i18n, organisation.code_hint).to_string()) />
                    <div class="field">
                        <label for="outlet-region">{move || t_string!(i18n, organisation.region)}</label>
                        <select id="outlet-region" bind:value=region>
                            <RegionOptions regions=regions selected=None />
                        </select>
                        <FieldError id="outlet-region-error" field=Field::Region error=error />
                    </div>
                </div>
                <div class="row">
                    <TextField label=Signal::derive(move || t_string!(i18n, organisation.name_zh).to_string()) id="outlet-name-zh" value=name_zh field=Field::NameZh error=error />
                    <TextField label=Signal::derive(move || t_string!(i18n, organisation.name_en).to_string()) id="outlet-name-en" value=name_en field=Field::NameEn error=error />
                </div>
                <div class="row">
                    <TextField label=Signal::derive(move || t_string!(i18n, organisation.address_zh).to_string()) id="outlet-address-zh" value=address_zh field=Field::AddressZh error=error />
                    <TextField label=Signal::derive(move || t_string!(i18n, organisation.address_en).to_string()) id="outlet-address-en" value=address_en field=Field::AddressEn error=error />
                </div>
                <TextField label=Signal::derive(move || t_string!(i18n, organisation.phone).to_string()) id="outlet-phone" value=phone field=Field::Phone error=error input_type="tel" />
                <fieldset class="choices" aria-describedby="open-days-error">
                    <legend>{move || t_string!(i18n, organisation.open_days)}</legend>
                    <div class="choice-grid days">
                        {days.into_iter().zip(weekdays).enumerate().map(|(i, (open, weekday))| view! {
                            <label class="choice" for=format!("open-day-{i}")>
                                <input type="checkbox" id=format!("open-day-{i}") bind:checked=open />
                                <span class="choice-text">{move || weekday_name(i18n, weekday)}</span>
                            </label>
                        }).collect_view()}
                    </div>
                    <FieldError id="open-days-error" field=Field::OpenDays error=error />
                </fieldset>
                <div class="row">
                    <TextField label=Signal::derive(move || t_string!(i18n, settings.opens).to_string()) id="outlet-opens" value=opens field=Field::Opens error=error input_type="time" />
                    <TextField label=Signal::derive(move || t_string!(i18n, settings.closes).to_string()) id="outlet-closes" value=closes field=Field::Closes error=error input_type="time" />
                    <TextField label=Signal::derive(move || t_string!(i18n, settings.bays_label).to_string()) id="outlet-bays" value=bays field=Field::Bays error=error input_type="number" inputmode="numeric" />
                </div>
                <FormAlert error=error fields=&[Field::Code, Field::Region, Field::NameZh, Field::NameEn, Field::AddressZh, Field::AddressEn, Field::Phone, Field::OpenDays, Field::Opens, Field::Closes, Field::Bays] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, organisation.add_outlet).to_string()) pending=pending />
            </form>
        </section>
    }
}
