//! The machine the figures come from, and how busy the rest of it was
//! while each app was measured: on a shared machine other work slows every
//! figure, so each records it.

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Instant;

use serde::Serialize;

/// The ticks `/proc` counts CPU time in per second: the kernel's
/// `USER_HZ`, 100 on every Linux architecture.
const USER_HZ: f64 = 100.0;

/// CPU time the whole machine, the CPU this process is pinned to (if it
/// is), and this process had used at one moment.
pub struct LoadMeter {
    started: Instant,
    machine: Jiffies,
    pinned: Option<(usize, Jiffies)>,
    own_secs: f64,
}

/// How busy the machine was over a measurement, in cores (2 = both of
/// two cores all the time).
#[derive(Debug, Serialize)]
pub struct Load {
    pub seconds: f64,
    pub machine_busy_cores: f64,
    /// This benchmark and the workers it started and ended.
    pub bench_cores: f64,
    /// Everything else, on any CPU.
    pub other_cores: f64,
    /// The share of the CPU this process is pinned to that other work
    /// took: what slowed the figures down. None when it is not pinned.
    pub other_on_its_cpu: Option<f64>,
    pub loadavg_1m_at_end: f64,
}

impl LoadMeter {
    pub fn start() -> Self {
        Self {
            started: Instant::now(),
            machine: Jiffies::of("cpu"),
            pinned: pinned_cpu().map(|cpu| (cpu, Jiffies::of(&format!("cpu{cpu}")))),
            own_secs: own_cpu_secs(),
        }
    }

    pub fn finish(self) -> Load {
        let seconds = self.started.elapsed().as_secs_f64();
        let bench_cores = (own_cpu_secs() - self.own_secs) / seconds;
        let machine_busy_cores = machine_cpus() as f64 * self.machine.busy_share_until(&Jiffies::of("cpu"));
        let other_on_its_cpu = self.pinned.map(|(cpu, before)| {
            let busy = before.busy_share_until(&Jiffies::of(&format!("cpu{cpu}")));
            (busy - bench_cores).max(0.0)
        });
        Load {
            seconds,
            machine_busy_cores,
            bench_cores,
            other_cores: (machine_busy_cores - bench_cores).max(0.0),
            other_on_its_cpu,
            loadavg_1m_at_end: loadavg_1m(),
        }
    }
}

/// Busy and total jiffies of one line of `/proc/stat`: `cpu` for all
/// CPUs, `cpuN` for one.
struct Jiffies {
    busy: u64,
    total: u64,
}

impl Jiffies {
    fn of(name: &str) -> Self {
        let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let fields: Vec<u64> = stat
            .lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
            .unwrap_or_default()
            .split_whitespace()
            .take(8)
            .filter_map(|field| field.parse().ok())
            .collect();
        let total: u64 = fields.iter().sum();
        // idle and iowait are the 4th and 5th columns.
        let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
        Self {
            busy: total - idle,
            total,
        }
    }

    /// The share of the time since `self` that the CPUs were busy.
    fn busy_share_until(&self, later: &Jiffies) -> f64 {
        (later.busy - self.busy) as f64 / (later.total - self.total).max(1) as f64
    }
}

/// The machine's CPUs (lines `cpuN` of `/proc/stat`), whichever this
/// process may use.
fn machine_cpus() -> usize {
    std::fs::read_to_string("/proc/stat")
        .unwrap_or_default()
        .lines()
        .filter(|line| {
            line.strip_prefix("cpu")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count()
        .max(1)
}

/// The one CPU this process may run on, when it is pinned to one.
fn pinned_cpu() -> Option<usize> {
    allowed_cpus().parse().ok()
}

/// CPU seconds this process and its ended children have used, from
/// `/proc/self/stat` (utime, stime, cutime, cstime).
fn own_cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name may hold spaces; the fields after it are plain.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(4)
        .filter_map(|field| field.parse::<u64>().ok())
        .sum();
    ticks as f64 / USER_HZ
}

fn loadavg_1m() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The machine and the build, for the report's heading.
pub fn facts() -> BTreeMap<&'static str, String> {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|line| {
                line.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, v)| v.trim().to_owned())
            })
        })
        .unwrap_or_else(|| "unknown".into());
    let date = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
    BTreeMap::from([
        ("cpu", cpu),
        ("cores", machine_cpus().to_string()),
        ("date", date),
        ("commit", command_output("git", &["rev-parse", "--short", "HEAD"])),
        ("rustc", command_output("rustc", &["--version"])),
        ("cpus", allowed_cpus()),
        ("nice", own_nice()),
        ("autogroup nice", autogroup_nice()),
    ])
}

/// This process's nice value (`/proc/self/stat`): the benchmark driver
/// raises the priority, where it may, so other work disturbs it less.
fn own_nice() -> String {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    after_name.split_whitespace().nth(16).unwrap_or("unknown").to_owned()
}

/// The CPUs this process may run on (`Cpus_allowed_list`): the driver
/// pins it to one.
fn allowed_cpus() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|text| {
            Some(
                text.lines()
                    .find_map(|line| line.strip_prefix("Cpus_allowed_list:"))?
                    .trim()
                    .to_owned(),
            )
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The nice value of this process's autogroup (`/proc/self/autogroup`):
/// the kernel shares the CPU between sessions' groups before a process's
/// own nice value counts.
fn autogroup_nice() -> String {
    std::fs::read_to_string("/proc/self/autogroup")
        .ok()
        .and_then(|text| Some(text.split_once("nice")?.1.trim().to_owned()))
        .unwrap_or_else(|| "none".into())
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".into())
}
