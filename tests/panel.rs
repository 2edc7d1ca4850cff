//! The virtual panel over HTTP: the font list and the current frame as PNG.

mod common;

use std::time::Duration;

use common::{StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn fonts_lists_tom_thumb_and_the_fixed_family() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let (status, body) = server.get("/api/fonts").await;
    assert_eq!(status, StatusCode::OK);
    let fonts: Vec<_> = body["fonts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    for name in ["tom-thumb", "4x6", "6x13B", "7x13O", "10x20"] {
        assert!(fonts.contains(&name), "{name} missing from {fonts:?}");
    }
    server.stop().await;
}

#[tokio::test]
async fn frame_png_shows_the_running_clock_scaled() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--width", "48", "--height", "20"]).await;

    let (width, height, pixels) = server.frame_png("?scale=3").await;
    assert_eq!((width, height), (48 * 3, 20 * 3));
    assert!(pixels.iter().any(|&channel| channel > 0), "the clock lights some LEDs");
    // Nearest-neighbour scaling: every 3x3 block is one colour.
    let at = |x: u32, y: u32| &pixels[((y * width + x) * 3) as usize..][..3];
    for y in (0..height).step_by(3) {
        for x in (0..width).step_by(3) {
            assert_eq!(at(x, y), at(x + 2, y + 2));
        }
    }

    server.post("/api/stop", json!(null)).await;
    let deadline = tokio::time::Instant::now() + common::PATIENCE;
    loop {
        let (_, _, pixels) = server.frame_png("?scale=1").await;
        if pixels.iter().all(|&channel| channel == 0) {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "a stopped panel goes blank");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn frame_png_refuses_a_bad_scale() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    for scale in ["0", "33", "two", "-1"] {
        let (status, body) = server.get(&format!("/api/frame.png?scale={scale}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "scale {scale}");
        assert!(body["error"].as_str().unwrap().contains("scale"));
    }
    server.stop().await;
}

#[tokio::test]
async fn frame_png_caps_the_pixels_rather_than_the_scale() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--width", "256", "--height", "128"]).await;
    let reply = reqwest::get(format!("{}/api/frame.png?scale=32", server.base))
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::BAD_REQUEST, "8192 x 4096 pixels");
    let body: serde_json::Value = reply.json().await.unwrap();
    let error = body["error"].as_str().unwrap();
    assert!(
        error.contains("2097152 pixels") && error.contains("at most 8"),
        "{error}"
    );
    let (width, height, _) = server.frame_png("?scale=8").await;
    assert_eq!((width, height), (2048, 1024));
    server.stop().await;

    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let (width, height, _) = server.frame_png("?scale=32").await;
    assert_eq!((width, height), (2048, 1024), "the default panel keeps every scale");
    server.stop().await;
}

#[tokio::test]
async fn requests_for_one_frame_at_one_scale_share_one_encoding() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    server.post("/api/stop", json!(null)).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let encodes = || async {
        let text = reqwest::get(format!("{}/metrics", server.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .find_map(|line| line.strip_prefix("retroboard_png_encodes_total "))
            .map(|value| value.parse::<u64>().unwrap())
            .unwrap_or_else(|| panic!("no PNG encode count in:\n{text}"))
    };
    let before = encodes().await;
    let requests = (0..20).map(|_| async {
        let reply = reqwest::get(format!("{}/api/frame.png?scale=16", server.base))
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::OK);
        reply.bytes().await.unwrap()
    });
    let pngs = futures_util::future::join_all(requests).await;
    assert!(pngs.windows(2).all(|pair| pair[0] == pair[1]));
    assert_eq!(encodes().await - before, 1, "twenty requests, one encoding");
    server.frame_png("?scale=4").await;
    assert_eq!(encodes().await - before, 2, "another scale is another encoding");
    server.stop().await;
}
