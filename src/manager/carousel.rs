//! The carousel timer: a task that sleeps until the current entry's time is up, then steps.
//!
//! It sleeps on a tokio timer and wakes early only when the carousel view
//! changes (a step, or a reconfiguration), so an idle carousel costs nothing
//! and a new configuration restarts the countdown for the entry now showing.
//! While a notification shows the countdown stands still, and it resumes with
//! the time that was left once the notification is gone: an interruption
//! neither skips an entry nor cuts it short.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::views::CarouselView;
use super::{Command, Manager, schedule};

pub async fn run(manager: Arc<Manager>, shutdown: CancellationToken) {
    let mut views = manager.watch_carousel();
    let mut notifications = manager.watch_notification();
    loop {
        let view = views.borrow_and_update().clone();
        let mut left = dwell_time(&view).map(|full| schedule::dwell(&view, manager.clock().now(), full));
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
                () = sleep => {
                    if let Err(error) = manager.execute(Command::AdvanceCarousel { expected: view }).await {
                        tracing::warn!(%error, "carousel step failed");
                    }
                    break;
                }
            }
        }
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
