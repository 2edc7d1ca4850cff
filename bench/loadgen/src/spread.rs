//! A fleet spread over several processes, for client counts past what one process may open
//! (20,000 files here). Each process holds a share of the clients against one server and
//! records arrivals; a separate sender issues the commands; a driver hands every share the
//! commands' send times and merges the shares' raw latencies into one set of figures.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use crate::commander::{Commander, SendReport};
use crate::fleet::{EndReport, Fleet, GrowReport, Snapshot, Target};
use crate::procstat::{CpuMeter, Usage};
use crate::stats::{self, Delivery};

/// Deliveries later than this count as late in a share's own summary.
const LATE_MS: f64 = 1000.0;

/// What a share reports once its clients are connected and it is recording.
#[derive(Debug, Serialize)]
pub struct Ready {
    pub grow: GrowReport,
    pub memory: Snapshot,
}

/// The commands a sender issued: what each share needs to match its arrivals.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sent {
    pub first_value: u8,
    pub send_ns: Vec<u64>,
}

#[derive(Debug, Serialize)]
pub struct SendPlanReport {
    #[serde(flatten)]
    pub sent: Sent,
    pub commands: SendReport,
}

#[derive(Debug, Serialize)]
pub struct ShareReport {
    /// Clients still connected when recording ended.
    pub clients: u64,
    /// Pings answered while recording: proof the connections stayed alive.
    pub pings: u64,
    pub recorded_secs: f64,
    /// This share's figures alone.
    pub delivery: Delivery,
    /// Every (command, client) latency in microseconds, for the driver to merge.
    pub latencies_us: Vec<u32>,
    /// Per command: this share's slowest delivery (ns) and how many of its clients got it.
    pub last_ns: Vec<u64>,
    pub got: Vec<u64>,
    pub server: Option<Usage>,
    pub loadgen: Usage,
    pub end: EndReport,
}

/// Connects `clients` clients, reports on `ready`, records until `sent` arrives, then
/// matches the arrivals to those commands.
pub async fn share(
    target: Target,
    clients: u64,
    ramp_per_sec: f64,
    ready: oneshot::Sender<Ready>,
    sent: oneshot::Receiver<Sent>,
) -> Result<ShareReport, String> {
    let server_pid = target.server_pid.map(|pid| pid.to_string());
    let mut fleet = Fleet::new(target);
    let grow = fleet.grow_to(clients, ramp_per_sec, Duration::from_secs(300)).await;
    eprintln!(
        "share: {} connected, {} failed in {:.1}s",
        grow.connected, grow.failed, grow.seconds
    );
    fleet.record();
    let (pings_before, started) = (fleet.pings(), std::time::Instant::now());
    let own_meter = CpuMeter::start("self");
    let server_meter = server_pid.as_deref().map(CpuMeter::start);
    let _ = ready.send(Ready {
        grow,
        memory: fleet.snapshot(),
    });
    let sent = sent
        .await
        .map_err(|_| "the driver never said what was sent".to_string())?;
    let arrivals = fleet.take_arrivals();
    let (connected, pings) = (fleet.connected(), fleet.pings() - pings_before);
    let matched = stats::match_arrivals(sent.first_value, &sent.send_ns, &arrivals);
    let latencies_us = matched
        .latencies_ns
        .iter()
        .map(|&ns| u32::try_from(ns / 1000).unwrap_or(u32::MAX))
        .collect();
    let (last_ns, got) = (matched.last_ns.clone(), matched.got.clone());
    Ok(ShareReport {
        clients: connected,
        pings,
        recorded_secs: started.elapsed().as_secs_f64(),
        delivery: stats::summarize(matched, connected, LATE_MS),
        latencies_us,
        last_ns,
        got,
        server: server_meter.map(|meter| meter.read()),
        loadgen: own_meter.read(),
        end: fleet.shutdown().await,
    })
}

/// Sends `count` settings commands at `rate`/s to `server` and reports their send times.
pub async fn send(server: std::net::SocketAddr, count: u64, rate: f64) -> Result<SendPlanReport, String> {
    let mut commander = Commander::connect(server).await?;
    let commands = commander.send(count, rate).await;
    Ok(SendPlanReport {
        sent: Sent {
            first_value: commander.value_of(commands.first_seq),
            send_ns: commands.send_ns.clone(),
        },
        commands,
    })
}
