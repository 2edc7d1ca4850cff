//! Requests hyper refuses before the router sees them still get a JSON error, and leave the
//! server serving.

mod common;

use common::{StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends `request` on a connection of its own and reads the reply until the server closes it.
async fn raw_reply(server: &TestServer, request: &[u8]) -> String {
    let address = server.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut reply = Vec::new();
    tokio::time::timeout(common::PATIENCE, stream.read_to_end(&mut reply))
        .await
        .expect("the server closes the connection after its error")
        .unwrap();
    String::from_utf8(reply).unwrap()
}

fn status_and_json(reply: &str) -> (&str, Value) {
    let (head, body) = reply.split_once("\r\n\r\n").expect("a head and a body");
    assert!(
        head.to_ascii_lowercase().contains("\r\ncontent-type: application/json"),
        "{head}"
    );
    (&head[9..12], serde_json::from_str(body).expect("a JSON body"))
}

#[tokio::test]
async fn unparsable_requests_are_answered_with_json_errors() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;

    let long_uri = format!("GET /api/{} HTTP/1.1\r\nHost: board\r\n\r\n", "a".repeat(70_000));
    let reply = raw_reply(&server, long_uri.as_bytes()).await;
    let (status, json) = status_and_json(&reply);
    assert_eq!(status, "414");
    assert!(json["error"].as_str().unwrap().contains("URI too long"), "{json}");

    let reply = raw_reply(&server, b"GET /api/a b c HTTP/1.1\r\nHost: board\r\n\r\n").await;
    let (status, json) = status_and_json(&reply);
    assert_eq!(status, "400");
    assert_eq!(json["error"], "Malformed HTTP request");

    let many_headers = format!("GET /api/apps HTTP/1.1\r\n{}\r\n", "X-Padding: 1\r\n".repeat(200));
    let reply = raw_reply(&server, many_headers.as_bytes()).await;
    let (status, json) = status_and_json(&reply);
    assert_eq!(status, "431");
    assert_eq!(json["error"], "Request headers too large");

    assert_eq!(
        server.get("/api/health").await.0,
        StatusCode::OK,
        "the server keeps serving"
    );
    server.stop().await;
}
