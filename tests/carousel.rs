//! The carousel timer, driven at the manager level on paused tokio time.

mod common;

use std::time::Duration;

use common::domain::{entry, manager};
use retroboard::manager::views::{CurrentApp, Payload};
use retroboard::manager::{CarouselUpdate, Command, Manager, carousel};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// The changes of the view sent as `event`.
fn watch_view(manager: &Manager, event: &str) -> watch::Receiver<Payload> {
    let (_, changes) = manager.watch_views().find(|(view, _)| view.event == event).unwrap();
    changes
}

fn running(manager: &Manager) -> (Option<String>, usize) {
    manager.view(|registry, state| (CurrentApp::of(registry, state).app, state.carousel.index))
}

/// Lets the timer task run everything that is due up to now.
async fn settle() {
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test(start_paused = true)]
async fn rotates_through_the_entries_with_their_durations_and_wraps() {
    let manager = manager();
    let shutdown = CancellationToken::new();
    let timer = tokio::spawn(carousel::run(manager.clone(), shutdown.clone()));
    let entries = vec![entry("scroll_text", 2.5), entry("stars", 1.0), entry("clock", 4.0)];
    manager
        .execute(Command::SetCarousel(CarouselUpdate {
            enabled: Some(true),
            entries: Some(entries),
        }))
        .await
        .unwrap();
    settle().await;
    assert_eq!(running(&manager), (Some("scroll_text".into()), 0));

    let steps = [
        (2.4, ("scroll_text", 0)),
        (0.2, ("stars", 1)), // 2.6 s: the 2.5 s entry has ended
        (0.9, ("stars", 1)),
        (0.2, ("clock", 2)), // 3.6 s
        (3.9, ("clock", 2)),
        (0.2, ("scroll_text", 0)), // 7.6 s: wrapped around
    ];
    for (advance, (app, index)) in steps {
        tokio::time::advance(Duration::from_secs_f64(advance)).await;
        settle().await;
        assert_eq!(running(&manager), (Some(app.into()), index));
    }
    shutdown.cancel();
    timer.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn each_step_publishes_current_app_and_carousel_config() {
    let manager = manager();
    let shutdown = CancellationToken::new();
    let timer = tokio::spawn(carousel::run(manager.clone(), shutdown.clone()));
    manager
        .execute(Command::SetCarousel(CarouselUpdate {
            enabled: Some(true),
            entries: Some(vec![entry("clock", 1.0), entry("stars", 1.0)]),
        }))
        .await
        .unwrap();
    settle().await;
    let mut current = watch_view(&manager, "current_app");
    let mut carousel_views = watch_view(&manager, "carousel_config");
    current.mark_unchanged();
    carousel_views.mark_unchanged();

    tokio::time::advance(Duration::from_millis(1001)).await;
    settle().await;
    assert!(current.has_changed().unwrap());
    assert!(matches!(&*current.borrow_and_update(), Payload::CurrentApp(view) if view.app.as_deref() == Some("stars")));
    assert!(carousel_views.has_changed().unwrap());
    assert!(matches!(&*carousel_views.borrow_and_update(), Payload::Carousel(view) if view.current_index == 1));
    shutdown.cancel();
    timer.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn disabling_stops_rotation_and_keeps_the_app() {
    let manager = manager();
    let shutdown = CancellationToken::new();
    let timer = tokio::spawn(carousel::run(manager.clone(), shutdown.clone()));
    manager
        .execute(Command::SetCarousel(CarouselUpdate {
            enabled: Some(true),
            entries: Some(vec![entry("stars", 1.0), entry("clock", 1.0)]),
        }))
        .await
        .unwrap();
    settle().await;
    manager
        .execute(Command::SetCarousel(CarouselUpdate {
            enabled: Some(false),
            entries: None,
        }))
        .await
        .unwrap();
    settle().await;
    tokio::time::advance(Duration::from_secs(30)).await;
    settle().await;
    assert_eq!(running(&manager), (Some("stars".into()), 0));
    shutdown.cancel();
    timer.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_new_list_restarts_from_the_first_entry_and_its_full_duration() {
    let manager = manager();
    let shutdown = CancellationToken::new();
    let timer = tokio::spawn(carousel::run(manager.clone(), shutdown.clone()));
    manager
        .execute(Command::SetCarousel(CarouselUpdate {
            enabled: Some(true),
            entries: Some(vec![entry("clock", 1.0), entry("stars", 1.0)]),
        }))
        .await
        .unwrap();
    settle().await;
    tokio::time::advance(Duration::from_millis(1100)).await;
    settle().await;
    assert_eq!(running(&manager), (Some("stars".into()), 1));

    tokio::time::advance(Duration::from_millis(800)).await;
    manager
        .execute(Command::SetCarousel(CarouselUpdate {
            enabled: None,
            entries: Some(vec![entry("scroll_text", 2.0), entry("clock", 1.0)]),
        }))
        .await
        .unwrap();
    settle().await;
    assert_eq!(running(&manager), (Some("scroll_text".into()), 0));
    tokio::time::advance(Duration::from_millis(1900)).await;
    settle().await;
    assert_eq!(
        running(&manager),
        (Some("scroll_text".into()), 0),
        "the countdown restarted with the new list"
    );
    tokio::time::advance(Duration::from_millis(200)).await;
    settle().await;
    assert_eq!(running(&manager), (Some("clock".into()), 1));
    shutdown.cancel();
    timer.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn unrelated_changes_do_not_reset_the_countdown() {
    let manager = manager();
    let shutdown = CancellationToken::new();
    let timer = tokio::spawn(carousel::run(manager.clone(), shutdown.clone()));
    manager
        .execute(Command::SetCarousel(CarouselUpdate {
            enabled: Some(true),
            entries: Some(vec![entry("clock", 2.0), entry("stars", 2.0)]),
        }))
        .await
        .unwrap();
    settle().await;
    tokio::time::advance(Duration::from_millis(1500)).await;
    manager.execute(Command::SetBrightness(10)).await.unwrap();
    settle().await;
    tokio::time::advance(Duration::from_millis(600)).await;
    settle().await;
    assert_eq!(running(&manager), (Some("stars".into()), 1));
    shutdown.cancel();
    timer.await.unwrap();
}
