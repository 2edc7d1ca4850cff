//! The figures as a table on standard output and as the JSON document
//! `bench/report.py` builds the benchmark page's section from.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::machine::Load;
use crate::measure::Timings;
use crate::memory::WorkerRender;

/// Everything one run measured.
#[derive(Debug, Serialize)]
pub struct Report {
    pub machine: BTreeMap<&'static str, String>,
    /// Measured with the short budget: figures only indicative.
    pub quick: bool,
    pub canvas: String,
    /// Peak resident set of a worker that rendered a one-pixel app.
    pub baseline_peak_rss_kib: u64,
    pub seconds: f64,
    pub apps: Vec<AppResult>,
}

#[derive(Debug, Serialize)]
pub struct AppResult {
    pub name: String,
    pub shape: String,
    #[serde(flatten)]
    pub timings: Timings,
    pub worker: WorkerRender,
    /// How busy the machine was while this app was measured.
    pub machine_load: Load,
}

pub fn print_header() {
    println!(
        "{:<8} {:>6} {:>5} {:>8} {:>9} {:>9} {:>8} {:>8} {:>8} {:>6} {:>9} {:>7} {:>9} {:>8} {:>6}",
        "app",
        "frames",
        "runs",
        "load ms",
        "render ms",
        "p95 ms",
        "main ms",
        "paint ms",
        "paint/s",
        "webp",
        "webp ms",
        "KiB",
        "peak MiB",
        "cold ms",
        "other"
    );
}

pub fn print_row(app: &AppResult) {
    let t = &app.timings;
    println!(
        "{:<8} {:>6} {:>5} {:>8.2} {:>9.2} {:>9.2} {:>8.2} {:>8.2} {:>8.0} {:>6} {:>9.2} {:>7.1} {:>9.1} {:>8.1} {:>6.2}",
        app.name,
        t.frames,
        t.render.runs,
        t.load.median_ms,
        t.render.median_ms,
        t.render.p95_ms,
        t.main.median_ms,
        t.paint.median_ms,
        t.paint_fps,
        t.webp.frames,
        t.webp.time.median_ms,
        t.webp.bytes as f64 / 1024.0,
        app.worker.peak_rss_kib as f64 / 1024.0,
        app.worker.cold_ms,
        app.machine_load.other_cores,
    );
}

pub fn print_footer(report: &Report) {
    println!(
        "\nmedians unless p95; paint/s: frames painted per second; webp: frames in the WebP (at most 15 s of them);\n\
         peak MiB: a fresh worker's VmHWM after one render (a one-pixel app: {:.1} MiB); cold: that render, \
         worker start included;\nother: cores the rest of the machine used meanwhile. {:.0} s in all{}.",
        report.baseline_peak_rss_kib as f64 / 1024.0,
        report.seconds,
        if report.quick { ", quick budget" } else { "" },
    );
}
