//! Smoke test of `retroboard-pacing`: frames sent at a steady 20 ms come back as 20 ms intervals,
//! and one held back shows up as late.

use std::io::{BufRead, BufReader, Write};
use std::net::UdpSocket;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A 2-pixel DDP frame with one lit pixel, alternating sides so every frame is a timed step.
fn frame(index: usize) -> Vec<u8> {
    let mut packet = vec![0x41, 1, 0x0B, 1, 0, 0, 0, 0, 0, 6];
    let mut pixels = [0u8; 6];
    pixels[(index % 2) * 3] = 255;
    packet.extend_from_slice(&pixels);
    packet
}

#[test]
fn reports_the_intervals_it_received_and_the_late_frame() {
    let mut receiver = Command::new(env!("CARGO_BIN_EXE_retroboard-pacing"))
        .args(["--fps", "50"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut commands = receiver.stdin.take().unwrap();
    let mut replies = BufReader::new(receiver.stdout.take().unwrap()).lines();
    let bound: serde_json::Value = serde_json::from_str(&replies.next().unwrap().unwrap()).unwrap();
    let port = bound["port"].as_u64().unwrap() as u16;

    let sender = UdpSocket::bind("127.0.0.1:0").unwrap();
    sender.connect(("127.0.0.1", port)).unwrap();
    writeln!(commands, "start").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    for index in 0..20 {
        // Frame 10 comes 40 ms after frame 9 instead of 20.
        let due = Duration::from_millis(20 * index as u64 + if index >= 10 { 20 } else { 0 });
        std::thread::sleep(due.saturating_sub(start.elapsed()));
        sender.send(&frame(index)).unwrap();
    }
    std::thread::sleep(Duration::from_millis(100));
    writeln!(commands, "report").unwrap();
    let report: serde_json::Value = serde_json::from_str(&replies.next().unwrap().unwrap()).unwrap();
    drop(commands);
    receiver.wait().unwrap();

    let pacing = &report["pacing"];
    assert_eq!(pacing["frames"]["timed"], 20, "{report}");
    // The first frame starts no interval.
    assert_eq!(pacing["interval"]["samples"], 18, "{report}");
    let p50 = pacing["interval"]["p50"].as_f64().unwrap();
    assert!((p50 - 20.0).abs() < 5.0, "p50 {p50}");
    assert!(pacing["interval"]["max"].as_f64().unwrap() >= 39.0, "{report}");
    // Exactly one unless this machine's scheduler held the sender back too.
    assert!(pacing["late"].as_u64().unwrap() >= 1, "{report}");
}
