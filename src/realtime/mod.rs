//! Socket.IO on `/socket.io/`: the initial state on connect, `request_state`, and change broadcasts.
//!
//! Clients never change state over the socket (commands go through REST), so
//! this layer only reads: one task per event forwards the manager's views to
//! every socket as they change.

use std::sync::Arc;

use serde::Serialize;
use socketioxide::SocketIo;
use socketioxide::extract::{SocketRef, State};
use socketioxide::layer::SocketIoLayer;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::manager::Manager;

/// Builds the Socket.IO layer and registers the `/` namespace.
pub fn layer(config: &Config, manager: Arc<Manager>) -> (SocketIoLayer, SocketIo) {
    let (layer, io) = SocketIo::builder()
        .ping_interval(config.ping_interval)
        .ping_timeout(config.ping_timeout)
        .max_payload(config.max_payload as u64)
        .with_state(manager)
        .build_layer();
    io.ns("/", on_connect);
    (layer, io)
}

async fn on_connect(socket: SocketRef, State(manager): State<Arc<Manager>>) {
    tracing::debug!(sid = %socket.id, "client connected");
    send_state(&socket, &manager);
    socket.on("request_state", async |socket: SocketRef, State(manager): State<Arc<Manager>>| {
        send_state(&socket, &manager);
    });
}

/// Sends one socket the four state events, all from the same instant.
fn send_state(socket: &SocketRef, manager: &Manager) {
    let snapshot = manager.snapshot();
    let sent = socket
        .emit("apps_list", &snapshot.apps_list)
        .and_then(|()| socket.emit("current_app", &snapshot.current_app))
        .and_then(|()| socket.emit("settings", &snapshot.settings))
        .and_then(|()| socket.emit("carousel_config", &snapshot.carousel));
    if let Err(error) = sent {
        tracing::warn!(sid = %socket.id, %error, "could not send state");
    }
}

/// Starts one task per broadcast event; they end when `shutdown` is cancelled.
pub fn spawn_broadcasts(tasks: &mut JoinSet<()>, io: &SocketIo, manager: &Manager, shutdown: &CancellationToken) {
    tasks.spawn(forward(io.clone(), "current_app", manager.watch_current_app(), shutdown.clone()));
    tasks.spawn(forward(io.clone(), "settings", manager.watch_settings(), shutdown.clone()));
    tasks.spawn(forward(io.clone(), "carousel_config", manager.watch_carousel(), shutdown.clone()));
}

/// Broadcasts the latest value of `views` as `event` each time it changes.
///
/// The watch channel holds only the newest value, so while one broadcast is
/// in flight any number of changes collapse into the next one.
async fn forward<T>(io: SocketIo, event: &'static str, mut views: watch::Receiver<T>, shutdown: CancellationToken)
where
    T: Clone + Serialize + Send + Sync + 'static,
{
    views.mark_unchanged();
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = views.changed() => if changed.is_err() { return },
        }
        let view = views.borrow_and_update().clone();
        if let Err(error) = io.emit(event, &view).await {
            tracing::warn!(event, %error, "broadcast incomplete");
        }
    }
}
