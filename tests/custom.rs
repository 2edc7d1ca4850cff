//! Custom apps over HTTP and Socket.IO, checked on the panel's pixels and in
//! the state file, and their lifetimes on paused tokio time.

mod common;

use std::time::Duration;

use common::domain::{entry, manager};
use common::{PATIENCE, StateDir, TestServer};
use reqwest::StatusCode;
use retroboard::manager::custom::{self, MAX_CUSTOM_APPS};
use retroboard::manager::views::CurrentApp;
use retroboard::manager::{CarouselUpdate, Command, Manager, carousel, custom_timer};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

const RED: [u8; 3] = [255, 0, 0];
const GREEN: [u8; 3] = [0, 255, 0];

async fn pixels(server: &TestServer) -> Vec<[u8; 3]> {
    let (_, _, rgb) = server.frame_png("?scale=1").await;
    rgb.chunks(3).map(|p| [p[0], p[1], p[2]]).collect()
}

fn count(pixels: &[[u8; 3]], color: [u8; 3]) -> usize {
    pixels.iter().filter(|&&p| p == color).count()
}

async fn until(server: &TestServer, what: &str, check: impl Fn(&[[u8; 3]]) -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if check(&pixels(server).await) {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "waited in vain for {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn custom(server: &TestServer, name: &str, body: Value) -> (StatusCode, Value) {
    server.post(&format!("/api/custom?name={name}"), body).await
}

async fn apps(server: &TestServer) -> Vec<String> {
    let (_, list) = server.get("/api/apps").await;
    serde_json::from_value(list["apps"].clone()).unwrap()
}

#[tokio::test]
async fn a_custom_app_is_an_app_that_redraws_when_updated_and_hands_back_when_deleted() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut client = server.connect().await;
    client.expect_state().await;

    let (status, reply) = custom(&server, "temp", json!({"text": "21C", "color": "#FF0000"})).await;
    assert_eq!((status, reply), (StatusCode::OK, json!({"success": true})));
    assert_eq!(apps(&server).await, ["clock", "scroll_text", "stars", "image", "temp"]);
    assert_eq!(
        client.expect("custom_apps").await,
        json!({"apps": ["temp"], "lifetimes": {}})
    );
    client.emit("request_state").await;
    let [apps_list, ..] = client.expect_state().await;
    assert_eq!(apps_list["apps"][4], "temp");
    assert_eq!(
        server.get("/api/apps/temp/schema").await.1,
        json!({"app": "temp", "fields": []})
    );
    assert_eq!(
        server.get("/api/apps/temp/config").await.1,
        json!({"app": "temp", "config": {}})
    );

    let (status, _) = server.post("/api/switch", json!({"app": "temp"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.get("/api/current").await.1, json!({"app": "temp", "config": {}}));
    until(&server, "the red custom app", |p| count(p, RED) > 0).await;

    custom(&server, "temp", json!({"text": "22C", "color": [0, 255, 0]})).await;
    until(&server, "the update, at once", |p| {
        count(p, GREEN) > 0 && count(p, RED) == 0
    })
    .await;

    let (status, reply) = server.post("/api/apps/temp/config", json!({"color": [1, 2, 3]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    let (status, _) = server
        .post("/api/switch", json!({"app": "temp", "config": {"x": 1}}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, _) = custom(&server, "temp", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        server.get("/api/current").await.1["app"],
        "clock",
        "the app before it is back"
    );
    assert_eq!(apps(&server).await, ["clock", "scroll_text", "stars", "image"]);
    until(&server, "the clock", |p| count(p, GREEN) == 0 && count(p, [255; 3]) > 0).await;
    let (status, _) = server.get("/api/apps/temp/schema").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    client.disconnect().await;
    server.stop().await;
}

#[tokio::test]
async fn an_array_body_posts_numbered_apps_and_pos_places_them_in_the_carousel() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let body = json!([{"text": "a", "pos": 0, "duration": 3}, {"text": "b", "pos": 5}]);
    let (status, _) = custom(&server, "multi", body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(apps(&server).await[4..], ["multi0", "multi1"]);
    let (_, carousel) = server.get("/api/carousel").await;
    assert_eq!(
        carousel["apps"],
        json!([{"app": "multi0", "duration": 3.0}, {"app": "clock", "duration": 10}, {"app": "multi1", "duration": 10.0}])
    );
    let (status, _) = server.post("/api/carousel", json!({"enabled": true})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.get("/api/current").await.1["app"], "multi0");

    custom(&server, "multi0", json!(null)).await;
    let (_, carousel) = server.get("/api/carousel").await;
    assert_eq!(carousel["apps"][0]["app"], "clock", "its entry left with it");
    assert_eq!(
        server.get("/api/current").await.1["app"],
        "clock",
        "the carousel went on"
    );
    server.stop().await;
}

#[tokio::test]
async fn bad_names_and_values_are_refused_and_change_nothing() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    custom(&server, "kept", json!({"text": "x"})).await;
    let before = (apps(&server).await, server.get("/api/carousel").await.1);
    let long = "n".repeat(33);
    let cases = [
        ("/api/custom", json!({"text": "x"}), "name"),
        ("/api/custom?name=clock", json!({"text": "x"}), "built-in"),
        ("/api/custom?name=a%20b", json!({"text": "x"}), "'a b'"),
        (
            &format!("/api/custom?name={long}") as &str,
            json!({"text": "x"}),
            "1 to 32",
        ),
        ("/api/custom?name=ok", json!({"text": 5}), "'text'"),
        (
            "/api/custom?name=ok",
            json!({"text": "x", "lifetime": -1}),
            "'lifetime'",
        ),
        (
            "/api/custom?name=ok",
            json!([{"text": "x"}, {"color": "nope"}]),
            "'color'",
        ),
        ("/api/custom?name=ok", json!("text"), "object"),
    ];
    for (path, body, named) in cases {
        let (status, reply) = server.post(path, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}");
        assert!(
            reply["error"].as_str().unwrap().contains(named),
            "{path} {body}: {reply}"
        );
    }
    assert_eq!((apps(&server).await, server.get("/api/carousel").await.1), before);

    for n in 1..MAX_CUSTOM_APPS {
        custom(&server, &format!("app{n}"), json!({"text": "x"})).await;
    }
    let (status, reply) = custom(&server, "onemore", json!({"text": "x"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{reply}");
    let (status, _) = custom(&server, "kept", json!({"text": "updates still work"})).await;
    assert_eq!(status, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn saved_apps_survive_a_restart_and_unsaved_ones_do_not() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    custom(
        &server,
        "kept",
        json!({"text": "K", "color": "#FF0000", "save": true, "pos": 1}),
    )
    .await;
    custom(&server, "gone", json!({"text": "G", "pos": 2})).await;
    server.post("/api/switch", json!({"app": "kept"})).await;
    server.stop().await;

    let saved: Value = serde_json::from_str(&std::fs::read_to_string(dir.state_file()).unwrap()).unwrap();
    assert_eq!(saved["last_app"], "kept");
    assert_eq!(saved["custom_apps"]["kept"]["text"], "K");
    assert!(saved["custom_apps"].get("gone").is_none());

    let server = TestServer::spawn(&dir).await;
    assert_eq!(apps(&server).await, ["clock", "scroll_text", "stars", "image", "kept"]);
    assert_eq!(server.get("/api/current").await.1["app"], "kept");
    let (_, carousel) = server.get("/api/carousel").await;
    let entries: Vec<_> = carousel["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["app"].clone())
        .collect();
    assert_eq!(entries, [json!("clock"), json!("kept")]);
    until(&server, "the saved app drawn", |p| count(p, RED) > 0).await;
    server.stop().await;
}

#[tokio::test]
async fn a_saved_app_keeps_only_the_keys_that_mean_something() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let (status, _) = custom(
        &server,
        "lean",
        json!({"text": "L", "color": "#00FF00", "save": true, "sparkle": "Fade", "filler": "x".repeat(50_000)}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    server.stop().await;

    let saved: Value = serde_json::from_str(&std::fs::read_to_string(dir.state_file()).unwrap()).unwrap();
    assert_eq!(
        saved["custom_apps"]["lean"],
        json!({"text": "L", "color": "#00FF00", "save": true}),
        "unknown keys are not kept"
    );
}

// Lifetimes, on paused tokio time.

fn post(name: &str, body: Value) -> Command {
    Command::SetCustom(custom::read_body(name, body).unwrap())
}

fn running(manager: &Manager) -> (Option<String>, Vec<String>) {
    manager.view(|registry, state| {
        let entries = state.carousel.entries.iter().map(|entry| entry.app.clone()).collect();
        (CurrentApp::of(registry, state).app, entries)
    })
}

async fn advance(seconds: f64) {
    tokio::time::advance(Duration::from_secs_f64(seconds)).await;
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test(start_paused = true)]
async fn an_app_not_updated_within_its_lifetime_leaves_and_the_carousel_goes_on() {
    let manager = manager();
    let shutdown = CancellationToken::new();
    let timer = tokio::spawn(custom_timer::run(manager.clone(), shutdown.clone()));
    let rotation = tokio::spawn(carousel::run(manager.clone(), shutdown.clone()));
    manager
        .execute(post("w", json!({"text": "w", "lifetime": 5})))
        .await
        .unwrap();
    let update = CarouselUpdate {
        enabled: Some(true),
        entries: Some(vec![entry("w", 60.0), entry("clock", 60.0)]),
    };
    manager.execute(Command::SetCarousel(update)).await.unwrap();
    advance(0.0).await;

    advance(3.0).await;
    manager
        .execute(post("w", json!({"text": "fresh", "lifetime": 5})))
        .await
        .unwrap();
    advance(0.0).await;
    advance(4.9).await;
    assert_eq!(
        running(&manager),
        (Some("w".into()), vec!["w".into(), "clock".into()]),
        "the update restarted it"
    );
    advance(0.2).await;
    assert_eq!(running(&manager), (Some("clock".into()), vec!["clock".into()]));

    shutdown.cancel();
    timer.await.unwrap();
    rotation.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn an_expired_app_switched_to_hands_back_to_the_app_before() {
    let manager = manager();
    let shutdown = CancellationToken::new();
    let timer = tokio::spawn(custom_timer::run(manager.clone(), shutdown.clone()));
    manager
        .execute(Command::Switch {
            app: "stars".into(),
            config: None,
        })
        .await
        .unwrap();
    manager
        .execute(post("w", json!({"text": "w", "lifetime": 2})))
        .await
        .unwrap();
    manager
        .execute(post("forever", json!({"text": "f", "lifetime": 0})))
        .await
        .unwrap();
    manager
        .execute(Command::Switch {
            app: "w".into(),
            config: None,
        })
        .await
        .unwrap();
    advance(0.0).await;
    advance(1.9).await;
    assert_eq!(running(&manager).0.as_deref(), Some("w"));
    advance(0.2).await;
    assert_eq!(running(&manager).0.as_deref(), Some("stars"));
    advance(3600.0).await;
    assert!(
        manager.view(|_, state| state.custom.apps.contains_key("forever")),
        "0 is never"
    );
    shutdown.cancel();
    timer.await.unwrap();
}

#[tokio::test]
async fn the_custom_apps_event_says_when_each_lifetime_runs_out() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut client = server.connect().await;
    client.expect_state().await;
    let now_ms = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
    };

    let before = now_ms();
    let (status, _) = custom(&server, "brief", json!({"text": "a", "lifetime": 30})).await;
    assert_eq!(status, StatusCode::OK);
    let after = now_ms();
    let event = client.expect("custom_apps").await;
    assert_eq!(event["lifetimes"]["brief"]["seconds"], json!(30.0));
    let expires_at = event["lifetimes"]["brief"]["expires_at"].as_i64().unwrap();
    assert!(
        (before + 30_000..=after + 30_000).contains(&expires_at),
        "{expires_at} not 30 s after {before}..{after}"
    );

    let (status, _) = custom(&server, "kept", json!({"text": "b", "lifetime": 0})).await;
    assert_eq!(status, StatusCode::OK);
    let event = client.expect("custom_apps").await;
    assert_eq!(event["apps"], json!(["brief", "kept"]));
    assert_eq!(event["lifetimes"].as_object().unwrap().len(), 1, "{event}");
    client.disconnect().await;
    server.stop().await;
}
