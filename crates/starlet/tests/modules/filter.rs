//! `filter.star`: each filter over a small child, with the pixels bild's
//! arithmetic gives (worked out by hand in the comments), as Pixlet draws.

use starlet::render::{Image, Rect, paint_widget};
use starlet::{ConfigMap, Error};

use crate::common::{TestApp, ascii, options};

/// The widget `expression` (with `render` and `filter` loaded), painted in
/// `width` x `height` bounds on a picture of its paint bounds.
fn paint(expression: &str, width: i32, height: i32) -> Result<Image, Error> {
    let source = format!(
        "load('render.star', 'render')\nload('filter.star', 'filter')\n\
         def main():\n    return render.Root(child = {expression})\n"
    );
    let roots = TestApp::new(&source)
        .load()?
        .run(&ConfigMap::new(), &ConfigMap::new(), &options())?;
    Ok(paint_widget(roots[0].child.as_ref(), Rect::sized(width, height), 0))
}

fn first_pixel(expression: &str) -> [u8; 4] {
    paint(expression, 8, 8).unwrap().get(0, 0)
}

const BROWN: &str = "render.Box(width = 2, height = 1, color = '#804020')";
const RED: &str = "render.Box(width = 1, height = 1, color = '#f00')";
/// Three scattered points, a picture that is not symmetric.
const POINTS: &str = "render.Plot(data = [(0, 0), (1, 0), (2, 1)], width = 3, height = 2, chart_type = 'scatter')";

#[test]
fn colour_adjustments_use_bilds_formulas() {
    // c * 1.5, truncated: 0x80 -> 192, 0x40 -> 96, 0x20 -> 48.
    assert_eq!(
        first_pixel(&format!("filter.Brightness(child = {BROWN}, change = 0.5)")),
        [192, 96, 48, 255]
    );
    // ((c / 255 - 0.5) * 2 + 0.5) * 255: factor 1 doubles the contrast.
    assert_eq!(
        first_pixel(&format!("filter.Contrast(child = {BROWN}, factor = 1)")),
        [128, 0, 0, 255]
    );
    // (c / 255)^2 * 255: 128 -> 64, 64 -> 16, 32 -> 4.
    assert_eq!(
        first_pixel(&format!("filter.Gamma(child = {BROWN}, gamma = 0.5)")),
        [64, 16, 4, 255]
    );
    assert_eq!(
        first_pixel(&format!("filter.Hue(child = {RED}, change = 120)")),
        [0, 255, 0, 255]
    );
    // Factor -1 leaves no saturation: red's lightness 0.5 is grey 128.
    assert_eq!(
        first_pixel(&format!("filter.Saturation(child = {RED}, factor = -1)")),
        [128, 128, 128, 255]
    );
}

#[test]
fn colour_effects_use_bilds_weights() {
    // 0.3 * 255 + 0.5 = 77.
    assert_eq!(
        first_pixel(&format!("filter.Grayscale(child = {RED})")),
        [77, 77, 77, 255]
    );
    assert_eq!(
        first_pixel(&format!("filter.Invert(child = {RED})")),
        [0, 255, 255, 255]
    );
    // White: 255 * 1.351 and 255 * 1.203 clamp to 255, 255 * 0.937 + 0.5 = 239.
    let white = "render.Box(width = 1, height = 1, color = '#fff')";
    assert_eq!(
        first_pixel(&format!("filter.Sepia(child = {white})")),
        [255, 255, 239, 255]
    );
}

#[test]
fn threshold_turns_everything_black_or_white_and_opaque() {
    // Red ranks 76 (below 128): black; the transparent sides: white.
    let picture = paint(
        &format!("filter.Threshold(child = render.Box(width = 3, height = 1, child = {RED}), level = 128)"),
        8,
        8,
    )
    .unwrap();
    assert_eq!(ascii(&picture), ["wxw"]);
}

#[test]
fn flips_mirror_the_childs_picture() {
    assert_eq!(ascii(&paint(POINTS, 8, 8).unwrap()), ["..w", "ww."]);
    assert_eq!(
        ascii(&paint(&format!("filter.FlipHorizontal(child = {POINTS})"), 8, 8).unwrap()),
        ["w..", ".ww"]
    );
    assert_eq!(
        ascii(&paint(&format!("filter.FlipVertical(child = {POINTS})"), 8, 8).unwrap()),
        ["ww.", "..w"]
    );
}

#[test]
fn convolutions_of_a_flat_picture() {
    let flat = "render.Box(width = 3, height = 3, color = '#4080c0')";
    // Edges of a flat picture are nothing; alpha stays the child's.
    assert_eq!(
        ascii(&paint(&format!("filter.EdgeDetection(child = {flat}, radius = 1)"), 8, 8).unwrap()),
        ["xxx"; 3]
    );
    // The emboss kernel sums to zero, plus bild's bias of 128.
    assert_eq!(
        first_pixel(&format!("filter.Emboss(child = {flat})")),
        [128, 128, 128, 255]
    );
    assert_eq!(
        first_pixel(&format!("filter.Sharpen(child = {flat})")),
        [0x40, 0x80, 0xc0, 255]
    );
}

/// bild's kernel for radius 1 is exp(-x² / 4) at -1, 0, 1, normalised:
/// 0.3045, 0.3910, 0.3045. A white dot becomes 77 and 99 across (99 in the
/// middle), then down: 38 in the middle, 30 beside it, 23 on the diagonals.
#[test]
fn blur_spreads_a_dot_over_three_radii_of_room() {
    let blurred = paint(
        "filter.Blur(child = render.Box(width = 1, height = 1, color = '#fff'), radius = 1)",
        8,
        8,
    )
    .unwrap();
    assert_eq!((blurred.width(), blurred.height()), (7, 7));
    assert_eq!(blurred.get(3, 3), [38; 4]);
    assert_eq!(blurred.get(2, 3), [30; 4]);
    assert_eq!(blurred.get(3, 4), [30; 4]);
    assert_eq!(blurred.get(2, 2), [23; 4]);
    assert_eq!(blurred.get(1, 3), [0; 4]);
}

#[test]
fn rotate_and_shear_turn_the_child_about_the_middle_of_its_bounds() {
    let bar = "render.Box(width = 2, height = 1, color = '#f00')";
    // cos(90°) is not quite 0 in floating point, so the bounds round up to
    // 2x2 here as in Pixlet; the bar turns about the middle of the 1x2
    // bounds offered.
    let turned = paint(&format!("filter.Rotate(child = {bar}, angle = 90)"), 1, 2).unwrap();
    assert_eq!(ascii(&turned), ["r.", "r."]);
    let sheared = paint(
        "filter.Shear(child = render.Box(width = 2, height = 2, color = '#f00'), x_angle = 45)",
        4,
        2,
    )
    .unwrap();
    assert_eq!((sheared.width(), sheared.height()), (4, 2));
    // A slanted edge covers part of the pixels it crosses, which gg blends
    // by area: the bar's sides come out translucent.
    assert_eq!(ascii(&sheared), ["?r?.", ".?r?"]);
    assert_eq!(sheared.get(1, 0), [0xff, 0, 0, 0xff]);
    assert!((1..0xff).contains(&sheared.get(0, 0)[3]), "{:?}", sheared.get(0, 0));
}

#[test]
fn filters_lay_out_and_animate_as_their_child() {
    let picture = paint(&format!("filter.Invert(child = {BROWN})"), 8, 8).unwrap();
    assert_eq!((picture.width(), picture.height()), (2, 1));
    let source = "load('render.star', 'render')\nload('filter.star', 'filter')\n\
        S = filter.Shear(child = render.Box(width = 1, height = 1))\n\
        def main():\n    \
            if S.x_angle != None or S.y_angle != None or S.child == None:\n        \
                fail('read back')\n    \
            return render.Root(child = S)\n";
    TestApp::new(source).render(&[]).unwrap();
}

#[test]
fn wrong_arguments_are_refused_with_the_reason() {
    for (call, says) in [
        ("filter.Blur(child = render.Box(), radius = 100)", "radius"),
        ("filter.EdgeDetection(child = render.Box(), radius = 9)", "radius"),
        ("filter.Invert(child = None)", "child"),
        ("filter.Invert(child = 'x')", "child"),
        ("filter.Gamma(child = render.Box(), gamma = 'x')", "gamma"),
        ("filter.Rotate(child = render.Box())", "angle"),
    ] {
        let error = paint(call, 8, 8).unwrap_err().to_string();
        assert!(error.contains(says), "{call}: {error}");
    }
}

/// A child far bigger than any panel is cut to the picture a filter may
/// hold rather than allocated whole.
#[test]
fn a_huge_child_is_cut_to_what_a_filter_paints() {
    let source = "load('render.star', 'render')\nload('filter.star', 'filter')\n\
        def main():\n    \
            return render.Root(child = filter.Invert(child = render.Box(width = 60000, height = 60000, color = '#fff')))\n";
    let frame = &TestApp::new(source).render(&[]).unwrap().frames[0];
    assert_eq!(frame.get(0, 0), [0, 0, 0, 0xff]);
    assert_eq!(frame.get(63, 31), [0, 0, 0, 0xff]);
}
