//! The state file: kept across restarts, original files load, corrupt ones are set aside.

mod common;

use common::{StateDir, TestServer};
use serde_json::{Value, json};

fn read_state(dir: &StateDir) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.state_file()).expect("state file exists"))
        .expect("state file is JSON")
}

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    server
        .post(
            "/api/switch",
            json!({"app": "scroll_text", "config": {"text": "kept", "color": [0, 255, 0]}}),
        )
        .await;
    server.post("/api/settings", json!({"brightness": 33})).await;
    let carousel =
        json!({"enabled": true, "apps": [{"app": "scroll_text", "duration": 300}, {"app": "clock", "duration": 0.5}]});
    server.post("/api/carousel", carousel).await;
    server.stop().await;

    let saved = read_state(&dir);
    assert_eq!(saved["last_app"], "scroll_text");
    assert_eq!(saved["settings"], json!({"brightness": 33}));
    assert_eq!(
        saved["app_configs"]["scroll_text"],
        json!({"text": "kept", "color": [0, 255, 0]})
    );

    let server = TestServer::spawn(&dir).await;
    let current = server.get("/api/current").await.1;
    assert_eq!(current["app"], "scroll_text");
    assert_eq!(current["config"]["text"], "kept");
    assert_eq!(server.get("/api/settings").await.1, json!({"brightness": 33}));
    let carousel = server.get("/api/carousel").await.1;
    assert_eq!(carousel["enabled"], true);
    assert_eq!(carousel["apps"][1], json!({"app": "clock", "duration": 0.5}));
    server.stop().await;
}

#[tokio::test]
async fn a_stopped_app_is_saved_as_null_and_restarts_on_the_default() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    server.post("/api/stop", json!(null)).await;
    server.stop().await;
    assert_eq!(read_state(&dir)["last_app"], Value::Null);

    let server = TestServer::spawn_with(&dir, &["--app", "stars"]).await;
    assert_eq!(server.get("/api/current").await.1["app"], "stars");
    server.stop().await;
}

#[tokio::test]
async fn changes_are_saved_while_running_not_only_at_shutdown() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    server.post("/api/settings", json!({"brightness": 7})).await;
    let deadline = tokio::time::Instant::now() + common::PATIENCE;
    loop {
        let saved = std::fs::read_to_string(dir.state_file())
            .ok()
            .and_then(|text| serde_json::from_str::<Value>(&text).ok());
        if saved.is_some_and(|saved| saved["settings"]["brightness"] == 7) {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "state was not saved");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Only the state file remains: temporary files are renamed over it, never left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["state.json"]);
    server.stop().await;
}

#[tokio::test]
async fn a_file_written_by_the_original_server_loads() {
    let dir = StateDir::new();
    let original = r#"{"last_app": "scroll_text",
        "app_configs": {"clock": {"font": "tom-thumb", "color": [255, 0, 0]},
                        "scroll_text": {"text": "From Python", "speed": 2, "fps": 30, "font": "6x13B"},
                        "stars": {}},
        "settings": {"brightness": 75},
        "carousel": {"enabled": false, "apps": [{"app": "clock", "duration": 10}], "index": 0}}"#;
    std::fs::write(dir.state_file(), original).unwrap();

    let server = TestServer::spawn(&dir).await;
    let current = server.get("/api/current").await.1;
    assert_eq!(current["app"], "scroll_text");
    assert_eq!(current["config"]["text"], "From Python");
    assert_eq!(current["config"]["font"], "6x13B");
    assert_eq!(current["config"]["speed"], 2);
    assert_eq!(
        server.get("/api/apps/clock/config").await.1["config"]["color"],
        json!([255, 0, 0])
    );
    assert_eq!(server.get("/api/settings").await.1, json!({"brightness": 75}));
    assert_eq!(
        server.get("/api/carousel").await.1,
        json!({"enabled": false, "apps": [{"app": "clock", "duration": 10}], "current_index": 0})
    );
    server.stop().await;
}

#[tokio::test]
async fn invalid_entries_in_a_state_file_are_dropped_not_fatal() {
    let dir = StateDir::new();
    let file = json!({"last_app": "pong",
        "app_configs": {"clock": {"color": [999, 0, 0], "font": "5x8", "blink": true}, "pong": {"x": 1}},
        "settings": {"brightness": 75},
        "carousel": {"enabled": true, "apps": [{"app": "pong", "duration": 5}, {"app": "stars", "duration": 5}], "index": 4}});
    std::fs::write(dir.state_file(), file.to_string()).unwrap();

    let server = TestServer::spawn(&dir).await;
    assert_eq!(
        server.get("/api/current").await.1["app"],
        "clock",
        "unknown last app falls back to --app"
    );
    assert_eq!(
        server.get("/api/apps/clock/config").await.1["config"],
        json!({"font": "5x8", "color": [255, 255, 255]})
    );
    let carousel = server.get("/api/carousel").await.1;
    assert_eq!(carousel["apps"], json!([{"app": "stars", "duration": 5}]));
    assert_eq!(carousel["current_index"], 0);
    server.stop().await;
}

#[tokio::test]
async fn a_corrupt_state_file_is_set_aside_and_defaults_used() {
    let dir = StateDir::new();
    std::fs::write(dir.state_file(), "{\"last_app\": \"stars\", \"settings\": {\"bri").unwrap();

    let server = TestServer::spawn(&dir).await;
    assert_eq!(server.get("/api/current").await.1["app"], "clock");
    assert_eq!(server.get("/api/settings").await.1, json!({"brightness": 100}));
    server.stop().await;

    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("state.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "the corrupt file is kept for inspection");
    let kept = std::fs::read_to_string(dir.path().join(&aside[0])).unwrap();
    assert!(kept.starts_with("{\"last_app\": \"stars\""), "set aside untouched");
    assert_eq!(read_state(&dir)["last_app"], "clock", "a fresh state file replaces it");
}

#[tokio::test]
async fn ignore_state_starts_fresh() {
    let dir = StateDir::new();
    std::fs::write(
        dir.state_file(),
        r#"{"last_app": "stars", "settings": {"brightness": 5}}"#,
    )
    .unwrap();
    let server = TestServer::spawn_with(&dir, &["--ignore-state"]).await;
    assert_eq!(server.get("/api/current").await.1["app"], "clock");
    assert_eq!(server.get("/api/settings").await.1, json!({"brightness": 100}));
    server.stop().await;
}

#[tokio::test]
async fn shutdown_with_clients_connected_saves_the_running_app() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut client = server.connect_websocket().await;
    client.expect_state().await;
    server.post("/api/switch", json!({"app": "stars"})).await;
    client.expect("current_app").await;

    server.stop().await;
    assert_eq!(read_state(&dir)["last_app"], "stars");
}
