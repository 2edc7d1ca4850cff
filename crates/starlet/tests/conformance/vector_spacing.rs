//! Pixlet's `vector_test.go`, continued: the alignments that spread the
//! children out (`space_evenly`, `space_around`, `space_between`).

use crate::assert_picture;
use crate::common::paint;
use crate::vector::{boxes, vector};

/// `TestVectorMainAlignSpaceEvenly`: equal space before, between and after
/// the children.
#[test]
fn main_align_space_evenly() {
    // Two pixels in each of the four gaps.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_evenly",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            17 + 2 * 4,
            100,
            0
        ),
        [
            "..rrrr..gggggggg..bbbbb..",
            "..rrrr..gggggggg..bbbbb..",
            "..rrrr..gggggggg.........",
            "..rrrr...................",
            "..rrrr...................",
            "..rrrr...................",
        ]
    );
    // Two more pixels do not divide by four: they go to the first gaps.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_evenly",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            17 + 2 * 4 + 2,
            100,
            0
        ),
        [
            "...rrrr...gggggggg..bbbbb..",
            "...rrrr...gggggggg..bbbbb..",
            "...rrrr...gggggggg.........",
            "...rrrr....................",
            "...rrrr....................",
            "...rrrr....................",
        ]
    );
    // Not expanded, the row is only as wide as its children.
    assert_picture!(
        paint(
            &vector(
                false,
                false,
                "space_evenly",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            17 + 2 * 4 + 2,
            100,
            0
        ),
        [
            "rrrrggggggggbbbbb",
            "rrrrggggggggbbbbb",
            "rrrrgggggggg.....",
            "rrrr.............",
            "rrrr.............",
            "rrrr.............",
        ]
    );
    // The same as a column.
    assert_picture!(
        paint(
            &vector(
                true,
                false,
                "space_evenly",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            100,
            11 + 2 * 4 + 2,
            0
        ),
        [
            "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "gggggggg", "gggggggg", "gggggggg",
            "bbbbb...", "bbbbb...",
        ]
    );
    // And expanded again.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "space_evenly",
                "",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            100,
            11 + 2 * 4 + 2,
            0
        ),
        [
            "........", "........", "........", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....",
            "........", "........", "........", "gggggggg", "gggggggg", "gggggggg", "........", "........", "bbbbb...",
            "bbbbb...", "........", "........",
        ]
    );
}

/// `TestVectorMainAlignSpaceAround`: equal space between the children and
/// half of it before the first and after the last; what does not divide goes
/// to the first gaps, a pixel each.
#[test]
fn main_align_space_around() {
    // No room to spare.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_around",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            9,
            20,
            0
        ),
        ["rrrgggggb", "rrrgggggb", "rrr.....b", "rrr......",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_around",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            10,
            20,
            0
        ),
        [".rrrgggggb", ".rrrgggggb", ".rrr.....b", ".rrr......",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_around",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            11,
            20,
            0
        ),
        [".rrr.gggggb", ".rrr.gggggb", ".rrr......b", ".rrr.......",]
    );
    // Three spare pixels: one between each pair, half a pixel (so none)
    // at the ends, and the last column is left over.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_around",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            12,
            20,
            0
        ),
        ["rrr.ggggg.b.", "rrr.ggggg.b.", "rrr.......b.", "rrr.........",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_around",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            13,
            20,
            0
        ),
        [".rrr.ggggg.b.", ".rrr.ggggg.b.", ".rrr.......b.", ".rrr.........",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_around",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            14,
            20,
            0
        ),
        [".rrr..ggggg.b.", ".rrr..ggggg.b.", ".rrr........b.", ".rrr..........",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_around",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            15,
            20,
            0
        ),
        [
            ".rrr..ggggg..b.",
            ".rrr..ggggg..b.",
            ".rrr.........b.",
            ".rrr...........",
        ]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_around",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            16,
            20,
            0
        ),
        [
            "..rrr..ggggg..b.",
            "..rrr..ggggg..b.",
            "..rrr.........b.",
            "..rrr...........",
        ]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_around",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            20,
            20,
            0
        ),
        [
            "..rrr....ggggg...b..",
            "..rrr....ggggg...b..",
            "..rrr............b..",
            "..rrr...............",
        ]
    );
    // As a column, centred across.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "space_around",
                "center",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            20,
            20,
            0
        ),
        [
            ".....", ".....", ".rrr.", ".rrr.", ".rrr.", ".rrr.", ".....", ".....", ".....", ".....", "ggggg", "ggggg",
            ".....", ".....", ".....", "..b..", "..b..", "..b..", ".....", ".....",
        ]
    );
}

/// `TestVectorMainAlignSpaceBetween`: equal space between the children,
/// none before the first or after the last.
#[test]
fn main_align_space_between() {
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_between",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            9,
            100,
            0
        ),
        ["rrrgggggb", "rrrgggggb", "rrr.....b", "rrr......",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_between",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            10,
            100,
            0
        ),
        ["rrr.gggggb", "rrr.gggggb", "rrr......b", "rrr.......",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_between",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            11,
            100,
            0
        ),
        ["rrr.ggggg.b", "rrr.ggggg.b", "rrr.......b", "rrr........",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_between",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            12,
            100,
            0
        ),
        ["rrr..ggggg.b", "rrr..ggggg.b", "rrr........b", "rrr.........",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_between",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            13,
            100,
            0
        ),
        ["rrr..ggggg..b", "rrr..ggggg..b", "rrr.........b", "rrr..........",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_between",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            14,
            100,
            0
        ),
        ["rrr...ggggg..b", "rrr...ggggg..b", "rrr..........b", "rrr...........",]
    );
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_between",
                "",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g'), (1, 3, 'b')])
            ),
            15,
            100,
            0
        ),
        [
            "rrr...ggggg...b",
            "rrr...ggggg...b",
            "rrr...........b",
            "rrr............",
        ]
    );
    // Two children: one at each end.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_between",
                "center",
                &boxes(&[(3, 4, 'r'), (5, 2, 'g')])
            ),
            14,
            100,
            0
        ),
        ["rrr...........", "rrr......ggggg", "rrr......ggggg", "rrr...........",]
    );
    // One child: at the start.
    assert_picture!(
        paint(
            &vector(false, true, "space_between", "center", &boxes(&[(3, 4, 'r')])),
            14,
            100,
            0
        ),
        ["rrr...........", "rrr...........", "rrr...........", "rrr...........",]
    );
    // Six children.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_between",
                "end",
                &boxes(&[
                    (3, 4, 'r'),
                    (5, 2, 'g'),
                    (1, 4, 'b'),
                    (2, 1, 'w'),
                    (3, 3, 'r'),
                    (4, 4, 'b')
                ])
            ),
            50,
            100,
            0
        ),
        [
            "rrr...................b.......................bbbb",
            "rrr...................b..............rrr......bbbb",
            "rrr.......ggggg.......b..............rrr......bbbb",
            "rrr.......ggggg.......b......ww......rrr......bbbb",
        ]
    );
}
