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

/// Runs `checks` (Starlark statements that `fail()` when wrong) in an app.
pub fn run_checks(checks: &str) {
    let body: String = checks.lines().map(|line| format!("    {line}\n")).collect();
    let source = format!(
        "load(\"render.star\", \"render\")\n\ndef main():\n{body}    return render.Root(child = render.Box())\n"
    );
    crate::common::render(&source).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn arguments_are_positional_in_pixlets_order_and_read_back() {
    run_checks(
        "row = render.Row([render.Box()], 'end', 'center', True)
if (len(row.children), row.main_align, row.cross_align, row.expanded) != (1, 'end', 'center', True):
    fail('Row read back', row.children, row.main_align, row.cross_align, row.expanded)
plain = render.Column(children = [])
if (plain.main_align, plain.cross_align, plain.expanded) != ('', '', False):
    fail('Column defaults', plain.main_align, plain.cross_align, plain.expanded)
stack = render.Stack([render.Box(), None])
if len(stack.children) != 2:
    fail('Stack keeps the list it was given', stack.children)",
    );
}
