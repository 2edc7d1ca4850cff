//! REST handlers for display-wide state: brightness and the carousel.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::AppState;
use super::bodies::{CarouselBody, SettingsBody};
use super::error::ApiError;
use super::json::JsonBody;
use crate::manager::views::{CarouselView, Settings};

type Reply = Result<Json<Value>, ApiError>;

pub async fn settings(State(state): State<AppState>) -> Json<Value> {
    Json(json!(state.manager.view(|_, state| Settings::of(state))))
}

pub async fn update_settings(State(state): State<AppState>, JsonBody(body): JsonBody<SettingsBody>) -> Reply {
    state.manager.execute(body.into()).await?;
    Ok(Json(json!({ "success": true })))
}

pub async fn carousel(State(state): State<AppState>) -> Json<Value> {
    Json(json!(carousel_view(&state)))
}

pub async fn update_carousel(State(state): State<AppState>, JsonBody(body): JsonBody<CarouselBody>) -> Reply {
    state.manager.execute(body.into()).await?;
    let view = carousel_view(&state);
    Ok(Json(
        json!({ "success": true, "enabled": view.enabled, "apps": view.apps }),
    ))
}

fn carousel_view(state: &AppState) -> CarouselView {
    state.manager.view(|_, state| CarouselView::of(&state.carousel))
}
