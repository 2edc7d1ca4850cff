//! State topics: the views the Socket.IO events carry, published retained.
//!
//! One task per view, so each topic's messages leave in the order its values
//! changed; a new broker session (a first connection or a reconnection)
//! publishes the current value again, since the broker may have lost it.

use std::sync::Arc;

use rumqttc::{AsyncClient, QoS};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::topics::Topics;
use crate::manager::Manager;
use crate::manager::views::Payload;

/// Which views are published, each as `<prefix>/state/<name>`: (event, name).
pub const PUBLISHED: &[(&str, &str)] = &[
    ("current_app", "current_app"),
    ("settings", "settings"),
    ("carousel_config", "carousel"),
    ("notification", "notification"),
];

/// Starts one publishing task per view of [`PUBLISHED`].
pub fn spawn(
    tasks: &mut JoinSet<()>,
    client: &AsyncClient,
    manager: &Arc<Manager>,
    topics: &Topics,
    sessions: &watch::Receiver<u64>,
    stop: &CancellationToken,
) {
    for (view, changes) in manager.watch_views() {
        let Some((_, name)) = PUBLISHED.iter().find(|(event, _)| *event == view.event) else {
            continue;
        };
        tasks.spawn(publish(
            client.clone(),
            topics.state(name),
            changes,
            sessions.clone(),
            stop.clone(),
        ));
    }
}

async fn publish(
    client: AsyncClient,
    topic: String,
    mut view: watch::Receiver<Payload>,
    mut sessions: watch::Receiver<u64>,
    stop: CancellationToken,
) {
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            changed = sessions.changed() => if changed.is_err() { return },
            changed = view.changed() => if changed.is_err() { return },
        }
        if *sessions.borrow_and_update() == 0 {
            // Not connected yet: the first session publishes the value then.
            continue;
        }
        let payload = serde_json::to_vec(&*view.borrow_and_update()).expect("views always serialise");
        if client.publish(&topic, QoS::AtLeastOnce, true, payload).await.is_err() {
            return;
        }
    }
}
