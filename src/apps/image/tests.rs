use std::io::Cursor;
use std::time::Instant;

use image::codecs::gif::GifEncoder;
use image::{Delay, Rgba, RgbaImage};
use serde_json::json;

use super::*;
use crate::gfx::testing::context;

const RED: [u8; 3] = [255, 0, 0];
const BLUE: [u8; 3] = [0, 0, 255];
const PATIENCE: Duration = Duration::from_secs(5);

/// Red for 300 ms, then blue for 500 ms.
fn blink() -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new(Cursor::new(&mut bytes));
        let frame = |color, ms| {
            let delay = Delay::from_numer_denom_ms(ms, 1);
            ::image::Frame::from_parts(RgbaImage::from_pixel(2, 2, Rgba(color)), 0, 0, delay)
        };
        encoder
            .encode_frames([frame([255, 0, 0, 255], 300), frame([0, 0, 255, 255], 500)])
            .unwrap();
    }
    bytes
}

fn config(picture: &str) -> ConfigMap {
    let config = json!({"image": picture, "fit": "stretch", "smooth": false});
    config.as_object().unwrap().clone()
}

/// The one colour the app paints the whole panel.
fn shown(app: &dyn RunningApp, ctx: &FrameContext) -> [u8; 3] {
    let mut canvas = Canvas::new(64, 32);
    app.draw(&mut canvas, ctx);
    assert!(canvas.pixels.iter().all(|&pixel| pixel == canvas.pixels[0]));
    canvas.pixels[0]
}

/// Steps the app at `ctx`'s time until it shows something other than black: its fit is in.
fn settle(app: &mut dyn RunningApp, ctx: &mut FrameContext) -> [u8; 3] {
    let deadline = Instant::now() + PATIENCE;
    loop {
        app.step(ctx);
        let mut canvas = Canvas::new(64, 32);
        app.draw(&mut canvas, ctx);
        if canvas.pixels.iter().any(|&pixel| pixel != [0; 3]) || Instant::now() > deadline {
            return shown(app, ctx);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn library_with(name: &str) -> (tempfile::TempDir, Arc<Library>) {
    let dir = tempfile::tempdir().unwrap();
    let pictures = Arc::new(Library::pictures(dir.path()).unwrap());
    pictures.store(name, &blink()).unwrap();
    (dir, pictures)
}

#[test]
fn the_picture_is_fitted_off_the_render_thread_and_shows_once_ready() {
    let (_dir, pictures) = library_with("blink");
    let mut app = Image::start(&config("blink"), Some(&pictures));
    let mut ctx = context();
    assert_eq!(shown(&*app, &ctx), [0; 3], "nothing is fitted on the thread that draws");
    app.step(&mut ctx);
    assert_eq!(
        app.frame_interval(&ctx),
        WHILE_FITTING,
        "looks again soon while fitting"
    );
    assert_eq!(settle(&mut *app, &mut ctx), RED, "then the picture shows");
}

#[test]
fn frames_change_at_their_delays_on_the_frame_clock() {
    let (_dir, pictures) = library_with("blink");
    let mut app = Image::start(&config("blink"), Some(&pictures));
    let mut ctx = context();
    let start = ctx.now;
    assert_eq!(settle(&mut *app, &mut ctx), RED);
    assert_eq!(app.frame_interval(&ctx), Duration::from_millis(300));

    let at = |ms| start + chrono::Duration::milliseconds(ms);
    ctx.now = at(299);
    app.step(&mut ctx);
    assert_eq!(shown(&*app, &ctx), RED);
    assert_eq!(app.frame_interval(&ctx), Duration::from_millis(1));
    ctx.now = at(300);
    app.step(&mut ctx);
    assert_eq!(shown(&*app, &ctx), BLUE);
    assert_eq!(app.frame_interval(&ctx), Duration::from_millis(500));
    ctx.now = at(800);
    assert_eq!(shown(&*app, &ctx), RED, "the animation loops");
}

#[test]
fn a_missing_picture_shows_the_placeholder_until_it_is_uploaded() {
    let dir = tempfile::tempdir().unwrap();
    let pictures = Arc::new(Library::pictures(dir.path()).unwrap());
    let mut app = Image::start(&config("later"), Some(&pictures));
    let mut ctx = context();
    let mut canvas = Canvas::new(64, 32);
    app.draw(&mut canvas, &ctx);
    assert_eq!(
        (canvas.get(0, 0), canvas.get(63, 31)),
        (Some(PLACEHOLDER), Some(PLACEHOLDER))
    );
    assert_eq!(canvas.get(1, 1), Some([0; 3]));
    assert_eq!(app.frame_interval(&ctx), LOOK_AGAIN);

    pictures.store("later", &blink()).unwrap();
    assert_eq!(settle(&mut *app, &mut ctx), RED);
    pictures.remove("later").unwrap();
    app.step(&mut ctx);
    let mut canvas = Canvas::new(64, 32);
    app.draw(&mut canvas, &ctx);
    assert_eq!(canvas.get(0, 0), Some(PLACEHOLDER));
}

#[test]
fn a_replaced_picture_keeps_showing_until_its_successor_is_fitted() {
    let (_dir, pictures) = library_with("flag");
    let mut app = Image::start(&config("flag"), Some(&pictures));
    let mut ctx = context();
    assert_eq!(settle(&mut *app, &mut ctx), RED);

    let mut blue = Vec::new();
    RgbaImage::from_pixel(2, 2, Rgba([0, 0, 255, 255]))
        .write_to(&mut Cursor::new(&mut blue), ::image::ImageFormat::Png)
        .unwrap();
    pictures.store("flag", &blue).unwrap();
    app.step(&mut ctx);
    assert_eq!(shown(&*app, &ctx), RED, "the old picture until the new one is ready");
    let deadline = Instant::now() + PATIENCE;
    while shown(&*app, &ctx) != BLUE && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
        app.step(&mut ctx);
    }
    assert_eq!(shown(&*app, &ctx), BLUE);
}
