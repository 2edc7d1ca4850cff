//! Timing one app in this process: loading it, running its `main`,
//! painting its frames, the whole render, and encoding the WebP that
//! `retroboard render` writes. Each part runs as often as its share of the
//! time budget allows, so slow apps take a few runs and fast ones many.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;
use starlet::encode::{self, EncodeOptions};
use starlet::render::{Rect, paint_frames};
use starlet::{Applet, ConfigMap, Options};

/// How long each part of an app's measurement may take, and how many runs
/// it takes at least and at most.
pub struct Budget {
    render: Duration,
    split: Duration,
    load: Duration,
    encode: Duration,
    min_runs: usize,
    max_runs: usize,
}

impl Budget {
    /// About 15 s an app.
    pub const FULL: Budget = Budget {
        render: Duration::from_secs(8),
        split: Duration::from_secs(4),
        load: Duration::from_millis(1500),
        encode: Duration::from_secs(3),
        min_runs: 5,
        max_runs: 1000,
    };
    /// A tenth of that, to check the benchmark itself.
    pub const QUICK: Budget = Budget {
        render: Duration::from_millis(800),
        split: Duration::from_millis(400),
        load: Duration::from_millis(150),
        encode: Duration::from_millis(300),
        min_runs: 2,
        max_runs: 100,
    };

    /// How many runs fit in `share` when one takes about `each`.
    fn runs(&self, share: Duration, each: Duration) -> usize {
        let fit = share.as_secs_f64() / each.as_secs_f64().max(1e-6);
        (fit as usize).clamp(self.min_runs, self.max_runs)
    }
}

/// The spread of one part's run times, in milliseconds.
#[derive(Debug, Serialize)]
pub struct Spread {
    pub runs: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

impl Spread {
    fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        // Nearest rank: the smallest sample at or above the quantile.
        let rank = |q: f64| ((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len()) - 1;
        Self {
            runs: samples.len(),
            median_ms: ms(samples[rank(0.5)]),
            p95_ms: ms(samples[rank(0.95)]),
            min_ms: ms(samples[0]),
            max_ms: ms(samples[samples.len() - 1]),
        }
    }
}

/// What one app costs in this process.
#[derive(Debug, Serialize)]
pub struct Timings {
    /// Frames a render paints (after the 2,000-frame limit).
    pub frames: usize,
    /// Frames its root asks for, before that limit.
    pub natural_frames: usize,
    pub delay_ms: u64,
    /// `Applet::load`: reading and evaluating the app's files.
    pub load: Spread,
    /// `Applet::render`: `main` and painting every frame.
    pub render: Spread,
    /// Running `main` alone (building the widget tree, decoding pictures).
    pub main: Spread,
    /// Painting every frame of the tree `main` built.
    pub paint: Spread,
    /// Frames painted per second, from the median paint time.
    pub paint_fps: f64,
    pub webp: Encoding,
}

/// Encoding the render as `retroboard render` does by default: a lossless
/// animated WebP of at most 15 s of frames.
#[derive(Debug, Serialize)]
pub struct Encoding {
    pub frames: usize,
    pub bytes: usize,
    #[serde(flatten)]
    pub time: Spread,
}

/// Measures the app at `path`; panics when it does not render, since the
/// figures would mean nothing.
pub fn app(path: &Path, options: &Options, budget: &Budget) -> Timings {
    let config = ConfigMap::new();

    let started = Instant::now();
    let applet = ok(path, Applet::load(path, options));
    let first_load = started.elapsed();
    let started = Instant::now();
    let rendered = ok(path, applet.render(&config, options));
    let first_render = started.elapsed();

    let load = Spread::of(repeat(budget.runs(budget.load, first_load), || {
        ok(path, Applet::load(path, options));
    }));
    let render = Spread::of(repeat(budget.runs(budget.render, first_render), || {
        ok(path, applet.render(&config, options));
    }));

    let (width, height) = (options.canvas.scaled_width(), options.canvas.scaled_height());
    let max_frames = options.limits.max_frames;
    let roots = ok(path, applet.run(&config, &config, options));
    let child = roots
        .first()
        .map(|root| root.child.clone())
        .expect("the app returns a root");
    let natural_frames = child.frame_count(Rect::sized(width, height));
    let split_runs = budget.runs(budget.split / 2, first_render);
    let main = Spread::of(repeat(split_runs, || {
        ok(path, applet.run(&config, &config, options));
    }));
    let paint = Spread::of(repeat(split_runs, || {
        std::hint::black_box(paint_frames(child.as_ref(), width, height, max_frames));
    }));

    let encode_options = EncodeOptions::default();
    let started = Instant::now();
    let data = encode::webp(&rendered, &encode_options).expect("the render encodes");
    let first_encode = started.elapsed();
    let encoded_frames = webp_animation::Decoder::new(&data)
        .expect("the WebP decodes")
        .into_iter()
        .count();
    let encode_time = Spread::of(repeat(budget.runs(budget.encode, first_encode), || {
        encode::webp(&rendered, &encode_options).expect("the render encodes");
    }));

    let frames = rendered.frames.len();
    Timings {
        frames,
        natural_frames,
        delay_ms: rendered.delay.as_millis() as u64,
        paint_fps: frames as f64 / (paint.median_ms / 1e3),
        load,
        render,
        main,
        paint,
        webp: Encoding {
            frames: encoded_frames,
            bytes: data.len(),
            time: encode_time,
        },
    }
}

/// What an app's call returned; the figures mean nothing when it failed.
fn ok<T>(path: &Path, result: Result<T, starlet::Error>) -> T {
    result.unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Runs `work` `runs` times, timing each.
fn repeat(runs: usize, mut work: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect()
}
