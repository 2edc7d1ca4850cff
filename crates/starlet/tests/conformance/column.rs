//! `render.Column` (Pixlet's `column_test.go`; the rest of its layout is in
//! `vector.rs`).

use crate::assert_picture;
use crate::common::paint;
use crate::vector::boxes;

/// `TestColumnPaint`: an expanded column is as high as its bounds and as wide
/// as its widest child.
#[test]
fn expanded_column_spaces_evenly_and_centres_across() {
    assert_picture!(
        paint(
            &format!(
                "render.Column(expanded = True, main_align = 'space_evenly', cross_align = 'center', children = {})",
                boxes(&[(6, 7, 'g'), (8, 9, 'r')])
            ),
            25,
            16 + 3,
            0
        ),
        [
            "........", ".gggggg.", ".gggggg.", ".gggggg.", ".gggggg.", ".gggggg.", ".gggggg.", ".gggggg.", "........",
            "rrrrrrrr", "rrrrrrrr", "rrrrrrrr", "rrrrrrrr", "rrrrrrrr", "rrrrrrrr", "rrrrrrrr", "rrrrrrrr", "rrrrrrrr",
            "........",
        ]
    );
}
