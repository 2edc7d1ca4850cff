//! The Socket.IO Redis adapter's connection, made to survive Redis restarts.
//!
//! socketioxide-redis ships a driver on a plain multiplexed connection, which
//! stays dead after Redis goes away: cross-instance broadcasts would stop for
//! good after the first outage. This driver runs the adapter's publish and
//! subscribe traffic over the cluster's `ConnectionManager` instead, which
//! reconnects on its own (the lease renewals keep it trying) and subscribes to
//! every channel again afterwards.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use redis::aio::ConnectionManager;
use redis::{FromRedisValue, PushInfo, PushKind};
use socketioxide_redis::CustomRedisAdapter;
use socketioxide_redis::drivers::{ChanItem, Driver, MessageStream};
use tokio::sync::mpsc;

/// The Socket.IO adapter instances share broadcasts through.
pub type Adapter = CustomRedisAdapter<socketioxide::adapter::Emitter, ReconnectingDriver>;

type Subscribers = Arc<RwLock<HashMap<String, mpsc::Sender<ChanItem>>>>;

/// Routes pushed pub/sub messages to the adapter's per-channel streams.
#[derive(Clone, Default)]
pub struct Router {
    subscribers: Subscribers,
}

impl Router {
    /// Called by the connection for every RESP3 push; must not block.
    pub fn route(&self, push: PushInfo) {
        if !matches!(push.kind, PushKind::Message) || push.data.len() < 2 {
            return;
        }
        let mut data = push.data.into_iter();
        let (Some(channel), Some(payload)) = (data.next(), data.next()) else {
            return;
        };
        let (Ok(channel), Ok(payload)) = (String::from_redis_value(channel), Vec::<u8>::from_redis_value(payload))
        else {
            tracing::warn!("ignoring a malformed pub/sub message");
            return;
        };
        let subscribers = self.subscribers.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(sender) = subscribers.get(&channel)
            && let Err(error) = sender.try_send((channel, payload))
        {
            tracing::warn!(%error, "Socket.IO adapter falling behind; message dropped");
        }
    }
}

#[derive(Clone)]
pub struct ReconnectingDriver {
    connection: ConnectionManager,
    router: Router,
}

impl ReconnectingDriver {
    /// `connection` must deliver its pushes to `router` and resubscribe automatically.
    pub fn new(connection: ConnectionManager, router: Router) -> Self {
        Self { connection, router }
    }
}

impl Driver for ReconnectingDriver {
    type Error = redis::RedisError;

    async fn publish(&self, channel: String, payload: Vec<u8>) -> Result<(), Self::Error> {
        redis::cmd("PUBLISH")
            .arg(channel)
            .arg(payload)
            .exec_async(&mut self.connection.clone())
            .await
    }

    async fn subscribe(&self, channel: String, size: usize) -> Result<MessageStream<ChanItem>, Self::Error> {
        let (sender, receiver) = mpsc::channel(size);
        self.router
            .subscribers
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(channel.clone(), sender);
        self.connection.clone().subscribe(channel).await?;
        Ok(MessageStream::new(receiver))
    }

    async fn unsubscribe(&self, channel: String) -> Result<(), Self::Error> {
        self.router
            .subscribers
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .remove(&channel);
        self.connection.clone().unsubscribe(channel).await
    }

    async fn num_serv(&self, channel: &str) -> Result<u16, Self::Error> {
        let (_, count): (String, u16) = redis::cmd("PUBSUB")
            .arg("NUMSUB")
            .arg(channel)
            .query_async(&mut self.connection.clone())
            .await?;
        Ok(count)
    }
}
