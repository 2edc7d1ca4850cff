//! REST handlers for the icon library: list, upload, fetch and delete icons.
//!
//! An upload's body is the image file itself (PNG, GIF or WebP), at most
//! `--max-payload` bytes, whatever its `Content-Type`; the format is told from
//! the bytes.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::json;
use super::path::AppName;
use crate::icons::{IconError, IconInfo, Icons};
use crate::manager::Command;

impl From<IconError> for ApiError {
    fn from(error: IconError) -> Self {
        match error {
            IconError::Unknown(_) => Self::NotFound(error.to_string()),
            IconError::Io(_) => Self::Internal(error.to_string()),
            IconError::InvalidName(_) | IconError::BuiltIn(_) | IconError::Decode(_) => {
                Self::BadRequest(error.to_string())
            }
        }
    }
}

/// Refuses a notification or custom app naming an icon there is none of
/// (REST and MQTT alike): drawn without it, the content would not be what
/// was sent.
pub fn check(icons: &Icons, command: &Command) -> Result<(), ApiError> {
    let named: Vec<&String> = match command {
        Command::Notify(request) => request.content.icon.iter().collect(),
        Command::SetCustom(updates) => updates
            .iter()
            .filter_map(|update| update.posted.as_ref()?.content.icon.as_ref())
            .collect(),
        _ => Vec::new(),
    };
    match named.into_iter().find(|name| icons.get(name).is_none()) {
        Some(name) => Err(ApiError::bad_request(format!("unknown icon '{name}'"))),
        None => Ok(()),
    }
}

pub async fn list(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "icons": state.icons.list() }))
}

/// Stores the body as the icon `name`, replacing an uploaded one of that name.
pub async fn upload(
    State(state): State<AppState>,
    AppName(name): AppName,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IconInfo>, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(json::TOO_LARGE.into())
        } else {
            ApiError::bad_request(format!("Could not read the request body: {}", rejection.body_text()))
        }
    })?;
    let icons = state.icons.clone();
    // Decoding an animation and writing the file are blocking work.
    let stored = tokio::task::spawn_blocking(move || icons.store(&name, &body))
        .await
        .map_err(|error| ApiError::Internal(format!("the upload was not finished: {error}")))??;
    Ok(Json(stored))
}

/// The icon's image, for previews: an upload as it came, a built-in one as a PNG.
pub async fn file(State(state): State<AppState>, AppName(name): AppName) -> Result<impl IntoResponse, ApiError> {
    let (bytes, content_type) = state
        .icons
        .file(&name)
        .ok_or_else(|| ApiError::NotFound(format!("unknown icon '{name}'")))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        bytes,
    ))
}

pub async fn remove(State(state): State<AppState>, AppName(name): AppName) -> Result<Json<Value>, ApiError> {
    state.icons.remove(&name)?;
    Ok(Json(json!({ "success": true, "icon": name })))
}
