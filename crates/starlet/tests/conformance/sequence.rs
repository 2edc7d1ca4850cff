//! `render.Sequence` (Pixlet's `sequence_test.go`), and what happens at the
//! edges: children without frames, frames past the end.

use crate::assert_picture;
use crate::common::{assert_frame_count, paint, pixel_at, render};

#[test]
fn one_child_shows_at_a_time() {
    let sequence = "render.Sequence(children = [
        render.Box(width = 3, height = 3, color = '#f00'),
        render.Box(width = 6, height = 3, color = '#0f0'),
        render.Box(width = 9, height = 3, color = '#00f'),
    ])";
    assert_picture!(paint(sequence, 10, 3, 0), ["rrr", "rrr", "rrr"]);
    assert_picture!(paint(sequence, 10, 3, 1), ["gggggg", "gggggg", "gggggg"]);
    assert_picture!(paint(sequence, 10, 3, 2), ["bbbbbbbbb", "bbbbbbbbb", "bbbbbbbbb"]);
}

/// A dot going round a 2x2 square clockwise from the top left, in `color`.
fn circling(color: &str) -> String {
    let frames: Vec<String> = [(0, 0), (1, 0), (1, 1), (0, 1)]
        .iter()
        .map(|&(x, y)| pixel_at(2, x, y, color))
        .collect();
    format!("render.Animation(children = [{}])", frames.join(", "))
}

#[test]
fn animated_children_play_in_full_one_after_another() {
    let sequence = format!(
        "render.Sequence(children = [{}, {}, {}])",
        circling("#f00"),
        circling("#0f0"),
        circling("#00f")
    );
    assert_frame_count(&sequence, 2, 2, 12);
    let expected: [[&str; 2]; 12] = [
        ["r.", ".."],
        [".r", ".."],
        ["..", ".r"],
        ["..", "r."],
        ["g.", ".."],
        [".g", ".."],
        ["..", ".g"],
        ["..", "g."],
        ["b.", ".."],
        [".b", ".."],
        ["..", ".b"],
        ["..", "b."],
    ];
    for (frame, [top, bottom]) in expected.into_iter().enumerate() {
        assert_picture!(paint(&sequence, 2, 2, frame), [top, bottom]);
    }
}

#[test]
fn a_child_without_frames_is_skipped() {
    let sequence =
        "render.Sequence(children = [render.Animation(), render.Box(width = 1, height = 1, color = '#f00')])";
    assert_frame_count(sequence, 4, 4, 1);
    assert_picture!(paint(sequence, 4, 4, 0), ["r"]);
}

#[test]
fn past_its_last_frame_a_sequence_paints_nothing() {
    let sequence = "render.Sequence(children = [render.Box(width = 1, height = 1, color = '#f00')])";
    assert_picture!(paint(sequence, 4, 4, 1), []);
}

#[test]
fn a_root_plays_every_frame_of_every_child() {
    let rendered = render(
        "load('render.star', 'render')
def main():
    return render.Root(child = render.Sequence(children = [
        render.Box(color = '#f00'),
        render.Animation(children = [render.Box(color = '#0f0'), render.Box(color = '#00f')]),
    ]))
",
    )
    .unwrap();
    let colours: Vec<_> = rendered.frames.iter().map(|frame| frame.get(63, 31)).collect();
    assert_eq!(colours, [[0xff, 0, 0, 0xff], [0, 0xff, 0, 0xff], [0, 0, 0xff, 0xff]]);
}

#[test]
fn children_must_be_widgets() {
    let error = render(
        "load('render.star', 'render')
def main():
    return render.Root(child = render.Sequence(children = [render.Box(), 'text']))
",
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected children to be a list of Widget but found: string (at index 1)"),
        "{error}"
    );
    let error = render(
        "load('render.star', 'render')
def main():
    return render.Root(child = render.Sequence())
",
    )
    .unwrap_err();
    assert!(error.to_string().contains("children"), "{error}");
}
