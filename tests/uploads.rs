//! Uploads cannot take the board down: pictures are kept decoded only while shown, the
//! libraries are bounded, and their files are written and read safely.

mod common;

use common::{ServerProcess, StateDir};
use image::codecs::gif::GifEncoder;
use image::{Delay, Rgba, RgbaImage};

/// The largest animation a picture may be: 64 frames of 256 x 256, 16 MiB decoded, yet
/// a few kilobytes as a GIF.
fn largest_animation() -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut bytes);
        let frames = (0..64u8).map(|at| {
            let frame = RgbaImage::from_pixel(256, 256, Rgba([at * 4, 255 - at * 4, 0, 255]));
            image::Frame::from_parts(frame, 0, 0, Delay::from_numer_denom_ms(100, 1))
        });
        encoder.encode_frames(frames).unwrap();
    }
    bytes
}

#[tokio::test]
async fn stored_pictures_are_not_kept_decoded() {
    let dir = StateDir::new();
    let server = ServerProcess::spawn(&dir, &["--max-payload", "1000000"]);
    let http = reqwest::Client::new();
    let animation = largest_animation();
    let before = server.rss_kib();
    for at in 0..10 {
        let reply = http
            .put(format!("{}/api/images/p{at}", server.base))
            .body(animation.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(
            reply.status(),
            reqwest::StatusCode::OK,
            "{}",
            reply.text().await.unwrap()
        );
    }
    let grown = server.rss_kib().saturating_sub(before);
    // Kept decoded, ten of them took 160 MiB; decoded one at a time, their buffers are reused.
    assert!(grown < 64 * 1024, "memory grew by {} MiB", grown / 1024);
}
