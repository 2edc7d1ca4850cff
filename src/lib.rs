//! RetroBoard: a Socket.IO backend for browser-driven RGB LED-matrix displays.
//!
//! [`Application::build`] wires the pieces together: the manager (domain
//! state), the render loop and live preview, the carousel timer, the state saver,
//! the REST API and Socket.IO;
//! with `--redis-url`, the cluster's shared state and panel lease instead of
//! the state saver (see [`cluster`]).
//! [`Application::run`] serves until its shutdown token is cancelled, then
//! stops accepting, lets in-flight requests finish, stops the background
//! tasks and, when alone, saves the state (a cluster member instead gives up
//! the panel lease, so another instance takes over at once).
//!
//! Socket.IO connections are not sent a disconnect packet on shutdown: a
//! client told "io server disconnect" does not reconnect, so a restart would
//! strand every open dashboard. Their connections end with the process, which
//! clients see as a dropped transport, and they reconnect and resync.

pub mod apps;
pub mod cluster;
pub mod config;
pub mod http;
pub mod manager;
pub mod persistence;
pub mod realtime;
pub mod render;
pub mod telemetry;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use socketioxide::adapter::Adapter;
use socketioxide::layer::SocketIoLayer;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

use apps::Registry;
use cluster::Cluster;
use cluster::store::RedisStore;
use config::Config;
use manager::Manager;
use manager::state::{State, StateFile};
use persistence::Loaded;
use render::{Frame, FrameSource, Renderer};

/// How long in-flight requests (a held long-poll among them) get to finish once shutdown begins.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(3);

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("unknown app '{app}' for --app; available: {available}")]
    UnknownApp { app: String, available: String },
    #[error("invalid --cors-origin '{0}'")]
    InvalidOrigin(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error(transparent)]
    Cluster(#[from] cluster::ClusterError),
    #[error("cannot set up the Socket.IO Redis adapter: {0}")]
    Adapter(String),
}

pub struct Application {
    config: Config,
    listener: TcpListener,
    router: Router,
    manager: Arc<Manager>,
    io: realtime::Io,
    /// Whether this instance drives the carousel and the panel; always true when
    /// alone. Anything only one instance may run starts through
    /// [`cluster::lease::while_owner`] on this signal.
    panel_owner: watch::Receiver<bool>,
    membership: Option<Membership>,
    /// The panel's frames: drawn by the render loop, read by the preview and `/api/frame.png`.
    frames: watch::Sender<Arc<Frame>>,
    shutdown: CancellationToken,
}

/// What a cluster member runs besides a lone instance's tasks.
struct Membership {
    cluster: Cluster,
    store: Arc<RedisStore>,
    panel_owner: watch::Sender<bool>,
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let registry = Arc::new(Registry::builtin());
        if registry.get(&config.app).is_none() {
            return Err(StartupError::UnknownApp {
                app: config.app.clone(),
                available: registry.names().join(", "),
            });
        }
        let state = initial_state(&config, &registry);
        let cors = cors(&config.cors_origin)?;
        let (width, height) = config.panel_size();
        let frames = watch::Sender::new(Arc::new(Frame::blank(width, height)));

        let (manager, router, io, panel_owner, membership) = match &config.redis_url {
            None => {
                let manager = Arc::new(Manager::new(registry, state));
                let source: Arc<dyn FrameSource> = Arc::new(frames.subscribe());
                let (socketio, io) = realtime::layer(&config, manager.clone(), source.clone());
                let (_, panel_owner) = watch::channel(true);
                let router = routes(&config, &manager, &panel_owner, None, source, cors, socketio);
                (manager, router, io, panel_owner, None)
            }
            Some(url) => {
                let cluster = Cluster::connect(url, config.lease_ttl).await?;
                let (manager, store) = cluster.manager(registry, &state).await?;
                let (sender, panel_owner) = watch::channel(false);
                let source: Arc<dyn FrameSource> =
                    Arc::new(cluster.shared_frames(frames.subscribe(), panel_owner.clone()));
                let adapter = cluster.adapter();
                let (socketio, io) = realtime::cluster_layer(&config, manager.clone(), source.clone(), adapter)
                    .await
                    .map_err(|error| StartupError::Adapter(error.to_string()))?;
                let instance = Some(Arc::from(cluster.instance()));
                let router = routes(&config, &manager, &panel_owner, instance, source, cors, socketio);
                let membership = Membership {
                    cluster,
                    store,
                    panel_owner: sender,
                };
                (manager, router, io, panel_owner, Some(membership))
            }
        };

        let addr = config.listen_addr();
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartupError::Bind { addr, source })?;
        Ok(Self {
            config,
            listener,
            router,
            manager,
            io,
            panel_owner,
            membership,
            frames,
            shutdown: CancellationToken::new(),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Cancel this token to make [`Application::run`] shut down cleanly.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    pub async fn run(self) -> std::io::Result<()> {
        let Self {
            config,
            listener,
            router,
            manager,
            io,
            panel_owner,
            membership,
            frames,
            shutdown,
        } = self;
        tracing::info!("listening on http://{}", listener.local_addr()?);

        let mut tasks = JoinSet::new();
        let clustered = membership.is_some();
        match membership {
            None => {
                tasks.spawn(persistence::run_saver(
                    config.state_file.clone(),
                    manager.watch_state_file(),
                    shutdown.clone(),
                ));
            }
            Some(member) => {
                let Membership {
                    cluster,
                    store,
                    panel_owner,
                } = member;
                let frames = (frames.subscribe(), config.preview_fps);
                cluster.spawn(&mut tasks, store, manager.clone(), panel_owner, frames, &shutdown);
            }
        }
        let timer_manager = manager.clone();
        tasks.spawn(cluster::lease::while_owner(
            panel_owner.clone(),
            shutdown.clone(),
            move |stop| manager::carousel::run(timer_manager.clone(), stop),
        ));
        let (registry, scene) = (manager.registry().clone(), manager.clone());
        let (display, (width, height), panel_frames) = (config.display, config.panel_size(), frames.clone());
        tasks.spawn(cluster::lease::while_owner(
            panel_owner.clone(),
            shutdown.clone(),
            move |stop| {
                let renderer = Renderer::new(registry.clone(), width, height, rand::random());
                render::run(
                    renderer,
                    scene.watch_scene(),
                    panel_frames.clone(),
                    display.open(),
                    stop,
                )
            },
        ));
        realtime::spawn_broadcasts(&mut tasks, &io, &manager, &shutdown);
        realtime::spawn_preview(&mut tasks, &io, frames.subscribe(), config.preview_fps, &shutdown);

        let server = axum::serve(listener, router).with_graceful_shutdown(shutdown.clone().cancelled_owned());
        let server = tokio::spawn(server.into_future());
        shutdown.cancelled().await;
        tracing::info!("shutting down");
        match tokio::time::timeout(DRAIN_TIMEOUT, server).await {
            Ok(served) => served.map_err(std::io::Error::other)??,
            Err(_) => tracing::warn!("requests still in flight after {DRAIN_TIMEOUT:?}; dropping them"),
        }
        tasks.join_all().await;
        if clustered {
            tracing::info!("bye");
            return Ok(());
        }
        let path = config.state_file;
        let state = manager.state_file();
        tokio::task::spawn_blocking(move || persistence::save(&path, &state))
            .await
            .map_err(std::io::Error::other)??;
        tracing::info!("state saved; bye");
        Ok(())
    }
}

/// The REST API and Socket.IO behind CORS, for either Socket.IO adapter.
fn routes<A: Adapter>(
    config: &Config,
    manager: &Arc<Manager>,
    panel_owner: &watch::Receiver<bool>,
    instance: Option<Arc<str>>,
    frames: Arc<dyn FrameSource>,
    cors: CorsLayer,
    socketio: SocketIoLayer<A>,
) -> Router {
    let api = http::api(
        http::AppState {
            manager: manager.clone(),
            panel_owner: panel_owner.clone(),
            instance,
            frames,
        },
        config.max_payload,
    );
    Router::new()
        .nest("/api", api)
        // A service, not a handler: a handler fallback is turned into a route
        // lazily, which builds a fresh Socket.IO engine (and session table)
        // under the layer below, so polling sessions got "Session ID unknown".
        .fallback_service(axum::routing::get(http::ui::serve))
        .layer(ServiceBuilder::new().layer(cors).layer(socketio))
}

/// The state to start from: the state file (unless ignored), sanitised, else defaults.
fn initial_state(config: &Config, registry: &Registry) -> State {
    let warn = |message: String| tracing::warn!("{message}");
    let file = if config.ignore_state {
        tracing::info!("ignoring the state file as asked; starting from defaults");
        StateFile::default()
    } else {
        match persistence::load(&config.state_file) {
            Loaded::Found(file) => file,
            Loaded::Missing => StateFile::default(),
            Loaded::Unusable { reason, set_aside } => {
                let aside = set_aside.map_or("could not be moved".into(), |path| {
                    format!("moved to {}", path.display())
                });
                tracing::error!(path = %config.state_file.display(), %reason, "state file unusable ({aside}); starting from defaults");
                StateFile::default()
            }
        }
    };
    State::from_file(file, registry, Some(&config.app), warn)
}

fn cors(origins: &[String]) -> Result<CorsLayer, StartupError> {
    let allow_origin = if origins.is_empty() || origins.iter().any(|origin| origin == "*") {
        AllowOrigin::from(Any)
    } else {
        let origins = origins
            .iter()
            .map(|origin| origin.parse().map_err(|_| StartupError::InvalidOrigin(origin.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        AllowOrigin::list(origins)
    };
    Ok(CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods(Any)
        .allow_headers(Any))
}

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing a SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
