use super::*;
use crate::gfx::testing::{context, lit_box};

const RED: [u8; 3] = [255, 0, 0];
const BLUE: [u8; 3] = [0, 0, 255];

/// A `width` x `height` picture, one solid frame per colour.
fn solid(width: u32, height: u32, colors: &[[u8; 3]], delay_ms: u64) -> Arc<Picture> {
    let frames = colors
        .iter()
        .map(|&color| vec![color; (width * height) as usize])
        .collect();
    Arc::new(Picture::new(width, height, frames, Duration::from_millis(delay_ms)).unwrap())
}

fn drawn(app: &dyn RunningApp, ctx: &FrameContext, width: u16, height: u16) -> Canvas {
    let mut canvas = Canvas::new(width, height);
    app.draw(&mut canvas, ctx);
    canvas
}

#[test]
fn a_picture_needs_frames_of_its_size() {
    assert!(Picture::new(2, 1, vec![vec![RED; 2]], Duration::ZERO).is_some());
    assert!(Picture::new(2, 1, vec![], Duration::ZERO).is_none());
    assert!(Picture::new(2, 1, vec![vec![RED; 3]], Duration::ZERO).is_none());
    assert!(Picture::new(0, 1, vec![vec![]], Duration::ZERO).is_none());
}

#[test]
fn frames_play_at_the_renders_delay_and_loop() {
    let renders = Arc::new(Renders::default());
    renders.set("weather", Some(solid(64, 32, &[RED, BLUE], 200)));
    let mut app = Player::start("weather", renders);
    let mut ctx = context();
    let start = ctx.now;
    assert_eq!(drawn(&*app, &ctx, 64, 32).pixels[0], RED);
    assert_eq!(app.frame_interval(&ctx), Duration::from_millis(200));
    let at = |ms| start + chrono::Duration::milliseconds(ms);
    ctx.now = at(199);
    app.step(&mut ctx);
    assert_eq!(drawn(&*app, &ctx, 64, 32).pixels[0], RED);
    assert_eq!(app.frame_interval(&ctx), Duration::from_millis(1));
    ctx.now = at(200);
    assert_eq!(drawn(&*app, &ctx, 64, 32).pixels[0], BLUE);
    ctx.now = at(400);
    assert_eq!(drawn(&*app, &ctx, 64, 32).pixels[0], RED, "the animation loops");
}

#[test]
fn a_new_render_shows_from_its_first_frame_and_nothing_leaves_the_panel_black() {
    let renders = Arc::new(Renders::default());
    let mut app = Player::start("weather", renders.clone());
    let mut ctx = context();
    assert!(lit_box(&drawn(&*app, &ctx, 64, 32)).is_none(), "no render yet");
    assert_eq!(app.frame_interval(&ctx), LOOK_AGAIN, "it looks again soon");
    renders.set("weather", Some(solid(64, 32, &[BLUE], 50)));
    app.step(&mut ctx);
    assert_eq!(drawn(&*app, &ctx, 64, 32).pixels[0], BLUE);
    renders.set("weather", None);
    app.step(&mut ctx);
    assert!(lit_box(&drawn(&*app, &ctx, 64, 32)).is_none());
}

#[test]
fn a_picture_is_magnified_by_whole_pixels_and_centred_or_shrunk_to_fit() {
    let renders = Arc::new(Renders::default());
    renders.set("small", Some(solid(64, 32, &[RED], 50)));
    renders.set("big", Some(solid(128, 64, &[BLUE], 50)));
    let ctx = context();
    let on = |name: &str, width, height| lit_box(&drawn(&*Player::start(name, renders.clone()), &ctx, width, height));
    assert_eq!(on("small", 128, 64), Some((0, 0, 127, 63)), "twice as big");
    assert_eq!(on("small", 192, 64), Some((32, 0, 159, 63)), "twice, centred across");
    assert_eq!(on("small", 100, 40), Some((18, 4, 81, 35)), "once, centred");
    assert_eq!(on("big", 64, 32), Some((0, 0, 63, 31)), "halved");
    assert_eq!(on("big", 128, 64), Some((0, 0, 127, 63)));
}

#[test]
fn the_showable_set_follows_the_pictures() {
    let renders = Renders::default();
    let showable = renders.watch_showable();
    renders.set("a", Some(solid(1, 1, &[RED], 50)));
    renders.set("b", Some(solid(1, 1, &[RED], 50)));
    renders.set("a", None);
    assert_eq!(*showable.borrow(), BTreeSet::from(["b".to_owned()]));
    renders.retain(|name| name != "b");
    assert!(showable.borrow().is_empty());
}
