//! Notifications over HTTP and Socket.IO, checked on the panel's pixels, and
//! their timers on paused tokio time at the manager level.

mod common;

use std::path::Path;
use std::time::Duration;

use common::domain::{entry, manager};
use common::{PATIENCE, StateDir, TestServer};
use reqwest::StatusCode;
use retroboard::manager::notifications::{MAX_WAITING, NotifyRequest};
use retroboard::manager::views::CurrentApp;
use retroboard::manager::{CarouselUpdate, Command, Manager, carousel, notification_timer};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

/// How long a test waits for something that takes a few seconds by design.
const DEADLINE: Duration = Duration::from_secs(20);

/// The panel's pixels, one RGB triple per LED.
async fn pixels(server: &TestServer) -> Vec<[u8; 3]> {
    let (_, _, rgb) = server.frame_png("?scale=1").await;
    rgb.chunks(3).map(|p| [p[0], p[1], p[2]]).collect()
}

fn count(pixels: &[[u8; 3]], color: [u8; 3]) -> usize {
    pixels.iter().filter(|&&p| p == color).count()
}

/// Polls the panel until `check` holds, failing after `patience`.
async fn until(server: &TestServer, patience: Duration, what: &str, check: impl Fn(&[[u8; 3]]) -> bool) {
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        if check(&pixels(server).await) {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "waited in vain for {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

const RED: [u8; 3] = [255, 0, 0];
const GREEN: [u8; 3] = [0, 255, 0];

async fn notify(server: &TestServer, body: Value) {
    let (status, reply) = server.post("/api/notify", body.clone()).await;
    assert_eq!((status, reply), (StatusCode::OK, json!({"success": true})), "{body}");
}

async fn showing(server: &TestServer) -> Value {
    let (status, view) = server.get("/api/notify").await;
    assert_eq!(status, StatusCode::OK);
    view
}

#[tokio::test]
async fn a_red_notification_shows_and_the_app_returns_after_its_duration() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    until(&server, PATIENCE, "the clock", |p| count(p, [255; 3]) > 0).await;

    notify(&server, json!({"text": "ALERT", "color": "#FF0000", "duration": 1})).await;
    until(&server, PATIENCE, "red text", |p| {
        count(p, RED) > 0 && count(p, [255; 3]) == 0
    })
    .await;
    let view = showing(&server).await;
    assert_eq!(view["active"]["text"], "ALERT");
    assert_eq!(
        (view["active"]["duration"].clone(), view["queued"].clone()),
        (json!(1.0), json!(0))
    );

    until(&server, DEADLINE, "the clock again", |p| {
        count(p, RED) == 0 && count(p, [255; 3]) > 0
    })
    .await;
    assert_eq!(showing(&server).await, json!({"active": null, "queued": 0}));
    server.stop().await;
}

#[tokio::test]
async fn a_held_notification_stays_until_dismissed() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    notify(
        &server,
        json!({"text": "HOLD", "color": [255, 0, 0], "hold": true, "duration": 0.5}),
    )
    .await;
    until(&server, PATIENCE, "red text", |p| count(p, RED) > 0).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        count(&pixels(&server).await, RED) > 0,
        "still there well after its duration"
    );
    assert_eq!(showing(&server).await["active"]["hold"], true);

    let (status, reply) = server.post("/api/notify/dismiss", json!(null)).await;
    assert_eq!((status, reply), (StatusCode::OK, json!({"success": true})));
    until(&server, PATIENCE, "the clock", |p| {
        count(p, RED) == 0 && count(p, [255; 3]) > 0
    })
    .await;
    // Dismissing with nothing showing is no error.
    let (status, _) = server.post("/api/notify/dismiss", json!(null)).await;
    assert_eq!(status, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn stacked_notifications_show_in_order_and_stack_false_replaces() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    notify(&server, json!({"text": "ONE", "color": "FF0000", "hold": true})).await;
    notify(&server, json!({"text": "TWO", "color": "00FF00", "hold": true})).await;
    notify(&server, json!({"text": "THREE", "hold": true})).await;
    let view = showing(&server).await;
    assert_eq!(
        (view["active"]["text"].clone(), view["queued"].clone()),
        (json!("ONE"), json!(2))
    );
    until(&server, PATIENCE, "the first, in red", |p| count(p, RED) > 0).await;

    server.post("/api/notify/dismiss", json!({})).await;
    until(&server, PATIENCE, "the second, in green", |p| {
        count(p, GREEN) > 0 && count(p, RED) == 0
    })
    .await;
    assert_eq!(showing(&server).await["active"]["text"], "TWO");

    notify(
        &server,
        json!({"text": "NOW", "color": [255, 0, 0], "stack": false, "hold": true}),
    )
    .await;
    let view = showing(&server).await;
    assert_eq!(
        (view["active"]["text"].clone(), view["queued"].clone()),
        (json!("NOW"), json!(1))
    );
    until(&server, PATIENCE, "the replacement", |p| {
        count(p, RED) > 0 && count(p, GREEN) == 0
    })
    .await;

    server.post("/api/notify/dismiss", json!(null)).await;
    assert_eq!(showing(&server).await["active"]["text"], "THREE", "the queue was kept");
    server.stop().await;
}

#[tokio::test]
async fn beyond_the_bound_the_queue_answers_429_and_keeps_what_it_has() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    for n in 0..=MAX_WAITING {
        notify(&server, json!({"text": format!("#{n}"), "hold": true})).await;
    }
    let before = showing(&server).await;
    assert_eq!(before["queued"], MAX_WAITING);
    let (status, reply) = server.post("/api/notify", json!({"text": "one too many"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(reply["error"].as_str().unwrap().contains("32"), "{reply}");
    assert_eq!(showing(&server).await, before);
    server.stop().await;
}

#[tokio::test]
async fn bad_values_are_refused_naming_the_key_and_change_nothing() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    notify(&server, json!({"text": "kept", "hold": true})).await;
    let before = showing(&server).await;
    let cases = [
        (json!({}), "'text' is required"),
        (json!({"text": "x", "color": "red"}), "'color'"),
        (json!({"text": "x", "color": [0, 0, 300]}), "'color'"),
        (json!({"text": "x", "duration": -5}), "'duration'"),
        (json!({"text": "x", "repeat": 0}), "'repeat'"),
        (json!({"text": "x", "hold": "yes"}), "'hold'"),
        (json!({"text": "x", "progress": 250}), "'progress'"),
        (json!({"text": "x", "progressC": "#12"}), "'progressC'"),
        (json!({"text": "x", "scrollSpeed": 0}), "'scrollSpeed'"),
        (json!({"text": "x", "textCase": 7}), "'textCase'"),
        (json!({"text": [{"c": "FF0000"}]}), "'text'"),
        (json!({"text": "x", "icon": "weather"}), "unknown icon 'weather'"),
    ];
    for (body, named) in cases {
        let (status, reply) = server.post("/api/notify", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let error = reply["error"].as_str().unwrap();
        assert!(error.contains(named), "{body}: {error}");
        assert_eq!(reply.as_object().unwrap().len(), 1);
    }
    assert_eq!(showing(&server).await, before);
    server.stop().await;
}

/// The fixtures' bodies, by file name.
fn fixtures() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/awtrix_notify");
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let body = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            (path.file_name().unwrap().to_string_lossy().into_owned(), body)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(found.len() >= 10, "{} fixtures", found.len());
    found
}

#[tokio::test]
async fn awtrix_style_bodies_are_all_accepted_and_drawn() {
    let dir = StateDir::new();
    // A blank app below: whatever lights up is the notification.
    let server = TestServer::spawn_with(&dir, &["--app", "scroll_text"]).await;
    let (status, _) = server.post("/api/config", json!({"text": ""})).await;
    assert_eq!(status, StatusCode::OK);
    for (name, body) in fixtures() {
        until(&server, PATIENCE, "a blank panel", |p| count(p, [0; 3]) == p.len()).await;
        let (status, reply) = server.post("/api/notify", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {reply}");
        assert!(showing(&server).await["active"]["text"].is_string(), "{name}");
        until(&server, DEADLINE, &format!("{name} drawn"), |p| {
            count(p, [0; 3]) < p.len()
        })
        .await;
        server.post("/api/notify/dismiss", json!(null)).await;
        assert_eq!(showing(&server).await, json!({"active": null, "queued": 0}), "{name}");
    }
    server.stop().await;
}

#[tokio::test]
async fn the_notification_event_is_broadcast_but_sent_initially_only_on_request() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut client = server.connect().await;
    client.expect_state().await;
    client.assert_quiet_for(Duration::from_millis(300)).await;

    notify(&server, json!({"text": "Hi", "hold": true, "color": [1, 2, 3]})).await;
    let event = client.expect("notification").await;
    assert_eq!(event["active"]["text"], "Hi");
    assert_eq!(event["active"]["color"], json!([1, 2, 3]));
    assert_eq!(event["queued"], 0);

    client.emit("request_state").await;
    client.expect_state().await;
    client.assert_quiet_for(Duration::from_millis(300)).await;

    client
        .emit_with("request_state", json!({"views": ["notification"]}))
        .await;
    client.expect_state().await;
    assert_eq!(client.expect("notification").await, event);

    server.post("/api/notify/dismiss", json!(null)).await;
    assert_eq!(
        client.expect("notification").await,
        json!({"active": null, "queued": 0})
    );
    client.disconnect().await;
    server.stop().await;
}

#[tokio::test]
async fn only_a_wakeup_notification_shows_on_a_stopped_or_dark_panel() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    server.post("/api/stop", json!(null)).await;
    until(&server, PATIENCE, "a blank panel", |p| count(p, [0; 3]) == p.len()).await;
    notify(&server, json!({"text": "unseen", "color": "#FF0000", "hold": true})).await;
    assert_eq!(
        showing(&server).await["active"]["text"],
        "unseen",
        "it takes its turn all the same"
    );
    notify(
        &server,
        json!({"text": "WAKE", "color": "#FF0000", "stack": false, "hold": true, "wakeup": true}),
    )
    .await;
    until(&server, PATIENCE, "the wakeup notification", |p| count(p, RED) > 0).await;

    server.post("/api/switch", json!({"app": "clock"})).await;
    server.post("/api/settings", json!({"brightness": 0})).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        count(&pixels(&server).await, RED) > 0,
        "at full brightness on a dark panel"
    );
    notify(
        &server,
        json!({"text": "dark", "color": "#FF0000", "stack": false, "hold": true}),
    )
    .await;
    until(&server, PATIENCE, "a dark panel", |p| count(p, [0; 3]) == p.len()).await;
    server.stop().await;
}

#[tokio::test]
async fn notifications_are_not_written_to_the_state_file() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    server.post("/api/settings", json!({"brightness": 60})).await;
    notify(&server, json!({"text": "transient", "hold": true})).await;
    server.stop().await;
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(dir.state_file()).unwrap()).unwrap();
    assert_eq!(saved["settings"]["brightness"], 60);
    assert!(!saved.to_string().contains("transient"), "{saved}");

    let server = TestServer::spawn(&dir).await;
    assert_eq!(showing(&server).await, json!({"active": null, "queued": 0}));
    server.stop().await;
}

// The timers, on paused tokio time.

fn request(body: Value) -> Command {
    Command::Notify(NotifyRequest::read(body.as_object().unwrap().clone()).unwrap())
}

fn active(manager: &Manager) -> Option<String> {
    manager.view(|_, state| state.notifications.active.as_ref().map(|n| n.content.plain_text()))
}

async fn settle() {
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
}

async fn advance(seconds: f64) {
    tokio::time::advance(Duration::from_secs_f64(seconds)).await;
    settle().await;
}

#[tokio::test(start_paused = true)]
async fn each_notification_ends_after_its_own_time_and_the_next_follows() {
    let manager = manager();
    let shutdown = CancellationToken::new();
    let timer = tokio::spawn(notification_timer::run(manager.clone(), (64, 32), shutdown.clone()));
    manager
        .execute(request(json!({"text": "first", "duration": 2})))
        .await
        .unwrap();
    let long = json!({"text": "A text far too long for the panel", "repeat": 2, "duration": 1});
    manager.execute(request(long.clone())).await.unwrap();
    settle().await;

    advance(1.9).await;
    assert_eq!(active(&manager).as_deref(), Some("first"));
    advance(0.2).await;
    assert_eq!(active(&manager).as_deref(), Some(long["text"].as_str().unwrap()));
    // Two passes of 33 characters of 6 pixels plus the panel, a pixel a frame at 30 frames a second.
    let two_passes = 2.0 * f64::from(64 + 33 * 6) / 30.0;
    advance(two_passes - 0.1).await;
    assert!(active(&manager).is_some(), "its duration does not count, its passes do");
    advance(0.2).await;
    assert_eq!(active(&manager), None);
    shutdown.cancel();
    timer.await.unwrap();
}

fn running(manager: &Manager) -> (Option<String>, usize) {
    manager.view(|registry, state| (CurrentApp::of(registry, state).app, state.carousel.index))
}

#[tokio::test(start_paused = true)]
async fn the_carousel_pauses_while_a_notification_shows_and_keeps_its_place() {
    let manager = manager();
    let shutdown = CancellationToken::new();
    let rotation = tokio::spawn(carousel::run(manager.clone(), shutdown.clone()));
    let timer = tokio::spawn(notification_timer::run(manager.clone(), (64, 32), shutdown.clone()));
    let update = CarouselUpdate {
        enabled: Some(true),
        entries: Some(vec![entry("clock", 4.0), entry("stars", 4.0)]),
    };
    manager.execute(Command::SetCarousel(update)).await.unwrap();
    settle().await;

    advance(3.0).await;
    manager
        .execute(request(json!({"text": "held", "hold": true})))
        .await
        .unwrap();
    settle().await;
    advance(30.0).await;
    assert_eq!(running(&manager), (Some("clock".into()), 0), "no step while it shows");
    manager.execute(Command::DismissNotification).await.unwrap();
    settle().await;

    // The clock had a second left, and gets exactly that.
    advance(0.9).await;
    assert_eq!(running(&manager), (Some("clock".into()), 0));
    advance(0.2).await;
    assert_eq!(running(&manager), (Some("stars".into()), 1));

    // A timed notification pauses it the same way: 2 s shown, then stars' 4 s resume.
    advance(1.0).await;
    manager
        .execute(request(json!({"text": "timed", "duration": 2})))
        .await
        .unwrap();
    settle().await;
    advance(2.1).await;
    assert_eq!(active(&manager), None);
    advance(2.8).await;
    assert_eq!(running(&manager), (Some("stars".into()), 1));
    advance(0.2).await;
    assert_eq!(running(&manager), (Some("clock".into()), 0));

    shutdown.cancel();
    rotation.await.unwrap();
    timer.await.unwrap();
}

/// Where the heart icon's red is: 8 x 8 at the left, centred on the 32 rows.
fn heart_pixels(pixels: &[[u8; 3]]) -> usize {
    (12..20)
        .flat_map(|y| (0..8).map(move |x| y * 64 + x))
        .filter(|&at| pixels[at] == [235, 30, 40])
        .count()
}

#[tokio::test]
async fn an_icon_sits_at_the_left_with_the_text_beside_it() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--app", "stars"]).await;
    notify(
        &server,
        json!({"icon": "heart", "text": "Hi", "color": GREEN, "hold": true}),
    )
    .await;
    until(&server, DEADLINE, "the heart and the text", |pixels| {
        heart_pixels(pixels) > 10
            && (0..pixels.len()).any(|at| at % 64 >= 9 && pixels[at] == GREEN)
            && (0..pixels.len()).all(|at| at % 64 >= 9 || pixels[at] != GREEN)
    })
    .await;

    // An icon alone is a notification too; an icon nobody has is refused.
    server.post("/api/notify/dismiss", json!({})).await;
    notify(&server, json!({"icon": "heart", "hold": true})).await;
    until(&server, DEADLINE, "the heart alone", |pixels| heart_pixels(pixels) > 10).await;
    let (status, reply) = server.post("/api/notify", json!({"icon": "nothing-here"})).await;
    assert_eq!(
        (status, reply),
        (StatusCode::BAD_REQUEST, json!({"error": "unknown icon 'nothing-here'"}))
    );
    server.stop().await;
}

#[tokio::test]
async fn a_custom_app_draws_its_icon() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let (status, _) = server
        .post("/api/custom?name=weather", json!({"icon": "heart", "text": "21"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    server.post("/api/switch", json!({"app": "weather"})).await;
    until(&server, DEADLINE, "the custom app's heart", |pixels| {
        heart_pixels(pixels) > 10
    })
    .await;
    let (status, reply) = server
        .post("/api/custom?name=other", json!({"icon": "nothing-here"}))
        .await;
    assert_eq!(
        (status, reply),
        (StatusCode::BAD_REQUEST, json!({"error": "unknown icon 'nothing-here'"}))
    );
    server.stop().await;
}
