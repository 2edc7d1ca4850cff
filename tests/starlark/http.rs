//! The `http` module against a local server standing in for the web: an app
//! reads JSON from it and draws it; failing, slow and looping endpoints show
//! up as the installation's error while the panel plays on, and a failing
//! installation keeps its last good picture.

use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode as Status;
use axum::response::Redirect;
use axum::routing::get;
use reqwest::StatusCode;
use serde_json::json;

use super::{Board, GREEN, RED, RENDER_PATIENCE, eventually, install, installation, pixel, rendered, shows};

/// How long the slow endpoint takes to answer: far past a request's 5 s.
const SLOW_ANSWER: Duration = Duration::from_secs(120);

/// The stand-in for the web, on a port of loopback; stops with the test.
async fn web() -> String {
    let routes = Router::new()
        .route("/color", get(async || axum::Json(json!({ "color": "#00ff00" }))))
        .route(
            "/fail",
            get(async || (Status::INTERNAL_SERVER_ERROR, "down for maintenance")),
        )
        .route("/loop", get(async || Redirect::temporary("/loop")))
        .route("/huge", get(async || vec![b' '; 50 << 20]))
        .route(
            "/slow",
            get(async || {
                tokio::time::sleep(SLOW_ANSWER).await;
                axum::Json(json!({ "color": "#ff0000" }))
            }),
        );
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

#[tokio::test]
async fn a_fetch_that_gets_no_answer_in_time_is_the_apps_error_while_the_panel_plays_on() {
    let web = web().await;
    let board = Board::with(&["fetch", "solid"]);
    let server = board.spawn().await;
    let installed_at = chrono::Utc::now().timestamp_millis();
    let started = Instant::now();
    for (name, app, config) in [
        ("sluggish", "fetch", json!({ "url": format!("{web}/slow") })),
        ("weather", "fetch", json!({ "url": format!("{web}/color") })),
        ("wall", "solid", json!({})),
    ] {
        install(&server, name, app, config).await;
    }
    // While the slow request waits (it cannot have given up before 5 s), the
    // panel follows every switch and the other apps render.
    for (app, color) in [("weather", GREEN), ("wall", RED), ("weather", GREEN)] {
        let (status, _) = server.post("/api/switch", json!({ "app": app })).await;
        assert_eq!(status, StatusCode::OK);
        shows(&server, 30, 15, color).await;
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the switches took {:?}, too long to have overlapped the slow request",
        started.elapsed()
    );
    let (status, health) = server.get("/api/health").await;
    assert_eq!((status, &health["panel"]), (StatusCode::OK, &json!("ok")), "{health}");

    let sluggish = rendered(&server, "sluggish", |found| !found["status"]["error"].is_null()).await;
    let error = &sluggish["status"]["error"];
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("no complete answer within 5.0 s"), "{message}");
    assert_eq!(error["line"], 14, "the line of http.get: {error}");
    let at = error["at"].as_i64().unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    assert!(
        at >= installed_at + 5_000 && at <= now,
        "{at} not within {installed_at}+5s..{now}"
    );
    assert_eq!(sluggish["status"]["last_success_at"], json!(null));
    assert!(
        started.elapsed() < SLOW_ANSWER,
        "the request gave up long before the endpoint answered"
    );
    assert_eq!(pixel(&server, 30, 15).await, GREEN);
    server.stop().await;
}

#[tokio::test]
async fn a_failing_installation_keeps_its_last_good_picture_on_the_panel_and_in_the_carousel() {
    let web = web().await;
    let board = Board::with(&["fetch", "solid"]);
    let server = board.spawn().await;
    for (name, app, config) in [
        ("weather", "fetch", json!({ "url": format!("{web}/color") })),
        ("wall", "solid", json!({})),
    ] {
        install(&server, name, app, config).await;
    }
    server.post("/api/switch", json!({ "app": "weather" })).await;
    shows(&server, 30, 15, GREEN).await;
    let good = rendered(&server, "weather", |found| found["status"]["frames"] == 1).await;
    let succeeded_at = good["status"]["last_success_at"].clone();
    assert!(succeeded_at.is_i64(), "{good}");

    // Its config changes so that it fails: the error is reported, the picture stays.
    let (status, body) = server
        .post("/api/apps/weather/config", json!({ "url": format!("{web}/fail") }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let failed = rendered(&server, "weather", |found| !found["status"]["error"].is_null()).await;
    let message = failed["status"]["error"]["message"].as_str().unwrap();
    assert!(message.contains("the server answered 500"), "{message}");
    assert!(failed["status"]["error"]["at"].is_i64(), "{failed}");
    assert_eq!(failed["status"]["last_success_at"], succeeded_at);
    assert_eq!(failed["status"]["frames"], 1, "{failed}");
    let (_, current) = server.get("/api/current").await;
    assert_eq!(current["app"], "weather");
    assert_eq!(pixel(&server, 30, 15).await, GREEN, "the last good picture shows");

    // The carousel still shows it, in turn with the others.
    let carousel = json!({ "enabled": true, "apps": [
        { "app": "weather", "duration": 1 }, { "app": "wall", "duration": 1 },
    ] });
    let (status, body) = server.post("/api/carousel", carousel).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for (app, color) in [("wall", RED), ("weather", GREEN)] {
        eventually(&format!("the carousel shows {app}"), RENDER_PATIENCE, || async {
            let (_, current) = server.get("/api/current").await;
            (current["app"] == app && pixel(&server, 30, 15).await == color).then_some(())
        })
        .await;
    }
    let still = installation(&server, "weather").await.unwrap();
    assert!(!still["status"]["error"].is_null(), "{still}");
    server.stop().await;
}
