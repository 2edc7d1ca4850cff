//! REST handlers for apps: listing, switching, stopping and configuring them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::AppState;
use super::bodies::SwitchBody;
use super::error::ApiError;
use super::icons;
use super::json::JsonBody;
use super::path::AppName;
use super::starlark;
use crate::apps::schema::ConfigMap;
use crate::manager::views::{AppsList, CurrentApp};
use crate::manager::{Command, CommandError};
use crate::render::PanelHealth;

type Reply = Result<Json<Value>, ApiError>;

/// The contract's three fields and whether the panel is being drawn; in cluster
/// mode also which instance answered and whether it drives the carousel and the
/// panel. A stalled render loop (a frozen panel) makes it a 503, an error like
/// any other that also carries the fields, with status `stalled`, so a monitor
/// notices.
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let current = state.manager.view(CurrentApp::of).app;
    let panel = state.render.health();
    let mqtt = state.mqtt.is_some();
    let mut reply =
        json!({ "status": "ok", "manager_running": true, "current_app": current, "panel": panel, "mqtt": mqtt });
    if let Some(instance) = &state.instance {
        reply["instance"] = json!(instance.as_ref());
        reply["panel_owner"] = json!(*state.panel_owner.borrow());
    }
    if panel != PanelHealth::Stalled {
        return (StatusCode::OK, Json(reply));
    }
    reply["status"] = json!("stalled");
    reply["error"] = json!("The panel is stalled: its render loop is not producing frames");
    (StatusCode::SERVICE_UNAVAILABLE, Json(reply))
}

pub async fn list(State(state): State<AppState>) -> Json<Value> {
    Json(json!(state.manager.view(AppsList::of)))
}

pub async fn current(State(state): State<AppState>) -> Json<Value> {
    Json(json!(state.manager.view(CurrentApp::of)))
}

pub async fn switch(State(state): State<AppState>, JsonBody(body): JsonBody<SwitchBody>) -> Reply {
    let app = body.app.clone();
    let command = body.into();
    icons::check(&state.libraries, &command).await?;
    starlark::check(&state.starlark, &state.manager, &command).await?;
    state.manager.execute(command).await?;
    Ok(Json(json!({ "success": true, "app": app })))
}

pub async fn stop(State(state): State<AppState>) -> Reply {
    state.manager.execute(Command::Stop).await?;
    Ok(Json(json!({ "success": true })))
}

/// `POST /api/nextapp` and `/api/previousapp`, AWTRIX's names: the next or
/// previous carousel entry while the carousel rotates, else the app list's.
pub async fn next(State(state): State<AppState>) -> Reply {
    state.manager.execute(Command::Step { forward: true }).await?;
    Ok(Json(json!({ "success": true })))
}

pub async fn previous(State(state): State<AppState>) -> Reply {
    state.manager.execute(Command::Step { forward: false }).await?;
    Ok(Json(json!({ "success": true })))
}

/// Merges keys into the running app's config.
pub async fn configure_running(State(state): State<AppState>, JsonBody(patch): JsonBody<ConfigMap>) -> Reply {
    let command = Command::ConfigureRunning(required_config(patch)?);
    icons::check(&state.libraries, &command).await?;
    starlark::check(&state.starlark, &state.manager, &command).await?;
    state.manager.execute(command).await?;
    Ok(Json(json!({ "success": true })))
}

pub async fn saved_config(State(state): State<AppState>, AppName(app): AppName) -> Reply {
    let config = state.manager.effective_config(&app).map_err(app_not_found)?;
    Ok(Json(json!({ "app": app, "config": config })))
}

pub async fn configure(
    State(state): State<AppState>,
    AppName(app): AppName,
    JsonBody(patch): JsonBody<ConfigMap>,
) -> Reply {
    if !state.manager.view(|registry, state| state.knows(registry, &app)) {
        return Err(app_not_found(CommandError::UnknownApp(app)));
    }
    let command = Command::Configure {
        app: app.clone(),
        patch: required_config(patch)?,
    };
    icons::check(&state.libraries, &command).await?;
    starlark::check(&state.starlark, &state.manager, &command).await?;
    state.manager.execute(command).await?;
    Ok(Json(json!({ "success": true, "app": app })))
}

/// The app's config schema, from which clients build their forms. A custom
/// app's has no fields; an installed community app's are its Pixlet schema,
/// under `starlark`.
pub async fn schema(State(state): State<AppState>, AppName(app): AppName) -> Reply {
    if let Some(entry) = state.manager.registry().get(&app) {
        return Ok(Json(json!(entry.schema)));
    }
    if state.manager.view(|_, state| state.installations.contains_key(&app)) {
        return Ok(Json(starlark::installations::app_schema(&state, &app).await?));
    }
    if state.manager.view(|_, state| state.custom.apps.contains_key(&app)) {
        return Ok(Json(json!({ "app": app, "fields": [] })));
    }
    Err(app_not_found(CommandError::UnknownApp(app)))
}

/// A config patch must change something. Checked after the app is known to
/// exist, so an unknown app is named first.
fn required_config(patch: ConfigMap) -> Result<ConfigMap, ApiError> {
    if patch.is_empty() {
        return Err(ApiError::bad_request("Missing configuration data"));
    }
    Ok(patch)
}

/// The per-app paths answer an unknown app with the original's exact message.
fn app_not_found(error: CommandError) -> ApiError {
    match error {
        CommandError::UnknownApp(_) => ApiError::NotFound("App not found".into()),
        other => other.into(),
    }
}
