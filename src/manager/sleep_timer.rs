//! The sleep timer: resumes the panel a sleep's length after it began.
//!
//! Like the custom app timer it runs on the panel owner only, and measures
//! from when it first saw the sleep, so a sleep taken over by another
//! instance of a cluster lasts a little longer rather than ending at once.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::{Command, Manager};

pub async fn run(manager: Arc<Manager>, shutdown: CancellationToken) {
    let mut sleeps = manager.watch_sleep();
    let mut due: Option<(u64, Instant)> = None;
    loop {
        let current = *sleeps.borrow_and_update();
        due = current.map(|sleep| match due {
            Some((id, at)) if id == sleep.id => (id, at),
            _ => (sleep.id, Instant::now() + Duration::from_secs_f64(sleep.seconds)),
        });
        let wake = async {
            match due {
                Some((_, at)) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = sleeps.changed() => if changed.is_err() { return },
            () = wake => {
                let Some((id, _)) = due.take() else { continue };
                if let Err(error) = manager.execute(Command::Wake { id }).await {
                    tracing::warn!(%error, "could not wake the panel after its sleep");
                }
            }
        }
    }
}
