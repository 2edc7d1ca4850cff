//! REST handlers for apps: listing, switching, stopping and configuring them.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::AppState;
use super::bodies::SwitchBody;
use super::error::ApiError;
use super::json::JsonBody;
use super::path::AppName;
use crate::apps::schema::{ConfigMap, Schema};
use crate::manager::views::{AppsList, CurrentApp};
use crate::manager::{Command, CommandError};

type Reply = Result<Json<Value>, ApiError>;

/// The contract's three fields; in cluster mode also which instance answered
/// and whether it drives the carousel and the panel.
pub async fn health(State(state): State<AppState>) -> Json<Value> {
    let current = state.manager.view(CurrentApp::of).app;
    let mut reply = json!({ "status": "ok", "manager_running": true, "current_app": current });
    if let Some(instance) = &state.instance {
        reply["instance"] = json!(instance.as_ref());
        reply["panel_owner"] = json!(*state.panel_owner.borrow());
    }
    Json(reply)
}

pub async fn list(State(state): State<AppState>) -> Json<Value> {
    Json(json!(state.manager.view(AppsList::of)))
}

pub async fn current(State(state): State<AppState>) -> Json<Value> {
    Json(json!(state.manager.view(CurrentApp::of)))
}

pub async fn switch(
    State(state): State<AppState>,
    JsonBody(SwitchBody { app, config }): JsonBody<SwitchBody>,
) -> Reply {
    state
        .manager
        .execute(Command::Switch {
            app: app.clone(),
            config,
        })
        .await?;
    Ok(Json(json!({ "success": true, "app": app })))
}

pub async fn stop(State(state): State<AppState>) -> Reply {
    state.manager.execute(Command::Stop).await?;
    Ok(Json(json!({ "success": true })))
}

/// Merges keys into the running app's config.
pub async fn configure_running(State(state): State<AppState>, JsonBody(patch): JsonBody<ConfigMap>) -> Reply {
    let patch = required_config(patch)?;
    state.manager.execute(Command::ConfigureRunning(patch)).await?;
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
    if state.manager.registry().get(&app).is_none() {
        return Err(app_not_found(CommandError::UnknownApp(app)));
    }
    let patch = required_config(patch)?;
    state
        .manager
        .execute(Command::Configure {
            app: app.clone(),
            patch,
        })
        .await?;
    Ok(Json(json!({ "success": true, "app": app })))
}

/// The app's config schema, from which clients build their forms.
pub async fn schema(State(state): State<AppState>, AppName(app): AppName) -> Result<Json<Schema>, ApiError> {
    let entry = state
        .manager
        .registry()
        .get(&app)
        .ok_or_else(|| app_not_found(CommandError::UnknownApp(app)))?;
    Ok(Json(entry.schema.clone()))
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
