//! What the host and a worker process say to each other: one JSON line per
//! request, one JSON line per reply followed by the frames' raw pixels.

use std::collections::HashMap;
use std::io::{self, BufRead, Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::render::Image;
use crate::runtime::applet::{Options, Rendered};
use crate::runtime::context::CanvasMeta;
use crate::runtime::error::Error;
use crate::runtime::limits::Limits;
use crate::schema::{HandlerKind, Schema};
use crate::values::config::ConfigMap;

/// Something to do with the app at `app`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub app: PathBuf,
    pub options: WireOptions,
    pub job: Job,
}

/// What a request asks of an app.
#[derive(Debug, Serialize, Deserialize)]
pub enum Job {
    /// Render it with `config`, `defaults` behind it.
    Render { config: ConfigMap, defaults: ConfigMap },
    /// Its schema.
    Schema,
    /// Call its schema handler `handler` with `parameter`.
    Handler {
        handler: String,
        parameter: String,
        config: ConfigMap,
    },
}

/// [`Options`] without the print callback, which cannot cross a pipe.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WireOptions {
    pub width: i32,
    pub height: i32,
    pub is2x: bool,
    /// `time.now()` in microseconds since 1970, when fixed.
    pub now_us: Option<i64>,
    pub timezone: String,
    pub locale: String,
    pub seed: Option<u64>,
    pub timeout_ms: u64,
    pub max_heap: usize,
    pub max_frames: usize,
    pub max_call_depth: usize,
}

impl From<&Options> for WireOptions {
    fn from(options: &Options) -> Self {
        Self {
            width: options.canvas.width,
            height: options.canvas.height,
            is2x: options.canvas.is2x,
            now_us: options.now.map(|now| now.timestamp_micros()),
            timezone: options.timezone.name().to_owned(),
            locale: options.locale.clone(),
            seed: options.seed,
            timeout_ms: options.limits.timeout.as_millis() as u64,
            max_heap: options.limits.max_heap,
            max_frames: options.limits.max_frames,
            max_call_depth: options.limits.max_call_depth,
        }
    }
}

impl WireOptions {
    /// The options back, with `print` collecting into the reply.
    pub fn to_options(&self) -> Result<Options, Error> {
        let timezone = self
            .timezone
            .parse()
            .map_err(|_| Error::load(format!("unknown time zone {:?}", self.timezone)))?;
        Ok(Options {
            canvas: CanvasMeta {
                width: self.width,
                height: self.height,
                is2x: self.is2x,
            },
            now: self.now_us.and_then(DateTime::<Utc>::from_timestamp_micros),
            timezone,
            locale: self.locale.clone(),
            seed: self.seed,
            limits: Limits {
                timeout: Duration::from_millis(self.timeout_ms),
                max_heap: self.max_heap,
                max_frames: self.max_frames,
                max_call_depth: self.max_call_depth,
            },
            print: None,
            network: None,
        })
    }
}

/// A reply header; `Rendered` is followed by `frames` frames of
/// `width * height` premultiplied RGBA pixels, the others are whole.
#[derive(Debug, Serialize, Deserialize)]
pub enum Reply {
    Rendered {
        width: i32,
        height: i32,
        frames: usize,
        delay_ms: u64,
        max_age_s: Option<u64>,
        show_full_animation: bool,
        printed: Vec<String>,
    },
    Failed {
        error: WireError,
        printed: Vec<String>,
    },
    /// The app's schema; `None` when it has no `get_schema()`.
    Schema {
        schema: Option<Schema>,
        printed: Vec<String>,
    },
    /// A schema handler's answer, and what it is: `kind` is
    /// [`HandlerKind::number`].
    Handled {
        answer: String,
        kind: i64,
        printed: Vec<String>,
    },
}

/// What a worker answered, once read.
#[derive(Debug)]
pub enum Answer {
    Rendered(Rendered),
    Schema(Option<Schema>),
    Handled(HandlerKind, String),
}

/// [`Error`] as it crosses the pipe.
#[derive(Debug, Serialize, Deserialize)]
pub enum WireError {
    Load(String),
    Starlark(String),
    Timeout(u64),
    Memory(usize),
    Output(String),
}

impl From<Error> for WireError {
    fn from(error: Error) -> Self {
        match error {
            Error::Load(m) => Self::Load(m),
            Error::Starlark(m) => Self::Starlark(m),
            Error::Timeout(d) => Self::Timeout(d.as_millis() as u64),
            Error::Memory(n) => Self::Memory(n),
            Error::Output(m) => Self::Output(m),
        }
    }
}

impl From<WireError> for Error {
    fn from(error: WireError) -> Self {
        match error {
            WireError::Load(m) => Self::Load(m),
            WireError::Starlark(m) => Self::Starlark(m),
            WireError::Timeout(ms) => Self::Timeout(Duration::from_millis(ms)),
            WireError::Memory(n) => Self::Memory(n),
            WireError::Output(m) => Self::Output(m),
        }
    }
}

/// Writes one JSON line.
pub fn write_line<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Reads one JSON line; `None` at the end of the stream.
pub fn read_line<T: for<'de> Deserialize<'de>>(input: &mut impl BufRead, max: usize) -> io::Result<Option<T>> {
    let mut line = Vec::new();
    let read = input.take(max as u64 + 1).read_until(b'\n', &mut line)?;
    if read == 0 {
        return Ok(None);
    }
    if line.len() > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "message over its size limit",
        ));
    }
    serde_json::from_slice(&line).map(Some).map_err(io::Error::from)
}

/// Writes a render's reply: the header, then the pixels of each frame.
pub fn write_rendered(out: &mut impl Write, rendered: &Rendered, printed: Vec<String>) -> io::Result<()> {
    let (width, height) = rendered.frames.first().map_or((0, 0), |f| (f.width(), f.height()));
    write_line(
        out,
        &Reply::Rendered {
            width,
            height,
            frames: rendered.frames.len(),
            delay_ms: rendered.delay.as_millis() as u64,
            max_age_s: rendered.max_age.map(|age| age.as_secs()),
            show_full_animation: rendered.show_full_animation,
            printed,
        },
    )?;
    for frame in &rendered.frames {
        out.write_all(frame.pixels().as_flattened())?;
    }
    out.flush()
}

/// Reads the frames that follow a `Rendered` header.
pub fn read_frames(input: &mut impl Read, width: i32, height: i32, count: usize) -> io::Result<Vec<Image>> {
    let pixels = (width.max(0) as usize) * (height.max(0) as usize);
    (0..count)
        .map(|_| {
            let mut data = vec![0u8; pixels * 4];
            input.read_exact(&mut data)?;
            let pixels = data.chunks_exact(4).map(|p| [p[0], p[1], p[2], p[3]]).collect();
            Ok(Image::from_pixels(width, height, pixels))
        })
        .collect()
}

/// Loaded apps a worker keeps between requests, by folder and the time its
/// newest file changed.
pub type Loaded = HashMap<PathBuf, (std::time::SystemTime, crate::Applet)>;
