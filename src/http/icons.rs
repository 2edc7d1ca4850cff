//! REST handlers for the icon library (`/api/icons`) and the picture library
//! (`/api/images`): list, upload, fetch and delete. Both work alike; only the
//! library, and so the bounds an upload must keep, differ.
//!
//! An upload's body is the image file itself (PNG, GIF or WebP), at most
//! `--max-payload` bytes, whatever its `Content-Type`; the format is told from
//! the bytes.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::json;
use super::path::AppName;
use crate::apps::image;
use crate::apps::schema::ConfigMap;
use crate::icons::{IconError, IconInfo, Libraries, Library};
use crate::manager::Command;

impl From<IconError> for ApiError {
    fn from(error: IconError) -> Self {
        match error {
            IconError::Unknown(..) => Self::NotFound(error.to_string()),
            IconError::Io(_) => Self::Internal(error.to_string()),
            IconError::Shared(..) => Self::Unavailable(error.to_string()),
            IconError::TooMany { .. } | IconError::TooMuch { .. } => Self::InsufficientStorage(error.to_string()),
            IconError::InvalidName(..) | IconError::BuiltIn(..) | IconError::Decode(_) => {
                Self::BadRequest(error.to_string())
            }
        }
    }
}

/// Refuses a command naming an icon or picture there is none of (REST and
/// MQTT alike): a notification or custom app's icon, or the `image` app's
/// picture. Drawn without it, the board would not show what was sent.
pub async fn check(libraries: &Libraries, command: &Command) -> Result<(), ApiError> {
    let icons: Vec<&String> = match command {
        Command::Notify(request) => request.content.icon.iter().collect(),
        Command::SetCustom(updates) => updates
            .iter()
            .filter_map(|update| update.posted.as_ref()?.content.icon.as_ref())
            .collect(),
        _ => Vec::new(),
    };
    for name in icons {
        if !libraries.icons.knows(name).await {
            return Err(ApiError::bad_request(format!("unknown icon '{name}'")));
        }
    }
    let config: Option<&ConfigMap> = match command {
        Command::Switch { app, config } if app == image::NAME => config.as_ref(),
        Command::Configure { app, patch } if app == image::NAME => Some(patch),
        // Only the image app has this key; for another app the manager refuses it.
        Command::ConfigureRunning(patch) => Some(patch),
        _ => None,
    };
    let picture = config.and_then(|config| config.get("image")?.as_str());
    match picture {
        Some(name) if !name.is_empty() && !libraries.pictures.knows(name).await => {
            Err(ApiError::bad_request(format!("unknown picture '{name}'")))
        }
        _ => Ok(()),
    }
}

pub async fn list(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "icons": state.libraries.icons.list() }))
}

pub async fn list_pictures(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "images": state.libraries.pictures.list() }))
}

/// Stores the body as the icon `name`, replacing an uploaded one of that name.
pub async fn upload(
    State(state): State<AppState>,
    AppName(name): AppName,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IconInfo>, ApiError> {
    store(state.libraries.icons, name, body).await
}

/// Stores the body as the picture `name`, replacing one of that name.
pub async fn upload_picture(
    State(state): State<AppState>,
    AppName(name): AppName,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IconInfo>, ApiError> {
    store(state.libraries.pictures, name, body).await
}

async fn store(
    library: Arc<Library>,
    name: String,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IconInfo>, ApiError> {
    let body = body.map_err(json::unread)?;
    Ok(Json(library.upload(name, body).await?))
}

/// The icon's image, for previews: an upload as it came, a built-in one as a PNG.
pub async fn file(State(state): State<AppState>, AppName(name): AppName) -> Result<Response, ApiError> {
    serve(state.libraries.icons, name).await
}

/// The picture as it was uploaded, for previews.
pub async fn picture_file(State(state): State<AppState>, AppName(name): AppName) -> Result<Response, ApiError> {
    serve(state.libraries.pictures, name).await
}

/// The file, read off the async workers: a slow disk must not hold up other requests.
async fn serve(library: Arc<Library>, name: String) -> Result<Response, ApiError> {
    let kind = library.kind();
    let asked = name.clone();
    let file = off_the_workers(move || library.file(&asked)).await??;
    let (bytes, content_type) = file.ok_or_else(|| ApiError::NotFound(format!("unknown {kind} '{name}'")))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        bytes,
    )
        .into_response())
}

pub async fn remove(State(state): State<AppState>, AppName(name): AppName) -> Result<Json<Value>, ApiError> {
    state.libraries.icons.delete(name.clone()).await?;
    Ok(Json(json!({ "success": true, "icon": name })))
}

pub async fn remove_picture(State(state): State<AppState>, AppName(name): AppName) -> Result<Json<Value>, ApiError> {
    state.libraries.pictures.delete(name.clone()).await?;
    Ok(Json(json!({ "success": true, "image": name })))
}

/// Runs file work on tokio's blocking threads.
async fn off_the_workers<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| ApiError::Internal(format!("the file operation was not finished: {error}")))
}
