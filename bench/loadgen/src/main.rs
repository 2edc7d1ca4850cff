//! Command line for the load generator: picks a plan, runs it, prints its JSON report.

use std::net::{Ipv4Addr, SocketAddr};

use clap::{Args, Parser, Subcommand};
use retroboard_loadgen::fleet::Target;
use retroboard_loadgen::plans::{self, BurstSpec, LevelsPlan};
use retroboard_loadgen::procstat;
use retroboard_loadgen::spread::{self, Sent, ShareReport};
use tokio::io::AsyncBufReadExt;
use tokio::sync::oneshot;

#[derive(Parser)]
#[command(about = "Socket.IO v4 load generator for RetroBoard benchmarks")]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    plan: Plan,
}

#[derive(Args)]
struct Common {
    /// Server address (loopback only).
    #[arg(long)]
    server: SocketAddr,
    /// PID of the server process, to sample its memory and CPU.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Comma-separated loopback source addresses, used round-robin.
    #[arg(long, value_delimiter = ',', default_value = "127.0.0.1")]
    sources: Vec<Ipv4Addr>,
    /// New connections per second while ramping.
    #[arg(long, default_value_t = 2000.0)]
    ramp: f64,
    /// Tokio worker threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

#[derive(Subcommand)]
enum Plan {
    /// Ramp through client counts, sampling memory, idle CPU and fan-out latency.
    Levels {
        #[arg(long, value_delimiter = ',')]
        levels: Vec<u64>,
        /// Bursts as CLIENTS:RATE:COUNT (commands per second, number of commands).
        #[arg(long, value_delimiter = ',', value_parser = parse_burst)]
        bursts: Vec<BurstSpec>,
        /// Client count at which to measure idle CPU.
        #[arg(long)]
        idle_at: Option<u64>,
        #[arg(long, default_value_t = 20.0)]
        idle_secs: f64,
        /// How long after the last command to wait for stragglers before counting them lost.
        #[arg(long, default_value_t = 5.0)]
        grace_secs: f64,
    },
    /// Throughput: fixed clients, rising command rates until a step loses or delays events.
    Steps {
        #[arg(long)]
        clients: u64,
        #[arg(long, value_delimiter = ',')]
        rates: Vec<f64>,
        #[arg(long, default_value_t = 5.0)]
        step_secs: f64,
    },
    /// One share of a fleet spread over processes: connects, prints a ready line (JSON),
    /// records until a line with the commands' send times (as `send` prints them) arrives on
    /// stdin, then prints its report with raw latencies.
    Share {
        #[arg(long)]
        clients: u64,
    },
    /// Sends settings commands open-loop and prints their send times (for `share`).
    Send {
        #[arg(long)]
        count: u64,
        #[arg(long)]
        rate: f64,
    },
    /// Connect and hold clients with pings flowing.
    Hold {
        #[arg(long)]
        clients: u64,
        #[arg(long, default_value_t = 60.0)]
        secs: f64,
    },
}

fn parse_burst(text: &str) -> Result<BurstSpec, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let [clients, rate, count] = parts[..] else {
        return Err(format!("expected CLIENTS:RATE:COUNT, got {text:?}"));
    };
    let bad = |what: &str| format!("bad {what} in {text:?}");
    Ok(BurstSpec {
        clients: clients.parse().map_err(|_| bad("clients"))?,
        rate: rate.parse().map_err(|_| bad("rate"))?,
        count: count.parse().map_err(|_| bad("count"))?,
    })
}

/// Runs a share, printing its ready line on stdout and reading the send times from stdin.
async fn share_over_stdio(target: Target, clients: u64, ramp: f64) -> Result<ShareReport, String> {
    let (ready_tx, ready_rx) = oneshot::channel();
    let (sent_tx, sent_rx) = oneshot::channel();
    let driver = async move {
        if let Ok(ready) = ready_rx.await {
            println!("{}", serde_json::to_string(&ready).map_err(|e| format!("ready: {e}"))?);
        }
        let mut line = String::new();
        let mut stdin = tokio::io::BufReader::new(tokio::io::stdin());
        stdin.read_line(&mut line).await.map_err(|e| format!("stdin: {e}"))?;
        let sent: Sent = serde_json::from_str(&line).map_err(|e| format!("send times on stdin: {e}"))?;
        let _ = sent_tx.send(sent);
        Ok::<(), String>(())
    };
    let (report, driven) = tokio::join!(spread::share(target, clients, ramp, ready_tx, sent_rx), driver);
    driven?;
    report
}

fn main() -> Result<(), String> {
    let cli = Cli::parse();
    if !cli.common.server.ip().is_loopback() || cli.common.sources.iter().any(|s| !s.is_loopback()) {
        return Err("load is only generated on loopback (127.0.0.0/8)".into());
    }
    let fd_limit = procstat::raise_fd_limit();
    eprintln!("loadgen: fd limit {fd_limit}");
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if cli.common.threads > 0 {
        runtime.worker_threads(cli.common.threads);
    }
    let runtime = runtime.enable_all().build().map_err(|e| format!("runtime: {e}"))?;
    let target = Target {
        server: cli.common.server,
        sources: cli.common.sources,
        server_pid: cli.common.server_pid,
    };
    let ramp = cli.common.ramp;
    let report = runtime.block_on(async move {
        match cli.plan {
            Plan::Levels {
                levels,
                bursts,
                idle_at,
                idle_secs,
                grace_secs,
            } => {
                let plan = LevelsPlan {
                    levels,
                    ramp_per_sec: ramp,
                    bursts,
                    idle_at,
                    idle_secs,
                    grace_secs,
                };
                serde_json::to_value(plans::levels(target, &plan).await?)
            }
            Plan::Steps {
                clients,
                rates,
                step_secs,
            } => serde_json::to_value(plans::steps(target, clients, ramp, &rates, step_secs).await?),
            Plan::Hold { clients, secs } => serde_json::to_value(plans::hold(target, clients, ramp, secs).await),
            Plan::Share { clients } => serde_json::to_value(share_over_stdio(target, clients, ramp).await?),
            Plan::Send { count, rate } => serde_json::to_value(spread::send(target.server, count, rate).await?),
        }
        .map_err(|e| format!("report: {e}"))
    })?;
    println!("{report}");
    Ok(())
}
