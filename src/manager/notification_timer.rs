//! The notification timer: ends the notification showing once its time is up.
//!
//! Like the carousel timer it runs on the panel owner only, and sleeps until
//! the notification showing is due to end or another one shows. A
//! notification held until dismissed has no end, and one whose text scrolls a
//! number of times ends after that many passes across this panel.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use super::{Command, Manager};

/// Ends each notification on a `width`x`height` panel when its time is up.
pub async fn run(manager: Arc<Manager>, (width, height): (u16, u16), shutdown: CancellationToken) {
    let mut showing = manager.watch_notification();
    loop {
        let current = showing.borrow_and_update().clone();
        let due = current
            .as_ref()
            .and_then(|notification| notification.showing_time(width.into(), height.into()));
        let sleep = async {
            match due {
                Some(duration) => tokio::time::sleep(duration).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = showing.changed() => if changed.is_err() { return },
            () = sleep => {
                let Some(notification) = current else { continue };
                if let Err(error) = manager.execute(Command::EndNotification { id: notification.id }).await {
                    tracing::warn!(%error, "could not end a notification");
                }
            }
        }
    }
}
