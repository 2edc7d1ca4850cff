//! `animation.AnimatedPositioned` (Pixlet's `render/animation/positioned_test.go`).

use crate::assert_picture;
use crate::common::{frame_count, paint};

#[test]
fn linear_curve_moves_a_pixel_a_frame() {
    let widget = "animation.AnimatedPositioned(
        child = render.Box(width = 4, height = 3, color = '#f00'),
        duration = 6,
        x_start = 0,
        y_start = 0,
        x_end = 5,
        y_end = 5,
        curve = 'linear',
    )";
    assert_eq!(frame_count(widget, 0, 0), 6);
    let frame = |n| paint(widget, 10, 6, n);
    assert_picture!(
        frame(0),
        [
            "rrrr......",
            "rrrr......",
            "rrrr......",
            "..........",
            "..........",
            ".........."
        ]
    );
    assert_picture!(
        frame(1),
        [
            "..........",
            ".rrrr.....",
            ".rrrr.....",
            ".rrrr.....",
            "..........",
            ".........."
        ]
    );
    assert_picture!(
        frame(2),
        [
            "..........",
            "..........",
            "..rrrr....",
            "..rrrr....",
            "..rrrr....",
            ".........."
        ]
    );
    assert_picture!(
        frame(3),
        [
            "..........",
            "..........",
            "..........",
            "...rrrr...",
            "...rrrr...",
            "...rrrr..."
        ]
    );
    // The box moves out of the bounds.
    assert_picture!(
        frame(4),
        [
            "..........",
            "..........",
            "..........",
            "..........",
            "....rrrr..",
            "....rrrr.."
        ]
    );
    assert_picture!(
        frame(5),
        [
            "..........",
            "..........",
            "..........",
            "..........",
            "..........",
            ".....rrrr."
        ]
    );
    // Later frames keep the end position.
    for n in [6, 7] {
        assert_picture!(
            frame(n),
            [
                "..........",
                "..........",
                "..........",
                "..........",
                "..........",
                ".....rrrr."
            ]
        );
    }
}

#[test]
fn ease_out_moves_fast_then_slows_down() {
    let widget = "animation.AnimatedPositioned(
        child = render.Box(width = 2, height = 2, color = '#0f0'),
        duration = 10,
        x_start = -3,
        y_start = 1,
        x_end = 4,
        y_end = 1,
        curve = 'ease_out',
    )";
    let frame = |n| paint(widget, 10, 4, n);
    assert_picture!(frame(0), ["..........", "..........", "..........", ".........."]);
    assert_picture!(frame(1), ["..........", ".gg.......", ".gg.......", ".........."]);
    assert_picture!(frame(2), ["..........", "..gg......", "..gg......", ".........."]);
    assert_picture!(frame(3), ["..........", "...gg.....", "...gg.....", ".........."]);
    assert_picture!(frame(4), ["..........", "...gg.....", "...gg.....", ".........."]);
    assert_picture!(frame(5), ["..........", "....gg....", "....gg....", ".........."]);
    assert_picture!(frame(9), ["..........", "....gg....", "....gg....", ".........."]);
}

#[test]
fn delay_and_hold_keep_the_ends() {
    let widget = "animation.AnimatedPositioned(
        child = render.Box(width = 1, height = 2, color = '#0f0'),
        duration = 5,
        x_start = 0,
        x_end = 4,
        delay = 3,
        hold = 2,
        curve = 'linear',
    )";
    assert_eq!(frame_count(widget, 0, 0), 10);
    let frame = |n| paint(widget, 5, 2, n);
    // No movement during the delay, nor in the first frame of the move.
    for n in 0..4 {
        assert_picture!(frame(n), ["g....", "g...."]);
    }
    assert_picture!(frame(4), [".g...", ".g..."]);
    assert_picture!(frame(5), ["..g..", "..g.."]);
    assert_picture!(frame(6), ["...g.", "...g."]);
    assert_picture!(frame(7), ["....g", "....g"]);
    // Held at the end, and so are frames past the frame count.
    for n in [8, 9, 10, 101212] {
        assert_picture!(frame(n), ["....g", "....g"]);
    }
}

#[test]
fn an_animated_child_plays_while_it_moves() {
    // A box alternating colour and size each frame, moving up to the right
    // after a frame's delay and held for one.
    let widget = "animation.AnimatedPositioned(
        child = render.Animation(children = [
            render.Box(width = 2, height = 2, color = '#f00'),
            render.Box(width = 1, height = 1, color = '#0f0'),
        ]),
        duration = 6,
        x_start = 0,
        y_start = 5,
        x_end = 5,
        y_end = 0,
        curve = 'linear',
        delay = 1,
        hold = 1,
    )";
    assert_eq!(frame_count(widget, 10, 6), 8);
    let frame = |n| paint(widget, 10, 6, n);
    assert_picture!(
        frame(0),
        [
            "..........",
            "..........",
            "..........",
            "..........",
            "..........",
            "rr........"
        ]
    );
    assert_picture!(
        frame(1),
        [
            "..........",
            "..........",
            "..........",
            "..........",
            "..........",
            "g........."
        ]
    );
    assert_picture!(
        frame(2),
        [
            "..........",
            "..........",
            "..........",
            "..........",
            ".rr.......",
            ".rr......."
        ]
    );
    assert_picture!(
        frame(3),
        [
            "..........",
            "..........",
            "..........",
            "..g.......",
            "..........",
            ".........."
        ]
    );
    assert_picture!(
        frame(6),
        [
            ".....rr...",
            ".....rr...",
            "..........",
            "..........",
            "..........",
            ".........."
        ]
    );
    assert_picture!(
        frame(7),
        [
            ".....g....",
            "..........",
            "..........",
            "..........",
            "..........",
            ".........."
        ]
    );
    // Past the hold, the child's animation still runs.
    assert_picture!(
        frame(8),
        [
            ".....rr...",
            ".....rr...",
            "..........",
            "..........",
            "..........",
            ".........."
        ]
    );
    assert_picture!(
        frame(9),
        [
            ".....g....",
            "..........",
            "..........",
            "..........",
            "..........",
            ".........."
        ]
    );
}
