//! Cluster mode against a Redis of the test's own: the panel lease follows a working render
//! loop, a former owner leaves the displays to the new one, a command on a current mirror reads
//! little, and the state mirror survives a half-open connection.

mod common;

use std::time::Duration;

use common::faulty::{panic_at_width, registry};
use common::redis_server::{Redis, Stall};
use common::{PATIENCE, StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::UdpSocket;

/// How long a test waits for something that needs the lease or the mirror to move.
const SLOW: Duration = Duration::from_secs(20);

/// An instance sharing `url`'s Redis with the built-in apps and `faulty`.
async fn member(dir: &StateDir, url: &str, extra: &[&str]) -> TestServer {
    let mut args = vec!["--redis-url", url, "--ignore-state", "--lease-ttl", "600ms"];
    args.extend_from_slice(extra);
    TestServer::spawn_with_apps(dir, &args, registry()).await
}

/// Whether `server` drives the panel, once its health says `owner`.
async fn owns_panel(server: &TestServer, owner: bool) -> bool {
    let (_, health) = server
        .health_until(SLOW, |_, health| health["panel_owner"] == owner)
        .await;
    health["panel_owner"] == owner
}

#[tokio::test]
async fn an_owner_whose_render_loop_died_hands_the_panel_to_another_instance() {
    let redis = Redis::start();
    // The faulty app panics on the first instance's 63-pixel panel only.
    panic_at_width(63, u32::MAX);
    let (first_dir, second_dir) = (StateDir::new(), StateDir::new());
    let first = member(&first_dir, &redis.url(), &["--width", "63"]).await;
    assert!(owns_panel(&first, true).await);
    let second = member(&second_dir, &redis.url(), &["--width", "64"]).await;
    assert!(owns_panel(&second, false).await);

    assert_eq!(
        first.post("/api/switch", json!({"app": "faulty"})).await.0,
        StatusCode::OK
    );
    assert!(owns_panel(&second, true).await, "the other instance takes the panel");
    assert!(owns_panel(&first, false).await);
    let (status, health) = second.get("/api/health").await;
    assert_eq!((status, &health["panel"]), (StatusCode::OK, &json!("ok")), "{health}");
    // Its render loop starts with the lease: give it a moment to draw its first frame.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let (_, _, pixels) = second.frame_png("?scale=1").await;
        if pixels.chunks(3).all(|pixel| pixel == [255, 0, 0]) {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "and draws the app");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    first.stop().await;
    second.stop().await;
}

/// Whether a UDP packet arrives within `time`.
async fn packet_within(receiver: &UdpSocket, time: Duration) -> bool {
    let mut buffer = [0u8; 2048];
    tokio::time::timeout(time, receiver.recv(&mut buffer)).await.is_ok()
}

#[tokio::test]
async fn a_former_owner_stops_sending_its_last_frame_to_the_displays() {
    let redis = Redis::start();
    let receiver = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let display = format!("ddp://{}", receiver.local_addr().unwrap());
    let dir = StateDir::new();
    let server = member(&dir, &redis.url(), &["--display", &display]).await;
    assert!(owns_panel(&server, true).await);
    server.post("/api/stop", json!({})).await;
    assert!(
        packet_within(&receiver, PATIENCE).await,
        "the owner refreshes the display"
    );

    // Another instance takes the lease.
    let _: () = redis::cmd("SET")
        .arg("retroboard:panel-lease")
        .arg("another-instance")
        .arg("PX")
        .arg(60_000)
        .query_async(&mut redis.connection().await)
        .await
        .unwrap();
    assert!(owns_panel(&server, false).await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut buffer = [0u8; 2048];
    while receiver.try_recv(&mut buffer).is_ok() {}
    assert!(
        !packet_within(&receiver, Duration::from_millis(2500)).await,
        "no frame is sent once the panel is another instance's"
    );
    server.stop().await;
}

/// Watches every command Redis runs, through `MONITOR` on a connection of its own.
struct Monitor {
    lines: tokio::io::Lines<tokio::io::BufReader<tokio::net::TcpStream>>,
}

impl Monitor {
    async fn start(redis: &Redis) -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", redis.port)).await.unwrap();
        stream.write_all(b"MONITOR\r\n").await.unwrap();
        let mut lines = tokio::io::BufReader::new(stream).lines();
        assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("+OK"));
        Self { lines }
    }

    /// The commands seen from now until `window` has passed.
    async fn during(&mut self, window: Duration) -> Vec<String> {
        let until = tokio::time::Instant::now() + window;
        let mut seen = Vec::new();
        while let Ok(Ok(Some(line))) = tokio::time::timeout_at(until, self.lines.next_line()).await {
            seen.push(line);
        }
        seen
    }
}

#[tokio::test]
async fn a_command_on_a_current_mirror_does_not_read_the_whole_state_again() {
    let redis = Redis::start();
    let dir = StateDir::new();
    let server = member(&dir, &redis.url(), &[]).await;
    assert_eq!(
        server.post("/api/settings", json!({"brightness": 10})).await.0,
        StatusCode::OK
    );
    let mut monitor = Monitor::start(&redis).await;
    for brightness in [20, 30, 40] {
        assert_eq!(
            server.post("/api/settings", json!({"brightness": brightness})).await.0,
            StatusCode::OK
        );
    }
    let seen = monitor.during(Duration::from_millis(500)).await;
    let commits = seen
        .iter()
        .filter(|line| line.contains("\"PUBLISH\" \"retroboard:state\""))
        .count();
    assert_eq!(commits, 3, "{seen:#?}");
    let whole_reads: Vec<_> = seen
        .iter()
        .filter(|line| line.contains("\"HMGET\" \"retroboard:state\"") && line.contains("\"state\""))
        .collect();
    assert!(whole_reads.is_empty(), "the state was read again: {whole_reads:#?}");
    server.stop().await;
}

#[tokio::test]
async fn the_state_mirror_follows_again_after_its_connection_went_half_open() {
    let redis = Redis::start();
    let stall = Stall::start(redis.port).await;
    let (stalled_dir, direct_dir) = (StateDir::new(), StateDir::new());
    let stalled = member(&stalled_dir, &stall.url(), &[]).await;
    let direct = member(&direct_dir, &redis.url(), &[]).await;
    assert_eq!(
        direct.post("/api/settings", json!({"brightness": 40})).await.0,
        StatusCode::OK
    );
    assert!(settings_reach(&stalled, 40).await, "the mirror follows");

    stall.stall();
    assert_eq!(
        direct.post("/api/settings", json!({"brightness": 17})).await.0,
        StatusCode::OK
    );
    assert!(
        settings_reach(&stalled, 17).await,
        "the change reaches the instance whose connections went silent"
    );
    stalled.stop().await;
    direct.stop().await;
}

/// Whether `server`'s brightness becomes `brightness` within [`SLOW`].
async fn settings_reach(server: &TestServer, brightness: u64) -> bool {
    let deadline = tokio::time::Instant::now() + SLOW;
    while tokio::time::Instant::now() < deadline {
        let (_, settings): (_, Value) = server.get("/api/settings").await;
        if settings["brightness"] == brightness {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}
