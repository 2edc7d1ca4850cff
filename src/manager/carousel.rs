//! The carousel timer: a task that sleeps until the current entry's time is up, then steps.
//!
//! It sleeps on a tokio timer and wakes early only when the carousel view
//! changes (a step, or a reconfiguration), so an idle carousel costs nothing
//! and a new configuration restarts the countdown for the entry now showing.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::views::CarouselView;
use super::{Command, Manager, schedule};

pub async fn run(manager: Arc<Manager>, shutdown: CancellationToken) {
    let mut views = manager.watch_carousel();
    loop {
        let view = views.borrow_and_update().clone();
        let sleep = async {
            match dwell_time(&view) {
                Some(full) => tokio::time::sleep(schedule::dwell(&view, manager.clock().now(), full)).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = views.changed() => if changed.is_err() { return },
            () = sleep => {
                if let Err(error) = manager.execute(Command::AdvanceCarousel { expected: view }).await {
                    tracing::warn!(%error, "carousel step failed");
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
