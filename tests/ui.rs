//! The embedded UI next to the API and Socket.IO on one port.

mod common;

use common::{StateDir, TestServer};
use reqwest::StatusCode;

#[tokio::test]
async fn pages_get_the_ui_and_api_paths_stay_json() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let page = reqwest::get(format!("{}/carousel", server.base)).await.unwrap();
    // 200 with the built UI, 503 with the build hint without it: HTML either way.
    assert!(
        matches!(page.status(), StatusCode::OK | StatusCode::SERVICE_UNAVAILABLE),
        "{}",
        page.status()
    );
    let content_type = page.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");

    let (status, body) = server.get("/api/no-such-route").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].is_string(), "{body}");
    server.stop().await;
}

/// A phone on a slow line waits for the page and its bundles before anything
/// shows, so they go out gzipped to browsers that accept it; API replies do not.
#[tokio::test]
async fn the_ui_is_gzipped_for_browsers_that_accept_it() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let client = reqwest::Client::builder().no_gzip().build().unwrap();
    let encoding = async |path: &str| {
        let response = client
            .get(format!("{}{path}", server.base))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        let encoding = response
            .headers()
            .get("content-encoding")
            .map(|value| value.to_str().unwrap().to_owned());
        (response.status(), encoding)
    };
    // The built page or the build hint: HTML either way, and worth compressing.
    let (status, page) = encoding("/").await;
    assert!(
        matches!(status, StatusCode::OK | StatusCode::SERVICE_UNAVAILABLE),
        "{status}"
    );
    assert_eq!(page.as_deref(), Some("gzip"));
    assert_eq!(encoding("/api/apps").await, (StatusCode::OK, None));
    server.stop().await;
}

/// Each request on its own connection, as a browser's polling may do: every
/// one must reach the same Engine.IO session table.
#[tokio::test]
async fn polling_sessions_survive_the_ui_fallback() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let url = format!("{}/socket.io/?EIO=4&transport=polling", server.base);
    let fresh = || reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();

    let open = fresh().get(&url).send().await.unwrap().text().await.unwrap();
    let handshake: serde_json::Value =
        serde_json::from_str(open.strip_prefix('0').expect("an Engine.IO open packet")).unwrap();
    let session = format!("{url}&sid={}", handshake["sid"].as_str().unwrap());

    let connect = fresh().post(&session).body("40").send().await.unwrap();
    assert_eq!(connect.status(), StatusCode::OK);
    assert_eq!(connect.text().await.unwrap(), "ok");
    let events = fresh().get(&session).send().await.unwrap().text().await.unwrap();
    assert!(events.contains("42[\"apps_list\""), "{events}");
    server.stop().await;
}
