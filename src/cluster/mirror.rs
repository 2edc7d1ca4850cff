//! Keeps this instance's mirror of the shared state, and its copy of the
//! shared icon and picture libraries, current.
//!
//! Subscribes to the commit channel and adopts each announced state, and to
//! the library channel, syncing the library each announcement names. Both come
//! over one subscription, in the order they were published, so a state naming
//! a new icon or picture is adopted only once the upload has been copied.
//! Whenever the subscription is (re)established it first syncs both libraries
//! and reads the whole state from the hash, so whatever changed while it was
//! away is caught up. An announcement from another generation (the hash was
//! lost and seeded again) is not trusted on its own: the hash is read instead.
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
use super::library::{self, LIBRARY_CHANNEL, RedisUploads};
use super::store::{Announcement, RedisStore, STATE_CHANNEL};
use crate::icons::Libraries;
use crate::manager::Manager;
use crate::manager::store::{Version, Versioned};

/// How long to wait before subscribing again after losing Redis.
const RETRY: Duration = Duration::from_millis(500);
/// How often the subscription is asked whether it is still there.
pub const PING_EVERY: Duration = Duration::from_secs(3);
/// How long a library sync may take: it may fetch every upload, pictures of up to
/// `--max-payload` bytes each, so far longer than one command.
const LIBRARY_SYNC_TIMEOUT: Duration = Duration::from_secs(30);

/// What an instance keeps current: its manager's state, from the store, and its libraries.
pub struct Mirrored {
    pub store: Arc<RedisStore>,
    pub manager: Arc<Manager>,
    pub libraries: Libraries,
}

pub async fn run(client: redis::Client, mirrored: Mirrored, shutdown: CancellationToken) {
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            ended = follow(&client, &mirrored) => match ended {
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

/// Follows the commit and library channels until the connection drops or stops answering.
async fn follow(client: &redis::Client, mirrored: &Mirrored) -> Result<(), String> {
    let Mirrored {
        store,
        manager,
        libraries,
    } = mirrored;
    let connect = async {
        let mut pubsub = client.get_async_pubsub().await.map_err(|error| error.to_string())?;
        pubsub
            .subscribe(&[STATE_CHANNEL, LIBRARY_CHANNEL])
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
    // Libraries first: a notification in the state must find its icon when it starts.
    let uploads = RedisUploads::new(reading.clone());
    sync_libraries(libraries, &uploads, None).await?;
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
        if message.get_channel_name() == LIBRARY_CHANNEL {
            let kind = message.get_payload::<String>().map_err(|error| error.to_string())?;
            sync_libraries(libraries, &uploads, Some(&kind)).await?;
            continue;
        }
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

/// Syncs the library of `kind` (both, without one) over the subscription's own connection.
async fn sync_libraries(
    libraries: &Libraries,
    uploads: &RedisUploads<redis::aio::MultiplexedConnection>,
    kind: Option<&str>,
) -> Result<(), String> {
    tokio::time::timeout(LIBRARY_SYNC_TIMEOUT, library::sync(libraries, uploads, kind))
        .await
        .map_err(|_| "timed out syncing the shared libraries".to_owned())?
        .map_err(|error| error.to_string())
}

fn same_generation(manager: &Manager, generation: &str) -> bool {
    manager.version().generation == generation
}
