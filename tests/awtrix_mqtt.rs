//! AWTRIX's topics over a real mosquitto: indicators, power, moodlight, sleep
//! and custom apps with drawing, each seen on the panel or in the REST views.

mod common;

use std::time::Duration;

use common::mqtt::{Listener, Mosquitto, SLOW};
use common::{StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::time::Instant;

async fn serve(broker: &Mosquitto, dir: &StateDir) -> TestServer {
    TestServer::spawn_with(dir, &["--mqtt-url", &broker.url(), "--ignore-state"]).await
}

/// Polls `path` until `wanted` holds for its JSON, and returns that.
async fn eventually(server: &TestServer, path: &str, wanted: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + SLOW;
    loop {
        let (status, body) = server.get(path).await;
        if status == StatusCode::OK && wanted(&body) {
            return body;
        }
        assert!(Instant::now() < deadline, "{path} never became as wanted; last {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The colour of pixel (`x`, `y`) in `/api/screen`'s numbers.
fn pixel(screen: &Value, x: usize, y: usize) -> u64 {
    screen[y * 64 + x].as_u64().unwrap()
}

#[tokio::test]
async fn awtrix_topics_do_what_their_routes_do() {
    let broker = Mosquitto::start();
    let dir = StateDir::new();
    let server = serve(&broker, &dir).await;
    let mut mqtt = Listener::new(&broker, "retroboard/#").await;
    mqtt.expect_text("retroboard/status", "online").await;

    mqtt.publish("retroboard/indicator1", r#"{"color": [255, 0, 0]}"#).await;
    eventually(&server, "/api/stats", |stats| stats["indicator1"] == true).await;
    eventually(&server, "/api/screen", |screen| pixel(screen, 63, 0) == 0xFF0000).await;
    mqtt.publish("retroboard/indicator1", "").await;
    eventually(&server, "/api/stats", |stats| stats["indicator1"] == false).await;

    mqtt.publish("retroboard/moodlight", r##"{"color": "#203040"}"##).await;
    eventually(&server, "/api/screen", |screen| {
        screen.as_array().unwrap().iter().all(|c| c == 0x203040)
    })
    .await;
    mqtt.publish("retroboard/moodlight", "{}").await;
    eventually(&server, "/api/screen", |screen| pixel(screen, 0, 0) != 0x203040).await;

    mqtt.publish("retroboard/power", r#"{"power": false}"#).await;
    eventually(&server, "/api/current", |body| body["app"].is_null()).await;
    mqtt.publish("retroboard/power", r#"{"power": true}"#).await;
    eventually(&server, "/api/current", |body| body["app"] == "clock").await;

    mqtt.publish("retroboard/sleep", r#"{"sleep": 1}"#).await;
    eventually(&server, "/api/current", |body| body["app"].is_null()).await;
    eventually(&server, "/api/current", |body| body["app"] == "clock").await;

    let drawing = json!({"draw": [{"dp": [4, 2, "#00FF00"]}]}).to_string();
    mqtt.publish("retroboard/custom/art", drawing).await;
    eventually(&server, "/api/apps", |apps| {
        apps["apps"].as_array().unwrap().contains(&json!("art"))
    })
    .await;
    mqtt.publish("retroboard/switch", r#"{"name": "art"}"#).await;
    let screen = eventually(&server, "/api/screen", |screen| pixel(screen, 4, 2) == 0x00FF00).await;
    let lit = screen.as_array().unwrap().iter().filter(|c| **c != 0).count();
    assert_eq!(lit, 1, "the drawing alone");
    server.stop().await;
}

#[tokio::test]
async fn bad_awtrix_payloads_are_answered_with_the_rest_error() {
    let broker = Mosquitto::start();
    let dir = StateDir::new();
    let server = serve(&broker, &dir).await;
    let mut mqtt = Listener::new(&broker, "retroboard/#").await;
    mqtt.expect_text("retroboard/status", "online").await;
    let cases = [
        ("indicator2", "/api/indicator2", r#"{"color": "teal"}"#),
        ("moodlight", "/api/moodlight", r#"{"kelvin": 1}"#),
        ("sleep", "/api/sleep", r#"{"sleep": 0}"#),
        ("power", "/api/power", r#"{"power": 1}"#),
        ("notify", "/api/notify", r#"{"draw": [{"dl": [0, 0, 1]}]}"#),
    ];
    for (command, path, payload) in cases {
        let (status, rest) = server.post_raw(path, Some("application/json"), payload).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{payload}");
        let topic = format!("retroboard/{command}");
        mqtt.publish(&topic, payload).await;
        let (answer, _) = mqtt.expect_json("retroboard/error", |_| true).await;
        assert_eq!(answer, json!({"error": rest["error"], "topic": topic}), "{payload}");
    }
    let (_, stats) = server.get("/api/stats").await;
    assert_eq!((&stats["indicator2"], &stats["app"]), (&json!(false), &json!("clock")));
    server.stop().await;
}
