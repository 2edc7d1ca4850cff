//! Installations: an app plus its own config under a name of its own, shown
//! on the panel like any app, kept in the state file, and reporting how its
//! renders went.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{BLACK, BLUE, Board, GREEN, RED, RENDER_PATIENCE, eventually, installation, pixel, rendered, shows};

#[tokio::test]
async fn an_installation_shows_on_the_panel_and_its_config_changes_what_it_draws() {
    let board = Board::with(&["solid"]);
    let server = board.spawn().await;
    let mut socket = server.connect().await;
    socket.expect_state().await;

    let (status, body) = server
        .post(
            "/api/starlark/installations",
            json!({ "app": "solid", "name": "wall", "config": { "color": "#0000ff" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Every client hears of the new app, as of new custom apps, through a view of its own.
    let listed = socket.expect("installations").await;
    assert_eq!(listed["installations"][0]["name"], "wall", "{listed}");
    assert_eq!(body["installation"]["app"], "solid");
    let (_, apps) = server.get("/api/apps").await;
    assert!(apps["apps"].as_array().unwrap().contains(&json!("wall")), "{apps}");
    let (_, library) = server.get("/api/starlark/apps/solid").await;
    assert_eq!(library["installations"], json!(["wall"]));

    let (status, _) = server.post("/api/switch", json!({ "app": "wall" })).await;
    assert_eq!(status, StatusCode::OK);
    shows(&server, 10, 10, BLUE).await;
    shows(&server, 50, 20, BLUE).await;
    let (_, current) = server.get("/api/current").await;
    assert_eq!(current["app"], "wall");
    assert_eq!(current["config"]["color"], "#0000ff");

    // A config change renders again.
    let (status, body) = server
        .post("/api/apps/wall/config", json!({ "color": "#00ff00", "half": "true" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    shows(&server, 10, 10, GREEN).await;
    shows(&server, 50, 20, BLACK).await;
    let (_, saved) = server.get("/api/apps/wall/config").await;
    assert_eq!(saved["config"], json!({ "color": "#00ff00", "half": "true" }));

    // Values the schema refuses are a 400 naming the field, and change nothing.
    for (bad, field) in [
        (json!({ "color": "blue-ish" }), "color"),
        (json!({ "half": "maybe" }), "half"),
        (json!({ "shade": "dim" }), "shade"),
        (json!({ "bogus": "1" }), "bogus"),
        (json!({ "color": 255 }), "color"),
    ] {
        let (status, body) = server.post("/api/apps/wall/config", bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad} was taken");
        assert!(body["error"].as_str().unwrap().contains(field), "{bad}: {body}");
    }
    let (_, saved) = server.get("/api/apps/wall/config").await;
    assert_eq!(saved["config"], json!({ "color": "#00ff00", "half": "true" }));
    assert_eq!(pixel(&server, 10, 10).await, GREEN);

    // The installation's schema, as every app's, for the config form.
    let (status, schema) = server.get("/api/apps/wall/schema").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(schema["starlark"]["app"], "solid");
    assert_eq!(schema["starlark"]["schema"]["schema"][0]["id"], "color");
    let handler = schema["starlark"]["schema"]["schema"][3]["handler"].clone();
    let (status, answer) = server
        .post(
            "/api/apps/wall/schema/handler",
            json!({ "handler": handler, "parameter": "abc" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["result"][0]["value"], "#abc");

    let status = rendered(&server, "wall", |found| found["status"]["frames"] == 1).await;
    assert_eq!(status["status"]["error"], Value::Null);
    server.stop().await;
}

#[tokio::test]
async fn one_app_installs_twice_and_both_survive_a_restart_until_deleted() {
    let board = Board::with(&["solid"]);
    let server = board.spawn().await;
    for (name, color) in [("red_wall", "#ff0000"), ("blue_wall", "#0000ff")] {
        let (status, body) = server
            .post(
                "/api/starlark/installations",
                json!({ "app": "solid", "name": name, "config": { "color": color }, "interval": 30 }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let state_file = server.state_file.clone();
    server.stop().await;
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&state_file).unwrap()).unwrap();
    assert_eq!(saved["installations"]["blue_wall"]["app"], "solid", "{saved}");

    let server = board.spawn().await;
    let listed = installation(&server, "red_wall").await.expect("red_wall survived");
    assert_eq!(listed["config"], json!({ "color": "#ff0000" }));
    assert_eq!(listed["interval"], 30);
    let (_, apps) = server.get("/api/apps").await;
    let apps = apps["apps"].as_array().unwrap().clone();
    assert!(apps.contains(&json!("red_wall")) && apps.contains(&json!("blue_wall")));
    let (status, _) = server.post("/api/switch", json!({ "app": "red_wall" })).await;
    assert_eq!(status, StatusCode::OK);
    shows(&server, 5, 5, RED).await;

    let (status, body) = server
        .request(reqwest::Method::DELETE, "/api/starlark/installations/blue_wall")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, apps) = server.get("/api/apps").await;
    assert!(!apps["apps"].as_array().unwrap().contains(&json!("blue_wall")));
    let (status, body) = server
        .request(reqwest::Method::DELETE, "/api/starlark/installations/blue_wall")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("blue_wall"));
    server.stop().await;
}

#[tokio::test]
async fn bad_installs_are_refused_with_a_json_error_and_change_nothing() {
    let board = Board::with(&["solid"]);
    let server = board.spawn().await;
    let cases = [
        (
            json!({ "app": "solid", "name": "clock" }),
            StatusCode::CONFLICT,
            "clock",
        ),
        (
            json!({ "app": "solid", "name": "two words" }),
            StatusCode::BAD_REQUEST,
            "name",
        ),
        (json!({ "app": "nope", "name": "x" }), StatusCode::NOT_FOUND, "nope"),
        (json!({ "name": "x" }), StatusCode::BAD_REQUEST, "app"),
        (
            json!({ "app": "solid", "name": "x", "config": { "color": "red" } }),
            StatusCode::BAD_REQUEST,
            "color",
        ),
        (
            json!({ "app": "solid", "name": "x", "config": "#fff" }),
            StatusCode::BAD_REQUEST,
            "config",
        ),
        (
            json!({ "app": "solid", "name": "x", "interval": 0 }),
            StatusCode::BAD_REQUEST,
            "interval",
        ),
    ];
    for (body, expected, named) in cases {
        let (status, reply) = server.post("/api/starlark/installations", body.clone()).await;
        assert_eq!(status, expected, "{body}: {reply}");
        assert!(reply["error"].as_str().unwrap().contains(named), "{body}: {reply}");
    }
    let (status, reply) = server
        .post_raw("/api/starlark/installations", Some("application/json"), "{\"app\":")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");

    let (status, _) = server
        .post(
            "/api/starlark/installations",
            json!({ "app": "solid", "name": "taken" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, reply) = server
        .post(
            "/api/starlark/installations",
            json!({ "app": "solid", "name": "taken" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{reply}");
    let (_, listed) = server.get("/api/starlark/installations").await;
    assert_eq!(listed["installations"].as_array().unwrap().len(), 1, "{listed}");
    server.stop().await;
}

#[tokio::test]
async fn a_failing_app_reports_its_error_and_one_with_nothing_to_show_is_passed_over() {
    let board = Board::with(&["solid", "broken", "empty"]);
    let server = board.spawn().await;
    for (app, name) in [("broken", "oops"), ("empty", "nothing"), ("solid", "wall")] {
        let (status, body) = server
            .post("/api/starlark/installations", json!({ "app": app, "name": name }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let oops = rendered(&server, "oops", |found| !found["status"]["error"].is_null()).await;
    let error = &oops["status"]["error"];
    assert!(error["message"].as_str().unwrap().contains("the sky fell"), "{error}");
    assert_eq!(error["line"], 4, "{error}");
    assert_eq!(oops["status"]["last_success_at"], Value::Null);
    rendered(&server, "nothing", |found| {
        found["status"]["frames"] == 0 && found["status"]["error"].is_null()
    })
    .await;
    rendered(&server, "wall", |found| found["status"]["frames"] == 1).await;

    let metrics = reqwest::get(format!("{}/metrics", server.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("starlark_renders_total{result=\"failed\"}")
            || metrics.contains("starlark_renders{result=\"failed\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("starlark_installation_failing{installation=\"oops\"} 1"),
        "{metrics}"
    );

    // The carousel passes over the app that has nothing to show and the one that failed.
    let carousel = json!({ "enabled": true, "apps": [
        { "app": "nothing", "duration": 1 }, { "app": "oops", "duration": 1 }, { "app": "wall", "duration": 1 },
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
        assert_eq!(current["app"], "wall", "only wall has a picture");
    }
    rendered(&server, "wall", |found| found["status"]["frames"] == 1).await;
    shows(&server, 10, 10, RED).await;
    server.stop().await;
}

#[tokio::test]
async fn render_now_renders_again_and_a_runaway_app_is_stopped_while_the_panel_plays_on() {
    let board = Board::with(&["solid", "forever"]);
    let server = board.spawn_with(&["--starlark-timeout", "1s"]).await;
    for (app, name) in [("solid", "wall"), ("forever", "spin")] {
        let (status, body) = server
            .post("/api/starlark/installations", json!({ "app": app, "name": name }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, _) = server.post("/api/switch", json!({ "app": "wall" })).await;
    assert_eq!(status, StatusCode::OK);
    let first = rendered(&server, "wall", |found| found["status"]["frames"] == 1).await;
    let before = first["status"]["rendered_at"].as_i64().unwrap();
    let (status, body) = server.post("/api/starlark/installations/wall/render", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    rendered(&server, "wall", |found| {
        found["status"]["rendered_at"].as_i64().unwrap() > before
    })
    .await;
    let (status, _) = server.post("/api/starlark/installations/nope/render", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let spin = rendered(&server, "spin", |found| !found["status"]["error"].is_null()).await;
    let message = spin["status"]["error"]["message"].as_str().unwrap();
    assert!(message.contains("longer than its 1 s limit"), "{message}");
    shows(&server, 10, 10, RED).await;
    server.stop().await;
}

#[tokio::test]
async fn on_a_bigger_panel_an_app_without_2x_is_magnified_by_whole_pixels() {
    let board = Board::with(&["solid"]);
    let server = board.spawn_with(&["--width", "128", "--height", "64"]).await;
    let (status, body) = server
        .post(
            "/api/starlark/installations",
            json!({ "app": "solid", "name": "wall", "config": { "half": "true" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    server.post("/api/switch", json!({ "app": "wall" })).await;
    // The left 32 of 64 columns, drawn twice as big: 64 of 128.
    shows(&server, 63, 63, RED).await;
    assert_eq!(pixel(&server, 0, 0).await, RED);
    assert_eq!(pixel(&server, 64, 0).await, BLACK);
    assert_eq!(pixel(&server, 127, 63).await, BLACK);
    server.stop().await;
}

#[tokio::test]
async fn on_a_128x64_panel_an_app_that_supports_2x_draws_at_that_size() {
    let board = Board::with(&["wide"]);
    let server = board.spawn_with(&["--width", "128", "--height", "64"]).await;
    let (_, app) = server.get("/api/starlark/apps/wide").await;
    assert_eq!(
        (app["supports2x"].as_bool(), app["draws_2x"].as_bool()),
        (Some(true), Some(true))
    );
    let (status, body) = server
        .post("/api/starlark/installations", json!({ "app": "wide", "name": "wide" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    server.post("/api/switch", json!({ "app": "wide" })).await;
    shows(&server, 0, 0, RED).await;
    // Drawn at 128x64, its one pixel stays one pixel: not magnified.
    assert_eq!(pixel(&server, 1, 0).await, BLACK);
    assert_eq!(pixel(&server, 0, 1).await, BLACK);
    server.stop().await;
}
