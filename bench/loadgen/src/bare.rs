//! The smallest axum + socketioxide server with the benchmarked contract subset
//! (`GET`/`POST /api/settings`, `settings` broadcast on change, state sent on connect).
//!
//! It is the smoke test's target and, run as `bare-socketioxide`, the floor the framework
//! itself sets: whatever RetroBoard costs above it is ours to cut, whatever it shares is not.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Value, json};
use socketioxide::SocketIo;
use socketioxide::extract::SocketRef;

#[derive(Clone)]
struct Board {
    io: SocketIo,
    brightness: Arc<Mutex<u8>>,
}

async fn get_settings(State(board): State<Board>) -> Json<Value> {
    Json(json!({ "brightness": *board.brightness.lock().expect("brightness lock") }))
}

/// Like RetroBoard: broadcast only when the value really changes.
async fn post_settings(State(board): State<Board>, Json(body): Json<Value>) -> Result<Json<Value>, StatusCode> {
    let value = body["brightness"]
        .as_u64()
        .filter(|b| *b <= 100)
        .ok_or(StatusCode::BAD_REQUEST)? as u8;
    let previous = std::mem::replace(&mut *board.brightness.lock().expect("brightness lock"), value);
    if previous != value {
        board
            .io
            .emit("settings", &json!({ "brightness": value }))
            .await
            .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    }
    Ok(Json(json!({ "success": true })))
}

/// Framework knobs whose memory and latency effect the benchmark measures.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tuning {
    /// engineioxide's per-connection WebSocket read buffer (default 4096 bytes).
    pub ws_read_buffer: Option<usize>,
    /// Packets queued per socket before an emit fails (default 128).
    pub max_buffer: Option<usize>,
}

/// Builds the router with the same keep-alive timers RetroBoard is benchmarked with.
pub fn router(tuning: Tuning) -> axum::Router {
    let mut builder = SocketIo::builder()
        .ping_interval(std::time::Duration::from_secs(25))
        .ping_timeout(std::time::Duration::from_secs(60));
    if let Some(size) = tuning.ws_read_buffer {
        builder = builder.ws_read_buffer_size(size);
    }
    if let Some(size) = tuning.max_buffer {
        builder = builder.max_buffer_size(size);
    }
    let (layer, io) = builder.build_layer();
    let brightness = Arc::new(Mutex::new(100));
    let on_connect_brightness = brightness.clone();
    io.ns("/", async move |socket: SocketRef| {
        let value = *on_connect_brightness.lock().expect("brightness lock");
        let _ = socket.emit("settings", &json!({ "brightness": value }));
    });
    axum::Router::new()
        .route("/api/settings", get(get_settings).post(post_settings))
        .with_state(Board { io, brightness })
        .layer(layer)
}
