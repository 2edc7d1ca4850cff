//! Outputs over the network: a DDP receiver on loopback sees the panel's frames.

mod common;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{StateDir, TestServer};
use serde_json::json;
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

/// Frames a DDP receiver rebuilt, newest last, and the first packet that broke the protocol.
#[derive(Default)]
struct Received {
    frames: VecDeque<Vec<u8>>,
    broken: Option<String>,
}

/// Receives DDP frames of `size` bytes in the background, checking every
/// packet's header: offsets in order from 0, 1440 bytes but the last, the
/// push flag only on the last, one sequence number per frame, cycling 1..=15.
fn receive_ddp(receiver: UdpSocket, size: usize) -> Arc<Mutex<Received>> {
    let received = Arc::new(Mutex::new(Received::default()));
    let shared = Arc::clone(&received);
    tokio::spawn(async move {
        let packets = size.div_ceil(1440);
        let mut previous_sequence = None;
        let mut buffer = [0u8; 2048];
        loop {
            let mut frame = Vec::with_capacity(size);
            let mut sequence = None;
            for index in 0..packets {
                let length = receiver.recv(&mut buffer).await.unwrap();
                let packet = &buffer[..length];
                let offset = u32::from_be_bytes(packet[4..8].try_into().unwrap()) as usize;
                let data_length = u16::from_be_bytes(packet[8..10].try_into().unwrap()) as usize;
                let last = index + 1 == packets;
                let expected_length = if last { size - index * 1440 } else { 1440 };
                let problem = if packet[0] != if last { 0x41 } else { 0x40 } {
                    Some(format!("flags {:#x} on packet {index} of {packets}", packet[0]))
                } else if packet[2..4] != [0x0B, 1] {
                    Some(format!("data type and id {:?}", &packet[2..4]))
                } else if (offset, data_length, length) != (index * 1440, expected_length, 10 + expected_length) {
                    Some(format!("packet {index}: offset {offset}, length {data_length}"))
                } else if sequence.is_some_and(|sequence| sequence != packet[1]) {
                    Some(format!("sequence {} changed within a frame", packet[1]))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    shared.lock().unwrap().broken.get_or_insert(problem);
                    return;
                }
                sequence = Some(packet[1]);
                frame.extend_from_slice(&packet[10..]);
            }
            let sequence = sequence.unwrap();
            let mut received = shared.lock().unwrap();
            if let Some(previous) = previous_sequence.replace(sequence)
                && sequence != previous % 15 + 1
            {
                received
                    .broken
                    .get_or_insert(format!("sequence {sequence} after {previous}"));
                return;
            }
            received.frames.push_back(frame);
            if received.frames.len() > 240 {
                received.frames.pop_front();
            }
        }
    });
    received
}

/// Waits until a frame the receiver rebuilt equals `expected` (the panel's
/// PNG mapped by the display's options), trying a few PNGs in a row; an
/// all-black PNG proves nothing about the mapping and is skipped.
async fn wait_for_match(server: &TestServer, received: &Mutex<Received>, expected: impl Fn(&[u8]) -> Vec<u8>) {
    for _ in 0..20 {
        let (_, _, png) = server.frame_png("?scale=1").await;
        if png.iter().all(|&channel| channel == 0) {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        }
        let wanted = expected(&png);
        for _ in 0..20 {
            {
                let received = received.lock().unwrap();
                assert_eq!(received.broken, None, "every DDP packet is well formed");
                if received.frames.iter().any(|frame| *frame == wanted) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!("no DDP frame equals the panel's PNG mapped by the display's options");
}

/// The pixel (x, y) of a row-major RGB picture `width` pixels wide.
fn pixel(rgb: &[u8], width: usize, x: usize, y: usize) -> [u8; 3] {
    let at = (y * width + x) * 3;
    [rgb[at], rgb[at + 1], rgb[at + 2]]
}

/// Colours the text of the clock and the scrolling text with three different
/// channel values, so any change of colour order shows.
async fn colour_the_text(server: &TestServer) {
    for app in ["clock", "scroll_text"] {
        let (status, _) = server
            .post(&format!("/api/apps/{app}/config"), json!({"color": [250, 120, 30]}))
            .await;
        assert!(status.is_success());
    }
}

#[tokio::test]
async fn a_128x64_panel_turned_a_quarter_with_serpentine_rows_and_grb_order_matches_the_png() {
    let receiver = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let display = format!(
        "ddp://{}?rotate=90&serpentine=true&order=GRB",
        receiver.local_addr().unwrap()
    );
    let (width, height) = (128, 64);
    let received = receive_ddp(receiver, width * height * 3);
    let dir = StateDir::new();
    let args = [
        "--display",
        &display,
        "--width",
        "128",
        "--height",
        "64",
        "--app",
        "clock",
    ];
    let server = TestServer::spawn_with(&dir, &args).await;
    colour_the_text(&server).await;

    // Turned clockwise the device is 64 wide and 128 high: its pixel (x, y)
    // is the panel's (y, 63 - x), every second row runs right to left, and
    // green goes first.
    let turned_serpentine_grb = |png: &[u8]| {
        let mut device = Vec::new();
        for y in 0..width {
            for x in 0..height {
                let x = if y % 2 == 1 { height - 1 - x } else { x };
                let [red, green, blue] = pixel(png, width, y, height - 1 - x);
                device.extend([green, red, blue]);
            }
        }
        device
    };
    wait_for_match(&server, &received, turned_serpentine_grb).await;
    server.post("/api/switch", json!({"app": "scroll_text"})).await;
    wait_for_match(&server, &received, turned_serpentine_grb).await;
    server.stop().await;
}

#[tokio::test]
async fn an_odd_sized_panel_mirrored_with_bgr_order_matches_the_png() {
    let receiver = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let display = format!("ddp://{}?mirror=vertical&order=BGR", receiver.local_addr().unwrap());
    let (width, height) = (37, 19);
    let received = receive_ddp(receiver, width * height * 3);
    let dir = StateDir::new();
    let args = [
        "--display",
        &display,
        "--width",
        "37",
        "--height",
        "19",
        "--app",
        "stars",
    ];
    let server = TestServer::spawn_with(&dir, &args).await;
    colour_the_text(&server).await;

    let upside_down_bgr = |png: &[u8]| {
        let mut device = Vec::new();
        for y in 0..height {
            for x in 0..width {
                let [red, green, blue] = pixel(png, width, x, height - 1 - y);
                device.extend([blue, green, red]);
            }
        }
        device
    };
    wait_for_match(&server, &received, upside_down_bgr).await;
    server.post("/api/switch", json!({"app": "scroll_text"})).await;
    wait_for_match(&server, &received, upside_down_bgr).await;
    server.stop().await;
}
