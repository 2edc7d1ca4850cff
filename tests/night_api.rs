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
