//! Sends `POST /api/settings` commands open-loop: on a fixed schedule, never waiting for a
//! reply before the next one, so a slow server shows up as latency instead of a lower rate.
//!
//! Every command changes the brightness (servers only broadcast real changes). Command `seq`
//! sets `value_of(seq)`; consecutive values differ and a value repeats only every 101
//! commands, which lets clients map each arrival back to its command.

use std::net::SocketAddr;
use std::time::Duration;

use serde::Serialize;
use tokio::task::JoinSet;
use tokio::time::{Instant, MissedTickBehavior};

use crate::rxstamp::wall_ns;
use crate::stats::Percentiles;

/// Number of distinct brightness values (0..=100).
pub const VALUES: u64 = 101;

pub struct Commander {
    http: reqwest::Client,
    url: String,
    /// Brightness the server held before the first command.
    base: u8,
    next_seq: u64,
}

/// What one burst of commands did on the HTTP side.
#[derive(Debug, Default, Serialize)]
pub struct SendReport {
    pub first_seq: u64,
    pub sent: u64,
    pub rejected: u64,
    pub http_errors: u64,
    /// Wall-clock send time (ns) of each command, in order.
    #[serde(skip)]
    pub send_ns: Vec<u64>,
    /// How far the schedule slipped at worst (the sender's own lag), in ms.
    pub max_schedule_slip_ms: f64,
    /// Time from sending each command to its HTTP reply, in ms; the slowest command first
    /// shows whether a late event was held up before or after the server accepted it.
    pub reply: Percentiles,
    /// The command with the slowest reply (index in this burst).
    pub slowest_reply_index: Option<usize>,
}

#[derive(serde::Deserialize)]
struct Settings {
    brightness: u8,
}

impl Commander {
    /// Reads the server's current brightness so the first command is a real change.
    pub async fn connect(server: SocketAddr) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .tcp_nodelay(true)
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        let url = format!("http://{server}/api/settings");
        let body = http.get(&url).send().await.map_err(|e| format!("GET {url}: {e}"))?;
        let text = body.text().await.map_err(|e| format!("GET {url}: {e}"))?;
        let settings: Settings = serde_json::from_str(&text).map_err(|e| format!("GET {url}: {e}: {text}"))?;
        Ok(Self {
            http,
            url,
            base: settings.brightness,
            next_seq: 0,
        })
    }

    /// Brightness sent by command `seq`.
    pub fn value_of(&self, seq: u64) -> u8 {
        ((self.base as u64 + 1 + seq) % VALUES) as u8
    }

    /// Sends `count` commands at `rate` per second and waits for every reply.
    pub async fn send(&mut self, count: u64, rate: f64) -> SendReport {
        let first_seq = self.next_seq;
        self.next_seq += count;
        let period = Duration::from_secs_f64(1.0 / rate);
        let start = Instant::now();
        let mut ticks = tokio::time::interval_at(start, period);
        // Burst keeps the schedule anchored to `start`: a late tick is followed by catch-up sends.
        ticks.set_missed_tick_behavior(MissedTickBehavior::Burst);
        let mut replies = JoinSet::new();
        let mut report = SendReport {
            first_seq,
            ..SendReport::default()
        };
        for i in 0..count {
            let due = ticks.tick().await;
            report.max_schedule_slip_ms = report.max_schedule_slip_ms.max(due.elapsed().as_secs_f64() * 1e3);
            let body = format!("{{\"brightness\":{}}}", self.value_of(first_seq + i));
            let request = self
                .http
                .post(&self.url)
                .header("content-type", "application/json")
                .body(body);
            report.send_ns.push(wall_ns());
            let index = i as usize;
            replies.spawn(async move {
                let sent = Instant::now();
                let reply = request.send().await;
                (index, sent.elapsed(), reply)
            });
        }
        report.sent = count;
        let mut reply_ns = Vec::with_capacity(count as usize);
        let mut slowest = Duration::ZERO;
        while let Some(reply) = replies.join_next().await {
            let (index, took, reply) = reply.expect("request task");
            match reply {
                Ok(response) if response.status().is_success() => {}
                Ok(_) => report.rejected += 1,
                Err(_) => report.http_errors += 1,
            }
            if took >= slowest {
                slowest = took;
                report.slowest_reply_index = Some(index);
            }
            reply_ns.push(took.as_nanos() as u64);
        }
        report.reply = Percentiles::of(reply_ns);
        report
    }
}
