//! The curl examples of the "AWTRIX 3 compatibility" section of
//! docs/notifications.md, run against the real server: every one succeeds,
//! and every notification and custom app among them is drawn.

mod common;

use std::time::Duration;

use common::{PATIENCE, StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// One curl line: the method, the path and query, and the JSON body if any.
struct Example {
    line: String,
    post: bool,
    path: String,
    body: Option<Value>,
}

fn examples() -> Vec<Example> {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/notifications.md")).unwrap();
    let section = page
        .split("\n## AWTRIX 3 compatibility\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("docs/notifications.md has the AWTRIX section");
    section
        .lines()
        .filter(|line| line.starts_with("curl "))
        .map(|line| {
            let address = line.split("localhost:5000").nth(1).expect("a local address");
            let path = address.split([' ', '\'']).next().unwrap().to_owned();
            let body = line.split_once(" -d '").map(|(_, rest)| {
                let json = rest.rsplit_once('\'').expect("a quoted body").0;
                serde_json::from_str(json).unwrap_or_else(|error| panic!("{line}: {error}"))
            });
            Example {
                post: body.is_some() || line.contains("-X POST"),
                line: line.to_owned(),
                path,
                body,
            }
        })
        .collect()
}

async fn lit_pixels(server: &TestServer) -> usize {
    let (_, _, rgb) = server.frame_png("?scale=1").await;
    rgb.chunks(3).filter(|p| p != &[0, 0, 0]).count()
}

/// Waits until `check` holds, failing with `what`.
async fn until<F: std::future::Future<Output = bool>>(what: &str, check: impl Fn() -> F) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "waited in vain: {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn every_awtrix_example_in_the_manual_works_and_what_it_posts_is_drawn() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--supervised"]).await;
    let examples = examples();
    assert!(examples.len() >= 20, "found only {} examples", examples.len());
    let (reboots, others): (Vec<_>, Vec<_>) = examples.into_iter().partition(|e| e.path == "/api/reboot");
    for example in others {
        let Example { line, post, path, body } = example;
        // Each notification replaces the last, so what is drawn is this one.
        let body = body.map(|mut body| {
            if path == "/api/notify" {
                body["stack"] = json!(false);
            }
            body
        });
        let (status, reply) = match (post, body) {
            (true, Some(body)) => server.post(&path, body).await,
            (true, None) => server.post(&path, Value::Null).await,
            (false, _) => server.get(&path).await,
        };
        assert_eq!(status, StatusCode::OK, "{line}: {reply}");
        if path == "/api/notify" {
            until(&line, || async {
                !server.get("/api/notify").await.1["active"].is_null()
            })
            .await;
            until(&line, || async { lit_pixels(&server).await > 0 }).await;
        }
        if let Some(name) = path.strip_prefix("/api/custom?name=") {
            server.post("/api/notify/dismiss", json!({})).await;
            let (status, _) = server.post("/api/switch", json!({"name": name})).await;
            assert_eq!(status, StatusCode::OK, "{line}");
            until(&line, || async { lit_pixels(&server).await > 0 }).await;
        }
    }
    assert_eq!(reboots.len(), 1);
    let (status, _) = server.post("/api/reboot", Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        server.ended(std::time::Duration::from_secs(10)).await.is_err(),
        "stopped for its supervisor to restart it"
    );
}
