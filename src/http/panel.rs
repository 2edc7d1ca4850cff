//! REST handlers for what the panel can show and shows: the font list, the
//! current frame as PNG, the health of the devices it is shown on and of its
//! MQTT session.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use crate::gfx::fonts;
use crate::mqtt::status::Snapshot;

/// Allowed `scale` of `GET /api/frame.png`: up to 32x, a 2048x1024 image for the default panel.
pub(super) const SCALES: RangeInclusive<u32> = 1..=32;
pub(super) const DEFAULT_SCALE: u32 = 8;

pub async fn fonts() -> Json<Value> {
    Json(json!({ "fonts": fonts::NAMES }))
}

/// Each output besides the virtual panel: whether it is ok, since when it
/// fails, and how many frames it showed and skipped.
pub async fn displays(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "displays": state.outputs.statuses() }))
}

/// Whether the board is on its MQTT broker, since when, and the last error;
/// 404 when MQTT is off, as the route then names nothing.
pub async fn mqtt(State(state): State<AppState>) -> Result<Json<Snapshot>, ApiError> {
    let status = state
        .mqtt
        .as_ref()
        .ok_or_else(|| ApiError::NotFound("MQTT is off (no --mqtt-url)".into()))?;
    Ok(Json(status.snapshot()))
}

/// The frame on the panel right now as a PNG, each LED a `scale`x`scale` square.
pub async fn frame_png(
    State(state): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
    let scale = match query.get("scale") {
        None => DEFAULT_SCALE,
        Some(scale) => scale
            .parse()
            .ok()
            .filter(|scale| SCALES.contains(scale))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "scale must be an integer from {} to {}",
                    SCALES.start(),
                    SCALES.end()
                ))
            })?,
    };
    let frame = state.frames.current().await;
    // Encoding a large image takes milliseconds; keep it off the request workers.
    let png = tokio::task::spawn_blocking(move || frame.to_png(scale))
        .await
        .map_err(|error| ApiError::Internal(format!("PNG encoding failed: {error}")))?;
    Ok((
        [(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "no-store")],
        png,
    ))
}
