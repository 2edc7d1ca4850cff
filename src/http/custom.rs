//! `POST /api/custom?name=NAME`: post, replace or delete custom apps.

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::icons;
use super::json::JsonListOrObject;
use crate::apps::Registry;
use crate::manager::Command;
use crate::manager::custom;

pub async fn post(
    State(state): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    JsonListOrObject(body): JsonListOrObject,
) -> Result<Json<Value>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
    let name = query
        .get("name")
        .ok_or_else(|| ApiError::bad_request("Missing ?name= of the custom app"))?;
    let command = command(state.manager.registry(), name, body)?;
    icons::check(&state.libraries, &command).await?;
    state.manager.execute(command).await?;
    Ok(Json(json!({ "success": true })))
}

/// What a body posted for custom app `name` asks for (REST and MQTT alike):
/// the name is checked before the body.
pub fn command(registry: &Registry, name: &str, body: Value) -> Result<Command, ApiError> {
    if let Some(problem) = custom::name_problem(registry, name) {
        return Err(ApiError::bad_request(problem));
    }
    let updates = custom::read_body(name, body).map_err(|error| ApiError::bad_request(error.message))?;
    Ok(Command::SetCustom(updates))
}
