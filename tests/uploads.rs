//! Uploads cannot take the board down: pictures are kept decoded only while shown, the
//! libraries are bounded, and their files are written and read safely.

mod common;

use common::{ServerProcess, StateDir, TestServer};
use image::codecs::gif::GifEncoder;
use image::{Delay, Rgba, RgbaImage};
use reqwest::{Method, StatusCode};
use serde_json::json;

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
        assert_eq!(reply.status(), StatusCode::OK, "{}", reply.text().await.unwrap());
    }
    let grown = server.rss_kib().saturating_sub(before);
    // Kept decoded, ten of them took 160 MiB; decoded one at a time, their buffers are reused.
    assert!(grown < 64 * 1024, "memory grew by {} MiB", grown / 1024);
}

/// A still PNG of `width` x `height`, one colour.
fn png(width: u32, height: u32, color: [u8; 4]) -> Vec<u8> {
    let mut bytes = Vec::new();
    RgbaImage::from_pixel(width, height, Rgba(color))
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

/// The files in the data directory's `folder`, sorted.
fn files(dir: &StateDir, folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("retroboard-data").join(folder))
        .map(|listing| {
            listing
                .map(|entry| entry.unwrap().file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test]
async fn uploads_past_a_librarys_capacity_are_refused_with_507_and_store_nothing() {
    let dir = StateDir::new();
    let args = [
        "--max-pictures",
        "2",
        "--max-picture-mib",
        "20",
        "--max-icons",
        "1",
        "--max-payload",
        "1000000",
    ];
    let server = TestServer::spawn_with(&dir, &args).await;
    let put = |path: &'static str, bytes: Vec<u8>| server.put_raw(path, bytes);
    assert_eq!(
        put("/api/images/a", png(4, 4, [255, 0, 0, 255])).await.0,
        StatusCode::OK
    );
    assert_eq!(
        put("/api/images/b", png(4, 4, [0, 255, 0, 255])).await.0,
        StatusCode::OK
    );
    assert_eq!(
        put("/api/images/c", png(4, 4, [0, 0, 255, 255])).await,
        (
            StatusCode::INSUFFICIENT_STORAGE,
            json!({"error": "at most 2 pictures may be stored (--max-pictures); delete one first"})
        )
    );
    assert_eq!(files(&dir, "images"), ["a.png", "b.png"]);
    assert_eq!(
        put("/api/images/a", png(8, 8, [9, 9, 9, 255])).await.0,
        StatusCode::OK,
        "replacing one takes no more room"
    );

    // 16 MiB of animation fits beside the stills; a second one passes 20 MiB.
    assert_eq!(server.request(Method::DELETE, "/api/images/b").await.0, StatusCode::OK);
    assert_eq!(put("/api/images/big", largest_animation()).await.0, StatusCode::OK);
    assert_eq!(server.request(Method::DELETE, "/api/images/a").await.0, StatusCode::OK);
    assert_eq!(
        put("/api/images/bigger", largest_animation()).await,
        (
            StatusCode::INSUFFICIENT_STORAGE,
            json!({"error": "the pictures would take more than 20 MiB decoded (--max-picture-mib); delete some first"})
        )
    );
    assert_eq!(files(&dir, "images"), ["big.gif"]);
    let listed = server.get("/api/images").await.1;
    assert_eq!(listed["images"].as_array().unwrap().len(), 1, "{listed}");

    assert_eq!(put("/api/icons/one", png(8, 8, [1, 2, 3, 255])).await.0, StatusCode::OK);
    let (status, refused) = put("/api/icons/two", png(8, 8, [1, 2, 3, 255])).await;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE);
    assert!(refused["error"].as_str().unwrap().contains("--max-icons"), "{refused}");
    assert_eq!(files(&dir, "icons"), ["one.png"]);

    let metrics = reqwest::get(format!("{}/metrics", server.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"retroboard_uploads{library="pictures"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"retroboard_uploads_decoded_bytes{library="pictures"} 16777216"#),
        "{metrics}"
    );
    server.stop().await;
}
