//! Socket.IO on `/socket.io/`: the initial state on connect, `request_state`, and change broadcasts.
//!
//! Clients never change state over the socket (commands go through REST), so
//! this layer only reads. What is sent, and when, follows the manager's list
//! of views ([`crate::manager::views::VIEWS`]): the views every client gets
//! on connect and on `request_state`, those a client names in
//! `request_state`'s `{"views": [...]}` besides, and one task per changing
//! view that forwards each new value to every socket.
//!
//! State events go to this instance's own sockets only (`io.local()`): in a
//! cluster every instance mirrors the state and forwards its own changes, so
//! sending them through the Redis adapter would deliver one copy per
//! instance. The adapter is there for broadcasts that start on one instance,
//! such as the panel owner's preview frames (see [`preview`]).

pub mod head;
pub mod limits;
pub mod preview;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::ConnectInfo;
use limits::ClientLimits;

use crate::throttle::{Bucket, Refusals};
use parking_lot::Mutex;

use serde::Deserialize;
use serde::Serialize;
use socketioxide::adapter::Adapter;
use socketioxide::extract::{SocketRef, State, TryData};
use socketioxide::handler::ConnectHandler;
use socketioxide::layer::SocketIoLayer;
use socketioxide::{SocketIo, SocketIoBuilder};
use socketioxide_redis::{InitError, RedisAdapterCtr};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::cluster;
use crate::cluster::adapter::ReconnectingDriver;
use crate::config::Config;
use crate::gfx::Frame;
use crate::http::auth::{Auth, UNAUTHORIZED};
use crate::manager::Manager;
use crate::render::FrameSource;

/// Initial WebSocket read buffer per connection. A frame's header announces
/// its length and the buffer grows to it, so larger messages still arrive in
/// one piece; only the first read of each is smaller.
const WS_READ_BUFFER: usize = 256;

/// The Socket.IO handle of a lone instance, or of a cluster member.
#[derive(Clone)]
pub enum Io {
    Local(SocketIo),
    Cluster(SocketIo<cluster::Adapter>),
}

/// How many `request_state` a socket may send at once, and per second after that.
const REQUEST_STATE_BURST: f64 = 10.0;
const REQUEST_STATE_PER_SECOND: f64 = 2.0;

/// How many events of each name were sent (a broadcast counts once), for `/metrics`.
#[derive(Debug, Default)]
pub struct EventCounts(Mutex<BTreeMap<&'static str, u64>>);

impl EventCounts {
    pub fn sent(&self, event: &'static str) {
        *self.0.lock().entry(event).or_default() += 1;
    }

    pub fn snapshot(&self) -> Vec<(&'static str, u64)> {
        self.0.lock().iter().map(|(event, count)| (*event, *count)).collect()
    }
}

impl Io {
    /// Connected sockets on this instance, as `(polling, websocket)`.
    pub fn connected_by_transport(&self) -> (usize, usize) {
        fn count<A: Adapter>(io: &SocketIo<A>) -> (usize, usize) {
            let sockets = io.of("/").map(|ns| ns.local().sockets()).unwrap_or_default();
            let websocket = sockets
                .iter()
                .filter(|socket| socket.transport_type() == socketioxide::TransportType::Websocket)
                .count();
            (sockets.len() - websocket, websocket)
        }
        match self {
            Self::Local(io) => count(io),
            Self::Cluster(io) => count(io),
        }
    }
}

/// What Socket.IO handlers can reach besides the socket.
pub struct Shared {
    pub manager: Arc<Manager>,
    pub frames: Arc<dyn FrameSource>,
    pub limits: Arc<ClientLimits>,
    pub auth: Arc<Auth>,
    pub events: Arc<EventCounts>,
}

fn builder(config: &Config, shared: Shared) -> SocketIoBuilder {
    SocketIo::builder()
        .ping_interval(config.ping_interval)
        .ping_timeout(config.ping_timeout)
        .max_payload(config.max_payload as u64)
        // The same limit for WebSocket messages and frames: past it the
        // connection is closed (1009, message too big) before the message is
        // buffered, rather than read whole into memory.
        .ws_max_message_size(config.max_payload)
        .ws_max_frame_size(config.max_payload)
        .connect_timeout(config.connect_timeout)
        // Clients send only pongs and `request_state` upstream: a small read
        // buffer saves almost 4 KiB per connected client against the default.
        .ws_read_buffer_size(WS_READ_BUFFER)
        .with_state(shared.manager)
        .with_state(shared.limits)
        .with_state(shared.auth)
        .with_state(shared.events)
        .with_state(preview::PreviewFrames(shared.frames))
}

/// Builds the Socket.IO layer of a lone instance and registers the `/` namespace.
pub fn layer(config: &Config, shared: Shared) -> (SocketIoLayer, Io) {
    let (layer, io) = builder(config, shared).build_layer();
    io.ns("/", on_connect.with(listen).with(authenticate));
    (layer, Io::Local(io))
}

/// Builds the Socket.IO layer of a cluster member; the namespace is ready
/// once its adapter has subscribed to the other instances.
pub async fn cluster_layer(
    config: &Config,
    shared: Shared,
    adapter: RedisAdapterCtr<ReconnectingDriver>,
) -> Result<(SocketIoLayer<cluster::Adapter>, Io), InitError<ReconnectingDriver>> {
    let (layer, io) = builder(config, shared)
        .with_adapter::<cluster::Adapter>(adapter)
        .build_layer();
    io.ns("/", on_connect.with(listen).with(authenticate)).await?;
    Ok((layer, Io::Cluster(io)))
}

/// The handshake's `auth` payload, as socket.io-client sends it.
#[derive(Deserialize)]
struct Credentials {
    token: Option<String>,
    /// Events beyond the original four that the client wants in its initial
    /// state (see [`crate::manager::views::Sent::OnChangeAndWhenAsked`]), e.g. `["night"]`.
    #[serde(default)]
    views: Vec<String>,
}

/// Why a connection was refused; its text is the client's `connect_error` message.
#[derive(Debug)]
struct Unauthorized;

impl fmt::Display for Unauthorized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(UNAUTHORIZED)
    }
}

/// Connect middleware: with `--auth-token`, a connection must carry it.
async fn authenticate(
    TryData(credentials): TryData<Credentials>,
    State(auth): State<Arc<Auth>>,
) -> Result<(), Unauthorized> {
    let offered = credentials.ok().and_then(|credentials| credentials.token);
    if auth.accepts(offered.as_deref()) {
        Ok(())
    } else {
        Err(Unauthorized)
    }
}

/// Connect middleware, after [`authenticate`]: registers the socket's event
/// handlers. Middlewares finish before the server answers the connect packet,
/// while the connect handler runs in a task of its own after it, so an event a
/// client sends the moment it is connected (the preview's `preview:subscribe`)
/// would find no handler there yet and be dropped.
async fn listen<A: Adapter>(
    socket: SocketRef<A>,
    TryData(credentials): TryData<Credentials>,
) -> Result<(), Infallible> {
    let named: Arc<[String]> = credentials.map(|c| c.views).unwrap_or_default().into();
    // A socket that floods `request_state` gets its excess dropped, and one log line per period.
    let throttle = Arc::new(Mutex::new((
        Bucket::full(REQUEST_STATE_BURST, REQUEST_STATE_PER_SECOND),
        Refusals::default(),
    )));
    socket.on(
        "request_state",
        async move |socket: SocketRef<A>,
                    TryData(asked_now): TryData<StateRequest>,
                    State(manager): State<Arc<Manager>>,
                    State(events): State<Arc<EventCounts>>| {
            let dropped = {
                let (bucket, refusals) = &mut *throttle.lock();
                if bucket.take() { None } else { Some(refusals.count()) }
            };
            match dropped {
                None => {
                    // Views named at connection, and those this request adds.
                    let mut asked = named.to_vec();
                    asked.extend(asked_now.map(|request| request.views).unwrap_or_default());
                    send_state(&socket, &manager, &asked, &events);
                }
                Some(Some(count)) => {
                    tracing::warn!(sid = %socket.id, "dropped {count} request_state sent faster than {REQUEST_STATE_PER_SECOND}/s")
                }
                Some(None) => {}
            }
        },
    );
    preview::listen(&socket);
    Ok(())
}

/// Counts the client against its address's limit and sends it the state.
async fn on_connect<A: Adapter>(
    socket: SocketRef<A>,
    TryData(credentials): TryData<Credentials>,
    State(manager): State<Arc<Manager>>,
    State(limits): State<Arc<ClientLimits>>,
    State(events): State<Arc<EventCounts>>,
) {
    tracing::debug!(sid = %socket.id, "client connected");
    let client = client_address(&socket, &limits);
    if let Some(client) = client {
        limits.joined(client);
        socket.on_disconnect(async move || limits.left(client));
    }
    let named = credentials.map(|c| c.views).unwrap_or_default();
    send_state(&socket, &manager, &named, &events);
}

/// The address a socket's session came from, as the per-address limits count it.
fn client_address<A: Adapter>(socket: &SocketRef<A>, limits: &ClientLimits) -> Option<IpAddr> {
    let parts = socket.req_parts();
    let ConnectInfo(peer) = parts.extensions.get::<ConnectInfo<SocketAddr>>()?;
    Some(limits.client(peer.ip(), &parts.headers))
}

/// `request_state`'s optional payload: views to send besides those every client gets.
#[derive(Deserialize)]
struct StateRequest {
    #[serde(default)]
    views: Vec<String>,
}

/// Sends one socket every state view it gets (those it `asked` for among
/// them), all from the same instant.
fn send_state<A: Adapter>(socket: &SocketRef<A>, manager: &Manager, asked: &[String], events: &EventCounts) {
    for (event, payload) in manager.initial_views(asked) {
        if let Err(error) = socket.emit(event, &payload) {
            tracing::warn!(sid = %socket.id, %error, "could not send state");
            return;
        }
        events.sent(event);
    }
}

/// Starts one task per broadcast event; they end when `shutdown` is cancelled.
pub fn spawn_broadcasts(
    tasks: &mut JoinSet<()>,
    io: &Io,
    manager: &Manager,
    events: &Arc<EventCounts>,
    shutdown: &CancellationToken,
) {
    match io {
        Io::Local(io) => spawn_forwarders(tasks, io, manager, events, shutdown),
        Io::Cluster(io) => spawn_forwarders(tasks, io, manager, events, shutdown),
    }
}

/// Starts the task that sends new frames to preview subscribers (see [`preview::forward`]).
pub fn spawn_preview(
    tasks: &mut JoinSet<()>,
    io: &Io,
    frames: watch::Receiver<Arc<Frame>>,
    fps: u32,
    events: &Arc<EventCounts>,
    shutdown: &CancellationToken,
) {
    let (events, shutdown) = (events.clone(), shutdown.clone());
    match io {
        Io::Local(io) => tasks.spawn(preview::forward(io.clone(), frames, fps, events, shutdown)),
        Io::Cluster(io) => tasks.spawn(preview::forward(io.clone(), frames, fps, events, shutdown)),
    };
}

fn spawn_forwarders<A: Adapter>(
    tasks: &mut JoinSet<()>,
    io: &SocketIo<A>,
    manager: &Manager,
    events: &Arc<EventCounts>,
    shutdown: &CancellationToken,
) {
    for (view, changes) in manager.watch_views() {
        if view.sent.on_change() {
            tasks.spawn(forward(
                io.clone(),
                view.event,
                changes,
                events.clone(),
                shutdown.clone(),
            ));
        }
    }
}

/// Broadcasts the latest value of `views` as `event` to this instance's sockets each time it changes.
///
/// The watch channel holds only the newest value, so while one broadcast is
/// in flight any number of changes collapse into the next one.
async fn forward<A, T>(
    io: SocketIo<A>,
    event: &'static str,
    mut views: watch::Receiver<T>,
    events: Arc<EventCounts>,
    shutdown: CancellationToken,
) where
    A: Adapter,
    T: Clone + Serialize + Send + Sync + 'static,
{
    views.mark_unchanged();
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = views.changed() => if changed.is_err() { return },
        }
        let view = views.borrow_and_update().clone();
        if let Err(error) = io.local().emit(event, &view).await {
            tracing::warn!(event, %error, "broadcast incomplete");
        }
        events.sent(event);
    }
}
