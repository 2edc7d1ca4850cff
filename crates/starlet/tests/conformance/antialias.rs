//! Tronbyt's `Line`, `Arc` and `Polygon` (Pixlet's `antialias_test.go`):
//! strokes are whole pixels unless `antialias` is set. The pixel-exact
//! strokes are Pixlet's algorithm step for step, so their pictures are
//! Pixlet's. The anti-aliased ones are pinned as we draw them: tiny-skia
//! resolves coverage in sixteenths of a pixel where gg (Pixlet) computes
//! exact areas, so edge pixels may differ from Pixlet's by a few levels.

use starlet::render::Image;

use crate::assert_picture;
use crate::common::{TestApp, paint_image};

const WHITE_LINE: &str = "x1 = 0, y1 = 0, x2 = 15, y2 = 7, width = 1, color = '#fff'";
const WHITE_ARC: &str =
    "x = 8, y = 8, radius = 6, start_angle = 0, end_angle = 3.141592653589793 * 1.5, width = 1, color = '#fff'";
const WHITE_TRIANGLE: &str = "vertices = [(1, 1), (14, 2), (8, 13)], stroke_color = '#fff', stroke_width = 1";

/// Each pixel's alpha as two hex digits, `..` for none; white shapes on
/// transparent have every channel equal to it.
fn alphas(image: &Image) -> Vec<String> {
    (0..image.height())
        .map(|y| {
            (0..image.width())
                .map(|x| match image.get(x, y)[3] {
                    0 => "..".to_owned(),
                    a => format!("{a:02x}"),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The widget `expression` painted in 16x16 bounds, as Pixlet's tests do.
fn shape(expression: &str) -> Image {
    paint_image(expression, 16, 16, 0)
}

/// Pixlet's `assertBinaryAlpha` and `assertHasPaintedPixels`.
fn assert_binary_and_painted(image: &Image) {
    assert!(
        image.pixels().iter().all(|p| p[3] == 0 || p[3] == 0xff),
        "{:?}",
        alphas(image)
    );
    assert!(image.pixels().iter().any(|p| p[3] != 0), "nothing painted");
}

/// Pixlet's `assertHasIntermediateAlpha`.
fn assert_some_partly_covered(image: &Image) {
    assert!(
        image.pixels().iter().any(|p| p[3] != 0 && p[3] != 0xff),
        "{:?}",
        alphas(image)
    );
}

#[test]
fn a_line_is_whole_pixels_by_default() {
    let line = shape(&format!("render.Line({WHITE_LINE})"));
    assert_binary_and_painted(&line);
    assert_eq!(
        alphas(&line),
        [
            "ff ff .. .. .. .. .. .. .. .. .. .. .. .. .. ..",
            ".. .. ff ff .. .. .. .. .. .. .. .. .. .. .. ..",
            ".. .. .. .. ff ff .. .. .. .. .. .. .. .. .. ..",
            ".. .. .. .. .. .. ff ff .. .. .. .. .. .. .. ..",
            ".. .. .. .. .. .. .. .. ff ff .. .. .. .. .. ..",
            ".. .. .. .. .. .. .. .. .. .. ff ff .. .. .. ..",
            ".. .. .. .. .. .. .. .. .. .. .. .. ff ff .. ..",
            ".. .. .. .. .. .. .. .. .. .. .. .. .. .. ff ff",
        ]
    );
}

#[test]
fn a_line_is_smooth_when_asked() {
    let line = shape(&format!("render.Line({WHITE_LINE}, antialias = True)"));
    assert_some_partly_covered(&line);
    assert_eq!(
        alphas(&line),
        [
            "e0 9f 20 .. .. .. .. .. .. .. .. .. .. .. .. ..",
            "10 80 f0 9f 20 .. .. .. .. .. .. .. .. .. .. ..",
            ".. .. 10 80 e0 bf 40 .. .. .. .. .. .. .. .. ..",
            ".. .. .. .. .. 60 e0 bf 4f .. .. .. .. .. .. ..",
            ".. .. .. .. .. .. .. 60 c0 df 5f .. .. .. .. ..",
            ".. .. .. .. .. .. .. .. .. 40 c0 df 6f 10 .. ..",
            ".. .. .. .. .. .. .. .. .. .. .. 30 a0 ef 7f 10",
            ".. .. .. .. .. .. .. .. .. .. .. .. .. 20 a0 e0",
        ]
    );
}

/// Pixlet's `TestLineNoAADoesNotDropTransforms` paints the line on a canvas
/// translated by (10, 5); a `Box` centring the 2x1 line in 20x20 translates
/// it by (9, 10).
#[test]
fn a_whole_pixel_line_follows_its_parents_transform() {
    let boxed = shape(
        "render.Box(width = 20, height = 20, child = render.Line(x1 = 0, y1 = 0, x2 = 1, y2 = 0, width = 1, color = '#fff'))",
    );
    assert_eq!(boxed.get(0, 0), [0; 4]);
    assert_eq!(boxed.get(9, 10), [0xff; 4]);
    assert_eq!(boxed.get(10, 10), [0xff; 4]);
    assert_eq!(boxed.pixels().iter().filter(|p| p[3] != 0).count(), 2);
}

#[test]
fn an_arc_is_whole_pixels_by_default() {
    let arc = shape(&format!("render.Arc({WHITE_ARC})"));
    assert_binary_and_painted(&arc);
    assert_eq!(
        alphas(&arc),
        [
            ".. .. .. .. ff ff ff .. .. .. .. .. ..",
            ".. .. ff ff ff .. .. .. .. .. .. .. ..",
            ".. ff ff .. .. .. .. .. .. .. .. .. ..",
            ".. ff .. .. .. .. .. .. .. .. .. .. ..",
            "ff ff .. .. .. .. .. .. .. .. .. .. ..",
            "ff .. .. .. .. .. .. .. .. .. .. .. ..",
            "ff .. .. .. .. .. .. .. .. .. .. .. ff",
            "ff .. .. .. .. .. .. .. .. .. .. .. ff",
            "ff ff .. .. .. .. .. .. .. .. .. ff ff",
            ".. ff .. .. .. .. .. .. .. .. .. ff ..",
            ".. ff ff .. .. .. .. .. .. .. ff ff ..",
            ".. .. ff ff ff .. .. .. ff ff ff .. ..",
            ".. .. .. .. ff ff ff ff ff .. .. .. ..",
        ]
    );
}

#[test]
fn an_arc_is_smooth_when_asked() {
    let arc = shape(&format!("render.Arc({WHITE_ARC}, antialias = True)"));
    assert_some_partly_covered(&arc);
    assert_eq!(
        alphas(&arc),
        [
            ".. .. .. 40 af ef e0 .. .. .. .. .. ..",
            ".. .. 9f e0 60 20 .. .. .. .. .. .. ..",
            ".. 9f a0 10 .. .. .. .. .. .. .. .. ..",
            "40 e0 10 .. .. .. .. .. .. .. .. .. ..",
            "b0 60 .. .. .. .. .. .. .. .. .. .. ..",
            "ef 10 .. .. .. .. .. .. .. .. .. .. ..",
            "ff .. .. .. .. .. .. .. .. .. .. .. df",
            "f0 10 .. .. .. .. .. .. .. .. .. 20 f0",
            "b0 60 .. .. .. .. .. .. .. .. .. 60 a0",
            "40 df 10 .. .. .. .. .. .. .. 10 df 40",
            ".. a0 bf 10 .. .. .. .. .. 10 bf a0 ..",
            ".. .. a0 df 5f 10 .. 20 5f df 90 .. ..",
            ".. .. .. 40 b0 f0 ff f0 a0 40 .. .. ..",
        ]
    );
}

#[test]
fn a_polygon_outline_is_whole_pixels_by_default() {
    let triangle = shape(&format!("render.Polygon({WHITE_TRIANGLE})"));
    assert_binary_and_painted(&triangle);
    assert_eq!(
        alphas(&triangle),
        [
            "ff ff ff ff ff ff ff .. .. .. .. .. .. ..",
            ".. ff .. .. .. .. .. ff ff ff ff ff ff ff",
            ".. ff .. .. .. .. .. .. .. .. .. .. ff ..",
            ".. .. ff .. .. .. .. .. .. .. .. .. ff ..",
            ".. .. ff .. .. .. .. .. .. .. .. ff .. ..",
            ".. .. .. ff .. .. .. .. .. .. .. ff .. ..",
            ".. .. .. ff .. .. .. .. .. .. ff .. .. ..",
            ".. .. .. .. ff .. .. .. .. .. ff .. .. ..",
            ".. .. .. .. .. ff .. .. .. ff .. .. .. ..",
            ".. .. .. .. .. ff .. .. .. ff .. .. .. ..",
            ".. .. .. .. .. .. ff .. ff .. .. .. .. ..",
            ".. .. .. .. .. .. ff .. ff .. .. .. .. ..",
            ".. .. .. .. .. .. .. ff .. .. .. .. .. ..",
        ]
    );
}

#[test]
fn a_polygon_outline_is_smooth_when_asked() {
    let triangle = shape(&format!("render.Polygon({WHITE_TRIANGLE}, antialias = True)"));
    assert_some_partly_covered(&triangle);
    assert_eq!(
        alphas(&triangle),
        [
            "e0 ff cf bf bf 9f 7f 7f 6f 3f 3f 3f .. ..",
            "80 af 30 40 40 60 80 80 90 c0 c0 c0 ff e0",
            "10 e0 40 .. .. .. .. .. .. .. .. .. a0 80",
            ".. 50 cf .. .. .. .. .. .. .. .. 20 f0 10",
            ".. .. c0 70 .. .. .. .. .. .. .. bf 70 ..",
            ".. .. 30 ef 10 .. .. .. .. .. 40 e0 .. ..",
            ".. .. .. 90 90 .. .. .. .. .. bf 60 .. ..",
            ".. .. .. 10 f0 30 .. .. .. 60 c0 .. .. ..",
            ".. .. .. .. 70 bf .. .. .. df 40 .. .. ..",
            ".. .. .. .. .. d0 50 .. 70 c0 .. .. .. ..",
            ".. .. .. .. .. 40 df 20 ef 20 .. .. .. ..",
            ".. .. .. .. .. .. b0 df a0 .. .. .. .. ..",
            ".. .. .. .. .. .. 20 e0 20 .. .. .. .. ..",
        ]
    );
}

/// The docs' example, smaller: the fill is exact on whole pixels, and the
/// whole-pixel outline is set over it.
#[test]
fn a_filled_polygon_with_an_outline() {
    let image = shape(
        "render.Polygon(vertices = [(0, 0), (4, 0), (4, 2), (0, 2)], fill_color = '#00f', stroke_color = '#fff', stroke_width = 1)",
    );
    assert_eq!(crate::common::ascii(&image), ["wwwww", "wbbbw", "wwwww"]);
    let filled = shape("render.Polygon(vertices = [(0, 0), (3, 0), (3, 2), (0, 2)], fill_color = '#f00')");
    assert_eq!(crate::common::ascii(&filled), ["rrr", "rrr"]);
}

#[test]
fn unset_parameters_read_back_as_pixlet_reads_them() {
    let source = "load('render.star', 'render')\n\
        L = render.Line(x1 = 0, y1 = 0, x2 = 3, y2 = 0, color = '#fff', width = 1)\n\
        P = render.Polygon(vertices = [(0, 0), (1, 1)])\n\
        def main():\n    \
            if L.antialias or P.antialias or P.stroke_width != None or P.fill_color != None or L.x2 != 3:\n        \
                fail('read back')\n    \
            return render.Root(child = L)\n";
    TestApp::new(source).render(&[]).unwrap();
}

#[test]
fn shapes_too_big_to_draw_are_refused_with_the_reason() {
    for (call, says) in [
        (
            "render.Line(x1 = 0, y1 = 0, x2 = 1e9, y2 = 0, color = '#fff', width = 1)",
            "x2",
        ),
        (
            "render.Line(x1 = 0, y1 = 0, x2 = 1, y2 = 0, color = '#fff', width = 1000)",
            "width",
        ),
        (
            "render.Arc(x = 0, y = 0, radius = 10000, start_angle = 0, end_angle = 10000, color = '#fff', width = 1)",
            "too long",
        ),
        ("render.Polygon(vertices = [(0, 0), [1, 1]])", "vertex 1"),
        ("render.Polygon(vertices = [(0, float('nan'))])", "vertex 0"),
    ] {
        let source = format!("load('render.star', 'render')\ndef main():\n    return render.Root(child = {call})\n");
        let error = TestApp::new(&source).render(&[]).unwrap_err().to_string();
        assert!(error.contains(says), "{call}: {error}");
    }
}

/// The example of Pixlet's widget docs, the whole 64x32 frame as its docs
/// picture shows it, pixel for pixel.
#[test]
fn the_docs_example_matches_pixlets_picture() {
    let source = "load('render.star', 'render')\n\
        def main():\n    \
            return render.Root(child = render.Polygon(vertices = [(0, 0), (20, 0), (20, 10), (0, 10)], \
                fill_color = '#00f', stroke_color = '#fff', stroke_width = 1))\n";
    let frame = &TestApp::new(source).render(&[]).unwrap().frames[0];
    assert_picture!(
        crate::common::ascii(frame),
        [
            "wwwwwwwwwwwwwwwwwwwwwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wbbbbbbbbbbbbbbbbbbbwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wbbbbbbbbbbbbbbbbbbbwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wbbbbbbbbbbbbbbbbbbbwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wbbbbbbbbbbbbbbbbbbbwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wbbbbbbbbbbbbbbbbbbbwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wbbbbbbbbbbbbbbbbbbbwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wbbbbbbbbbbbbbbbbbbbwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wbbbbbbbbbbbbbbbbbbbwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wbbbbbbbbbbbbbbbbbbbwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "wwwwwwwwwwwwwwwwwwwwwxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ]
    );
}
