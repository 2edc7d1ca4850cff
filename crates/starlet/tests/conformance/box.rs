//! `render.Box` (Pixlet's `box_test.go`).

use crate::assert_picture;
use crate::common::paint;

/// `TestBoxNoChild`: a box alone fills its bounds, unless given a size.
#[test]
fn a_box_without_a_child_is_just_a_box() {
    // Transparent unless coloured.
    assert_picture!(
        paint(&String::from("render.Box()"), 5, 5, 0),
        [".....", ".....", ".....", ".....", ".....",]
    );
    assert_picture!(
        paint(&String::from("render.Box(color = '#f00')"), 5, 5, 0),
        ["rrrrr", "rrrrr", "rrrrr", "rrrrr", "rrrrr",]
    );
    // A width, and the height of the bounds.
    assert_picture!(
        paint(&String::from("render.Box(color = '#f00', width = 3)"), 5, 5, 0),
        ["rrr", "rrr", "rrr", "rrr", "rrr",]
    );
    // A height, and the width of the bounds.
    assert_picture!(
        paint(&String::from("render.Box(color = '#f00', height = 3)"), 5, 5, 0),
        ["rrrrr", "rrrrr", "rrrrr",]
    );
    // Both, and the bounds do not matter.
    assert_picture!(
        paint(
            &String::from("render.Box(color = '#f00', width = 2, height = 3)"),
            5,
            5,
            0
        ),
        ["rr", "rr", "rr",]
    );
}

/// `TestBoxChildCenter`: a child sits in the middle, an odd pixel to its
/// right and below.
#[test]
fn a_box_centres_its_child() {
    assert_picture!(
        paint(
            &String::from("render.Box(child = render.Box(color = '#f00', width = 2, height = 2))"),
            4,
            4,
            0
        ),
        ["....", ".rr.", ".rr.", "....",]
    );
    // No exact middle: the spare pixel goes right and below.
    assert_picture!(
        paint(
            &String::from("render.Box(child = render.Box(color = '#f00', width = 2, height = 2))"),
            5,
            5,
            0
        ),
        [".....", ".rr..", ".rr..", ".....", ".....",]
    );
    // Centred across only.
    assert_picture!(
        paint(
            &String::from("render.Box(child = render.Box(color = '#f00', width = 2, height = 2))"),
            4,
            2,
            0
        ),
        [".rr.", ".rr.",]
    );
    // Centred down only.
    assert_picture!(
        paint(
            &String::from("render.Box(child = render.Box(color = '#f00', width = 2, height = 2))"),
            2,
            4,
            0
        ),
        ["..", "rr", "rr", "..",]
    );
}

/// `TestBoxPadding`: padding shrinks the bounds the child is offered.
#[test]
fn a_box_pads_its_child() {
    // Without padding the child takes everything.
    assert_picture!(
        paint(&String::from("render.Box(child = render.Box(color = '#f00'))"), 4, 4, 0),
        ["rrrr", "rrrr", "rrrr", "rrrr",]
    );
    assert_picture!(
        paint(
            &String::from("render.Box(child = render.Box(color = '#f00'), padding = 1)"),
            4,
            4,
            0
        ),
        ["....", ".rr.", ".rr.", "....",]
    );
    assert_picture!(
        paint(
            &String::from("render.Box(child = render.Box(color = '#f00'), padding = 3)"),
            8,
            8,
            0
        ),
        [
            "........", "........", "........", "...rr...", "...rr...", "........", "........", "........",
        ]
    );
}
