//! RetroBoard: a Socket.IO backend for browser-driven RGB LED-matrix displays.
//!
//! [`Application::build`] wires the pieces together and [`Application::run`]
//! serves until its shutdown token is cancelled, then stops accepting, lets
//! in-flight requests finish, stops the background tasks and, when alone,
//! saves the state (a cluster member instead gives up the panel lease, so
//! another instance takes over at once).
//!
//! Socket.IO connections are not sent a disconnect packet on shutdown: a
//! client told "io server disconnect" does not reconnect, so a restart would
//! strand every open dashboard. Their connections end with the process, which
//! clients see as a dropped transport, and they reconnect and resync.
//!
//! # Layout
//!
//! The domain knows nothing of HTTP or Socket.IO; the transports translate to
//! and from it. Each arrow is "uses"; there are no cycles.
//!
//! - [`gfx`]: the graphics kit (canvas, fonts, frames). Uses nothing else.
//! - [`clock`]: the time zone and the wall clock. Uses nothing else.
//! - [`icons`] -> gfx: the icon and picture libraries (built-in icons and uploads, decoded
//!   within bounds).
//! - [`content`] -> gfx, icons: pushed content (AWTRIX-style text, colours,
//!   progress bar, icon), read from request bodies and drawn frame by frame.
//! - [`apps`] -> content, icons, gfx: the display apps, their config schemas, the
//!   registry, and custom apps' content run as an app.
//! - [`render`] -> apps, content, icons, gfx, clock: the engine. Composes the running app and the
//!   [`render::layers`] over it into frames, paced by the render loop.
//! - [`output`] -> gfx, priority: the devices frames are shown on, each on its own thread.
//! - [`manager`] -> apps, content, render, clock: the state, commands, views,
//!   the timers (carousel, night, notifications, custom app lifetimes), the
//!   notification queue, custom apps and the store seam.
//! - [`persistence`] -> manager: the state file, the lone instance's store.
//! - [`cluster`] -> manager, render, gfx: Redis as the shared store, the
//!   panel lease and the Socket.IO adapter.
//! - `panel` -> manager, render, output, icons, cluster: what only the panel owner runs
//!   (the timers and the supervised render loop).
//! - [`http`] and [`realtime`] -> manager, render, output, icons, serve, starlark: REST
//!   (with Tidbyt's push API under `/v0`) and Socket.IO.
//! - [`mqtt`] -> manager, http (the request bodies and error replies it
//!   shares with REST), icons, cluster: MQTT topics and Home Assistant discovery.
//! - [`config`] -> clock, output, mqtt (their option types), [`telemetry`]: the
//!   command line and logging.
//! - [`tls`]: the TLS client settings (the system's CAs) of the connections
//!   the server opens itself; used by mqtt and starlark.
//! - [`starlark`] -> manager, apps, tls: what the server gives Pixlet apps beyond
//!   the Starlet runtime: the network their `http` requests go out on, the app
//!   library, the pool of sandboxed workers and the runner keeping installed
//!   apps' pictures fresh (which [`apps::starlark`] plays on the panel).
//! - [`subcommands`] -> starlark, clock: `retroboard render` and the process
//!   apps render in.
//!
//! # Extension points
//!
//! Each is one module plus one registration line:
//!
//! - an app: a module in `apps/` with an [`apps::App`], one line in [`apps::Registry::builtin`];
//! - a layer: a module with a [`render::Layer`], one line in [`render::layers::builtin`];
//! - an output: a module in `output/` with an [`output::Device`] and an
//!   [`output::Kind`] (how its `--display` value and options read), and one
//!   entry in [`output::KINDS`];
//! - a view (a Socket.IO event): its struct in [`manager::views`] and one entry
//!   in [`manager::views::VIEWS`];
//! - a store: an implementation of [`manager::store::StateStore`], chosen in
//!   [`Application::build`].

pub mod apps;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod content;
pub mod gfx;
pub mod http;
pub mod icons;
pub mod manager;
pub mod memory;
pub mod metrics;
pub mod mqtt;
pub mod output;
mod panel;
pub mod persistence;
pub mod priority;
pub mod realtime;
pub mod render;
pub mod restart;
pub mod serve;
pub mod starlark;
pub mod subcommands;
pub mod telemetry;
pub mod throttle;
pub mod tls;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use socketioxide::adapter::Adapter;
use socketioxide::layer::SocketIoLayer;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;

use apps::Registry;
use cluster::Cluster;
use cluster::mirror::Mirrored;
use cluster::store::RedisStore;
use config::Config;
use gfx::Frame;
use http::auth::Auth;
use http::origin::Origins;
use http::png::PngEncoder;
use icons::{Libraries, Library};
use manager::Manager;
use manager::state::{State, StateFile};
use metrics::Metrics;
use output::Outputs;
use persistence::{FileStore, Loaded};
use realtime::EventCounts;
use realtime::limits::{ClientLimits, LimitSettings};
use render::{FrameSource, RenderStats};
use restart::Restart;
use serve::ServeStats;
use starlark::Starlark;
use starlark::runner::RenderCounts;

/// How long in-flight requests (a held long-poll among them) get to finish once shutdown begins.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(3);
/// Longest the server waits for the render loop's first picture before serving anyway.
const FIRST_FRAME_WAIT: Duration = Duration::from_secs(1);

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("unknown app '{app}' for --app; available: {available}")]
    UnknownApp { app: String, available: String },
    #[error("invalid --cors-origin '{0}'")]
    InvalidOrigin(String),
    #[error("{0}")]
    AuthToken(String),
    #[error("{0}")]
    Display(String),
    #[error("cannot open the icon or picture folder: {0}")]
    Library(std::io::Error),
    #[error("cannot open the app library (--apps-dir, or uploaded-apps in the data directory): {0}")]
    Apps(std::io::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error(transparent)]
    Output(#[from] output::OpenError),
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
    backing: Backing,
    /// The panel's frames: drawn by the render loop, read by the preview and `/api/frame.png`.
    frames: watch::Sender<Arc<Frame>>,
    parts: Parts,
    shutdown: CancellationToken,
}

/// What both kinds of instance are built from: the outputs, the guards in
/// front of the transports, and the counters `/metrics` reads.
struct Parts {
    outputs: Arc<Outputs>,
    libraries: Libraries,
    origins: Arc<Origins>,
    auth: Arc<Auth>,
    limits: Arc<ClientLimits>,
    render: Arc<RenderStats>,
    png: Arc<PngEncoder>,
    serve: Arc<ServeStats>,
    events: Arc<EventCounts>,
    /// The MQTT session's state, with `--mqtt-url`.
    mqtt: Option<Arc<mqtt::status::Status>>,
    /// Set once the Socket.IO layer is built.
    io: Arc<OnceLock<realtime::Io>>,
    /// Community apps, and what their renders did.
    starlark: Arc<Starlark>,
    renders: Arc<RenderCounts>,
    /// `POST /api/reboot`'s restart, offered only under a supervisor (`--supervised`).
    restart: Option<Restart>,
}

impl Parts {
    /// `libraries` are the cluster's, in cluster mode; a lone instance opens its own.
    fn new(config: &Config, libraries: Option<Libraries>, shutdown: &CancellationToken) -> Result<Self, StartupError> {
        let libraries = match libraries {
            Some(libraries) => libraries,
            None => lone_libraries(config)?,
        };
        Ok(Self {
            restart: config.supervised.then(|| Restart::new(shutdown.clone())),
            outputs: Arc::new(Outputs::open(
                &config.displays().map_err(StartupError::Display)?,
                config.panel_size(),
                config.panel_priority,
            )?),
            libraries,
            origins: Arc::new(Origins::parse(&config.cors_origin).map_err(StartupError::InvalidOrigin)?),
            auth: Arc::new(Auth::new(
                config.auth_token().map_err(StartupError::AuthToken)?,
                config.auth_reads,
            )),
            limits: Arc::new(ClientLimits::new(LimitSettings {
                handshake_rate: config.handshake_rate,
                max_sessions: config.max_sessions_per_ip,
                trusted_proxies: config.trusted_proxy.clone(),
            })),
            render: Arc::default(),
            png: Arc::default(),
            serve: Arc::default(),
            events: Arc::default(),
            mqtt: config
                .mqtt()
                .map(|settings| Arc::new(mqtt::status::Status::new(format!("{:?}", settings.broker)))),
            io: Arc::default(),
            starlark: Arc::new(community_apps(config)?),
            renders: Arc::default(),
        })
    }

    fn realtime(&self, manager: &Arc<Manager>, frames: &Arc<dyn FrameSource>) -> realtime::Shared {
        realtime::Shared {
            manager: manager.clone(),
            frames: frames.clone(),
            limits: self.limits.clone(),
            auth: self.auth.clone(),
            events: self.events.clone(),
        }
    }

    fn api(
        &self,
        manager: &Arc<Manager>,
        panel_owner: &watch::Receiver<bool>,
        instance: Option<Arc<str>>,
        frames: Arc<dyn FrameSource>,
    ) -> http::AppState {
        http::AppState {
            manager: manager.clone(),
            panel_owner: panel_owner.clone(),
            instance,
            frames,
            outputs: self.outputs.clone(),
            render: self.render.clone(),
            png: self.png.clone(),
            auth: self.auth.clone(),
            libraries: self.libraries.clone(),
            starlark: self.starlark.clone(),
            mqtt: self.mqtt.clone(),
            restart: self.restart.clone(),
        }
    }

    /// The REST API, `/metrics` and Socket.IO behind tracing, CORS, the origin
    /// guard and the per-address handshake limits, for either Socket.IO adapter.
    fn routes<A: Adapter>(
        &self,
        config: &Config,
        api: http::AppState,
        socketio: SocketIoLayer<A>,
        saves: Option<Arc<FileStore>>,
    ) -> Router {
        let metrics = Arc::new(
            Metrics::new(metrics::Sources {
                io: self.io.clone(),
                outputs: self.outputs.clone(),
                render: self.render.clone(),
                saves,
                limits: self.limits.clone(),
                origins: self.origins.clone(),
                auth: self.auth.clone(),
                serve: self.serve.clone(),
                events: self.events.clone(),
                libraries: self.libraries.clone(),
                png: self.png.clone(),
            })
            .with_collector(Box::new(starlark::metrics::StarlarkMetrics {
                counts: self.renders.clone(),
                manager: api.manager.clone(),
            })),
        );
        let observe = axum::middleware::from_fn_with_state(metrics.clone(), metrics::observe);
        let origin_guard = axum::middleware::from_fn_with_state(self.origins.clone(), http::origin::guard);
        let handshake_guard =
            axum::middleware::from_fn_with_state(self.limits.clone(), realtime::limits::guard_handshakes);
        let devices = http::device_api(api.clone()).layer(observe.clone());
        Router::new()
            .nest("/api", http::api(api, config.max_payload).layer(observe))
            .nest("/v0", devices)
            // `/api/` itself is not matched by the nested router; it must not fall to the UI.
            .route("/api/", axum::routing::any(http::not_found))
            .route(
                "/metrics",
                axum::routing::get(metrics::scrape)
                    .with_state(metrics)
                    .layer(axum::middleware::from_fn_with_state(
                        self.auth.clone(),
                        http::auth::require_token,
                    )),
            )
            // A service, not a handler: a handler fallback is turned into a route
            // lazily, which builds a fresh Socket.IO engine (and session table)
            // under the layer below, so polling sessions got "Session ID unknown".
            // Gzipped: the UI's script is most of what a phone on a slow line
            // waits for before the first paint.
            .fallback_service(axum::routing::get(http::ui::serve).layer(CompressionLayer::new()))
            .layer(
                ServiceBuilder::new()
                    .layer(telemetry::http_trace_layer())
                    .layer(self.origins.cors_layer())
                    .layer(origin_guard)
                    .layer(handshake_guard)
                    .layer(axum::middleware::map_request(realtime::head::detach))
                    .layer(socketio),
            )
    }
}

/// Where the state is kept, and what runs to keep it.
enum Backing {
    /// Alone: the state file, saved after every change.
    File(Arc<FileStore>),
    /// A cluster member: Redis, and the tasks that follow it and hold the panel lease.
    Cluster(Box<Membership>),
}

struct Membership {
    cluster: Cluster,
    store: Arc<RedisStore>,
    panel_owner: watch::Sender<bool>,
    /// The render loop's health: the lease is held only while it is not stalled.
    render: Arc<RenderStats>,
}

impl Backing {
    /// Starts what keeps the state: the state file's saver, or a cluster
    /// member's mirror (of the state and `libraries`), lease and frame sharing
    /// (`preview` is the panel's frames and how often to share them). Returns
    /// the file store, which is saved once more at shutdown.
    fn spawn(
        self,
        tasks: &mut JoinSet<()>,
        (manager, libraries): (&Arc<Manager>, &Libraries),
        preview: (watch::Receiver<Arc<Frame>>, u32),
        shutdown: &CancellationToken,
    ) -> Option<Arc<FileStore>> {
        match self {
            Self::File(store) => {
                let (saver, stop) = (store.clone(), shutdown.clone());
                tasks.spawn(async move { saver.run_saver(stop).await });
                Some(store)
            }
            Self::Cluster(member) => {
                let Membership {
                    cluster,
                    store,
                    panel_owner,
                    render,
                } = *member;
                let mirrored = Mirrored {
                    store,
                    manager: manager.clone(),
                    libraries: libraries.clone(),
                };
                cluster.spawn(tasks, mirrored, (panel_owner, render), preview, shutdown);
                None
            }
        }
    }
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        Self::build_with_apps(config, Registry::builtin()).await
    }

    /// As [`Application::build`], running the apps of `registry` (the built-in
    /// ones and any an embedding program adds with [`Registry::with`]).
    pub async fn build_with_apps(config: Config, registry: Registry) -> Result<Self, StartupError> {
        let shutdown = CancellationToken::new();
        let cluster = match &config.redis_url {
            Some(url) => Some(Cluster::connect(url, config.lease_ttl).await?),
            None => None,
        };
        let libraries = match &cluster {
            Some(cluster) => {
                let capacities = (config.icon_capacity(), config.picture_capacity());
                Some(cluster.libraries(&config.data_dir(), capacities).await?)
            }
            None => None,
        };
        let parts = Parts::new(&config, libraries, &shutdown)?;
        let registry = Arc::new(registry.with_renders(parts.starlark.renders.clone()));
        if registry.get(&config.app).is_none() {
            return Err(StartupError::UnknownApp {
                app: config.app.clone(),
                available: registry.names().join(", "),
            });
        }
        let state = initial_state(&config, &registry);
        let (width, height) = config.panel_size();
        let frames = watch::Sender::new(Arc::new(Frame::blank(width, height)));

        let (manager, router, io, panel_owner, backing) = match cluster {
            None => {
                persistence::remove_stale_temp_files(&config.state_file);
                let store = Arc::new(FileStore::new(config.state_file.clone(), state));
                let manager =
                    Arc::new(Manager::new(registry, store.current(), store.clone()).with_clock(config.clock()));
                let source: Arc<dyn FrameSource> = Arc::new(frames.subscribe());
                let (socketio, io) = realtime::layer(&config, parts.realtime(&manager, &source));
                let (_, panel_owner) = watch::channel(true);
                let api = parts.api(&manager, &panel_owner, None, source);
                let router = parts.routes(&config, api, socketio, Some(store.clone()));
                (manager, router, io, panel_owner, Backing::File(store))
            }
            Some(cluster) => {
                let (manager, store) = cluster.manager(registry, &state, config.clock()).await?;
                let (sender, panel_owner) = watch::channel(false);
                let source: Arc<dyn FrameSource> =
                    Arc::new(cluster.shared_frames(frames.subscribe(), panel_owner.clone()));
                let adapter = cluster.adapter();
                let (socketio, io) = realtime::cluster_layer(&config, parts.realtime(&manager, &source), adapter)
                    .await
                    .map_err(|error| StartupError::Adapter(error.to_string()))?;
                let instance = Some(Arc::from(cluster.instance()));
                let api = parts.api(&manager, &panel_owner, instance, source);
                let router = parts.routes(&config, api, socketio, None);
                let membership = Membership {
                    cluster,
                    store,
                    panel_owner: sender,
                    render: parts.render.clone(),
                };
                (manager, router, io, panel_owner, Backing::Cluster(Box::new(membership)))
            }
        };
        // Only now is the Socket.IO handle there for `/metrics` to count sockets with.
        let _ = parts.io.set(io.clone());

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
            backing,
            frames,
            parts,
            shutdown,
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
            backing,
            frames,
            parts,
            shutdown,
        } = self;
        tracing::info!("listening on http://{}", listener.local_addr()?);

        let mut tasks = JoinSet::new();
        let preview = (frames.subscribe(), config.preview_fps);
        let file_store = backing.spawn(&mut tasks, (&manager, &parts.libraries), preview, &shutdown);
        if let (Some(mqtt), Some(status)) = (config.mqtt(), &parts.mqtt) {
            mqtt::spawn(
                &mut tasks,
                mqtt,
                mqtt::Board {
                    manager: manager.clone(),
                    libraries: parts.libraries.clone(),
                    starlark: parts.starlark.clone(),
                },
                status,
                panel_owner.clone(),
                &shutdown,
            );
        }
        let runner = Arc::new(starlark::runner::Runner {
            starlark: parts.starlark.clone(),
            manager: manager.clone(),
            counts: parts.renders.clone(),
        });
        tasks.spawn(cluster::lease::while_owner(
            panel_owner.clone(),
            shutdown.clone(),
            move |stop| runner.clone().run(stop),
        ));
        let owns_panel = *panel_owner.borrow();
        let mut first_frame = frames.subscribe();
        let failure: Arc<parking_lot::Mutex<Option<String>>> = Arc::default();
        let give_up: render::GiveUp = {
            let (failure, shutdown) = (failure.clone(), shutdown.clone());
            Arc::new(move |reason| {
                failure.lock().get_or_insert(reason);
                shutdown.cancel();
            })
        };
        let panel = panel::Panel {
            size: config.panel_size(),
            priority: config.panel_priority,
            manager: manager.clone(),
            owner: panel_owner,
            frames: frames.clone(),
            outputs: parts.outputs.clone(),
            libraries: parts.libraries.clone(),
            stats: parts.render.clone(),
            give_up,
        };
        panel.spawn(&mut tasks, &shutdown);
        // The render loop starts on a thread of its own: let it draw its first picture before
        // requests are served, so a first client never sees a blank panel.
        if owns_panel {
            let _ = tokio::time::timeout(FIRST_FRAME_WAIT, first_frame.changed()).await;
        }
        realtime::spawn_broadcasts(&mut tasks, &io, &manager, &parts.events, &shutdown);
        let preview_fps = config.preview_fps;
        realtime::spawn_preview(
            &mut tasks,
            &io,
            frames.subscribe(),
            preview_fps,
            &parts.events,
            &shutdown,
        );

        let settings = serve::ServeSettings {
            header_read_timeout: config.header_read_timeout,
            body_read_timeout: config.body_read_timeout,
            max_connections_per_ip: config.max_connections_per_ip,
            trusted_proxies: config.trusted_proxy.clone(),
            drain_timeout: DRAIN_TIMEOUT,
        };
        if config.trim_memory {
            memory::spawn_trimmer(&mut tasks, parts.serve.clone(), &shutdown);
        }
        let stats = parts.serve.clone();
        let server = tokio::spawn(serve::serve(listener, router, settings, stats, shutdown.clone()));
        shutdown.cancelled().await;
        tracing::info!("shutting down");
        // Whatever panicked earlier, the state is still saved.
        if let Err(error) = server.await {
            tracing::error!(%error, "the connection server failed");
        }
        finish(tasks).await;
        let failure = failure.lock().take().map(std::io::Error::other);
        let restart = parts.restart.as_ref().is_some_and(Restart::requested);
        if let Some(store) = file_store {
            let saved = tokio::task::spawn_blocking(move || store.save_now())
                .await
                .map_err(std::io::Error::other)
                .and_then(|saved| saved);
            if let Err(error) = saved {
                // The state lived in memory only; say so, and exit non-zero.
                tracing::error!(%error, "could not save the state at shutdown; changes since the last save are lost");
                return Err(error);
            }
            tracing::info!("state saved");
        }
        match failure {
            Some(failure) => Err(failure),
            None => {
                tracing::info!("bye");
                restarting(restart)
            }
        }
    }
}

/// Waits for every background task to end, logging those that panicked rather than
/// passing the panic on, so that shutdown still gets to save the state.
async fn finish(mut tasks: JoinSet<()>) {
    while let Some(ended) = tasks.join_next().await {
        if let Err(error) = ended
            && error.is_panic()
        {
            tracing::error!(%error, "a background task had panicked");
        }
    }
}

/// Community apps: the library of `--apps-dir` and the uploads, and the pool
/// of worker processes they run in (this binary's `starlark-worker`, unless
/// `--starlark-worker` names another program).
fn community_apps(config: &Config) -> Result<Starlark, StartupError> {
    let library = starlark::library::Library::open(&config.apps_dir(), &config.uploaded_apps_dir())
        .map_err(StartupError::Apps)?;
    let exe = match &config.starlark_worker {
        Some(exe) => exe.clone(),
        None => std::env::current_exe().unwrap_or_else(|_| "retroboard".into()),
    };
    let max_heap = starlet::Limits::default().max_heap;
    let pool = starlark::pool::Pool::new(usize::from(config.starlark_workers), move || {
        subcommands::worker_command(&exe, max_heap)
    });
    let settings = starlark::Settings {
        panel: config.panel_size(),
        timezone: config.clock().zone(),
        timeout: config.starlark_timeout,
        max_upload: config.max_app_upload,
    };
    Ok(Starlark::new(library, pool, settings))
}

/// A restart asked for over the API ends the run with an error, so that the
/// process exits non-zero and its supervisor starts it again.
fn restarting(restart: bool) -> std::io::Result<()> {
    if restart {
        return Err(std::io::Error::other("stopped for a restart asked for over the API"));
    }
    Ok(())
}

/// The state to start from: the state file (unless ignored), sanitised, else defaults.
fn initial_state(config: &Config, registry: &Registry) -> State {
    let warn = |message: String| tracing::warn!("{message}");
    let file = if config.ignore_state {
        tracing::info!("ignoring the state file as asked; starting from defaults");
        StateFile::default()
    } else {
        match persistence::load(&config.state_file) {
            Loaded::Found(file) => *file,
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

/// Resolves on the next SIGINT (Ctrl-C) or SIGTERM.
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

/// A lone instance's icons and pictures: its own, in its data directory.
fn lone_libraries(config: &Config) -> Result<Libraries, StartupError> {
    Ok(Libraries {
        icons: Arc::new(
            Library::icons(&config.data_dir().join("icons"))
                .map_err(StartupError::Library)?
                .with_capacity(config.icon_capacity()),
        ),
        pictures: Arc::new(
            Library::pictures(&config.data_dir().join("images"))
                .map_err(StartupError::Library)?
                .with_capacity(config.picture_capacity()),
        ),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    #[tokio::test]
    async fn a_task_that_panicked_does_not_keep_shutdown_from_waiting_for_the_others() {
        let mut tasks = JoinSet::new();
        let others_ended = Arc::new(AtomicBool::new(false));
        tasks.spawn(async { panic!("a background task fails") });
        let ended = others_ended.clone();
        tasks.spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            ended.store(true, Ordering::SeqCst);
        });
        finish(tasks).await;
        assert!(others_ended.load(Ordering::SeqCst));
    }
}
