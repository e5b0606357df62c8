//! `/staff/audit`: the managers' audit log — who did what, when, to which record, sign-ins and
//! failed attempts included — filtered and paged, newest first; and for headquarters the check
//! of the chain of seals, which says exactly where it breaks.

use crate::api::organisation::{browse_audit_log, check_audit_chain};
use crate::domain::audit::*;
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::format::datetime_label;
use crate::ui::i18n::*;
use crate::ui::shell::{send, Guard};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Guard allowed=super::manages sign_in="/staff/login">
            <AuditLog />
        </Guard>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::ui::session::use_session();
    let who = RwSignal::new(String::new());
    let what = RwSignal::new(String::new());
    let record = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<AuditLine>::new());
    let more = RwSignal::new(None::<i64>);
    let loaded = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let filter = move |before: Option<i64>| AuditFilter {
        who: who.get_untracked(),
        what: what.get_untracked(),
        record: record.get_untracked(),
        from: from.get_untracked(),
        until: until.get_untracked(),
        before,
    };
    let search = move || {
        send(
            pending,
            error,
            browse_audit_log(filter(None)),
            move |page: AuditPage| {
                lines.set(page.lines);
                more.set(page.more_before);
                loaded.set(true);
            },
        );
    };
    search();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search();
    };
    let older = move |_| {
        send(
            pending,
            error,
            browse_audit_log(filter(more.get_untracked())),
            move |page: AuditPage| {
                lines.update(|l| l.extend(page.lines));
                more.set(page.more_before);
            },
        );
    };
    view! {
        <h1>{move || t_string!(i18n, audit.title)}</h1>
        <Show when=move || super::runs_the_group(&session)>
            <ChainCheckCard />
        </Show>
        <form class="card audit-filter" on:submit=submit novalidate aria-label=move || t_string!(i18n, audit.filter)>
            <div class="row">
                <TextField label=Signal::derive(move || t_string!(i18n, audit.who).to_string()) id="audit-who" value=who field=Field::Name error=error />
                <TextField label=Signal::derive(move || t_string!(i18n, audit.what).to_string()) id="audit-what" value=what field=Field::Item error=error
                    hint=Signal::derive(move || t_string!(i18n, audit.what_hint).to_string()) />
                <TextField label=Signal::derive(move || t_string!(i18n, audit.record).to_string()) id="audit-record" value=record field=Field::Order error=error />
            </div>
            <div class="row">
                <TextField label=Signal::derive(move || t_string!(i18n, settings.first_day).to_string()) id="audit-from" value=from field=Field::FirstDay error=error input_type="date" />
                <TextField label=Signal::derive(move || t_string!(i18n, settings.last_day).to_string()) id="audit-until" value=until field=Field::LastDay error=error input_type="date" />
            </div>
            <FormAlert error=error fields=&[Field::FirstDay, Field::LastDay] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, audit.search).to_string()) pending=pending />
        </form>
        {move || (loaded.get() && lines.with(Vec::is_empty)).then(|| view! { <p class="empty">{move || t_string!(i18n, audit.none)}</p> })}
        <div class="table-scroll">
            <table class="audit">
                <caption class="visually-hidden">{move || t_string!(i18n, audit.title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{move || t_string!(i18n, audit.when)}</th>
                        <th scope="col">{move || t_string!(i18n, audit.who)}</th>
                        <th scope="col">{move || t_string!(i18n, audit.what)}</th>
                        <th scope="col">{move || t_string!(i18n, audit.record)}</th>
                        <th scope="col">{move || t_string!(i18n, audit.detail)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || lines.get().into_iter().map(|line| view! { <AuditRow line=line /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Show when=move || more.get().is_some()>
            <button type="button" class="btn" on:click=older disabled=move || pending.get()>{move || t_string!(i18n, audit.older)}</button>
        </Show>
    }
}

fn actor_text(i18n: I18nContext<Locale>, actor: &AuditActor) -> String {
    match actor {
        AuditActor::Staff { name, username } => format!("{name} ({username})"),
        AuditActor::Customer { id } => t_string!(i18n, audit.customer, id = *id).to_string(),
        AuditActor::System => t_string!(i18n, audit.system).to_string(),
    }
}

#[component]
fn AuditRow(line: AuditLine) -> impl IntoView {
    let i18n = use_i18n();
    let at = line.at;
    let actor = line.actor.clone();
    view! {
        <tr data-testid="audit-line">
            <td class="num">{line.seq}</td>
            <td>{move || datetime_label(i18n, at)}</td>
            <td>{move || actor_text(i18n, &actor)}</td>
            <td><code>{line.action.clone()}</code></td>
            <td><span class="mono">{format!("{} {}", line.entity, line.entity_key)}</span></td>
            <td class="detail" data-written=""><code>{line.detail.clone()}</code></td>
        </tr>
    }
}

/// Headquarters checks the chain of seals here, as `aftersales audit verify` does.
#[component]
fn ChainCheckCard() -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let result = RwSignal::new(None::<ChainCheck>);
    let run = move |_| {
        send(pending, error, check_audit_chain(), move |check| {
            result.set(Some(check))
        });
    };
    let finding_text = move |finding: ChainFinding| match finding {
        ChainFinding::Altered { seq } => t_string!(i18n, audit.altered, seq = seq).to_string(),
        ChainFinding::Relinked { seq } => t_string!(i18n, audit.relinked, seq = seq).to_string(),
        ChainFinding::Missing { from, to } => {
            t_string!(i18n, audit.missing, from = from, to = to).to_string()
        }
        ChainFinding::Truncated { head, last } => {
            t_string!(i18n, audit.truncated, head = head, last = last).to_string()
        }
        ChainFinding::HeadAltered => t_string!(i18n, audit.head_altered).to_string(),
        ChainFinding::Unsealed { id } => t_string!(i18n, audit.unsealed, id = id).to_string(),
    };
    view! {
        <section class="card" aria-labelledby="chain-title">
            <h2 id="chain-title">{move || t_string!(i18n, audit.chain)}</h2>
            <p class="muted">{move || t_string!(i18n, audit.chain_why)}</p>
            <button type="button" class="btn primary" on:click=run disabled=move || pending.get()>
                {move || if pending.get() { t_string!(i18n, audit.checking) } else { t_string!(i18n, audit.check) }}
            </button>
            <FormAlert error=error />
            {move || result.get().map(|check| {
                let head = check.head.clone();
                match check.finding {
                    None => view! {
                        <div class="alert alert-success" role="status" data-testid="chain-result">
                            <p>{move || t_string!(i18n, audit.intact, lines = check.lines).to_string()}</p>
                            <p>{move || t_string!(i18n, audit.head)} " " <code class="wrap">{head.clone()}</code></p>
                        </div>
                    }.into_any(),
                    Some(finding) => view! {
                        <div class="alert alert-error" role="alert" data-testid="chain-result">
                            <p>{move || finding_text(finding)}</p>
                        </div>
                    }.into_any(),
                }
            })}
        </section>
    }
}
