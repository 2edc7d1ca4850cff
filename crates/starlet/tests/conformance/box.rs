//! `render.Box` (Pixlet's `box_test.go`).

use crate::assert_picture;
use crate::common::paint;

#[test]
fn a_box_without_a_child_is_just_a_box() {
    assert_picture!(
        paint("render.Box()", 5, 5, 0),
        [".....", ".....", ".....", ".....", "....."]
    );
    assert_picture!(
        paint("render.Box(color = '#f00')", 5, 5, 0),
        ["rrrrr", "rrrrr", "rrrrr", "rrrrr", "rrrrr"]
    );
    assert_picture!(
        paint("render.Box(color = '#f00', width = 3)", 5, 5, 0),
        ["rrr", "rrr", "rrr", "rrr", "rrr"]
    );
    assert_picture!(
        paint("render.Box(color = '#f00', height = 3)", 5, 5, 0),
        ["rrrrr", "rrrrr", "rrrrr"]
    );
    assert_picture!(
        paint("render.Box(color = '#f00', width = 2, height = 3)", 5, 5, 0),
        ["rr", "rr", "rr"]
    );
}

#[test]
fn a_box_centres_its_child() {
    let child = "render.Box(color = '#f00', width = 2, height = 2)";
    assert_picture!(
        paint(&format!("render.Box(child = {child})"), 4, 4, 0),
        ["....", ".rr.", ".rr.", "...."]
    );
}
