//! One client must not take the board down: oversized messages, unused handshakes.

mod common;

use std::time::Duration;

use common::{StateDir, TestServer};
use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

type WebSocket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A raw Engine.IO WebSocket that has joined the `/` namespace.
async fn joined_websocket(server: &TestServer) -> WebSocket {
    let url = format!(
        "{}/socket.io/?EIO=4&transport=websocket",
        server.base.replace("http", "ws")
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.expect("websocket opens");
    let open = next_text(&mut socket).await;
    assert!(open.starts_with('0'), "{open}");
    socket.send(Message::text("40")).await.unwrap();
    loop {
        if next_text(&mut socket).await.starts_with("40") {
            return socket;
        }
    }
}

async fn next_text(socket: &mut WebSocket) -> String {
    loop {
        let message = tokio::time::timeout(common::PATIENCE, socket.next())
            .await
            .expect("a message in time")
            .expect("socket open")
            .expect("readable");
        if let Message::Text(text) = message {
            return text.to_string();
        }
    }
}

#[tokio::test]
async fn a_websocket_message_over_max_payload_closes_that_connection_only() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--max-payload", "2000"]).await;
    let mut bystander = server.connect_websocket().await;
    bystander.expect_state().await;

    let mut socket = joined_websocket(&server).await;
    let oversized = format!("42[\"request_state\",\"{}\"]", "x".repeat(10_000));
    socket.send(Message::text(oversized)).await.unwrap();
    let closed = tokio::time::timeout(common::PATIENCE, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(frame))) => return frame.map(|frame| frame.code),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return None,
            }
        }
    })
    .await
    .expect("the server ends the connection");
    if let Some(code) = closed {
        assert_eq!(code, CloseCode::Size, "closed as too big");
    }

    // Everyone else carries on, and a message within the limit is fine.
    server.post("/api/settings", json!({"brightness": 33})).await;
    assert_eq!(bystander.expect("settings").await, json!({"brightness": 33}));
    let mut socket = joined_websocket(&server).await;
    socket.send(Message::text("42[\"request_state\"]")).await.unwrap();
    assert!(next_text(&mut socket).await.starts_with("42[\"apps_list\""));
    server.stop().await;
}

#[tokio::test]
async fn an_engine_io_session_that_never_joins_expires_after_the_connect_timeout() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--connect-timeout", "300ms"]).await;
    let http = reqwest::Client::new();
    let handshake = http
        .get(format!("{}/socket.io/?EIO=4&transport=polling", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let open: serde_json::Value = serde_json::from_str(handshake.trim_start_matches('0')).unwrap();
    let sid = open["sid"].as_str().unwrap().to_owned();

    tokio::time::sleep(Duration::from_millis(1200)).await;
    let poll = http
        .get(format!("{}/socket.io/?EIO=4&transport=polling&sid={sid}", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(poll.status(), StatusCode::BAD_REQUEST, "the unused session is gone");
    server.stop().await;
}

#[tokio::test]
async fn with_listed_origins_other_pages_can_neither_command_nor_connect() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--cors-origin", "http://good.example"]).await;
    let http = reqwest::Client::new();
    let stop = |origin: &'static str| {
        http.post(format!("{}/api/stop", server.base))
            .header("origin", origin)
            .header("content-type", "text/plain")
            .send()
    };

    let refused = stop("http://evil.example").await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body, json!({"error": "Origin http://evil.example is not allowed"}));
    assert_eq!(server.get("/api/current").await.1["app"], "clock", "nothing stopped");

    let url = format!(
        "{}/socket.io/?EIO=4&transport=websocket",
        server.base.replace("http", "ws")
    );
    let with_origin = |origin: &str| {
        let mut request =
            tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url.as_str()).unwrap();
        request.headers_mut().insert("origin", origin.parse().unwrap());
        request
    };
    let evil = tokio_tungstenite::connect_async(with_origin("http://evil.example")).await;
    assert!(evil.is_err(), "the foreign page's WebSocket is refused");
    let good = tokio_tungstenite::connect_async(with_origin("http://good.example")).await;
    assert!(good.is_ok(), "a listed origin connects");

    assert_eq!(stop("http://good.example").await.unwrap().status(), StatusCode::OK);
    assert_eq!(server.get("/api/current").await.1["app"], serde_json::Value::Null);
    server.stop().await;
}

/// Opens an Engine.IO session by polling; the reply's status and body.
async fn handshake(http: &reqwest::Client, server: &TestServer) -> (StatusCode, String) {
    let reply = http
        .get(format!("{}/socket.io/?EIO=4&transport=polling", server.base))
        .send()
        .await
        .unwrap();
    (reply.status(), reply.text().await.unwrap())
}

#[tokio::test]
async fn one_address_opening_sessions_in_a_loop_is_slowed_down() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--handshake-rate", "2"]).await;
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(handshake(&http, &server).await);
    }
    let admitted = statuses.iter().filter(|(status, _)| *status == StatusCode::OK).count();
    assert!((4..=5).contains(&admitted), "a burst of twice the rate, then refusals: {statuses:?}");
    let (status, body) = statuses.last().unwrap();
    assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(body).unwrap(),
        json!({"error": "Too many connection attempts from this address; try again shortly"})
    );
    // The REST API is not affected.
    assert_eq!(server.get("/api/health").await.0, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn one_address_holds_at_most_max_sessions_per_ip() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--max-sessions-per-ip", "2", "--handshake-rate", "0"]).await;
    let mut first = server.connect().await;
    first.expect_state().await;
    let mut second = server.connect_websocket().await;
    second.expect_state().await;
    let http = reqwest::Client::new();
    assert_eq!(handshake(&http, &server).await.0, StatusCode::TOO_MANY_REQUESTS);

    first.disconnect().await;
    let mut admitted = false;
    for _ in 0..50 {
        if handshake(&http, &server).await.0 == StatusCode::OK {
            admitted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(admitted, "a session that left frees its place");
    server.stop().await;
}

#[tokio::test]
async fn a_socket_flooding_request_state_gets_a_bounded_answer() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut client = server.connect_websocket().await;
    client.expect_state().await;
    for _ in 0..200 {
        client.emit("request_state").await;
    }
    let mut answered = 0;
    while let Ok((event, _)) = tokio::time::timeout(Duration::from_millis(500), client.next_event()).await {
        if event == "apps_list" {
            answered += 1;
        }
    }
    assert!((10..=13).contains(&answered), "the burst is answered, the flood is not: {answered}");
    // Still served once the flood is over.
    tokio::time::sleep(Duration::from_millis(600)).await;
    client.emit("request_state").await;
    client.expect_state().await;
    server.stop().await;
}
