//! Runs the floor server (see `retroboard_loadgen::floor`) on `--port` (loopback), the yardstick
//! the benchmark compares every server with.

use std::time::Duration;

use clap::Parser;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Seconds between ping rounds, as the other servers are benchmarked with.
    #[arg(long, default_value_t = 25)]
    ping_interval: u64,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    retroboard_loadgen::floor::serve(listener, Duration::from_secs(args.ping_interval)).await
}
