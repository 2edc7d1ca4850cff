//! `/api/starlark/apps`: the app library, one app at a time or a page of
//! them, uploads and their deletion, rescans, schemas, handler calls and
//! previews.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::super::AppState;
use super::super::error::ApiError;
use super::super::json::{JsonBody, TOO_LARGE};
use super::{AppId, HandlerBody, handler_reply, schema_reply};
use crate::starlark::library::{LibraryApp, MAX_APPS};

/// How many apps a page lists unless asked.
pub const DEFAULT_LIMIT: usize = 100;

/// One app of the library as the API lists it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LibraryAppView {
    /// The app's id: its folder's name.
    pub id: String,
    /// The manifest's name, or the id.
    pub name: String,
    pub summary: Option<String>,
    pub desc: Option<String>,
    pub author: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    /// The id the manifest gives.
    pub manifest_id: Option<String>,
    pub file_name: Option<String>,
    /// Minutes between renders the author recommends.
    pub recommended_interval: Option<u32>,
    pub supports2x: bool,
    /// Whether it draws at 128x64 on this board's panel.
    pub draws_2x: bool,
    pub broken: bool,
    pub broken_reason: Option<String>,
    /// Uploaded through the API (deletable), rather than in `--apps-dir`.
    pub uploaded: bool,
    /// Whether it ships a preview picture (`GET .../preview` renders one otherwise).
    pub has_preview: bool,
    /// The installations of it, by name; empty when it is not installed.
    pub installations: Vec<String>,
}

impl LibraryAppView {
    fn of(app: &LibraryApp, draws_2x: bool, installations: Vec<String>) -> Self {
        let manifest = app.manifest.clone();
        Self {
            id: app.id.clone(),
            name: manifest.name.unwrap_or_else(|| app.id.clone()),
            summary: manifest.summary,
            desc: manifest.desc,
            author: manifest.author,
            category: manifest.category,
            tags: manifest.tags,
            manifest_id: manifest.manifest_id,
            file_name: manifest.file_name,
            recommended_interval: manifest.recommended_interval,
            supports2x: manifest.supports2x,
            draws_2x,
            broken: manifest.broken,
            broken_reason: manifest.broken_reason,
            uploaded: app.uploaded,
            has_preview: app.preview.is_some(),
            installations,
        }
    }

    /// Whether every word of `query` is in its name, id, summary, author, category or tags.
    fn matches(&self, query: &str) -> bool {
        let haystack = [
            Some(&self.id),
            Some(&self.name),
            self.summary.as_ref(),
            self.author.as_ref(),
            self.category.as_ref(),
        ]
        .into_iter()
        .flatten()
        .chain(&self.tags)
        .map(|text| text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
        query
            .to_lowercase()
            .split_whitespace()
            .all(|word| haystack.contains(word))
    }
}

/// Which installations run each app, by app id.
fn installed(state: &AppState) -> BTreeMap<String, Vec<String>> {
    state.manager.view(|_, state| {
        let mut by_app: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, installation) in &state.installations {
            if let Some(app) = installation.app() {
                by_app.entry(app.to_owned()).or_default().push(name.clone());
            }
        }
        by_app
    })
}

fn view(state: &AppState, app: &LibraryApp) -> LibraryAppView {
    let names = installed(state).remove(&app.id).unwrap_or_default();
    LibraryAppView::of(app, state.starlark.draws_2x(app), names)
}

/// `GET /api/starlark/apps?q=&offset=&limit=`: a page of the library, sorted by id.
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
    let number = |key: &str, default: usize, most: usize| -> Result<usize, ApiError> {
        match query.get(key) {
            None => Ok(default),
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= most)
                .ok_or_else(|| ApiError::bad_request(format!("'{key}' must be a whole number from 0 to {most}"))),
        }
    };
    let offset = number("offset", 0, MAX_APPS)?;
    let limit = number("limit", DEFAULT_LIMIT, MAX_APPS)?;
    let search = query.get("q").map(String::as_str).unwrap_or_default();
    let mut installed = installed(&state);
    let matching: Vec<LibraryAppView> = state
        .starlark
        .library
        .all()
        .values()
        .map(|app| {
            let names = installed.remove(&app.id).unwrap_or_default();
            LibraryAppView::of(app, state.starlark.draws_2x(app), names)
        })
        .filter(|app| app.matches(search))
        .collect();
    let total = matching.len();
    let page: Vec<_> = matching.into_iter().skip(offset).take(limit).collect();
    Ok(Json(
        json!({ "apps": page, "total": total, "offset": offset, "limit": limit }),
    ))
}

/// `GET /api/starlark/apps/{id}`.
pub async fn app(State(state): State<AppState>, AppId(id): AppId) -> Result<Json<LibraryAppView>, ApiError> {
    let app = state.starlark.app(&id)?;
    Ok(Json(view(&state, &app)))
}

/// `POST /api/starlark/apps/rescan`: reads the library's folders again.
pub async fn rescan(State(state): State<AppState>) -> Json<Value> {
    let scan = state.starlark.rescan().await;
    Json(json!({ "success": true, "apps": scan.apps, "skipped": scan.skipped }))
}

/// `PUT /api/starlark/apps/{id}`: stores an uploaded app.
pub async fn upload(
    State(state): State<AppState>,
    AppId(id): AppId,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<LibraryAppView>, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(TOO_LARGE.into())
        } else {
            ApiError::bad_request(format!("Could not read the request body: {}", rejection.body_text()))
        }
    })?;
    let app = state.starlark.upload(&id, body).await?;
    Ok(Json(view(&state, &app)))
}

/// `DELETE /api/starlark/apps/{id}`: deletes an uploaded app that is not installed.
pub async fn remove(State(state): State<AppState>, AppId(id): AppId) -> Result<Json<Value>, ApiError> {
    let names = installed(&state).remove(&id).unwrap_or_default();
    state.starlark.delete_upload(&id, names).await?;
    Ok(Json(json!({ "success": true, "app": id })))
}

/// `GET /api/starlark/apps/{id}/schema`: the form to install it with.
pub async fn schema(State(state): State<AppState>, AppId(id): AppId) -> Result<Json<Value>, ApiError> {
    let app = state.starlark.app(&id)?;
    let schema = state.starlark.schema(&app).await?;
    Ok(Json(schema_reply(&id, schema.as_ref().as_ref())))
}

/// `POST /api/starlark/apps/{id}/schema/handler`: a handler's answer while a
/// person fills in the form, before installing.
pub async fn handler(
    State(state): State<AppState>,
    AppId(id): AppId,
    JsonBody(body): JsonBody<HandlerBody>,
) -> Result<Json<Value>, ApiError> {
    let app = state.starlark.app(&id)?;
    let answer = state
        .starlark
        .call_handler(&app, &body.handler, &body.parameter, &body.config)
        .await?;
    Ok(Json(handler_reply(&id, &body.handler, answer)))
}

/// `GET /api/starlark/apps/{id}/preview`: a WebP of the app.
pub async fn preview(State(state): State<AppState>, AppId(id): AppId) -> Result<Response, ApiError> {
    let app = state.starlark.app(&id)?;
    let bytes = state.starlark.preview(&app).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/webp"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        bytes.as_ref().clone(),
    )
        .into_response())
}
