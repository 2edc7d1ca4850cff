//! Accepting and serving connections, so that no one client can exhaust them.
//!
//! Each accepted TCP connection is served by hyper (HTTP/1.1 with upgrades,
//! for WebSocket) on a task of its own, with:
//! - a header-read timeout, which also closes connections that stay silent,
//!   send headers byte by byte (slowloris) or sit idle between requests;
//!   requests in flight (a held long-poll) and upgraded WebSockets are not
//!   affected, since they are past their headers;
//! - a body-read timeout: a request's body must have arrived whole within it
//!   of its headers, or reading it fails with [`BodyTimedOut`] (the REST API
//!   answers 408) and the connection is closed, so a body trickled in a byte
//!   at a time holds a connection no longer than that;
//! - a cap on the connections one address may hold open at once, WebSockets
//!   included (trusted proxies are exempt: every client comes through them);
//! - a spare file descriptor: when the process runs out, the spare is given
//!   up to accept the waiting connection, answer it 503 and close it, so
//!   clients get an answer and the log gets one line per period instead of an
//!   accept error every millisecond.
//!
//! - JSON bodies for the errors hyper answers itself (see [`json_errors`]).
//!
//! Shutdown stops accepting, asks every connection to finish its request in
//! flight and waits for them up to a deadline.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use parking_lot::Mutex;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

use crate::throttle::Refusals;

mod json_errors;

/// What [`serve`] needs to know beyond the listener and the router.
#[derive(Debug, Clone)]
pub struct ServeSettings {
    pub header_read_timeout: Duration,
    pub body_read_timeout: Duration,
    /// 0 for no limit.
    pub max_connections_per_ip: usize,
    pub trusted_proxies: Vec<IpAddr>,
    /// How long connections get to finish once shutdown begins.
    pub drain_timeout: Duration,
}

/// What the accept loop refused, for `/metrics`.
#[derive(Debug, Default)]
pub struct ServeStats {
    /// Connections closed at once for going over `--max-connections-per-ip`.
    pub over_limit: AtomicU64,
    /// Connections answered 503 because the process was out of file descriptors.
    pub out_of_files: AtomicU64,
    /// Connections open now, WebSockets included; the memory trimmer watches it ebb.
    pub open: AtomicUsize,
}

/// How long the out-of-descriptors answer may take; the listener waits meanwhile.
const LINGER: Duration = Duration::from_millis(100);

const OUT_OF_FILES: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
connection: close\r\ncontent-length: 57\r\n\r\n{\"error\":\"Server is out of connections; try again later\"}";

/// Serves `router` on `listener` until `shutdown`, then drains the connections.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    settings: ServeSettings,
    stats: Arc<ServeStats>,
    shutdown: CancellationToken,
) {
    let connections = TaskTracker::new();
    let counts = Arc::new(ConnectionCounts::default());
    let mut spare = Spare::open();
    let mut over_limit = Refusals::default();
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) if is_out_of_files(&error) => {
                stats.out_of_files.fetch_add(1, Ordering::Relaxed);
                spare.answer_one(&listener, &error).await;
                continue;
            }
            Err(error) => {
                tracing::debug!(%error, "accept failed");
                continue;
            }
        };
        let exempt = settings.trusted_proxies.contains(&peer.ip()) || settings.max_connections_per_ip == 0;
        let slot = if exempt {
            None
        } else {
            match counts.enter(peer.ip(), settings.max_connections_per_ip) {
                Some(slot) => Some(slot),
                None => {
                    stats.over_limit.fetch_add(1, Ordering::Relaxed);
                    if let Some(count) = over_limit.count() {
                        tracing::warn!(client = %peer.ip(), "closed {count} connections over --max-connections-per-ip");
                    }
                    continue;
                }
            }
        };
        let stream = Counted {
            stream,
            _slot: slot,
            _open: Open::enter(&stats),
        };
        let timeouts = (settings.header_read_timeout, settings.body_read_timeout);
        connections.spawn(serve_connection(
            stream,
            peer,
            router.clone(),
            timeouts,
            shutdown.clone(),
        ));
    }
    connections.close();
    if tokio::time::timeout(settings.drain_timeout, connections.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            "requests still in flight after {:?}; dropping them",
            settings.drain_timeout
        );
    }
}

async fn serve_connection(
    stream: Counted,
    peer: SocketAddr,
    router: Router,
    (header_read_timeout, body_read_timeout): (Duration, Duration),
    shutdown: CancellationToken,
) {
    let service = tower::service_fn(move |request: hyper::Request<Incoming>| {
        let mut request = request.map(|body| Deadline::new(body, body_read_timeout));
        request.extensions_mut().insert(ConnectInfo(peer));
        router.clone().oneshot(request)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let connection = builder
        .serve_connection(
            TokioIo::new(json_errors::JsonErrors::new(stream)),
            TowerToHyperService::new(service),
        )
        .with_upgrades();
    tokio::pin!(connection);
    let served = tokio::select! {
        served = connection.as_mut() => served,
        () = shutdown.cancelled() => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(error) = served {
        tracing::debug!(client = %peer, %error, "connection ended with an error");
    }
}

/// Reading a request's body took longer than `--body-read-timeout`.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the request body did not arrive within {} s (--body-read-timeout)", .0.as_secs_f32())]
pub struct BodyTimedOut(pub Duration);

/// A request body that must arrive whole within a time of the request's headers.
struct Deadline<B> {
    body: B,
    timeout: Duration,
    /// Made at the first read that has to wait, so a request without a body costs no timer.
    expires: Option<Pin<Box<tokio::time::Sleep>>>,
    started: tokio::time::Instant,
}

impl<B> Deadline<B> {
    fn new(body: B, timeout: Duration) -> Self {
        Self {
            body,
            timeout,
            expires: None,
            started: tokio::time::Instant::now(),
        }
    }
}

impl<B> http_body::Body for Deadline<B>
where
    B: http_body::Body<Data = bytes::Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = bytes::Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.body).poll_frame(cx) {
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        let (started, timeout) = (self.started, self.timeout);
        let expires = self
            .expires
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(started + timeout)));
        match expires.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimedOut(timeout))))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// How many connections each address holds open.
#[derive(Default)]
struct ConnectionCounts(Mutex<HashMap<IpAddr, usize>>);

impl ConnectionCounts {
    /// Takes a place for a connection from `ip`, if it holds fewer than `max`.
    fn enter(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut counts = self.0.lock();
        let held = counts.entry(ip).or_default();
        if *held >= max {
            return None;
        }
        *held += 1;
        Some(Slot {
            counts: Arc::clone(self),
            ip,
        })
    }
}

/// One connection's place in [`ConnectionCounts`], given back when dropped.
struct Slot {
    counts: Arc<ConnectionCounts>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.counts.0.lock();
        if let Some(held) = counts.get_mut(&self.ip) {
            *held -= 1;
            if *held == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

/// One connection in [`ServeStats::open`], taken out again when dropped.
struct Open(Arc<ServeStats>);

impl Open {
    fn enter(stats: &Arc<ServeStats>) -> Self {
        stats.open.fetch_add(1, Ordering::Relaxed);
        Self(stats.clone())
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A connection that holds its place until it is dropped, which for an
/// upgraded WebSocket is when the WebSocket closes.
struct Counted {
    stream: TcpStream,
    _slot: Option<Slot>,
    _open: Open,
}

impl AsyncRead for Counted {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

fn is_out_of_files(error: &io::Error) -> bool {
    // EMFILE (this process) or ENFILE (the whole system).
    matches!(error.raw_os_error(), Some(24 | 23))
}

/// A file descriptor kept in reserve for answering when none are left.
struct Spare {
    file: Option<std::fs::File>,
    refusals: Refusals,
}

impl Spare {
    fn open() -> Self {
        Self {
            file: std::fs::File::open("/dev/null").ok(),
            refusals: Refusals::default(),
        }
    }

    /// Frees the spare descriptor, accepts the waiting connection, answers it
    /// 503 and closes it, then takes the spare again.
    async fn answer_one(&mut self, listener: &TcpListener, error: &io::Error) {
        if let Some(count) = self.refusals.count() {
            tracing::error!(%error, "out of file descriptors; answered {count} connections 503");
        }
        self.file = None;
        if let Ok((mut stream, _)) = listener.accept().await {
            // Answer, then read what the client sent before closing: closing
            // with unread bytes would reset the connection and lose the answer.
            let _ = tokio::time::timeout(LINGER, async {
                stream.write_all(OUT_OF_FILES).await?;
                stream.shutdown().await?;
                let mut sink = [0u8; 1024];
                while stream.read(&mut sink).await? > 0 {}
                io::Result::Ok(())
            })
            .await;
        }
        *self = Self {
            file: std::fs::File::open("/dev/null").ok(),
            refusals: std::mem::take(&mut self.refusals),
        };
        if self.file.is_none() {
            // Nothing could be freed; give the connections in flight time to end.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_503_reply_is_well_formed() {
        let text = std::str::from_utf8(OUT_OF_FILES).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.ends_with(&format!("content-length: {}", body.len())), "{head}");
        serde_json::from_str::<serde_json::Value>(body).unwrap();
    }

    #[test]
    fn places_per_address_are_capped_and_given_back() {
        let counts = Arc::new(ConnectionCounts::default());
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let first = counts.enter(ip, 2).unwrap();
        let _second = counts.enter(ip, 2).unwrap();
        assert!(counts.enter(ip, 2).is_none());
        assert!(counts.enter("10.0.0.2".parse().unwrap(), 2).is_some());
        drop(first);
        assert!(counts.enter(ip, 2).is_some());
    }
}
