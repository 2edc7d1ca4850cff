//! `render.Text` (Pixlet's `text_test.go`), right-to-left text, and
//! `render.fonts`.

use starlet::{CanvasMeta, Options};

use crate::assert_picture;
use crate::common::{build_error, options, paint, render, widget, widget_with};

/// `TestTextDefault`: without a font, tb-8 in white.
#[test]
fn default_font_is_tb8() {
    assert_picture!(
        paint(&String::from("render.Text('A')"), 0, 0, 0),
        [".....", ".ww..", "w..w.", "w..w.", "wwww.", "w..w.", "w..w.", ".....",]
    );
    assert_eq!(widget("render.Text('A')").size(), Some((5, 8)));
    assert_picture!(
        paint(&String::from("render.Text('j!ÑÖ')"), 0, 0, 0),
        [
            concat!("....", "..", ".w.w.", "w..w."),
            concat!("..w.", "w.", "w.w..", "....."),
            concat!("....", "w.", "w..w.", ".ww.."),
            concat!("..w.", "w.", "ww.w.", "w..w."),
            concat!("..w.", "w.", "w.ww.", "w..w."),
            concat!("..w.", "..", "w..w.", "w..w."),
            concat!("w.w.", "w.", "w..w.", ".ww.."),
            concat!(".w..", "..", ".....", "....."),
        ]
    );
    assert_eq!(widget("render.Text('j!ÑÖ')").size(), Some((16, 8)));
}

/// `TestTextParameters`: another font, then moved down, cut lower and
/// coloured.
#[test]
fn font_offset_height_and_colour() {
    assert_picture!(
        paint(&String::from("render.Text('ᚠӠ', font = '6x13')"), 0, 0, 0),
        [
            concat!("......", "......"),
            concat!("......", "......"),
            concat!(".w..w.", "wwwww."),
            concat!(".w.w..", "....w."),
            concat!(".ww...", "...w.."),
            concat!(".w..w.", "..w..."),
            concat!(".w.w..", ".www.."),
            concat!(".ww...", "....w."),
            concat!(".w....", "....w."),
            concat!(".w....", "w...w."),
            concat!(".w....", ".www.."),
            concat!("......", "......"),
            concat!("......", "......"),
        ]
    );
    assert_eq!(widget("render.Text('ᚠӠ', font = '6x13')").size(), Some((12, 13)));
    // Green, two pixels lower, ten high.
    assert_picture!(
        paint(
            &String::from("render.Text('ᚠӠ', font = '6x13', color = '#0f0', offset = -2, height = 10)"),
            0,
            0,
            0
        ),
        [
            concat!("......", "......"),
            concat!(".g..g.", "ggggg."),
            concat!(".g.g..", "....g."),
            concat!(".gg...", "...g.."),
            concat!(".g..g.", "..g..."),
            concat!(".g.g..", ".ggg.."),
            concat!(".gg...", "....g."),
            concat!(".g....", "....g."),
            concat!(".g....", "g...g."),
            concat!(".g....", ".ggg.."),
        ]
    );
    assert_eq!(
        widget("render.Text('ᚠӠ', font = '6x13', color = '#0f0', offset = -2, height = 10)").size(),
        Some((12, 10))
    );
}

/// `TestTextFonts`: glyphs below the baseline, above the capitals and of
/// different widths, in four fonts.
#[test]
fn fonts_draw_their_own_glyphs() {
    assert_picture!(
        paint(&String::from("render.Text('QqÖ!', font = '6x13')"), 0, 0, 0),
        [
            concat!("......", "......", "......", "......"),
            concat!("......", "......", ".w.w..", "......"),
            concat!(".www..", "......", ".w.w..", "..w..."),
            concat!("w...w.", "......", "......", "..w..."),
            concat!("w...w.", "......", ".www..", "..w..."),
            concat!("w...w.", ".wwww.", "w...w.", "..w..."),
            concat!("w...w.", "w...w.", "w...w.", "..w..."),
            concat!("w...w.", "w...w.", "w...w.", "..w..."),
            concat!("w...w.", "w...w.", "w...w.", "..w..."),
            concat!("w.w.w.", ".wwww.", "w...w.", "......"),
            concat!(".www..", "....w.", ".www..", "..w..."),
            concat!("....w.", "....w.", "......", "......"),
            concat!("......", "....w.", "......", "......"),
        ]
    );
    assert_eq!(widget("render.Text('QqÖ!', font = '6x13')").size(), Some((6 * 4, 13)));
    assert_picture!(
        paint(&String::from("render.Text('QqÖ!', font = 'Dina_r400-6')"), 0, 0, 0),
        [
            concat!("......", "......", ".w.w..", "......"),
            concat!("......", "......", "......", "......"),
            concat!(".www..", "......", ".www..", "..w..."),
            concat!("w...w.", ".wwww.", "w...w.", "..w..."),
            concat!("w...w.", "w...w.", "w...w.", "..w..."),
            concat!("w...w.", "w...w.", "w...w.", "..w..."),
            concat!("w..w..", "w...w.", "w...w.", "......"),
            concat!(".ww.w.", ".wwww.", ".www..", "..w..."),
            concat!("....w.", "....w.", "......", "......"),
            concat!("......", "....w.", "......", "......"),
        ]
    );
    assert_eq!(
        widget("render.Text('QqÖ!', font = 'Dina_r400-6')").size(),
        Some((6 * 4, 10))
    );
    assert_picture!(
        paint(&String::from("render.Text('QqÖ!', font = '5x8')"), 0, 0, 0),
        [
            concat!(".....", ".....", "w..w.", "....."),
            concat!(".ww..", ".....", ".....", "..w.."),
            concat!("w..w.", ".....", ".ww..", "..w.."),
            concat!("w..w.", ".www.", "w..w.", "..w.."),
            concat!("ww.w.", "w..w.", "w..w.", "..w.."),
            concat!("w.ww.", ".www.", "w..w.", "....."),
            concat!(".ww..", "...w.", ".ww..", "..w.."),
            concat!("...w.", "...w.", ".....", "....."),
        ]
    );
    assert_eq!(widget("render.Text('QqÖ!', font = '5x8')").size(), Some((5 * 4, 8)));
    assert_picture!(
        paint(&String::from("render.Text('QqÖ!', font = 'tb-8')"), 0, 0, 0),
        [
            concat!(".....", ".....", "w..w.", ".."),
            concat!(".ww..", ".....", ".....", "w."),
            concat!("w..w.", ".....", ".ww..", "w."),
            concat!("w..w.", ".www.", "w..w.", "w."),
            concat!("ww.w.", "w..w.", "w..w.", "w."),
            concat!("w.ww.", ".www.", "w..w.", ".."),
            concat!(".ww..", "...w.", ".ww..", "w."),
            concat!("...w.", "...w.", ".....", ".."),
        ]
    );
    assert_eq!(widget("render.Text('QqÖ!', font = 'tb-8')").size(), Some((17, 8)));
}

/// `TestTextMissingFont`: an unknown font is an error that names it.
#[test]
fn an_unknown_font_is_refused() {
    let error = build_error("render.Text('QqÖ!', font = 'missing')");
    assert!(error.contains("unknown font \"missing\""), "{error}");
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
    assert_eq!(widget_with("render.Text('A')", &options).size(), Some((9, 16)));
    assert_eq!(widget("render.Text('A')").size(), Some((5, 8)));
}

/// Texts side by side in the order given, each too short to be turned:
/// what a line drawn right to left must look like.
fn side_by_side(pieces: &[&str]) -> String {
    let texts: Vec<String> = pieces.iter().map(|p| format!("render.Text('{p}')")).collect();
    format!("render.Row(children = [{}])", texts.join(", "))
}

#[test]
fn hebrew_is_drawn_right_to_left() {
    assert_eq!(
        paint("render.Text('שלום')", 0, 0, 0),
        paint(&side_by_side(&["ם", "ו", "ל", "ש"]), 20, 8, 0)
    );
    // Only the right-to-left run turns; the Latin words keep their order.
    assert_eq!(
        paint("render.Text('abc שלום def')", 0, 0, 0),
        paint(&side_by_side(&["abc ", "ם", "ו", "ל", "ש", " def"]), 100, 8, 0)
    );
    // A right-to-left sentence puts a Latin word at its end on the left.
    assert_eq!(
        paint("render.Text('שלום abc')", 0, 0, 0),
        paint(&side_by_side(&["abc", " ", "ם", "ו", "ל", "ש"]), 100, 8, 0)
    );
    // Brackets inside a turned run are mirrored, so they still enclose.
    assert_eq!(
        paint("render.Text('ש(ל)')", 0, 0, 0),
        paint(&side_by_side(&["(", "ל", ")", "ש"]), 100, 8, 0)
    );
}

#[test]
fn heights_beyond_reason_are_refused() {
    let error = build_error("render.Text('A', height = 100000)");
    assert!(error.contains("Text: height 100000 is out of range"), "{error}");
    let error = build_error("render.Text('A', offset = 1.5)");
    assert!(
        error.contains("Text: for parameter offset: got float, want int"),
        "{error}"
    );
}

/// Pixlet's fonts, in the order `render.fonts` lists them (its font files'
/// names sorted: `6x10-rounded` before `6x10`).
const FONTS: &[&str] = &[
    "10x20",
    "5x8",
    "6x10-rounded",
    "6x10",
    "6x13",
    "CG-pixel-3x5-mono",
    "CG-pixel-4x5-mono",
    "Dina_r400-6",
    "tb-8",
    "terminus-12",
    "terminus-14-light",
    "terminus-14",
    "terminus-16-light",
    "terminus-16",
    "terminus-18-light",
    "terminus-18",
    "terminus-20-light",
    "terminus-20",
    "terminus-22-light",
    "terminus-22",
    "terminus-24-light",
    "terminus-24",
    "terminus-28-light",
    "terminus-28",
    "terminus-32-light",
    "terminus-32",
    "tom-thumb",
];

#[test]
fn render_fonts_lists_every_font_by_name_in_pixlets_order() {
    let names: Vec<String> = FONTS.iter().map(|name| format!("'{name}'")).collect();
    let source = format!(
        r#"load("render.star", "render")

def main():
    want = [{}]
    if list(render.fonts.keys()) != want:
        fail("render.fonts holds", list(render.fonts.keys()))
    for name, value in render.fonts.items():
        if name != value:
            fail(name, "maps to", value)
    return render.Root(child = render.Row(children = [render.Text("Aa", font = render.fonts[n]) for n in want]))
"#,
        names.join(", ")
    );
    let rendered = render(&source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rendered.frames.len(), 1);
}

#[test]
fn every_font_draws_text() {
    for name in FONTS {
        let size = widget(&format!("render.Text('Aa', font = '{name}')")).size().unwrap();
        assert!(size.0 > 0 && size.1 > 0, "{name}: {size:?}");
    }
}
