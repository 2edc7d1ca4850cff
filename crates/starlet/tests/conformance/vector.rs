//! Pixlet's `vector_test.go`: the layout `render.Row` and `render.Column`
//! share, with coloured boxes for children. Pixlet's tests build its `Vector`
//! and turn it from a row into a column; here the row is a `render.Row` and
//! the column a `render.Column`, with the same children. Children at the
//! start, the end and the centre here; `vector_cross.rs` and
//! `vector_spacing.rs` hold the rest.

use crate::assert_picture;
use crate::common::paint;

/// Boxes of `(width, height, colour)`, the colour one of `r g b w`, as a
/// Starlark list.
pub fn boxes(list: &[(i32, i32, char)]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|(w, h, c)| {
            let color = match c {
                'r' => "#f00",
                'g' => "#0f0",
                'b' => "#00f",
                _ => "#fff",
            };
            format!("render.Box(width = {w}, height = {h}, color = '{color}')")
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// A `render.Column` when `vertical`, else a `render.Row`, of `children`.
pub fn vector(vertical: bool, expanded: bool, main_align: &str, cross_align: &str, children: &str) -> String {
    let widget = if vertical { "Column" } else { "Row" };
    let expanded = if expanded { "True" } else { "False" };
    format!(
        "render.{widget}(children = {children}, main_align = '{main_align}', cross_align = '{cross_align}', expanded = {expanded})"
    )
}

/// `TestVectorMainAlignStart`: an expanded row fills the width, as tall as its
/// tallest child, and drops what does not fit.
#[test]
fn main_align_start() {
    // Wide bounds: the row spans them, and is as high as the blue box.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "start",
                "",
                &boxes(&[(10, 4, 'r'), (6, 8, 'g'), (2, 12, 'b')])
            ),
            25,
            20,
            0
        ),
        [
            "rrrrrrrrrrggggggbb.......",
            "rrrrrrrrrrggggggbb.......",
            "rrrrrrrrrrggggggbb.......",
            "rrrrrrrrrrggggggbb.......",
            "..........ggggggbb.......",
            "..........ggggggbb.......",
            "..........ggggggbb.......",
            "..........ggggggbb.......",
            "................bb.......",
            "................bb.......",
            "................bb.......",
            "................bb.......",
        ]
    );
    // Lower bounds cut the children off at the bottom.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "start",
                "",
                &boxes(&[(10, 4, 'r'), (6, 8, 'g'), (2, 12, 'b')])
            ),
            25,
            10,
            0
        ),
        [
            "rrrrrrrrrrggggggbb.......",
            "rrrrrrrrrrggggggbb.......",
            "rrrrrrrrrrggggggbb.......",
            "rrrrrrrrrrggggggbb.......",
            "..........ggggggbb.......",
            "..........ggggggbb.......",
            "..........ggggggbb.......",
            "..........ggggggbb.......",
            "................bb.......",
            "................bb.......",
        ]
    );
    // Narrower: the blue box shows one column.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "start",
                "",
                &boxes(&[(10, 4, 'r'), (6, 8, 'g'), (2, 12, 'b')])
            ),
            17,
            10,
            0
        ),
        [
            "rrrrrrrrrrggggggb",
            "rrrrrrrrrrggggggb",
            "rrrrrrrrrrggggggb",
            "rrrrrrrrrrggggggb",
            "..........ggggggb",
            "..........ggggggb",
            "..........ggggggb",
            "..........ggggggb",
            "................b",
            "................b",
        ]
    );
    // The blue box no longer fits at all, so it adds no height either.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "start",
                "",
                &boxes(&[(10, 4, 'r'), (6, 8, 'g'), (2, 12, 'b')])
            ),
            16,
            10,
            0
        ),
        [
            "rrrrrrrrrrgggggg",
            "rrrrrrrrrrgggggg",
            "rrrrrrrrrrgggggg",
            "rrrrrrrrrrgggggg",
            "..........gggggg",
            "..........gggggg",
            "..........gggggg",
            "..........gggggg",
        ]
    );
    // Exactly the children's size.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "start",
                "",
                &boxes(&[(10, 4, 'r'), (6, 8, 'g'), (2, 12, 'b')])
            ),
            18,
            12,
            0
        ),
        [
            "rrrrrrrrrrggggggbb",
            "rrrrrrrrrrggggggbb",
            "rrrrrrrrrrggggggbb",
            "rrrrrrrrrrggggggbb",
            "..........ggggggbb",
            "..........ggggggbb",
            "..........ggggggbb",
            "..........ggggggbb",
            "................bb",
            "................bb",
            "................bb",
            "................bb",
        ]
    );
    // As a column.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "start",
                "",
                &boxes(&[(10, 4, 'r'), (6, 8, 'g'), (2, 12, 'b')])
            ),
            10,
            25,
            0
        ),
        [
            "rrrrrrrrrr",
            "rrrrrrrrrr",
            "rrrrrrrrrr",
            "rrrrrrrrrr",
            "gggggg....",
            "gggggg....",
            "gggggg....",
            "gggggg....",
            "gggggg....",
            "gggggg....",
            "gggggg....",
            "gggggg....",
            "bb........",
            "bb........",
            "bb........",
            "bb........",
            "bb........",
            "bb........",
            "bb........",
            "bb........",
            "bb........",
            "bb........",
            "bb........",
            "bb........",
            "..........",
        ]
    );
}

/// `TestVectorMainAlignStartVertical`: an expanded column fills the height and
/// is as wide as its widest child.
#[test]
fn main_align_start_vertical() {
    // The width shrinks to the widest child.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "start",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (12, 2, 'b')])
            ),
            100,
            11,
            0
        ),
        [
            "rrrr........",
            "rrrr........",
            "rrrr........",
            "rrrr........",
            "rrrr........",
            "rrrr........",
            "gggggggg....",
            "gggggggg....",
            "gggggggg....",
            "bbbbbbbbbbbb",
            "bbbbbbbbbbbb",
        ]
    );
    // The height stays that of the bounds.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "start",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (12, 2, 'b')])
            ),
            100,
            13,
            0
        ),
        [
            "rrrr........",
            "rrrr........",
            "rrrr........",
            "rrrr........",
            "rrrr........",
            "rrrr........",
            "gggggggg....",
            "gggggggg....",
            "gggggggg....",
            "bbbbbbbbbbbb",
            "bbbbbbbbbbbb",
            "............",
            "............",
        ]
    );
    // Narrower bounds cut the children off at the right.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "start",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (12, 2, 'b')])
            ),
            10,
            13,
            0
        ),
        [
            "rrrr......",
            "rrrr......",
            "rrrr......",
            "rrrr......",
            "rrrr......",
            "rrrr......",
            "gggggggg..",
            "gggggggg..",
            "gggggggg..",
            "bbbbbbbbbb",
            "bbbbbbbbbb",
            "..........",
            "..........",
        ]
    );
    // And lower ones at the bottom too.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "start",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (12, 2, 'b')])
            ),
            10,
            10,
            0
        ),
        [
            "rrrr......",
            "rrrr......",
            "rrrr......",
            "rrrr......",
            "rrrr......",
            "rrrr......",
            "gggggggg..",
            "gggggggg..",
            "gggggggg..",
            "bbbbbbbbbb",
        ]
    );
    // A child that does not fit at all no longer counts for the width.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "start",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (12, 2, 'b')])
            ),
            10,
            9,
            0
        ),
        [
            "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "gggggggg", "gggggggg", "gggggggg",
        ]
    );
}

/// `TestVectorMainAlignEnd`: children pushed to the end of the main axis.
#[test]
fn main_align_end() {
    assert_picture!(
        paint(
            &vector(true, true, "end", "", &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])),
            100,
            13,
            0
        ),
        [
            "........", "........", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "gggggggg",
            "gggggggg", "gggggggg", "bbbbb...", "bbbbb...",
        ]
    );
    // As a row.
    assert_picture!(
        paint(
            &vector(false, true, "end", "", &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])),
            19,
            100,
            0
        ),
        [
            "..rrrrggggggggbbbbb",
            "..rrrrggggggggbbbbb",
            "..rrrrgggggggg.....",
            "..rrrr.............",
            "..rrrr.............",
            "..rrrr.............",
        ]
    );
    // Too narrow: no space left to push into, and the last child is cut.
    assert_picture!(
        paint(
            &vector(false, true, "end", "", &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])),
            16,
            100,
            0
        ),
        [
            "rrrrggggggggbbbb",
            "rrrrggggggggbbbb",
            "rrrrgggggggg....",
            "rrrr............",
            "rrrr............",
            "rrrr............",
        ]
    );
    assert_picture!(
        paint(
            &vector(false, true, "end", "", &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])),
            16,
            5,
            0
        ),
        [
            "rrrrggggggggbbbb",
            "rrrrggggggggbbbb",
            "rrrrgggggggg....",
            "rrrr............",
            "rrrr............",
        ]
    );
    assert_picture!(
        paint(
            &vector(false, true, "end", "", &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])),
            16,
            5,
            0
        ),
        [
            "rrrrggggggggbbbb",
            "rrrrggggggggbbbb",
            "rrrrgggggggg....",
            "rrrr............",
            "rrrr............",
        ]
    );
}

/// `TestVectorMainAlignCenter`: children side by side in the middle.
#[test]
fn main_align_center() {
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "center",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            100,
            12,
            0
        ),
        [
            ".....", "rrr..", "rrr..", "rrr..", "rrr..", "ggggg", "ggggg", "b....", "b....", "b....", ".....", ".....",
        ]
    );
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "center",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            100,
            11,
            0
        ),
        [
            ".....", "rrr..", "rrr..", "rrr..", "rrr..", "ggggg", "ggggg", "b....", "b....", "b....", ".....",
        ]
    );
    // As a row, centred across.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "center",
                "center",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            13,
            100,
            0
        ),
        ["..rrr.....b..", "..rrrgggggb..", "..rrrgggggb..", "..rrr........",]
    );
}
