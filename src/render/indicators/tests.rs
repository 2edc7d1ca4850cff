//! Where the indicators land, and their blinking and fading on paused tokio time.

use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::*;
use crate::apps::Registry;
use crate::clock::Clock;
use crate::gfx::Frame;
use crate::render::{Renderer, run};

const RED: Rgb = [255, 0, 0];

fn lit(color: Rgb, blink_ms: Option<u32>, fade_ms: Option<u32>) -> Option<Indicator> {
    Some(Indicator {
        color,
        blink_ms,
        fade_ms,
    })
}

fn scene(indicators: [Option<Indicator>; 3]) -> Scene {
    Scene {
        indicators,
        brightness: 100,
        ..Scene::default()
    }
}

fn drawn(layer: &IndicatorLayer, width: u16, height: u16) -> Canvas {
    let mut canvas = Canvas::new(width, height);
    let ctx = FrameContext::new(NaiveDateTime::default(), 1, width.into(), height.into());
    layer.draw(&mut canvas, &ctx);
    canvas
}

fn lit_at(canvas: &Canvas) -> Vec<(i32, i32)> {
    crate::gfx::testing::lit_pixels(canvas)
        .into_iter()
        .map(|(x, y, _)| (x, y))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn each_indicator_covers_its_awtrix_pixels_scaled_to_the_panel() {
    let mut layer = IndicatorLayer::default();
    layer.apply(&scene([lit(RED, None, None), None, None]));
    // On 64x32 each AWTRIX pixel is 2 columns by 4 rows: (30,0) (31,0) (31,1).
    let upper: Vec<_> = lit_at(&drawn(&layer, 64, 32));
    assert_eq!(upper.len(), 3 * 8);
    assert!(upper.contains(&(60, 0)) && upper.contains(&(63, 3)) && upper.contains(&(62, 7)));
    assert!(!upper.contains(&(60, 4)) && !upper.contains(&(59, 0)));

    layer.apply(&scene([None, lit(RED, None, None), lit([0, 0, 255], None, None)]));
    let canvas = drawn(&layer, 64, 32);
    assert_eq!(canvas.get(63, 12), Some(RED), "the middle of the right edge");
    assert_eq!(canvas.get(63, 19), Some(RED));
    assert_eq!(canvas.get(60, 28), Some([0, 0, 255]), "the lower right corner");
    assert_eq!(canvas.get(63, 0), Some([0; 3]), "the first is off");
    // On AWTRIX's own size they are its pixels.
    assert_eq!(
        lit_at(&drawn(&layer, 32, 8)),
        [(31, 3), (31, 4), (31, 6), (30, 7), (31, 7)]
    );
}

#[tokio::test(start_paused = true)]
async fn fading_dims_to_nothing_half_way_through_its_period() {
    let mut layer = IndicatorLayer::default();
    layer.apply(&scene([lit([200, 100, 0], None, Some(1000)), None, None]));
    assert_eq!(drawn(&layer, 32, 8).get(31, 0), Some([200, 100, 0]));
    tokio::time::advance(Duration::from_millis(250)).await;
    assert_eq!(drawn(&layer, 32, 8).get(31, 0), Some([100, 50, 0]));
    tokio::time::advance(Duration::from_millis(250)).await;
    assert_eq!(drawn(&layer, 32, 8).get(31, 0), Some([0; 3]));
    let ctx = FrameContext::new(NaiveDateTime::default(), 1, 32, 8);
    assert_eq!(layer.frame_interval(&ctx), Some(FADE_FRAME));
}

/// A frame the render loop showed, and when.
type Shown = (Instant, Arc<Frame>);

/// Every frame the render loop shows.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Shown>>>);

#[tokio::test(start_paused = true)]
async fn a_blinking_indicator_is_on_and_off_for_its_interval_each() {
    let registry = Arc::new(Registry::builtin());
    let renderer = Renderer::new(registry, vec![Box::new(IndicatorLayer::default())], 32, 8, 1);
    let (scene_tx, scene_rx) = watch::channel(Scene::default());
    let frames = watch::Sender::new(Arc::new(Frame::blank(32, 8)));
    let shown = Recorder::default();
    let recorder = shown.clone();
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(run(
        renderer,
        scene_rx,
        frames,
        move |frame| recorder.0.lock().unwrap().push((Instant::now(), Arc::clone(frame))),
        Clock::system(chrono_tz::Tz::UTC),
        Arc::default(),
        shutdown.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(10)).await;
    let set = Instant::now();
    scene_tx.send_replace(scene([lit(RED, Some(400), None), None, None]));
    tokio::time::sleep(Duration::from_millis(2000)).await;

    let changes: Vec<(u128, bool)> = shown
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|(at, _)| *at >= set)
        .map(|(at, frame)| ((*at - set).as_millis(), frame.pixel(31, 0) == RED))
        .collect();
    assert_eq!(
        changes,
        [(0, true), (400, false), (800, true), (1200, false), (1600, true)],
        "on 400 ms, off 400 ms, and no frame in between"
    );
    shutdown.cancel();
    task.await.unwrap();
}
