//! Closing the loop: the survey behind its link (no sign-in), and the customer-service
//! manager's follow-up tasks (the outlet's CSM and manager only).

use crate::domain::follow_up::{FollowUpForm, FollowUpTask};
use crate::domain::ids::FollowUpId;
use crate::domain::survey::{SurveyForm, SurveyInvitation, SurveyOutcome};
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The survey page's start: the order to rate, or why the link no longer works.
#[server(endpoint = "survey/open", input = Json)]
pub async fn open_survey(token: String) -> Result<SurveyInvitation, AppError> {
    let (state, _) = super::context::request().await?;
    let token = crate::domain::ids::LinkToken::parse(&token)?;
    crate::server::services::feedback::invitation(&state, &token).await
}

/// Answers the survey behind the link (once).
#[server(endpoint = "survey/answer", input = Json)]
pub async fn answer_survey(token: String, form: SurveyForm) -> Result<SurveyOutcome, AppError> {
    let (state, _) = super::context::request().await?;
    let token = crate::domain::ids::LinkToken::parse(&token)?;
    crate::server::services::feedback::answer(&state, &token, &form).await
}

#[server(endpoint = "follow-ups/list", input = Json)]
pub async fn follow_up_list() -> Result<Vec<FollowUpTask>, AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::ClosingTheLoop)?;
    crate::server::services::feedback::follow_up_list(&state, staff).await
}

#[server(endpoint = "follow-ups/record", input = Json)]
pub async fn record_follow_up(id: FollowUpId, form: FollowUpForm) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let staff = crate::server::access::staff(&auth, crate::server::access::Duty::ClosingTheLoop)?;
    crate::server::services::feedback::record_follow_up(&state, staff, id, &form).await
}
