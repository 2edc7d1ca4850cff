//! Configuration: every option of the server, from the command line or `RETROBOARD_*` variables.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use chrono_tz::Tz;
use clap::{Parser, ValueEnum};

use crate::clock::Clock;
use crate::icons::{Capacity, ICON_CAPACITY, PICTURE_CAPACITY};
use crate::mqtt::broker::Broker;
use crate::output::OutputSpec;
use crate::priority::PanelPriority;

/// RetroBoard: drive an RGB LED matrix from the browser.
///
/// Serves the REST API under /api, Socket.IO under /socket.io and the web UI
/// at /. Every option can also be set by the environment variable shown.
#[derive(Debug, Clone, Parser)]
#[command(name = "retroboard", version = env!("RETROBOARD_BUILD"), about, long_about)]
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

    /// A supervisor (systemd with Restart=on-failure, Docker with a restart
    /// policy) starts the server again when it exits with an error: lets
    /// `POST /api/reboot` restart it that way.
    #[arg(long, env = "RETROBOARD_SUPERVISED")]
    pub supervised: bool,

    /// Where state is kept between runs. In cluster mode (--redis-url) it is
    /// never written: it only seeds the shared state when Redis holds none.
    #[arg(
        long,
        env = "RETROBOARD_STATE_FILE",
        value_name = "PATH",
        default_value = "state.json"
    )]
    pub state_file: PathBuf,

    /// Where uploaded icons and pictures are kept (in its `icons` and
    /// `images` folders); by default `retroboard-data` beside the state file.
    /// In cluster mode they are kept in Redis, and this instance's copies of
    /// them go to folders of its own here.
    #[arg(long, env = "RETROBOARD_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Where community (Pixlet) apps are installed from: every folder in it
    /// holding a .star app, with its assets and an optional manifest.yaml.
    /// Point it at the `apps/` folder of a checkout of tronbyt/apps for the
    /// whole community library. By default `apps` in the data directory; never
    /// written to (uploads go to `uploaded-apps` in the data directory). Every
    /// instance of a cluster must see the same folder.
    #[arg(long, env = "RETROBOARD_APPS_DIR", value_name = "DIR")]
    pub apps_dir: Option<PathBuf>,

    /// How many community app renders (and schema reads) run at once, each
    /// in a worker process of its own; 1 to 16.
    #[arg(long, env = "RETROBOARD_STARLARK_WORKERS", value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub starlark_workers: u16,

    /// How long one community app may take to render, read its schema or
    /// answer a handler before it is stopped (Pixlet's limit is 30s); from
    /// 100ms to 10m.
    #[arg(long, env = "RETROBOARD_STARLARK_TIMEOUT", value_name = "DURATION", default_value = "30s", value_parser = parse_starlark_timeout)]
    pub starlark_timeout: Duration,

    /// Largest app upload (a .star file or a zip of the app's folder, to
    /// `PUT /api/starlark/apps/ID`) and largest picture pushed to
    /// /v0/devices/{id}/push, in bytes.
    #[arg(long, env = "RETROBOARD_MAX_APP_UPLOAD", value_name = "BYTES", default_value_t = 4 << 20)]
    pub max_app_upload: usize,

    /// The program community apps run in (its `starlark-worker` subcommand);
    /// by default this executable.
    #[arg(long, env = "RETROBOARD_STARLARK_WORKER", value_name = "PATH", hide = true)]
    pub starlark_worker: Option<PathBuf>,

    /// Run as one of several instances sharing state through Redis 7 or newer
    /// (e.g. redis://127.0.0.1:6379/). Without it the instance stands alone and
    /// needs no Redis.
    #[arg(long, env = "RETROBOARD_REDIS_URL", value_name = "URL")]
    pub redis_url: Option<String>,

    /// Cluster mode: how long the instance driving the carousel and the panel
    /// may go silent before another takes over.
    #[arg(long, env = "RETROBOARD_LEASE_TTL", value_name = "DURATION", default_value = "3s", value_parser = parse_lease_ttl)]
    pub lease_ttl: Duration,

    /// Time zone of the clock app and of night mode, as an IANA name (e.g.
    /// Europe/Berlin, America/New_York, UTC); daylight saving follows it.
    /// Default: the system's zone. An unknown name stops the server at start.
    #[arg(long, env = "RETROBOARD_TIMEZONE", value_name = "ZONE", value_parser = crate::clock::parse_zone)]
    pub timezone: Option<Tz>,

    /// Panel width in pixels (with --hardware, --cols sets it).
    #[arg(long, env = "RETROBOARD_WIDTH", value_name = "PIXELS", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub width: u32,

    /// Panel height in pixels (with --hardware, --rows sets it).
    #[arg(long, env = "RETROBOARD_HEIGHT", value_name = "PIXELS", default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub height: u32,

    /// Where frames are shown besides the live preview:
    /// `virtual` (the preview and /api/frame.png only),
    /// `terminal` (drawn in this terminal),
    /// `ddp://HOST[:PORT]` (DDP over UDP, as WLED receives it; port 4048),
    /// `e131://HOST[:PORT][?universe=N]` (E1.31/sACN over UDP, 170 pixels a
    /// universe from N, default 1; port 5568),
    /// `e131://multicast[?universe=N]` (E1.31 with each universe U to its
    /// multicast group 239.255.(U/256).(U%256); `interface=ADDR` picks the
    /// IPv4 address multicast leaves by); both E1.31 forms take `sync=U` to end
    /// each frame with a synchronisation packet on universe U,
    /// `pipe:COMMAND` (raw RGB frames, width x height x 3 bytes each, on the
    /// standard input of `sh -c COMMAND`),
    /// `rpi` (a HUB75 panel on a Raspberry Pi; needs a build with --features rpi;
    /// options rows, cols, chain, parallel, gpio-mapping=regular|adafruit-hat|adafruit-hat-pwm,
    /// slowdown-gpio, pwm-bits).
    /// Every display takes options after a `?`, joined by `&`: rotate=0|90|180|270,
    /// mirror=none|horizontal|vertical|both, serpentine=true, order=RGB|GRB|BGR|...,
    /// gamma=1.0..3.0 (e.g. `ddp://wled.local?rotate=180&order=GRB`).
    /// Repeat the flag or separate with commas to show on several at once.
    #[arg(
        long = "display",
        env = "RETROBOARD_DISPLAY",
        value_name = "DISPLAY",
        value_delimiter = ',',
        default_value = "virtual"
    )]
    pub displays: Vec<OutputSpec>,

    /// Drive a HUB75 panel on the Raspberry Pi's GPIO with the Adafruit HAT
    /// wiring, as the original server's flag does: the same as adding
    /// `--display rpi?rows=ROWS&cols=COLS&gpio-mapping=adafruit-hat`, and the
    /// panel size becomes COLS x ROWS. Needs a build with --features rpi.
    #[arg(long, env = "RETROBOARD_HARDWARE")]
    pub hardware: bool,

    /// Rows of the hardware panel (with --hardware).
    #[arg(long, env = "RETROBOARD_ROWS", default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub rows: u32,

    /// Columns of the hardware panel (with --hardware).
    #[arg(long, env = "RETROBOARD_COLS", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub cols: u32,

    /// How the threads that draw frames and send them to the displays are scheduled, so that
    /// a busy server does not hold frames back.
    #[arg(long, env = "RETROBOARD_PANEL_PRIORITY", value_name = "PRIORITY", value_enum, default_value_t = PanelPriority::Realtime)]
    pub panel_priority: PanelPriority,

    /// Most frames per second sent to live-preview subscribers.
    #[arg(long, env = "RETROBOARD_PREVIEW_FPS", value_name = "FPS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=120))]
    pub preview_fps: u32,

    /// How often the server pings each Socket.IO client (e.g. 25s, 500ms).
    #[arg(long, env = "RETROBOARD_PING_INTERVAL", value_name = "DURATION", default_value = "25s", value_parser = humantime::parse_duration)]
    pub ping_interval: Duration,

    /// How long a client may take to answer a ping before it is dropped.
    #[arg(long, env = "RETROBOARD_PING_TIMEOUT", value_name = "DURATION", default_value = "60s", value_parser = humantime::parse_duration)]
    pub ping_timeout: Duration,

    /// How long a new Socket.IO session may take to join a namespace before it
    /// is dropped; an Engine.IO handshake that is never used costs memory
    /// until then.
    #[arg(long, env = "RETROBOARD_CONNECT_TIMEOUT", value_name = "DURATION", default_value = "5s", value_parser = humantime::parse_duration)]
    pub connect_timeout: Duration,

    /// Socket.IO sessions one client address may open per second (bursts of
    /// twice that are allowed); 0 for no limit.
    #[arg(long, env = "RETROBOARD_HANDSHAKE_RATE", value_name = "N", default_value_t = 20)]
    pub handshake_rate: u32,

    /// Socket.IO sessions one client address may hold at once; 0 for no limit.
    #[arg(
        long,
        env = "RETROBOARD_MAX_SESSIONS_PER_IP",
        value_name = "N",
        default_value_t = 100
    )]
    pub max_sessions_per_ip: usize,

    /// Reverse proxies whose X-Forwarded-For names the client, comma-separated
    /// (e.g. 127.0.0.1 when nginx runs on this host), so per-address limits
    /// apply to clients rather than to the proxy.
    #[arg(long, env = "RETROBOARD_TRUSTED_PROXY", value_name = "IP", value_delimiter = ',')]
    pub trusted_proxy: Vec<IpAddr>,

    /// How long a connection may take to send a request's headers; a
    /// connection silent or idle for as long between requests is closed.
    #[arg(long, env = "RETROBOARD_HEADER_READ_TIMEOUT", value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_read_timeout: Duration,

    /// How long a request's body may take to arrive whole after its headers; a body
    /// trickled in slower is answered 408 and its connection closed.
    #[arg(long, env = "RETROBOARD_BODY_READ_TIMEOUT", value_name = "DURATION", default_value = "30s", value_parser = humantime::parse_duration)]
    pub body_read_timeout: Duration,

    /// Connections one client address may hold open at once, WebSockets
    /// included (trusted proxies are exempt); 0 for no limit.
    #[arg(
        long,
        env = "RETROBOARD_MAX_CONNECTIONS_PER_IP",
        value_name = "N",
        default_value_t = 256
    )]
    pub max_connections_per_ip: usize,

    /// Most icons that may be uploaded (in cluster mode, through all instances
    /// together); more are refused (507) until some are deleted.
    #[arg(long, env = "RETROBOARD_MAX_ICONS", value_name = "N", default_value_t = ICON_CAPACITY.uploads)]
    pub max_icons: usize,

    /// Most memory the uploaded icons may take decoded, in MiB (they are kept decoded).
    #[arg(long, env = "RETROBOARD_MAX_ICON_MIB", value_name = "MIB", default_value_t = ICON_CAPACITY.decoded_mib)]
    pub max_icon_mib: usize,

    /// Most pictures that may be uploaded (in cluster mode, through all instances
    /// together); more are refused (507) until some are deleted.
    #[arg(long, env = "RETROBOARD_MAX_PICTURES", value_name = "N", default_value_t = PICTURE_CAPACITY.uploads)]
    pub max_pictures: usize,

    /// Most the uploaded pictures may take decoded all together, in MiB; only the one
    /// showing is kept decoded.
    #[arg(long, env = "RETROBOARD_MAX_PICTURE_MIB", value_name = "MIB", default_value_t = PICTURE_CAPACITY.decoded_mib)]
    pub max_picture_mib: usize,

    /// Largest accepted request body or Socket.IO message (polling or WebSocket), in bytes;
    /// a bigger WebSocket message closes that connection (1009).
    #[arg(
        long,
        env = "RETROBOARD_MAX_PAYLOAD",
        value_name = "BYTES",
        default_value_t = 100_000
    )]
    pub max_payload: usize,

    /// Origins allowed by CORS, comma-separated; any origin when not given.
    #[arg(long, env = "RETROBOARD_CORS_ORIGIN", value_name = "ORIGIN", value_delimiter = ',')]
    pub cors_origin: Vec<String>,

    /// A shared secret: REST commands then need `Authorization: Bearer TOKEN`
    /// and Socket.IO connections `auth: {token: TOKEN}`. Without it anyone who
    /// can reach the server may drive the board, as with the original.
    #[arg(long, env = "RETROBOARD_AUTH_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    pub auth_token: Option<String>,

    /// Read the token from this file (its first line) instead of the command line.
    #[arg(
        long,
        env = "RETROBOARD_AUTH_TOKEN_FILE",
        value_name = "PATH",
        conflicts_with = "auth_token"
    )]
    pub auth_token_file: Option<PathBuf>,

    /// With a token, reads under /api and of /metrics need it too (all but /api/health).
    #[arg(long, env = "RETROBOARD_AUTH_READS")]
    pub auth_reads: bool,

    /// Connect to an MQTT broker: commands on `<prefix>/...` topics, state
    /// published retained on `<prefix>/state/...`, and Home Assistant
    /// discovery. `mqtt://[USER:PASS@]HOST[:PORT]` (port 1883), or `mqtts://`
    /// for TLS (port 8883, the system's CA certificates, read once at the
    /// first connection). Without it no MQTT is spoken.
    #[arg(long, env = "RETROBOARD_MQTT_URL", value_name = "URL", hide_env_values = true)]
    pub mqtt_url: Option<Broker>,

    /// The topic prefix this board's MQTT topics start with; also what tells
    /// boards sharing a broker apart in Home Assistant.
    #[arg(long, env = "RETROBOARD_MQTT_PREFIX", value_name = "PREFIX", default_value = "retroboard", value_parser = crate::mqtt::topics::parse_prefix)]
    pub mqtt_prefix: String,

    /// Home Assistant's MQTT discovery prefix; empty to announce nothing.
    #[arg(long, env = "RETROBOARD_MQTT_DISCOVERY_PREFIX", value_name = "PREFIX", default_value = "homeassistant", value_parser = crate::mqtt::topics::parse_discovery_prefix)]
    pub mqtt_discovery_prefix: String,

    /// Give freed memory back to the system once open connections fall below
    /// half their peak (glibc's malloc_trim), so a board does not stay at the
    /// size a crowd of clients left it at.
    #[arg(long, env = "RETROBOARD_TRIM_MEMORY", value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    pub trim_memory: bool,

    /// Log line format; `RUST_LOG` sets the level.
    #[arg(long, env = "RETROBOARD_LOG_FORMAT", value_name = "FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// A tool to run instead of the server.
    #[command(subcommand)]
    pub command: Option<crate::subcommands::Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// At least 300 ms: the lease is renewed every third of it, and Redis only
/// keeps millisecond precision.
fn parse_lease_ttl(text: &str) -> Result<Duration, String> {
    let ttl = humantime::parse_duration(text).map_err(|error| error.to_string())?;
    if ttl < Duration::from_millis(300) {
        return Err("must be at least 300ms".into());
    }
    Ok(ttl)
}

/// At least 100 ms and at most 10 minutes: an app needs some time, and a
/// render may not hold a worker for ever.
fn parse_starlark_timeout(text: &str) -> Result<Duration, String> {
    let timeout = humantime::parse_duration(text).map_err(|error| error.to_string())?;
    if !(Duration::from_millis(100)..=Duration::from_secs(600)).contains(&timeout) {
        return Err("must be from 100ms to 10m".into());
    }
    Ok(timeout)
}

impl Config {
    /// The board's clock: the system's, in `--timezone` or the system's zone.
    pub fn clock(&self) -> Clock {
        Clock::system(self.timezone.unwrap_or_else(crate::clock::system_zone))
    }

    pub fn listen_addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }

    /// The data directory: `--data-dir`, or `retroboard-data` beside the state file.
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(|| self.state_file.with_file_name("retroboard-data"))
    }

    /// The app library's folder: `--apps-dir`, or `apps` in the data directory.
    pub fn apps_dir(&self) -> PathBuf {
        self.apps_dir.clone().unwrap_or_else(|| self.data_dir().join("apps"))
    }

    /// Where uploaded apps are kept: `uploaded-apps` in the data directory.
    pub fn uploaded_apps_dir(&self) -> PathBuf {
        self.data_dir().join("uploaded-apps")
    }

    /// What the icon library may hold: `--max-icons` and `--max-icon-mib`.
    pub fn icon_capacity(&self) -> Capacity {
        Capacity {
            uploads: self.max_icons,
            decoded_mib: self.max_icon_mib,
        }
    }

    /// What the picture library may hold: `--max-pictures` and `--max-picture-mib`.
    pub fn picture_capacity(&self) -> Capacity {
        Capacity {
            uploads: self.max_pictures,
            decoded_mib: self.max_picture_mib,
        }
    }

    /// The access token, from `--auth-token` or the first line of `--auth-token-file`.
    pub fn auth_token(&self) -> Result<Option<String>, String> {
        let Some(path) = &self.auth_token_file else {
            return Ok(self.auth_token.clone().filter(|token| !token.is_empty()));
        };
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read --auth-token-file {}: {error}", path.display()))?;
        match text.lines().next().map(str::trim) {
            Some(token) if !token.is_empty() => Ok(Some(token.to_owned())),
            _ => Err(format!("--auth-token-file {} holds no token", path.display())),
        }
    }

    /// The panel size: `--cols` x `--rows` with `--hardware`, else
    /// `--width` x `--height`. Sides are at most 1024, so they fit the
    /// preview's `u16` fields.
    pub fn panel_size(&self) -> (u16, u16) {
        let side = |pixels: u32| u16::try_from(pixels).expect("panel sides are limited to 1..=1024");
        if self.hardware {
            (side(self.cols), side(self.rows))
        } else {
            (side(self.width), side(self.height))
        }
    }

    /// What the MQTT session needs, when `--mqtt-url` asks for one.
    pub fn mqtt(&self) -> Option<crate::mqtt::Settings> {
        Some(crate::mqtt::Settings {
            broker: self.mqtt_url.clone()?,
            prefix: self.mqtt_prefix.clone(),
            discovery_prefix: self.mqtt_discovery_prefix.clone(),
            max_payload: self.max_payload,
        })
    }

    /// Every display to show frames on: `--display`, plus the GPIO panel with `--hardware`.
    pub fn displays(&self) -> Result<Vec<OutputSpec>, String> {
        let mut displays = self.displays.clone();
        if self.hardware {
            let hardware = format!("rpi?rows={}&cols={}&gpio-mapping=adafruit-hat", self.rows, self.cols);
            displays.push(hardware.parse()?);
        }
        Ok(displays)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Config {
        Config::try_parse_from(std::iter::once("retroboard").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn hardware_takes_the_originals_rows_and_cols_as_the_panel_size() {
        let config = parse(&["--hardware", "--rows", "16", "--cols", "32", "--width", "128"]);
        assert_eq!(config.panel_size(), (32, 16));
        assert_eq!(
            parse(&["--rows", "16"]).panel_size(),
            (64, 32),
            "without --hardware they do nothing"
        );
    }

    #[test]
    fn panel_priority_is_realtime_unless_asked_and_an_unknown_one_is_refused_with_the_choices() {
        assert_eq!(parse(&[]).panel_priority, PanelPriority::Realtime);
        assert_eq!(
            parse(&["--panel-priority", "normal"]).panel_priority,
            PanelPriority::Normal
        );
        let error = Config::try_parse_from(["retroboard", "--panel-priority", "highest"])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("'highest'") && error.contains("realtime, raised, normal"),
            "{error}"
        );
    }

    #[cfg(not(feature = "rpi"))]
    #[test]
    fn hardware_without_the_driver_says_how_to_build_with_it() {
        let error = parse(&["--hardware"]).displays().unwrap_err();
        assert!(error.contains("cargo build --release --features rpi"), "{error}");
        assert!(error.contains("ddp://"), "{error}");
    }

    #[cfg(feature = "rpi")]
    #[test]
    fn hardware_adds_the_gpio_panel_with_the_adafruit_hat_wiring() {
        let displays = parse(&["--hardware", "--display", "terminal"]).displays().unwrap();
        let names: Vec<_> = displays.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["terminal", "rpi?rows=32&cols=64&gpio-mapping=adafruit-hat"]);
    }
}
