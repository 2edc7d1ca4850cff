//! The transition setting over REST and Socket.IO, and its place in the state file.

mod common;

use common::{StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_transition_is_set_checked_saved_and_announced() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    assert_eq!(
        server.get("/api/transition").await.1,
        json!({"kind": "none", "duration": 500})
    );
    let mut client = server.connect_with_auth(json!({"views": ["transition"]})).await;
    client.expect_state().await;
    assert_eq!(
        client.expect("transition").await,
        json!({"kind": "none", "duration": 500})
    );

    let (status, reply) = server.post("/api/transition", json!({"kind": "slide-left"})).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply, json!({"success": true, "kind": "slide-left", "duration": 500}));
    assert_eq!(client.expect("transition").await["kind"], "slide-left");

    for (body, says) in [
        (json!({"kind": "wipe", "duration": 300}), "'kind'"),
        (json!({"kind": "fade", "duration": 99}), "'duration'"),
        (json!({"kind": "fade", "duration": 2001}), "'duration'"),
        (json!({"kind": "fade", "duration": 0.5}), "'duration'"),
        (json!({"kind": "fade", "speed": 1}), "'speed'"),
        (json!({"kind": "fade", "duration": null}), "'duration' must not be null"),
        (json!({}), "Missing transition data"),
    ] {
        let (status, reply) = server.post("/api/transition", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(reply["error"].as_str().unwrap().contains(says), "{body}: {reply}");
    }
    let (_, reply) = server
        .post("/api/transition", json!({"duration": 2000, "kind": "fade"}))
        .await;
    assert_eq!(reply["duration"], 2000);
    server.stop().await;

    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.state_file()).unwrap()).unwrap();
    assert_eq!(saved["transition"], json!({"kind": "fade", "duration": 2000}));
    let server = TestServer::spawn(&dir).await;
    assert_eq!(
        server.get("/api/transition").await.1,
        json!({"kind": "fade", "duration": 2000})
    );
    server.stop().await;
}
