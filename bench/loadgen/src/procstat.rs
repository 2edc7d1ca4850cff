//! Reads a process's resident memory and CPU time from /proc, for the server under test and
//! for the load generator itself (to show it is not the bottleneck).

use std::time::Instant;

use serde::Serialize;

/// Resident set size in KiB (`VmRSS`), or `None` if the process is gone.
pub fn rss_kib(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User plus system CPU time in seconds.
pub fn cpu_secs(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some(ticks as f64 / hz)
}

/// CPU use of a process between two points in time, in percent of one core.
pub struct CpuMeter {
    pid: String,
    start_cpu: f64,
    start: Instant,
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Usage {
    pub core_percent: f64,
    pub rss_kib: u64,
}

impl CpuMeter {
    pub fn start(pid: &str) -> Self {
        Self {
            pid: pid.to_string(),
            start_cpu: cpu_secs(pid).unwrap_or(0.0),
            start: Instant::now(),
        }
    }

    pub fn read(&self) -> Usage {
        let used = cpu_secs(&self.pid).unwrap_or(self.start_cpu) - self.start_cpu;
        let wall = self.start.elapsed().as_secs_f64().max(1e-9);
        Usage {
            core_percent: 100.0 * used / wall,
            rss_kib: rss_kib(&self.pid).unwrap_or(0),
        }
    }
}

/// Raises this process's open-file limit to its hard limit; returns the new soft limit.
pub fn raise_fd_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: valid out-pointer; setrlimit gets the struct getrlimit filled.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
    }
    limit.rlim_cur
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_own_process() {
        assert!(rss_kib("self").unwrap() > 0);
        let start = cpu_secs("self").unwrap();
        let mut x = 0u64;
        for i in 0..50_000_000u64 {
            x = std::hint::black_box(x.wrapping_add(i));
        }
        assert!(cpu_secs("self").unwrap() >= start);
        assert!(rss_kib("no-such-pid").is_none());
    }
}
