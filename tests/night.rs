//! Night mode, driven at the manager level on paused tokio time with a clock that follows it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::America::New_York;
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use retroboard::apps::Registry;
use retroboard::clock::Clock;
use retroboard::cluster::lease::while_owner;
use retroboard::manager::night::NightUpdate;
use retroboard::manager::night::timer::{self, Shown};
use retroboard::manager::state::{CarouselEntry, State, StateFile};
use retroboard::manager::views::Settings;
use retroboard::manager::{CarouselUpdate, Command, Manager, carousel};
use retroboard::persistence::FileStore;
use tokio_util::sync::CancellationToken;

/// The instant `zone`'s wall clock reads `local` (`2024-05-01 21:59:00`), the earlier of two.
fn at(zone: Tz, local: &str) -> DateTime<Utc> {
    let local = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S").unwrap();
    zone.from_local_datetime(&local).earliest().unwrap().with_timezone(&Utc)
}

/// A manager over `state`, whose clock reads `start` now and moves with tokio time.
fn manager_at(state: State, zone: Tz, start: &str) -> Arc<Manager> {
    let registry = Arc::new(Registry::builtin());
    let store = Arc::new(FileStore::new("never-saved.json".into(), state));
    let clock = Clock::following_tokio(at(zone, start), zone);
    Arc::new(Manager::new(registry, store.current(), store).with_clock(clock))
}

fn defaults() -> State {
    State::from_file(StateFile::default(), &Registry::builtin(), Some("clock"), |w| {
        panic!("{w}")
    })
}

/// Night 22:00 to 07:00 at brightness 5, showing `app`.
fn night(app: Option<&str>) -> Command {
    Command::SetNight(NightUpdate {
        enabled: Some(true),
        start: Some("22:00".into()),
        end: Some("07:00".into()),
        brightness: Some(5),
        app: Some(app.map(str::to_owned)),
    })
}

/// The night timer and the carousel (paused while the night shows its own
/// app), as the panel owner runs them.
struct Board {
    manager: Arc<Manager>,
    panel: Arc<Shown>,
    shutdown: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Board {
    async fn start(manager: Arc<Manager>) -> Self {
        let clock = manager.clock().clone();
        let panel = Arc::new(Shown::new(&manager, &clock));
        let shutdown = CancellationToken::new();
        let night = tokio::spawn(timer::run(manager.clone(), clock, panel.clone(), shutdown.clone()));
        let carousel_manager = manager.clone();
        let carousel = tokio::spawn(while_owner(
            panel.carousel_runs.subscribe(),
            shutdown.clone(),
            move |stop| carousel::run(carousel_manager.clone(), stop),
        ));
        settle().await;
        Self {
            manager,
            panel,
            shutdown,
            tasks: vec![night, carousel],
        }
    }

    /// The app and brightness the panel shows.
    fn shows(&self) -> (Option<String>, u8) {
        let scene = self.panel.scene.borrow();
        (scene.app.clone(), scene.brightness)
    }

    /// Waits until the wall clock reads `local` in the manager's zone.
    async fn until(&self, local: &str) {
        let clock = self.manager.clock();
        tokio::time::sleep(clock.until(at(clock.zone(), local))).await;
        settle().await;
    }

    async fn stop(self) {
        self.shutdown.cancel();
        for task in self.tasks {
            task.await.unwrap();
        }
    }
}

/// Lets every task run what is due up to now.
async fn settle() {
    for _ in 0..20 {
        tokio::task::yield_now().await;
    }
}

fn entry(app: &str, seconds: u32) -> CarouselEntry {
    CarouselEntry {
        app: app.into(),
        duration: seconds.into(),
        schedule: Default::default(),
    }
}

#[tokio::test(start_paused = true)]
async fn the_night_starts_and_ends_on_the_minute() {
    let manager = manager_at(defaults(), Berlin, "2024-05-01 21:58:00");
    manager.execute(Command::SetBrightness(80)).await.unwrap();
    manager.execute(night(Some("stars"))).await.unwrap();
    let board = Board::start(manager).await;
    let day = (Some("clock".to_owned()), 80);
    let night = (Some("stars".to_owned()), 5);

    for (time, shows) in [
        ("2024-05-01 21:59:00", &day),
        ("2024-05-01 21:59:59", &day),
        ("2024-05-01 22:00:00", &night),
        ("2024-05-02 00:00:00", &night),
        ("2024-05-02 06:59:00", &night),
        ("2024-05-02 06:59:59", &night),
        ("2024-05-02 07:00:00", &day),
        ("2024-05-02 21:59:00", &day),
        ("2024-05-02 22:00:00", &night),
    ] {
        board.until(time).await;
        assert_eq!(&board.shows(), shows, "at {time}");
    }
    board.stop().await;
}

#[tokio::test(start_paused = true)]
async fn without_a_night_app_the_daytime_app_dims_and_the_carousel_goes_on() {
    let manager = manager_at(defaults(), Berlin, "2024-05-01 21:59:00");
    manager.execute(night(None)).await.unwrap();
    manager
        .execute(Command::SetCarousel(CarouselUpdate {
            enabled: Some(true),
            entries: Some(vec![entry("clock", 60), entry("scroll_text", 60)]),
        }))
        .await
        .unwrap();
    let board = Board::start(manager).await;
    assert_eq!(board.shows(), (Some("clock".into()), 100));
    board.until("2024-05-01 22:00:30").await;
    assert_eq!(board.shows(), (Some("scroll_text".into()), 5), "stepped at 22:00:00");
    board.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_night_app_pauses_the_carousel_and_the_day_resumes_where_it_was() {
    let manager = manager_at(defaults(), Berlin, "2024-05-01 21:59:30");
    manager.execute(night(Some("stars"))).await.unwrap();
    manager
        .execute(Command::SetCarousel(CarouselUpdate {
            enabled: Some(true),
            entries: Some(vec![entry("clock", 45), entry("scroll_text", 45)]),
        }))
        .await
        .unwrap();
    let board = Board::start(manager.clone()).await;
    let index = || manager.state().carousel.index;

    board.until("2024-05-01 22:00:00").await;
    assert_eq!((board.shows(), index()), ((Some("stars".into()), 5), 0));
    board.until("2024-05-02 06:59:59").await;
    assert_eq!(index(), 0, "no step all night");
    assert_eq!(manager.state().current.as_deref(), Some("clock"));

    board.until("2024-05-02 07:00:00").await;
    assert_eq!(board.shows(), (Some("clock".into()), 100));
    // The entry showing at nightfall gets its full time again.
    board.until("2024-05-02 07:00:44").await;
    assert_eq!(index(), 0);
    board.until("2024-05-02 07:00:46").await;
    assert_eq!((board.shows(), index()), ((Some("scroll_text".into()), 100), 1));
    board.stop().await;
}

#[tokio::test(start_paused = true)]
async fn commands_at_night_change_the_day_and_brightness_moves_the_night() {
    let manager = manager_at(defaults(), Berlin, "2024-05-01 23:00:00");
    manager.execute(Command::SetBrightness(80)).await.unwrap();
    manager.execute(night(Some("stars"))).await.unwrap();
    // Set before the night was on, 80 went to the day; now it is night.
    let board = Board::start(manager.clone()).await;
    assert_eq!(board.shows(), (Some("stars".into()), 5));

    manager.execute(Command::SetBrightness(30)).await.unwrap();
    manager
        .execute(Command::Switch {
            app: "scroll_text".into(),
            config: None,
        })
        .await
        .unwrap();
    settle().await;
    assert_eq!(board.shows(), (Some("stars".into()), 30));
    let state = manager.state();
    assert_eq!(Settings::of(&state).brightness, 80, "the daytime brightness is kept");
    assert_eq!(state.current.as_deref(), Some("scroll_text"));
    // A refused brightness is refused as by day.
    assert!(manager.execute(Command::SetBrightness(101)).await.is_err());

    board.until("2024-05-02 07:00:00").await;
    assert_eq!(board.shows(), (Some("scroll_text".into()), 80));
    manager.execute(Command::SetBrightness(60)).await.unwrap();
    settle().await;
    assert_eq!(board.shows(), (Some("scroll_text".into()), 60));
    assert_eq!(manager.state().night.brightness, 30);
    board.stop().await;
}

#[tokio::test(start_paused = true)]
async fn dst_nights_follow_the_wall_clock_in_berlin_and_new_york() {
    // (zone, evening before the change, morning after, real hours of that night)
    for (zone, evening, morning, hours) in [
        (Berlin, "2024-03-30", "2024-03-31", 8),
        (Berlin, "2024-10-26", "2024-10-27", 10),
        (New_York, "2024-03-09", "2024-03-10", 8),
        (New_York, "2024-11-02", "2024-11-03", 10),
    ] {
        let manager = manager_at(defaults(), zone, &format!("{evening} 21:59:00"));
        manager.execute(night(Some("stars"))).await.unwrap();
        let board = Board::start(manager).await;
        assert_eq!(board.shows().1, 100, "{zone} {evening}");

        board.until(&format!("{evening} 22:00:00")).await;
        let dusk = tokio::time::Instant::now();
        assert_eq!(board.shows(), (Some("stars".into()), 5), "{zone} {evening}");
        board.until(&format!("{morning} 06:59:59")).await;
        assert_eq!(board.shows().1, 5, "{zone} {morning}");
        board.until(&format!("{morning} 07:00:00")).await;
        assert_eq!(board.shows(), (Some("clock".into()), 100), "{zone} {morning}");
        let length = tokio::time::Instant::now() - dusk;
        assert_eq!(length, Duration::from_secs(hours * 3600), "{zone} {evening}");
        board.stop().await;
    }
}

#[tokio::test(start_paused = true)]
async fn a_server_started_or_restarted_in_the_night_is_in_the_night_at_once() {
    // The first run sets night mode up in the evening and is stopped at 02:00.
    let evening = manager_at(defaults(), New_York, "2024-05-01 20:00:00");
    evening.execute(Command::SetBrightness(70)).await.unwrap();
    evening.execute(night(Some("stars"))).await.unwrap();
    let file = serde_json::to_string(&evening.state().to_file()).unwrap();

    // The next starts from that file at 02:00: no night state was stored, yet it is night.
    let registry = Registry::builtin();
    let restored = State::from_file(serde_json::from_str(&file).unwrap(), &registry, Some("clock"), |w| {
        panic!("{w}")
    });
    assert_eq!(restored, *evening.state());
    let manager = manager_at(restored, New_York, "2024-05-02 02:00:00");
    let panel = Shown::new(&manager, manager.clock());
    assert_eq!(
        panel.scene.borrow().app.as_deref(),
        Some("stars"),
        "before any timer ran"
    );
    assert!(!*panel.carousel_runs.borrow());

    let board = Board::start(manager).await;
    assert_eq!(board.shows(), (Some("stars".into()), 5));
    board.until("2024-05-02 07:00:00").await;
    assert_eq!(board.shows(), (Some("clock".into()), 70));
    board.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_state_file_of_the_original_server_loads_with_night_mode_off() {
    let original = r#"{"last_app": "stars", "app_configs": {}, "settings": {"brightness": 40},
        "carousel": {"enabled": false, "apps": [{"app": "clock", "duration": 10}], "index": 0}}"#;
    let registry = Registry::builtin();
    let state = State::from_file(serde_json::from_str(original).unwrap(), &registry, None, |w| {
        panic!("{w}")
    });
    assert!(!state.night.enabled);
    assert!(
        state.to_file().night.is_none(),
        "nothing new is written until night mode is set"
    );
    let board = Board::start(manager_at(state, Berlin, "2024-05-01 23:00:00")).await;
    assert_eq!(board.shows(), (Some("stars".into()), 40));
    board.stop().await;
}
