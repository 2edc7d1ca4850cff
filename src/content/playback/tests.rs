//! What a frame of content looks like, frame by frame.

use serde_json::json;

use super::*;
use crate::content::Fields;
use crate::gfx::testing::{lit_box, lit_pixels};

fn content(body: serde_json::Value) -> Content {
    Content::read(&Fields::new(body.as_object().unwrap().clone())).unwrap()
}

fn drawn(playback: &Playback) -> Canvas {
    let mut canvas = Canvas::new(64, 32);
    playback.draw(&mut canvas);
    canvas
}

#[test]
fn short_text_stands_still_centred_in_its_colour() {
    let still = content(json!({"text": "HI", "color": "#FF0000"}));
    assert_eq!(still.pass_time(64, 32), None);
    let playback = Playback::new(still, None);
    let (left, top, right, bottom) = lit_box(&drawn(&playback)).unwrap();
    assert!((left - (63 - right)).abs() <= 2, "centred: columns {left}..={right}");
    assert!((top - (31 - bottom)).abs() <= 2, "centred: rows {top}..={bottom}");
    assert!(
        lit_pixels(&drawn(&playback))
            .iter()
            .all(|&(.., color)| color == [255, 0, 0])
    );
    assert_eq!(playback.frame_interval(64, 32), None);
}

#[test]
fn uncentred_text_starts_at_the_left_edge() {
    let playback = Playback::new(content(json!({"text": "HI", "center": false})), None);
    assert_eq!(lit_box(&drawn(&playback)).unwrap().0, 0);
}

#[test]
fn wide_text_scrolls_in_from_the_right_at_its_speed() {
    let text = "A long message that cannot fit";
    let scrolling = content(json!({"text": text, "scrollSpeed": 200}));
    // 30 characters of 6 pixels plus the panel, at 2 pixels a frame.
    let frames = (64 + 30 * 6) / 2;
    assert_eq!(scrolling.pass_time(64, 32), Some(Duration::from_secs(1) / FPS * frames));
    let mut playback = Playback::new(scrolling, None);
    assert_eq!(lit_box(&drawn(&playback)), None, "starts past the right edge");
    for _ in 0..10 {
        playback.step();
    }
    let (left, ..) = lit_box(&drawn(&playback)).unwrap();
    assert_eq!(left, 64 - 20, "two pixels a frame");
    assert_eq!(playback.frame_interval(64, 32), Some(Duration::from_secs(1) / FPS));
}

#[test]
fn fragments_and_the_bar_keep_their_colours() {
    let playback = Playback::new(
        content(json!({
            "text": [{"t": "R", "c": "FF0000"}, {"t": "G", "c": [0, 255, 0]}],
            "background": [0, 0, 40],
            "progress": 50,
            "progressC": "0000FF",
            "progressBC": "FFFFFF",
        })),
        None,
    );
    let canvas = drawn(&playback);
    let colors: Vec<_> = lit_pixels(&canvas).into_iter().map(|(.., color)| color).collect();
    assert!(colors.contains(&[255, 0, 0]) && colors.contains(&[0, 255, 0]));
    assert_eq!(canvas.get(0, 0), Some([0, 0, 40]), "background");
    assert_eq!(canvas.get(31, 31), Some([0, 0, 255]), "half the bar filled");
    assert_eq!(canvas.get(32, 31), Some([255, 255, 255]));
}

#[test]
fn rainbow_text_changes_colour_as_it_plays() {
    let mut playback = Playback::new(content(json!({"text": "HI", "rainbow": true})), None);
    let before = drawn(&playback);
    assert!(playback.frame_interval(64, 32).is_some());
    playback.step();
    let after = drawn(&playback);
    assert_eq!(lit_box(&before), lit_box(&after), "it does not move");
    assert_ne!(before, after);
}

fn square(color: [u8; 3], frames: usize) -> Arc<Icon> {
    let frame = |at: usize| crate::icons::IconFrame {
        rgba: [color[0], color[1], color[2], 255].repeat(16),
        delay: Duration::from_millis(100 * (at as u64 + 1)),
    };
    Arc::new(Icon::new(4, 4, (0..frames).map(frame).collect()))
}

#[test]
fn an_icon_takes_the_left_and_the_text_centres_in_the_rest() {
    let text = content(json!({"text": "HI", "color": [0, 255, 0]}));
    let playback = Playback::new(text.clone(), Some(square([255, 0, 0], 1)));
    let canvas = drawn(&playback);
    let red: Vec<_> = lit_pixels(&canvas)
        .into_iter()
        .filter(|&(.., c)| c == [255, 0, 0])
        .collect();
    assert_eq!(red.len(), 16);
    assert!(
        red.iter()
            .all(|&(x, y, _)| (0..4).contains(&x) && (14..18).contains(&y))
    );
    let green = lit_pixels(&canvas).into_iter().filter(|&(.., c)| c == [0, 255, 0]);
    let (min, max) = green.fold((64, 0), |(min, max), (x, ..)| (min.min(x), max.max(x)));
    // 59 columns are left of the 64 beside the 4-pixel icon and its gap;
    // glyphs' ink is a little narrower than their advance.
    assert!(min >= 5 && ((min - 5) - (63 - max)).abs() <= 3, "text at {min}..={max}");
    assert_eq!(
        playback.frame_interval(64, 32),
        None,
        "a still icon and short text stand still"
    );
}

#[test]
fn an_animated_icon_plays_its_frames_in_time() {
    let mut playback = Playback::new(content(json!({"text": ""})), Some(square([0, 0, 255], 2)));
    assert_eq!(playback.frame_interval(64, 32), Some(Duration::from_secs(1) / FPS));
    // The first frame shows 100 ms: three frames at 30 a second, then the second frame.
    for _ in 0..3 {
        playback.step();
    }
    assert_eq!(playback.elapsed(), Duration::from_secs(1) / FPS * 3);
    assert_eq!(drawn(&playback).get(0, 14), Some([0, 0, 255]));
}

#[test]
fn a_pushed_icon_leaves_with_the_text_and_comes_back_only_when_asked() {
    let text = "A long message that cannot fit";
    for (push, back) in [(1, false), (2, true)] {
        let body = json!({"text": text, "pushIcon": push, "scrollSpeed": 1000, "color": [0, 255, 0]});
        let mut playback = Playback::new(content(body), Some(square([255, 0, 0], 1)));
        let red = |playback: &Playback| {
            let canvas = drawn(playback);
            lit_pixels(&canvas)
                .into_iter()
                .filter(|&(.., c)| c == [255, 0, 0])
                .count()
        };
        assert_eq!(red(&playback), 16, "the icon stands at first");
        // 10 pixels a frame: after 40 frames the text has pushed it out.
        for _ in 0..40 {
            playback.step();
        }
        assert_eq!(red(&playback), 0, "pushIcon {push}: pushed out");
        // One pass is the panel and the text, 64 + 180 pixels: 25 frames in all.
        for _ in 0..(25 * 2 - 40) {
            playback.step();
        }
        assert_eq!(red(&playback) == 16, back, "pushIcon {push} after a pass");
    }
}

#[test]
fn top_text_is_drawn_over_the_drawing_and_plain_text_under_it() {
    let body = |top: bool| {
        json!({"text": "I", "color": [0, 255, 0], "topText": top, "center": false,
               "draw": [{"df": [0, 0, 64, 32, [0, 0, 255]]}]})
    };
    let green = |canvas: &Canvas| {
        lit_pixels(canvas)
            .into_iter()
            .filter(|&(.., c)| c == [0, 255, 0])
            .count()
    };
    assert_eq!(green(&drawn(&Playback::new(content(body(false)), None))), 0, "covered");
    assert!(green(&drawn(&Playback::new(content(body(true)), None))) > 0, "on top");
}

#[test]
fn a_stale_custom_app_is_framed_in_dark_red() {
    let mut stale = content(json!({"text": ""}));
    stale.extras.stale = true;
    let canvas = drawn(&Playback::new(stale, None));
    let framed = lit_pixels(&canvas);
    assert_eq!(framed.len(), 2 * 64 + 2 * 30, "the edge of the panel");
    assert!(
        framed
            .iter()
            .all(|&(x, y, c)| c == STALE && (x % 63 == 0 || y % 31 == 0))
    );
}
