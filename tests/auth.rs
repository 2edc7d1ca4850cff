//! `--auth-token`: commands and Socket.IO connections need the token; reads only with `--auth-reads`.

mod common;

use common::{PATIENCE, StateDir, TestServer};
use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

async fn post_stop(server: &TestServer, token: Option<&str>) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().post(format!("{}/api/stop", server.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let reply = request.send().await.unwrap();
    (reply.status(), reply.json().await.unwrap())
}

/// What the server answers a Socket.IO connect packet carrying `auth`: `40...` or `44...`.
async fn connect_reply(server: &TestServer, auth: &str) -> String {
    let url = format!(
        "{}/socket.io/?EIO=4&transport=websocket",
        server.base.replace("http", "ws")
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    socket.send(Message::text(format!("40{auth}"))).await.unwrap();
    loop {
        let message = tokio::time::timeout(PATIENCE, socket.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Message::Text(text) = message
            && text.starts_with('4')
        {
            return text.to_string();
        }
    }
}

#[tokio::test]
async fn commands_and_connections_need_the_token_reads_do_not() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--auth-token", "s3cret"]).await;
    let unauthorized = (StatusCode::UNAUTHORIZED, json!({"error": "unauthorized"}));
    assert_eq!(post_stop(&server, None).await, unauthorized);
    assert_eq!(post_stop(&server, Some("guess")).await, unauthorized);
    assert_eq!(
        server.get("/api/current").await.1["app"],
        "clock",
        "refused commands change nothing"
    );

    assert_eq!(connect_reply(&server, "").await, r#"44{"message":"unauthorized"}"#);
    assert_eq!(
        connect_reply(&server, r#"{"token":"guess"}"#).await,
        r#"44{"message":"unauthorized"}"#
    );
    assert!(
        connect_reply(&server, r#"{"token":"s3cret"}"#)
            .await
            .starts_with(r#"40{"sid":"#)
    );

    assert_eq!(
        post_stop(&server, Some("s3cret")).await,
        (StatusCode::OK, json!({"success": true}))
    );
    assert_eq!(server.get("/api/current").await.1["app"], Value::Null);
    server.stop().await;
}

#[tokio::test]
async fn with_auth_reads_only_health_stays_open() {
    let dir = StateDir::new();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "from-a-file\n").unwrap();
    let args = ["--auth-token-file", token_file.to_str().unwrap(), "--auth-reads"];
    let server = TestServer::spawn_with(&dir, &args).await;
    assert_eq!(server.get("/api/current").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(server.get("/api/health").await.0, StatusCode::OK);
    let reply = reqwest::Client::new()
        .get(format!("{}/api/current", server.base))
        .bearer_auth("from-a-file")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn without_a_token_nothing_changes_for_the_original_front_end() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    assert!(connect_reply(&server, "").await.starts_with(r#"40{"sid":"#));
    assert_eq!(post_stop(&server, None).await.0, StatusCode::OK);
    server.stop().await;
}
