//! Whether the board is on its MQTT broker, for a person to see.
//!
//! A board whose automations stopped working should say why without its
//! logs: the session writes here as it connects, loses the broker and gives
//! up the panel, and `GET /api/mqtt` (with the web UI behind it) reads it.
//! Times are Unix seconds on the server's clock, as the displays give theirs.

use std::time::{SystemTime, UNIX_EPOCH};

use parking_lot::Mutex;
use serde::Serialize;
use utoipa::ToSchema;

/// What the session is doing now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    /// Trying to reach the broker, for the first time or again after a loss.
    Connecting,
    /// The broker acknowledged the session.
    Connected,
    /// The broker was lost or refused us; retrying with a growing pause.
    Disconnected,
    /// Another instance of the cluster drives the panel and holds the session.
    Standby,
}

/// The broker as shown to people, and what happened with it lately.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Snapshot {
    /// `mqtt[s]://[USER:***@]HOST:PORT`: never the password.
    pub broker: String,
    pub connection: Connection,
    /// When `connection` last changed.
    pub since: f64,
    /// The last error, kept after the broker comes back so a flapping link shows.
    pub last_error: Option<String>,
    pub last_error_at: Option<f64>,
}

/// Shared between the session, which writes, and the API, which reads.
#[derive(Debug)]
pub struct Status(Mutex<Snapshot>);

impl Status {
    pub fn new(broker: String) -> Self {
        Self(Mutex::new(Snapshot {
            broker,
            connection: Connection::Standby,
            since: now(),
            last_error: None,
            last_error_at: None,
        }))
    }

    pub fn snapshot(&self) -> Snapshot {
        self.0.lock().clone()
    }

    /// Moves to `connection`; `since` only moves when the connection changes,
    /// so retries against a broker that stays away keep the time it went.
    pub fn set(&self, connection: Connection) {
        let mut snapshot = self.0.lock();
        if snapshot.connection != connection {
            snapshot.connection = connection;
            snapshot.since = now();
        }
    }

    /// The broker was lost, or could not be reached, because of `error`.
    pub fn failed(&self, error: String) {
        self.set(Connection::Disconnected);
        let mut snapshot = self.0.lock();
        snapshot.last_error = Some(error);
        snapshot.last_error_at = Some(now());
    }
}

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |elapsed| elapsed.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_moves_with_the_connection_and_errors_are_kept_after_recovery() {
        let status = Status::new("mqtt://broker:1883".into());
        status.set(Connection::Connecting);
        status.failed("connection refused".into());
        let lost = status.snapshot();
        assert_eq!(lost.connection, Connection::Disconnected);
        assert_eq!(lost.last_error.as_deref(), Some("connection refused"));

        std::thread::sleep(std::time::Duration::from_millis(20));
        status.failed("connection refused again".into());
        let retried = status.snapshot();
        assert_eq!(retried.since, lost.since, "retrying is not a change");
        assert!(retried.last_error_at > lost.last_error_at);

        status.set(Connection::Connected);
        let back = status.snapshot();
        assert!(back.since > lost.since);
        assert_eq!(back.last_error.as_deref(), Some("connection refused again"));
    }
}
