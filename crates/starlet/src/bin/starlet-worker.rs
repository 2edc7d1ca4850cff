//! A worker process for [`starlet::sandbox::Sandbox`]: renders apps sent on
//! stdin, with its address space capped at `--address-space BYTES`. It has
//! no network: a host that gives apps one runs [`starlet::sandbox::serve`]
//! with its own [`starlet::Network`].

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut address_space = None;
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next().map(|v| v.parse::<u64>())) {
            ("--address-space", Some(Ok(bytes))) => address_space = Some(bytes),
            _ => {
                eprintln!("usage: starlet-worker [--address-space BYTES]");
                return ExitCode::from(2);
            }
        }
    }
    match starlet::sandbox::serve(address_space, None) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("starlet-worker: {error}");
            ExitCode::FAILURE
        }
    }
}
