//! `render.Padding` (Pixlet's `padding_test.go`), and how `pad` is read.

use crate::assert_picture;
use crate::common::{build_error, paint};

/// `TestPadding`: the padding is added to the child's size, whatever the bounds.
#[test]
fn padding_goes_around_the_child_whatever_the_bounds() {
    // Bounds bigger than needed.
    assert_picture!(
        paint(
            &String::from(
                "render.Padding(child = render.Box(width = 3, height = 3, color = '#f00'), pad = (1, 2, 3, 4))"
            ),
            20,
            20,
            0
        ),
        [
            ".......", ".......", ".rrr...", ".rrr...", ".rrr...", ".......", ".......", ".......", ".......",
        ]
    );
    // Bounds smaller than needed.
    assert_picture!(
        paint(
            &String::from(
                "render.Padding(child = render.Box(width = 3, height = 3, color = '#f00'), pad = (1, 2, 3, 4))"
            ),
            4,
            4,
            0
        ),
        [
            ".......", ".......", ".rrr...", ".rrr...", ".rrr...", ".......", ".......", ".......", ".......",
        ]
    );
}

/// `TestPaddingExpanded`: expanded, the padding takes the whole bounds and the
/// child may be cut.
#[test]
fn expanded_padding_takes_the_bounds() {
    // The child fits, at the top left inside the padding.
    assert_picture!(
        paint(
            &String::from(
                "render.Padding(child = render.Box(width = 3, height = 3, color = '#f00'), pad = (1, 1, 1, 1), expanded = True)"
            ),
            7,
            7,
            0
        ),
        [
            ".......", ".rrr...", ".rrr...", ".rrr...", ".......", ".......", ".......",
        ]
    );
    // It does not: cut to what is left.
    assert_picture!(
        paint(
            &String::from(
                "render.Padding(child = render.Box(width = 3, height = 3, color = '#f00'), pad = (1, 1, 1, 1), expanded = True)"
            ),
            3,
            3,
            0
        ),
        ["...", ".r.", "...",]
    );
}

/// `TestColorPadding`: as `TestPadding`, with the padding filled.
#[test]
fn coloured_padding() {
    assert_picture!(
        paint(
            &String::from(
                "render.Padding(child = render.Box(width = 3, height = 3, color = '#f00'), pad = (1, 2, 3, 4), color = '#0f0')"
            ),
            20,
            20,
            0
        ),
        [
            "ggggggg", "ggggggg", "grrrggg", "grrrggg", "grrrggg", "ggggggg", "ggggggg", "ggggggg", "ggggggg",
        ]
    );
    assert_picture!(
        paint(
            &String::from(
                "render.Padding(child = render.Box(width = 3, height = 3, color = '#f00'), pad = (1, 2, 3, 4), color = '#0f0')"
            ),
            4,
            4,
            0
        ),
        [
            "ggggggg", "ggggggg", "grrrggg", "grrrggg", "grrrggg", "ggggggg", "ggggggg", "ggggggg", "ggggggg",
        ]
    );
}

/// `TestColorPaddingExpanded`: as `TestPaddingExpanded`, with the padding
/// filled.
#[test]
fn coloured_expanded_padding() {
    assert_picture!(
        paint(
            &String::from(
                "render.Padding(child = render.Box(width = 3, height = 3, color = '#f00'), pad = (1, 1, 1, 1), expanded = True, color = '#0f0')"
            ),
            7,
            7,
            0
        ),
        [
            "ggggggg", "grrrggg", "grrrggg", "grrrggg", "ggggggg", "ggggggg", "ggggggg",
        ]
    );
    assert_picture!(
        paint(
            &String::from(
                "render.Padding(child = render.Box(width = 3, height = 3, color = '#f00'), pad = (1, 1, 1, 1), expanded = True, color = '#0f0')"
            ),
            3,
            3,
            0
        ),
        ["ggg", "grg", "ggg",]
    );
}

#[test]
fn one_int_pads_every_side() {
    assert_picture!(
        paint(
            "render.Padding(child = render.Box(width = 1, height = 1, color = '#f00'), pad = 1)",
            9,
            9,
            0
        ),
        ["...", ".r.", "..."]
    );
}

#[test]
fn a_negative_pad_pulls_the_child_out() {
    // The child moves a pixel left and loses that column; the padding's
    // size shrinks with it.
    assert_picture!(
        paint(
            "render.Padding(child = render.Box(width = 3, height = 2, color = '#f00'), pad = (-1, 0, 0, 0))",
            10,
            10,
            0
        ),
        ["rr", "rr"]
    );
}

#[test]
fn pad_must_be_an_int_or_four_ints() {
    let child = "child = render.Box(width = 1, height = 1)";
    for (pad, message) in [
        ("", "Padding: pad must be int or 4-tuple of int"),
        (", pad = None", "Padding: pad must be int or 4-tuple of int"),
        (", pad = [1, 2, 3, 4]", "Padding: pad must be int or 4-tuple of int"),
        (", pad = 1.5", "Padding: pad must be int or 4-tuple of int"),
        (
            ", pad = (1, 2, 3)",
            "Padding: pad tuple must hold 4 elements (left, top, right, bottom), found 3",
        ),
        (", pad = (1, 2, '3', 4)", "Padding: pad element 2 is not int"),
        (", pad = 100000", "Padding: pad 100000 is out of range"),
        (
            ", pad = (0, 0, 0, -100000)",
            "Padding: pad element 3 -100000 is out of range",
        ),
    ] {
        let error = build_error(&format!("render.Padding({child}{pad})"));
        assert!(error.contains(message), "{pad}: {error}");
    }
    let error = build_error("render.Padding(pad = 1)");
    assert!(error.contains("child"), "{error}");
}

#[test]
fn arguments_are_positional_in_pixlets_order_and_read_back() {
    crate::row::run_checks(
        "p = render.Padding(render.Box(), (1, 2, 3, 4), True, '#f00')
if (p.pad, p.expanded, p.color) != ((1, 2, 3, 4), True, '#f00'):
    fail('Padding read back', p.pad, p.expanded, p.color)
if render.Padding(child = render.Box(), pad = 2).expanded != False:
    fail('Padding is not expanded by default')",
    );
}
