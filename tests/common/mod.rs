//! The one way tests start a server: the real application on 127.0.0.1, port 0,
//! with its own temporary state file, talked to over the network.

#![allow(dead_code)] // each test binary uses a different part of this helper

pub mod domain;
pub mod faulty;
pub mod mqtt;
pub mod redis_server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;
use futures_util::FutureExt;
use reqwest::StatusCode;
use retroboard::Application;
use retroboard::apps::Registry;
use retroboard::config::Config;
use retroboard::manager::views::VIEWS;
use rust_socketio::asynchronous::{Client, ClientBuilder};
use rust_socketio::{Event, Payload, TransportType};
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How long a test waits for something that should happen at once.
pub const PATIENCE: Duration = Duration::from_secs(5);

pub struct TestServer {
    pub base: String,
    pub state_file: PathBuf,
    shutdown: CancellationToken,
    running: JoinHandle<std::io::Result<()>>,
    http: reqwest::Client,
}

/// A temporary directory holding a state file path; keep it alive across restarts.
pub struct StateDir {
    dir: TempDir,
}

impl StateDir {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn state_file(&self) -> PathBuf {
        self.dir.path().join("state.json")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl TestServer {
    pub async fn spawn(dir: &StateDir) -> Self {
        Self::spawn_with(dir, &[]).await
    }

    pub async fn spawn_with(dir: &StateDir, extra_args: &[&str]) -> Self {
        Self::spawn_with_apps(dir, extra_args, Registry::builtin()).await
    }

    /// A server running the apps of `registry`: the built-in ones and any the test adds.
    pub async fn spawn_with_apps(dir: &StateDir, extra_args: &[&str], registry: Registry) -> Self {
        let state_file = dir.state_file();
        let mut args = vec!["retroboard", "--host", "127.0.0.1", "--port", "0", "--state-file"];
        let path = state_file.to_str().expect("utf-8 temp path").to_owned();
        args.push(&path);
        args.extend_from_slice(extra_args);
        let config = Config::try_parse_from(args).expect("valid test arguments");
        let app = Application::build_with_apps(config, registry)
            .await
            .expect("server builds");
        let base = format!("http://{}", app.local_addr());
        let shutdown = app.shutdown_token();
        let running = tokio::spawn(app.run());
        Self {
            base,
            state_file,
            shutdown,
            running,
            http: reqwest::Client::new(),
        }
    }

    /// Shuts the server down the way SIGTERM does and waits for it to finish.
    pub async fn stop(self) {
        self.shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(10), self.running)
            .await
            .expect("server stops in time")
            .expect("server task did not panic")
            .expect("server ran cleanly");
    }

    /// Waits for the server to stop by itself, and says how it ended.
    pub async fn ended(self, within: Duration) -> std::io::Result<()> {
        tokio::time::timeout(within, self.running)
            .await
            .expect("server stops by itself in time")
            .expect("server task did not panic")
    }

    /// Asks for `/api/health` until `wanted` holds for its reply, or `within` has passed;
    /// the last reply.
    pub async fn health_until(
        &self,
        within: Duration,
        wanted: impl Fn(StatusCode, &Value) -> bool,
    ) -> (StatusCode, Value) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let (status, body) = self.get("/api/health").await;
            if wanted(status, &body) || tokio::time::Instant::now() > deadline {
                return (status, body);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        reply(self.http.get(format!("{}{path}", self.base)).send().await).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        reply(self.http.post(format!("{}{path}", self.base)).json(&body).send().await).await
    }

    /// Posts `body` as is, with the given content type (or none).
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.post(format!("{}{path}", self.base)).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        reply(request.send().await).await
    }

    /// Puts `body` as is: an upload.
    pub async fn put_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> (StatusCode, Value) {
        reply(self.http.put(format!("{}{path}", self.base)).body(body).send().await).await
    }

    pub async fn request(&self, method: reqwest::Method, path: &str) -> (StatusCode, Value) {
        reply(self.http.request(method, format!("{}{path}", self.base)).send().await).await
    }

    /// Fetches `/api/frame.png` with `query` and decodes it to (width, height, RGB bytes).
    pub async fn frame_png(&self, query: &str) -> (u32, u32, Vec<u8>) {
        let response = self
            .http
            .get(format!("{}/api/frame.png{query}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "image/png");
        let bytes = response.bytes().await.unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).expect("PNG decodes");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        pixels.truncate(info.buffer_size());
        (info.width, info.height, pixels)
    }

    /// A Socket.IO client with default transports (polling, then upgrade).
    pub async fn connect(&self) -> SocketClient {
        SocketClient::connect(&self.base, TransportType::Any).await
    }

    pub async fn connect_websocket(&self) -> SocketClient {
        SocketClient::connect(&self.base, TransportType::Websocket).await
    }

    /// A Socket.IO client whose handshake carries `auth` (a token, the views it asks for).
    pub async fn connect_with_auth(&self, auth: Value) -> SocketClient {
        SocketClient::connect_with(&self.base, TransportType::Any, Some(auth)).await
    }
}

async fn reply(response: reqwest::Result<reqwest::Response>) -> (StatusCode, Value) {
    let response = response.expect("request reaches the server");
    let status = response.status();
    let text = response.text().await.expect("readable body");
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("reply is not JSON ({status}): {text:?}"));
    (status, body)
}

/// The server as a process of its own, as a service manager runs it: for what only a
/// process shows (its memory, its signals, its exit). Killed, by its PID, if still running
/// when dropped.
pub struct ServerProcess {
    child: std::process::Child,
    pub base: String,
    /// Everything it logged after it started listening.
    log: std::thread::JoinHandle<String>,
}

impl ServerProcess {
    pub fn spawn(dir: &StateDir, args: &[&str]) -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_retroboard"))
            .args(["--host", "127.0.0.1", "--port", "0", "--state-file"])
            .arg(dir.state_file())
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let mut log = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let base = loop {
            line.clear();
            assert!(
                log.read_line(&mut line).unwrap() > 0,
                "the server exited before listening"
            );
            if let Some((_, addr)) = line.trim().split_once("listening on ") {
                break addr.to_owned();
            }
        };
        let log = std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = std::io::Read::read_to_string(&mut log, &mut rest);
            rest
        });
        Self { child, base, log }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Its resident memory, in KiB.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc/PID/status")
    }

    /// Sends it `signal` (as `kill -SIGNAL PID` would).
    pub fn signal(&self, signal: rustix::process::Signal) {
        let pid = rustix::process::Pid::from_raw(self.pid() as i32).expect("a live PID");
        rustix::process::kill_process(pid, signal).expect("the signal is delivered");
    }

    /// Waits up to `within` for it to exit; its status and log, or `None` if it still runs.
    pub fn wait(mut self, within: Duration) -> Option<(std::process::ExitStatus, String)> {
        let deadline = std::time::Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let log = std::mem::replace(&mut self.log, std::thread::spawn(String::new));
                return Some((status, log.join().unwrap()));
            }
            if std::time::Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Socket.IO client that queues every event it receives.
pub struct SocketClient {
    client: Client,
    events: mpsc::UnboundedReceiver<(String, Value)>,
}

impl SocketClient {
    async fn connect(base: &str, transport: TransportType) -> Self {
        Self::connect_with(base, transport, None).await
    }

    async fn connect_with(base: &str, transport: TransportType, auth: Option<Value>) -> Self {
        let (sender, events) = mpsc::unbounded_channel();
        let mut builder = ClientBuilder::new(base);
        if let Some(auth) = auth {
            builder = builder.auth(auth);
        }
        let client = builder
            .transport_type(transport)
            .reconnect(false)
            .on_any(move |event, payload, _| {
                if let (Event::Custom(name), Payload::Text(mut args)) = (event, payload) {
                    let first = if args.is_empty() {
                        Value::Null
                    } else {
                        args.swap_remove(0)
                    };
                    let _ = sender.send((name, first));
                }
                async {}.boxed()
            })
            .connect()
            .await
            .expect("socket connects");
        Self { client, events }
    }

    pub async fn next_event(&mut self) -> (String, Value) {
        tokio::time::timeout(PATIENCE, self.events.recv())
            .await
            .expect("an event arrives in time")
            .expect("client still running")
    }

    /// The next event, which must be `name`.
    pub async fn expect(&mut self, name: &str) -> Value {
        let (event, payload) = self.next_event().await;
        assert_eq!(event, name, "unexpected event with payload {payload}");
        payload
    }

    /// The events every (re)synchronisation sends, in the order of the
    /// server's list of views: apps_list, current_app, settings, carousel_config.
    pub async fn expect_state(&mut self) -> [Value; 4] {
        let mut payloads = Vec::new();
        for view in VIEWS.iter().filter(|view| view.sent.on_connect(view.event, &[])) {
            payloads.push(self.expect(view.event).await);
        }
        payloads.try_into().expect("four state views")
    }

    pub async fn assert_quiet_for(&mut self, time: Duration) {
        if let Ok(Some((event, payload))) = tokio::time::timeout(time, self.events.recv()).await {
            panic!("expected no event, got {event}: {payload}");
        }
    }

    pub async fn emit(&self, event: &str) {
        self.client.emit(event, Payload::Text(vec![])).await.expect("emit");
    }

    pub async fn emit_with(&self, event: &str, data: Value) {
        self.client.emit(event, Payload::Text(vec![data])).await.expect("emit");
    }

    pub async fn disconnect(self) {
        let _ = self.client.disconnect().await;
    }
}
