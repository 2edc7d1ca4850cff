//! `retroboard schema PATH`: prints an app's configuration schema as
//! Pixlet's `schema` command does, for app authors to check what the mobile
//! apps (and RetroBoard's own config forms) will be given.
//!
//! The app's `get_schema()` runs in a worker process, as renders do.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use starlet::sandbox::Sandbox;
use starlet::{Limits, Options};

#[derive(Debug, Clone, Args)]
pub struct SchemaArgs {
    /// The app: a .star file, or a folder holding its .star files and assets.
    #[arg(value_name = "PATH")]
    path: PathBuf,

    /// Write the schema, on one line, to FILE instead of printing it
    /// indented; `-` prints it.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// How long the app's get_schema() may run before it is stopped.
    #[arg(long, default_value = "30s", value_parser = humantime::parse_duration)]
    timeout: Duration,
}

pub fn run(args: SchemaArgs) -> ExitCode {
    match schema(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn schema(args: &SchemaArgs) -> Result<(), String> {
    let options = Options {
        limits: Limits {
            timeout: args.timeout,
            ..Limits::default()
        },
        print: Some(std::sync::Arc::new(|line: &str| eprintln!("{line}"))),
        ..Options::default()
    };
    let max_heap = options.limits.max_heap;
    let mut sandbox = Sandbox::new(move || super::worker::command(max_heap));
    let schema = sandbox
        .schema(&args.path, &options)
        .map_err(|error| format!("{}: {error}", args.path.display()))?;
    // Pixlet prints `null` for an app without a schema.
    match args.output.as_deref().filter(|path| *path != std::path::Path::new("-")) {
        None => {
            println!("{}", schema.map_or_else(|| "null".to_owned(), |s| s.to_pretty_json()));
            Ok(())
        }
        Some(path) => {
            let json = schema.map_or_else(|| "null".to_owned(), |s| s.to_json());
            std::fs::write(path, json).map_err(|error| format!("writing {}: {error}", path.display()))
        }
    }
}
