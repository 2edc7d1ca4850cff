//! `render.WrappedText` (Pixlet's `wrappedtext_test.go`), cutting long
//! words, and right-to-left text.

use starlet::render::Rect;
use starlet::{CanvasMeta, Options};

use crate::assert_picture;
use crate::common::{build_error, options, paint, widget, widget_with};

/// `TestWrappedTextWithBounds`: as wide as the text needs, and wrapped to
/// the bounds when it does not fit.
#[test]
fn wraps_within_the_bounds() {
    // Room for one line.
    assert_picture!(
        paint(&String::from("render.WrappedText('AB CD.')"), 25, 8, 0),
        [
            concat!(".....", "........", ".....", "......."),
            concat!(".ww..", "www.....", ".ww..", "www...."),
            concat!("w..w.", "w..w....", "w..w.", "w..w..."),
            concat!("w..w.", "www.....", "w....", "w..w..."),
            concat!("wwww.", "w..w....", "w....", "w..w..."),
            concat!("w..w.", "w..w....", "w..w.", "w..w..."),
            concat!("w..w.", "www.....", ".ww..", "www..w."),
            concat!(".....", "........", ".....", "......."),
        ]
    );
    // Narrower: two lines.
    assert_picture!(
        paint(&String::from("render.WrappedText('AB CD.')"), 21, 16, 0),
        [
            concat!(".....", "......."),
            concat!(".ww..", "www...."),
            concat!("w..w.", "w..w..."),
            concat!("w..w.", "www...."),
            concat!("wwww.", "w..w..."),
            concat!("w..w.", "w..w..."),
            concat!("w..w.", "www...."),
            concat!(".....", "......."),
            concat!(".....", "......."),
            concat!(".ww..", "www...."),
            concat!("w..w.", "w..w..."),
            concat!("w....", "w..w..."),
            concat!("w....", "w..w..."),
            concat!("w..w.", "w..w..."),
            concat!(".ww..", "www..w."),
            concat!(".....", "......."),
        ]
    );
    // What does not fit is cut.
    assert_picture!(
        paint(&String::from("render.WrappedText('AB CD.')"), 7, 12, 0),
        [
            concat!(".....", ".."),
            concat!(".ww..", "ww"),
            concat!("w..w.", "w."),
            concat!("w..w.", "ww"),
            concat!("wwww.", "w."),
            concat!("w..w.", "w."),
            concat!("w..w.", "ww"),
            concat!(".....", ".."),
            concat!(".....", ".."),
            concat!(".ww..", "ww"),
            concat!("w..w.", "w."),
            concat!("w....", "w."),
        ]
    );
}

/// `TestWrappedTextWithsize`: `width` and `height` replace the bounds.
#[test]
fn width_and_height_override_the_bounds() {
    assert_picture!(
        paint(
            &String::from("render.WrappedText('AB CD.', width = 7, height = 12)"),
            40,
            40,
            0
        ),
        [
            concat!(".....", ".."),
            concat!(".ww..", "ww"),
            concat!("w..w.", "w."),
            concat!("w..w.", "ww"),
            concat!("wwww.", "w."),
            concat!("w..w.", "w."),
            concat!("w..w.", "ww"),
            concat!(".....", ".."),
            concat!(".....", ".."),
            concat!(".ww..", "ww"),
            concat!("w..w.", "w."),
            concat!("w....", "w."),
        ]
    );
    // Only the height.
    assert_picture!(
        paint(&String::from("render.WrappedText('AB CD.', height = 12)"), 9, 40, 0),
        [
            concat!(".....", "...."),
            concat!(".ww..", "www."),
            concat!("w..w.", "w..w"),
            concat!("w..w.", "www."),
            concat!("wwww.", "w..w"),
            concat!("w..w.", "w..w"),
            concat!("w..w.", "www."),
            concat!(".....", "...."),
            concat!(".....", "...."),
            concat!(".ww..", "www."),
            concat!("w..w.", "w..w"),
            concat!("w....", "w..w"),
        ]
    );
    // Only the width.
    assert_picture!(
        paint(&String::from("render.WrappedText('AB CD.', width = 3)"), 9, 5, 0),
        ["...", ".ww", "w..", "w..", "www",]
    );
}

/// `TestWrappedTextLineSpacing`: extra pixels between lines.
#[test]
fn linespacing_adds_pixels_between_lines() {
    assert_picture!(
        paint(
            &String::from("render.WrappedText('AB CD.', linespacing = 1)"),
            21,
            16,
            0
        ),
        [
            concat!(".....", "......."),
            concat!(".ww..", "www...."),
            concat!("w..w.", "w..w..."),
            concat!("w..w.", "www...."),
            concat!("wwww.", "w..w..."),
            concat!("w..w.", "w..w..."),
            concat!("w..w.", "www...."),
            concat!(".....", "......."),
            concat!(".....", "......."),
            concat!(".....", "......."),
            concat!(".ww..", "www...."),
            concat!("w..w.", "w..w..."),
            concat!("w....", "w..w..."),
            concat!("w....", "w..w..."),
            concat!("w..w.", "w..w..."),
            concat!(".ww..", "www..w."),
        ]
    );
    assert_picture!(
        paint(
            &String::from("render.WrappedText('AB CD.', linespacing = 2)"),
            21,
            16,
            0
        ),
        [
            concat!(".....", "......."),
            concat!(".ww..", "www...."),
            concat!("w..w.", "w..w..."),
            concat!("w..w.", "www...."),
            concat!("wwww.", "w..w..."),
            concat!("w..w.", "w..w..."),
            concat!("w..w.", "www...."),
            concat!(".....", "......."),
            concat!(".....", "......."),
            concat!(".....", "......."),
            concat!(".....", "......."),
            concat!(".ww..", "www...."),
            concat!("w..w.", "w..w..."),
            concat!("w....", "w..w..."),
            concat!("w....", "w..w..."),
            concat!("w..w.", "w..w..."),
        ]
    );
}

/// `TestWrappedTextAlignment`: lines align left unless told otherwise.
#[test]
fn lines_align_left_right_or_centre() {
    assert_picture!(
        paint(&String::from("render.WrappedText('AB CD.')"), 21, 16, 0),
        [
            concat!(".......", "....."),
            concat!(".ww..ww", "w...."),
            concat!("w..w.w.", ".w..."),
            concat!("w..w.ww", "w...."),
            concat!("wwww.w.", ".w..."),
            concat!("w..w.w.", ".w..."),
            concat!("w..w.ww", "w...."),
            concat!(".......", "....."),
            concat!(".......", "....."),
            concat!(".ww..ww", "w...."),
            concat!("w..w.w.", ".w..."),
            concat!("w....w.", ".w..."),
            concat!("w....w.", ".w..."),
            concat!("w..w.w.", ".w..."),
            concat!(".ww..ww", "w..w."),
            concat!(".......", "....."),
        ]
    );
    assert_picture!(
        paint(
            &String::from("render.WrappedText('AB CD.', align = 'right')"),
            21,
            16,
            0
        ),
        [
            concat!(".......", "....."),
            concat!("...ww..", "www.."),
            concat!("..w..w.", "w..w."),
            concat!("..w..w.", "www.."),
            concat!("..wwww.", "w..w."),
            concat!("..w..w.", "w..w."),
            concat!("..w..w.", "www.."),
            concat!(".......", "....."),
            concat!(".......", "....."),
            concat!(".ww..ww", "w...."),
            concat!("w..w.w.", ".w..."),
            concat!("w....w.", ".w..."),
            concat!("w....w.", ".w..."),
            concat!("w..w.w.", ".w..."),
            concat!(".ww..ww", "w..w."),
            concat!(".......", "....."),
        ]
    );
    assert_picture!(
        paint(
            &String::from("render.WrappedText('AB CD.', align = 'center')"),
            21,
            16,
            0
        ),
        [
            concat!(".......", "....."),
            concat!("..ww..w", "ww..."),
            concat!(".w..w.w", "..w.."),
            concat!(".w..w.w", "ww..."),
            concat!(".wwww.w", "..w.."),
            concat!(".w..w.w", "..w.."),
            concat!(".w..w.w", "ww..."),
            concat!(".......", "....."),
            concat!(".......", "....."),
            concat!(".ww..ww", "w...."),
            concat!("w..w.w.", ".w..."),
            concat!("w....w.", ".w..."),
            concat!("w....w.", ".w..."),
            concat!("w..w.w.", ".w..."),
            concat!(".ww..ww", "w..w."),
            concat!(".......", "....."),
        ]
    );
}

/// `TestWrappedTextMissingFont`: an unknown font is an error that names it.
#[test]
fn an_unknown_font_is_refused() {
    let error = build_error("render.WrappedText('AB CD.', font = 'missing')");
    assert!(error.contains("unknown font \"missing\""), "{error}");
}

/// `TestWrappedTextWordBreak` (Tronbyt's): with `wordbreak`, a word wider
/// than the widget is cut over several lines.
#[test]
fn wordbreak_cuts_words_wider_than_the_widget() {
    let bounds = Rect::sized(100, 100);
    let whole = widget("render.WrappedText('LONGLONGWORD', width = 10)").paint_bounds(bounds, 0);
    let broken = widget("render.WrappedText('LONGLONGWORD', width = 10, wordbreak = True)").paint_bounds(bounds, 0);
    assert!(broken.dy() > whole.dy(), "{broken:?} vs {whole:?}");
    // Exactly: one tb-8 line against seven (LO NG LO NG W OR D: W is 6 wide).
    assert_eq!((whole.dx(), whole.dy()), (10, 8));
    assert_eq!((broken.dx(), broken.dy()), (10, 7 * 8));
    assert_eq!(
        paint("render.WrappedText('ABC', width = 10, wordbreak = True)", 100, 100, 0),
        paint("render.WrappedText('AB C', width = 10)", 100, 100, 0)
    );
}

#[test]
fn lines_draw_past_a_height_that_cuts_them() {
    // The widget says it is 4 high, but draws its whole line: the parent
    // decides what shows, and a Stack lets it.
    let cut = "render.Stack(children = [render.Box(width = 25, height = 8), render.WrappedText('AB CD.', height = 4)])";
    assert_eq!(paint(cut, 25, 8, 0), paint("render.WrappedText('AB CD.')", 25, 8, 0));
}

/// Letters side by side in the order given, each on its own so none is
/// turned: what a right-to-left line must look like.
fn letters(text: &str) -> String {
    let texts: Vec<String> = text.chars().map(|c| format!("render.Text('{c}')")).collect();
    format!("render.Row(children = [{}])", texts.join(", "))
}

#[test]
fn hebrew_reads_right_to_left_and_aligns_right() {
    // Two lines of four letters (20 pixels), each turned on its own and put
    // against the right edge, the first word on the first line.
    let expected = format!(
        "render.Column(children = [render.Padding(pad = (10, 0, 0, 0), child = {}), render.Padding(pad = (10, 0, 0, 0), child = {})])",
        letters("םולש"),
        letters("םלוע")
    );
    assert_eq!(
        paint("render.WrappedText('שלום עולם', width = 30)", 30, 16, 0),
        paint(&expected, 30, 16, 0)
    );
    let left = format!("render.Column(children = [{}, {}])", letters("םולש"), letters("םלוע"));
    assert_eq!(
        paint("render.WrappedText('שלום עולם', width = 30, align = 'left')", 30, 16, 0),
        paint(
            &format!(
                "render.Box(width = 30, height = 16, child = render.Padding(pad = (0, 0, 10, 0), child = {left}))"
            ),
            30,
            16,
            0
        )
    );
}

#[test]
fn a_2x_canvas_defaults_to_terminus_16() {
    let options = Options {
        canvas: CanvasMeta {
            is2x: true,
            ..CanvasMeta::default()
        },
        ..options()
    };
    let bounds = widget_with("render.WrappedText('A')", &options).paint_bounds(Rect::sized(100, 100), 0);
    assert_eq!((bounds.dx(), bounds.dy()), (9, 16));
}

#[test]
fn sizes_beyond_reason_are_refused() {
    let error = build_error("render.WrappedText('A', width = 70000)");
    assert!(error.contains("WrappedText: width 70000 is out of range"), "{error}");
}

#[test]
fn arguments_are_positional_in_pixlets_order_and_read_back() {
    crate::row::run_checks(
        "t = render.WrappedText('AB', '5x8', 10, 20, 1, '#0f0', 'center', True)
got = (t.content, t.font, t.height, t.width, t.linespacing, t.color, t.align, t.wordbreak)
if got != ('AB', '5x8', 10, 20, 1, '#0f0', 'center', True):
    fail('WrappedText read back', got)
d = render.WrappedText('AB')
got = (d.font, d.height, d.width, d.linespacing, d.color, d.align, d.wordbreak)
if got != ('tb-8', 0, 0, 0, None, 'left', False):
    fail('WrappedText defaults', got)",
    );
}
