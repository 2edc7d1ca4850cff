//! `animation.Transformation`'s timing and easing beyond Pixlet's own tests:
//! directions, delay, fill mode, waiting for the child, rounding, curves
//! (named, cubic-bezier and the app's own functions) and keyframe order.

use crate::common::{frame_count, paint, widget};

/// A white pixel moved along a row by keyframes `from` and `to`.
fn moving(from: &str, to: &str, duration: i32, options: &str) -> String {
    format!(
        "animation.Transformation(
            child = render.Box(width = 1, height = 1, color = '#fff'),
            keyframes = [
                animation.Keyframe(0.0, [animation.Translate({from}, 0)]),
                animation.Keyframe(1.0, [animation.Translate({to}, 0)]),
            ],
            duration = {duration},
            width = 9,
            height = 1,
            {options}
        )"
    )
}

/// Where the pixel is in each of `frames`, `None` where it is not whole.
fn positions(expression: &str, frames: impl IntoIterator<Item = usize>) -> Vec<Option<usize>> {
    frames
        .into_iter()
        .map(|frame| {
            let row = &paint(expression, 9, 1, frame)[0];
            (row.matches('w').count() == 1 && row.matches('.').count() == 8).then(|| row.find('w').unwrap_or(0))
        })
        .collect()
}

fn at(xs: &[usize]) -> Vec<Option<usize>> {
    xs.iter().map(|&x| Some(x)).collect()
}

#[test]
fn directions_play_forwards_backwards_or_both() {
    let normal = moving("0", "2", 3, "direction = 'normal'");
    assert_eq!(frame_count(&normal, 9, 1), 3);
    assert_eq!(positions(&normal, 0..3), at(&[0, 1, 2]));
    let reverse = moving("0", "2", 3, "direction = 'reverse'");
    assert_eq!(positions(&reverse, 0..3), at(&[2, 1, 0]));
    let alternate = moving("0", "2", 3, "direction = 'alternate'");
    assert_eq!(frame_count(&alternate, 9, 1), 6);
    assert_eq!(positions(&alternate, 0..6), at(&[0, 1, 2, 2, 1, 0]));
    let alternate_reverse = moving("0", "2", 3, "direction = 'alternate-reverse'");
    assert_eq!(positions(&alternate_reverse, 0..6), at(&[2, 1, 0, 0, 1, 2]));
}

#[test]
fn the_delay_holds_both_ends() {
    let delayed = moving("0", "2", 3, "delay = 2");
    assert_eq!(frame_count(&delayed, 9, 1), 7);
    assert_eq!(positions(&delayed, 0..7), at(&[0, 0, 0, 1, 2, 2, 2]));
}

#[test]
fn the_fill_mode_says_what_follows_the_animation() {
    let forwards = moving("0", "2", 3, "fill_mode = 'forwards'");
    assert_eq!(positions(&forwards, [3, 50]), at(&[2, 2]));
    let backwards = moving("0", "2", 3, "fill_mode = 'backwards'");
    assert_eq!(positions(&backwards, [3, 50]), at(&[0, 0]));
}

#[test]
fn wait_for_child_lets_an_animated_child_finish() {
    let child = "animation.AnimatedPositioned(
        child = render.Box(width = 1, height = 1, color = '#fff'),
        duration = 8, curve = 'linear')";
    let transformation = |wait: &str| {
        format!("animation.Transformation(child = {child}, keyframes = [], duration = 3, wait_for_child = {wait})")
    };
    assert_eq!(frame_count(&transformation("False"), 64, 32), 3);
    assert_eq!(frame_count(&transformation("True"), 64, 32), 8);
    assert_eq!(
        widget(&transformation("True")).frame_count(starlet::render::Rect::sized(64, 32)),
        8
    );
}

#[test]
fn rounding_places_half_pixels() {
    // Halfway through, the pixel is 1.5 along.
    let halfway = |rounding: &str| paint(&moving("0", "3", 3, &format!("rounding = '{rounding}'")), 9, 1, 1);
    assert_eq!(halfway("round"), ["..w......"]);
    assert_eq!(halfway("floor"), [".w......."]);
    assert_eq!(halfway("ceil"), ["..w......"]);
    // Unrounded, it covers half of two pixels.
    let image = crate::common::paint_image(&moving("0", "3", 3, "rounding = 'none'"), 9, 1, 1);
    let half = [0x80, 0x80, 0x80, 0x80];
    assert_eq!(image.pixels()[..4], [[0; 4], half, half, [0; 4]]);
}

#[test]
fn keyframe_curves_ease_the_way() {
    let eased = |curve: &str| {
        let expression = format!(
            "animation.Transformation(
                child = render.Box(width = 1, height = 1, color = '#fff'),
                keyframes = [
                    animation.Keyframe(0.0, [animation.Translate(0, 0)], curve = {curve}),
                    animation.Keyframe(1.0, [animation.Translate(8, 0)]),
                ],
                duration = 5,
                width = 9,
                height = 1,
            )"
        );
        positions(&expression, 0..5)
    };
    assert_eq!(eased("'linear'"), at(&[0, 2, 4, 6, 8]));
    assert_eq!(eased("''"), at(&[0, 2, 4, 6, 8]));
    assert_eq!(eased("'cubic-bezier(0, 0, 1, 1)'"), at(&[0, 2, 4, 6, 8]));
    assert_eq!(eased("'ease_in'"), at(&[0, 1, 3, 5, 8]));
    assert_eq!(eased("'ease_out'"), at(&[0, 6, 7, 8, 8]));
    assert_eq!(eased("'ease_in_out'"), at(&[0, 1, 4, 7, 8]));
    // The app's own function: squares, 8 * t * t rounded.
    assert_eq!(eased("lambda t: t * t"), at(&[0, 1, 2, 5, 8]));
}

#[test]
fn a_curve_function_eases_animated_positioned_too() {
    let backwards = "animation.AnimatedPositioned(
        child = render.Box(width = 1, height = 1, color = '#fff'),
        duration = 4, x_end = 4, curve = lambda t: 1 - t)";
    assert_eq!(positions(backwards, 0..6), at(&[4, 3, 2, 1, 4, 4]));
}

#[test]
fn keyframes_are_sorted_and_a_missing_start_added() {
    let expression = "animation.Transformation(
        child = render.Box(width = 1, height = 1, color = '#fff'),
        keyframes = [
            animation.Keyframe(1.0, [animation.Translate(4, 0)]),
            animation.Keyframe(0.5, [animation.Translate(2, 0)]),
        ],
        duration = 5,
        width = 9,
        height = 1,
    )";
    assert_eq!(positions(expression, 0..5), at(&[0, 1, 2, 3, 4]));
}

#[test]
fn without_a_motion_the_child_stays_put() {
    // Transforms of different kinds do not blend: nothing moves.
    let mismatched = "animation.Transformation(
        child = render.Box(width = 1, height = 1, color = '#fff'),
        keyframes = [
            animation.Keyframe(0.0, [animation.Translate(2, 0)]),
            animation.Keyframe(1.0, [animation.Rotate(90)]),
        ],
        duration = 3, width = 9, height = 1)";
    assert_eq!(positions(mismatched, 0..3), at(&[0, 0, 0]));
    let no_keyframes = "animation.Transformation(
        child = render.Box(width = 1, height = 1, color = '#fff'), keyframes = [], duration = 3, width = 9, height = 1)";
    assert_eq!(positions(no_keyframes, 0..3), at(&[0, 0, 0]));
    // A one-frame animation has no progress to make (0 / 0 in Pixlet) and
    // paints its child as is; past it, the fill applies.
    let one_frame = moving("0", "2", 1, "");
    assert_eq!(frame_count(&one_frame, 9, 1), 1);
    assert_eq!(positions(&one_frame, 0..2), at(&[0, 2]));
}

#[test]
fn an_empty_animation_has_no_frames() {
    assert_eq!(frame_count(&moving("0", "2", 0, ""), 9, 1), 0);
    assert_eq!(frame_count(&moving("0", "2", -5, ""), 9, 1), 0);
}

#[test]
fn an_app_renders_every_frame_of_its_animation() {
    // The README's example: a green square rolling across and back.
    let rendered = crate::common::render(
        r##"
load("render.star", "render")
load("animation.star", "animation")

def main():
    return render.Root(
        child = animation.Transformation(
            child = render.Box(width = 8, height = 8, color = "#0f0"),
            duration = 30,
            direction = "alternate",
            keyframes = [
                animation.Keyframe(0.0, [animation.Translate(0, 12), animation.Rotate(0)], curve = "ease_in_out"),
                animation.Keyframe(1.0, [animation.Translate(56, 12), animation.Rotate(360)]),
            ],
        ),
    )
"##,
    )
    .unwrap();
    assert_eq!(rendered.frames.len(), 60);
    let green = |frame: usize, x, y| rendered.frames[frame].get(x, y) == [0, 0xff, 0, 0xff];
    assert!(green(0, 0, 12) && green(0, 7, 19) && !green(0, 8, 12));
    assert!(green(29, 56, 12) && green(29, 63, 19) && !green(29, 55, 12));
    assert!(green(59, 0, 12));
}
