//! RetroBoard: a Socket.IO backend for browser-driven RGB LED-matrix displays.
//!
//! [`Application::build`] wires the pieces together: the manager (domain
//! state), the carousel timer, the state saver, the REST API and Socket.IO.
//! [`Application::run`] serves until its shutdown token is cancelled, then
//! closes every socket, stops the background tasks and saves the state.

pub mod apps;
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
use socketioxide::SocketIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

use apps::Registry;
use config::Config;
use manager::Manager;
use manager::state::{State, StateFile};
use persistence::Loaded;

/// How long in-flight requests get to finish once shutdown begins.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("unknown app '{app}' for --app; available: {available}")]
    UnknownApp { app: String, available: String },
    #[error("invalid --cors-origin '{0}'")]
    InvalidOrigin(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

pub struct Application {
    config: Config,
    listener: TcpListener,
    router: Router,
    manager: Arc<Manager>,
    io: SocketIo,
    shutdown: CancellationToken,
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let registry = Arc::new(Registry::builtin());
        if registry.get(&config.app).is_none() {
            return Err(StartupError::UnknownApp { app: config.app.clone(), available: registry.names().join(", ") });
        }
        let state = initial_state(&config, &registry);
        let manager = Arc::new(Manager::new(registry, state));

        let (socketio, io) = realtime::layer(&config, manager.clone());
        let api = http::api(http::AppState { manager: manager.clone() }, config.max_payload);
        let router = Router::new()
            .nest("/api", api)
            .layer(ServiceBuilder::new().layer(cors(&config.cors_origin)?).layer(socketio));

        let addr = config.listen_addr();
        let listener = TcpListener::bind(addr).await.map_err(|source| StartupError::Bind { addr, source })?;
        Ok(Self { config, listener, router, manager, io, shutdown: CancellationToken::new() })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Cancel this token to make [`Application::run`] shut down cleanly.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    pub async fn run(self) -> std::io::Result<()> {
        let Self { config, listener, router, manager, io, shutdown } = self;
        tracing::info!("listening on http://{}", listener.local_addr()?);

        let mut tasks = JoinSet::new();
        tasks.spawn(manager::carousel::run(manager.clone(), shutdown.clone()));
        tasks.spawn(persistence::run_saver(config.state_file.clone(), manager.watch_state_file(), shutdown.clone()));
        realtime::spawn_broadcasts(&mut tasks, &io, &manager, &shutdown);

        let stopping = shutdown.clone();
        let server = axum::serve(listener, router).with_graceful_shutdown(async move {
            stopping.cancelled().await;
            tracing::info!("shutting down");
            io.close().await;
        });
        let server = tokio::spawn(server.into_future());
        shutdown.cancelled().await;
        match tokio::time::timeout(DRAIN_TIMEOUT, server).await {
            Ok(served) => served.map_err(std::io::Error::other)??,
            Err(_) => tracing::warn!("connections still open after {DRAIN_TIMEOUT:?}; closing them"),
        }

        tasks.join_all().await;
        let path = config.state_file;
        let state = manager.state_file();
        tokio::task::spawn_blocking(move || persistence::save(&path, &state)).await.map_err(std::io::Error::other)??;
        tracing::info!("state saved; bye");
        Ok(())
    }
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
                let aside = set_aside.map_or("could not be moved".into(), |path| format!("moved to {}", path.display()));
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
    Ok(CorsLayer::new().allow_origin(allow_origin).allow_methods(Any).allow_headers(Any))
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
