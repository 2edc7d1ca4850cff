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

use super::error::ApiError;
use super::{AppState, png};
use crate::gfx::fonts;
use crate::mqtt::status::Snapshot;

/// Allowed `scale` of `GET /api/frame.png`: up to 32x, a 2048x1024 image for the default
/// panel; a bigger panel is held to [`png::MAX_PIXELS`] instead.
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

/// The frame on the panel right now as a PNG, each LED a `scale`x`scale` square, at most
/// [`png::MAX_PIXELS`] in all whatever the panel's size.
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
    let (width, height) = (u64::from(frame.width()), u64::from(frame.height()));
    let pixels = width * height * u64::from(scale) * u64::from(scale);
    if pixels > png::MAX_PIXELS {
        let largest = ((png::MAX_PIXELS / (width * height)) as f64).sqrt() as u64;
        return Err(ApiError::bad_request(format!(
            "scale {scale} would make a {} x {} picture; it may have at most {} pixels, so at most {largest} for this panel",
            width * u64::from(scale),
            height * u64::from(scale),
            png::MAX_PIXELS
        )));
    }
    let png = state
        .png
        .encode(frame, scale)
        .await
        .map_err(|busy| ApiError::Busy(busy.to_string()))?;
    Ok((
        [(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "no-store")],
        png,
    ))
}
