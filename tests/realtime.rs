//! Socket.IO: the initial state, `request_state`, broadcasts, and silence on no-ops.

mod common;

use std::time::Duration;

use common::{StateDir, TestServer};
use serde_json::json;

#[tokio::test]
async fn a_new_client_gets_the_four_state_events() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    server.post("/api/settings", json!({"brightness": 42})).await;

    for mut client in [server.connect().await, server.connect_websocket().await] {
        let [apps, current, settings, carousel] = client.expect_state().await;
        assert_eq!(
            apps,
            json!({"apps": ["clock", "scroll_text", "stars", "image"], "current": "clock"})
        );
        assert_eq!(
            current,
            json!({"app": "clock", "config": {"font": "tom-thumb", "color": [255, 255, 255]}})
        );
        assert_eq!(settings, json!({"brightness": 42}));
        assert_eq!(
            carousel,
            json!({"enabled": false, "apps": [{"app": "clock", "duration": 10}], "current_index": 0})
        );
        client.disconnect().await;
    }
    server.stop().await;
}

#[tokio::test]
async fn request_state_resends_the_state_to_that_socket_only() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut asking = server.connect().await;
    let mut other = server.connect().await;
    asking.expect_state().await;
    other.expect_state().await;

    server.post("/api/switch", json!({"app": "stars"})).await;
    asking.expect("current_app").await;
    other.expect("current_app").await;

    asking.emit("request_state").await;
    let [apps, current, _, _] = asking.expect_state().await;
    assert_eq!(apps["current"], "stars");
    assert_eq!(current["app"], "stars");
    other.assert_quiet_for(Duration::from_millis(300)).await;
    server.stop().await;
}

#[tokio::test]
async fn changes_reach_every_client() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut clients = [server.connect().await, server.connect_websocket().await];
    for client in &mut clients {
        client.expect_state().await;
    }

    server
        .post("/api/switch", json!({"app": "scroll_text", "config": {"text": "hi"}}))
        .await;
    for client in &mut clients {
        let current = client.expect("current_app").await;
        assert_eq!(current["app"], "scroll_text");
        assert_eq!(current["config"]["text"], "hi");
    }

    server.post("/api/settings", json!({"brightness": 10})).await;
    for client in &mut clients {
        assert_eq!(client.expect("settings").await, json!({"brightness": 10}));
    }

    server.post("/api/config", json!({"speed": 3})).await;
    for client in &mut clients {
        assert_eq!(client.expect("current_app").await["config"]["speed"], 3);
    }

    server
        .post("/api/carousel", json!({"apps": [{"app": "stars", "duration": 60}]}))
        .await;
    for client in &mut clients {
        let carousel = client.expect("carousel_config").await;
        assert_eq!(
            carousel,
            json!({"enabled": false, "apps": [{"app": "stars", "duration": 60}], "current_index": 0})
        );
    }

    server.post("/api/stop", json!(null)).await;
    for client in &mut clients {
        assert_eq!(client.expect("current_app").await, json!({"app": null, "config": {}}));
    }
    server.stop().await;
}

#[tokio::test]
async fn commands_that_change_nothing_emit_nothing() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut client = server.connect().await;
    client.expect_state().await;

    // Each of these restates what the server already has.
    server.post("/api/switch", json!({"app": "clock"})).await;
    server.post("/api/settings", json!({"brightness": 100})).await;
    server.post("/api/config", json!({"font": "tom-thumb"})).await;
    server
        .post(
            "/api/carousel",
            json!({"enabled": false, "apps": [{"app": "clock", "duration": 10}]}),
        )
        .await;
    // Refused commands change nothing either.
    server.post("/api/settings", json!({"brightness": 1000})).await;
    server.post("/api/switch", json!({"app": "nope"})).await;
    // Saving a config for an app that is not running changes no view.
    server.post("/api/apps/stars/config", json!({"fps": 10})).await;
    client.assert_quiet_for(Duration::from_millis(500)).await;

    // ...and the next real change is the next event.
    server.post("/api/settings", json!({"brightness": 99})).await;
    assert_eq!(client.expect("settings").await, json!({"brightness": 99}));
    server.stop().await;
}

#[tokio::test]
async fn a_burst_of_changes_ends_on_the_latest_value() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut client = server.connect_websocket().await;
    client.expect_state().await;

    for brightness in 0..=60 {
        server.post("/api/settings", json!({"brightness": brightness})).await;
    }
    let mut last = None;
    let mut received = 0;
    while last != Some(60) {
        let settings = client.expect("settings").await;
        let value = settings["brightness"].as_i64().unwrap();
        assert!(
            last.is_none_or(|last| value > last),
            "events arrive in order, never stale: {last:?} then {value}"
        );
        last = Some(value);
        received += 1;
    }
    assert!(received <= 61);
    client.assert_quiet_for(Duration::from_millis(300)).await;
    server.stop().await;
}

#[tokio::test]
async fn garbage_on_the_socket_does_not_hurt_the_server() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let http = reqwest::Client::new();
    let handshake = http
        .get(format!("{}/socket.io/?EIO=4&transport=polling", server.base))
        .send()
        .await
        .unwrap();
    let open = handshake.text().await.unwrap();
    let sid: serde_json::Value = serde_json::from_str(open.trim_start_matches('0')).unwrap();
    let sid = sid["sid"].as_str().unwrap();
    for garbage in ["42[", "4x", "\u{0}\u{1}", "40{\"broken\"", "42[\"request_state\",{{{"] {
        let _ = http
            .post(format!("{}/socket.io/?EIO=4&transport=polling&sid={sid}", server.base))
            .body(garbage)
            .send()
            .await;
    }
    let bogus = http
        .get(format!("{}/socket.io/?EIO=9&transport=carrier-pigeon", server.base))
        .send()
        .await
        .unwrap();
    assert!(bogus.status().is_client_error());

    let mut client = server.connect().await;
    client.expect_state().await;
    assert_eq!(server.get("/api/health").await.1["status"], "ok");
    server.stop().await;
}

/// A client sends its first events as soon as the server's connect packet
/// arrives: the handlers must be listening by then, or that first
/// `preview:subscribe` is dropped and the preview never gets a frame. Many
/// clients at once keep the server's threads busy, as a loaded machine does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_sent_right_after_connecting_are_not_lost() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let url = format!(
        "{}/socket.io/?EIO=4&transport=websocket",
        server.base.replace("http", "ws")
    );
    let clients = (0..128).map(|_| tokio::spawn(subscribe_on_connect(url.clone())));
    let mut missed = 0;
    for client in clients {
        if !client.await.unwrap() {
            missed += 1;
        }
    }
    assert_eq!(missed, 0, "clients whose first subscription got no frame");
    server.stop().await;
}

/// Connects, subscribes to the preview the moment the connect packet arrives,
/// and says whether a frame followed.
async fn subscribe_on_connect(url: String) -> bool {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    let (mut socket, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    socket.send(Message::text("40")).await.unwrap();
    let got_frame = tokio::time::timeout(common::PATIENCE, async {
        while let Some(Ok(message)) = socket.next().await {
            let Message::Text(text) = message else { continue };
            if text.starts_with("40") {
                socket.send(Message::text(r#"42["preview:subscribe"]"#)).await.unwrap();
            } else if text.starts_with(r#"451-["frame""#) {
                return true;
            }
        }
        false
    })
    .await;
    let _ = socket.close(None).await;
    got_frame == Ok(true)
}
