//! What `animation.Transformation` draws under turns, shrinking and
//! shearing. Pixlet anti-aliases shapes and resamples pictures there; these
//! pictures pin what Starlet draws, which follows the same rules (gg's
//! rasterizer coverage, x/image/draw's bilinear kernel) as closely as the
//! canvas models them (see the canvas's `coverage` and `resample`).

use crate::common::paint_image;

/// A transformation holding `transforms` throughout, `width` x `height`.
fn held(child: &str, transforms: &str, width: i32, height: i32) -> String {
    format!(
        "animation.Transformation(
            child = {child},
            keyframes = [animation.Keyframe(0.0, {transforms}), animation.Keyframe(1.0, {transforms})],
            duration = 10,
            width = {width},
            height = {height},
        )"
    )
}

/// The picture as rows of alphas in hex, for pictures all white (`ff` is
/// opaque white, `..` transparent); a pixel of another colour is `??`.
fn white_alphas(expression: &str, width: i32, height: i32) -> Vec<String> {
    let image = paint_image(expression, width, height, 0);
    (0..image.height())
        .map(|y| {
            (0..image.width())
                .map(|x| match image.get(x, y) {
                    [0, 0, 0, 0] => "..".to_owned(),
                    [r, g, b, a] if r == a && g == a && b == a => format!("{a:02x}"),
                    _ => "??".to_owned(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn a_box_turned_45_degrees_is_anti_aliased() {
    let turned = held(
        "render.Box(width = 3, height = 3, color = '#fff')",
        "[animation.Rotate(45)]",
        5,
        5,
    );
    // The 3x3 box turns about its centre (1.5, 1.5) into a diamond
    // reaching 2.12 pixels out; each pixel is as opaque as it is covered.
    assert_eq!(
        white_alphas(&turned, 5, 5),
        [
            "9e ff 9e 02 ..",
            "ff ff ff 60 ..",
            "9e ff 9e 02 ..",
            "02 60 02 .. ..",
            ".. .. .. .. ..",
        ]
    );
}

#[test]
fn text_turned_45_degrees_is_resampled() {
    let turned = held("render.Text('A')", "[animation.Rotate(45)]", 8, 8);
    // The 5x8 picture of the glyph turns about its centre (2.5, 4).
    assert_eq!(
        white_alphas(&turned, 8, 8),
        [
            ".. .. 06 12 .. .. .. ..",
            ".. ff 9f ea 51 .. .. ..",
            "ff cd 0f 44 a3 .. .. ..",
            "de dc 25 5a b0 01 .. ..",
            "0f 70 e7 f0 3b .. .. ..",
            ".. 5a f0 3b .. .. .. ..",
            "1c f0 3b .. .. .. .. ..",
            ".. 12 .. .. .. .. .. ..",
        ]
    );
}

#[test]
fn text_at_half_size_averages_its_pixels() {
    let shrunk = held("render.Text('A')", "[animation.Scale(0.5, 0.5)]", 5, 8);
    // Halved about its centre, the 5x8 glyph lands on 3x4 pixels, each a
    // weighted average of the pixels around its two source pixels.
    assert_eq!(
        white_alphas(&shrunk, 5, 8),
        [
            ".. .. .. .. ..",
            ".. .. .. .. ..",
            ".. 3c 5b 0c ..",
            ".. aa 68 4a ..",
            ".. ca 87 55 ..",
            ".. 61 24 30 ..",
            ".. .. .. .. ..",
            ".. .. .. .. ..",
        ]
    );
}

#[test]
fn a_sheared_box_slants() {
    let sheared = held(
        "render.Box(width = 2, height = 2, color = '#fff')",
        "[animation.Shear(45, 0)]",
        4,
        3,
    );
    // About the box's centre (1, 1), rows above it slant left and rows
    // below it right, 0.785 pixels per row (45 degrees in radians).
    assert_eq!(
        white_alphas(&sheared, 4, 3),
        ["ff 9c .. ..", "9c ff 64 ..", ".. .. .. .."]
    );
}

#[test]
fn text_squashed_to_nothing_disappears() {
    let squashed = held("render.Text('A')", "[animation.Scale(0, 1)]", 5, 8);
    assert!(
        white_alphas(&squashed, 5, 8)
            .iter()
            .all(|row| row.chars().all(|c| c == '.' || c == ' '))
    );
}

#[test]
fn extreme_transforms_and_positions_do_not_fail() {
    for transforms in [
        "[animation.Translate(1e308, -1e308)]",
        "[animation.Scale(1e300, 1e-300)]",
        "[animation.Rotate(float('nan'))]",
        "[animation.Shear(float('inf'), 0)]",
    ] {
        for child in ["render.Text('A')", "render.Box(width = 2, height = 2, color = '#fff')"] {
            let picture = white_alphas(&held(child, transforms, 4, 4), 4, 4);
            assert!(
                picture.iter().all(|row| !row.contains("??")),
                "{transforms}: {picture:?}"
            );
        }
    }
    let far = "animation.AnimatedPositioned(child = render.Box(width = 1, height = 1, color = '#fff'),
        duration = 9223372036854775807, delay = -9223372036854775807, curve = 'linear',
        x_start = -9223372036854775807, x_end = 9223372036854775807)";
    assert_eq!(white_alphas(far, 4, 4).len(), 4);
}
