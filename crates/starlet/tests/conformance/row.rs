//! `render.Row` (Pixlet's `row_test.go`; the rest of its layout is in
//! `vector.rs`).

use crate::assert_picture;
use crate::common::paint;
use crate::vector::boxes;

/// `TestRowPaint`: an expanded row is as wide as its bounds and as high as
/// its tallest child.
#[test]
fn expanded_row_spaces_evenly_and_aligns_to_the_bottom() {
    assert_picture!(
        paint(
            &format!(
                "render.Row(expanded = True, main_align = 'space_evenly', cross_align = 'end', children = {})",
                boxes(&[(6, 7, 'g'), (8, 9, 'r')])
            ),
            14 + 2,
            17,
            0
        ),
        [
            "........rrrrrrrr",
            "........rrrrrrrr",
            ".gggggg.rrrrrrrr",
            ".gggggg.rrrrrrrr",
            ".gggggg.rrrrrrrr",
            ".gggggg.rrrrrrrr",
            ".gggggg.rrrrrrrr",
            ".gggggg.rrrrrrrr",
            ".gggggg.rrrrrrrr",
        ]
    );
}
