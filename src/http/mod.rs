//! The REST API under `/api`: a thin translation between HTTP and the manager.
//! Tidbyt's push API lives under `/v0` ([`device_api`]). [`ui`] serves the
//! embedded browser UI on every other path.

mod apps;
pub mod auth;
pub(crate) mod awtrix;
pub(crate) mod bodies;
pub(crate) mod custom;
mod display;
pub mod error;
pub(crate) mod icons;
pub(crate) mod json;
mod night;
mod notify;
mod openapi;
pub mod origin;
mod panel;
mod path;
pub mod png;
mod push;
pub(crate) mod starlark;
mod transition;
pub mod ui;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use tokio::sync::watch;

use crate::icons::Libraries;
use crate::manager::Manager;
use crate::mqtt::status::Status;
use crate::output::Outputs;
use crate::render::{FrameSource, RenderStats};
use crate::restart::Restart;
use crate::starlark::Starlark;
use auth::Auth;
use error::ApiError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub manager: Arc<Manager>,
    /// Whether this instance drives the carousel and the panel (always, when alone).
    pub panel_owner: watch::Receiver<bool>,
    /// This instance's id in cluster mode.
    pub instance: Option<Arc<str>>,
    /// Where the frame on the panel right now is read from.
    pub frames: Arc<dyn FrameSource>,
    /// The devices the panel is shown on, for their health.
    pub outputs: Arc<Outputs>,
    /// Whether the render loop draws the panel, for `/api/health`.
    pub render: Arc<RenderStats>,
    /// `/api/frame.png`'s encodings, shared between requests.
    pub png: Arc<png::PngEncoder>,
    /// Which requests need the `--auth-token`.
    pub auth: Arc<Auth>,
    /// The icons notifications and apps draw by name, and the `image` app's pictures.
    pub libraries: Libraries,
    /// Community apps: their library, schemas, workers and renders.
    pub starlark: Arc<Starlark>,
    /// The MQTT session's state; `None` without `--mqtt-url`.
    pub mqtt: Option<Arc<Status>>,
    /// How `POST /api/reboot` restarts the server; `None` without a supervisor.
    pub restart: Option<Restart>,
}

/// Answers a path under `/api` that names nothing.
pub async fn not_found() -> ApiError {
    ApiError::NotFound("Not found".into())
}

/// The `/v0` routes: Tidbyt's device API, of which the board speaks the push.
/// Guarded by `--auth-token` like every command; a pushed picture may be as
/// big as an app upload.
pub fn device_api(state: AppState) -> Router {
    let max_upload = state.starlark.settings.max_upload;
    Router::new()
        .route("/devices/{id}/push", post(push::push))
        .fallback(not_found)
        .method_not_allowed_fallback(async || ApiError::MethodNotAllowed)
        .layer(DefaultBodyLimit::max(max_upload))
        .layer(axum::middleware::from_fn_with_state(
            state.auth.clone(),
            auth::require_token,
        ))
        .with_state(state)
}

/// The `/api` routes. Unknown paths and wrong methods answer in JSON like everything else.
pub fn api(state: AppState, max_payload: usize) -> Router {
    let max_upload = state.starlark.settings.max_upload;
    Router::new()
        .route("/health", get(apps::health))
        .route("/openapi.json", get(openapi::document))
        .route("/apps", get(apps::list))
        .route("/current", get(apps::current))
        .route("/switch", post(apps::switch))
        .route("/stop", post(apps::stop))
        .route("/nextapp", post(apps::next))
        .route("/previousapp", post(apps::previous))
        .route("/config", post(apps::configure_running))
        .route("/apps/{name}/config", get(apps::saved_config).post(apps::configure))
        .route("/apps/{name}/schema", get(apps::schema))
        .route("/settings", get(display::settings).post(display::update_settings))
        .route("/carousel", get(display::carousel).post(display::update_carousel))
        .route("/night", get(night::night).post(night::update_night))
        .route(
            "/transition",
            get(transition::transition).post(transition::update_transition),
        )
        .route("/fonts", get(panel::fonts))
        .route("/frame.png", get(panel::frame_png))
        .route("/displays", get(panel::displays))
        .route("/mqtt", get(panel::mqtt))
        .route("/icons", get(icons::list))
        .route(
            "/icons/{name}",
            get(icons::file).put(icons::upload).delete(icons::remove),
        )
        .route("/images", get(icons::list_pictures))
        .route(
            "/images/{name}",
            get(icons::picture_file)
                .put(icons::upload_picture)
                .delete(icons::remove_picture),
        )
        .route("/notify", get(notify::showing).post(notify::notify))
        .route("/notify/dismiss", post(notify::dismiss))
        .route("/custom", post(custom::post))
        .route("/apps/{name}/schema/handler", post(starlark::installations::handler))
        .route("/starlark/apps", get(starlark::library::list))
        .route("/starlark/apps/rescan", post(starlark::library::rescan))
        .route(
            "/starlark/apps/{id}",
            get(starlark::library::app).delete(starlark::library::remove),
        )
        .route("/starlark/apps/{id}/schema", get(starlark::library::schema))
        .route("/starlark/apps/{id}/schema/handler", post(starlark::library::handler))
        .route("/starlark/apps/{id}/preview", get(starlark::library::preview))
        .route(
            "/starlark/installations",
            get(starlark::installations::list).post(starlark::installations::install),
        )
        .route(
            "/starlark/installations/{name}",
            get(starlark::installations::one)
                .post(starlark::installations::update)
                .delete(starlark::installations::remove),
        )
        .route(
            "/starlark/installations/{name}/render",
            post(starlark::installations::render),
        )
        .route("/stats", get(awtrix::stats))
        .route("/loop", get(awtrix::rotation))
        .route("/screen", get(awtrix::screen))
        .route("/power", post(awtrix::power))
        .route("/sleep", post(awtrix::sleep))
        .route("/moodlight", post(awtrix::moodlight))
        .route("/indicator1", post(awtrix::indicator1))
        .route("/indicator2", post(awtrix::indicator2))
        .route("/indicator3", post(awtrix::indicator3))
        .route("/transitions", get(awtrix::transitions))
        .route("/effects", get(awtrix::effects))
        .route("/reboot", post(awtrix::reboot))
        .route("/sound", post(awtrix::no_speaker))
        .route("/rtttl", post(awtrix::no_speaker))
        .route_layer(axum::middleware::from_fn(move |request, next| {
            json::refuse_declared_oversize(max_payload, request, next)
        }))
        // Apps are bigger than commands: they have a limit of their own.
        .route(
            "/starlark/apps/{id}",
            put(starlark::library::upload).layer(DefaultBodyLimit::max(max_upload)),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(async || ApiError::MethodNotAllowed)
        .layer(DefaultBodyLimit::max(max_payload))
        .layer(axum::middleware::from_fn_with_state(
            state.auth.clone(),
            auth::require_token,
        ))
        .with_state(state)
}
