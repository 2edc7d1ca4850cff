//! The REST API under `/api`: a thin translation between HTTP and the manager.
//! [`ui`] serves the embedded browser UI on every other path.

mod apps;
pub mod auth;
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
mod transition;
pub mod ui;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tokio::sync::watch;

use crate::icons::Libraries;
use crate::manager::Manager;
use crate::mqtt::status::Status;
use crate::output::Outputs;
use crate::render::{FrameSource, RenderStats};
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
    /// The MQTT session's state; `None` without `--mqtt-url`.
    pub mqtt: Option<Arc<Status>>,
}

/// Answers a path under `/api` that names nothing.
pub async fn not_found() -> ApiError {
    ApiError::NotFound("Not found".into())
}

/// The `/api` routes. Unknown paths and wrong methods answer in JSON like everything else.
pub fn api(state: AppState, max_payload: usize) -> Router {
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
        .route_layer(axum::middleware::from_fn(move |request, next| {
            json::refuse_declared_oversize(max_payload, request, next)
        }))
        .fallback(not_found)
        .method_not_allowed_fallback(async || ApiError::MethodNotAllowed)
        .layer(DefaultBodyLimit::max(max_payload))
        .layer(axum::middleware::from_fn_with_state(
            state.auth.clone(),
            auth::require_token,
        ))
        .with_state(state)
}
