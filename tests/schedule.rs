//! Carousel entry schedules, driven at the manager level on paused tokio time with a clock that follows it.

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Europe::Berlin;
use common::{StateDir, TestServer};
use reqwest::StatusCode;
use retroboard::apps::Registry;
use retroboard::clock::Clock;
use retroboard::manager::schedule::Schedule;
use retroboard::manager::state::{CarouselEntry, State, StateFile};
use retroboard::manager::{CarouselUpdate, Command, Manager, carousel};
use retroboard::persistence::FileStore;
use tokio_util::sync::CancellationToken;

/// A manager whose clock reads `start` (local, Berlin) now and moves with tokio time.
fn manager_at(start: &str) -> Arc<Manager> {
    let registry = Arc::new(Registry::builtin());
    let state = State::from_file(StateFile::default(), &registry, Some("clock"), |w| panic!("{w}"));
    let store = Arc::new(FileStore::new("never-saved.json".into(), state));
    let local = NaiveDateTime::parse_from_str(start, "%Y-%m-%d %H:%M:%S").unwrap();
    let start = Berlin.from_local_datetime(&local).unwrap().to_utc();
    Arc::new(Manager::new(registry, store.current(), store).with_clock(Clock::following_tokio(start, Berlin)))
}

fn entry(app: &str, seconds: u32, days: Option<&[&str]>, window: Option<(&str, &str)>) -> CarouselEntry {
    CarouselEntry {
        app: app.into(),
        duration: seconds.into(),
        schedule: Schedule {
            days: days.map(|days| days.iter().map(|day| (*day).to_owned()).collect()),
            start: window.map(|(start, _)| start.to_owned()),
            end: window.map(|(_, end)| end.to_owned()),
        },
    }
}

async fn enable(manager: &Manager, entries: Vec<CarouselEntry>) {
    let update = CarouselUpdate {
        enabled: Some(true),
        entries: Some(entries),
    };
    manager.execute(Command::SetCarousel(update)).await.unwrap();
}

fn showing(manager: &Manager) -> (Option<String>, usize) {
    let state = manager.state();
    (state.current.clone(), state.carousel.index)
}

async fn settle() {
    for _ in 0..20 {
        tokio::task::yield_now().await;
    }
}

async fn advance(seconds: u64) {
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    settle().await;
}

#[tokio::test(start_paused = true)]
async fn steps_skip_entries_outside_their_days_and_hours() {
    // 2024-05-03 is a Friday.
    let manager = manager_at("2024-05-03 08:58:00");
    let timer = CancellationToken::new();
    let task = tokio::spawn(carousel::run(manager.clone(), timer.clone()));
    enable(
        &manager,
        vec![
            entry("clock", 60, None, None),
            entry("stars", 60, Some(&["sat", "sun"]), None),
            entry("scroll_text", 60, None, Some(("06:00", "09:00"))),
        ],
    )
    .await;
    settle().await;
    assert_eq!(showing(&manager), (Some("clock".into()), 0));
    advance(60).await; // 08:59: the weekend entry is skipped
    assert_eq!(showing(&manager), (Some("scroll_text".into()), 2));
    advance(60).await; // 09:00: back to the clock
    assert_eq!(showing(&manager), (Some("clock".into()), 0));
    advance(60).await; // 09:01: only the clock may show, and it stays
    assert_eq!(showing(&manager), (Some("clock".into()), 0));
    timer.cancel();
    task.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn when_no_entry_may_show_the_app_on_the_panel_stays() {
    let manager = manager_at("2024-05-03 12:00:00");
    let timer = CancellationToken::new();
    let task = tokio::spawn(carousel::run(manager.clone(), timer.clone()));
    // Enabled on a Friday: the weekend entry is first, so the carousel steps on at once.
    enable(
        &manager,
        vec![
            entry("stars", 30, Some(&["sat", "sun"]), None),
            entry("scroll_text", 30, None, Some(("12:00", "12:01"))),
        ],
    )
    .await;
    settle().await;
    assert_eq!(showing(&manager), (Some("scroll_text".into()), 1));
    advance(30).await;
    assert_eq!(
        showing(&manager),
        (Some("scroll_text".into()), 1),
        "the only entry allowed"
    );
    // From 12:01 nothing may show: the last app stays, for hours.
    advance(3 * 3600).await;
    assert_eq!(showing(&manager), (Some("scroll_text".into()), 1));
    // Saturday: the weekend entry comes up within a minute of midnight.
    tokio::time::sleep(Duration::from_secs(12 * 3600 - 3 * 3600 - 60)).await;
    advance(2 * 60).await;
    assert_eq!(showing(&manager), (Some("stars".into()), 0));
    timer.cancel();
    task.await.unwrap();
}

#[tokio::test]
async fn bad_schedules_are_refused_and_unscheduled_entries_keep_their_wire_shape() {
    let manager = manager_at("2024-05-03 12:00:00");
    let bad = entry("clock", 10, Some(&["someday"]), None);
    let update = CarouselUpdate {
        enabled: Some(true),
        entries: Some(vec![entry("stars", 10, None, None), bad]),
    };
    let error = manager.execute(Command::SetCarousel(update)).await.unwrap_err();
    assert!(error.to_string().starts_with("Carousel entry 2: 'days'"), "{error}");
    let plain = serde_json::to_string(&entry("clock", 10, None, None)).unwrap();
    assert_eq!(plain, r#"{"app":"clock","duration":10}"#);
    let scheduled = serde_json::to_value(entry("clock", 10, Some(&["mon"]), Some(("07:00", "08:00")))).unwrap();
    assert_eq!(
        scheduled,
        serde_json::json!({"app": "clock", "duration": 10, "days": ["mon"], "start": "07:00", "end": "08:00"})
    );
    let read: CarouselEntry = serde_json::from_value(scheduled).unwrap();
    assert_eq!(read.schedule.days.as_deref(), Some(&["mon".to_owned()][..]));
}

#[tokio::test]
async fn schedules_go_over_rest_and_back_and_bad_ones_are_refused_whole() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let apps = serde_json::json!([
        {"app": "clock", "duration": 10},
        {"app": "stars", "duration": 5, "days": ["sat", "sun"], "start": "22:00", "end": "02:00"}
    ]);
    let (status, reply) = server
        .post("/api/carousel", serde_json::json!({"enabled": false, "apps": apps}))
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(server.get("/api/carousel").await.1["apps"], apps);

    let bad = serde_json::json!([{"app": "clock", "duration": 10}, {"app": "stars", "duration": 5, "start": "22:00"}]);
    let (status, reply) = server.post("/api/carousel", serde_json::json!({"apps": bad})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(reply["error"], "Carousel entry 2: 'start' and 'end' go together");
    assert_eq!(server.get("/api/carousel").await.1["apps"], apps, "nothing changed");
    server.stop().await;
}
