//! The carousel timer: a task that sleeps until the current entry's time is up, then steps.
//!
//! It sleeps on a tokio timer and wakes early only when the carousel view
//! changes (a step, or a reconfiguration), so an idle carousel costs nothing
//! and a new configuration restarts the countdown for the entry now showing.
//! While a notification shows the countdown stands still, and it resumes with
//! the time that was left once the notification is gone: an interruption
//! neither skips an entry nor cuts it short. Installed apps with nothing to
//! show here (their `main` returned nothing, or they have not rendered yet)
//! are passed over, as entries out of their hours are; the timer follows
//! which ones have a picture as renders land.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::views::CarouselView;
use super::{Command, Manager, schedule};

pub async fn run(manager: Arc<Manager>, shutdown: CancellationToken) {
    let mut views = manager.watch_carousel();
    let mut notifications = manager.watch_notification();
    let mut showable = manager.registry().renders().map(|renders| renders.watch_showable());
    loop {
        let view = views.borrow_and_update().clone();
        let full = dwell_time(&view);
        let mut blank = blank_entries(&manager, &view, showable.as_mut());
        let mut left = full.map(|full| schedule::dwell(&view, manager.clock().now(), full, &blank));
        // Counts `view`'s entry down, standing still while a notification shows.
        loop {
            let paused = notifications.borrow_and_update().is_some();
            let started = Instant::now();
            let sleep = async {
                match left {
                    Some(duration) if !paused => tokio::time::sleep(duration).await,
                    _ => std::future::pending().await,
                }
            };
            tokio::select! {
                () = shutdown.cancelled() => return,
                changed = views.changed() => {
                    if changed.is_err() { return }
                    break;
                }
                changed = notifications.changed() => {
                    if changed.is_err() { return }
                    if !paused {
                        left = left.map(|left| left.saturating_sub(started.elapsed()));
                    }
                }
                changed = showable_changed(&mut showable) => {
                    if changed.is_err() { return }
                    if !paused {
                        left = left.map(|left| left.saturating_sub(started.elapsed()));
                    }
                    // Only a change to whether the entry showing may show starts its countdown afresh.
                    let now = manager.clock().now();
                    let before = current_may_show(&view, now, &blank);
                    blank = blank_entries(&manager, &view, showable.as_mut());
                    if before != current_may_show(&view, now, &blank) {
                        left = full.map(|full| schedule::dwell(&view, now, full, &blank));
                    }
                }
                () = sleep => {
                    let command = if blank.is_empty() {
                        Command::AdvanceCarousel { expected: view }
                    } else {
                        let to = schedule::next(&view.apps, view.current_index, manager.clock().now(), &blank);
                        Command::StepCarousel { expected: view, to }
                    };
                    if let Err(error) = manager.execute(command).await {
                        tracing::warn!(%error, "carousel step failed");
                    }
                    break;
                }
            }
        }
    }
}

/// The carousel's installed apps that have no picture to show on this instance.
fn blank_entries(
    manager: &Manager,
    view: &CarouselView,
    showable: Option<&mut watch::Receiver<BTreeSet<String>>>,
) -> BTreeSet<String> {
    let Some(showable) = showable else {
        return BTreeSet::new();
    };
    let shown = showable.borrow_and_update().clone();
    manager.view(|_, state| {
        view.apps
            .iter()
            .filter(|entry| state.installations.contains_key(&entry.app) && !shown.contains(&entry.app))
            .map(|entry| entry.app.clone())
            .collect()
    })
}

fn current_may_show(view: &CarouselView, now: chrono::DateTime<chrono_tz::Tz>, blank: &BTreeSet<String>) -> bool {
    view.apps
        .get(view.current_index)
        .is_some_and(|entry| schedule::may_show(entry, now, blank))
}

/// Resolves when the set of apps with a picture changes; never without renders.
async fn showable_changed(
    showable: &mut Option<watch::Receiver<BTreeSet<String>>>,
) -> Result<(), watch::error::RecvError> {
    match showable {
        Some(showable) => showable.changed().await,
        None => std::future::pending().await,
    }
}

/// How long the current entry shows, or `None` when nothing rotates.
fn dwell_time(view: &CarouselView) -> Option<Duration> {
    if !view.enabled {
        return None;
    }
    let entry = view.apps.get(view.current_index)?;
    Duration::try_from_secs_f64(entry.seconds()).ok()
}
