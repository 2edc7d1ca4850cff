//! A panel that cannot freeze unseen: a render loop that panics is logged, reported by
//! `/api/health` and started again, and one that keeps panicking stops the server, which
//! saves the state first.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use common::faulty::{panic_at_width, registry};
use common::{PATIENCE, StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Everything logged in this test binary, from the first call on, panics included.
fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .init();
        // The server's hook, and the default one after it so failing tests still say why.
        let default = std::panic::take_hook();
        retroboard::telemetry::log_panics();
        let logged = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            logged(info);
            default(info);
        }));
        logs
    })
    .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_render_loop_that_panics_is_logged_reported_by_health_and_started_again() {
    let logs = logs();
    panic_at_width(61, 2);
    let dir = StateDir::new();
    let server = TestServer::spawn_with_apps(&dir, &["--width", "61"], registry()).await;
    let (status, health) = server.get("/api/health").await;
    assert_eq!((status, &health["panel"]), (StatusCode::OK, &json!("ok")));

    assert_eq!(
        server.post("/api/switch", json!({"app": "faulty"})).await.0,
        StatusCode::OK
    );
    let (status, health) = server
        .health_until(PATIENCE, |status, _| status != StatusCode::OK)
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{health}");
    assert_eq!(
        (&health["status"], &health["panel"], &health["current_app"]),
        (&json!("stalled"), &json!("stalled"), &json!("faulty"))
    );
    assert!(health["error"].as_str().unwrap().contains("stalled"), "{health}");

    // Started again after each panic, the loop draws the app once its panics are spent.
    let red = |pixels: &[u8]| pixels.chunks(3).all(|pixel| pixel == [255, 0, 0]);
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let mut pixels = server.frame_png("?scale=1").await.2;
    while tokio::time::Instant::now() < deadline && !red(&pixels) {
        tokio::time::sleep(Duration::from_millis(20)).await;
        pixels = server.frame_png("?scale=1").await.2;
    }
    assert!(red(&pixels), "a new loop draws the app");
    let (status, health) = server.get("/api/health").await;
    assert_eq!((status, &health["panel"]), (StatusCode::OK, &json!("ok")), "{health}");
    let metrics = reqwest::get(format!("{}/metrics", server.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("retroboard_render_loop_panics_total 2"), "{metrics}");

    let logged = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    let panic = logged
        .lines()
        .find(|line| line.contains("the faulty app panics on purpose at width 61"))
        .unwrap_or_else(|| panic!("the panic is logged: {logged}"));
    assert!(
        panic.contains("ERROR") && panic.contains("thread=\"render\""),
        "{panic}"
    );
    assert!(logged.contains("starting it again"), "{logged}");
    server.stop().await;
}

#[tokio::test]
async fn a_render_loop_that_keeps_panicking_stops_the_server_which_saves_the_state_first() {
    logs();
    panic_at_width(62, u32::MAX);
    let dir = StateDir::new();
    let server = TestServer::spawn_with_apps(&dir, &["--width", "62"], registry()).await;
    assert_eq!(
        server.post("/api/settings", json!({"brightness": 42})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        server.post("/api/switch", json!({"app": "faulty"})).await.0,
        StatusCode::OK
    );

    let state_file = server.state_file.clone();
    let ended = server.ended(Duration::from_secs(30)).await;
    let error = ended.expect_err("the server gives up with an error, so systemd starts it again");
    assert!(error.to_string().contains("panicked 6 times"), "{error}");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(state_file).unwrap()).unwrap();
    assert_eq!(saved["settings"]["brightness"], 42);
    assert_eq!(saved["last_app"], "faulty");
}
