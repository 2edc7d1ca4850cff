//! The floor: the least a tokio program does to deliver one Socket.IO event to N WebSocket
//! clients, as the yardstick the benchmark holds every server against. Not a product.
//!
//! It answers the Engine.IO v4 handshake over WebSocket and the Socket.IO connect to `/`, sends
//! the current `settings` on connect, serves `GET`/`POST /api/settings`, and on a changed
//! brightness writes one pre-encoded WebSocket frame to every socket from a single task. After
//! the handshakes (one short task per connection) a socket is only a `TcpStream` in one shared
//! list: no task, channel or buffer of its own. hyper parses HTTP and hands over the upgraded
//! connection, axum routes requests, and tungstenite derives the accept key, carries the
//! handshake messages and encodes every frame.
//!
//! What it skips, on purpose:
//! - Polling transport, upgrades, binary packets, acks, namespaces other than `/` and any event
//!   sent by a client; the query string (`EIO`, `transport`) and the upgrade request's headers
//!   other than `Sec-WebSocket-Key` are not checked.
//! - Reading client frames after the connect: during each ping round the bytes clients sent
//!   (their pongs) are read and discarded undecoded, so nothing enforces the ping timeout; a
//!   socket leaves the list when a read sees end of stream or a write fails.
//! - Slow clients: the fan-out task awaits a socket whose send buffer is full before moving on
//!   to the next, so one stalled client delays the rest.

use std::io::ErrorKind;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::{Bytes, Message};

/// A client that opens the WebSocket but never sends the Socket.IO connect is dropped after this.
const JOIN_TIMEOUT: Duration = Duration::from_secs(10);
const PING_TIMEOUT_MS: u64 = 60_000;

/// Connected sockets and the frame a newly joined one must get first.
struct Sockets {
    list: Vec<TcpStream>,
    /// The last `settings` frame sent to the list; later frames go through the fan-out task, so
    /// a socket joining between two of them still sees every change after this one.
    current: Bytes,
}

#[derive(Clone)]
struct Floor {
    brightness: Arc<Mutex<u8>>,
    frames: mpsc::UnboundedSender<Bytes>,
    sockets: Arc<tokio::sync::Mutex<Sockets>>,
    next_sid: Arc<AtomicU64>,
    ping_interval: Duration,
}

/// Encodes one unmasked, final WebSocket text frame.
fn text_frame(text: String) -> Bytes {
    let mut out = Vec::with_capacity(text.len() + 4);
    Frame::message(text, OpCode::Data(Data::Text), true)
        .format(&mut out)
        .expect("writing a frame to a Vec cannot fail");
    out.into()
}

fn settings_frame(brightness: u8) -> Bytes {
    text_frame(format!("42{}", json!(["settings", { "brightness": brightness }])))
}

/// Serves the floor on `listener` until the listener fails; pings go out every `ping_interval`.
///
/// Connections are served by hyper's HTTP/1 builder directly (not `axum::serve`, whose
/// protocol detection wraps the stream) so that an upgraded connection comes back as the
/// plain `TcpStream` the fan-out task writes to.
pub async fn serve(listener: TcpListener, ping_interval: Duration) -> std::io::Result<()> {
    let service = TowerToHyperService::new(router(ping_interval));
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let service = service.clone();
        tokio::spawn(async move {
            let connection = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            let _ = connection.await;
        });
    }
}

fn router(ping_interval: Duration) -> axum::Router {
    let initial = 100;
    let (frames, queue) = mpsc::unbounded_channel();
    let sockets = Arc::new(tokio::sync::Mutex::new(Sockets {
        list: Vec::new(),
        current: settings_frame(initial),
    }));
    tokio::spawn(fan_out(queue, sockets.clone(), ping_interval));
    let floor = Floor {
        brightness: Arc::new(Mutex::new(initial)),
        frames,
        sockets,
        next_sid: Arc::new(AtomicU64::new(1)),
        ping_interval,
    };
    axum::Router::new()
        .route("/api/settings", get(get_settings).post(post_settings))
        .route("/socket.io/", get(upgrade))
        .with_state(floor)
}

async fn get_settings(State(floor): State<Floor>) -> Json<Value> {
    Json(json!({ "brightness": *floor.brightness.lock().expect("brightness lock") }))
}

/// Queues the new frame while holding the brightness lock, so frames leave in the order the
/// values were set; unchanged values send nothing, like every other server in the comparison.
async fn post_settings(State(floor): State<Floor>, Json(body): Json<Value>) -> Response {
    let Some(value) = body["brightness"].as_u64().filter(|b| *b <= 100) else {
        let error = json!({ "error": "Brightness must be between 0 and 100" });
        return (StatusCode::BAD_REQUEST, Json(error)).into_response();
    };
    let mut brightness = floor.brightness.lock().expect("brightness lock");
    if *brightness != value as u8 {
        *brightness = value as u8;
        // The fan-out task lives as long as the router that owns the sender.
        let _ = floor.frames.send(settings_frame(value as u8));
    }
    Json(json!({ "success": true })).into_response()
}

/// Answers the WebSocket upgrade; the Engine.IO and Socket.IO handshakes follow on the raw
/// connection once hyper hands it over.
async fn upgrade(State(floor): State<Floor>, mut request: Request) -> Response {
    let Some(key) = request.headers().get(header::SEC_WEBSOCKET_KEY) else {
        return (StatusCode::BAD_REQUEST, "WebSocket upgrade expected").into_response();
    };
    let accept = derive_accept_key(key.as_bytes());
    let on_upgrade = hyper::upgrade::on(&mut request);
    tokio::spawn(async move {
        let Ok(upgraded) = on_upgrade.await else { return };
        let Ok(parts) = upgraded.downcast::<TokioIo<TcpStream>>() else {
            return;
        };
        let ws =
            WebSocketStream::from_partially_read(parts.io.into_inner(), parts.read_buf.to_vec(), Role::Server, None)
                .await;
        let _ = tokio::time::timeout(JOIN_TIMEOUT, join(&floor, ws)).await;
    });
    Response::builder()
        .status(StatusCode::SWITCHING_PROTOCOLS)
        .header(header::CONNECTION, "upgrade")
        .header(header::UPGRADE, "websocket")
        .header(header::SEC_WEBSOCKET_ACCEPT, accept)
        .body(Body::empty())
        .expect("static response parts are valid")
}

/// Engine.IO open, the client's Socket.IO connect and its acknowledgement, then the socket
/// joins the shared list with the current settings as its first event.
async fn join(floor: &Floor, mut ws: WebSocketStream<TcpStream>) -> Option<()> {
    let sid = floor.next_sid.fetch_add(1, Ordering::Relaxed);
    let open = json!({
        "sid": sid.to_string(),
        "upgrades": [],
        "pingInterval": floor.ping_interval.as_millis() as u64,
        "pingTimeout": PING_TIMEOUT_MS,
        "maxPayload": 1_000_000,
    });
    ws.send(Message::text(format!("0{open}"))).await.ok()?;
    loop {
        match ws.next().await?.ok()? {
            Message::Text(text) if text.as_str().starts_with("40") => break,
            Message::Close(_) => return None,
            _ => {}
        }
    }
    ws.send(Message::text(format!("40{}", json!({ "sid": sid.to_string() }))))
        .await
        .ok()?;
    let mut stream = ws.into_inner();
    let mut sockets = floor.sockets.lock().await;
    stream.write_all(&sockets.current).await.ok()?;
    sockets.list.push(stream);
    Some(())
}

/// The one task that writes to sockets after they joined: each queued frame to every socket,
/// and every `ping_interval` a ping round that first drains what clients sent since the last.
async fn fan_out(
    mut queue: mpsc::UnboundedReceiver<Bytes>,
    sockets: Arc<tokio::sync::Mutex<Sockets>>,
    ping_interval: Duration,
) {
    let ping = text_frame("2".to_string());
    let mut pings = tokio::time::interval_at(tokio::time::Instant::now() + ping_interval, ping_interval);
    loop {
        tokio::select! {
            frame = queue.recv() => {
                let Some(frame) = frame else { return };
                let mut sockets = sockets.lock().await;
                deliver(&mut sockets.list, &frame).await;
                sockets.current = frame;
            }
            _ = pings.tick() => {
                let mut sockets = sockets.lock().await;
                sockets.list.retain(drain);
                deliver(&mut sockets.list, &ping).await;
            }
        }
    }
}

/// Writes `frame` to every socket, dropping those whose write fails.
async fn deliver(list: &mut Vec<TcpStream>, frame: &[u8]) {
    let mut i = 0;
    while i < list.len() {
        if list[i].write_all(frame).await.is_ok() {
            i += 1;
        } else {
            list.swap_remove(i);
        }
    }
}

/// Reads and discards whatever the client sent; false once it closed or failed.
fn drain(stream: &TcpStream) -> bool {
    let mut scratch = [0u8; 512];
    loop {
        match stream.try_read(&mut scratch) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
            Err(_) => return false,
        }
    }
}
