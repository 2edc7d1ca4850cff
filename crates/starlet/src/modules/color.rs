//! `color.star` (Tronbyt): making `Color` values from channels, hex or HSV.

use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::float::UnpackFloat;
use starlark::values::none::NoneOr;

use crate::render::Color;
use crate::values::color::{ColorValue, from_hsv};

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("color", color_members);
}

/// An alpha argument: opaque when left out, clamped into 0..=255.
fn alpha(a: NoneOr<i64>) -> u8 {
    a.into_option().map_or(0xff, channel)
}

fn channel(v: i64) -> u8 {
    v.clamp(0, 255) as u8
}

#[starlark_module]
fn color_members(builder: &mut GlobalsBuilder) {
    /// A colour from red, green, blue and alpha, each clamped into 0..=255.
    fn rgb(r: i64, g: i64, b: i64, #[starlark(default = NoneOr::None)] a: NoneOr<i64>) -> anyhow::Result<ColorValue> {
        Ok(ColorValue::new(Color::rgba(
            channel(r),
            channel(g),
            channel(b),
            alpha(a),
        )))
    }

    /// A colour from `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` (the `#` may
    /// be left out); `""` is transparent black.
    fn hex(value: &str) -> anyhow::Result<ColorValue> {
        if value.is_empty() {
            return Ok(ColorValue::new(Color::TRANSPARENT));
        }
        let color = Color::parse(value).map_err(|e| anyhow::anyhow!("invalid hex color: {e}"))?;
        Ok(ColorValue::new(color))
    }

    /// A colour from hue (degrees, wrapped), saturation and value (0 to 1,
    /// clamped) and alpha.
    fn hsv(
        h: UnpackFloat,
        s: UnpackFloat,
        v: UnpackFloat,
        #[starlark(default = NoneOr::None)] a: NoneOr<i64>,
    ) -> anyhow::Result<ColorValue> {
        Ok(ColorValue::new(from_hsv(h.0, s.0, v.0, alpha(a))))
    }
}
