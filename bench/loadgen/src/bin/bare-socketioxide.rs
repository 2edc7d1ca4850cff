//! Runs the bare axum + socketioxide server on `--port` (loopback), for the framework-floor comparison.

use clap::Parser;
use retroboard_loadgen::bare::Tuning;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// WebSocket read buffer per connection, in bytes.
    #[arg(long)]
    ws_read_buffer: Option<usize>,
    /// Packets queued per socket.
    #[arg(long)]
    max_buffer: Option<usize>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        retroboard_loadgen::bare::router(Tuning {
            ws_read_buffer: args.ws_read_buffer,
            max_buffer: args.max_buffer,
        }),
    )
    .await
}
