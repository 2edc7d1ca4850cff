//! `max_age`, Pixlet's expiry of a picture: an installation renders again by
//! itself once its picture is older than the `max_age` its `render.Root`
//! gave, if that comes before its interval (a minute for the ticker app),
//! but never more often than every 5 s, however small the `max_age`; and a
//! failing installation's last picture is shown until it expires, not after.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{BLACK, Board, RENDER_PATIENCE, eventually, install, installation, pixel, rendered, shows};
use crate::common::TestServer;

/// Waits for installation `name` to have rendered twice; the two listings.
async fn two_renders(server: &TestServer, name: &str) -> (Value, Value) {
    let first = rendered(server, name, |found| found["status"]["frames"] == 1).await;
    let at = first["status"]["rendered_at"].as_i64().unwrap();
    let patience = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let found = installation(server, name).await.unwrap();
        if found["status"]["rendered_at"].as_i64().unwrap() > at {
            return (first, found);
        }
        assert!(
            tokio::time::Instant::now() < patience,
            "{name} did not render again within 30 s, half its 60 s interval: {found}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn rendered_at(listing: &Value) -> i64 {
    listing["status"]["rendered_at"].as_i64().unwrap()
}

#[tokio::test]
async fn a_picture_is_rendered_again_once_older_than_its_max_age() {
    let board = Board::with(&["ticker"]);
    let server = board.spawn().await;
    for (name, max_age) in [("fresh", "6"), ("eager", "1"), ("steady", "0")] {
        let (status, body) = server
            .post(
                "/api/starlark/installations",
                json!({ "app": "ticker", "name": name, "config": { "max_age": max_age } }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    let (first, second) = two_renders(&server, "fresh").await;
    let gap = rendered_at(&second) - rendered_at(&first);
    assert!(
        (5_900..30_000).contains(&gap),
        "rendered again after {gap} ms, not ~6 s"
    );
    assert_eq!(second["status"]["frames"], 1);

    // A max_age under 5 s renders every 5 s, not every second.
    let (first, second) = two_renders(&server, "eager").await;
    let gap = rendered_at(&second) - rendered_at(&first);
    assert!(
        (4_900..30_000).contains(&gap),
        "rendered again after {gap} ms, not ~5 s"
    );

    // Without a max_age the interval (a minute) holds: no new render meanwhile.
    let steady = installation(&server, "steady").await.unwrap();
    let first = steady["status"]["rendered_at"].as_i64().expect("steady rendered");
    let now = chrono::Utc::now().timestamp_millis();
    assert!(now - first > 6_000, "the test ran long enough to tell");
    server.stop().await;
}

const MAGENTA: [u8; 3] = [255, 0, 255];

#[tokio::test]
async fn a_failing_installations_last_picture_is_shown_until_its_max_age_and_no_longer() {
    let board = Board::with(&["ticker", "solid"]);
    let server = board.spawn().await;
    for (name, app, config) in [
        ("news", "ticker", json!({ "max_age": "6" })),
        ("wall", "solid", json!({})),
    ] {
        install(&server, name, app, config).await;
    }
    server.post("/api/switch", json!({ "app": "news" })).await;
    shows(&server, 20, 20, MAGENTA).await;
    let good = rendered(&server, "news", |found| found["status"]["frames"] == 1).await;
    let made_at = rendered_at(&good);

    let (status, body) = server
        .post("/api/apps/news/config", json!({ "fail": "yes", "max_age": "6" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let failed = rendered(&server, "news", |found| !found["status"]["error"].is_null()).await;
    let message = failed["status"]["error"]["message"].as_str().unwrap();
    assert!(message.contains("the feed is down"), "{message}");

    // Once 6 s old, the picture goes: the panel is blank and the listing says no frames.
    let expired = rendered(&server, "news", |found| found["status"]["frames"] == 0).await;
    let gap = rendered_at(&expired) - made_at;
    assert!((5_900..30_000).contains(&gap), "taken off after {gap} ms, not ~6 s");
    assert_eq!(expired["status"]["last_success_at"], json!(made_at));
    shows(&server, 20, 20, BLACK).await;

    // The carousel passes over it now.
    let carousel = json!({ "enabled": true, "apps": [
        { "app": "news", "duration": 1 }, { "app": "wall", "duration": 1 },
    ] });
    let (status, body) = server.post("/api/carousel", carousel).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    eventually("the carousel reaches wall", RENDER_PATIENCE, || async {
        let (_, current) = server.get("/api/current").await;
        (current["app"] == "wall").then_some(())
    })
    .await;
    for _ in 0..25 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let (_, current) = server.get("/api/current").await;
        assert_eq!(current["app"], "wall", "news has nothing fit to show");
    }
    assert_ne!(pixel(&server, 20, 20).await, MAGENTA);
    server.stop().await;
}
