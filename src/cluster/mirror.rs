//! Keeps this instance's mirror of the shared state current.
//!
//! Subscribes to the commit channel and adopts each announced state. Whenever
//! the subscription is (re)established it first reads the whole state from
//! the hash, so whatever was committed while it was away is caught up. An
//! announcement from another generation (the hash was lost and seeded again)
//! is not trusted on its own: the hash is read instead.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;

use super::REDIS_TIMEOUT;
use super::store::{Announcement, RedisStore, STATE_CHANNEL};
use crate::manager::Manager;
use crate::manager::store::{StateStore, Version, Versioned};

/// How long to wait before subscribing again after losing Redis.
const RETRY: Duration = Duration::from_millis(500);

pub async fn run(client: redis::Client, store: Arc<RedisStore>, manager: Arc<Manager>, shutdown: CancellationToken) {
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            ended = follow(&client, &store, &manager) => match ended {
                Ok(()) => tracing::warn!("the shared state subscription ended; subscribing again"),
                Err(error) => tracing::debug!(%error, "cannot follow the shared state yet"),
            },
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(RETRY) => {}
        }
    }
}

/// Follows the commit channel until the connection drops.
async fn follow(client: &redis::Client, store: &RedisStore, manager: &Manager) -> Result<(), String> {
    let subscribe = async {
        let mut pubsub = client.get_async_pubsub().await.map_err(|error| error.to_string())?;
        pubsub
            .subscribe(STATE_CHANNEL)
            .await
            .map_err(|error| error.to_string())?;
        Ok::<_, String>(pubsub)
    };
    // A Redis host that vanished without closing the connection must not stall the retries.
    let mut pubsub = tokio::time::timeout(REDIS_TIMEOUT, subscribe)
        .await
        .map_err(|_| "timed out subscribing".to_owned())??;
    resync(store, manager).await?;
    let mut messages = pubsub.on_message();
    while let Some(message) = messages.next().await {
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
            Ok(_) => resync(store, manager).await?,
            Err(error) => tracing::warn!(%error, "ignoring an unreadable shared state announcement"),
        }
    }
    Ok(())
}

async fn resync(store: &RedisStore, manager: &Manager) -> Result<(), String> {
    let current = store.load(&manager.versioned()).await.map_err(|error| error.0)?;
    manager.adopt(current);
    Ok(())
}

fn same_generation(manager: &Manager, generation: &str) -> bool {
    manager.version().generation == generation
}
