//! `/staff/people`: the managers' people page — who they reach, what needs their eye
//! (certificates expiring or expired, experience below the guideline's), new accounts, roles
//! and placement, deactivation, password resets and certificates. Also what every member of
//! staff does for themselves: choose their own password after a reset (`OwnPassword`), and,
//! for regional and headquarters staff, the outlet they work in (`WorkPlaceSwitch`).

use crate::api::organisation::*;
use crate::domain::account::{Me, StaffRole};
use crate::domain::catalog::{Skill, SkillSet};
use crate::domain::ids::StaffId;
use crate::domain::organisation::*;
use crate::domain::{AppError, Field, Problem};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::{localized, role_label, skill_label, skills_label, year_date_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::session::use_session;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <Guard allowed=super::manages sign_in="/staff/login">
            <People />
        </Guard>
    }
}

/// A place's name: headquarters in the page's language, a region or outlet by its own name.
fn place_label(
    i18n: I18nContext<Locale>,
    placement: Placement,
    name: &crate::domain::catalog::Localized,
) -> String {
    match placement {
        Placement::Group => t_string!(i18n, people.headquarters).to_string(),
        _ => localized(i18n, name),
    }
}

fn placement_value(placement: Placement) -> String {
    match placement {
        Placement::Group => "g".into(),
        Placement::Region(id) => format!("r{}", id.0),
        Placement::Outlet(id) => format!("o{}", id.0),
    }
}

fn placement_of(value: &str, places: &[Place]) -> Option<Placement> {
    places
        .iter()
        .map(|p| p.placement)
        .find(|p| placement_value(*p) == value)
}

/// A password to hand over, shown once.
#[derive(Clone)]
struct Handover(OneTimePassword);

#[component]
fn People() -> impl IntoView {
    let i18n = use_i18n();
    let page = Load::new(get_people);
    let notice = RwSignal::new(None::<Said>);
    let handover = RwSignal::new(None::<Handover>);
    let adding = RwSignal::new(false);
    let changed = Callback::new(move |said: Said| {
        notice.set(Some(said));
        page.refetch();
    });
    view! {
        <div class="page-head">
            <h1>{move || t_string!(i18n, people.title)}</h1>
            <button type="button" class="btn primary" on:click=move |_| adding.update(|a| *a = !*a)
                aria-expanded=move || adding.get().to_string()>
                {move || t_string!(i18n, people.add)}
            </button>
        </div>
        <Notice message=notice />
        // Not a live region: a screen reader does not read the password out to the room.
        {move || handover.get().map(|Handover(otp)| view! {
            <div class="alert alert-info handover" data-testid="one-time-password">
                <p>{move || t_string!(i18n, people.handover, username = otp.username.clone()).to_string()}</p>
                <p class="otp mono">{otp.password.clone()}</p>
                <p class="field-hint">{move || t_string!(i18n, people.handover_hint)}</p>
                <button type="button" class="btn" on:click=move |_| handover.set(None)>{move || t_string!(i18n, people.handed_over)}</button>
            </div>
        })}
        {move || match page.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(p)) => {
                let page = StoredValue::new(p.clone());
                view! {
                    <Show when=move || adding.get()>
                        <section class="card" aria-labelledby="new-person-title">
                            <h2 id="new-person-title">{move || t_string!(i18n, people.new_account)}</h2>
                            <PersonEditor page=page.get_value() person=None
                                saved=Callback::new(move |otp: Option<OneTimePassword>| {
                                    adding.set(false);
                                    handover.set(otp.map(Handover));
                                    changed.run(Said::new(move || t_string!(i18n, people.created).to_string()));
                                }) />
                        </section>
                    </Show>
                    <Attention people=p.people.clone() />
                    <ul class="people">
                        {p.people.into_iter().map(|person| view! {
                            <PersonCard person=person page=page changed=changed handover=handover />
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
}

/// What needs the manager's eye, across everyone they reach.
#[component]
fn Attention(people: Vec<StaffMember>) -> impl IntoView {
    let i18n = use_i18n();
    let lines: Vec<(String, StaffWarning)> = people
        .into_iter()
        .flat_map(|p| {
            let name = p.name.clone();
            p.warnings.into_iter().map(move |w| (name.clone(), w))
        })
        .collect();
    (!lines.is_empty()).then(|| view! {
        <section class="card attention" aria-labelledby="attention-title" data-testid="attention">
            <h2 id="attention-title">{move || t_string!(i18n, people.attention)}</h2>
            <ul>
                {lines.into_iter().map(|(name, warning)| view! {
                    <li>{move || warning_text(i18n, &name, warning)}</li>
                }).collect_view()}
            </ul>
        </section>
    })
}

fn warning_text(i18n: I18nContext<Locale>, name: &str, warning: StaffWarning) -> String {
    let name = name.to_owned();
    match warning {
        StaffWarning::ExperienceBelow { role, years } => t_string!(
            i18n,
            people.experience_below,
            name = name,
            role = role_label(i18n, role),
            years = years
        )
        .to_string(),
        StaffWarning::CertificateExpired { skill } => t_string!(
            i18n,
            people.expired,
            name = name,
            skill = skill_label(i18n, skill)
        )
        .to_string(),
        StaffWarning::CertificateExpiresIn { skill, days } => t_string!(
            i18n,
            people.expires_in,
            name = name,
            skill = skill_label(i18n, skill),
            days = days
        )
        .to_string(),
    }
}

#[component]
fn PersonCard(
    person: StaffMember,
    page: StoredValue<PeoplePage>,
    changed: Callback<Said>,
    handover: RwSignal<Option<Handover>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let id = person.id;
    let active = person.active;
    let name = StoredValue::new(person.name.clone());
    let roles = person.roles.clone();
    let roles_text = move || {
        roles
            .iter()
            .map(|r| role_label(i18n, r))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let place = {
        let (placement, name) = (person.placement, person.place_name.clone());
        move || place_label(i18n, placement, &name)
    };
    // A confirmation outlives this card (the list is drawn again after each change): it keeps
    // the name itself, never a handle to the card's values.
    let toggle = move |_| {
        let who = name.get_value();
        send(pending, error, set_person_active(id, !active), move |_| {
            changed.run(Said::new(move || {
                if active {
                    t_string!(i18n, people.deactivated, name = who.clone()).to_string()
                } else {
                    t_string!(i18n, people.reactivated, name = who.clone()).to_string()
                }
            }));
        });
    };
    let reset = move |_| {
        let who = name.get_value();
        send(pending, error, reset_person_password(id), move |otp| {
            handover.set(Some(Handover(otp)));
            changed.run(Said::new(move || {
                t_string!(i18n, people.password_reset, name = who.clone()).to_string()
            }));
        });
    };
    let skills = person.skills;
    let experience = person.experience_since;
    let editable = person.clone();
    let certificates = person.certificates.clone();
    let trainings = person.trainings.clone();
    let assessments = person.assessments.clone();
    let label_for = move |what: &str| format!("{what} {}", name.get_value());
    view! {
        <li class="card person" class:inactive=!active data-testid="person">
            <div class="person-head">
                <div>
                    <h2 class="person-name">{person.name.clone()} <span class="mono muted">" @" {person.username.clone()}</span></h2>
                    <p class="muted">{roles_text} " · " {place}</p>
                    {(!skills.is_empty()).then(|| view! { <p class="muted">{move || t_string!(i18n, people.skills)} ": " {move || skills_label(i18n, skills)}</p> })}
                    {experience.map(|d| view! { <p class="muted">{move || t_string!(i18n, people.experience_since)} ": " {move || year_date_label(i18n, d)}</p> })}
                </div>
                <div class="tags">
                    {(!active).then(|| view! { <span class="tag">{move || t_string!(i18n, people.inactive)}</span> })}
                    {person.must_change_password.then(|| view! { <span class="tag warn">{move || t_string!(i18n, people.awaiting_password)}</span> })}
                </div>
            </div>
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| editing.update(|e| *e = !*e)
                    aria-expanded=move || editing.get().to_string() aria-label=move || label_for(t_string!(i18n, people.edit))>
                    {move || t_string!(i18n, people.edit)}
                </button>
                <Show when=move || active>
                    <button type="button" class="btn" on:click=reset disabled=move || pending.get()
                        aria-label=move || label_for(t_string!(i18n, people.reset_password))>
                        {move || t_string!(i18n, people.reset_password)}
                    </button>
                </Show>
                <button type="button" class="btn ghost" on:click=toggle disabled=move || pending.get()
                    aria-label=move || label_for(if active { t_string!(i18n, people.deactivate) } else { t_string!(i18n, people.reactivate) })>
                    {move || if active { t_string!(i18n, people.deactivate) } else { t_string!(i18n, people.reactivate) }}
                </button>
            </div>
            <FormAlert error=error />
            <Show when=move || editing.get()>
                <PersonEditor page=page.get_value() person=Some(editable.clone())
                    saved=Callback::new(move |_| {
                        editing.set(false);
                        let who = name.try_get_value().unwrap_or_default();
                        changed.run(Said::new(move || t_string!(i18n, people.saved, name = who.clone()).to_string()));
                    }) />
            </Show>
            <Certificates person=id name=name.get_value() certificates=certificates changed=changed />
            <Trainings person=id name=name.get_value() trainings=trainings changed=changed />
            <Assessments person=id name=name.get_value() assessments=assessments changed=changed />
        </li>
    }
}

/// A new account (`person` none) or a change to one: placement first, then the roles that
/// fit it and that the manager may grant.
#[component]
fn PersonEditor(
    page: PeoplePage,
    person: Option<StaffMember>,
    saved: Callback<Option<OneTimePassword>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = person
        .as_ref()
        .map(|p| p.id.0.to_string())
        .unwrap_or_else(|| "new".into());
    let id = person.as_ref().map(|p| p.id);
    let username = RwSignal::new(
        person
            .as_ref()
            .map(|p| p.username.clone())
            .unwrap_or_default(),
    );
    let name = RwSignal::new(person.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let place = RwSignal::new(
        person
            .as_ref()
            .map(|p| placement_value(p.placement))
            .unwrap_or_default(),
    );
    let roles = RwSignal::new(
        person
            .as_ref()
            .map(|p| p.roles.as_slice().to_vec())
            .unwrap_or_default(),
    );
    let experience = RwSignal::new(
        person
            .as_ref()
            .and_then(|p| p.experience_since)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    );
    let skills = RwSignal::new(person.as_ref().map(|p| p.skills).unwrap_or_default());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let places = StoredValue::new(page.places.clone());
    let level = move || {
        places
            .with_value(|p| placement_of(&place.get(), p))
            .map(Placement::level)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let placement = places.with_value(|p| placement_of(&place.get_untracked(), p));
        let Some(placement) = placement else {
            error.set(Some(AppError::invalid(Field::Placement, Problem::Required)));
            return;
        };
        // Roles that do not fit the chosen level are dropped, not sent.
        let chosen: Vec<StaffRole> = roles
            .get_untracked()
            .into_iter()
            .filter(|r| r.fits(placement.level()))
            .collect();
        let form = StaffForm {
            id,
            username: username.get_untracked(),
            name: name.get_untracked(),
            roles: chosen,
            placement: Some(placement),
            experience_since: experience.get_untracked(),
            skills: skills.get_untracked(),
        };
        send(pending, error, save_person(form), move |otp| saved.run(otp));
    };
    let grantable = page.grantable.clone();
    let is_new = id.is_none();
    let key = StoredValue::new(key);
    let field_id = move |what: &str| format!("{what}-{}", key.get_value());
    view! {
        <form on:submit=submit novalidate class="person-form">
            <div class="row">
                {is_new.then(|| view! {
                    <TextField label=Signal::derive(move || t_string!(i18n, auth.username).to_string()) id=field_id("username") value=username field=Field::Username error=error
                        autocomplete="off" hint=Signal::derive(move || t_string!(i18n, people.username_hint).to_string()) />
                })}
                <TextField label=Signal::derive(move || t_string!(i18n, people.name).to_string()) id=field_id("name") value=name field=Field::Name error=error />
            </div>
            <div class="field" class:invalid=move || error.with(|e| e.as_ref().and_then(AppError::field) == Some(Field::Placement))>
                <label for=field_id("place")>{move || t_string!(i18n, people.placement)}</label>
                <select id=field_id("place") bind:value=place aria-describedby=field_id("place-error")>
                    <option value="">{move || t_string!(i18n, people.choose_placement)}</option>
                    {page.places.into_iter().map(|p| {
                        let value = placement_value(p.placement);
                        view! { <option value=value>{move || place_label(i18n, p.placement, &p.name)}</option> }
                    }).collect_view()}
                </select>
                <FieldError id=field_id("place-error") field=Field::Placement error=error />
            </div>
            <fieldset class="choices" aria-describedby=field_id("roles-error")>
                <legend>{move || t_string!(i18n, people.roles)}</legend>
                <div class="choice-grid">
                    {grantable.into_iter().map(|role| {
                        let input = format!("{}-{}", field_id("role"), role.as_str());
                        let label_for = input.clone();
                        let fits = move || level().is_none_or(|l| role.fits(l));
                        view! {
                            <Show when=fits>
                                <label class="choice" for=label_for.clone()>
                                    <input type="checkbox" id=input.clone()
                                        prop:checked=move || roles.with(|r| r.contains(&role))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            roles.update(|r| {
                                                r.retain(|x| *x != role);
                                                if on { r.push(role) }
                                            });
                                        } />
                                    <span class="choice-text">{move || role_label(i18n, role)}</span>
                                </label>
                            </Show>
                        }
                    }).collect_view()}
                </div>
                <FieldError id=field_id("roles-error") field=Field::Roles error=error />
            </fieldset>
            <Show when=move || roles.with(|r| r.contains(&StaffRole::Technician))>
                <fieldset class="choices" aria-describedby=field_id("skills-error")>
                    <legend>{move || t_string!(i18n, people.skills)}</legend>
                    <div class="choice-grid">
                        {Skill::ALL.into_iter().map(|skill| {
                            let input = format!("{}-{}", field_id("skill"), skill.as_str());
                            let label_for = input.clone();
                            view! {
                                <label class="choice" for=label_for>
                                    <input type="checkbox" id=input
                                        prop:checked=move || skills.get().covers(SkillSet::default().with(skill))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            skills.update(|s| {
                                                let one = SkillSet::default().with(skill);
                                                *s = if on { s.union(one) } else { s.without(one) };
                                            });
                                        } />
                                    <span class="choice-text">{move || skill_label(i18n, skill)}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <FieldError id=field_id("skills-error") field=Field::Skill error=error />
                </fieldset>
            </Show>
            <TextField label=Signal::derive(move || t_string!(i18n, people.experience_since).to_string()) id=field_id("experience") value=experience
                field=Field::ExperienceSince error=error input_type="date"
                hint=Signal::derive(move || t_string!(i18n, people.experience_hint).to_string()) />
            <FormAlert error=error fields=&[Field::Username, Field::Name, Field::Placement, Field::Roles, Field::Skill, Field::ExperienceSince] />
            <SubmitButton label=Signal::derive(move || if is_new { t_string!(i18n, people.create).to_string() } else { t_string!(i18n, people.save).to_string() }) pending=pending />
        </form>
    }
}

#[component]
fn Certificates(
    person: StaffId,
    name: String,
    certificates: Vec<(Certificate, Standing)>,
    changed: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let skill = RwSignal::new(String::new());
    let issuer = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let adding = RwSignal::new(false);
    let name = StoredValue::new(name);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = CertificateForm {
            skill: Skill::ALL
                .into_iter()
                .find(|s| s.as_str() == skill.get_untracked()),
            issuer: issuer.get_untracked(),
            number: number.get_untracked(),
            valid_from: from.get_untracked(),
            valid_until: until.get_untracked(),
        };
        // The server's own rule first, so the error lands next to its field at once.
        if let Err((field, problem)) = typed.parse() {
            error.set(Some(AppError::invalid(field, problem)));
            return;
        }
        let who = name.get_value();
        send(pending, error, add_certificate(person, typed), move |_| {
            changed.run(Said::new(move || {
                t_string!(i18n, people.certificate_added, name = who.clone()).to_string()
            }));
        });
    };
    let key = person.0;
    let id = move |what: &str| format!("{what}-{key}");
    let count = certificates.len();
    view! {
        <Drawer summary=Signal::derive(move || t_string!(i18n, people.certificates, count = count).to_string()) add=Signal::derive(move || t_string!(i18n, people.add_certificate).to_string()) adding=adding>
            <ul>
                {certificates.into_iter().map(|(c, standing)| view! {
                    <CertificateRow person=person certificate=c standing=standing changed=changed />
                }).collect_view()}
            </ul>
            <Show when=move || adding.get()>
                <form on:submit=submit novalidate class="certificate-form" aria-label=move || format!("{} {}", t_string!(i18n, people.add_certificate), name.get_value())>
                    <div class="field" class:invalid=move || error.with(|e| e.as_ref().and_then(AppError::field) == Some(Field::Skill))>
                        <label for=id("cert-skill")>{move || t_string!(i18n, people.skill)}</label>
                        <select id=id("cert-skill") bind:value=skill aria-describedby=id("cert-skill-error")>
                            <option value="">{move || t_string!(i18n, people.choose_skill)}</option>
                            {Skill::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{move || skill_label(i18n, s)}</option> }).collect_view()}
                        </select>
                        <FieldError id=id("cert-skill-error") field=Field::Skill error=error />
                    </div>
                    <div class="row">
                        <TextField label=Signal::derive(move || t_string!(i18n, people.issuer).to_string()) id=id("cert-issuer") value=issuer field=Field::Issuer error=error />
                        <TextField label=Signal::derive(move || t_string!(i18n, people.certificate_no).to_string()) id=id("cert-number") value=number field=Field::CertificateNo error=error />
                    </div>
                    <div class="row">
                        <TextField label=Signal::derive(move || t_string!(i18n, people.valid_from).to_string()) id=id("cert-from") value=from field=Field::ValidFrom error=error input_type="date" />
                        <TextField label=Signal::derive(move || t_string!(i18n, people.valid_until).to_string()) id=id("cert-until") value=until field=Field::ValidUntil error=error input_type="date" />
                    </div>
                    <FormAlert error=error fields=&[Field::Skill, Field::Issuer, Field::CertificateNo, Field::ValidFrom, Field::ValidUntil] />
                    <SubmitButton label=Signal::derive(move || t_string!(i18n, people.save_certificate).to_string()) pending=pending />
                </form>
            </Show>
        </Drawer>
    }
}

#[component]
fn CertificateRow(
    person: StaffId,
    certificate: Certificate,
    standing: Standing,
    changed: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let cert_id = certificate.id;
    let (skill, from, until) = (
        certificate.skill,
        certificate.valid_from,
        certificate.valid_until,
    );
    let remove = move |_| {
        send(
            pending,
            error,
            remove_certificate(person, cert_id),
            move |_| {
                changed.run(Said::new(move || {
                    t_string!(i18n, people.certificate_removed).to_string()
                }));
            },
        );
    };
    let standing_text = move || match standing {
        Standing::Valid => t_string!(i18n, people.valid).to_string(),
        Standing::ExpiresIn { days } => {
            t_string!(i18n, people.expires_in_days, days = days).to_string()
        }
        Standing::Expired => t_string!(i18n, people.expired_tag).to_string(),
        Standing::NotYetValid => t_string!(i18n, people.not_yet_valid).to_string(),
    };
    let warn = !matches!(standing, Standing::Valid);
    view! {
        <li class="certificate" data-testid="certificate">
            <span>
                <strong>{move || skill_label(i18n, skill)}</strong>
                " · " {certificate.issuer.clone()} " · " <span class="mono">{certificate.number.clone()}</span>
                " · " {move || format!("{} – {}", year_date_label(i18n, from), year_date_label(i18n, until))}
                " " <span class="tag" class:warn=warn>{standing_text}</span>
            </span>
            <button type="button" class="btn ghost" on:click=remove disabled=move || pending.get()
                aria-label=move || format!("{} {}", t_string!(i18n, settings.remove), skill_label(i18n, skill))>
                {move || t_string!(i18n, settings.remove)}
            </button>
            <FormAlert error=error />
        </li>
    }
}

/// Chosen after a manager set the password: the one-time password, then their own twice.
#[component]
pub fn OwnPassword() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if new.get_untracked() != again.get_untracked() {
            error.set(Some(AppError::invalid(
                Field::Password,
                Problem::PasswordsDiffer,
            )));
            return;
        }
        send(
            pending,
            error,
            change_my_password(current.get_untracked(), new.get_untracked()),
            move |_| {
                session.me.update(|me| {
                    if let Some(Me::Staff {
                        must_change_password,
                        ..
                    }) = me
                    {
                        *must_change_password = false;
                    }
                });
            },
        );
    };
    view! {
        <section class="card narrow">
            <h1>{move || t_string!(i18n, people.own_password_title)}</h1>
            <p>{move || t_string!(i18n, people.own_password_why)}</p>
            <form on:submit=submit novalidate>
                <TextField label=Signal::derive(move || t_string!(i18n, people.one_time_password).to_string()) id="current-password" value=current
                    field=Field::Password error=error input_type="password" autocomplete="current-password" />
                <TextField label=Signal::derive(move || t_string!(i18n, people.new_password).to_string()) id="new-password" value=new
                    field=Field::NewPassword error=error input_type="password" autocomplete="new-password"
                    hint=Signal::derive(move || t_string!(i18n, people.new_password_hint).to_string()) />
                <TextField label=Signal::derive(move || t_string!(i18n, people.new_password_again).to_string()) id="new-password-again" value=again
                    field=Field::PasswordAgain error=error input_type="password" autocomplete="new-password" />
                <FormAlert error=error fields=&[Field::Password, Field::NewPassword, Field::PasswordAgain] />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, people.set_password).to_string()) pending=pending />
            </form>
        </section>
    }
}

/// The outlet a regional or headquarters person works in: the desk, dispatch, outbox and
/// settings pages show it. Changing it reloads the page on the new outlet.
#[component]
pub fn WorkPlaceSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let choice = move || match session.me.get() {
        Some(Me::Staff {
            outlet, outlets, ..
        }) if outlets.len() > 1 => Some((outlet, outlets)),
        _ => None,
    };
    move || {
        choice().map(|(current, outlets)| {
            let selected = current.map(|o| o.id.0.to_string()).unwrap_or_default();
            let change = move |ev: leptos::ev::Event| {
                let Ok(id) = event_target_value(&ev).parse::<i64>() else {
                    return;
                };
                send(pending, error, work_at(crate::domain::ids::OutletId(id)), |_| {
                    let _ = window().location().reload();
                });
            };
            view! {
                <div class="workplace">
                    <label for="work-at">{move || t_string!(i18n, people.work_at)}</label>
                    <select id="work-at" on:change=change disabled=move || pending.get() prop:value=selected.clone()>
                        {outlets.into_iter().map(|o| {
                            let value = o.id.0.to_string();
                            let is_current = value == selected;
                            view! { <option value=value selected=is_current>{move || localized(i18n, &o.name)}</option> }
                        }).collect_view()}
                    </select>
                    <FormAlert error=error />
                </div>
            }
        })
    }
}

fn criterion_label(i18n: I18nContext<Locale>, criterion: Criterion) -> String {
    match criterion {
        Criterion::Attitude => t_string!(i18n, people.attitude),
        Criterion::Skill => t_string!(i18n, people.skill_criterion),
        Criterion::Timeliness => t_string!(i18n, people.timeliness),
        Criterion::Compliance => t_string!(i18n, people.compliance),
        Criterion::Teamwork => t_string!(i18n, people.teamwork),
    }
    .to_string()
}

/// Courses attended, and a form to add one.
#[component]
fn Trainings(
    person: StaffId,
    name: String,
    trainings: Vec<Training>,
    changed: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let course = RwSignal::new(String::new());
    let provider = RwSignal::new(String::new());
    let finished = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let score = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let adding = RwSignal::new(false);
    let name = StoredValue::new(name);
    let count = trainings.len();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = TrainingForm {
            course: course.get_untracked(),
            provider: provider.get_untracked(),
            finished_on: finished.get_untracked(),
            hours: hours.get_untracked(),
            score: score.get_untracked(),
        };
        let who = name.get_value();
        send(pending, error, add_training(person, form), move |_| {
            changed.run(Said::new(move || {
                t_string!(i18n, people.training_added, name = who.clone()).to_string()
            }));
        });
    };
    let id = move |what: &str| format!("{what}-{}", person.0);
    view! {
        <Drawer summary=Signal::derive(move || t_string!(i18n, people.trainings, count = count).to_string()) add=Signal::derive(move || t_string!(i18n, people.add_training).to_string()) adding=adding>
            <ul>
                {trainings.into_iter().map(|t| {
                    let (finished_on, tenths, score) = (t.finished_on, t.hours_tenths, t.score);
                    view! {
                        <li class="certificate" data-testid="training">
                            <span>
                                <strong>{t.course.clone()}</strong> " · " {t.provider.clone()}
                                " · " {move || year_date_label(i18n, finished_on)}
                                " · " {move || t_string!(i18n, people.training_line, hours = format!("{}.{}", tenths / 10, tenths % 10)).to_string()}
                                {score.map(|s| view! { " · " {move || t_string!(i18n, people.training_score, score = s).to_string()} })}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || adding.get()>
                <form on:submit=submit novalidate class="certificate-form" aria-label=move || format!("{} {}", t_string!(i18n, people.add_training), name.get_value())>
                    <div class="row">
                        <TextField label=Signal::derive(move || t_string!(i18n, people.course).to_string()) id=id("training-course") value=course field=Field::Course error=error />
                        <TextField label=Signal::derive(move || t_string!(i18n, people.provider).to_string()) id=id("training-provider") value=provider field=Field::Issuer error=error />
                    </div>
                    <div class="row">
                        <TextField label=Signal::derive(move || t_string!(i18n, people.finished_on).to_string()) id=id("training-finished") value=finished field=Field::FinishedOn error=error input_type="date" />
                        <TextField label=Signal::derive(move || t_string!(i18n, people.hours).to_string()) id=id("training-hours") value=hours field=Field::Hours error=error inputmode="decimal" />
                        <TextField label=Signal::derive(move || t_string!(i18n, people.score).to_string()) id=id("training-score") value=score field=Field::Score error=error inputmode="numeric" />
                    </div>
                    <FormAlert error=error fields=&[Field::Course, Field::Issuer, Field::FinishedOn, Field::Hours, Field::Score] />
                    <SubmitButton label=Signal::derive(move || t_string!(i18n, people.save_training).to_string()) pending=pending />
                </form>
            </Show>
        </Drawer>
    }
}

/// The manager's assessments, one per quarter, and a form to record one.
#[component]
fn Assessments(
    person: StaffId,
    name: String,
    assessments: Vec<Assessment>,
    changed: Callback<Said>,
) -> impl IntoView {
    let i18n = use_i18n();
    let period = RwSignal::new(String::new());
    let scores: [RwSignal<String>; 5] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let comment = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let adding = RwSignal::new(false);
    let name = StoredValue::new(name);
    let count = assessments.len();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = AssessmentForm {
            period: period.get_untracked(),
            scores: scores.iter().map(|s| s.get_untracked()).collect(),
            comment: comment.get_untracked(),
        };
        if let Err((field, problem)) = form.parse() {
            error.set(Some(AppError::invalid(field, problem)));
            return;
        }
        let who = name.get_value();
        send(pending, error, add_assessment(person, form), move |_| {
            changed.run(Said::new(move || {
                t_string!(i18n, people.assessed, name = who.clone()).to_string()
            }));
        });
    };
    let id = move |what: &str| format!("{what}-{}", person.0);
    view! {
        <Drawer summary=Signal::derive(move || t_string!(i18n, people.assessments, count = count).to_string()) add=Signal::derive(move || t_string!(i18n, people.add_assessment).to_string()) adding=adding>
            <ul>
                {assessments.into_iter().map(|a| {
                    let by = a.by.clone();
                    let scores = a.scores.clone();
                    view! {
                        <li class="certificate" data-testid="assessment">
                            <span>
                                <strong>{a.period.clone()}</strong> " · "
                                {move || scores.iter().map(|(c, s)| format!("{} {s}", criterion_label(i18n, *c))).collect::<Vec<_>>().join(" · ")}
                                " · " {move || t_string!(i18n, people.assessed_by, name = by.clone()).to_string()}
                                {(!a.comment.is_empty()).then(|| view! { <span class="words">" · " {a.comment.clone()}</span> })}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || adding.get()>
                <form on:submit=submit novalidate class="certificate-form" aria-label=move || format!("{} {}", t_string!(i18n, people.add_assessment), name.get_value())>
                    <TextField label=Signal::derive(move || t_string!(i18n, people.period).to_string()) id=id("assessment-period") value=period field=Field::Period error=error
                        hint=Signal::derive(move || t_string!(i18n, people.period_hint).to_string()) />
                    <div class="row">
                        {Criterion::ALL.into_iter().zip(scores).enumerate().map(|(i, (criterion, value))| view! {
                            <TextField label=Signal::derive(move || format!("{}（{}）", criterion_label(i18n, criterion), t_string!(i18n, people.score_of_five)))
                                id=id(&format!("assessment-{i}")) value=value field=Field::Entry(i as u8) error=error inputmode="numeric" />
                        }).collect_view()}
                    </div>
                    <TextField label=Signal::derive(move || t_string!(i18n, people.comment).to_string()) id=id("assessment-comment") value=comment field=Field::Comment error=error multiline=true />
                    <FormAlert error=error fields=&[Field::Period, Field::Entry(0), Field::Entry(1), Field::Entry(2), Field::Entry(3), Field::Entry(4), Field::Comment] />
                    <SubmitButton label=Signal::derive(move || t_string!(i18n, people.save_assessment).to_string()) pending=pending />
                </form>
            </Show>
        </Drawer>
    }
}

/// A person's records of one kind (certificates, courses, assessments): folded under a count,
/// with a button that opens the form to add one.
#[component]
fn Drawer(
    summary: Signal<String>,
    add: Signal<String>,
    adding: RwSignal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="certificates">
            <summary>{summary}</summary>
            <button type="button" class="btn" on:click=move |_| adding.update(|a| *a = !*a)
                aria-expanded=move || adding.get().to_string()>
                {add}
            </button>
            {children()}
        </details>
    }
}
