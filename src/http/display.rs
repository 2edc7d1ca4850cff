//! REST handlers for display-wide state: brightness and the carousel.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::json::JsonObject;
use crate::manager::state::CarouselEntry;
use crate::manager::views::{CarouselView, Settings};
use crate::manager::{CarouselUpdate, Command};

type Reply = Result<Json<Value>, ApiError>;

pub async fn settings(State(state): State<AppState>) -> Json<Value> {
    Json(json!(state.manager.view(|_, state| Settings::of(state))))
}

pub async fn update_settings(State(state): State<AppState>, JsonObject(body): JsonObject) -> Reply {
    let body = body
        .filter(|body| !body.is_empty())
        .ok_or_else(|| ApiError::bad_request("Missing settings data"))?;
    if let Some(key) = body.keys().find(|key| *key != "brightness") {
        return Err(ApiError::bad_request(format!(
            "Unknown setting '{key}'; allowed: brightness"
        )));
    }
    let brightness = body["brightness"]
        .as_i64()
        .ok_or_else(|| ApiError::bad_request("Brightness must be an integer between 0 and 100"))?;
    state.manager.execute(Command::SetBrightness(brightness)).await?;
    Ok(Json(json!({ "success": true })))
}

pub async fn carousel(State(state): State<AppState>) -> Json<Value> {
    Json(json!(carousel_view(&state)))
}

pub async fn update_carousel(State(state): State<AppState>, JsonObject(body): JsonObject) -> Reply {
    let body = body
        .filter(|body| !body.is_empty())
        .ok_or_else(|| ApiError::bad_request("Missing carousel data"))?;
    let enabled = match body.get("enabled") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(enabled)) => Some(*enabled),
        Some(_) => return Err(ApiError::bad_request("'enabled' must be true or false")),
    };
    let entries = match body.get("apps") {
        None | Some(Value::Null) => None,
        Some(Value::Array(entries)) => Some(entries.iter().map(carousel_entry).collect::<Result<_, _>>()?),
        Some(_) => {
            return Err(ApiError::bad_request(
                "'apps' must be a list of {\"app\", \"duration\"} entries",
            ));
        }
    };
    state
        .manager
        .execute(Command::SetCarousel(CarouselUpdate { enabled, entries }))
        .await?;
    let view = carousel_view(&state);
    Ok(Json(
        json!({ "success": true, "enabled": view.enabled, "apps": view.apps }),
    ))
}

fn carousel_entry(entry: &Value) -> Result<CarouselEntry, ApiError> {
    let (Some(app), Some(duration)) = (entry.get("app"), entry.get("duration")) else {
        return Err(ApiError::bad_request("Each carousel entry needs 'app' and 'duration'"));
    };
    let app = app
        .as_str()
        .ok_or_else(|| ApiError::bad_request("Carousel entry 'app' must be a string"))?;
    let duration = duration
        .as_number()
        .ok_or_else(|| ApiError::bad_request("Duration must be a positive number of seconds"))?;
    Ok(CarouselEntry {
        app: app.to_owned(),
        duration: duration.clone(),
    })
}

fn carousel_view(state: &AppState) -> CarouselView {
    state.manager.view(|_, state| CarouselView::of(&state.carousel))
}
