//! One simulated browser: a Socket.IO v4 client over a raw WebSocket that answers pings and
//! records when each `settings` broadcast reached its socket.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpSocket;
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::protocol::{self, Frame};
use crate::rxstamp::StampedStream;

/// Counters every client updates; the fleet reads them to pace phases.
#[derive(Default)]
pub struct Hub {
    pub connected: AtomicU64,
    pub failed: AtomicU64,
    pub dropped: AtomicU64,
    pub arrived: AtomicU64,
    pub pings: AtomicU64,
    pub recording: AtomicBool,
}

/// Brightness values a client saw while recording, each with its receive time (ns).
pub type Arrivals = Mutex<Vec<(u8, u64)>>;

/// How a client's life ended, for the run report.
#[derive(Debug)]
pub struct ClientEnd {
    pub error: Option<String>,
    pub kernel_stamps: u64,
    pub fallback_stamps: u64,
}

pub struct ClientSpec {
    pub server: SocketAddr,
    pub source: Ipv4Addr,
    pub connect_timeout: Duration,
}

/// Small buffers: thousands of these live in one process and messages are tiny.
fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4096).write_buffer_size(0)
}

/// Runs one client until `stop` flips or the connection fails.
pub async fn run(
    spec: ClientSpec,
    hub: Arc<Hub>,
    arrivals: Arc<Arrivals>,
    mut stop: watch::Receiver<bool>,
) -> ClientEnd {
    let mut ws = match tokio::time::timeout(spec.connect_timeout, open(&spec)).await {
        Ok(Ok(ws)) => ws,
        Ok(Err(e)) => return fail(&hub, e),
        Err(_) => return fail(&hub, "connect timed out".into()),
    };
    let mut joined = false;
    let error = loop {
        let msg = tokio::select! {
            msg = ws.next() => msg,
            _ = stop.changed() => break None,
        };
        let text = match msg {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(_))) | None => break Some("closed by server".to_string()),
            Some(Ok(_)) => continue,
            Some(Err(e)) => break Some(format!("websocket: {e}")),
        };
        match protocol::parse(text.as_str()) {
            Ok(Frame::Open(_)) => {
                if let Err(e) = ws.send(Message::text(protocol::CONNECT)).await {
                    break Some(format!("send connect: {e}"));
                }
            }
            Ok(Frame::Connected) => {
                joined = true;
                hub.connected.fetch_add(1, Ordering::Relaxed);
            }
            Ok(Frame::Ping) => {
                hub.pings.fetch_add(1, Ordering::Relaxed);
                if let Err(e) = ws.send(Message::text(protocol::PONG)).await {
                    break Some(format!("send pong: {e}"));
                }
            }
            Ok(Frame::Event {
                name: "settings",
                arg: Some(arg),
            }) if hub.recording.load(Ordering::Relaxed) => {
                if let Some(value) = protocol::brightness(arg) {
                    let at = ws.get_ref().last_rx_ns();
                    arrivals.lock().expect("arrivals lock").push((value, at));
                    hub.arrived.fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok(Frame::ConnectError(why)) => break Some(format!("connect refused: {why}")),
            Ok(Frame::Close) => break Some("engine.io close".to_string()),
            Ok(_) => {}
            Err(e) => break Some(format!("protocol: {e}")),
        }
    };
    if joined {
        hub.connected.fetch_sub(1, Ordering::Relaxed);
        if error.is_some() {
            hub.dropped.fetch_add(1, Ordering::Relaxed);
        }
    } else if error.is_some() {
        hub.failed.fetch_add(1, Ordering::Relaxed);
    }
    let (kernel_stamps, fallback_stamps) = ws.get_ref().stamp_sources();
    ClientEnd {
        error,
        kernel_stamps,
        fallback_stamps,
    }
}

type Socket = tokio_tungstenite::WebSocketStream<StampedStream>;

async fn open(spec: &ClientSpec) -> Result<Socket, String> {
    let socket = TcpSocket::new_v4().map_err(|e| format!("socket: {e}"))?;
    socket
        .bind(SocketAddr::new(spec.source.into(), 0))
        .map_err(|e| format!("bind {}: {e}", spec.source))?;
    let tcp = socket
        .connect(spec.server)
        .await
        .map_err(|e| format!("tcp connect: {e}"))?;
    tcp.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
    let stream = StampedStream::new(tcp).map_err(|e| format!("SO_TIMESTAMPNS: {e}"))?;
    let url = format!("ws://{}/socket.io/?EIO=4&transport=websocket", spec.server);
    let (ws, _) = tokio_tungstenite::client_async_with_config(url, stream, Some(ws_config()))
        .await
        .map_err(|e| format!("websocket handshake: {e}"))?;
    Ok(ws)
}

fn fail(hub: &Hub, error: String) -> ClientEnd {
    hub.failed.fetch_add(1, Ordering::Relaxed);
    ClientEnd {
        error: Some(error),
        kernel_stamps: 0,
        fallback_stamps: 0,
    }
}
