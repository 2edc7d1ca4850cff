//! Keeps this instance's mirror of the shared state current.
//!
//! Subscribes to the commit channel and adopts each announced state. Whenever
//! the subscription is (re)established it first reads the whole state from
//! the hash, so whatever was committed while it was away is caught up. An
//! announcement from another generation (the hash was lost and seeded again)
//! is not trusted on its own: the hash is read instead.
//!
//! A subscription only listens, so a connection to a Redis that vanished
//! without closing it (a host gone, a network cut: half-open) would be waited
//! on forever while the instance served a stale state. The subscription is
//! pinged every [`PING_EVERY`]; one without an answer within the Redis timeout
//! is dropped and made again on a new connection, and the state read again
//! on a new connection too, since the shared one may be just as stuck.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;

use super::REDIS_TIMEOUT;
use super::store::{Announcement, RedisStore, STATE_CHANNEL};
use crate::manager::Manager;
use crate::manager::store::{Version, Versioned};

/// How long to wait before subscribing again after losing Redis.
const RETRY: Duration = Duration::from_millis(500);
/// How often the subscription is asked whether it is still there.
pub const PING_EVERY: Duration = Duration::from_secs(3);

pub async fn run(client: redis::Client, store: Arc<RedisStore>, manager: Arc<Manager>, shutdown: CancellationToken) {
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            ended = follow(&client, &store, &manager) => match ended {
                Ok(()) => tracing::warn!("the shared state subscription ended; subscribing again"),
                Err(error) => tracing::warn!(%error, "cannot follow the shared state; subscribing again"),
            },
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(RETRY) => {}
        }
    }
}

/// Follows the commit channel until the connection drops or stops answering.
async fn follow(client: &redis::Client, store: &RedisStore, manager: &Manager) -> Result<(), String> {
    let connect = async {
        let mut pubsub = client.get_async_pubsub().await.map_err(|error| error.to_string())?;
        pubsub
            .subscribe(STATE_CHANNEL)
            .await
            .map_err(|error| error.to_string())?;
        let reading = client
            .get_multiplexed_async_connection()
            .await
            .map_err(|error| error.to_string())?;
        Ok::<_, String>((pubsub, reading))
    };
    // A Redis host that vanished without closing the connection must not stall the retries.
    let (pubsub, mut reading) = tokio::time::timeout(REDIS_TIMEOUT, connect)
        .await
        .map_err(|_| "timed out subscribing".to_owned())??;
    resync(store, manager, &mut reading).await?;
    let (mut sink, mut messages) = pubsub.split();
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
    loop {
        let message = tokio::select! {
            message = messages.next() => match message {
                Some(message) => message,
                None => return Ok(()),
            },
            _ = ping.tick() => {
                tokio::time::timeout(REDIS_TIMEOUT, sink.ping::<redis::Value>())
                    .await
                    .map_err(|_| "the subscription did not answer a ping".to_owned())?
                    .map_err(|error| error.to_string())?;
                continue;
            }
        };
        let announcement = message
            .get_payload::<String>()
            .map_err(|error| error.to_string())
            .and_then(|payload| serde_json::from_str::<Announcement>(&payload).map_err(|error| error.to_string()));
        match announcement {
            Ok(announcement) if same_generation(manager, &announcement.generation) => {
                manager.adopt(Versioned {
                    version: Version {
                        generation: announcement.generation,
                        number: announcement.version,
                    },
                    state: Arc::new(store.decode(announcement.state)),
                });
            }
            Ok(_) => resync(store, manager, &mut reading).await?,
            Err(error) => tracing::warn!(%error, "ignoring an unreadable shared state announcement"),
        }
    }
}

/// Reads the whole state over `connection`, the subscription's own, and adopts it.
async fn resync(
    store: &RedisStore,
    manager: &Manager,
    connection: &mut redis::aio::MultiplexedConnection,
) -> Result<(), String> {
    let read = tokio::time::timeout(REDIS_TIMEOUT, store.read_whole(connection, &manager.state()))
        .await
        .map_err(|_| "timed out reading the shared state".to_owned())?;
    manager.adopt(read.map_err(|error| error.to_string())?);
    Ok(())
}

fn same_generation(manager: &Manager, generation: &str) -> bool {
    manager.version().generation == generation
}
