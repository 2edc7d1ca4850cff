//! Peak memory of rendering an app, in a process of its own.
//!
//! Each app renders once in a fresh `starlet-worker`, started through
//! [`starlet::sandbox::Sandbox`] with the address-space cap `retroboard
//! render` gives its own worker (both workers run `starlet::sandbox::serve`).
//! While the worker still lives, its `VmHWM` in `/proc/PID/status` is read:
//! the kernel's high-water mark of its resident set, what `getrusage`
//! reports as `ru_maxrss` once it has ended. It covers loading the app,
//! running `main`, painting every frame and writing them to the pipe, plus
//! what the process itself needs; a worker that renders a one-pixel app
//! gives that baseline.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde::Serialize;
use starlet::Options;
use starlet::sandbox::Sandbox;

/// Address space of a worker for the default 256 MiB Starlark heap, as
/// `retroboard render` caps its worker.
const ADDRESS_SPACE: u64 = 3 * (256 << 20) + (512 << 20);

/// An app that draws one pixel: the worker's own footprint.
const BASELINE_APP: &str = "load(\"render.star\", \"render\")\n\ndef main():\n    return render.Root(child = render.Box(width = 1, height = 1))\n";

/// One render in a fresh worker.
#[derive(Debug, Serialize)]
pub struct WorkerRender {
    /// The worker's peak resident set, in KiB.
    pub peak_rss_kib: u64,
    /// From asking to receiving the frames: starting the worker, loading
    /// the app, rendering it, and the frames coming back over the pipe.
    pub cold_ms: f64,
}

/// Renders the app at `path` in a fresh worker; panics when it fails, as
/// the figures would mean nothing.
pub fn worker_render(path: &Path, options: &Options) -> WorkerRender {
    let mut sandbox = Sandbox::new(|| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_starlet-worker"));
        command.args(["--address-space", &ADDRESS_SPACE.to_string()]);
        command
    });
    let started = Instant::now();
    sandbox
        .render(path, &Default::default(), &Default::default(), options)
        .unwrap_or_else(|error| panic!("{} in a worker: {error}", path.display()));
    let cold_ms = started.elapsed().as_secs_f64() * 1e3;
    let pid = sandbox.worker_id().expect("the worker that just rendered");
    WorkerRender {
        peak_rss_kib: peak_rss_kib(pid),
        cold_ms,
    }
}

/// The peak resident set of a worker that rendered a one-pixel app, in KiB.
pub fn baseline_peak_kib(options: &Options) -> u64 {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let app = dir.path().join("baseline.star");
    std::fs::write(&app, BASELINE_APP).expect("writing the baseline app");
    worker_render(&app, options).peak_rss_kib
}

/// `VmHWM` of process `pid`, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_else(|error| panic!("reading the status of worker {pid}: {error}"));
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in the status of worker {pid}"))
}
