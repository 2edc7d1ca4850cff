//! Cluster mode against a Redis of the test's own: the panel lease follows a working render
//! loop, a former owner leaves the displays to the new one, a command on a current mirror reads
//! little, the state mirror survives a half-open connection, and every instance has the
//! same icons and pictures, within one capacity for them all.

mod common;

use std::time::Duration;

use common::faulty::{panic_at_width, registry};
use common::redis_server::{Redis, Stall};
use common::{PATIENCE, StateDir, TestServer};
use reqwest::{Method, StatusCode};
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

    /// Reads commands until one satisfies `wanted`; false if none did within `limit`.
    async fn until(&mut self, limit: Duration, wanted: impl Fn(&str) -> bool) -> bool {
        let until = tokio::time::Instant::now() + limit;
        while let Ok(Ok(Some(line))) = tokio::time::timeout_at(until, self.lines.next_line()).await {
            if wanted(&line) {
                return true;
            }
        }
        false
    }
}

fn is_whole_state_read(line: &str) -> bool {
    line.contains("\"HMGET\" \"retroboard:state\"") && line.contains("\"state\"")
}

#[tokio::test]
async fn a_command_on_a_current_mirror_does_not_read_the_whole_state_again() {
    let redis = Redis::start();
    let dir = StateDir::new();
    let mut startup = Monitor::start(&redis).await;
    let server = member(&dir, &redis.url(), &[]).await;
    // The mirror is current once it has subscribed and then read the whole state, which it
    // may do after the server already answers.
    assert!(startup.until(PATIENCE, |line| line.contains("\"SUBSCRIBE\"")).await);
    assert!(startup.until(PATIENCE, is_whole_state_read).await);
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
    let whole_reads: Vec<_> = seen.iter().filter(|line| is_whole_state_read(line)).collect();
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

/// A still PNG of `side` x `side`, one colour.
fn png(side: u32, color: [u8; 3]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let [r, g, b] = color;
    image::RgbaImage::from_pixel(side, side, image::Rgba([r, g, b, 255]))
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

/// How many of the panel's pixels, as `server` shows it, are `color`, once `wanted` holds
/// for that number (or [`SLOW`] has passed).
async fn pixels_of(server: &TestServer, color: [u8; 3], wanted: impl Fn(usize) -> bool) -> usize {
    let deadline = tokio::time::Instant::now() + SLOW;
    loop {
        let (_, _, pixels) = server.frame_png("?scale=1").await;
        let count = pixels.chunks(3).filter(|pixel| *pixel == color).count();
        if wanted(count) || tokio::time::Instant::now() > deadline {
            return count;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The names `server` lists at `path` (`/api/icons` or `/api/images`) under `key`, of
/// uploads only, once `wanted` holds for them (or [`SLOW`] has passed).
async fn uploads_listed(server: &TestServer, path: &str, key: &str, wanted: impl Fn(&[String]) -> bool) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + SLOW;
    loop {
        let (_, listed) = server.get(path).await;
        let names: Vec<String> = listed[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|info| info["builtin"] == false)
            .map(|info| info["name"].as_str().unwrap().to_owned())
            .collect();
        if wanted(&names) || tokio::time::Instant::now() > deadline {
            return names;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The file `server` serves at `path`, as bytes.
async fn file(server: &TestServer, path: &str) -> (StatusCode, Vec<u8>) {
    let reply = reqwest::get(format!("{}{path}", server.base)).await.unwrap();
    (reply.status(), reply.bytes().await.unwrap().to_vec())
}

const TEAL: [u8; 3] = [0, 180, 170];

#[tokio::test]
async fn an_icon_uploaded_through_one_instance_is_drawn_for_a_notification_posted_through_another() {
    let redis = Redis::start();
    let (a_dir, b_dir) = (StateDir::new(), StateDir::new());
    let a = member(&a_dir, &redis.url(), &[]).await;
    let b = member(&b_dir, &redis.url(), &[]).await;

    let (status, reply) = a.put_raw("/api/icons/teal", png(8, TEAL)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    // Posted at once, before B may have heard of the upload.
    let (status, reply) = b.post("/api/notify", json!({"icon": "teal", "hold": true})).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    // Whichever instance drives the panel draws it; both show the same frame.
    assert_eq!(
        pixels_of(&b, TEAL, |count| count == 64).await,
        64,
        "the 8 x 8 icon is drawn"
    );
    assert_eq!(pixels_of(&a, TEAL, |count| count == 64).await, 64);
    assert_eq!(file(&b, "/api/icons/teal").await, (StatusCode::OK, png(8, TEAL)));

    assert_eq!(b.request(Method::DELETE, "/api/icons/teal").await.0, StatusCode::OK);
    assert!(
        uploads_listed(&a, "/api/icons", "icons", <[String]>::is_empty)
            .await
            .is_empty()
    );
    assert_eq!(
        a.post("/api/notify", json!({"icon": "teal"})).await,
        (StatusCode::BAD_REQUEST, json!({"error": "unknown icon 'teal'"}))
    );
    a.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn a_picture_uploaded_through_one_instance_is_shown_when_another_switches_to_it() {
    let redis = Redis::start();
    let (a_dir, b_dir) = (StateDir::new(), StateDir::new());
    let a = member(&a_dir, &redis.url(), &[]).await;
    let b = member(&b_dir, &redis.url(), &[]).await;

    assert_eq!(a.put_raw("/api/images/sea", png(16, TEAL)).await.0, StatusCode::OK);
    let switch = json!({"app": "image", "config": {"image": "sea", "fit": "stretch"}});
    let (status, reply) = b.post("/api/switch", switch.clone()).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let (width, height, _) = a.frame_png("?scale=1").await;
    let panel = (width * height) as usize;
    assert_eq!(
        pixels_of(&b, TEAL, |count| count == panel).await,
        panel,
        "stretched over the panel"
    );

    assert_eq!(b.request(Method::DELETE, "/api/images/sea").await.0, StatusCode::OK);
    assert!(
        uploads_listed(&a, "/api/images", "images", <[String]>::is_empty)
            .await
            .is_empty()
    );
    assert_eq!(
        a.post("/api/switch", switch).await,
        (StatusCode::BAD_REQUEST, json!({"error": "unknown picture 'sea'"}))
    );
    assert_eq!(pixels_of(&a, TEAL, |count| count == 0).await, 0, "the picture is gone");
    a.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn the_capacity_holds_cluster_wide_and_a_refused_upload_changes_nothing_anywhere() {
    let redis = Redis::start();
    let (a_dir, b_dir, c_dir) = (StateDir::new(), StateDir::new(), StateDir::new());
    let one_each = ["--max-icons", "1", "--max-pictures", "1"];
    let a = member(&a_dir, &redis.url(), &one_each).await;
    let b = member(&b_dir, &redis.url(), &one_each).await;
    assert_eq!(a.put_raw("/api/icons/kept", png(8, TEAL)).await.0, StatusCode::OK);
    assert_eq!(a.put_raw("/api/images/kept", png(8, TEAL)).await.0, StatusCode::OK);

    let (status, refused) = b.put_raw("/api/icons/other", png(8, [1, 2, 3])).await;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE, "{refused}");
    assert!(refused["error"].as_str().unwrap().contains("--max-icons"), "{refused}");
    assert_eq!(
        b.put_raw("/api/images/other", png(8, [1, 2, 3])).await.0,
        StatusCode::INSUFFICIENT_STORAGE
    );
    let broken = png(8, [9, 9, 9]);
    let (status, refused) = b.put_raw("/api/icons/kept", broken[..broken.len() / 2].to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(
        b.put_raw("/api/icons/kept", png(33, TEAL)).await.0,
        StatusCode::BAD_REQUEST
    );

    // An instance started now sees what was stored before, and only that.
    let c = member(&c_dir, &redis.url(), &one_each).await;
    for server in [&a, &b, &c] {
        let kept = |names: &[String]| names == ["kept"];
        assert_eq!(uploads_listed(server, "/api/icons", "icons", kept).await, ["kept"]);
        assert_eq!(uploads_listed(server, "/api/images", "images", kept).await, ["kept"]);
        assert_eq!(file(server, "/api/icons/kept").await, (StatusCode::OK, png(8, TEAL)));
        assert_eq!(file(server, "/api/images/other").await.0, StatusCode::NOT_FOUND);
    }
    for server in [a, b, c] {
        server.stop().await;
    }
    for dir in [&a_dir, &b_dir, &c_dir] {
        let data = std::fs::read_dir(dir.path().join("retroboard-data")).unwrap();
        let left: Vec<_> = data.map(|entry| entry.unwrap().file_name()).collect();
        assert!(left.is_empty(), "the copies go when the instance stops: {left:?}");
    }
}
