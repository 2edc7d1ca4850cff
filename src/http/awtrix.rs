//! AWTRIX 3's calls besides notifications and custom apps: stats, the loop,
//! the screen, power, sleep, the indicators, the moodlight, the names of its
//! transitions and effects, and the calls this board cannot honour.
//!
//! The bodies are read by the domain ([`crate::manager::signals`]); the
//! functions building commands from them are shared with the MQTT topics.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::AppState;
use super::error::ApiError;
use super::json::JsonBody;
use crate::apps::schema::ConfigMap;
use crate::content::FieldError;
use crate::content::effects::EFFECTS;
use crate::manager::signals::{self, IndicatorUpdate, Moodlight};
use crate::manager::state::{MAX_BRIGHTNESS, State as BoardState};
use crate::manager::views::CurrentApp;
use crate::manager::{Command, Manager};
use crate::render::transition::Kind;

type Reply = Result<Json<Value>, ApiError>;

/// Our transitions by the names AWTRIX gives the same effect.
const TRANSITION_NAMES: &[(Kind, &str)] = &[(Kind::SlideLeft, "Slide"), (Kind::Fade, "Fade")];

/// AWTRIX's brightness runs to 255, ours to [`MAX_BRIGHTNESS`].
const AWTRIX_MAX_BRIGHTNESS: u32 = 255;

/// `GET /api/stats`: every key AWTRIX sends. Sensors this board has not got
/// (battery, light, temperature, humidity, Wi-Fi) read 0, as on an AWTRIX
/// without them; docs/notifications.md lists which values are real.
pub async fn stats(State(state): State<AppState>) -> Json<Value> {
    let manager = &state.manager;
    let (app, brightness, panel_on, indicators) = manager.view(|registry, board| {
        let app = CurrentApp::of(registry, board).app;
        let lit = board.signals.indicators.map(|indicator| indicator.is_some());
        (
            app.clone(),
            board.brightness,
            app.is_some() && board.brightness > 0,
            lit,
        )
    });
    let uid = state.instance.as_deref().unwrap_or("retroboard");
    Json(json!({
        "bat": 0,
        "bat_raw": 0,
        "type": 0,
        "lux": 0,
        "ldr_raw": 0,
        "ram": available_memory(),
        "bri": awtrix_brightness(brightness),
        "temp": 0,
        "hum": 0,
        "uptime": manager.uptime().as_secs(),
        "wifi_signal": 0,
        "messages": manager.commands_received(),
        "version": env!("CARGO_PKG_VERSION"),
        "indicator1": indicators[0],
        "indicator2": indicators[1],
        "indicator3": indicators[2],
        "app": app.unwrap_or_default(),
        "uid": uid,
        "matrix": panel_on,
    }))
}

fn awtrix_brightness(brightness: u8) -> u32 {
    (u32::from(brightness) * AWTRIX_MAX_BRIGHTNESS).div_ceil(u32::from(MAX_BRIGHTNESS))
}

/// The machine's available memory in bytes (Linux), in place of AWTRIX's free heap; 0 elsewhere.
fn available_memory() -> u64 {
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemAvailable:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kilobytes| kilobytes * 1024)
}

/// `GET /api/loop`: the apps in the rotation, each with its place, as AWTRIX
/// lists its loop. The rotation is the carousel while it is on, else every
/// app, in the order `nextapp` steps through them.
pub async fn rotation(State(state): State<AppState>) -> Json<Value> {
    Json(
        state
            .manager
            .view(|registry, board| loop_of(&rotation_apps(registry, board))),
    )
}

fn rotation_apps(registry: &crate::apps::Registry, board: &BoardState) -> Vec<String> {
    if board.carousel.enabled && !board.carousel.entries.is_empty() {
        board.carousel.entries.iter().map(|entry| entry.app.clone()).collect()
    } else {
        crate::manager::views::AppsList::of(registry, board).apps
    }
}

/// `{"name": place, ...}`; an app in the rotation twice keeps its first place.
fn loop_of(apps: &[String]) -> Value {
    let mut places = Map::new();
    for (place, app) in apps.iter().enumerate() {
        places.entry(app.clone()).or_insert(json!(place));
    }
    Value::Object(places)
}

/// `GET /api/screen`: the frame on the panel as one 0xRRGGBB number a pixel, row by row.
pub async fn screen(State(state): State<AppState>) -> Json<Vec<u32>> {
    let frame = state.frames.current().await;
    let colors = frame
        .rgb()
        .chunks_exact(3)
        .map(|rgb| u32::from_be_bytes([0, rgb[0], rgb[1], rgb[2]]))
        .collect();
    Json(colors)
}

/// `GET /api/transitions`: the transitions this board has, by AWTRIX's names.
pub async fn transitions() -> Json<Vec<&'static str>> {
    Json(TRANSITION_NAMES.iter().map(|(_, name)| *name).collect())
}

/// `GET /api/effects`: the background effects content may name.
pub async fn effects() -> Json<Vec<&'static str>> {
    Json(EFFECTS.iter().map(|(name, ..)| *name).collect())
}

pub async fn power(State(state): State<AppState>, JsonBody(body): JsonBody<ConfigMap>) -> Reply {
    run(&state.manager, power_command(body)?).await
}

pub async fn sleep(State(state): State<AppState>, JsonBody(body): JsonBody<ConfigMap>) -> Reply {
    run(&state.manager, sleep_command(body)?).await
}

pub async fn moodlight(State(state): State<AppState>, JsonBody(body): JsonBody<ConfigMap>) -> Reply {
    run(&state.manager, moodlight_command(body)?).await
}

pub async fn indicator1(State(state): State<AppState>, JsonBody(body): JsonBody<ConfigMap>) -> Reply {
    run(&state.manager, indicator_command(0, body)?).await
}

pub async fn indicator2(State(state): State<AppState>, JsonBody(body): JsonBody<ConfigMap>) -> Reply {
    run(&state.manager, indicator_command(1, body)?).await
}

pub async fn indicator3(State(state): State<AppState>, JsonBody(body): JsonBody<ConfigMap>) -> Reply {
    run(&state.manager, indicator_command(2, body)?).await
}

async fn run(manager: &Manager, command: Command) -> Reply {
    manager.execute(command).await?;
    Ok(Json(json!({ "success": true })))
}

/// `{"power": true}` resumes what ran last, `false` stops it.
pub fn power_command(body: ConfigMap) -> Result<Command, ApiError> {
    let on = signals::power(body).map_err(refused)?;
    Ok(if on { Command::Resume } else { Command::Stop })
}

/// `{"sleep": seconds}`: off now, back on after that long.
pub fn sleep_command(body: ConfigMap) -> Result<Command, ApiError> {
    let seconds = signals::sleep_seconds(body).map_err(refused)?;
    Ok(Command::Sleep { seconds })
}

/// A colour or a colour temperature fills the panel; an empty body clears it.
pub fn moodlight_command(body: ConfigMap) -> Result<Command, ApiError> {
    Ok(Command::SetMoodlight(Moodlight::read(body).map_err(refused)?))
}

/// Indicator `index` (0 to 2) takes the body's colour, blink and fade.
pub fn indicator_command(index: usize, body: ConfigMap) -> Result<Command, ApiError> {
    let update = IndicatorUpdate::read(body).map_err(refused)?;
    Ok(Command::SetIndicator { index, update })
}

fn refused(error: FieldError) -> ApiError {
    ApiError::bad_request(error.message)
}

/// `POST /api/sound` and `/api/rtttl`: there is nothing to play them on.
pub async fn no_speaker() -> Response {
    not_implemented("This board has no speaker: sounds and RTTTL melodies cannot be played")
}

fn not_implemented(message: &str) -> Response {
    (StatusCode::NOT_IMPLEMENTED, Json(json!({ "error": message }))).into_response()
}

/// `POST /api/reboot`: restarts the server when a supervisor will start it
/// again (`--supervised`), else says it cannot.
pub async fn reboot(State(state): State<AppState>) -> Response {
    match &state.restart {
        Some(restart) => {
            restart.request();
            Json(json!({ "success": true })).into_response()
        }
        None => not_implemented(
            "No supervisor runs this server, so it would not come back after a reboot; start it with --supervised under one (systemd, Docker) to allow this",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brightness_is_scaled_to_awtrix_s_range() {
        assert_eq!(
            [0, 1, 50, 100].map(awtrix_brightness),
            [0, 3, 128, 255],
            "a lit panel never reads 0"
        );
    }

    #[test]
    fn the_loop_gives_each_app_its_first_place() {
        let apps = ["clock", "stars", "clock", "temp"].map(String::from);
        assert_eq!(loop_of(&apps), json!({"clock": 0, "stars": 1, "temp": 3}));
    }
}
