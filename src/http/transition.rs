//! REST handlers for the transition between apps: `GET` and `POST /api/transition`.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::AppState;
use super::bodies::TransitionBody;
use super::error::ApiError;
use super::json::JsonBody;
use crate::manager::Command;
use crate::render::Transition;

pub async fn transition(State(state): State<AppState>) -> Json<Transition> {
    Json(state.manager.view(|_, state| state.transition))
}

pub async fn update_transition(
    State(state): State<AppState>,
    JsonBody(TransitionBody { kind, duration }): JsonBody<TransitionBody>,
) -> Result<Json<Value>, ApiError> {
    state.manager.execute(Command::SetTransition { kind, duration }).await?;
    let now = state.manager.view(|_, state| state.transition);
    Ok(Json(
        json!({ "success": true, "kind": now.kind, "duration": now.duration }),
    ))
}
