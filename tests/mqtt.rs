//! MQTT against a real mosquitto started by each test on a free loopback port:
//! command topics, retained state, refusals, Home Assistant discovery, the
//! broker going away and coming back (and `/api/mqtt` saying so), the last
//! will, passwords and TLS.

mod common;

use std::time::Duration;

use common::mqtt::{Board, Listener, Mosquitto, SLOW, free_port, make_certificates};
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

#[tokio::test]
async fn each_command_topic_changes_what_rest_and_socketio_show() {
    let broker = Mosquitto::start();
    let dir = StateDir::new();
    let server = serve(&broker, &dir).await;
    let mut mqtt = Listener::new(&broker, "retroboard/#").await;
    mqtt.expect_text("retroboard/status", "online").await;
    let mut socket = server.connect().await;
    socket.expect_state().await;

    mqtt.publish("retroboard/switch", r#"{"app": "stars", "config": {"fps": 20}}"#)
        .await;
    let event = socket.expect("current_app").await;
    assert_eq!(
        (event["app"].clone(), event["config"]["fps"].clone()),
        (json!("stars"), json!(20))
    );
    eventually(&server, "/api/current", |body| body["app"] == "stars").await;

    mqtt.publish("retroboard/settings", r#"{"brightness": 42}"#).await;
    eventually(&server, "/api/settings", |body| body["brightness"] == 42).await;

    mqtt.publish("retroboard/stop", "").await;
    eventually(&server, "/api/current", |body| body["app"].is_null()).await;
    mqtt.publish("retroboard/power", "ON").await;
    eventually(&server, "/api/current", |body| body["app"] == "stars").await;
    mqtt.publish("retroboard/power", "OFF").await;
    eventually(&server, "/api/current", |body| body["app"].is_null()).await;

    let carousel = r#"{"enabled": true, "apps": [{"app": "clock", "duration": 60}, {"app": "stars", "duration": 60}]}"#;
    mqtt.publish("retroboard/carousel", carousel).await;
    eventually(&server, "/api/carousel", |body| body["enabled"] == true).await;
    mqtt.publish("retroboard/next", "PRESS").await;
    eventually(&server, "/api/carousel", |body| body["current_index"] == 1).await;
    eventually(&server, "/api/current", |body| body["app"] == "stars").await;
    mqtt.publish("retroboard/previous", "PRESS").await;
    eventually(&server, "/api/carousel", |body| body["current_index"] == 0).await;
    eventually(&server, "/api/current", |body| body["app"] == "clock").await;

    mqtt.publish("retroboard/notify", r#"{"text": "Doorbell", "hold": true}"#)
        .await;
    eventually(&server, "/api/notify", |body| body["active"]["text"] == "Doorbell").await;
    mqtt.publish("retroboard/notify/dismiss", "PRESS").await;
    eventually(&server, "/api/notify", |body| body["active"].is_null()).await;

    mqtt.publish("retroboard/custom/weather", r#"{"text": "12 C"}"#).await;
    eventually(&server, "/api/apps", |body| {
        body["apps"].as_array().unwrap().contains(&json!("weather"))
    })
    .await;
    mqtt.publish("retroboard/custom/weather", "").await;
    eventually(&server, "/api/apps", |body| {
        !body["apps"].as_array().unwrap().contains(&json!("weather"))
    })
    .await;

    // A clean shutdown says goodbye.
    server.stop().await;
    let retained = mqtt.expect_text("retroboard/status", "offline").await;
    assert!(!retained, "a live message, not the retained one");
}

#[tokio::test]
async fn rest_changes_are_published_retained_on_the_state_topics() {
    let broker = Mosquitto::start();
    let dir = StateDir::new();
    let server = serve(&broker, &dir).await;
    let mut live = Listener::new(&broker, "retroboard/state/#").await;
    live.expect_json("retroboard/state/current_app", |view| view["app"] == "clock")
        .await;

    assert_eq!(
        server.post("/api/switch", json!({"app": "stars"})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        server.post("/api/settings", json!({"brightness": 7})).await.0,
        StatusCode::OK
    );
    live.expect_json("retroboard/state/current_app", |view| view["app"] == "stars")
        .await;
    live.expect_json("retroboard/state/settings", |view| view["brightness"] == 7)
        .await;
    assert_eq!(
        server.post("/api/notify", json!({"text": "Hi", "hold": true})).await.0,
        StatusCode::OK
    );
    live.expect_json("retroboard/state/notification", |view| view["active"]["text"] == "Hi")
        .await;

    // A client that comes later is handed the current values by the broker.
    let mut late = Listener::new(&broker, "retroboard/state/#").await;
    let (current, retained) = late.expect_json("retroboard/state/current_app", |_| true).await;
    assert_eq!((current["app"].clone(), retained), (json!("stars"), true));
    let (settings, retained) = late.expect_json("retroboard/state/settings", |_| true).await;
    assert_eq!((settings, retained), (json!({"brightness": 7}), true));
    let (carousel, _) = late.expect_json("retroboard/state/carousel", |_| true).await;
    assert_eq!(carousel["enabled"], false);
    server.stop().await;
}

#[tokio::test]
async fn a_refused_payload_is_answered_with_the_rest_error_and_changes_nothing() {
    let broker = Mosquitto::start();
    let dir = StateDir::new();
    let server = serve(&broker, &dir).await;
    let mut mqtt = Listener::new(&broker, "retroboard/#").await;
    mqtt.expect_text("retroboard/status", "online").await;
    let before = (server.get("/api/current").await.1, server.get("/api/settings").await.1);

    let cases = [
        ("switch", "/api/switch", r#"{"app": 7}"#),
        ("switch", "/api/switch", r#"{"app": "no_such_app"}"#),
        ("settings", "/api/settings", r#"{"brightness": "#),
        ("settings", "/api/settings", r#"{"brightness": 500}"#),
        ("carousel", "/api/carousel", r#"{"enabled": true, "apps": []}"#),
        ("notify", "/api/notify", r#"["not", "an", "object"]"#),
        ("notify", "/api/notify", r#"{"text": "x", "icon": "no-such-icon"}"#),
        (
            "switch",
            "/api/switch",
            r#"{"app": "image", "config": {"image": "no-such-picture"}}"#,
        ),
    ];
    for (command, path, payload) in cases {
        let (_, rest) = server.post_raw(path, Some("application/json"), payload).await;
        let topic = format!("retroboard/{command}");
        mqtt.publish(&topic, payload).await;
        let (answer, _) = mqtt.expect_json("retroboard/error", |_| true).await;
        assert_eq!(answer, json!({"error": rest["error"], "topic": topic}), "{payload}");
    }
    let huge = json!({"text": "a".repeat(150_000)}).to_string();
    let (_, rest) = server
        .post_raw("/api/notify", Some("application/json"), huge.clone())
        .await;
    mqtt.publish("retroboard/notify", huge).await;
    let (answer, _) = mqtt.expect_json("retroboard/error", |_| true).await;
    assert_eq!(answer["error"], rest["error"]);
    assert_eq!(answer["error"], "Request body is too large");
    mqtt.publish("retroboard/power", "MAYBE").await;
    let (answer, _) = mqtt.expect_json("retroboard/error", |_| true).await;
    assert_eq!(answer["error"], "Power must be ON or OFF, or {\"power\": true|false}");
    mqtt.publish("retroboard/custom/bad name", r#"{"text": "x"}"#).await;
    let (answer, _) = mqtt.expect_json("retroboard/error", |_| true).await;
    assert!(
        answer["error"].as_str().unwrap().contains("'bad name' is not"),
        "{answer}"
    );

    let after = (server.get("/api/current").await.1, server.get("/api/settings").await.1);
    assert_eq!(after, before);
    // The session is still there: the next good command is obeyed.
    mqtt.publish("retroboard/switch", r#"{"app": "stars"}"#).await;
    eventually(&server, "/api/current", |body| body["app"] == "stars").await;
    server.stop().await;
}

/// What Home Assistant's MQTT integration needs of each component's config.
fn required(component: &str) -> &'static [&'static str] {
    match component {
        "light" => &[
            "command_topic",
            "state_topic",
            "brightness_command_topic",
            "brightness_state_topic",
            "brightness_scale",
        ],
        "select" => &["command_topic", "state_topic", "options"],
        "switch" => &["command_topic", "state_topic"],
        "button" | "notify" => &["command_topic"],
        "sensor" => &["state_topic"],
        other => panic!("unexpected component {other}"),
    }
}

#[tokio::test]
async fn home_assistant_discovery_announces_every_entity_with_availability() {
    let broker = Mosquitto::start();
    let dir = StateDir::new();
    let server = serve(&broker, &dir).await;
    let mut discovery = Listener::new(&broker, "homeassistant/#").await;
    let mut configs = std::collections::BTreeMap::new();
    while configs.len() < 8 {
        let ((topic, config), _) = discovery.expect_json_any().await;
        configs.insert(topic, config);
    }
    let components: Vec<&str> = configs.keys().map(|topic| topic.split('/').nth(1).unwrap()).collect();
    for component in ["light", "select", "switch", "button", "notify", "sensor"] {
        assert!(components.contains(&component), "{component} announced");
    }
    let mut ids = std::collections::BTreeSet::new();
    for (topic, config) in &configs {
        let component = topic.split('/').nth(1).unwrap();
        assert!(
            topic.starts_with(&format!("homeassistant/{component}/retroboard/")),
            "{topic}"
        );
        assert!(topic.ends_with("/config"));
        for key in required(component) {
            assert!(config.get(key).is_some(), "{topic} has {key}");
        }
        assert!(
            ids.insert(config["unique_id"].as_str().unwrap().to_owned()),
            "unique ids"
        );
        assert_eq!(config["availability"][0]["topic"], "retroboard/status");
        assert_eq!(config["device"]["identifiers"], json!(["retroboard"]));
        assert_eq!(config["device"]["name"], "RetroBoard");
    }
    let select = &configs["homeassistant/select/retroboard/app/config"];
    assert!(select["options"].as_array().unwrap().contains(&json!("clock")));

    // A new custom app joins the options of the app select.
    let (status, _) = server.post("/api/custom?name=weather", json!({"text": "12 C"})).await;
    assert_eq!(status, StatusCode::OK);
    discovery
        .expect_json("homeassistant/select/retroboard/app/config", |config| {
            config["options"].as_array().unwrap().contains(&json!("weather"))
        })
        .await;

    // The select's template turns Home Assistant's option into the REST body.
    assert_eq!(select["command_template"], r#"{"app": {{ value | to_json }}}"#);
    server.stop().await;
}

#[tokio::test]
async fn the_server_serves_on_without_the_broker_and_resumes_mqtt_by_itself() {
    let mut broker = Mosquitto::start();
    let dir = StateDir::new();
    let server = serve(&broker, &dir).await;
    let mut mqtt = Listener::new(&broker, "retroboard/#").await;
    mqtt.expect_text("retroboard/status", "online").await;

    broker.kill();
    assert_eq!(server.get("/api/health").await.0, StatusCode::OK);
    assert_eq!(
        server.post("/api/switch", json!({"app": "stars"})).await.0,
        StatusCode::OK
    );
    assert_eq!(server.get("/api/current").await.1["app"], "stars");

    // The broker comes back empty: the server says online and publishes its state and entities again.
    broker.launch();
    mqtt.expect_text("retroboard/status", "online").await;
    mqtt.expect_json("retroboard/state/current_app", |view| view["app"] == "stars")
        .await;
    let mut discovery = Listener::new(&broker, "homeassistant/#").await;
    let (select, _) = discovery
        .expect_json("homeassistant/select/retroboard/app/config", |_| true)
        .await;
    assert!(select["options"].as_array().unwrap().contains(&json!("stars")));
    mqtt.publish("retroboard/switch", r#"{"app": "clock"}"#).await;
    eventually(&server, "/api/current", |body| body["app"] == "clock").await;
    server.stop().await;
}

#[tokio::test]
async fn the_api_says_whether_the_board_is_on_its_broker_and_what_went_wrong() {
    let mut broker = Mosquitto::start();
    let dir = StateDir::new();
    let server = serve(&broker, &dir).await;
    let connected = eventually(&server, "/api/mqtt", |status| status["connection"] == "connected").await;
    assert_eq!(connected["broker"], broker.url());
    assert_eq!(connected["last_error"], Value::Null);

    broker.kill();
    let lost = eventually(&server, "/api/mqtt", |status| status["connection"] == "disconnected").await;
    assert!(
        lost["last_error"].as_str().is_some_and(|error| !error.is_empty()),
        "{lost}"
    );
    assert!(
        lost["since"].as_f64() >= connected["since"].as_f64(),
        "{lost} after {connected}"
    );

    broker.launch();
    let back = eventually(&server, "/api/mqtt", |status| status["connection"] == "connected").await;
    assert_eq!(
        back["last_error"], lost["last_error"],
        "the last error stays to be seen"
    );
    server.stop().await;

    let without = TestServer::spawn_with(&dir, &["--ignore-state"]).await;
    let (status, body) = without.get("/api/mqtt").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "MQTT is off (no --mqtt-url)");
    without.stop().await;
}

#[tokio::test]
async fn a_killed_server_is_marked_offline_by_its_last_will() {
    let broker = Mosquitto::start();
    let dir = StateDir::new();
    let mut mqtt = Listener::new(&broker, "retroboard/status").await;
    let mut board = Board::spawn(&dir, &["--mqtt-url", &broker.url()], &[]);
    mqtt.expect_text("retroboard/status", "online").await;
    board.kill();
    mqtt.expect_text("retroboard/status", "offline").await;
}

#[tokio::test]
async fn a_broker_with_passwords_lets_in_the_credentials_of_the_url() {
    let broker = Mosquitto::start_with(Some(("board", "s3cret:pass")));
    let dir = StateDir::new();
    let url = format!("mqtt://board:s3cret%3Apass@127.0.0.1:{}", broker.port);
    let server = TestServer::spawn_with(&dir, &["--mqtt-url", &url]).await;
    let mut mqtt = Listener::with_credentials(&broker, "retroboard/#", Some(("board", "s3cret:pass"))).await;
    mqtt.expect_text("retroboard/status", "online").await;
    mqtt.publish("retroboard/switch", r#"{"app": "stars"}"#).await;
    eventually(&server, "/api/current", |body| body["app"] == "stars").await;
    server.stop().await;

    // A wrong password keeps the board out, but it serves on and stops cleanly.
    let wrong = format!("mqtt://board:guess@127.0.0.1:{}", broker.port);
    let refused = TestServer::spawn_with(&dir, &["--mqtt-url", &wrong]).await;
    assert_eq!(
        refused.post("/api/switch", json!({"app": "clock"})).await.0,
        StatusCode::OK
    );
    assert_eq!(refused.get("/api/current").await.1["app"], "clock");
    refused.stop().await;
}

#[tokio::test]
async fn mqtts_connects_over_tls_checking_the_broker_certificate() {
    let tls_port = free_port();
    // A plain listener for the test's own client, and a TLS one for the board.
    let broker = Mosquitto::start_configured(|dir, port| {
        make_certificates(dir);
        format!(
            "listener {port} 127.0.0.1\nallow_anonymous true\nlistener {tls_port} 127.0.0.1\n\
             cafile {0}/ca.pem\ncertfile {0}/server.pem\nkeyfile {0}/server.key\n",
            dir.display()
        )
    });
    let mut mqtt = Listener::new(&broker, "retroboard/#").await;
    let dir = StateDir::new();
    // The board trusts the system's CAs; SSL_CERT_FILE makes the test CA the only one.
    let url = format!("mqtts://127.0.0.1:{tls_port}");
    let ca = broker.dir.path().join("ca.pem");
    let _board = Board::spawn(&dir, &["--mqtt-url", &url], &[("SSL_CERT_FILE", &ca)]);
    mqtt.expect_text("retroboard/status", "online").await;
    mqtt.publish("retroboard/switch", r#"{"app": "stars"}"#).await;
    mqtt.expect_json("retroboard/state/current_app", |view| view["app"] == "stars")
        .await;
}

#[tokio::test]
async fn the_server_stops_cleanly_while_the_broker_is_away() {
    let mut broker = Mosquitto::start();
    let dir = StateDir::new();
    let server = serve(&broker, &dir).await;
    let mut mqtt = Listener::new(&broker, "retroboard/status").await;
    mqtt.expect_text("retroboard/status", "online").await;
    broker.kill();
    // More changes than the client queues while it cannot reach the broker.
    for brightness in 0..150 {
        let (status, _) = server
            .post("/api/settings", json!({"brightness": brightness % 100}))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    server.stop().await;
}
