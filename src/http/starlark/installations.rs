//! `/api/starlark/installations`: installing library apps under names of
//! their own, listing them with what their last render gave, changing how
//! often they render, rendering now and deleting; and the schema and handler
//! calls of an installation under `/api/apps/{name}/schema`.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use super::super::AppState;
use super::super::error::ApiError;
use super::super::json::JsonBody;
use super::super::path::AppName;
use super::{HandlerBody, handler_reply, schema_reply};
use crate::apps::schema::ConfigMap;
use crate::manager::installations::{self, InstallationView, StarlarkConfig};
use crate::manager::views::InstallationsView;
use crate::manager::{Command, CommandError};

/// `POST /api/starlark/installations`.
#[derive(Debug, Deserialize)]
#[serde(try_from = "ConfigMap")]
pub struct InstallBody {
    pub app: String,
    pub name: String,
    pub config: StarlarkConfig,
    pub interval: Option<u32>,
}

impl TryFrom<ConfigMap> for InstallBody {
    type Error = String;

    fn try_from(mut body: ConfigMap) -> Result<Self, String> {
        let mut text = |key: &str| match body.remove(key) {
            Some(Value::String(text)) if !text.is_empty() => Ok(text),
            None | Some(Value::Null) => Err(format!("Missing '{key}'")),
            Some(_) => Err(format!("'{key}' must be a non-empty string")),
        };
        let app = text("app")?;
        let name = text("name")?;
        let config = match body.remove("config") {
            Some(Value::Object(config)) => installations::check_config(&config).map_err(|error| error.to_string())?,
            None | Some(Value::Null) => StarlarkConfig::new(),
            Some(_) => return Err("'config' must be a JSON object of strings".into()),
        };
        let interval = interval(body.remove("interval"))?;
        Ok(Self {
            app,
            name,
            config,
            interval,
        })
    }
}

/// `POST /api/starlark/installations/{name}`: the settings to change.
#[derive(Debug, Deserialize)]
#[serde(try_from = "ConfigMap")]
pub struct SettingsBody {
    pub interval: Option<u32>,
}

impl TryFrom<ConfigMap> for SettingsBody {
    type Error = String;

    fn try_from(mut body: ConfigMap) -> Result<Self, String> {
        if !body.contains_key("interval") {
            return Err("Missing 'interval': minutes between renders, or null for the app's own".into());
        }
        if let Some(key) = body.keys().find(|key| *key != "interval") {
            return Err(format!(
                "Unknown setting '{key}'; allowed: interval (config goes to /api/apps/{{name}}/config)"
            ));
        }
        Ok(Self {
            interval: interval(body.remove("interval"))?,
        })
    }
}

/// `interval`: minutes, or `null` for the app's own.
fn interval(value: Option<Value>) -> Result<Option<u32>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => number
            .as_u64()
            .and_then(|minutes| u32::try_from(minutes).ok())
            .filter(|minutes| installations::INTERVAL_MINUTES.contains(minutes))
            .map(Some)
            .ok_or_else(|| CommandError::InvalidInterval.to_string()),
        Some(_) => Err(CommandError::InvalidInterval.to_string()),
    }
}

fn view_of(state: &AppState, name: &str) -> Result<InstallationView, ApiError> {
    state
        .manager
        .view(|_, state| state.installations.get(name).map(|i| InstallationView::of(name, i)))
        .ok_or_else(|| CommandError::UnknownInstallation(name.to_owned()).into())
}

/// `GET /api/starlark/installations`: the same as the `installations` event.
pub async fn list(State(state): State<AppState>) -> Json<InstallationsView> {
    Json(state.manager.view(|_, state| InstallationsView::of(state)))
}

/// `GET /api/starlark/installations/{name}`.
pub async fn one(State(state): State<AppState>, AppName(name): AppName) -> Result<Json<InstallationView>, ApiError> {
    Ok(Json(view_of(&state, &name)?))
}

/// `POST /api/starlark/installations`: installs a library app under a name,
/// its config checked against the app's schema first.
pub async fn install(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<InstallBody>,
) -> Result<Json<Value>, ApiError> {
    let library_app = state.starlark.app(&body.app)?;
    state.starlark.check_config(&library_app.id, &body.config).await?;
    let name = body.name.clone();
    state
        .manager
        .execute(Command::Install {
            name: body.name,
            app: body.app,
            config: body.config,
            interval: body.interval,
        })
        .await?;
    Ok(Json(
        json!({ "success": true, "installation": view_of(&state, &name)? }),
    ))
}

/// `POST /api/starlark/installations/{name}`: sets how often it renders.
pub async fn update(
    State(state): State<AppState>,
    AppName(name): AppName,
    JsonBody(body): JsonBody<SettingsBody>,
) -> Result<Json<Value>, ApiError> {
    view_of(&state, &name)?;
    let command = Command::SetInterval {
        name: name.clone(),
        interval: body.interval,
    };
    state.manager.execute(command).await?;
    Ok(Json(
        json!({ "success": true, "installation": view_of(&state, &name)? }),
    ))
}

/// `DELETE /api/starlark/installations/{name}`.
pub async fn remove(State(state): State<AppState>, AppName(name): AppName) -> Result<Json<Value>, ApiError> {
    state.manager.execute(Command::Uninstall { name: name.clone() }).await?;
    Ok(Json(json!({ "success": true, "installation": name })))
}

/// `POST /api/starlark/installations/{name}/render`: renders it again now;
/// its picture changes once the render is done.
pub async fn render(State(state): State<AppState>, AppName(name): AppName) -> Result<Json<Value>, ApiError> {
    state.manager.execute(Command::RenderNow { name: name.clone() }).await?;
    Ok(Json(json!({ "success": true, "installation": name })))
}

/// The library app an installation runs, or the reply for a name that is none.
fn library_app_of(state: &AppState, name: &str) -> Result<(String, StarlarkConfig), ApiError> {
    let found = state.manager.view(|_, state| {
        let installation = state.installations.get(name)?;
        let config = installation
            .config_json()
            .into_iter()
            .filter_map(|(key, value)| Some((key, value.as_str()?.to_owned())))
            .collect();
        Some(installation.app().map(|app| (app.to_owned(), config)))
    });
    match found {
        Some(Some(found)) => Ok(found),
        Some(None) => Err(ApiError::bad_request(format!(
            "'{name}' is a pushed picture: it has no schema"
        ))),
        None => Err(ApiError::NotFound(format!(
            "No installation is named '{name}'; only installed community apps have schema handlers"
        ))),
    }
}

/// The schema of an installation, for `GET /api/apps/{name}/schema`: no
/// fields of the built-in kind, and the Pixlet schema under `starlark`.
pub async fn app_schema(state: &AppState, name: &str) -> Result<Value, ApiError> {
    let is_pushed = state
        .manager
        .view(|_, state| state.installations.get(name).map(|i| i.app().is_none()));
    if is_pushed == Some(true) {
        return Ok(json!({ "app": name, "fields": [] }));
    }
    let (app, _) = library_app_of(state, name)?;
    let library_app = state.starlark.app(&app)?;
    let schema = state.starlark.schema(&library_app).await?;
    Ok(json!({ "app": name, "fields": [], "starlark": schema_reply(&app, schema.as_ref().as_ref()) }))
}

/// `POST /api/apps/{name}/schema/handler`: a handler's answer for an
/// installation, with its config (what the person typed so far laid over it).
pub async fn handler(
    State(state): State<AppState>,
    AppName(name): AppName,
    JsonBody(body): JsonBody<HandlerBody>,
) -> Result<Json<Value>, ApiError> {
    let (app, mut config) = library_app_of(&state, &name)?;
    config.extend(body.config);
    let library_app = state.starlark.app(&app)?;
    let answer = state
        .starlark
        .call_handler(&library_app, &body.handler, &body.parameter, &config)
        .await?;
    Ok(Json(handler_reply(&name, &body.handler, answer)))
}
