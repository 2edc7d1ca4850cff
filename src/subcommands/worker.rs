//! `retroboard starlark-worker`: serves renders for a [`starlet::sandbox::Sandbox`]
//! in a process of its own, its address space capped; apps' `http` requests
//! go out from it.

use std::process::{Command, ExitCode};
use std::sync::Arc;

use clap::Args;

/// How much address space a worker may take for the Starlark heap limit
/// `max_heap`: room for the heap, the binary, the app thread's stack and
/// decoded pictures.
pub fn address_space(max_heap: usize) -> u64 {
    (max_heap as u64) * 3 + (512 << 20)
}

/// The command that starts a worker of this binary.
pub fn command(max_heap: usize) -> Command {
    let exe = std::env::current_exe().unwrap_or_else(|_| "retroboard".into());
    command_at(&exe, max_heap)
}

/// The command that starts a worker of the binary at `exe`.
pub fn command_at(exe: &std::path::Path, max_heap: usize) -> Command {
    let mut command = Command::new(exe);
    command
        .arg("starlark-worker")
        .arg("--address-space")
        .arg(address_space(max_heap).to_string());
    command
}

#[derive(Debug, Clone, Args)]
pub struct WorkerArgs {
    /// Cap on the process's virtual memory, in bytes.
    #[arg(long, value_name = "BYTES")]
    address_space: Option<u64>,
}

pub fn run(args: WorkerArgs) -> ExitCode {
    let network = Arc::new(crate::starlark::network::WebNetwork::new());
    match starlet::sandbox::serve(args.address_space, Some(network)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("starlark worker: {error}");
            ExitCode::FAILURE
        }
    }
}
