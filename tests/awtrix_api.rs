//! AWTRIX's routes besides notify and custom over HTTP: stats, loop, screen,
//! power, sleep, indicators, moodlight, the lists, reboot and sound.

mod common;

use std::time::Duration;

use common::{PATIENCE, StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};

const RED: [u8; 3] = [255, 0, 0];

async fn pixels(server: &TestServer) -> Vec<[u8; 3]> {
    let (_, _, rgb) = server.frame_png("?scale=1").await;
    rgb.chunks(3).map(|p| [p[0], p[1], p[2]]).collect()
}

async fn until(server: &TestServer, what: &str, check: impl Fn(&[[u8; 3]]) -> bool) -> Vec<[u8; 3]> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let seen = pixels(server).await;
        if check(&seen) {
            return seen;
        }
        assert!(tokio::time::Instant::now() < deadline, "waited in vain for {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn at(pixels: &[[u8; 3]], x: usize, y: usize) -> [u8; 3] {
    pixels[y * 64 + x]
}

async fn ok(server: &TestServer, path: &str, body: Value) {
    let (status, reply) = server.post(path, body.clone()).await;
    assert_eq!(
        (status, reply),
        (StatusCode::OK, json!({"success": true})),
        "{path} {body}"
    );
}

#[tokio::test]
async fn stats_carry_every_awtrix_key_with_the_real_values_we_have() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    ok(&server, "/api/indicator2", json!({"color": "#00FF00"})).await;
    let (status, stats) = server.get("/api/stats").await;
    assert_eq!(status, StatusCode::OK);
    let keys: Vec<&str> = stats.as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "bat",
        "bat_raw",
        "type",
        "lux",
        "ldr_raw",
        "ram",
        "bri",
        "temp",
        "hum",
        "uptime",
        "wifi_signal",
        "messages",
        "version",
        "indicator1",
        "indicator2",
        "indicator3",
        "app",
        "uid",
        "matrix",
    ] {
        assert!(keys.contains(&key), "{key} missing from {stats}");
    }
    assert_eq!(
        [&stats["app"], &stats["bri"], &stats["matrix"], &stats["version"]],
        [
            &json!("clock"),
            &json!(255),
            &json!(true),
            &json!(env!("CARGO_PKG_VERSION"))
        ]
    );
    let indicators = [&stats["indicator1"], &stats["indicator2"], &stats["indicator3"]];
    assert_eq!(indicators, [&json!(false), &json!(true), &json!(false)]);
    for absent in ["bat", "bat_raw", "lux", "ldr_raw", "temp", "hum", "wifi_signal"] {
        assert_eq!(stats[absent], 0, "{absent}");
    }
    assert!(stats["messages"].as_u64().unwrap() >= 1, "the indicator command counts");

    ok(&server, "/api/settings", json!({"brightness": 50})).await;
    ok(&server, "/api/power", json!({"power": false})).await;
    let (_, stats) = server.get("/api/stats").await;
    assert_eq!(
        (&stats["bri"], &stats["matrix"], &stats["app"]),
        (&json!(128), &json!(false), &json!(""))
    );
    server.stop().await;
}

#[tokio::test]
async fn the_loop_lists_the_carousel_while_it_rotates_else_every_app() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let (_, apps) = server.get("/api/loop").await;
    assert_eq!(apps, json!({"clock": 0, "scroll_text": 1, "stars": 2, "image": 3}));
    let carousel =
        json!({"enabled": true, "apps": [{"app": "stars", "duration": 60}, {"app": "clock", "duration": 60}]});
    let (status, _) = server.post("/api/carousel", carousel).await;
    assert_eq!(status, StatusCode::OK);
    let (_, apps) = server.get("/api/loop").await;
    assert_eq!(apps, json!({"stars": 0, "clock": 1}));
    server.stop().await;
}

#[tokio::test]
async fn the_screen_is_the_frame_as_24_bit_numbers_row_by_row() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    ok(&server, "/api/moodlight", json!({"color": [1, 2, 3]})).await;
    until(&server, "the moodlight", |p| p.iter().all(|&c| c == [1, 2, 3])).await;
    let (status, screen) = server.get("/api/screen").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(screen, json!(vec![0x010203; 64 * 32]));

    ok(&server, "/api/moodlight", json!({})).await;
    ok(
        &server,
        "/api/notify",
        json!({"draw": [{"dp": [2, 1, "#FF8000"]}], "hold": true}),
    )
    .await;
    until(&server, "the pixel", |p| at(p, 2, 1) == [255, 128, 0]).await;
    let (_, screen) = server.get("/api/screen").await;
    let lit: Vec<(usize, &Value)> = screen
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, c)| **c != 0)
        .collect();
    assert_eq!(lit, [(64 + 2, &json!(0xFF8000))]);
    server.stop().await;
}

#[tokio::test]
async fn power_and_sleep_turn_the_panel_off_and_back_on() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    until(&server, "the clock", |p| p.iter().any(|&c| c != [0; 3])).await;
    ok(&server, "/api/power", json!({"power": false})).await;
    until(&server, "a dark panel", |p| p.iter().all(|&c| c == [0; 3])).await;
    assert_eq!(server.get("/api/current").await.1["app"], Value::Null);
    ok(&server, "/api/power", json!({"power": true})).await;
    until(&server, "the clock again", |p| p.iter().any(|&c| c != [0; 3])).await;

    ok(&server, "/api/sleep", json!({"sleep": 1})).await;
    until(&server, "a dark panel", |p| p.iter().all(|&c| c == [0; 3])).await;
    until(&server, "the clock after its sleep", |p| p.iter().any(|&c| c != [0; 3])).await;
    assert_eq!(server.get("/api/current").await.1["app"], "clock");

    for (path, body, key) in [
        ("/api/power", json!({"power": "off"}), "'power'"),
        ("/api/power", json!({}), "'power'"),
        ("/api/sleep", json!({"sleep": -5}), "'sleep'"),
        ("/api/sleep", json!({"sleep": "long"}), "'sleep'"),
    ] {
        let (status, reply) = server.post(path, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}");
        assert!(reply["error"].as_str().unwrap().contains(key), "{reply}");
    }
    assert_eq!(
        server.get("/api/current").await.1["app"],
        "clock",
        "refusals changed nothing"
    );
    server.stop().await;
}

#[tokio::test]
async fn indicators_light_awtrix_s_corner_dots_scaled_to_the_panel() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    ok(&server, "/api/indicator1", json!({"color": "#FF0000"})).await;
    ok(&server, "/api/indicator3", json!({"color": [0, 0, 255]})).await;
    let seen = until(&server, "the indicators", |p| at(p, 63, 0) == RED).await;
    // AWTRIX's pixel (31, 0) is columns 62-63, rows 0-3 here; (30, 0) columns 60-61.
    for (x, y) in [(60, 0), (61, 3), (62, 0), (63, 7)] {
        assert_eq!(at(&seen, x, y), RED, "({x}, {y})");
    }
    assert_eq!(at(&seen, 60, 4), [0; 3], "(30, 1) is not part of the dot");
    for (x, y) in [(63, 24), (60, 28), (63, 31)] {
        assert_eq!(at(&seen, x, y), [0, 0, 255], "({x}, {y})");
    }
    ok(&server, "/api/indicator1", json!({})).await;
    until(&server, "the first indicator off", |p| at(p, 63, 0) != RED).await;

    for (body, key) in [(json!({"color": "blue"}), "'color'"), (json!({"blink": -1}), "'blink'")] {
        let (status, reply) = server.post("/api/indicator2", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(reply["error"].as_str().unwrap().contains(key), "{reply}");
    }
    let (_, stats) = server.get("/api/stats").await;
    assert_eq!(
        (&stats["indicator2"], &stats["indicator3"]),
        (&json!(false), &json!(true))
    );
    server.stop().await;
}

#[tokio::test]
async fn a_moodlight_fills_the_panel_until_cleared() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    ok(&server, "/api/moodlight", json!({"color": "#102030"})).await;
    until(&server, "the moodlight", |p| p.iter().all(|&c| c == [16, 32, 48])).await;
    ok(&server, "/api/moodlight", json!({"kelvin": 2000})).await;
    let warm = until(&server, "a warm light", |p| p[0] != [16, 32, 48]).await;
    assert!(warm.iter().all(|&c| c == warm[0]), "one colour everywhere");
    assert!(
        warm[0][0] == 255 && warm[0][2] < warm[0][1],
        "orange at 2000 K: {:?}",
        warm[0]
    );
    let (status, reply) = server.post("/api/moodlight", json!({"kelvin": 100})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(reply["error"].as_str().unwrap().contains("'kelvin'"), "{reply}");
    ok(&server, "/api/moodlight", json!({})).await;
    until(&server, "the clock again", |p| p.contains(&[0; 3])).await;
    server.stop().await;
}

#[tokio::test]
async fn switch_takes_awtrix_s_name_beside_the_original_app() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let (status, reply) = server.post("/api/switch", json!({"name": "stars"})).await;
    assert_eq!(
        (status, reply),
        (StatusCode::OK, json!({"success": true, "app": "stars"}))
    );
    let (status, reply) = server.post("/api/switch", json!({"app": "clock"})).await;
    assert_eq!(
        (status, reply),
        (StatusCode::OK, json!({"success": true, "app": "clock"}))
    );
    let (status, reply) = server.post("/api/switch", json!({})).await;
    assert_eq!(
        (status, reply),
        (StatusCode::BAD_REQUEST, json!({"error": "Missing app name"}))
    );
    let (status, _) = server.post("/api/switch", json!({"name": "nope"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn the_lists_name_what_we_have_as_awtrix_names_it() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    assert_eq!(
        server.get("/api/transitions").await,
        (StatusCode::OK, json!(["Slide", "Fade"]))
    );
    let (status, effects) = server.get("/api/effects").await;
    assert_eq!(status, StatusCode::OK);
    for name in effects.as_array().unwrap() {
        let body = json!({"effect": name, "hold": true});
        let (status, reply) = server.post("/api/notify", body).await;
        assert_eq!(status, StatusCode::OK, "{name} is listed but refused: {reply}");
    }
    assert!(effects.as_array().unwrap().contains(&json!("Plasma")));
    server.stop().await;
}

#[tokio::test]
async fn sound_and_an_unsupervised_reboot_say_they_cannot() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    for path in ["/api/sound", "/api/rtttl"] {
        let (status, reply) = server.post(path, json!({"sound": "beep"})).await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
        assert!(reply["error"].as_str().unwrap().contains("no speaker"), "{reply}");
    }
    let (status, reply) = server.post("/api/reboot", json!({})).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
    assert!(reply["error"].as_str().unwrap().contains("--supervised"), "{reply}");
    assert_eq!(server.get("/api/health").await.0, StatusCode::OK, "still running");
    server.stop().await;
}

#[tokio::test]
async fn a_supervised_reboot_shuts_down_cleanly_and_exits_with_an_error() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--supervised"]).await;
    let (status, _) = server.post("/api/switch", json!({"name": "stars"})).await;
    assert_eq!(status, StatusCode::OK);
    ok(&server, "/api/reboot", json!({})).await;
    let ended = server.ended(std::time::Duration::from_secs(10)).await;
    assert!(ended.is_err(), "a non-zero exit makes the supervisor start it again");
    let saved: Value = serde_json::from_slice(&std::fs::read(dir.state_file()).unwrap()).unwrap();
    assert_eq!(saved["last_app"], "stars", "the state was saved first");
}
