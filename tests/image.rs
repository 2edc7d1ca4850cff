//! The `image` app and the picture library, checked on the panel's pixels:
//! fitting, animation, unknown and deleted pictures, and hostile uploads.

mod common;

use std::io::Cursor;
use std::time::{Duration, Instant};

use common::{StateDir, TestServer};
use image::codecs::gif::GifEncoder;
use image::{Delay, ImageFormat, Rgba, RgbaImage};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const RED: [u8; 3] = [255, 0, 0];
const BLUE: [u8; 3] = [0, 0, 255];
const BLACK: [u8; 3] = [0, 0, 0];
const WIDTH: usize = 64;

fn png(image: &RgbaImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
    bytes
}

/// A 2 x 1 picture: red on the left, blue on the right.
fn red_blue() -> Vec<u8> {
    png(&RgbaImage::from_fn(2, 1, |x, _| {
        if x == 0 {
            Rgba([255, 0, 0, 255])
        } else {
            Rgba([0, 0, 255, 255])
        }
    }))
}

/// A GIF of `side` x `side` frames, one per colour, each lasting `delay`.
fn gif(side: u32, colors: &[[u8; 4]], delay: Duration) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut bytes);
        let delay = Delay::from_saturating_duration(delay);
        let frames = colors
            .iter()
            .map(|color| image::Frame::from_parts(RgbaImage::from_pixel(side, side, Rgba(*color)), 0, 0, delay));
        encoder.encode_frames(frames).unwrap();
    }
    bytes
}

async fn pixels(server: &TestServer) -> Vec<[u8; 3]> {
    let (width, _, rgb) = server.frame_png("?scale=1").await;
    assert_eq!(width as usize, WIDTH);
    rgb.chunks(3).map(|p| [p[0], p[1], p[2]]).collect()
}

/// Polls the panel until `check` holds, failing after a few seconds.
async fn until(server: &TestServer, what: &str, check: impl Fn(&[[u8; 3]]) -> bool) -> Vec<[u8; 3]> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let shown = pixels(server).await;
        if check(&shown) {
            return shown;
        }
        assert!(Instant::now() < deadline, "waited in vain for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn upload(server: &TestServer, name: &str, bytes: Vec<u8>) -> Value {
    let (status, reply) = server.put_raw(&format!("/api/images/{name}"), bytes).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    reply
}

async fn show(server: &TestServer, config: Value) {
    let (status, reply) = server
        .post("/api/switch", json!({"app": "image", "config": config}))
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
}

fn all(color: [u8; 3]) -> impl Fn(&[[u8; 3]]) -> bool {
    move |pixels| pixels.iter().all(|&pixel| pixel == color)
}

fn left_red_right_blue(pixels: &[[u8; 3]]) -> bool {
    pixels
        .iter()
        .enumerate()
        .all(|(at, &pixel)| pixel == if at % WIDTH < WIDTH / 2 { RED } else { BLUE })
}

#[tokio::test]
async fn a_picture_is_listed_and_stretched_over_the_panel() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let stored = upload(&server, "flag", red_blue()).await;
    assert_eq!(
        stored,
        json!({"name": "flag", "width": 2, "height": 1, "frames": 1, "builtin": false})
    );
    assert_eq!(server.get("/api/images").await.1, json!({"images": [stored]}));
    assert!(dir.path().join("retroboard-data/images/flag").exists());

    show(&server, json!({"image": "flag", "fit": "stretch"})).await;
    until(&server, "red on the left, blue on the right", left_red_right_blue).await;
    assert_eq!(
        server.get("/api/current").await.1,
        json!({"app": "image", "config": {"image": "flag", "fit": "stretch", "smooth": false}})
    );
    server.stop().await;
}

#[tokio::test]
async fn contain_letterboxes_and_cover_crops() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    // 1 x 2, red above blue: contained in 64 x 32 it is 16 x 32, centred.
    let tall = png(&RgbaImage::from_fn(1, 2, |_, y| {
        if y == 0 {
            Rgba([255, 0, 0, 255])
        } else {
            Rgba([0, 0, 255, 255])
        }
    }));
    upload(&server, "tall", tall).await;
    show(&server, json!({"image": "tall"})).await;
    until(&server, "a centred 16 x 32 picture", |pixels| {
        pixels.iter().enumerate().all(|(at, &pixel)| {
            let (x, y) = (at % WIDTH, at / WIDTH);
            let expected = match (x, y) {
                (24..40, 0..16) => RED,
                (24..40, _) => BLUE,
                _ => BLACK,
            };
            pixel == expected
        })
    })
    .await;
    // Cover fills the panel with the middle of the picture: the seam between red and blue.
    let (status, reply) = server.post("/api/config", json!({"fit": "cover"})).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    until(&server, "the top red and the bottom blue", |pixels| {
        pixels
            .iter()
            .enumerate()
            .all(|(at, &pixel)| pixel == if at / WIDTH < 16 { RED } else { BLUE })
    })
    .await;
    server.stop().await;
}

#[tokio::test]
async fn an_animated_picture_shows_each_frame_for_its_delay() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let delay = Duration::from_millis(700);
    upload(&server, "blink", gif(4, &[[255, 0, 0, 255], [0, 0, 255, 255]], delay)).await;
    show(&server, json!({"image": "blink", "fit": "stretch"})).await;
    until(&server, "the first frame", all(RED)).await;
    let red = Instant::now();
    until(&server, "the second frame", all(BLUE)).await;
    let waited = red.elapsed();
    assert!(waited <= delay + Duration::from_millis(300), "blue after {waited:?}");
    let blue = Instant::now();
    until(&server, "the first frame again", all(RED)).await;
    let waited = blue.elapsed();
    assert!(
        waited >= delay - Duration::from_millis(200) && waited <= delay + Duration::from_millis(300),
        "red again after {waited:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_picture_is_refused_and_changes_nothing() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let before = server.get("/api/current").await.1;
    let refused = json!({"error": "unknown picture 'nope'"});
    let (status, reply) = server
        .post("/api/switch", json!({"app": "image", "config": {"image": "nope"}}))
        .await;
    assert_eq!((status, reply), (StatusCode::BAD_REQUEST, refused.clone()));
    let (status, reply) = server.post("/api/apps/image/config", json!({"image": "nope"})).await;
    assert_eq!((status, reply), (StatusCode::BAD_REQUEST, refused.clone()));
    assert_eq!(server.get("/api/current").await.1, before);
    assert_eq!(server.get("/api/apps/image/config").await.1["config"]["image"], "");

    upload(&server, "flag", red_blue()).await;
    show(&server, json!({"image": "flag"})).await;
    let (status, reply) = server.post("/api/config", json!({"image": "nope"})).await;
    assert_eq!((status, reply), (StatusCode::BAD_REQUEST, refused));
    assert_eq!(server.get("/api/current").await.1["config"]["image"], "flag");
    let (status, reply) = server.post("/api/config", json!({"fit": "sideways"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    server.stop().await;
}

#[tokio::test]
async fn a_picture_deleted_or_replaced_while_it_shows_is_followed() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    upload(&server, "flag", red_blue()).await;
    show(&server, json!({"image": "flag", "fit": "stretch"})).await;
    until(&server, "the picture", left_red_right_blue).await;

    upload(
        &server,
        "flag",
        png(&RgbaImage::from_pixel(3, 3, Rgba([0, 0, 255, 255]))),
    )
    .await;
    until(&server, "the new picture under the same name", all(BLUE)).await;

    let (status, reply) = server.request(Method::DELETE, "/api/images/flag").await;
    assert_eq!(
        (status, reply),
        (StatusCode::OK, json!({"success": true, "image": "flag"}))
    );
    let placeholder = until(&server, "the placeholder", |pixels| pixels[WIDTH + 1] == BLACK).await;
    assert_ne!(placeholder[0], BLACK, "an outline shows the app has nothing to draw");
    assert_eq!(server.get("/api/health").await.1["current_app"], "image");
    let (status, _) = server.get("/api/images/flag").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn hostile_uploads_are_refused_with_the_limit_and_store_nothing() {
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--max-payload", "2000000"]).await;
    let mut huge_header = png(&RgbaImage::from_pixel(1, 1, Rgba([0, 0, 0, 255])));
    huge_header[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    huge_header[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    let crc = crc32fast::hash(&huge_header[12..29]);
    huge_header[29..33].copy_from_slice(&crc.to_be_bytes());
    let whole = red_blue();
    let colors: Vec<[u8; 4]> = (0..300).map(|at| [(at % 256) as u8, 0, 0, 255]).collect();
    let cases: [(&str, Vec<u8>, &str); 6] = [
        (
            "wide",
            png(&RgbaImage::from_pixel(257, 1, Rgba([9, 9, 9, 255]))),
            "the image is 257 x 1; pictures are at most 256 x 256 pixels",
        ),
        (
            "huge",
            huge_header,
            "the image is 20000 x 20000; pictures are at most 256 x 256 pixels",
        ),
        (
            "long",
            gif(1, &colors, Duration::from_millis(20)),
            "the animation has more than 256 frames",
        ),
        (
            "heavy",
            gif(256, &colors[..80], Duration::from_millis(20)),
            "the animation decodes to more than 16 MiB; use fewer or smaller frames",
        ),
        ("cut", whole[..whole.len() / 2].to_vec(), "the image cannot be decoded"),
        ("text", b"<html>no</html>".to_vec(), "not a PNG, GIF or WebP image"),
    ];
    for (name, bytes, error) in cases {
        let (status, reply) = server.put_raw(&format!("/api/images/{name}"), bytes).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {reply}");
        let message = reply["error"].as_str().unwrap();
        assert!(message.starts_with(error), "{name}: {message}");
    }
    let (status, reply) = server.put_raw("/api/images/a.b", red_blue()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    let (status, reply) = server.put_raw("/api/images/big", vec![0; 3_000_000]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{reply}");

    assert_eq!(server.get("/api/images").await.1, json!({"images": []}));
    let folder = dir.path().join("retroboard-data/images");
    let stored = std::fs::read_dir(&folder).map(|entries| entries.count()).unwrap_or(0);
    assert_eq!(stored, 0, "files left in {}", folder.display());
    server.stop().await;
}
