//! `retroboard render PATH [KEY=VALUE ...]`: runs an app once and writes its
//! frames as Pixlet's `render` command does.
//!
//! The app runs in a worker process, so an app that asks for more memory
//! than it may ends with an error message rather than taking the command
//! down with it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use chrono_tz::Tz;
use clap::Args;
use starlet::encode::{self, EncodeOptions};
use starlet::sandbox::Sandbox;
use starlet::{CanvasMeta, ConfigMap, Limits, Options};

#[derive(Debug, Clone, Args)]
pub struct RenderArgs {
    /// The app: a .star file, or a folder holding its .star files and assets.
    #[arg(value_name = "PATH")]
    path: PathBuf,

    /// Config values, as the app's schema names them (e.g. `location=Berlin`).
    #[arg(value_name = "KEY=VALUE", value_parser = parse_pair)]
    config: Vec<(String, String)>,

    /// Config values from a JSON object file; KEY=VALUE pairs override it.
    #[arg(short, long = "config", value_name = "FILE")]
    config_file: Option<PathBuf>,

    /// Where to write the picture; `-` writes it to standard output. By
    /// default NAME.webp (or .gif) beside the app.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Write an animated GIF instead of a lossless animated WebP.
    #[arg(long)]
    gif: bool,

    /// Enlarge each pixel to an N x N square (1 to 64).
    #[arg(short, long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    magnify: u32,

    /// Panel width the app draws for.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(i32).range(1..=1024))]
    width: i32,

    /// Panel height the app draws for.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(i32).range(1..=1024))]
    height: i32,

    /// Draw at twice the size (128x64 for 64x32), as apps that support 2x do.
    #[arg(long = "2x")]
    two_x: bool,

    /// Leave out frames past this much playing time (0 keeps them all).
    #[arg(long, default_value = "15s", value_parser = humantime::parse_duration)]
    max_duration: Duration,

    /// How long the app may run before it is stopped.
    #[arg(long, default_value = "30s", value_parser = humantime::parse_duration)]
    timeout: Duration,

    /// Most memory, in MiB, the app's Starlark heap may take.
    #[arg(long, default_value_t = 256, value_name = "MIB", value_parser = clap::value_parser!(u32).range(16..=4096))]
    max_memory: u32,

    /// The time zone `time.now()` is in (IANA name); the system's by default.
    #[arg(long, value_name = "ZONE", value_parser = crate::clock::parse_zone)]
    timezone: Option<Tz>,

    /// The locale the app is told (BCP 47, e.g. de-DE).
    #[arg(long, default_value = "en")]
    locale: String,

    /// Do not show the app's print() output.
    #[arg(long)]
    silent: bool,
}

fn parse_pair(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("config values are KEY=VALUE, not {text:?}"))?;
    Ok((key.to_owned(), value.to_owned()))
}

pub fn run(args: RenderArgs) -> ExitCode {
    match render(&args) {
        Ok(message) => {
            eprintln!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn render(args: &RenderArgs) -> Result<String, String> {
    let config = config(args)?;
    let options = Options {
        canvas: CanvasMeta {
            width: args.width,
            height: args.height,
            is2x: args.two_x,
        },
        timezone: args.timezone.unwrap_or_else(crate::clock::system_zone),
        locale: args.locale.clone(),
        limits: Limits {
            timeout: args.timeout,
            max_heap: (args.max_memory as usize) << 20,
            ..Limits::default()
        },
        print: (!args.silent).then(|| Arc::new(|line: &str| eprintln!("{line}")) as starlet::PrintFn),
        ..Options::default()
    };
    let max_heap = options.limits.max_heap;
    let mut sandbox = Sandbox::new(move || super::worker::command(max_heap));
    let failed = |error: starlet::Error| format!("{}: {error}", args.path.display());
    // As in Pixlet, the schema's defaults answer for the keys not given.
    let defaults = sandbox
        .schema(&args.path, &options)
        .map_err(failed)?
        .map(|schema| schema.defaults())
        .unwrap_or_default();
    let rendered = sandbox
        .render(&args.path, &config, &defaults, &options)
        .map_err(failed)?;
    if rendered.frames.is_empty() {
        return Ok(format!(
            "{} returned nothing to show; no picture written",
            args.path.display()
        ));
    }
    let encode_options = EncodeOptions {
        magnify: args.magnify,
        max_duration: (!args.max_duration.is_zero()).then_some(args.max_duration),
    };
    let data = if args.gif {
        encode::gif(&rendered, &encode_options)
    } else {
        encode::webp(&rendered, &encode_options)
    }
    .map_err(|error| error.to_string())?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.path, args.gif));
    if output == Path::new("-") {
        use std::io::Write;
        std::io::stdout()
            .write_all(&data)
            .map_err(|error| format!("writing to standard output: {error}"))?;
        return Ok(format!("rendered {} frames", rendered.frames.len()));
    }
    std::fs::write(&output, &data).map_err(|error| format!("writing {}: {error}", output.display()))?;
    Ok(format!(
        "rendered {} frames to {}",
        rendered.frames.len(),
        output.display()
    ))
}

/// The config: the JSON file's values, then the KEY=VALUE pairs over them.
/// Values that are not strings are passed as their JSON text, as Pixlet does.
fn config(args: &RenderArgs) -> Result<ConfigMap, String> {
    let mut config = BTreeMap::new();
    if let Some(path) = &args.config_file {
        let text = std::fs::read_to_string(path).map_err(|error| format!("reading {}: {error}", path.display()))?;
        let values: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).map_err(|error| format!("{} is not a JSON object: {error}", path.display()))?;
        for (key, value) in values {
            let text = match value {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            config.insert(key, text);
        }
    }
    config.extend(args.config.iter().cloned());
    Ok(config)
}

/// NAME.webp beside a .star file, or inside a folder app, named after it.
fn default_output(app: &Path, gif: bool) -> PathBuf {
    let extension = if gif { "gif" } else { "webp" };
    if app.is_dir() {
        let name = app
            .canonicalize()
            .ok()
            .and_then(|abs| abs.file_name().map(|n| n.to_owned()))
            .unwrap_or_else(|| "app".into());
        app.join(name).with_extension(extension)
    } else {
        app.with_extension(extension)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picture_goes_beside_the_app_by_default() {
        assert_eq!(
            default_output(Path::new("apps/clock.star"), false),
            Path::new("apps/clock.webp")
        );
        assert_eq!(
            default_output(Path::new("apps/clock.star"), true),
            Path::new("apps/clock.gif")
        );
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("weather");
        std::fs::create_dir(&app).unwrap();
        assert_eq!(default_output(&app, false), app.join("weather.webp"));
    }

    #[test]
    fn pairs_need_an_equals_sign() {
        assert_eq!(parse_pair("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert!(parse_pair("novalue").is_err());
    }
}
