//! The binary's tools besides the server: `retroboard render` and
//! `retroboard schema` run a Pixlet app as Pixlet's own commands do, so app
//! authors can work with RetroBoard alone; a hidden `starlark-worker` is the
//! process apps render in.

mod render;
mod schema;
mod worker;

use std::process::ExitCode;

use clap::Subcommand;

pub use render::RenderArgs;
pub use schema::SchemaArgs;
pub use worker::{WorkerArgs, command_at as worker_command};

/// What the binary does instead of serving.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Render a Pixlet app (a .star file, or a folder holding one with its
    /// assets) to an animated WebP or GIF, as `pixlet render` does.
    ///
    /// The app's `http` requests go out from this machine (the local network
    /// included), each within 5 s and 20 MiB.
    Render(RenderArgs),
    /// Print a Pixlet app's configuration schema as JSON, as `pixlet
    /// schema` does (`null` when the app has no get_schema()).
    Schema(SchemaArgs),
    /// Run apps sent on standard input (the process apps render in).
    #[command(hide = true)]
    StarlarkWorker(WorkerArgs),
}

impl Command {
    /// Runs the tool to its end.
    pub fn run(self) -> ExitCode {
        match self {
            Command::Render(args) => render::run(args),
            Command::Schema(args) => schema::run(args),
            Command::StarlarkWorker(args) => worker::run(args),
        }
    }
}
