//! Configuration: every option of the server, from the command line or `RETROBOARD_*` variables.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};

/// RetroBoard: drive an RGB LED matrix from the browser.
///
/// Serves the REST API under /api, Socket.IO under /socket.io and the web UI
/// at /. Every option can also be set by the environment variable shown.
#[derive(Debug, Clone, Parser)]
#[command(name = "retroboard", version, about, long_about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "RETROBOARD_HOST", default_value = "0.0.0.0")]
    pub host: IpAddr,

    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "RETROBOARD_PORT", default_value_t = 5000)]
    pub port: u16,

    /// App to start when the state file names none.
    #[arg(long, env = "RETROBOARD_APP", default_value = "clock")]
    pub app: String,

    /// Start from defaults instead of the state file (which is still written).
    #[arg(long, env = "RETROBOARD_IGNORE_STATE")]
    pub ignore_state: bool,

    /// Where state is kept between runs.
    #[arg(long, env = "RETROBOARD_STATE_FILE", default_value = "state.json")]
    pub state_file: PathBuf,

    /// Panel width in pixels.
    #[arg(long, env = "RETROBOARD_WIDTH", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub width: u32,

    /// Panel height in pixels.
    #[arg(long, env = "RETROBOARD_HEIGHT", default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub height: u32,

    /// How often the server pings each Socket.IO client (e.g. 25s, 500ms).
    #[arg(long, env = "RETROBOARD_PING_INTERVAL", default_value = "25s", value_parser = humantime::parse_duration)]
    pub ping_interval: Duration,

    /// How long a client may take to answer a ping before it is dropped.
    #[arg(long, env = "RETROBOARD_PING_TIMEOUT", default_value = "60s", value_parser = humantime::parse_duration)]
    pub ping_timeout: Duration,

    /// Largest accepted request body or Socket.IO message, in bytes.
    #[arg(long, env = "RETROBOARD_MAX_PAYLOAD", default_value_t = 100_000)]
    pub max_payload: usize,

    /// Origins allowed by CORS, comma-separated; any origin when not given.
    #[arg(long, env = "RETROBOARD_CORS_ORIGIN", value_delimiter = ',')]
    pub cors_origin: Vec<String>,

    /// Log line format.
    #[arg(long, env = "RETROBOARD_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    pub fn listen_addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }
}
