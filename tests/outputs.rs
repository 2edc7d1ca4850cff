//! Outputs seen from outside: DDP and E1.31 receivers on loopback and a command
//! reading frames get the panel's frames, and failing outputs hold up nothing.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use common::{StateDir, TestServer};
use serde_json::{Value, json};
use tokio::net::UdpSocket;

/// Receives DDP packets until a frame is complete (its pushed packet), and rebuilds it.
async fn next_frame(receiver: &UdpSocket, size: usize) -> Vec<u8> {
    let mut frame = vec![0u8; size];
    let mut buffer = [0u8; 2048];
    loop {
        let length = tokio::time::timeout(common::PATIENCE, receiver.recv(&mut buffer))
            .await
            .expect("a DDP packet in time")
            .unwrap();
        let packet = &buffer[..length];
        let offset = u32::from_be_bytes(packet[4..8].try_into().unwrap()) as usize;
        let data = &packet[10..];
        frame[offset..offset + data.len()].copy_from_slice(data);
        if packet[0] & 0x01 == 0x01 {
            return frame;
        }
    }
}

#[tokio::test]
async fn a_ddp_receiver_gets_the_panel_and_a_refresh_every_second() {
    let receiver = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let display = format!("ddp://{}", receiver.local_addr().unwrap());
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--display", &display, "--app", "clock"]).await;

    // The clock changes once a second, so compare until a frame and the PNG agree.
    let mut matched = false;
    for _ in 0..5 {
        let received = next_frame(&receiver, 64 * 32 * 3).await;
        let (_, _, png) = server.frame_png("?scale=1").await;
        if received == png {
            matched = true;
            break;
        }
    }
    assert!(matched, "the DDP frame equals /api/frame.png pixel for pixel");

    // A still picture is sent again every second.
    server.post("/api/stop", json!({})).await;
    let blank = vec![0u8; 64 * 32 * 3];
    while next_frame(&receiver, blank.len()).await != blank {}
    let started = tokio::time::Instant::now();
    let mut refreshes = 0;
    while started.elapsed() < Duration::from_millis(2500) {
        assert_eq!(next_frame(&receiver, blank.len()).await, blank);
        refreshes += 1;
    }
    assert!((2..=4).contains(&refreshes), "{refreshes} refreshes in 2.5 s");

    let (_, displays) = server.get("/api/displays").await;
    let status = &displays["displays"][0];
    assert_eq!(
        (status["name"].as_str(), status["status"].as_str()),
        (Some(display.as_str()), Some("ok"))
    );
    assert!(status["frames_sent"].as_u64().unwrap() >= 3);
    server.stop().await;
}

/// An E1.31 receiver on loopback: rebuilds whole frames from their universes
/// and checks that each universe's sequence numbers run on by one.
struct E131Receiver {
    socket: UdpSocket,
    first: u16,
    sequences: HashMap<u16, u8>,
}

impl E131Receiver {
    /// The next frame of `size` bytes all of whose universes arrived.
    async fn next_frame(&mut self, size: usize) -> Vec<u8> {
        let universes = (size / 3).div_ceil(170);
        let mut frame = vec![0u8; size];
        let mut received = 0;
        let mut buffer = [0u8; 1024];
        loop {
            let length = tokio::time::timeout(common::PATIENCE, self.socket.recv(&mut buffer))
                .await
                .expect("an E1.31 packet in time")
                .unwrap();
            let packet = &buffer[..length];
            let universe = u16::from_be_bytes([packet[113], packet[114]]);
            let sequence = packet[111];
            if let Some(last) = self.sequences.insert(universe, sequence) {
                assert_eq!(sequence, last.wrapping_add(1), "universe {universe}");
            }
            let offset = usize::from(universe - self.first) * 510;
            let channels = &packet[126..];
            frame[offset..offset + channels.len()].copy_from_slice(channels);
            received += 1;
            if usize::from(universe - self.first) == universes - 1 {
                if received == universes {
                    return frame;
                }
                received = 0;
            }
        }
    }
}

#[tokio::test]
async fn an_e131_receiver_gets_the_panel_from_its_universe_and_a_refresh_every_second() {
    let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let display = format!("e131://{}?universe=3", socket.local_addr().unwrap());
    let mut receiver = E131Receiver {
        socket,
        first: 3,
        sequences: HashMap::new(),
    };
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--display", &display, "--app", "clock"]).await;

    // The clock changes once a second, so compare until a frame and the PNG agree.
    let mut matched = false;
    for _ in 0..5 {
        let received = receiver.next_frame(64 * 32 * 3).await;
        let (_, _, png) = server.frame_png("?scale=1").await;
        if received == png {
            matched = true;
            break;
        }
    }
    assert!(matched, "the E1.31 frame equals /api/frame.png pixel for pixel");
    assert_eq!(
        receiver.sequences.keys().min().zip(receiver.sequences.keys().max()),
        Some((&3, &15)),
        "13 universes from the third"
    );

    // A still picture is sent again every second.
    server.post("/api/stop", json!({})).await;
    let blank = vec![0u8; 64 * 32 * 3];
    while receiver.next_frame(blank.len()).await != blank {}
    let started = tokio::time::Instant::now();
    let mut refreshes = 0;
    while started.elapsed() < Duration::from_millis(3500) {
        assert_eq!(receiver.next_frame(blank.len()).await, blank);
        refreshes += 1;
    }
    assert!((2..=5).contains(&refreshes), "{refreshes} refreshes in 3.5 s");

    let (_, displays) = server.get("/api/displays").await;
    let status = &displays["displays"][0];
    assert_eq!(
        (status["name"].as_str(), status["status"].as_str()),
        (Some(display.as_str()), Some("ok"))
    );
    server.stop().await;
}

/// Reads 64x32 frames from its standard input and writes a line per frame,
/// the time it came, to the file named first; its process id goes to the second.
const RECORDER: &str = r#"
import os, sys, time
open(sys.argv[2], "w").write(str(os.getpid()))
size = 64 * 32 * 3
with open(sys.argv[1], "w") as out:
    while len(sys.stdin.buffer.read(size)) == size:
        out.write(f"{time.monotonic()}\n")
        out.flush()
"#;

/// A loopback port nothing listens on: sends to it are refused.
fn closed_port() -> u16 {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().port()
}

fn lines(file: &Path) -> usize {
    std::fs::read_to_string(file).unwrap_or_default().lines().count()
}

/// Whether the process is gone: reaped, or killed and left for a reaper that is not this one.
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat.rsplit_once(") ").is_some_and(|(_, state)| state.starts_with('Z')),
    }
}

#[tokio::test]
async fn failing_outputs_hold_up_neither_the_render_loop_nor_the_other_outputs() {
    let dir = StateDir::new();
    let (script, frames, pid) = (
        dir.path().join("recorder.py"),
        dir.path().join("frames"),
        dir.path().join("pid"),
    );
    std::fs::write(&script, RECORDER).unwrap();
    let recorder = format!(
        "pipe:python3 {} {} {}",
        script.display(),
        frames.display(),
        pid.display()
    );
    let ddp = format!("ddp://127.0.0.1:{}", closed_port());
    let e131 = format!("e131://127.0.0.1:{}", closed_port());
    let exits = "pipe:exit 3";
    // scroll_text moves a pixel a frame at 30 frames a second, so every frame is new.
    let server = TestServer::spawn_with(
        &dir,
        &[
            "--app",
            "scroll_text",
            "--display",
            &recorder,
            "--display",
            exits,
            "--display",
            &ddp,
            "--display",
            &e131,
        ],
    )
    .await;

    // The three failing outputs show as failing, with why, while the recorder is fine.
    let deadline = tokio::time::Instant::now() + common::PATIENCE * 2;
    let statuses = loop {
        let (_, displays) = server.get("/api/displays").await;
        let statuses: HashMap<String, Value> = displays["displays"]
            .as_array()
            .unwrap()
            .iter()
            .map(|status| (status["name"].as_str().unwrap().to_owned(), status.clone()))
            .collect();
        let failing = [exits, &ddp, &e131]
            .iter()
            .all(|name| statuses[*name]["status"] == "failing");
        if (failing && statuses[&recorder]["status"] == "ok") || tokio::time::Instant::now() > deadline {
            break statuses;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(statuses[&recorder]["status"], "ok", "{statuses:?}");
    assert_eq!(
        statuses[exits]["last_error"], "the command exited (exit status: 3)",
        "{statuses:?}"
    );
    for name in [exits, &ddp, &e131] {
        assert_eq!(statuses[name]["status"], "failing", "{name}: {statuses:?}");
        assert!(statuses[name]["failing_since"].is_u64(), "{name}: {statuses:?}");
    }
    for name in [&ddp, &e131] {
        assert!(
            statuses[name]["last_error"]
                .as_str()
                .is_some_and(|error| error.contains("refused")),
            "{name}: {statuses:?}"
        );
    }

    // Meanwhile the recorder gets the frames at the panel's pace: at least 60% of 30 a second.
    let deadline = tokio::time::Instant::now() + common::PATIENCE;
    while lines(&frames) < 5 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (before, started) = (lines(&frames), tokio::time::Instant::now());
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (received, seconds) = (lines(&frames) - before, started.elapsed().as_secs_f64());
    assert!(
        received as f64 >= 0.6 * 30.0 * seconds,
        "{received} frames in {seconds:.1} s"
    );

    // Stopping the server ends the recorder.
    let pid = std::fs::read_to_string(&pid).unwrap();
    server.stop().await;
    let deadline = tokio::time::Instant::now() + common::PATIENCE;
    while !gone(&pid) && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(gone(&pid), "the recorder ({pid}) still runs");
}
