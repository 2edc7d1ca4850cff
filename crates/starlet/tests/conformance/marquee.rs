//! `render.Marquee` (Pixlet's `marquee_test.go`).
//!
//! Pixlet scrolls rows and columns of boxes; rows and columns are not
//! needed for these pictures: a box with a narrower marquee inside, itself a
//! box holding a marquee, lines up the same strip of colours, since a
//! marquee whose child fits puts it at its start. The cases whose row has
//! boxes of different heights (holes no nesting of boxes can make) run on
//! a test widget in `src/widgets/marquee.rs`.

use starlet::render::{Rect, WidgetRef, paint_widget};

use crate::assert_picture;
use crate::common::{ascii, assert_frame_count, paint, widget};

/// 1 red, 2 green and 4 blue pixels in a row: `rggbbbb`.
const STRIP: &str = "render.Box(width = 7, height = 1, color = '#00f', child = render.Marquee(width = 6, \
     child = render.Box(width = 3, height = 1, color = '#0f0', child = render.Marquee(width = 2, \
     child = render.Box(width = 1, height = 1, color = '#f00')))))";

/// The same strip standing up: red on top, then 2 green, then 4 blue.
const COLUMN: &str = "render.Box(width = 1, height = 7, color = '#00f', child = render.Marquee(height = 6, \
     scroll_direction = 'vertical', child = render.Box(width = 1, height = 3, color = '#0f0', \
     child = render.Marquee(height = 2, scroll_direction = 'vertical', \
     child = render.Box(width = 1, height = 1, color = '#f00')))))";

/// The bounds Pixlet's marquee tests lay out in.
const BOUNDS: i32 = 100;

/// A widget an app built, painted frame by frame as Pixlet's tests paint it.
pub struct Scroller {
    expression: String,
    widget: WidgetRef,
}

impl Scroller {
    fn new(expression: String) -> Self {
        let widget = widget(&expression);
        Self { expression, widget }
    }

    pub fn at(&self, frame: usize) -> Vec<String> {
        ascii(&paint_widget(self.widget.as_ref(), Rect::sized(BOUNDS, BOUNDS), frame))
    }

    pub fn has_frames(&self, count: usize) {
        assert_frame_count(&self.expression, BOUNDS, BOUNDS, count);
    }
}

/// A 6 pixel wide marquee over [`STRIP`], with more arguments.
pub fn horizontal(arguments: &str) -> Scroller {
    horizontal_in(6, arguments)
}

fn horizontal_in(width: i32, arguments: &str) -> Scroller {
    Scroller::new(format!("render.Marquee(width = {width}, child = {STRIP}, {arguments})"))
}

/// A 6 pixel high marquee over [`COLUMN`], with more arguments.
pub fn vertical(arguments: &str) -> Scroller {
    Scroller::new(format!(
        "render.Marquee(height = 6, scroll_direction = 'vertical', child = {COLUMN}, {arguments})"
    ))
}

#[test]
fn the_strips_are_the_pictures_pixlet_scrolls() {
    assert_picture!(paint(STRIP, 100, 100, 0), ["rggbbbb"]);
    assert_picture!(paint(COLUMN, 100, 100, 0), ["r", "g", "g", "b", "b", "b", "b"]);
}

#[test]
fn identical_offsets_do_not_repeat_the_resting_frame() {
    // Out to the left and back in from the right, ending where it began,
    // which is then shown once, not twice.
    let m = horizontal("");
    assert_picture!(m.at(0), ["rggbbb"]);
    assert_picture!(m.at(1), ["ggbbbb"]);
    assert_picture!(m.at(2), ["gbbbb."]);
    assert_picture!(m.at(3), ["bbbb.."]);
    assert_picture!(m.at(4), ["bbb..."]);
    assert_picture!(m.at(5), ["bb...."]);
    assert_picture!(m.at(6), ["b....."]);
    assert_picture!(m.at(7), ["......"]);
    assert_picture!(m.at(8), [".....r"]);
    assert_picture!(m.at(9), ["....rg"]);
    assert_picture!(m.at(10), ["...rgg"]);
    assert_picture!(m.at(11), ["..rggb"]);
    assert_picture!(m.at(12), [".rggbb"]);
    m.has_frames(13);
    // The same with both ends 3 pixels in.
    let m = horizontal("offset_start = 3, offset_end = 3");
    assert_picture!(m.at(0), ["...rgg"]);
    assert_picture!(m.at(1), ["..rggb"]);
    assert_picture!(m.at(2), [".rggbb"]);
    assert_picture!(m.at(3), ["rggbbb"]);
    assert_picture!(m.at(4), ["ggbbbb"]);
    assert_picture!(m.at(5), ["gbbbb."]);
    assert_picture!(m.at(6), ["bbbb.."]);
    assert_picture!(m.at(7), ["bbb..."]);
    assert_picture!(m.at(8), ["bb...."]);
    assert_picture!(m.at(9), ["b....."]);
    assert_picture!(m.at(10), ["......"]);
    assert_picture!(m.at(11), [".....r"]);
    assert_picture!(m.at(12), ["....rg"]);
    m.has_frames(13);
}

#[test]
fn offset_start_is_where_the_child_begins() {
    // A positive start begins further right.
    let m = horizontal("offset_start = 2");
    assert_picture!(m.at(0), ["..rggb"]);
    assert_picture!(m.at(1), [".rggbb"]);
    assert_picture!(m.at(2), ["rggbbb"]);
    assert_picture!(m.at(3), ["ggbbbb"]);
    assert_picture!(m.at(4), ["gbbbb."]);
    assert_picture!(m.at(5), ["bbbb.."]);
    assert_picture!(m.at(6), ["bbb..."]);
    assert_picture!(m.at(7), ["bb...."]);
    assert_picture!(m.at(8), ["b....."]);
    assert_picture!(m.at(9), ["......"]);
    assert_picture!(m.at(10), [".....r"]);
    assert_picture!(m.at(11), ["....rg"]);
    assert_picture!(m.at(12), ["...rgg"]);
    assert_picture!(m.at(13), ["..rggb"]);
    assert_picture!(m.at(14), [".rggbb"]);
    assert_picture!(m.at(15), ["rggbbb"]);
    m.has_frames(16);
    // A negative start begins partly scrolled out.
    let m = horizontal("offset_start = -2");
    assert_picture!(m.at(0), ["gbbbb."]);
    assert_picture!(m.at(1), ["bbbb.."]);
    assert_picture!(m.at(2), ["bbb..."]);
    assert_picture!(m.at(3), ["bb...."]);
    assert_picture!(m.at(4), ["b....."]);
    assert_picture!(m.at(5), ["......"]);
    assert_picture!(m.at(6), [".....r"]);
    assert_picture!(m.at(7), ["....rg"]);
    assert_picture!(m.at(8), ["...rgg"]);
    assert_picture!(m.at(9), ["..rggb"]);
    assert_picture!(m.at(10), [".rggbb"]);
    assert_picture!(m.at(11), ["rggbbb"]);
    m.has_frames(12);
    // No further out than the child is long (7): -1000, -7 and -8 all
    // begin just out of view.
    let m = horizontal("offset_start = -1000");
    assert_picture!(m.at(0), ["......"]);
    assert_picture!(m.at(1), [".....r"]);
    assert_picture!(m.at(2), ["....rg"]);
    m.has_frames(7);
    let m = horizontal("offset_start = -7");
    assert_picture!(m.at(0), ["......"]);
    assert_picture!(m.at(1), [".....r"]);
    m.has_frames(7);
    let m = horizontal("offset_start = -8");
    assert_picture!(m.at(0), ["......"]);
    assert_picture!(m.at(1), [".....r"]);
    m.has_frames(7);
    let m = horizontal("offset_start = -6");
    assert_picture!(m.at(0), ["b....."]);
    assert_picture!(m.at(1), ["......"]);
    assert_picture!(m.at(2), [".....r"]);
    m.has_frames(8);
}

#[test]
fn offset_end_is_where_the_child_comes_to_rest() {
    // The child comes to rest 2 pixels in and stays there in later frames.
    let m = horizontal("offset_end = 2");
    assert_picture!(m.at(0), ["rggbbb"]);
    assert_picture!(m.at(1), ["ggbbbb"]);
    assert_picture!(m.at(2), ["gbbbb."]);
    assert_picture!(m.at(3), ["bbbb.."]);
    assert_picture!(m.at(4), ["bbb..."]);
    assert_picture!(m.at(5), ["bb...."]);
    assert_picture!(m.at(6), ["b....."]);
    assert_picture!(m.at(7), ["......"]);
    assert_picture!(m.at(8), [".....r"]);
    assert_picture!(m.at(9), ["....rg"]);
    assert_picture!(m.at(10), ["...rgg"]);
    assert_picture!(m.at(11), ["..rggb"]);
    m.has_frames(12);
    assert_picture!(m.at(12), ["..rggb"]);
    assert_picture!(m.at(13), ["..rggb"]);
    assert_picture!(m.at(1024), ["..rggb"]);
    // A negative end rests partly out of view.
    let m = horizontal("offset_end = -4");
    assert_picture!(m.at(0), ["rggbbb"]);
    assert_picture!(m.at(1), ["ggbbbb"]);
    assert_picture!(m.at(2), ["gbbbb."]);
    assert_picture!(m.at(10), ["...rgg"]);
    assert_picture!(m.at(11), ["..rggb"]);
    assert_picture!(m.at(12), [".rggbb"]);
    assert_picture!(m.at(13), ["rggbbb"]);
    assert_picture!(m.at(14), ["ggbbbb"]);
    assert_picture!(m.at(15), ["gbbbb."]);
    assert_picture!(m.at(16), ["bbbb.."]);
    assert_picture!(m.at(17), ["bbb..."]);
    m.has_frames(18);
    assert_picture!(m.at(18), ["bbb..."]);
    assert_picture!(m.at(19), ["bbb..."]);
    assert_picture!(m.at(1024), ["bbb..."]);
    // No further out than the child is long: it ends just out of view.
    let m = horizontal("offset_end = -133");
    assert_picture!(m.at(0), ["rggbbb"]);
    assert_picture!(m.at(17), ["bbb..."]);
    assert_picture!(m.at(18), ["bb...."]);
    assert_picture!(m.at(19), ["b....."]);
    assert_picture!(m.at(20), ["......"]);
    m.has_frames(21);
    assert_picture!(m.at(21), ["......"]);
    assert_picture!(m.at(22), ["......"]);
    assert_picture!(m.at(23), ["......"]);
    // An end at the window's edge never comes back into view.
    let m = horizontal("offset_end = 6");
    assert_picture!(m.at(0), ["rggbbb"]);
    assert_picture!(m.at(6), ["b....."]);
    assert_picture!(m.at(7), ["......"]);
    m.has_frames(8);
    assert_picture!(m.at(8), ["......"]);
    assert_picture!(m.at(9), ["......"]);
    assert_picture!(m.at(1024), ["......"]);
}

#[test]
fn delay_holds_the_child_at_offset_start() {
    // Frames 0 to 2 stand still, then the scroll runs as without a delay.
    let m = horizontal("offset_start = 2, delay = 2");
    assert_picture!(m.at(0), ["..rggb"]);
    assert_picture!(m.at(1), ["..rggb"]);
    assert_picture!(m.at(2), ["..rggb"]);
    assert_picture!(m.at(3), [".rggbb"]);
    assert_picture!(m.at(4), ["rggbbb"]);
    assert_picture!(m.at(5), ["ggbbbb"]);
    assert_picture!(m.at(6), ["gbbbb."]);
    assert_picture!(m.at(7), ["bbbb.."]);
    assert_picture!(m.at(8), ["bbb..."]);
    assert_picture!(m.at(9), ["bb...."]);
    assert_picture!(m.at(10), ["b....."]);
    assert_picture!(m.at(11), ["......"]);
    assert_picture!(m.at(12), [".....r"]);
    assert_picture!(m.at(13), ["....rg"]);
    assert_picture!(m.at(14), ["...rgg"]);
    assert_picture!(m.at(15), ["..rggb"]);
    assert_picture!(m.at(16), [".rggbb"]);
    assert_picture!(m.at(17), ["rggbbb"]);
    m.has_frames(18);
    let m = horizontal("offset_start = -2, delay = 2");
    assert_picture!(m.at(0), ["gbbbb."]);
    assert_picture!(m.at(1), ["gbbbb."]);
    assert_picture!(m.at(2), ["gbbbb."]);
    assert_picture!(m.at(3), ["bbbb.."]);
    assert_picture!(m.at(4), ["bbb..."]);
    assert_picture!(m.at(5), ["bb...."]);
    assert_picture!(m.at(6), ["b....."]);
    assert_picture!(m.at(7), ["......"]);
    assert_picture!(m.at(8), [".....r"]);
    assert_picture!(m.at(9), ["....rg"]);
    assert_picture!(m.at(10), ["...rgg"]);
    assert_picture!(m.at(11), ["..rggb"]);
    assert_picture!(m.at(12), [".rggbb"]);
    assert_picture!(m.at(13), ["rggbbb"]);
    m.has_frames(14);
    // Starts out of view are bounded before the delay is added.
    let m = horizontal("offset_start = -1000, delay = 2");
    assert_picture!(m.at(0), ["......"]);
    assert_picture!(m.at(1), ["......"]);
    assert_picture!(m.at(2), ["......"]);
    assert_picture!(m.at(3), [".....r"]);
    assert_picture!(m.at(4), ["....rg"]);
    m.has_frames(9);
    let m = horizontal("offset_start = -7, delay = 2");
    assert_picture!(m.at(0), ["......"]);
    assert_picture!(m.at(1), ["......"]);
    assert_picture!(m.at(2), ["......"]);
    assert_picture!(m.at(3), [".....r"]);
    m.has_frames(9);
    let m = horizontal("offset_start = -8, delay = 2");
    assert_picture!(m.at(0), ["......"]);
    assert_picture!(m.at(1), ["......"]);
    assert_picture!(m.at(2), ["......"]);
    assert_picture!(m.at(3), [".....r"]);
    m.has_frames(9);
    let m = horizontal("offset_start = -6, delay = 2");
    assert_picture!(m.at(0), ["b....."]);
    assert_picture!(m.at(1), ["b....."]);
    assert_picture!(m.at(2), ["b....."]);
    assert_picture!(m.at(3), ["......"]);
    assert_picture!(m.at(4), [".....r"]);
    m.has_frames(10);
}

/// Pixlet's cases of a child that fits use a row with holes in it (kept
/// beside the widget); here the same places through Starlark, with the strip.
#[test]
fn a_child_that_fits_stands_where_align_puts_it() {
    for (width, align, picture) in [
        (10, "", "rggbbbb..."),
        (10, "start", "rggbbbb..."),
        (10, "middle", "rggbbbb..."),
        (10, "center", "..rggbbbb."),
        // Half the window less half the child, each rounded down: 4 - 3.
        (8, "center", ".rggbbbb"),
        (10, "end", "...rggbbbb"),
    ] {
        let m = horizontal_in(width, &format!("align = '{align}'"));
        m.has_frames(1);
        assert_eq!(m.at(0), [picture], "width {width}, align {align:?}");
    }
    for (align, top) in [("", 0), ("center", 2), ("end", 3)] {
        let m = Scroller::new(format!(
            "render.Marquee(height = 10, scroll_direction = 'vertical', align = '{align}', child = {COLUMN})"
        ));
        m.has_frames(1);
        let mut column = vec!["."; 10];
        column[top..top + 7].copy_from_slice(&["r", "g", "g", "b", "b", "b", "b"]);
        assert_eq!(m.at(0), column, "align {align:?}");
    }
}

/// Pixlet's case of starting a window's width out, with a plain box for
/// its row: the same frame count, the same edges in the same frames.
#[test]
fn starting_a_window_out_scrolls_in_out_and_back() {
    let m = Scroller::new(
        "render.Marquee(width = 6, offset_start = 6, child = render.Box(width = 9, height = 3, color = '#f00'))".into(),
    );
    m.has_frames(22);
    assert_picture!(m.at(0), ["......", "......", "......"]);
    assert_picture!(m.at(2), ["....rr", "....rr", "....rr"]);
    assert_picture!(m.at(15), ["......", "......", "......"]);
    assert_picture!(m.at(18), ["...rrr", "...rrr", "...rrr"]);
    assert_picture!(m.at(100_000), ["rrrrrr", "rrrrrr", "rrrrrr"]);
}
