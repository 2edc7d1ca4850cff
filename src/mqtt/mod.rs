//! MQTT: the board on an MQTT broker, as AWTRIX-style topics and as a Home Assistant device.
//!
//! A transport like [`crate::http`]: it translates and knows no rules of its
//! own. Commands arrive on `<prefix>/...` topics with the REST bodies and
//! become the same manager commands ([`commands`]); the views the Socket.IO
//! events carry leave retained on `<prefix>/state/...` ([`state`]);
//! `<prefix>/status` says `online` or `offline` (the last will says
//! `offline` when the process dies); [`discovery`] announces the entities to
//! Home Assistant. A board holds one session: in a cluster only the panel
//! owner connects ([`spawn`]), so each command runs once and the status
//! follows the instance that drives the panel.

pub mod broker;
mod commands;
mod discovery;
mod session;
mod state;
pub mod status;
pub mod topics;

use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::cluster;
use broker::Broker;
pub use commands::Board;
use status::Status;

/// What the MQTT session needs from the configuration.
#[derive(Debug)]
pub struct Settings {
    pub broker: Broker,
    pub prefix: String,
    /// Empty: no Home Assistant discovery.
    pub discovery_prefix: String,
    /// The largest command payload obeyed, as for REST bodies (`--max-payload`).
    pub max_payload: usize,
}

/// Starts the session task: connected while this instance owns the panel,
/// saying goodbye when ownership is lost or at shutdown, and telling
/// `status` how it goes.
pub fn spawn(
    tasks: &mut JoinSet<()>,
    settings: Settings,
    board: Board,
    status: &Arc<Status>,
    owner: watch::Receiver<bool>,
    shutdown: &CancellationToken,
) {
    let (settings, board, status) = (Arc::new(settings), Arc::new(board), status.clone());
    tasks.spawn(cluster::lease::while_owner(owner, shutdown.clone(), move |stop| {
        session::run(settings.clone(), Board::clone(&board), status.clone(), stop)
    }));
}
