//! Pixlet's `vector_test.go`, continued: where children go across the main
//! axis (`cross_align`).

use crate::assert_picture;
use crate::common::paint;
use crate::vector::{boxes, vector};

/// `TestVectorCrossAlignCenter`: children centred across the main axis.
#[test]
fn cross_align_center() {
    // The green box has an odd pixel left over: it goes below.
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_evenly",
                "center",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            17 + 2 * 4,
            100,
            0
        ),
        [
            "..rrrr...................",
            "..rrrr..gggggggg.........",
            "..rrrr..gggggggg..bbbbb..",
            "..rrrr..gggggggg..bbbbb..",
            "..rrrr...................",
            "..rrrr...................",
        ]
    );
    // As a column.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "space_evenly",
                "center",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            10000,
            11 + 2 * 4,
            0
        ),
        [
            "........", "........", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "........",
            "........", "gggggggg", "gggggggg", "gggggggg", "........", "........", ".bbbbb..", ".bbbbb..", "........",
            "........",
        ]
    );
    // Not expanded.
    assert_picture!(
        paint(
            &vector(
                true,
                false,
                "space_evenly",
                "center",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            10000,
            11 + 2 * 4,
            0
        ),
        [
            "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "gggggggg", "gggggggg", "gggggggg",
            ".bbbbb..", ".bbbbb..",
        ]
    );
    // With the children at the start of the main axis...
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "start",
                "center",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            10000,
            11 + 2,
            0
        ),
        [
            "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "gggggggg", "gggggggg", "gggggggg",
            ".bbbbb..", ".bbbbb..", "........", "........",
        ]
    );
    // ...and at its end.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "end",
                "center",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            10000,
            11 + 2,
            0
        ),
        [
            "........", "........", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "..rrrr..", "gggggggg",
            "gggggggg", "gggggggg", ".bbbbb..", ".bbbbb..",
        ]
    );
}

/// `TestVectorCrossAlignEnd`: children at the end across the main axis.
#[test]
fn cross_align_end() {
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "space_evenly",
                "end",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            17 + 2 * 4 + 1,
            100,
            0
        ),
        [
            "...rrrr...................",
            "...rrrr...................",
            "...rrrr...................",
            "...rrrr..gggggggg.........",
            "...rrrr..gggggggg..bbbbb..",
            "...rrrr..gggggggg..bbbbb..",
        ]
    );
    // As a column.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "space_evenly",
                "end",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            10000,
            11 + 2 * 4 + 1,
            0
        ),
        [
            "........", "........", "........", "....rrrr", "....rrrr", "....rrrr", "....rrrr", "....rrrr", "....rrrr",
            "........", "........", "gggggggg", "gggggggg", "gggggggg", "........", "........", "...bbbbb", "...bbbbb",
            "........", "........",
        ]
    );
}

/// `TestVectorCrossAlignStart`: children at the start across the main axis.
#[test]
fn cross_align_start() {
    assert_picture!(
        paint(
            &vector(
                false,
                true,
                "end",
                "start",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            17 + 2 * 4 + 1,
            100,
            0
        ),
        [
            ".........rrrrggggggggbbbbb",
            ".........rrrrggggggggbbbbb",
            ".........rrrrgggggggg.....",
            ".........rrrr.............",
            ".........rrrr.............",
            ".........rrrr.............",
        ]
    );
    // As a column.
    assert_picture!(
        paint(
            &vector(
                true,
                true,
                "end",
                "start",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            10000,
            11 + 2 * 4 + 1,
            0
        ),
        [
            "........", "........", "........", "........", "........", "........", "........", "........", "........",
            "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "rrrr....", "gggggggg", "gggggggg", "gggggggg",
            "bbbbb...", "bbbbb...",
        ]
    );
    // Not expanded, and narrower than the widest child.
    assert_picture!(
        paint(
            &vector(
                true,
                false,
                "end",
                "start",
                &boxes(&[(4, 6, 'r'), (8, 3, 'g'), (5, 2, 'b')])
            ),
            7,
            11 + 2 * 4 + 1,
            0
        ),
        [
            "rrrr...", "rrrr...", "rrrr...", "rrrr...", "rrrr...", "rrrr...", "ggggggg", "ggggggg", "ggggggg",
            "bbbbb..", "bbbbb..",
        ]
    );
}
