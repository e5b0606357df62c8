//! Scorecards and service points: every staff member sees their own card, a manager their
//! outlets' people (the scope follows from their placement, never from the request);
//! headquarters sets the weights.

use crate::domain::scorecard::ScoreBoard;
use crate::domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The quarter's cards (`period` is `2026-Q4`; empty for this quarter), best first.
#[server(endpoint = "scorecards/board", input = Json)]
pub async fn get_score_board(period: String) -> Result<ScoreBoard, AppError> {
    let (state, auth) = super::context::request().await?;
    let viewer = crate::server::access::staff(&auth, crate::server::access::Duty::WorkOrders)?;
    crate::server::services::scorecards::board(&state, viewer, &period).await
}

/// The service points' weights, one per `PointsFor::ALL`, as typed (headquarters).
#[server(endpoint = "scorecards/weights", input = Json)]
pub async fn set_point_weights(weights: Vec<String>) -> Result<(), AppError> {
    let (state, auth) = super::context::request().await?;
    let hq = crate::server::access::staff(&auth, crate::server::access::Duty::Organisation)?;
    crate::server::services::scorecards::save_weights(&state, hq, &weights).await
}
