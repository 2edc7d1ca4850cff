//! Cluster mode (`--redis-url`): several instances behind one proxy, sharing Redis.
//!
//! - State: one hash in Redis is the source of truth ([`store`]); each
//!   instance's manager mirrors it ([`mirror`]) and commits commands to it with
//!   a compare-and-set.
//! - Events: every instance forwards its own mirror's changes to its own
//!   sockets, so state events need nothing from the Socket.IO adapter; the
//!   Redis adapter carries broadcasts that start on one instance only (such as
//!   preview frames from the panel owner).
//! - Icons and pictures: the uploads' bytes are kept in Redis ([`library`]),
//!   each instance keeps a copy of every one in its data directory and
//!   decodes them itself; the mirror syncs the copies on every change.
//! - The carousel timer and the panel run on one instance at a time, the
//!   holder of a lease ([`lease`]); it also keeps its newest frame in Redis
//!   for the others to show ([`frames`]).
//!
//! Redis must be reachable at startup. After that, losing it only makes
//! commands fail with 503; reads keep answering from the mirror, and
//! everything resumes by itself once Redis is back.

pub mod adapter;
pub mod frames;
pub mod lease;
pub mod library;
pub mod mirror;
pub mod store;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{IntoConnectionInfo, ProtocolVersion};
use socketioxide_redis::{RedisAdapterConfig, RedisAdapterCtr};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::apps::Registry;
use crate::clock::Clock;
use crate::gfx::Frame;
use crate::icons::shared::SharedUploads;
use crate::icons::{Capacity, Libraries, Library};
use crate::manager::Manager;
use crate::manager::state::State;
use crate::render::RenderStats;
pub use adapter::Adapter;
use adapter::{ReconnectingDriver, Router};
use frames::SharedFrames;
use library::RedisUploads;
use mirror::Mirrored;
use store::RedisStore;

/// Oldest Redis with RESP3 push messages as the Socket.IO adapter uses them.
const MIN_REDIS_MAJOR: u32 = 7;
/// How long a command waits on Redis before it is answered 503.
pub(crate) const REDIS_TIMEOUT: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("invalid --redis-url: {0}")]
    Url(redis::RedisError),
    #[error("cannot reach Redis at {addr}: {source}")]
    Unreachable { addr: String, source: redis::RedisError },
    #[error(
        "Redis at {addr} is version {version}; cluster mode needs Redis {MIN_REDIS_MAJOR} or newer (it speaks RESP3)"
    )]
    TooOld { addr: String, version: String },
    #[error(
        "Redis at {addr} refused the RESP3 handshake (HELLO 3): {source}; cluster mode needs Redis {MIN_REDIS_MAJOR} or newer"
    )]
    NoResp3 { addr: String, source: redis::RedisError },
    #[error("Redis at {addr} refused the connection: {source}")]
    Refused { addr: String, source: redis::RedisError },
    #[error("cannot copy the shared icons or pictures into {dir}: {reason}")]
    Library { dir: String, reason: String },
}

/// A connection to the cluster's Redis, checked to be usable.
pub struct Cluster {
    client: redis::Client,
    /// Shared by the store, the lease and the Socket.IO adapter; it reconnects by itself.
    connection: ConnectionManager,
    router: Router,
    addr: String,
    instance: String,
    lease_ttl: Duration,
}

impl Cluster {
    /// Connects and checks the server. RESP3 is requested whatever the URL says,
    /// since the Socket.IO adapter depends on it.
    pub async fn connect(url: &str, lease_ttl: Duration) -> Result<Self, ClusterError> {
        let info = url.into_connection_info().map_err(ClusterError::Url)?;
        let addr = info.addr().to_string();
        let settings = info.redis_settings().clone().set_protocol(ProtocolVersion::RESP3);
        let client = redis::Client::open(info.set_redis_settings(settings)).map_err(ClusterError::Url)?;
        let unreachable = |source| ClusterError::Unreachable {
            addr: addr.clone(),
            source,
        };
        let router = Router::default();
        let pushes = router.clone();
        let config = ConnectionManagerConfig::new()
            .set_push_sender(move |push| {
                pushes.route(push);
                Ok::<(), std::convert::Infallible>(())
            })
            .set_automatic_resubscription()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        // The HELLO 3 handshake happens here: a server without RESP3 refuses it.
        let mut connection = ConnectionManager::new_with_config(client.clone(), config)
            .await
            .map_err(|source| {
                let message = source.to_string().to_ascii_lowercase();
                if source.is_io_error() || source.is_timeout() || source.is_connection_refusal() {
                    unreachable(source)
                } else if message.contains("hello") || message.contains("unknown command") {
                    ClusterError::NoResp3 {
                        addr: addr.clone(),
                        source,
                    }
                } else {
                    ClusterError::Refused {
                        addr: addr.clone(),
                        source,
                    }
                }
            })?;
        let info: String = redis::cmd("INFO")
            .arg("server")
            .query_async(&mut connection)
            .await
            .map_err(unreachable)?;
        let version = info
            .lines()
            .find_map(|line| line.strip_prefix("redis_version:"))
            .unwrap_or("unknown")
            .trim()
            .to_owned();
        let major = version.split('.').next().and_then(|major| major.parse::<u32>().ok());
        if major.is_none_or(|major| major < MIN_REDIS_MAJOR) {
            return Err(ClusterError::TooOld { addr, version });
        }
        let instance = format!("{}-{:08x}", std::process::id(), rand::rng().random::<u32>());
        tracing::info!(redis = %addr, %version, %instance, "cluster mode");
        Ok(Self {
            client,
            connection,
            router,
            addr,
            instance,
            lease_ttl,
        })
    }

    /// This instance's id, as written into the panel lease.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// A manager mirroring the shared state; `seed` becomes the shared state if Redis holds none.
    pub async fn manager(
        &self,
        registry: Arc<Registry>,
        seed: &State,
        clock: Clock,
    ) -> Result<(Arc<Manager>, Arc<RedisStore>), ClusterError> {
        let store = Arc::new(RedisStore::new(self.connection.clone(), registry.clone()));
        let initial = store.join(seed).await.map_err(|error| ClusterError::Unreachable {
            addr: self.addr.clone(),
            source: redis::RedisError::from((redis::ErrorKind::Io, "reading the shared state", error.0)),
        })?;
        tracing::info!(generation = %initial.version.generation, version = initial.version.number, "joined the shared state");
        let manager = Arc::new(Manager::new(registry, initial, store.clone()).with_clock(clock));
        Ok((manager, store))
    }

    /// The icon and picture libraries every instance shares, holding what Redis holds now,
    /// with this instance's copies in folders of their own in `data_dir`.
    pub async fn libraries(
        &self,
        data_dir: &Path,
        capacities: (Capacity, Capacity),
    ) -> Result<Libraries, ClusterError> {
        let uploads = Arc::new(RedisUploads::new(self.connection.clone()));
        let opened = Library::shared_icons(data_dir, uploads.clone());
        let icons = synced(opened, data_dir, capacities.0, uploads.as_ref()).await?;
        let opened = Library::shared_pictures(data_dir, uploads.clone());
        let pictures = synced(opened, data_dir, capacities.1, uploads.as_ref()).await?;
        Ok(Libraries { icons, pictures })
    }

    /// What the Socket.IO Redis adapter is built from.
    pub fn adapter(&self) -> RedisAdapterCtr<ReconnectingDriver> {
        let driver = ReconnectingDriver::new(self.connection.clone(), self.router.clone());
        RedisAdapterCtr::new_with_driver(driver, RedisAdapterConfig::new())
    }

    /// The panel's current frame as this instance sees it, given its own
    /// render loop's `local` frames and whether it is the panel `owner`.
    pub fn shared_frames(&self, local: watch::Receiver<Arc<Frame>>, owner: watch::Receiver<bool>) -> SharedFrames {
        SharedFrames::new(local, owner, self.connection.clone())
    }

    /// Starts following the shared state and libraries and competing for the panel lease,
    /// reporting on `owner` whether this instance holds it (never while `render`,
    /// its render loop, is stalled); while it does, the newest of `frames` is
    /// kept in Redis, at most `fps` times a second.
    pub fn spawn(
        &self,
        tasks: &mut JoinSet<()>,
        mirrored: Mirrored,
        (owner, render): (watch::Sender<bool>, Arc<RenderStats>),
        (frames, fps): (watch::Receiver<Arc<Frame>>, u32),
        shutdown: &CancellationToken,
    ) {
        tasks.spawn(mirror::run(self.client.clone(), mirrored, shutdown.clone()));
        let connection = self.connection.clone();
        tasks.spawn(lease::while_owner(owner.subscribe(), shutdown.clone(), move |stop| {
            frames::store_latest(connection.clone(), frames.clone(), fps, stop)
        }));
        tasks.spawn(lease::run(
            self.connection.clone(),
            self.instance.clone(),
            self.lease_ttl,
            owner,
            render,
            shutdown.clone(),
        ));
    }
}

/// An `opened` shared library holding at most `capacity`, its copies in `dir` made.
async fn synced(
    opened: std::io::Result<Library>,
    dir: &Path,
    capacity: Capacity,
    uploads: &dyn SharedUploads,
) -> Result<Arc<Library>, ClusterError> {
    let failed = |reason: String| ClusterError::Library {
        dir: dir.display().to_string(),
        reason,
    };
    let library = Arc::new(
        opened
            .map_err(|error| failed(error.to_string()))?
            .with_capacity(capacity),
    );
    library.sync(uploads).await.map_err(|error| failed(error.to_string()))?;
    Ok(library)
}
