//! `GET /metrics`: the figures move with what the server does.

mod common;

use std::time::Duration;

use common::{StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::json;

async fn scrape(server: &TestServer) -> String {
    let reply = reqwest::get(format!("{}/metrics", server.base)).await.unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
    let content_type = reply.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    reply.text().await.unwrap()
}

/// The value of the series whose line starts with `series`.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')))
        .map(|value| value.parse().unwrap())
}

#[tokio::test]
async fn requests_commands_sockets_events_frames_and_saves_are_counted() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut client = server.connect_websocket().await;
    client.expect_state().await;

    server.post("/api/switch", json!({"app": "stars"})).await;
    server.post("/api/switch", json!({"app": "nope"})).await;
    server.post("/api/settings", json!({"brightness": 50})).await;
    client.expect("current_app").await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let text = scrape(&server).await;
    let count = |series: &str| value(&text, series).unwrap_or_else(|| panic!("no {series} in:\n{text}"));
    assert_eq!(count(r#"retroboard_sockets_connected{transport="websocket"}"#), 1.0);
    assert_eq!(
        count(r#"retroboard_commands_total{command="/api/switch",result="ok"}"#),
        1.0
    );
    assert_eq!(
        count(r#"retroboard_commands_total{command="/api/switch",result="refused"}"#),
        1.0
    );
    assert_eq!(
        count(r#"retroboard_http_request_duration_seconds_count{method="POST",route="/api/settings",status="200"}"#),
        1.0
    );
    assert!(
        count(r#"retroboard_events_sent_total{event="current_app"}"#) >= 2.0,
        "initial and the switch"
    );
    assert!(count("retroboard_frames_total") >= 2.0, "stars draws frames");
    assert!(count("retroboard_state_saves_total") >= 1.0);
    assert_eq!(count("retroboard_state_save_failures_total"), 0.0);
    assert_eq!(count(r#"retroboard_refused_total{reason="handshake_rate"}"#), 0.0);
    server.stop().await;
}

#[tokio::test]
async fn refusals_are_counted_by_reason() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--auth-token", "s3cret"]).await;
    assert_eq!(server.post("/api/stop", json!({})).await.0, StatusCode::UNAUTHORIZED);
    let text = scrape(&server).await;
    assert_eq!(
        value(&text, r#"retroboard_refused_total{reason="unauthorized"}"#),
        Some(1.0),
        "{text}"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_client_cannot_make_up_the_method_label() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let http = reqwest::Client::new();
    for method in ["FROBNICATE", "XYZZY", "PLUGH"] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let reply = http
            .request(method, format!("{}/api/health", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
    let text = scrape(&server).await;
    for made_up in ["FROBNICATE", "XYZZY", "PLUGH"] {
        assert!(!text.contains(made_up), "{made_up} became a label:\n{text}");
    }
    assert_eq!(
        value(
            &text,
            r#"retroboard_http_request_duration_seconds_count{method="other",route="/api/health",status="405"}"#
        ),
        Some(3.0),
        "{text}"
    );
    server.stop().await;
}

#[tokio::test]
async fn with_auth_reads_the_metrics_need_the_token_too() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--auth-token", "s3cret", "--auth-reads"]).await;
    let url = format!("{}/metrics", server.base);
    let refused = reqwest::get(&url).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        refused.json::<serde_json::Value>().await.unwrap(),
        json!({"error": "unauthorized"})
    );
    let allowed = reqwest::Client::new()
        .get(&url)
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), StatusCode::OK);
    server.stop().await;

    // Without --auth-reads, reads stay open, the metrics included.
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--auth-token", "s3cret"]).await;
    scrape(&server).await;
    server.stop().await;
}
