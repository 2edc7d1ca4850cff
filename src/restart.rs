//! A restart asked for over the API (`POST /api/reboot`).
//!
//! A process cannot start itself again cleanly, so the server shuts down as on
//! SIGTERM (state saved) and exits with a failure code; the supervisor it runs
//! under (systemd's `Restart=on-failure`, Docker's `restart: on-failure`)
//! starts it again. Without `--supervised` no restart is offered.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone)]
pub struct Restart {
    shutdown: CancellationToken,
    requested: Arc<AtomicBool>,
}

impl Restart {
    /// `shutdown` is the server's own shutdown token.
    pub fn new(shutdown: CancellationToken) -> Self {
        Self {
            shutdown,
            requested: Arc::default(),
        }
    }

    /// Begins the shutdown, noting that it is for a restart.
    pub fn request(&self) {
        self.requested.store(true, Ordering::SeqCst);
        self.shutdown.cancel();
    }

    pub fn requested(&self) -> bool {
        self.requested.load(Ordering::SeqCst)
    }
}
