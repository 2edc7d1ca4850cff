//! A fleet of clients against one server: ramps connections at a controlled rate, runs
//! fan-out bursts and idle windows, and samples the server's and its own resource use.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::client::{self, Arrivals, ClientEnd, ClientSpec, Hub};
use crate::commander::{Commander, SendReport};
use crate::procstat::{CpuMeter, Usage};
use crate::stats::{self, Delivery};

pub struct Target {
    pub server: SocketAddr,
    /// Loopback source addresses; clients take them round-robin to get past the ephemeral
    /// port range of a single address pair.
    pub sources: Vec<Ipv4Addr>,
    /// Server process to sample (`None` skips server figures).
    pub server_pid: Option<u32>,
}

pub struct Fleet {
    target: Target,
    hub: Arc<Hub>,
    slots: Vec<Arc<Arrivals>>,
    stop: watch::Sender<bool>,
    tasks: JoinSet<ClientEnd>,
}

#[derive(Debug, Serialize)]
pub struct Snapshot {
    pub clients: u64,
    pub server: Option<Usage>,
    pub loadgen: Usage,
}

#[derive(Debug, Serialize)]
pub struct GrowReport {
    pub target: u64,
    pub connected: u64,
    pub failed: u64,
    pub seconds: f64,
}

#[derive(Debug, Serialize)]
pub struct BurstReport {
    pub clients: u64,
    pub rate_per_sec: f64,
    pub commands: SendReport,
    pub delivery: Delivery,
    pub deliveries_per_sec: f64,
    /// CPU over the burst (core %) and RSS at its end.
    pub server: Option<Usage>,
    pub server_rss_before_kib: Option<u64>,
    pub loadgen: Usage,
}

#[derive(Debug, Serialize)]
pub struct IdleReport {
    pub clients: u64,
    pub seconds: f64,
    pub pings: u64,
    pub server: Option<Usage>,
    pub loadgen: Usage,
}

#[derive(Debug, Serialize)]
pub struct EndReport {
    pub kernel_stamps: u64,
    pub fallback_stamps: u64,
    pub dropped: u64,
    /// Distinct client errors with their counts (connect failures and drops).
    pub errors: BTreeMap<String, u64>,
}

impl Fleet {
    pub fn new(target: Target) -> Self {
        let (stop, _) = watch::channel(false);
        Self {
            target,
            hub: Arc::default(),
            slots: Vec::new(),
            stop,
            tasks: JoinSet::new(),
        }
    }

    fn server_pid(&self) -> Option<String> {
        self.target.server_pid.map(|p| p.to_string())
    }

    pub fn connected(&self) -> u64 {
        self.hub.connected.load(Ordering::Relaxed)
    }

    pub fn snapshot(&self) -> Snapshot {
        let server = self.server_pid().map(|pid| CpuMeter::start(&pid).read());
        Snapshot {
            clients: self.connected(),
            server,
            loadgen: CpuMeter::start("self").read(),
        }
    }

    /// Opens clients at `per_sec` until `total` have been started, then waits (up to
    /// `timeout`) until each has joined or failed.
    pub async fn grow_to(&mut self, total: u64, per_sec: f64, timeout: Duration) -> GrowReport {
        let started = Instant::now();
        let already = self.slots.len() as u64;
        let failed_before = self.hub.failed.load(Ordering::Relaxed);
        let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / per_sec));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        for id in already..total {
            ticks.tick().await;
            let slot = Arc::new(Arrivals::default());
            self.slots.push(slot.clone());
            let spec = ClientSpec {
                server: self.target.server,
                source: self.target.sources[id as usize % self.target.sources.len()],
                connect_timeout: Duration::from_secs(30),
            };
            self.tasks
                .spawn(client::run(spec, self.hub.clone(), slot, self.stop.subscribe()));
        }
        let deadline = started + timeout;
        let settled = |hub: &Hub| {
            let failed = hub.failed.load(Ordering::Relaxed) - failed_before;
            hub.connected.load(Ordering::Relaxed) + hub.dropped.load(Ordering::Relaxed) + failed >= total
        };
        while !settled(&self.hub) && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        GrowReport {
            target: total,
            connected: self.connected(),
            failed: self.hub.failed.load(Ordering::Relaxed) - failed_before,
            seconds: started.elapsed().as_secs_f64(),
        }
    }

    /// Sends `count` commands at `rate`/s and collects every client's arrivals; waits until
    /// all expected deliveries are in or `grace` has passed since the last send.
    pub async fn burst(
        &mut self,
        commander: &mut Commander,
        count: u64,
        rate: f64,
        grace: Duration,
        late_ms: f64,
    ) -> BurstReport {
        let clients = self.connected();
        let server_meter = self.server_pid().map(|pid| CpuMeter::start(&pid));
        let rss_before = server_meter.as_ref().map(|m| m.read().rss_kib);
        let own_meter = CpuMeter::start("self");
        self.record();
        let started = Instant::now();
        let commands = commander.send(count, rate).await;
        let sending_done = Instant::now();
        let expected = count * clients;
        let deadline = started + Duration::from_secs_f64(count as f64 / rate) + grace;
        while self.hub.arrived.load(Ordering::Relaxed) < expected && Instant::now() < deadline.max(sending_done) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let elapsed = started.elapsed().as_secs_f64();
        let arrivals = self.take_arrivals();
        let server = server_meter.map(|m| m.read());
        let loadgen = own_meter.read();
        let first_value = commander.value_of(commands.first_seq);
        let delivery = stats::deliveries(first_value, &commands.send_ns, &arrivals, clients, late_ms);
        BurstReport {
            clients,
            rate_per_sec: rate,
            deliveries_per_sec: delivery.delivered as f64 / elapsed,
            commands,
            delivery,
            server,
            server_rss_before_kib: rss_before,
            loadgen,
        }
    }

    /// Forgets earlier arrivals and starts recording `settings` events.
    pub fn record(&self) {
        for slot in &self.slots {
            slot.lock().expect("arrivals lock").clear();
        }
        self.hub.arrived.store(0, Ordering::Relaxed);
        self.hub.recording.store(true, Ordering::Relaxed);
    }

    /// Stops recording and hands over each client's arrivals since [`Fleet::record`].
    pub fn take_arrivals(&self) -> Vec<Vec<(u8, u64)>> {
        self.hub.recording.store(false, Ordering::Relaxed);
        self.slots
            .iter()
            .map(|slot| std::mem::take(&mut *slot.lock().expect("arrivals lock")))
            .collect()
    }

    /// Pings answered so far, over all clients.
    pub fn pings(&self) -> u64 {
        self.hub.pings.load(Ordering::Relaxed)
    }

    /// Holds the fleet connected for `secs` with no commands, measuring CPU on both sides.
    pub async fn idle(&self, secs: f64) -> IdleReport {
        let pings_before = self.hub.pings.load(Ordering::Relaxed);
        let server_meter = self.server_pid().map(|pid| CpuMeter::start(&pid));
        let own_meter = CpuMeter::start("self");
        tokio::time::sleep(Duration::from_secs_f64(secs)).await;
        IdleReport {
            clients: self.connected(),
            seconds: secs,
            pings: self.hub.pings.load(Ordering::Relaxed) - pings_before,
            server: server_meter.map(|m| m.read()),
            loadgen: own_meter.read(),
        }
    }

    /// Disconnects every client and gathers how their lives ended.
    pub async fn shutdown(mut self) -> EndReport {
        let _ = self.stop.send(true);
        let mut report = EndReport {
            kernel_stamps: 0,
            fallback_stamps: 0,
            dropped: self.hub.dropped.load(Ordering::Relaxed),
            errors: BTreeMap::new(),
        };
        while let Some(end) = self.tasks.join_next().await {
            let end = end.expect("client task");
            report.kernel_stamps += end.kernel_stamps;
            report.fallback_stamps += end.fallback_stamps;
            if let Some(error) = end.error {
                *report.errors.entry(error).or_default() += 1;
            }
        }
        report
    }
}
