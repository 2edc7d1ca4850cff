//! `render.Circle`. Pixlet has no tests of its own for it; these pin what
//! we draw. Pixlet fills the disc with gg's exact-area anti-aliasing, we
//! with tiny-skia's, which resolves coverage in sixteenths of a pixel: on
//! the circle of Pixlet's docs example, 122 of the frame's 2048 pixels
//! differ from Pixlet's picture, by at most 13 of 255 (4 on average), all
//! on the rim.

use starlet::render::Image;

use crate::assert_picture;
use crate::common::{TestApp, paint, paint_image, widget};

/// Each pixel as premultiplied `rrggbbaa`, `........` for transparent.
pub fn pixels(image: &Image) -> Vec<String> {
    (0..image.height())
        .map(|y| {
            (0..image.width())
                .map(|x| match image.get(x, y) {
                    [0, 0, 0, 0] => "........".to_owned(),
                    [r, g, b, a] => format!("{r:02x}{g:02x}{b:02x}{a:02x}"),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn a_disc_is_anti_aliased_at_its_rim() {
    assert_eq!(
        pixels(&paint_image("render.Circle(color = '#fff', diameter = 6)", 16, 16, 0)),
        [
            "10101010 8f8f8f8f efefefef efefefef 8f8f8f8f ........",
            "90909090 ffffffff ffffffff ffffffff ffffffff 90909090",
            "efefefef ffffffff ffffffff ffffffff ffffffff efefefef",
            "f0f0f0f0 ffffffff ffffffff ffffffff ffffffff f0f0f0f0",
            "90909090 ffffffff ffffffff ffffffff ffffffff 90909090",
            "........ 90909090 f0f0f0f0 f0f0f0f0 90909090 ........",
        ]
    );
    assert_eq!(
        pixels(&paint_image("render.Circle(color = '#fff', diameter = 5)", 16, 16, 0)),
        [
            "30303030 bfbfbfbf ffffffff bfbfbfbf 30303030",
            "bfbfbfbf ffffffff ffffffff ffffffff bfbfbfbf",
            "ffffffff ffffffff ffffffff ffffffff ffffffff",
            "c0c0c0c0 ffffffff ffffffff ffffffff c0c0c0c0",
            "30303030 c0c0c0c0 ffffffff c0c0c0c0 30303030",
        ]
    );
}

#[test]
fn the_child_is_centred_on_the_rounded_up_middle() {
    let child = "render.Box(width = 2, height = 2, color = '#f00')";
    let even = paint(
        &format!("render.Circle(color = '#0000', diameter = 6, child = {child})"),
        16,
        16,
        0,
    );
    assert_picture!(even, ["......", "......", "..rr..", "..rr..", "......", "......"]);
    // Pixlet centres on ceil(7 / 2) = 4, a pixel right of and below the middle.
    let odd = paint(
        "render.Circle(color = '#0000', diameter = 7, child = render.Box(width = 1, height = 1, color = '#f00'))",
        16,
        16,
        0,
    );
    assert_eq!(odd[4], "....r..");
}

#[test]
fn a_circle_has_its_diameter_and_its_childs_frames() {
    let circle = widget("render.Circle(color = '#fff', diameter = 9)");
    assert_eq!(circle.paint_bounds(Default::default(), 0).dx(), 9);
    assert_eq!(circle.frame_count(Default::default()), 1);
}

#[test]
fn a_color_value_or_none_paints_or_does_not() {
    let source = "load('render.star', 'render')\nload('color.star', 'color')\n\
        def main():\n    \
            return render.Root(child = render.Circle(color = color.rgb(0, 0, 255), diameter = 64))\n";
    let frame = &TestApp::new(source).render(&[]).unwrap().frames[0];
    assert_eq!(frame.get(32, 16), [0, 0, 0xff, 0xff]);
    assert_eq!(frame.get(0, 0), [0, 0, 0, 0xff]);
    assert_eq!(
        paint("render.Circle(color = '', diameter = 3)", 4, 4, 0),
        ["...", "...", "..."]
    );
}
