//! Night mode over REST and Socket.IO, and `--timezone`, against the real server.

mod common;

use std::time::Duration;

use clap::Parser;
use common::{StateDir, TestServer};
use reqwest::StatusCode;
use retroboard::config::Config;
use serde_json::{Value, json};

const DEFAULTS: &str = r#"{"enabled":false,"start":"22:00","end":"07:00","brightness":10,"app":null}"#;

/// The night settings of a reply, without `active`, `timezone` and `success`.
fn settings(mut reply: Value) -> Value {
    for key in ["active", "timezone", "success"] {
        reply.as_object_mut().unwrap().remove(key);
    }
    reply
}

#[tokio::test]
async fn night_mode_reads_back_what_was_set_and_refuses_bad_values_whole() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--timezone", "America/New_York"]).await;
    let (status, reply) = server.get("/api/night").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["timezone"], "America/New_York");
    assert_eq!(reply["active"], false);
    assert_eq!(settings(reply), serde_json::from_str::<Value>(DEFAULTS).unwrap());

    // A partial update keeps the rest.
    let (status, reply) = server
        .post("/api/night", json!({"brightness": 3, "app": "stars"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["success"], true);
    let expected = json!({"enabled": false, "start": "22:00", "end": "07:00", "brightness": 3, "app": "stars"});
    assert_eq!(settings(reply), expected);

    for (body, field) in [
        (json!({"enabled": true, "start": "25:00"}), "'start'"),
        (json!({"enabled": true, "end": "7h"}), "'end'"),
        (json!({"enabled": true, "start": 2200}), "'start'"),
        (json!({"enabled": true, "brightness": 101}), "'brightness'"),
        (json!({"enabled": true, "brightness": 2.5}), "'brightness'"),
        (json!({"enabled": true, "app": "aquarium"}), "'app'"),
        (json!({"enabled": "yes"}), "'enabled'"),
        (json!({"enabled": true, "dim": 3}), "'dim'"),
        (
            json!({"enabled": true, "brightness": null}),
            "'brightness' must not be null",
        ),
        (json!({}), "Missing night mode data"),
    ] {
        let (status, reply) = server.post("/api/night", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let error = reply["error"].as_str().unwrap();
        assert!(error.contains(field), "{body}: {error}");
    }
    let (_, reply) = server.get("/api/night").await;
    assert_eq!(settings(reply), expected, "nothing of a refused update was taken");

    let (status, reply) = server.post("/api/night", json!({"app": null})).await;
    assert_eq!((status, &reply["app"]), (StatusCode::OK, &Value::Null));
    server.stop().await;

    let saved: Value = serde_json::from_slice(&std::fs::read(dir.state_file()).unwrap()).unwrap();
    assert_eq!(saved["night"]["brightness"], 3);
    let server = TestServer::spawn(&dir).await;
    let (_, reply) = server.get("/api/night").await;
    assert_eq!(reply["brightness"], 3, "kept across a restart");
    server.stop().await;
}

#[tokio::test]
async fn the_original_four_events_stay_as_they_were_and_night_comes_to_those_who_ask() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut original = server.connect().await;
    let [apps, _, settings_view, _] = original.expect_state().await;
    assert_eq!(apps["current"], "clock");
    assert_eq!(settings_view, json!({"brightness": 100}));
    original.assert_quiet_for(Duration::from_millis(300)).await;

    let mut asking = server.connect_with_auth(json!({"views": ["night"]})).await;
    asking.expect_state().await;
    let night = asking.expect("night").await;
    assert_eq!(night, serde_json::from_str::<Value>(DEFAULTS).unwrap());

    // Both hear of a change.
    server.post("/api/night", json!({"start": "21:30"})).await;
    assert_eq!(original.expect("night").await["start"], "21:30");
    assert_eq!(asking.expect("night").await["start"], "21:30");
    // `request_state` sends the original four again, and `night` only to the client that asked.
    original.emit("request_state").await;
    original.expect_state().await;
    original.assert_quiet_for(Duration::from_millis(300)).await;
    asking.emit("request_state").await;
    asking.expect_state().await;
    assert_eq!(asking.expect("night").await["start"], "21:30");
    server.stop().await;
}

#[test]
fn an_unknown_time_zone_is_refused_at_start_and_help_names_the_flag() {
    let error = Config::try_parse_from(["retroboard", "--timezone", "Europe/Atlantis"]).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("unknown time zone 'Europe/Atlantis'"), "{message}");
    let help = Config::try_parse_from(["retroboard", "--help"])
        .unwrap_err()
        .to_string();
    assert!(
        help.contains("--timezone <ZONE>") && help.contains("RETROBOARD_TIMEZONE"),
        "{help}"
    );
}

/// The brightest channel on the panel now.
async fn brightest(server: &TestServer) -> u8 {
    let (_, _, pixels) = server.frame_png("").await;
    pixels.into_iter().max().unwrap_or(0)
}

/// Polls until the panel's brightest channel satisfies `wanted`, or fails after the usual patience.
async fn wait_for_panel(server: &TestServer, wanted: impl Fn(u8) -> bool) -> u8 {
    let deadline = tokio::time::Instant::now() + common::PATIENCE;
    loop {
        let now = brightest(server).await;
        if wanted(now) || tokio::time::Instant::now() > deadline {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_night_that_holds_the_present_dims_the_panel_at_once_and_the_day_comes_back() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--timezone", "UTC"]).await;
    assert_eq!(
        wait_for_panel(&server, |b| b == 255).await,
        255,
        "the white clock at full brightness"
    );

    let at = |minutes| {
        (chrono::Utc::now() + chrono::TimeDelta::minutes(minutes))
            .format("%H:%M")
            .to_string()
    };
    let night = json!({"enabled": true, "start": at(-60), "end": at(60), "brightness": 10});
    let (status, reply) = server.post("/api/night", night).await;
    assert_eq!((status, &reply["active"]), (StatusCode::OK, &json!(true)), "{reply}");
    assert_eq!(wait_for_panel(&server, |b| b <= 26).await, 25, "255 at 10 %");

    server.post("/api/settings", json!({"brightness": 40})).await;
    assert_eq!(
        wait_for_panel(&server, |b| b > 26).await,
        102,
        "the slider moves the night brightness"
    );
    assert_eq!(server.get("/api/settings").await.1, json!({"brightness": 100}));

    server.post("/api/night", json!({"enabled": false})).await;
    assert_eq!(wait_for_panel(&server, |b| b == 255).await, 255);
    server.stop().await;
}
