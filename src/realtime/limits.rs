//! Per-client limits on Socket.IO: how fast one address may open sessions and how many it may hold.
//!
//! Every Engine.IO handshake (a `/socket.io/` request without a session id)
//! passes [`guard_handshakes`], which refuses it with 429 and a JSON error when
//! its address has opened sessions faster than `--handshake-rate` a second (a
//! burst of twice that is allowed) or already holds `--max-sessions-per-ip`
//! joined sessions. A session that never joins is dropped after
//! `--connect-timeout`, so what one address can pin is bounded either way.
//! Refusals are logged once per address per period, with the count (see
//! [`crate::throttle::Refusals`]).
//!
//! The client's address is the peer's, or, when the peer is a
//! `--trusted-proxy`, the last address its `X-Forwarded-For` names.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Json;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parking_lot::Mutex;
use serde_json::json;

use crate::throttle::{Bucket, Refusals};

/// Past this many tracked addresses, idle ones are forgotten.
const MAX_TRACKED: usize = 4096;

/// The limits as configured; 0 turns one off.
#[derive(Debug, Clone)]
pub struct LimitSettings {
    pub handshake_rate: u32,
    pub max_sessions: usize,
    pub trusted_proxies: Vec<IpAddr>,
}

/// What is known of each client address.
pub struct ClientLimits {
    settings: LimitSettings,
    clients: Mutex<Clients>,
    /// Handshakes refused for coming too fast, and for too many sessions, for `/metrics`.
    pub refused_too_fast: AtomicU64,
    pub refused_too_many: AtomicU64,
}

/// The addresses tracked, and when to look for idle ones among them next.
struct Clients {
    by_ip: HashMap<IpAddr, Client>,
    /// How many may be tracked before the next sweep. A sweep visits every address under
    /// the lock; were it due again at the next handshake whenever most addresses are busy
    /// (thousands of them, from a flood), each handshake would pay for all. Instead the
    /// next sweep waits until the table has doubled since the last, so their cost per
    /// handshake stays constant.
    sweep_at: usize,
    /// Sweeps made, for the tests.
    sweeps: u64,
}

impl Clients {
    /// Forgets idle addresses if the table has grown to the next sweep.
    fn sweep_if_due(&mut self) {
        if self.by_ip.len() < self.sweep_at {
            return;
        }
        self.by_ip
            .retain(|_, client| client.sessions > 0 || !client.handshakes.is_full());
        self.sweep_at = (self.by_ip.len() * 2).max(MAX_TRACKED);
        self.sweeps += 1;
    }
}

struct Client {
    handshakes: Bucket,
    sessions: usize,
    refusals: Refusals,
}

/// Why a handshake was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooFast,
    TooManySessions,
}

impl ClientLimits {
    pub fn new(settings: LimitSettings) -> Self {
        Self {
            settings,
            clients: Mutex::new(Clients {
                by_ip: HashMap::new(),
                sweep_at: MAX_TRACKED,
                sweeps: 0,
            }),
            refused_too_fast: AtomicU64::new(0),
            refused_too_many: AtomicU64::new(0),
        }
    }

    /// The client's address: the peer's, or what a trusted proxy says it forwards for.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.settings.trusted_proxies.contains(&peer) {
            return peer;
        }
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|address| address.trim().parse().ok())
            .next_back()
            .unwrap_or(peer)
    }

    /// Admits a new session from `ip` or says why not; a refusal is logged
    /// once per [`crate::throttle::LOG_EVERY`] with the count.
    pub fn admit(&self, ip: IpAddr) -> Result<(), Refusal> {
        let mut clients = self.clients.lock();
        clients.sweep_if_due();
        let rate = f64::from(self.settings.handshake_rate);
        let client = clients.by_ip.entry(ip).or_insert_with(|| Client {
            handshakes: Bucket::full(rate * 2.0, rate),
            sessions: 0,
            refusals: Refusals::default(),
        });
        let refusal = if self.settings.max_sessions > 0 && client.sessions >= self.settings.max_sessions {
            Some(Refusal::TooManySessions)
        } else if self.settings.handshake_rate > 0 && !client.handshakes.take() {
            Some(Refusal::TooFast)
        } else {
            None
        };
        let Some(refusal) = refusal else { return Ok(()) };
        let counter = match refusal {
            Refusal::TooFast => &self.refused_too_fast,
            Refusal::TooManySessions => &self.refused_too_many,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if let Some(count) = client.refusals.count() {
            tracing::warn!(client = %ip, sessions = client.sessions, ?refusal, "refused {count} Socket.IO handshakes from one address");
        }
        Err(refusal)
    }

    /// A session from `ip` joined.
    pub fn joined(&self, ip: IpAddr) {
        if let Some(client) = self.clients.lock().by_ip.get_mut(&ip) {
            client.sessions += 1;
        }
    }

    /// A session from `ip` ended.
    pub fn left(&self, ip: IpAddr) {
        if let Some(client) = self.clients.lock().by_ip.get_mut(&ip) {
            client.sessions = client.sessions.saturating_sub(1);
        }
    }
}

/// Middleware: applies [`ClientLimits::admit`] to every Engine.IO handshake.
pub async fn guard_handshakes(
    State(limits): State<Arc<ClientLimits>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let handshake = request.uri().path().starts_with("/socket.io")
        && !request
            .uri()
            .query()
            .unwrap_or("")
            .split('&')
            .any(|pair| pair.starts_with("sid="));
    if handshake {
        let client = limits.client(peer.ip(), request.headers());
        if let Err(refusal) = limits.admit(client) {
            let message = match refusal {
                Refusal::TooFast => "Too many connection attempts from this address; try again shortly",
                Refusal::TooManySessions => "Too many open connections from this address",
            };
            return (StatusCode::TOO_MANY_REQUESTS, Json(json!({ "error": message }))).into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn limits(handshake_rate: u32, max_sessions: usize) -> ClientLimits {
        ClientLimits::new(LimitSettings {
            handshake_rate,
            max_sessions,
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        })
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn handshakes_are_limited_per_address_and_refill_with_time() {
        let limits = limits(5, 0);
        let (one, other) = (ip("10.0.0.1"), ip("10.0.0.2"));
        let admitted = (0..20).filter(|_| limits.admit(one).is_ok()).count();
        assert_eq!(admitted, 10, "a burst of twice the rate");
        assert_eq!(limits.admit(one), Err(Refusal::TooFast));
        assert!(limits.admit(other).is_ok(), "other addresses are not affected");
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!((0..20).filter(|_| limits.admit(one).is_ok()).count(), 5);
    }

    #[tokio::test(start_paused = true)]
    async fn joined_sessions_are_capped_until_some_leave() {
        let limits = limits(0, 2);
        let one = ip("10.0.0.1");
        for _ in 0..2 {
            limits.admit(one).unwrap();
            limits.joined(one);
        }
        assert_eq!(limits.admit(one), Err(Refusal::TooManySessions));
        limits.left(one);
        assert!(limits.admit(one).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn a_flood_of_busy_addresses_is_swept_now_and_then_not_at_every_handshake() {
        let limits = limits(1, 0);
        let address = |at: u32| IpAddr::from(std::net::Ipv4Addr::from(0x0A00_0000 + at));
        // Each address has just taken a handshake, so none is idle and none can be forgotten.
        for at in 0..(MAX_TRACKED as u32 + 1000) {
            limits.admit(address(at)).unwrap();
        }
        {
            let clients = limits.clients.lock();
            assert_eq!(clients.by_ip.len(), MAX_TRACKED + 1000);
            assert_eq!(
                clients.sweeps, 1,
                "one sweep at 4096 addresses, not one per handshake after"
            );
        }

        // Once they are idle, the next sweep forgets them.
        tokio::time::advance(std::time::Duration::from_secs(10)).await;
        for at in 0..(2 * MAX_TRACKED as u32) {
            limits.admit(address(100_000 + at)).unwrap();
        }
        let clients = limits.clients.lock();
        assert!(
            (0..MAX_TRACKED as u32 + 1000).all(|at| !clients.by_ip.contains_key(&address(at))),
            "the idle addresses are gone"
        );
        assert!(clients.sweeps <= 3, "{} sweeps for 8192 handshakes", clients.sweeps);
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let limits = limits(1, 1);
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "203.0.113.9, 10.1.1.1".parse().unwrap());
        assert_eq!(limits.client(ip("127.0.0.1"), &headers), ip("10.1.1.1"));
        assert_eq!(
            limits.client(ip("10.9.9.9"), &headers),
            ip("10.9.9.9"),
            "not a trusted proxy"
        );
        assert_eq!(limits.client(ip("127.0.0.1"), &HeaderMap::new()), ip("127.0.0.1"));
    }
}
