//! Outputs over the network: a DDP receiver on loopback sees the panel's frames.

mod common;

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
