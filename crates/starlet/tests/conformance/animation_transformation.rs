//! `animation.Transformation` (Pixlet's `render/animation/transformation_test.go`).

use crate::assert_picture;
use crate::common::{ascii_with, frame_count, paint, paint_image};

/// Pixlet's three-row child: red, green and blue rows, 3 pixels wide.
const RGB_COLUMN: &str = "render.Column(children = [
    render.Box(width = 3, height = 1, color = '#f00'),
    render.Box(width = 3, height = 1, color = '#0f0'),
    render.Box(width = 3, height = 1, color = '#00f'),
])";

/// The same rows made of Boxes painted over each other: a 3x3 blue box, a
/// 3x2 red one over its top, and a 3x1 green one centred in the red.
const RGB_BOXES: &str = "render.Box(width = 3, height = 3, color = '#00f', child =
    render.Box(width = 3, height = 2, color = '#f00', child =
        render.Box(width = 3, height = 1, color = '#0f0')))";

fn translating(child: &str) -> String {
    format!(
        "animation.Transformation(
            child = {child},
            keyframes = [
                animation.Keyframe(percentage = 0.0, transforms = [animation.Translate(0, 0)], curve = 'linear'),
                animation.Keyframe(percentage = 1.0, transforms = [animation.Translate(5, 5)], curve = 'linear'),
            ],
            duration = 6,
            delay = 0,
            width = 5,
            height = 5,
            origin = animation.Origin(0.5, 0.5),
            direction = 'normal',
            fill_mode = 'forwards',
            rounding = 'round',
            wait_for_child = False,
        )"
    )
}

/// The box moves diagonally out of the frame.
fn assert_translation_frames(child: &str) {
    let widget = translating(child);
    assert_eq!(frame_count(&widget, 5, 5), 6);
    assert_picture!(paint(&widget, 5, 5, 0), ["rrr..", "ggg..", "bbb..", ".....", "....."]);
    assert_picture!(paint(&widget, 5, 5, 1), [".....", ".rrr.", ".ggg.", ".bbb.", "....."]);
    assert_picture!(paint(&widget, 5, 5, 2), [".....", ".....", "..rrr", "..ggg", "..bbb"]);
    assert_picture!(paint(&widget, 5, 5, 3), [".....", ".....", ".....", "...rr", "...gg"]);
    assert_picture!(paint(&widget, 5, 5, 4), [".....", ".....", ".....", ".....", "....r"]);
    assert_picture!(paint(&widget, 5, 5, 5), [".....", ".....", ".....", ".....", "....."]);
}

#[test]
fn translate() {
    assert_translation_frames(RGB_COLUMN);
}

#[test]
fn translate_with_boxes_for_the_column() {
    assert_translation_frames(RGB_BOXES);
}

#[test]
fn scale() {
    // Only red, as scaling blends neighbouring colours.
    let widget = "animation.Transformation(
        child = render.Box(width = 3, height = 3, color = '#f00'),
        keyframes = [
            animation.Keyframe(percentage = 0.0, transforms = [animation.Scale(1.0, 1.0)], curve = 'linear'),
            animation.Keyframe(percentage = 0.5, transforms = [animation.Scale(2.0, 2.0)], curve = 'linear'),
            animation.Keyframe(percentage = 1.0, transforms = [animation.Scale(3.0, 3.0)], curve = 'linear'),
        ],
        duration = 3,
        delay = 0,
        width = 9,
        height = 9,
        origin = animation.Origin(0.0, 0.0),
    )";
    assert_eq!(frame_count(widget, 9, 9), 3);
    assert_picture!(
        paint(widget, 9, 9, 0),
        [
            "rrr......",
            "rrr......",
            "rrr......",
            ".........",
            ".........",
            ".........",
            ".........",
            ".........",
            "........."
        ]
    );
    assert_picture!(
        paint(widget, 9, 9, 1),
        [
            "rrrrrr...",
            "rrrrrr...",
            "rrrrrr...",
            "rrrrrr...",
            "rrrrrr...",
            "rrrrrr...",
            ".........",
            ".........",
            "........."
        ]
    );
    assert_picture!(
        paint(widget, 9, 9, 2),
        [
            "rrrrrrrrr",
            "rrrrrrrrr",
            "rrrrrrrrr",
            "rrrrrrrrr",
            "rrrrrrrrr",
            "rrrrrrrrr",
            "rrrrrrrrr",
            "rrrrrrrrr",
            "rrrrrrrrr"
        ]
    );
}

fn rotating(child: &str) -> String {
    format!(
        "animation.Transformation(
            child = {child},
            keyframes = [
                animation.Keyframe(percentage = 0.0, transforms = [animation.Rotate(0.0)], curve = 'linear'),
                animation.Keyframe(percentage = 1.0, transforms = [animation.Rotate(360.0)], curve = 'linear'),
            ],
            duration = 5,
            width = 3,
            height = 3,
        )"
    )
}

/// A quarter turn clockwise each frame.
fn assert_rotation_frames(child: &str) {
    let widget = rotating(child);
    assert_eq!(frame_count(&widget, 3, 3), 5);
    assert_picture!(paint(&widget, 3, 3, 0), ["rrr", "ggg", "bbb"]);
    assert_picture!(paint(&widget, 3, 3, 1), ["bgr", "bgr", "bgr"]);
    assert_picture!(paint(&widget, 3, 3, 2), ["bbb", "ggg", "rrr"]);
    assert_picture!(paint(&widget, 3, 3, 3), ["rgb", "rgb", "rgb"]);
    assert_picture!(paint(&widget, 3, 3, 4), ["rrr", "ggg", "bbb"]);
}

#[test]
fn rotate() {
    assert_rotation_frames(RGB_COLUMN);
}

#[test]
fn rotate_with_boxes_for_the_column() {
    assert_rotation_frames(RGB_BOXES);
}

/// Pixlet's palette for pictures blended by scaling: premultiplied white
/// and black at a few coverages.
const SHADES: &[(char, [u8; 4])] = &[
    ('█', [0xff, 0xff, 0xff, 0xff]),
    ('▓', [0x40, 0x40, 0x40, 0x40]),
    ('▒', [0x20, 0x20, 0x20, 0x20]),
    ('░', [0x08, 0x08, 0x08, 0x08]),
    ('⎕', [0x04, 0x04, 0x04, 0x04]),
    ('.', [0, 0, 0, 0]),
    ('●', [0, 0, 0, 0xff]),
    ('◉', [0, 0, 0, 0x40]),
    ('◎', [0, 0, 0, 0x20]),
    ('○', [0, 0, 0, 0x08]),
    ('⁘', [0, 0, 0, 0x04]),
];

#[test]
fn translate_scale_and_rotate_together() {
    // White and black corners:
    // █.●
    // ...
    // ●.█
    let widget = "animation.Transformation(
        child = render.Box(child = render.Column(children = [
            render.Row(children = [
                render.Box(width = 1, height = 1, color = '#fff'),
                render.Box(width = 1, height = 1, color = '#0000'),
                render.Box(width = 1, height = 1, color = '#000'),
            ]),
            render.Box(width = 3, height = 1, color = '#0000'),
            render.Row(children = [
                render.Box(width = 1, height = 1, color = '#000'),
                render.Box(width = 1, height = 1, color = '#0000'),
                render.Box(width = 1, height = 1, color = '#fff'),
            ]),
        ])),
        keyframes = [
            animation.Keyframe(0.0, [animation.Translate(-3, -3), animation.Scale(1, 1), animation.Rotate(0)]),
            animation.Keyframe(0.75, [animation.Translate(0, 0), animation.Scale(1, 1), animation.Rotate(270)]),
            animation.Keyframe(1.0, [animation.Translate(1, 1), animation.Scale(2, 2), animation.Rotate(360)]),
        ],
        duration = 5,
        width = 9,
        height = 9,
    )";
    assert_eq!(frame_count(widget, 9, 9), 5);
    let shades = |bounds: i32, frame| ascii_with(&paint_image(widget, bounds, bounds, frame), SHADES);
    assert_picture!(
        shades(9, 0),
        [
            "█.●......",
            ".........",
            "●.█......",
            ".........",
            ".........",
            ".........",
            ".........",
            ".........",
            "........."
        ]
    );
    assert_picture!(
        shades(9, 1),
        [
            ".........",
            ".●.█.....",
            ".........",
            ".█.●.....",
            ".........",
            ".........",
            ".........",
            ".........",
            "........."
        ]
    );
    assert_picture!(
        shades(3, 2),
        [
            ".........",
            ".........",
            "..█.●....",
            ".........",
            "..●.█....",
            ".........",
            ".........",
            ".........",
            "........."
        ]
    );
    assert_picture!(
        shades(3, 3),
        [
            ".........",
            ".........",
            ".........",
            "...●.█...",
            ".........",
            "...█.●...",
            ".........",
            ".........",
            "........."
        ]
    );
    assert_picture!(
        shades(3, 4),
        [
            ".........",
            ".........",
            "..⎕▒░.○◎⁘",
            "..▒█▓.◉●◎",
            "..⎕▒░.○◎⁘",
            ".........",
            "..⁘◎○.░▒⎕",
            "..◎●◉.▓█▒",
            "..⁘◎○.░▒⎕"
        ]
    );
}
