//! One client must not take the board down: oversized messages, unused handshakes.

mod common;

use std::time::Duration;

use common::{StateDir, TestServer};
use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

type WebSocket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A raw Engine.IO WebSocket that has joined the `/` namespace.
async fn joined_websocket(server: &TestServer) -> WebSocket {
    let url = format!(
        "{}/socket.io/?EIO=4&transport=websocket",
        server.base.replace("http", "ws")
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.expect("websocket opens");
    let open = next_text(&mut socket).await;
    assert!(open.starts_with('0'), "{open}");
    socket.send(Message::text("40")).await.unwrap();
    loop {
        if next_text(&mut socket).await.starts_with("40") {
            return socket;
        }
    }
}

async fn next_text(socket: &mut WebSocket) -> String {
    loop {
        let message = tokio::time::timeout(common::PATIENCE, socket.next())
            .await
            .expect("a message in time")
            .expect("socket open")
            .expect("readable");
        if let Message::Text(text) = message {
            return text.to_string();
        }
    }
}

#[tokio::test]
async fn a_websocket_message_over_max_payload_closes_that_connection_only() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--max-payload", "2000"]).await;
    let mut bystander = server.connect_websocket().await;
    bystander.expect_state().await;

    let mut socket = joined_websocket(&server).await;
    let oversized = format!("42[\"request_state\",\"{}\"]", "x".repeat(10_000));
    socket.send(Message::text(oversized)).await.unwrap();
    let closed = tokio::time::timeout(common::PATIENCE, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(frame))) => return frame.map(|frame| frame.code),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return None,
            }
        }
    })
    .await
    .expect("the server ends the connection");
    if let Some(code) = closed {
        assert_eq!(code, CloseCode::Size, "closed as too big");
    }

    // Everyone else carries on, and a message within the limit is fine.
    server.post("/api/settings", json!({"brightness": 33})).await;
    assert_eq!(bystander.expect("settings").await, json!({"brightness": 33}));
    let mut socket = joined_websocket(&server).await;
    socket.send(Message::text("42[\"request_state\"]")).await.unwrap();
    assert!(next_text(&mut socket).await.starts_with("42[\"apps_list\""));
    server.stop().await;
}

#[tokio::test]
async fn an_engine_io_session_that_never_joins_expires_after_the_connect_timeout() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--connect-timeout", "300ms"]).await;
    let http = reqwest::Client::new();
    let handshake = http
        .get(format!("{}/socket.io/?EIO=4&transport=polling", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let open: serde_json::Value = serde_json::from_str(handshake.trim_start_matches('0')).unwrap();
    let sid = open["sid"].as_str().unwrap().to_owned();

    tokio::time::sleep(Duration::from_millis(1200)).await;
    let poll = http
        .get(format!("{}/socket.io/?EIO=4&transport=polling&sid={sid}", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(poll.status(), StatusCode::BAD_REQUEST, "the unused session is gone");
    server.stop().await;
}

#[tokio::test]
async fn with_listed_origins_other_pages_can_neither_command_nor_connect() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--cors-origin", "http://good.example"]).await;
    let http = reqwest::Client::new();
    let stop = |origin: &'static str| {
        http.post(format!("{}/api/stop", server.base))
            .header("origin", origin)
            .header("content-type", "text/plain")
            .send()
    };

    let refused = stop("http://evil.example").await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body, json!({"error": "Origin http://evil.example is not allowed"}));
    assert_eq!(server.get("/api/current").await.1["app"], "clock", "nothing stopped");

    let url = format!(
        "{}/socket.io/?EIO=4&transport=websocket",
        server.base.replace("http", "ws")
    );
    let with_origin = |origin: &str| {
        let mut request =
            tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url.as_str()).unwrap();
        request.headers_mut().insert("origin", origin.parse().unwrap());
        request
    };
    let evil = tokio_tungstenite::connect_async(with_origin("http://evil.example")).await;
    assert!(evil.is_err(), "the foreign page's WebSocket is refused");
    let good = tokio_tungstenite::connect_async(with_origin("http://good.example")).await;
    assert!(good.is_ok(), "a listed origin connects");

    assert_eq!(stop("http://good.example").await.unwrap().status(), StatusCode::OK);
    assert_eq!(server.get("/api/current").await.1["app"], serde_json::Value::Null);
    server.stop().await;
}

/// Opens an Engine.IO session by polling; the reply's status and body.
async fn handshake(http: &reqwest::Client, server: &TestServer) -> (StatusCode, String) {
    let reply = http
        .get(format!("{}/socket.io/?EIO=4&transport=polling", server.base))
        .send()
        .await
        .unwrap();
    (reply.status(), reply.text().await.unwrap())
}

#[tokio::test]
async fn one_address_opening_sessions_in_a_loop_is_slowed_down() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--handshake-rate", "2"]).await;
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(handshake(&http, &server).await);
    }
    let admitted = statuses.iter().filter(|(status, _)| *status == StatusCode::OK).count();
    assert!(
        (4..=5).contains(&admitted),
        "a burst of twice the rate, then refusals: {statuses:?}"
    );
    let (status, body) = statuses.last().unwrap();
    assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(body).unwrap(),
        json!({"error": "Too many connection attempts from this address; try again shortly"})
    );
    // The REST API is not affected.
    assert_eq!(server.get("/api/health").await.0, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn one_address_holds_at_most_max_sessions_per_ip() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--max-sessions-per-ip", "2", "--handshake-rate", "0"]).await;
    let mut first = server.connect().await;
    first.expect_state().await;
    let mut second = server.connect_websocket().await;
    second.expect_state().await;
    let http = reqwest::Client::new();
    assert_eq!(handshake(&http, &server).await.0, StatusCode::TOO_MANY_REQUESTS);

    first.disconnect().await;
    let mut admitted = false;
    for _ in 0..50 {
        if handshake(&http, &server).await.0 == StatusCode::OK {
            admitted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(admitted, "a session that left frees its place");
    server.stop().await;
}

#[tokio::test]
async fn a_socket_flooding_request_state_gets_a_bounded_answer() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let mut client = server.connect_websocket().await;
    client.expect_state().await;
    for _ in 0..200 {
        client.emit("request_state").await;
    }
    let mut answered = 0;
    while let Ok((event, _)) = tokio::time::timeout(Duration::from_millis(500), client.next_event()).await {
        if event == "apps_list" {
            answered += 1;
        }
    }
    assert!(
        (10..=13).contains(&answered),
        "the burst is answered, the flood is not: {answered}"
    );
    // Still served once the flood is over.
    tokio::time::sleep(Duration::from_millis(600)).await;
    client.emit("request_state").await;
    client.expect_state().await;
    server.stop().await;
}

/// Reads until the server closes the connection; how long that took, or `None` if it stayed open.
async fn time_until_closed(stream: &mut tokio::net::TcpStream, limit: Duration) -> Option<Duration> {
    use tokio::io::AsyncReadExt;
    let started = tokio::time::Instant::now();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout_at(started + limit, stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => continue,
            Err(_) => return None,
        }
    }
}

fn address(server: &TestServer) -> std::net::SocketAddr {
    server.base.trim_start_matches("http://").parse().unwrap()
}

#[tokio::test]
async fn silent_and_slow_header_connections_are_closed_but_long_polls_are_not() {
    use tokio::io::AsyncWriteExt;
    let dir = StateDir::new();
    let args = ["--header-read-timeout", "500ms", "--ping-interval", "2s"];
    let server = TestServer::spawn_with(&dir, &args).await;
    let addr = address(&server);

    let mut silent = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let long_poll = async {
        let http = reqwest::Client::new();
        let (_, open) = handshake(&http, &server).await;
        let open: serde_json::Value = serde_json::from_str(open.trim_start_matches('0')).unwrap();
        let sid = open["sid"].as_str().unwrap().to_owned();
        let url = format!("{}/socket.io/?EIO=4&transport=polling&sid={sid}", server.base);
        // The first poll gets the server's immediate ping; once it is answered and
        // the session joined, the next poll is held until the next ping.
        http.get(&url).send().await.unwrap().text().await.unwrap();
        http.post(&url).body("3\u{1e}40").send().await.unwrap();
        let joined = http.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(joined.starts_with("40"), "{joined}");
        let started = tokio::time::Instant::now();
        let held = http.get(&url).send().await.unwrap();
        (held.status(), held.text().await.unwrap(), started.elapsed())
    };
    let (silent_closed, slow_closed, (status, body, held_for)) = tokio::join!(
        time_until_closed(&mut silent, Duration::from_secs(3)),
        time_until_closed(&mut slow, Duration::from_secs(3)),
        long_poll
    );
    assert!(
        silent_closed.is_some_and(|after| after < Duration::from_secs(2)),
        "{silent_closed:?}"
    );
    assert!(
        slow_closed.is_some_and(|after| after < Duration::from_secs(2)),
        "{slow_closed:?}"
    );
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "2"),
        "the held poll got its ping after {held_for:?}"
    );
    assert!(
        held_for > Duration::from_secs(1),
        "held {held_for:?}, past the header timeout"
    );
    server.stop().await;
}

#[tokio::test]
async fn one_address_holds_at_most_max_connections_per_ip() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--max-connections-per-ip", "3"]).await;
    let addr = address(&server);
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut fourth = tokio::net::TcpStream::connect(addr).await.unwrap();
    let closed = time_until_closed(&mut fourth, Duration::from_secs(2)).await;
    assert!(closed.is_some(), "the fourth connection is closed at once");

    // Another address is served meanwhile.
    let other = reqwest::Client::builder()
        .local_address(Some("127.0.0.2".parse().unwrap()))
        .build()
        .unwrap();
    let reply = other.get(format!("{}/api/health", server.base)).send().await.unwrap();
    assert_eq!(reply.status(), StatusCode::OK);

    // Once one of the three goes, the address may connect again.
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.get("/api/health").await.0, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn out_of_file_descriptors_the_server_answers_503_logs_once_and_recovers() {
    use std::io::{BufRead, BufReader};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let dir = StateDir::new();
    let command = format!(
        "ulimit -n 48 && exec {} --host 127.0.0.1 --port 0 --state-file {} --max-connections-per-ip 0",
        env!("CARGO_BIN_EXE_retroboard"),
        dir.state_file().display()
    );
    let mut child = Stopped(
        std::process::Command::new("sh")
            .args(["-c", &command])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut log = BufReader::new(child.0.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(log.read_line(&mut line).unwrap() > 0, "server exited before listening");
        if let Some((_, addr)) = line.trim().split_once("listening on http://") {
            break addr.parse::<std::net::SocketAddr>().unwrap();
        }
    };
    let rest_of_log = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut log, &mut rest);
        rest
    });

    // Hold more connections than the server has descriptors for.
    let mut held = Vec::new();
    for _ in 0..80 {
        held.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    let mut extra = tokio::net::TcpStream::connect(addr).await.unwrap();
    extra
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut reply = String::new();
    tokio::time::timeout(common::PATIENCE, extra.read_to_string(&mut reply))
        .await
        .expect("an answer in time")
        .unwrap();
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    assert!(
        reply.ends_with(r#"{"error":"Server is out of connections; try again later"}"#),
        "{reply}"
    );

    drop(held);
    let http = reqwest::Client::new();
    let mut healthy = false;
    for _ in 0..50 {
        let reply = http.get(format!("http://{addr}/api/health")).send().await;
        if reply.is_ok_and(|reply| reply.status() == StatusCode::OK) {
            healthy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(healthy, "served again once connections closed");
    // Stop the server by its PID with SIGTERM, as in production.
    std::process::Command::new("kill")
        .arg(child.0.id().to_string())
        .status()
        .unwrap();
    assert!(child.0.wait().unwrap().success());
    let rest = rest_of_log.join().unwrap();
    let complaints = rest.matches("out of file descriptors").count();
    assert!(
        (1..=2).contains(&complaints),
        "logged once per period, not per connection: {rest}"
    );
}

/// A server process of this test's own, killed if the test ends early.
struct Stopped(std::process::Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_request_body_that_trickles_in_is_answered_408_and_its_connection_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--body-read-timeout", "1s"]).await;
    let slow = tokio::net::TcpStream::connect(address(&server)).await.unwrap();
    let (mut reader, mut writer) = slow.into_split();
    writer
        .write_all(
            b"POST /api/notify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{",
        )
        .await
        .unwrap();
    // One byte every 200 ms: the whole body would take 12 s.
    let trickle = async move {
        for _ in 0..59 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if writer.write_all(b" ").await.is_err() {
                return;
            }
        }
    };
    let answer = async {
        let mut reply = Vec::new();
        let _ = tokio::time::timeout(common::PATIENCE, reader.read_to_end(&mut reply)).await;
        reply
    };
    let (_, reply) = tokio::join!(trickle, answer);
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply:?}");
    assert!(reply.contains(r#"{"error":"#), "{reply}");
    assert_eq!(
        server.get("/api/notify").await.1["active"],
        serde_json::Value::Null,
        "nothing was shown"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_second_interrupt_stops_the_server_at_once() {
    use rustix::process::Signal;
    use tokio::io::AsyncWriteExt;
    let dir = StateDir::new();
    let server = common::ServerProcess::spawn(&dir, &[]);
    // A request whose body is still coming makes the graceful stop wait out its drain time.
    let addr: std::net::SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(
        b"POST /api/notify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    )
    .await
    .unwrap();
    let trickle = tokio::spawn(async move {
        for _ in 0..99 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if slow.write_all(b" ").await.is_err() {
                return;
            }
        }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;

    server.signal(Signal::INT);
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.signal(Signal::INT);
    let (status, log) = tokio::task::spawn_blocking(move || server.wait(common::PATIENCE))
        .await
        .unwrap()
        .expect("the server stopped");
    assert_eq!(status.code(), Some(130), "forced, not graceful: {log}");
    assert!(log.contains("exiting at once"), "{log}");
    trickle.abort();
}
