//! Installations beyond the REST API: Home Assistant's app select offers them
//! (over a real mosquitto) and switches to them, and in cluster mode (a Redis
//! of the test's own) an installation made on one instance is on every one.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Board, RED, RENDER_PATIENCE, eventually, installation, shows};
use crate::common::mqtt::{Listener, Mosquitto};
use crate::common::redis_server::Redis;
use crate::common::{StateDir, TestServer};

const SELECT: &str = "homeassistant/select/retroboard/app/config";

fn offers(select: &Value, app: &str) -> bool {
    select["options"].as_array().unwrap().contains(&json!(app))
}

#[tokio::test]
async fn home_assistants_app_select_offers_an_installation_and_switches_to_it() {
    let broker = Mosquitto::start();
    let board = Board::with(&["solid"]);
    let server = board.spawn_with(&["--mqtt-url", &broker.url()]).await;
    let mut discovery = Listener::new(&broker, "homeassistant/#").await;
    let (select, _) = discovery.expect_json(SELECT, |_| true).await;
    assert!(!offers(&select, "wall"), "{select}");

    let (status, body) = server
        .post(
            "/api/starlark/installations",
            json!({ "app": "solid", "name": "wall", "config": { "color": "#ff0000" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (select, _) = discovery.expect_json(SELECT, |select| offers(select, "wall")).await;
    assert!(offers(&select, "clock"), "the built-ins stay: {select}");

    // Choosing it in Home Assistant sends the select's command.
    let command = select["command_template"]
        .as_str()
        .unwrap()
        .replace("{{ value | to_json }}", "\"wall\"");
    discovery
        .publish(select["command_topic"].as_str().unwrap(), command)
        .await;
    eventually("the board switches to wall", RENDER_PATIENCE, || async {
        let (_, current) = server.get("/api/current").await;
        (current["app"] == "wall").then_some(())
    })
    .await;
    shows(&server, 10, 10, RED).await;

    let (status, _) = server
        .request(reqwest::Method::DELETE, "/api/starlark/installations/wall")
        .await;
    assert_eq!(status, StatusCode::OK);
    discovery.expect_json(SELECT, |select| !offers(select, "wall")).await;
    server.stop().await;
}

/// An instance of a cluster on `redis`, with the library of `board`.
async fn member(board: &Board, dir: &StateDir, redis: &Redis) -> TestServer {
    let apps = board.apps.to_str().unwrap();
    let url = redis.url();
    let args = [
        "--apps-dir",
        apps,
        "--starlark-worker",
        env!("CARGO_BIN_EXE_retroboard"),
        "--redis-url",
        &url,
        "--ignore-state",
        "--lease-ttl",
        "600ms",
    ];
    TestServer::spawn_with(dir, &args).await
}

/// Waits for `check` to hold for `server`'s listing of installation `name`.
async fn listed(server: &TestServer, name: &str, check: impl Fn(Option<&Value>) -> bool) -> Option<Value> {
    eventually(
        &format!("{name} as wanted on {}", server.base),
        RENDER_PATIENCE,
        || async {
            let found = installation(server, name).await;
            check(found.as_ref()).then_some(found)
        },
    )
    .await
}

#[tokio::test]
async fn in_a_cluster_an_installation_made_on_one_instance_is_on_every_one() {
    let redis = Redis::start();
    let board = Board::with(&["solid"]);
    let other_dir = StateDir::new();
    let first = member(&board, &board.dir, &redis).await;
    let second = member(&board, &other_dir, &redis).await;

    let (status, body) = first
        .post(
            "/api/starlark/installations",
            json!({ "app": "solid", "name": "wall", "config": { "color": "#ff0000" }, "interval": 30 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let seen = listed(&second, "wall", |found| found.is_some()).await.unwrap();
    assert_eq!(seen["app"], "solid");
    assert_eq!(seen["config"], json!({ "color": "#ff0000" }));
    assert_eq!(seen["interval"], 30);
    let (_, apps) = second.get("/api/apps").await;
    assert!(apps["apps"].as_array().unwrap().contains(&json!("wall")), "{apps}");
    let (status, schema) = second.get("/api/apps/wall/schema").await;
    assert_eq!(status, StatusCode::OK, "{schema}");
    assert_eq!(schema["starlark"]["app"], "solid");

    // Whichever instance drives the panel renders it; both list how that went.
    for server in [&first, &second] {
        listed(server, "wall", |found| {
            found.is_some_and(|found| found["status"]["frames"] == 1)
        })
        .await;
    }

    // A change or a refusal on the second instance is the same on the first.
    let (status, body) = second.post("/api/apps/wall/config", json!({ "color": "blue" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = second
        .post("/api/apps/wall/config", json!({ "color": "#00ff00" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    listed(&first, "wall", |found| {
        found.is_some_and(|found| found["config"]["color"] == "#00ff00")
    })
    .await;
    let (status, body) = second
        .post("/api/starlark/installations", json!({ "app": "solid", "name": "wall" }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "the name is taken cluster-wide: {body}");

    let (status, _) = second
        .request(reqwest::Method::DELETE, "/api/starlark/installations/wall")
        .await;
    assert_eq!(status, StatusCode::OK);
    listed(&first, "wall", |found| found.is_none()).await;
    let (_, apps) = first.get("/api/apps").await;
    assert!(!apps["apps"].as_array().unwrap().contains(&json!("wall")), "{apps}");
    first.stop().await;
    second.stop().await;
}
