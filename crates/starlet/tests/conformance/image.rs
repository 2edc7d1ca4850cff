//! `render.Image` (Pixlet's `image_test.go`), then the scaled pixels and
//! read-back attributes it leaves out. Pictures reach the app as files
//! beside it, as apps ship theirs.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use starlet::render::{Image, Rect, WidgetRef, paint_widget};

use crate::assert_picture;
use crate::common::{TestApp, ascii, printed, widget_with_files};

/// Pixlet's test PNG: a 10x12 red frame around a red plus, on transparency.
const TEST_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAoAAAAMCAYAAABbayygAAAAOUlEQVQoU2P8z8Dwn4EIwAhSyMjAwIhPLVgNukKYDciaaawQl6dATkCxmmiFMF8PgGeICnAiYpABACrQO/WD80OVAAAAAElFTkSuQmCC";

/// Pixlet's test GIF: 5x4, four frames 1230 ms apart, black pixels moving
/// right, no disposal method.
const TEST_GIF: &str = "R0lGODlhBQAEAPAAAAAAAAAAACH5BAF7AAAAIf8LTkVUU0NBUEUyLjADAQAAACwAAAAABQAEAAACBgRiaLmLBQAh+QQBewAAACwAAAAABQAEAAACBYRzpqhXACH5BAF7AAAALAAAAAAFAAQAAAIGDG6Qp8wFACH5BAF7AAAALAAAAAAFAAQAAAIGRIBnyMoFADs=";

const LOADS: &str = "load('test.png', PNG = 'file')\nload('test.gif', GIF = 'file')\nload('test.svg', SVG = 'file')\nload('pic.bin', PIC = 'file')\n";

const TEST_SVG: &str = r##"
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
  <rect x="0" y="0" width="5" height="10" fill="#FF0000"/>
</svg>
"##;

/// The widget `expression` builds, with Pixlet's test pictures loadable as
/// `PNG`, `GIF` and `SVG`, and `picture` as `PIC`.
pub(crate) fn image_with(expression: &str, picture: &[u8]) -> Result<WidgetRef, starlet::Error> {
    let png = STANDARD.decode(TEST_PNG).unwrap();
    let gif = STANDARD.decode(TEST_GIF).unwrap();
    widget_with_files(
        LOADS,
        expression,
        &[
            ("test.png", &png),
            ("test.gif", &gif),
            ("test.svg", TEST_SVG.as_bytes()),
            ("pic.bin", picture),
        ],
    )
}

fn image(expression: &str) -> WidgetRef {
    image_with(expression, b"").unwrap_or_else(|e| panic!("{e}"))
}

pub(crate) fn painted(widget: &WidgetRef, width: i32, height: i32, frame: usize) -> Image {
    paint_widget(widget.as_ref(), Rect::sized(width, height), frame)
}

pub(crate) fn paint(widget: &WidgetRef, width: i32, height: i32, frame: usize) -> Vec<String> {
    ascii(&painted(widget, width, height, frame))
}

/// Asserts a picture equals the expected rows, printing both when not.
fn same_picture(actual: Vec<String>, expected: &[&str]) {
    assert!(
        actual == expected,
        "picture differs\nEXPECTED\n{}\nACTUAL\n{}",
        expected.join("\n"),
        actual.join("\n")
    );
}

const PLUS: [&str; 12] = [
    "rrrrrrrrrr",
    "r........r",
    "r...rr...r",
    "r...rr...r",
    "r...rr...r",
    "r.rrrrrr.r",
    "r.rrrrrr.r",
    "r...rr...r",
    "r...rr...r",
    "r...rr...r",
    "r........r",
    "rrrrrrrrrr",
];

#[test]
fn a_png_is_drawn_at_its_own_size_whatever_the_bounds() {
    let png = image("render.Image(src = PNG.readall('rb'))");
    same_picture(paint(&png, 0, 0, 0), &PLUS);
    assert_eq!(png.size(), Some((10, 12)));
    same_picture(paint(&png, 100, 100, 0), &PLUS);
    assert_eq!(png.size(), Some((10, 12)));
}

#[test]
fn width_and_height_scale_the_picture() {
    for expression in [
        "render.Image(src = PNG.readall('rb'), width = 5, height = 6)",
        // One side keeps the aspect ratio.
        "render.Image(src = PNG.readall('rb'), width = 5)",
        "render.Image(src = PNG.readall('rb'), height = 6)",
    ] {
        let scaled = image(expression);
        assert_eq!(scaled.size(), Some((5, 6)), "{expression}");
        let picture = painted(&scaled, 0, 0, 0);
        assert_eq!((picture.width(), picture.height()), (5, 6), "{expression}");
    }
}

#[test]
fn shrinking_averages_what_each_pixel_covers_as_pixlet_does() {
    // Halving: each pixel is the mean of a 2x2 block, in straight alpha
    // (the PNG is RGBA): half-covered blocks come out half red, half
    // transparent.
    let half = image("render.Image(src = PNG.readall('rb'), width = 5)");
    let picture = painted(&half, 0, 0, 0);
    assert_picture!(ascii(&picture), ["?????", "?.r.?", "??r??", "??r??", "?.r.?", "?????"]);
    // (255 + 0) / 2 = 127.5, cut to 127 straight, drawn premultiplied.
    assert_eq!(picture.get(1, 2), [0x3f, 0, 0, 0x7f]);
    // The corner block holds three red pixels of four: 191.25 -> 191.
    assert_eq!(picture.color(0, 0), starlet::render::Color::rgba(191, 0, 0, 191));
}

#[test]
fn growing_repeats_pixels() {
    let doubled = image("render.Image(src = PNG.readall('rb'), width = 20)");
    assert_eq!(doubled.size(), Some((20, 24)));
    let picture = painted(&doubled, 0, 0, 0);
    let original = painted(&image("render.Image(src = PNG.readall('rb'))"), 0, 0, 0);
    for y in 0..24 {
        for x in 0..20 {
            assert_eq!(picture.get(x, y), original.get(x / 2, y / 2), "({x}, {y})");
        }
    }
}

#[test]
fn an_animated_gif_animates_over_what_was_there() {
    let gif = image("render.Image(src = GIF.readall('rb'))");
    assert_eq!(gif.size(), Some((5, 4)));
    assert_eq!(gif.frame_count(Rect::sized(0, 0)), 4);
    let frames = [
        ["..x..", "x....", ".x...", "...x."],
        // No disposal: later frames draw on top of earlier ones.
        ["..xx.", "xx...", ".xx..", "...xx"],
        ["x.xxx", "xxx..", ".xxx.", "...xx"],
        ["xxxxx", "xxxx.", ".xxxx", "...xx"],
    ];
    for (index, frame) in frames.iter().enumerate() {
        same_picture(paint(&gif, 100, 100, index), frame);
    }
    // It loops after the last frame.
    same_picture(paint(&gif, 100, 100, 4), &frames[0]);
    same_picture(paint(&gif, 100, 100, 5), &frames[1]);
    let app = TestApp::with_files(
        "load('render.star', 'render')\nload('test.gif', GIF = 'file')\ndef main():\n    print(render.Image(src = GIF.readall('rb')).delay)\n    return []\n",
        &[("test.gif", &STANDARD.decode(TEST_GIF).unwrap())],
    );
    assert_eq!(printed(&app).unwrap(), ["1230"]);
}

#[test]
fn hold_frames_holds_each_frame() {
    let gif = image("render.Image(src = GIF.readall('rb'), hold_frames = 2)");
    assert_eq!(gif.frame_count(Rect::sized(0, 0)), 8);
    let frame = |i| painted(&gif, 0, 0, i);
    assert_eq!(frame(0), frame(1));
    assert_ne!(frame(1), frame(2));
    assert_eq!(frame(2), frame(3));
    assert_eq!(frame(4), frame(5));
    assert_ne!(frame(3), frame(4));
    assert_eq!(frame(6), frame(7));
}

#[test]
fn an_svg_is_drawn_at_its_size() {
    let svg = image("render.Image(src = SVG.readall())");
    assert_eq!(svg.size(), Some((10, 10)));
    same_picture(paint(&svg, 0, 0, 0), &["rrrrr....."; 10]);
}

#[test]
fn attributes_read_back_as_pixlet_sets_them() {
    let app = TestApp::with_files(
        "load('render.star', 'render')\nload('test.gif', GIF = 'file')\nload('test.png', PNG = 'file')\n\
         def main():\n    \
         png = render.Image(PNG.readall('rb'), 5)\n    \
         print(png.width, png.height, png.hold_frames, png.delay, png.size(), png.frame_count())\n    \
         gif = render.Image(src = GIF.readall('rb'), hold_frames = 0)\n    \
         print(gif.hold_frames, gif.delay, gif.frame_count(), 'delay' in dir(gif))\n    \
         return []\n",
        &[
            ("test.gif", &STANDARD.decode(TEST_GIF).unwrap()),
            ("test.png", &STANDARD.decode(TEST_PNG).unwrap()),
        ],
    );
    assert_eq!(printed(&app).unwrap(), ["5 0 1 0 (5, 6) 1", "1 1230 4 True"]);
}

#[test]
fn src_takes_a_string_or_bytes_and_nothing_else() {
    // readall() gives a string when the data happens to be UTF-8 text.
    let svg = image("render.Image(src = SVG.readall('r'))");
    assert_eq!(svg.size(), Some((10, 10)));
    let error = image_with("render.Image(src = 42)", b"").unwrap_err().to_string();
    assert!(error.contains("got int, want string or bytes"), "{error}");
    let error = image_with("render.Image(src = PNG.readall('rb'), width = 2.5)", b"")
        .unwrap_err()
        .to_string();
    assert!(error.contains("want int"), "{error}");
    let error = image_with("render.Image(src = PNG.readall('rb'), width = -1)", b"")
        .unwrap_err()
        .to_string();
    assert!(error.contains("must not be negative"), "{error}");
}
