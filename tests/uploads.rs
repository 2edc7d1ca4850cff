//! Uploads cannot take the board down: pictures are kept decoded only while shown, the
//! libraries are bounded, and their files are written and read safely.

mod common;

use std::time::Duration;

use common::{PATIENCE, ServerProcess, StateDir, TestServer};
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
    assert_eq!(files(&dir, "images"), ["a", "b"]);
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
    assert_eq!(files(&dir, "images"), ["big"]);
    let listed = server.get("/api/images").await.1;
    assert_eq!(listed["images"].as_array().unwrap().len(), 1, "{listed}");

    assert_eq!(put("/api/icons/one", png(8, 8, [1, 2, 3, 255])).await.0, StatusCode::OK);
    let (status, refused) = put("/api/icons/two", png(8, 8, [1, 2, 3, 255])).await;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE);
    assert!(refused["error"].as_str().unwrap().contains("--max-icons"), "{refused}");
    assert_eq!(files(&dir, "icons"), ["one"]);

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

#[tokio::test]
async fn a_stored_file_that_cannot_be_read_is_a_500_not_a_404() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    assert_eq!(
        server.put_raw("/api/icons/lost", png(8, 8, [1, 2, 3, 255])).await.0,
        StatusCode::OK
    );
    let file = dir.path().join("retroboard-data/icons/lost");
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    let (status, reply) = server.get("/api/icons/lost").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{reply}");
    assert!(reply["error"].is_string(), "{reply}");
    assert_eq!(server.get("/api/icons/nothing").await.0, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn a_stored_picture_that_cannot_be_read_or_removed_is_a_500_not_a_404() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    assert_eq!(
        server.put_raw("/api/images/lost", png(8, 8, [1, 2, 3, 255])).await.0,
        StatusCode::OK
    );
    // A file the disk cannot give back, nor remove: a folder with something in it.
    let file = dir.path().join("retroboard-data/images/lost");
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    std::fs::write(file.join("inside"), b"kept").unwrap();
    let (status, reply) = server.get("/api/images/lost").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{reply}");
    assert!(reply["error"].is_string(), "{reply}");
    let (status, reply) = server.request(Method::DELETE, "/api/images/lost").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{reply}");
    assert!(reply["error"].is_string(), "{reply}");
    let listed = server.get("/api/images").await.1;
    assert_eq!(listed["images"][0]["name"], "lost", "a failed deletion changes nothing");
    assert_eq!(server.get("/api/images/nothing").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        server.request(Method::DELETE, "/api/images/nothing").await.0,
        StatusCode::NOT_FOUND
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_a_stored_file_holds_up_neither_uploads_nor_other_requests() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    assert_eq!(
        server.put_raw("/api/icons/slow", png(8, 8, [1, 2, 3, 255])).await.0,
        StatusCode::OK
    );
    // A file that cannot be read until someone writes to it: a disk that hangs.
    let file = dir.path().join("retroboard-data/icons/slow");
    std::fs::remove_file(&file).unwrap();
    rustix::fs::mkfifoat(rustix::fs::CWD, &file, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
    let base = server.base.clone();
    let reading = tokio::spawn(async move { reqwest::get(format!("{base}/api/icons/slow")).await });
    // Once the server has the file open, hold its other end open too: reads wait for data.
    let mut writer = loop {
        use std::os::unix::fs::OpenOptionsExt;
        let opened = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(&file);
        match opened {
            Ok(writer) => break writer,
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    };

    let upload = tokio::time::timeout(PATIENCE, server.put_raw("/api/icons/other", png(4, 4, [9, 9, 9, 255]))).await;
    let health = tokio::time::timeout(PATIENCE, server.get("/api/health")).await;
    // The disk comes back, whatever happened meanwhile.
    std::io::Write::write_all(&mut writer, b"not much").unwrap();
    drop(writer);
    assert_eq!(upload.expect("the upload is not held up").0, StatusCode::OK);
    assert_eq!(health.expect("requests are served meanwhile").0, StatusCode::OK);
    let read = tokio::time::timeout(PATIENCE, reading).await.unwrap().unwrap().unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn concurrent_uploads_of_one_name_leave_one_whole_file() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let uploads = (1..=16).map(|side| server.put_raw("/api/icons/same", png(side, side, [side as u8, 0, 0, 255])));
    let replies = futures_util::future::join_all(uploads).await;
    for (status, reply) in &replies {
        assert_eq!(*status, StatusCode::OK, "{reply}");
    }
    assert_eq!(files(&dir, "icons"), ["same"], "no temporary file is left behind");
    let listed = server.get("/api/icons").await.1;
    let same = listed["icons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|icon| icon["name"] == "same")
        .unwrap()
        .clone();
    let stored = image::load_from_memory(&std::fs::read(dir.path().join("retroboard-data/icons/same")).unwrap())
        .expect("the stored file is whole")
        .to_rgba8();
    assert_eq!(
        (same["width"].as_u64(), same["height"].as_u64()),
        (Some(u64::from(stored.width())), Some(u64::from(stored.height()))),
        "the library shows the file that is stored"
    );
    server.stop().await;
}
