//! REST handlers for community (Pixlet) apps: the library under
//! `/api/starlark/apps` ([`library`]), installations under
//! `/api/starlark/installations` ([`installations`]), and what makes an
//! installation an app like any other: its schema and handler calls under
//! `/api/apps/{name}/...`, and its config checked against its schema
//! wherever a config is posted ([`check`], for REST and MQTT alike).

pub mod installations;
pub mod library;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::Deserialize;
use serde_json::{Value, json};

use super::error::ApiError;
use crate::manager::installations::{StarlarkConfig, check_config, valid_app_id};
use crate::manager::{Command, Manager};
use crate::starlark::service::HandlerAnswer;
use crate::starlark::{Starlark, StarlarkError};

impl From<StarlarkError> for ApiError {
    fn from(error: StarlarkError) -> Self {
        let message = error.to_string();
        match error {
            StarlarkError::UnknownApp(_) => Self::NotFound(message),
            StarlarkError::NotAnUpload(_) | StarlarkError::Installed { .. } => Self::Conflict(message),
            StarlarkError::Busy | StarlarkError::Stopped => Self::Unavailable(message),
            StarlarkError::App(_) => Self::AppFailed(message),
            StarlarkError::Io(_) => Self::Internal(message),
            StarlarkError::Upload(crate::starlark::upload::UploadError::Io(_)) => Self::Internal(message),
            StarlarkError::Upload(_)
            | StarlarkError::DoesNotLoad(_)
            | StarlarkError::Config(_)
            | StarlarkError::UnknownHandler(_) => Self::BadRequest(message),
        }
    }
}

/// The `{id}` of `/api/starlark/apps/{id}/...`: an app id, or a 404 naming it.
pub struct AppId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for AppId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::bad_request(format!("Invalid path: {}", rejection.body_text())))?;
        if !valid_app_id(&id) {
            return Err(StarlarkError::UnknownApp(id).into());
        }
        Ok(Self(id))
    }
}

/// Refuses a command whose config for an installed app the app's schema
/// does not take, naming the field; anything else passes.
pub async fn check(starlark: &Starlark, manager: &Manager, command: &Command) -> Result<(), ApiError> {
    let (app, patch) = match command {
        Command::Switch {
            app,
            config: Some(config),
        } => (app.clone(), config),
        Command::Configure { app, patch } => (app.clone(), patch),
        Command::ConfigureRunning(patch) => match manager.view(|_, state| state.current.clone()) {
            Some(app) => (app, patch),
            None => return Ok(()),
        },
        _ => return Ok(()),
    };
    let library_app = manager.view(|_, state| state.installations.get(&app).and_then(|i| i.app().map(str::to_owned)));
    let Some(library_app) = library_app else {
        return Ok(());
    };
    let config = check_config(patch)?;
    starlark.check_config(&library_app, &config).await?;
    Ok(())
}

/// `POST .../schema/handler`: which handler to call, with what.
#[derive(Debug, Deserialize)]
#[serde(try_from = "crate::apps::schema::ConfigMap")]
pub struct HandlerBody {
    pub handler: String,
    pub parameter: String,
    pub config: StarlarkConfig,
}

impl TryFrom<crate::apps::schema::ConfigMap> for HandlerBody {
    type Error = String;

    fn try_from(mut body: crate::apps::schema::ConfigMap) -> Result<Self, String> {
        let handler = match body.remove("handler") {
            Some(Value::String(handler)) if !handler.is_empty() => handler,
            None | Some(Value::Null) => return Err("Missing 'handler': the handler a schema field names".into()),
            Some(_) => return Err("'handler' must be a non-empty string".into()),
        };
        let parameter = match body.remove("parameter") {
            Some(Value::String(parameter)) => parameter,
            None | Some(Value::Null) => String::new(),
            Some(_) => return Err("'parameter' must be a string".into()),
        };
        let config = match body.remove("config") {
            Some(Value::Object(config)) => check_config(&config).map_err(|error| error.to_string())?,
            None | Some(Value::Null) => StarlarkConfig::new(),
            Some(_) => return Err("'config' must be a JSON object of strings".into()),
        };
        Ok(Self {
            handler,
            parameter,
            config,
        })
    }
}

/// A handler's answer as the API sends it.
pub fn handler_reply(app: &str, handler: &str, answer: HandlerAnswer) -> Value {
    json!({ "app": app, "handler": handler, "kind": answer.kind, "result": answer.result })
}

/// An app's schema as the API sends it: Pixlet's JSON, and what this board
/// cannot do for some of its fields.
pub fn schema_reply(app: &str, schema: Option<&starlet::schema::Schema>) -> Value {
    let unsupported = schema.map(crate::starlark::schemas::unsupported).unwrap_or_default();
    json!({ "app": app, "schema": schema, "unsupported": unsupported })
}
