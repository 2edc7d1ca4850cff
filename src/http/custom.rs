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
    if let Some(problem) = custom::name_problem(state.manager.registry(), name) {
        return Err(ApiError::bad_request(problem));
    }
    let updates = custom::read_body(name, body).map_err(|error| ApiError::bad_request(error.message))?;
    for posted in updates.iter().filter_map(|update| update.posted.as_ref()) {
        icons::known(&state.icons, posted.content.icon.as_ref())?;
    }
    state.manager.execute(Command::SetCustom(updates)).await?;
    Ok(Json(json!({ "success": true })))
}
