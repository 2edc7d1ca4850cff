//! The measurement plans the benchmark driver runs, each producing one JSON report.

use std::time::Duration;

use serde::Serialize;

use crate::commander::Commander;
use crate::fleet::{BurstReport, EndReport, Fleet, GrowReport, IdleReport, Snapshot, Target};

/// Time for connections and in-flight broadcasts to settle before memory is sampled.
const SETTLE: Duration = Duration::from_secs(3);
/// A delivery later than this counts as late in the throughput test.
pub const LATE_MS: f64 = 1000.0;

/// One fan-out burst to run at a given client count.
#[derive(Debug, Clone, Copy)]
pub struct BurstSpec {
    pub clients: u64,
    pub rate: f64,
    pub count: u64,
}

pub struct LevelsPlan {
    pub levels: Vec<u64>,
    pub ramp_per_sec: f64,
    pub bursts: Vec<BurstSpec>,
    pub idle_at: Option<u64>,
    pub idle_secs: f64,
    pub grace_secs: f64,
}

#[derive(Debug, Serialize)]
pub struct Level {
    pub grow: GrowReport,
    pub memory: Snapshot,
    pub idle: Option<IdleReport>,
    pub burst: Option<BurstReport>,
}

#[derive(Debug, Serialize)]
pub struct LevelsReport {
    pub baseline: Snapshot,
    pub levels: Vec<Level>,
    pub end: EndReport,
}

/// Ramps through client counts; at each: memory snapshot, optional idle CPU, optional burst.
pub async fn levels(target: Target, plan: &LevelsPlan) -> Result<LevelsReport, String> {
    let mut commander = Commander::connect(target.server).await?;
    let mut fleet = Fleet::new(target);
    let baseline = fleet.snapshot();
    let mut levels = Vec::new();
    for &n in &plan.levels {
        let grow = fleet.grow_to(n, plan.ramp_per_sec, Duration::from_secs(120)).await;
        eprintln!(
            "level {n}: {} connected, {} failed in {:.1}s",
            grow.connected, grow.failed, grow.seconds
        );
        tokio::time::sleep(SETTLE).await;
        let memory = fleet.snapshot();
        let idle = match plan.idle_at == Some(n) {
            true => Some(fleet.idle(plan.idle_secs).await),
            false => None,
        };
        let burst = match plan.bursts.iter().find(|b| b.clients == n) {
            Some(b) => {
                let report = fleet
                    .burst(
                        &mut commander,
                        b.count,
                        b.rate,
                        Duration::from_secs_f64(plan.grace_secs),
                        LATE_MS,
                    )
                    .await;
                eprintln!(
                    "  burst: p50 {:.2} ms p99 {:.2} ms max {:.2} ms lost {}",
                    report.delivery.latency.p50,
                    report.delivery.latency.p99,
                    report.delivery.latency.max,
                    report.delivery.lost
                );
                Some(report)
            }
            None => None,
        };
        // Keep ramping past a few failed connects (a slow server refuses some); stop when most fail.
        let short = grow.connected < n * 9 / 10;
        levels.push(Level {
            grow,
            memory,
            idle,
            burst,
        });
        if short {
            eprintln!("level {n}: under 90% connected; stopping the ramp");
            break;
        }
    }
    Ok(LevelsReport {
        baseline,
        levels,
        end: fleet.shutdown().await,
    })
}

#[derive(Debug, Serialize)]
pub struct StepsReport {
    pub grow: GrowReport,
    pub steps: Vec<BurstReport>,
    /// Highest command rate whose step lost nothing, had nothing late and kept memory flat.
    pub max_sustained_rate: Option<f64>,
    pub max_sustained_deliveries_per_sec: Option<f64>,
    pub end: EndReport,
}

/// Whether a step held: nothing lost or late, and server memory grew by under 10% + 16 MiB
/// (room for a garbage-collected heap's normal sawtooth, not for a growing backlog).
pub fn step_held(step: &BurstReport) -> bool {
    let flat = match (step.server_rss_before_kib, step.server) {
        (Some(before), Some(after)) => after.rss_kib <= before + before / 10 + 16 * 1024,
        _ => true,
    };
    step.delivery.lost == 0 && step.delivery.late == 0 && step.commands.rejected == 0 && flat
}

/// Throughput: fixed clients, rising command rates, stopping at the first step that fails.
pub async fn steps(
    target: Target,
    clients: u64,
    ramp_per_sec: f64,
    rates: &[f64],
    step_secs: f64,
) -> Result<StepsReport, String> {
    let mut commander = Commander::connect(target.server).await?;
    let mut fleet = Fleet::new(target);
    let grow = fleet.grow_to(clients, ramp_per_sec, Duration::from_secs(120)).await;
    tokio::time::sleep(SETTLE).await;
    // An unjudged warm-up at the lowest rate, so JIT compilers and heaps start steady.
    if let Some(&rate) = rates.first() {
        let warmup = fleet
            .burst(
                &mut commander,
                (rate * step_secs).round() as u64,
                rate,
                Duration::from_secs(2),
                LATE_MS,
            )
            .await;
        eprintln!(
            "warm-up at {rate}/s: p99 {:.1} ms, lost {}",
            warmup.delivery.latency.p99, warmup.delivery.lost
        );
    }
    let mut steps = Vec::new();
    let mut best: Option<(f64, f64)> = None;
    for &rate in rates {
        let count = (rate * step_secs).round() as u64;
        let step = fleet
            .burst(
                &mut commander,
                count,
                rate,
                Duration::from_millis(LATE_MS as u64 + 500),
                LATE_MS,
            )
            .await;
        let held = step_held(&step);
        eprintln!(
            "rate {rate}/s: {:.0} deliveries/s, p99 {:.1} ms, lost {}, late {}, loadgen {:.0}% -> {}",
            step.deliveries_per_sec,
            step.delivery.latency.p99,
            step.delivery.lost,
            step.delivery.late,
            step.loadgen.core_percent,
            if held { "held" } else { "failed" }
        );
        if held {
            best = Some((rate, rate * clients as f64));
        }
        steps.push(step);
        if !held {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Ok(StepsReport {
        grow,
        steps,
        max_sustained_rate: best.map(|b| b.0),
        max_sustained_deliveries_per_sec: best.map(|b| b.1),
        end: fleet.shutdown().await,
    })
}

#[derive(Debug, Serialize)]
pub struct HoldReport {
    pub grow: GrowReport,
    pub start: Snapshot,
    pub held: IdleReport,
    pub end: EndReport,
}

/// Connects `clients` and keeps them for `secs` with pings flowing; reports how many stayed.
pub async fn hold(target: Target, clients: u64, ramp_per_sec: f64, secs: f64) -> HoldReport {
    let mut fleet = Fleet::new(target);
    let grow = fleet.grow_to(clients, ramp_per_sec, Duration::from_secs(180)).await;
    eprintln!(
        "hold: {} connected, {} failed in {:.1}s",
        grow.connected, grow.failed, grow.seconds
    );
    let start = fleet.snapshot();
    let held = fleet.idle(secs).await;
    eprintln!(
        "hold: {} still connected after {secs}s, {} pings answered",
        held.clients, held.pings
    );
    HoldReport {
        grow,
        start,
        held,
        end: fleet.shutdown().await,
    }
}
