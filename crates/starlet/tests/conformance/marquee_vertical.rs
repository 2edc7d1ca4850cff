//! `render.Marquee` scrolling vertically (Pixlet's `marquee_test.go`,
//! its vertical case), over the column of [`crate::marquee::vertical`].

use crate::assert_picture;
use crate::marquee::vertical;

#[test]
fn vertical_marquees_scroll_up_from_offset_start() {
    // Offsets count from the top: a start of 2 begins 2 pixels down.
    let m = vertical("offset_start = 2");
    assert_picture!(m.at(0), [".", ".", "r", "g", "g", "b"]);
    assert_picture!(m.at(1), [".", "r", "g", "g", "b", "b"]);
    assert_picture!(m.at(2), ["r", "g", "g", "b", "b", "b"]);
    assert_picture!(m.at(3), ["g", "g", "b", "b", "b", "b"]);
    assert_picture!(m.at(4), ["g", "b", "b", "b", "b", "."]);
    assert_picture!(m.at(5), ["b", "b", "b", "b", ".", "."]);
    assert_picture!(m.at(6), ["b", "b", "b", ".", ".", "."]);
    assert_picture!(m.at(7), ["b", "b", ".", ".", ".", "."]);
    assert_picture!(m.at(8), ["b", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(9), [".", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(10), [".", ".", ".", ".", ".", "r"]);
    assert_picture!(m.at(11), [".", ".", ".", ".", "r", "g"]);
    assert_picture!(m.at(12), [".", ".", ".", "r", "g", "g"]);
    assert_picture!(m.at(13), [".", ".", "r", "g", "g", "b"]);
    assert_picture!(m.at(14), [".", "r", "g", "g", "b", "b"]);
    assert_picture!(m.at(15), ["r", "g", "g", "b", "b", "b"]);
    m.has_frames(16);
    let m = vertical("offset_start = -2");
    assert_picture!(m.at(0), ["g", "b", "b", "b", "b", "."]);
    assert_picture!(m.at(1), ["b", "b", "b", "b", ".", "."]);
    assert_picture!(m.at(2), ["b", "b", "b", ".", ".", "."]);
    assert_picture!(m.at(3), ["b", "b", ".", ".", ".", "."]);
    assert_picture!(m.at(4), ["b", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(5), [".", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(6), [".", ".", ".", ".", ".", "r"]);
    assert_picture!(m.at(7), [".", ".", ".", ".", "r", "g"]);
    assert_picture!(m.at(8), [".", ".", ".", "r", "g", "g"]);
    assert_picture!(m.at(9), [".", ".", "r", "g", "g", "b"]);
    assert_picture!(m.at(10), [".", "r", "g", "g", "b", "b"]);
    assert_picture!(m.at(11), ["r", "g", "g", "b", "b", "b"]);
    m.has_frames(12);
    // No further out than the child is long (7).
    let m = vertical("offset_start = -1000");
    assert_picture!(m.at(0), [".", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(1), [".", ".", ".", ".", ".", "r"]);
    assert_picture!(m.at(2), [".", ".", ".", ".", "r", "g"]);
    m.has_frames(7);
    let m = vertical("offset_start = -7");
    assert_picture!(m.at(0), [".", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(1), [".", ".", ".", ".", ".", "r"]);
    m.has_frames(7);
    let m = vertical("offset_start = -8");
    assert_picture!(m.at(0), [".", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(1), [".", ".", ".", ".", ".", "r"]);
    m.has_frames(7);
    let m = vertical("offset_start = -6");
    assert_picture!(m.at(0), ["b", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(1), [".", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(2), [".", ".", ".", ".", ".", "r"]);
    m.has_frames(8);
}

#[test]
fn vertical_marquees_come_to_rest_at_offset_end() {
    // At rest 2 pixels down, held there in later frames.
    let m = vertical("offset_end = 2");
    assert_picture!(m.at(0), ["r", "g", "g", "b", "b", "b"]);
    assert_picture!(m.at(1), ["g", "g", "b", "b", "b", "b"]);
    assert_picture!(m.at(2), ["g", "b", "b", "b", "b", "."]);
    assert_picture!(m.at(3), ["b", "b", "b", "b", ".", "."]);
    assert_picture!(m.at(4), ["b", "b", "b", ".", ".", "."]);
    assert_picture!(m.at(5), ["b", "b", ".", ".", ".", "."]);
    assert_picture!(m.at(6), ["b", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(7), [".", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(8), [".", ".", ".", ".", ".", "r"]);
    assert_picture!(m.at(9), [".", ".", ".", ".", "r", "g"]);
    assert_picture!(m.at(10), [".", ".", ".", "r", "g", "g"]);
    assert_picture!(m.at(11), [".", ".", "r", "g", "g", "b"]);
    m.has_frames(12);
    assert_picture!(m.at(12), [".", ".", "r", "g", "g", "b"]);
    assert_picture!(m.at(13), [".", ".", "r", "g", "g", "b"]);
    assert_picture!(m.at(1024), [".", ".", "r", "g", "g", "b"]);
    // Partly out of view at the top.
    let m = vertical("offset_end = -4");
    assert_picture!(m.at(0), ["r", "g", "g", "b", "b", "b"]);
    assert_picture!(m.at(1), ["g", "g", "b", "b", "b", "b"]);
    assert_picture!(m.at(2), ["g", "b", "b", "b", "b", "."]);
    assert_picture!(m.at(10), [".", ".", ".", "r", "g", "g"]);
    assert_picture!(m.at(11), [".", ".", "r", "g", "g", "b"]);
    assert_picture!(m.at(12), [".", "r", "g", "g", "b", "b"]);
    assert_picture!(m.at(13), ["r", "g", "g", "b", "b", "b"]);
    assert_picture!(m.at(14), ["g", "g", "b", "b", "b", "b"]);
    assert_picture!(m.at(15), ["g", "b", "b", "b", "b", "."]);
    assert_picture!(m.at(16), ["b", "b", "b", "b", ".", "."]);
    assert_picture!(m.at(17), ["b", "b", "b", ".", ".", "."]);
    m.has_frames(18);
    assert_picture!(m.at(18), ["b", "b", "b", ".", ".", "."]);
    assert_picture!(m.at(19), ["b", "b", "b", ".", ".", "."]);
    assert_picture!(m.at(1024), ["b", "b", "b", ".", ".", "."]);
    // Never back into view.
    let m = vertical("offset_end = 6");
    assert_picture!(m.at(0), ["r", "g", "g", "b", "b", "b"]);
    assert_picture!(m.at(6), ["b", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(7), [".", ".", ".", ".", ".", "."]);
    m.has_frames(8);
    assert_picture!(m.at(8), [".", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(9), [".", ".", ".", ".", ".", "."]);
    assert_picture!(m.at(1024), [".", ".", ".", ".", ".", "."]);
}
