//! Prints what rendering each app of `benches/star` costs: load time, render
//! time (median and p95), frames and painting rate, WebP encoding, and the
//! peak memory of a fresh worker process rendering it. Run with
//! `cargo bench -p starlet --bench apps`; `-- --json FILE` also writes the
//! figures as JSON, `-- --quick` takes a tenth of the time (figures only
//! indicative), `-- --only NAME` measures one app.

mod assets;
mod machine;
mod measure;
mod memory;
mod output;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{TimeZone, Utc};
use starlet::Options;

/// The apps, in the order they are measured, with the shape each stands for.
const APPS: &[(&str, &str)] = &[
    ("clock", "text, one frame"),
    (
        "marquee",
        "a ticker: ~3,000 px of text in a row, 1,280 px of it scrolled",
    ),
    ("icons", "32 PNG/GIF icons scaled down, one animated GIF"),
    ("frames", "render.Animation of 2,400 frames (2,000 painted)"),
    ("layout", "rows, columns, padding, wrapped text scrolling"),
    ("shapes", "pie chart, plots and circles, 40 frames"),
    ("data", "json, time parsing and formatting, humanize"),
];

/// Where the apps live.
fn apps_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/star")
}

/// What the command line asked for.
struct Args {
    quick: bool,
    json: Option<PathBuf>,
    only: Vec<String>,
    write_assets: bool,
}

fn args() -> Result<Args, String> {
    let mut parsed = Args {
        quick: false,
        json: None,
        only: Vec::new(),
        write_assets: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // cargo bench passes it to every benchmark.
            "--bench" => {}
            "--quick" => parsed.quick = true,
            "--write-assets" => parsed.write_assets = true,
            "--json" => parsed.json = Some(args.next().ok_or("--json needs a file")?.into()),
            "--only" => parsed.only.push(args.next().ok_or("--only needs an app name")?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if let Some(unknown) = parsed.only.iter().find(|name| !APPS.iter().any(|(app, _)| app == name)) {
        return Err(format!("no app named {unknown:?}"));
    }
    Ok(parsed)
}

/// The options every render runs with: a fixed instant and seed, so each
/// run paints the same frames.
fn options() -> Options {
    Options {
        now: Some(Utc.with_ymd_and_hms(2026, 3, 14, 15, 9, 26).unwrap()),
        timezone: chrono_tz::Europe::Berlin,
        seed: Some(42),
        ..Options::default()
    }
}

fn main() {
    let args = args().unwrap_or_else(|error| {
        eprintln!("apps bench: {error}");
        eprintln!(
            "usage: cargo bench -p starlet --bench apps -- [--quick] [--json FILE] [--only APP]... [--write-assets]"
        );
        std::process::exit(2);
    });
    if args.write_assets {
        let dir = apps_dir().join("icons/images");
        assets::write(&dir).unwrap_or_else(|error| panic!("writing {}: {error}", dir.display()));
        println!("wrote {}", dir.display());
        return;
    }
    let budget = if args.quick {
        measure::Budget::QUICK
    } else {
        measure::Budget::FULL
    };
    let started = Instant::now();
    let baseline = memory::baseline_peak_kib(&options());
    output::print_header();
    let mut results = Vec::new();
    for &(name, shape) in APPS {
        if !args.only.is_empty() && !args.only.iter().any(|only| only == name) {
            continue;
        }
        let meter = machine::LoadMeter::start();
        let path = apps_dir().join(name);
        let timings = measure::app(&path, &options(), &budget);
        let worker = memory::worker_render(&path, &options());
        let result = output::AppResult {
            name: name.to_owned(),
            shape: shape.to_owned(),
            timings,
            worker,
            machine_load: meter.finish(),
        };
        output::print_row(&result);
        results.push(result);
    }
    let report = output::Report {
        machine: machine::facts(),
        quick: args.quick,
        canvas: format!("{}x{}", options().canvas.width, options().canvas.height),
        baseline_peak_rss_kib: baseline,
        seconds: started.elapsed().as_secs_f64(),
        apps: results,
    };
    output::print_footer(&report);
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&report).expect("the report serialises");
        std::fs::write(path, text + "\n").unwrap_or_else(|error| panic!("writing {}: {error}", path.display()));
        println!("wrote {}", path.display());
    }
}
