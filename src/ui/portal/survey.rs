//! `/survey/:token`: the post-service survey, phone-first on one screen, opened from the
//! message's link without signing in. Large touch targets: eleven NPS buttons, five rows of
//! stars, an optional comment. An answered, expired or unknown link gets a clear page.

use crate::api::feedback::{answer_survey, open_survey};
use crate::domain::survey::{Aspect, SurveyForm, SurveyInvitation, SurveyOutcome};
use crate::domain::{AppError, Field};
use crate::ui::components::*;
use crate::ui::errors::error_text;
use crate::ui::format::*;
use crate::ui::i18n::*;
use crate::ui::load::Load;
use crate::ui::shell::send;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Survey() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let invitation = {
        let token = token.clone();
        Load::new(move || open_survey(token.clone()))
    };
    let outcome = RwSignal::new(None::<SurveyOutcome>);
    let token = StoredValue::new(token);
    move || {
        if let Some(done) = outcome.get() {
            return view! { <SurveyDone outcome=done /> }.into_any();
        }
        match invitation.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(AppError::NotFound)) => view! { <Message text=Signal::derive(move || t_string!(i18n, survey.invalid).to_string()) /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(SurveyInvitation::Answered { .. })) => view! { <SurveyDone outcome=SurveyOutcome::AlreadyAnswered /> }.into_any(),
            Some(Ok(SurveyInvitation::Expired)) => view! { <SurveyDone outcome=SurveyOutcome::Expired /> }.into_any(),
            Some(Ok(SurveyInvitation::Open { outlet_name, plate, car_model, delivered_at, .. })) => {
                let intro = move || {
                    t_string!(
                        i18n,
                        survey.intro,
                        outlet = localized(i18n, &outlet_name),
                        plate = plate.to_string(),
                        model = car_model.clone(),
                        at = datetime_label(i18n, delivered_at)
                    )
                    .to_string()
                };
                view! {
                    <h1>{move || t_string!(i18n, survey.title)}</h1>
                    <p class="muted">{intro}</p>
                    <SurveyQuestions token=token.get_value() outcome=outcome />
                }
                .into_any()
            }
        }
    }
}

#[component]
fn Message(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! { <section class="card narrow survey-done" role="status"><p>{move || text.get()}</p></section> }
}

#[component]
fn SurveyDone(outcome: SurveyOutcome) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
        SurveyOutcome::Thanks { follow_up } => view! {
            <section class="card narrow survey-done" role="status">
                <h1>{move || t_string!(i18n, survey.thanks_title)}</h1>
                <p>{move || t_string!(i18n, survey.thanks_text)}</p>
                {follow_up.then(|| view! { <p>{move || t_string!(i18n, survey.follow_up_text)}</p> })}
            </section>
        }
        .into_any(),
        SurveyOutcome::AlreadyAnswered => view! { <Message text=Signal::derive(move || t_string!(i18n, survey.already).to_string()) /> }.into_any(),
        SurveyOutcome::Expired => view! { <Message text=Signal::derive(move || t_string!(i18n, survey.expired).to_string()) /> }.into_any(),
    }
}

/// The questions. Choices live in signals: a failed send keeps them.
#[component]
fn SurveyQuestions(token: String, outcome: RwSignal<Option<SurveyOutcome>>) -> impl IntoView {
    let i18n = use_i18n();
    let nps = RwSignal::new(None::<u8>);
    let ratings = RwSignal::new([None::<u8>; 5]);
    let comment = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let token = StoredValue::new(token);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = SurveyForm {
            nps: nps.get_untracked(),
            ratings: ratings.get_untracked(),
            comment: comment.get_untracked(),
        };
        send(
            pending,
            error,
            answer_survey(token.get_value(), form),
            move |done| outcome.set(Some(done)),
        );
    };
    view! {
        <form class="card survey" on:submit=submit novalidate>
            <fieldset class="choices">
                <legend>{move || t_string!(i18n, survey.nps_question)} " " <span class="required-mark">{move || t_string!(i18n, survey.required)}</span></legend>
                <div class="nps" role="group" aria-label=move || t_string!(i18n, survey.nps_question)>
                    {(0..=10u8).map(|n| view! {
                        <button type="button" class="btn" class:selected=move || nps.get() == Some(n) aria-pressed=move || (nps.get() == Some(n)).to_string() on:click=move |_| nps.set(Some(n))>
                            {n}
                        </button>
                    }).collect_view()}
                </div>
                <p class="nps-scale muted"><span>{move || t_string!(i18n, survey.nps_low)}</span><span>{move || t_string!(i18n, survey.nps_high)}</span></p>
                <FieldError id="nps-error" field=Field::Nps error=error />
            </fieldset>
            <h2>{move || t_string!(i18n, survey.ratings_title)}</h2>
            <p class="muted">{move || t_string!(i18n, survey.ratings_hint)}</p>
            {Aspect::ALL.into_iter().enumerate().map(|(i, aspect)| view! {
                <div class="rating-row">
                    <span class="label" id=format!("aspect-{i}")>{move || aspect_label(i18n, aspect)}</span>
                    <div class="stars" role="group" aria-labelledby=format!("aspect-{i}")>
                        {(1..=5u8).map(|n| {
                            let chosen = move || ratings.get()[i].is_some_and(|r| r >= n);
                            view! {
                                <button type="button" class="star" class:on=chosen
                                    aria-pressed=move || (ratings.get()[i] == Some(n)).to_string()
                                    aria-label=move || t_string!(i18n, survey.stars, n = n).to_string()
                                    // Tapping the chosen star again takes the rating back.
                                    on:click=move |_| ratings.update(|r| r[i] = if r[i] == Some(n) { None } else { Some(n) })>
                                    "★"
                                </button>
                            }
                        }).collect_view()}
                    </div>
                    <FieldError id=format!("aspect-{i}-error") field=aspect.field() error=error />
                </div>
            }).collect_view()}
            <TextField label=Signal::derive(move || t_string!(i18n, survey.comment).to_string()) id="survey-comment" value=comment field=Field::Comment error=error multiline=true />
            <FormAlert error=error fields=&[Field::Nps, Field::Attitude, Field::Professionalism, Field::Timeliness, Field::PriceTransparency, Field::RepairQuality, Field::Comment] />
            <SubmitButton label=Signal::derive(move || t_string!(i18n, survey.submit).to_string()) pending=pending class="btn primary large" />
        </form>
    }
}
