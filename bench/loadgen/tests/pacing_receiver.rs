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
    let mut sent_at = Vec::new();
    for index in 0..20 {
        // Frame 10 comes 60 ms after frame 9 instead of 20: late (over 30 ms) even if frame 9
        // itself is sent late by a busy machine.
        let due = Duration::from_millis(20 * index as u64 + if index >= 10 { 40 } else { 0 });
        std::thread::sleep(due.saturating_sub(start.elapsed()));
        sender.send(&frame(index)).unwrap();
        sent_at.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    // On a busy machine a sleep can overrun, so the gaps are the ones really left (the first
    // is not one the receiver times).
    let gaps: Vec<f64> = sent_at.windows(2).skip(1).map(|pair| pair[1] - pair[0]).collect();
    let widest_gap = gaps.iter().copied().fold(0.0, f64::max);
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
    let max = pacing["interval"]["max"].as_f64().unwrap();
    assert!(
        (max - widest_gap).abs() < 3.0,
        "max {max} ms, widest gap sent {widest_gap} ms: {report}"
    );
    // Late means over 1.5 intervals (30 ms): the held-back frame, and any the machine held back
    // as long (a millisecond either side for the kernel's stamps).
    let late = pacing["late"].as_u64().unwrap() as usize;
    let surely_late = gaps.iter().filter(|&&gap| gap > 31.0).count();
    let maybe_late = gaps.iter().filter(|&&gap| gap > 29.0).count();
    assert!(surely_late >= 1, "the sender held no frame back: gaps {gaps:?}");
    assert!(
        (surely_late..=maybe_late).contains(&late),
        "late {late}, gaps sent {gaps:?}: {report}"
    );
}
