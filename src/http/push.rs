//! `POST /v0/devices/{id}/push`: Tidbyt's push API, so that scripts and Home
//! Assistant integrations written for a Tidbyt or Tronbyt show their pictures
//! here. The board is the one device, whatever `{id}` says.
//!
//! The picture (base64 WebP or GIF) is decoded, within bounds, before
//! anything is stored: a picture that cannot be shown is a 400 and changes
//! nothing. With an `installationID` it becomes an app of that name, which
//! later pushes replace (and which joins a rotating carousel when new);
//! without one it is kept as the app `pushed`. It shows at once unless
//! `background`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::json::JsonBody;
use crate::apps::schema::ConfigMap;
use crate::manager::Command;
use crate::manager::installations::Placement;
use crate::starlark::pictures;

/// The name a picture pushed without an `installationID` is kept under.
pub const UNNAMED: &str = "pushed";

/// Tidbyt's push body.
#[derive(Debug, Deserialize)]
#[serde(try_from = "ConfigMap")]
pub struct PushBody {
    pub image: String,
    pub installation: Option<String>,
    pub background: bool,
}

impl TryFrom<ConfigMap> for PushBody {
    type Error = String;

    fn try_from(mut body: ConfigMap) -> Result<Self, String> {
        let image = match body.remove("image") {
            Some(Value::String(image)) if !image.is_empty() => image,
            None | Some(Value::Null) => return Err("Missing 'image': a base64 WebP or GIF".into()),
            Some(_) => return Err("'image' must be a base64 string".into()),
        };
        // Tidbyt's documents spell it installationID; some clients installationId.
        let installation = match body.remove("installationID").or_else(|| body.remove("installationId")) {
            Some(Value::String(name)) => Some(name).filter(|name| !name.is_empty()),
            None | Some(Value::Null) => None,
            Some(_) => return Err("'installationID' must be a string".into()),
        };
        let background = match body.remove("background") {
            Some(Value::Bool(background)) => background,
            None | Some(Value::Null) => false,
            Some(_) => return Err("'background' must be true or false".into()),
        };
        Ok(Self {
            image,
            installation,
            background,
        })
    }
}

pub async fn push(
    State(state): State<AppState>,
    device: Result<Path<String>, axum::extract::rejection::PathRejection>,
    JsonBody(body): JsonBody<PushBody>,
) -> Result<Json<Value>, ApiError> {
    device.map_err(|rejection| ApiError::bad_request(format!("Invalid path: {}", rejection.body_text())))?;
    let image: Arc<str> = body.image.into();
    let decoding = image.clone();
    tokio::task::spawn_blocking(move || pictures::from_push(&decoding))
        .await
        .map_err(|error| ApiError::Internal(format!("the picture was not decoded: {error}")))?
        .map_err(|error| ApiError::bad_request(error.to_string()))?;
    let named = body.installation.is_some();
    let name = body.installation.unwrap_or_else(|| UNNAMED.to_owned());
    let command = Command::Push {
        name: name.clone(),
        image,
        at: state.manager.clock().now().timestamp_millis(),
        placement: Placement {
            show: !body.background,
            rotate: named,
        },
    };
    state.manager.execute(command).await?;
    Ok(Json(json!({ "success": true, "installation": name })))
}
