//! The `http` module against a local server standing in for the web: an app
//! reads JSON from it and draws it; failing endpoints and redirect loops show
//! up as the installation's error.

use axum::Router;
use axum::http::StatusCode as Status;
use axum::response::Redirect;
use axum::routing::get;
use reqwest::StatusCode;
use serde_json::json;

use super::{Board, GREEN, rendered, shows};

/// The stand-in for the web, on a port of loopback; stops with the test.
async fn web() -> String {
    let routes = Router::new()
        .route("/color", get(async || axum::Json(json!({ "color": "#00ff00" }))))
        .route(
            "/fail",
            get(async || (Status::INTERNAL_SERVER_ERROR, "down for maintenance")),
        )
        .route("/loop", get(async || Redirect::temporary("/loop")))
        .route("/huge", get(async || vec![b' '; 50 << 20]));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, routes).await });
    base
}

#[tokio::test]
async fn an_app_draws_what_it_fetched_and_reports_what_it_could_not_fetch() {
    let web = web().await;
    let board = Board::with(&["fetch"]);
    let server = board.spawn().await;
    for (name, path) in [
        ("weather", "/color"),
        ("down", "/fail"),
        ("circles", "/loop"),
        ("flood", "/huge"),
    ] {
        let (status, body) = server
            .post(
                "/api/starlark/installations",
                json!({ "app": "fetch", "name": name, "config": { "url": format!("{web}{path}") } }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, _) = server.post("/api/switch", json!({ "app": "weather" })).await;
    assert_eq!(status, StatusCode::OK);
    shows(&server, 30, 15, GREEN).await;

    let down = rendered(&server, "down", |found| !found["status"]["error"].is_null()).await;
    let message = down["status"]["error"]["message"].as_str().unwrap();
    assert!(message.contains("the server answered 500"), "{message}");
    let circles = rendered(&server, "circles", |found| !found["status"]["error"].is_null()).await;
    let message = circles["status"]["error"]["message"].as_str().unwrap();
    assert!(message.contains("redirect"), "{message}");
    let flood = rendered(&server, "flood", |found| !found["status"]["error"].is_null()).await;
    let message = flood["status"]["error"]["message"].as_str().unwrap();
    assert!(message.contains("the most an app may fetch"), "{message}");
    server.stop().await;
}
