//! `Color`, the value `color.star` makes: a colour whose `r`, `g`, `b`, `a`
//! and `h`, `s`, `v` can be read and assigned, which every colour parameter
//! takes in place of a hex string.
//!
//! Like Pixlet's, a `Color` stays assignable after its module is frozen: an
//! app that keeps one in a global and changes it sees the change. The
//! channels sit in one atomic word, so that is safe here too.

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::collections::StarlarkHasher;
use starlark::environment::{Methods, MethodsBuilder, MethodsStatic};
use starlark::values::float::UnpackFloat;
use starlark::values::tuple::AllocTuple;
use starlark::values::{Heap, NoSerialize, StarlarkValue, UnpackValue, Value, ValueLike};
use starlark::{starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;

use crate::render::Color;

const FIELDS: [&str; 7] = ["r", "g", "b", "a", "h", "s", "v"];

/// A colour app code holds, with straight alpha.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct ColorValue {
    #[allocative(skip)]
    rgba: AtomicU32,
}

starlark_simple_value!(ColorValue);

impl ColorValue {
    pub fn new(color: Color) -> Self {
        Self {
            rgba: AtomicU32::new(u32::from_be_bytes([color.r, color.g, color.b, color.a])),
        }
    }

    pub fn get(&self) -> Color {
        let [r, g, b, a] = self.rgba.load(Ordering::Relaxed).to_be_bytes();
        Color::rgba(r, g, b, a)
    }

    fn set(&self, color: Color) {
        self.rgba.store(
            u32::from_be_bytes([color.r, color.g, color.b, color.a]),
            Ordering::Relaxed,
        );
    }

    /// The colour a value holds, if it is a `Color`.
    pub fn of(value: Value) -> Option<Color> {
        value.downcast_ref::<ColorValue>().map(ColorValue::get)
    }
}

impl fmt::Display for ColorValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Color(\"{}\")", hex(self.get()))
    }
}

#[starlark_value(type = "Color")]
impl<'v> StarlarkValue<'v> for ColorValue {
    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        let c = self.get();
        let (h, s, v) = to_hsv(c);
        Some(match attribute {
            "r" => heap.alloc(c.r as i32),
            "g" => heap.alloc(c.g as i32),
            "b" => heap.alloc(c.b as i32),
            "a" => heap.alloc(c.a as i32),
            "h" => heap.alloc(h),
            "s" => heap.alloc(s),
            "v" => heap.alloc(v),
            _ => return None,
        })
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        FIELDS.contains(&attribute)
    }

    fn dir_attr(&self) -> Vec<String> {
        FIELDS.iter().map(|f| f.to_string()).collect()
    }

    fn set_attr(&self, attribute: &str, new_value: Value<'v>) -> starlark::Result<()> {
        let c = self.get();
        let updated = match attribute {
            "r" | "g" | "b" | "a" => {
                let channel = new_value
                    .unpack_i32()
                    .ok_or_else(|| error(format!("value for {attribute:?} must be an integer")))?
                    .clamp(0, 255) as u8;
                match attribute {
                    "r" => Color { r: channel, ..c },
                    "g" => Color { g: channel, ..c },
                    "b" => Color { b: channel, ..c },
                    _ => Color { a: channel, ..c },
                }
            }
            "h" | "s" | "v" => {
                let number = UnpackFloat::unpack_value(new_value)
                    .ok()
                    .flatten()
                    .ok_or_else(|| error(format!("value for {attribute:?} must be a float")))?
                    .0;
                let (mut h, mut s, mut v) = to_hsv(c);
                match attribute {
                    "h" => h = number,
                    "s" => s = number,
                    _ => v = number,
                }
                from_hsv(h, s, v, c.a)
            }
            _ => return Err(error(format!("cannot assign to field {attribute:?}"))),
        };
        self.set(updated);
        Ok(())
    }

    /// The same object, as in Pixlet: two colours made alike are two.
    fn equals(&self, other: Value<'v>) -> starlark::Result<bool> {
        Ok(other
            .downcast_ref::<ColorValue>()
            .is_some_and(|o| std::ptr::eq(o, self)))
    }

    /// Hashable, as in Pixlet, but by nothing that can change: a colour is
    /// assignable, and equal only to itself anyway.
    fn write_hash(&self, _hasher: &mut StarlarkHasher) -> starlark::Result<()> {
        Ok(())
    }

    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("Color", color_methods);
        Some(METHODS.methods())
    }
}

fn error(message: String) -> starlark::Error {
    starlark::Error::new_other(anyhow::anyhow!(message))
}

#[starlark_module]
fn color_methods(builder: &mut MethodsBuilder) {
    /// The colour as hex, as short as it can be written (`#f00`, `#ff000080`).
    fn hex(this: Value) -> anyhow::Result<String> {
        Ok(hex(held(this)?))
    }

    /// `(r, g, b)`.
    fn rgb<'v>(this: Value<'v>, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let c = held(this)?;
        Ok(heap.alloc(AllocTuple([c.r, c.g, c.b].map(i32::from))))
    }

    /// `(r, g, b, a)`.
    fn rgba<'v>(this: Value<'v>, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let c = held(this)?;
        Ok(heap.alloc(AllocTuple([c.r, c.g, c.b, c.a].map(i32::from))))
    }

    /// `(h, s, v)`: hue in degrees, saturation and value from 0 to 1.
    fn hsv<'v>(this: Value<'v>, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let (h, s, v) = to_hsv(held(this)?);
        Ok(heap.alloc((h, s, v)))
    }

    /// `(h, s, v, a)`.
    fn hsva<'v>(this: Value<'v>, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let c = held(this)?;
        let (h, s, v) = to_hsv(c);
        Ok(heap.alloc(AllocTuple([
            heap.alloc(h),
            heap.alloc(s),
            heap.alloc(v),
            heap.alloc(c.a as i32),
        ])))
    }
}

/// The colour a method was called on.
fn held(value: Value) -> anyhow::Result<Color> {
    ColorValue::of(value).ok_or_else(|| anyhow::anyhow!("expected a Color"))
}

/// Hex as Pixlet writes it: `#rgb` when every channel repeats its digit,
/// the alpha only when not opaque.
pub fn hex(c: Color) -> String {
    let short = |v: u8| v >> 4 == v & 0xf;
    let opaque = c.a == 0xff;
    if short(c.r) && short(c.g) && short(c.b) {
        if opaque {
            return format!("#{:x}{:x}{:x}", c.r & 0xf, c.g & 0xf, c.b & 0xf);
        }
        if short(c.a) {
            return format!("#{:x}{:x}{:x}{:x}", c.r & 0xf, c.g & 0xf, c.b & 0xf, c.a & 0xf);
        }
    }
    if opaque {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// Hue (degrees), saturation and value (0 to 1) of a colour's channels.
pub fn to_hsv(c: Color) -> (f64, f64, f64) {
    let (r, g, b) = (c.r as f64 / 255.0, c.g as f64 / 255.0, c.b as f64 / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let d = max - min;
    let s = if max != 0.0 { d / max } else { 0.0 };
    let h = if d == 0.0 {
        0.0
    } else if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h * 60.0, s, max)
}

/// The colour of a hue (any angle, wrapped), saturation and value (clamped
/// to 0..1), rounded to the nearest channel values.
pub fn from_hsv(h: f64, s: f64, v: f64, a: u8) -> Color {
    let mut h = h % 360.0;
    if h < 0.0 {
        h += 360.0;
    }
    let (s, v) = (s.clamp(0.0, 1.0), v.clamp(0.0, 1.0));
    let c = v * s;
    let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
    let m = v - c;
    let (r, g, b) = match h {
        h if h < 60.0 => (c, x, 0.0),
        h if h < 120.0 => (x, c, 0.0),
        h if h < 180.0 => (0.0, c, x),
        h if h < 240.0 => (0.0, x, c),
        h if h < 300.0 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let channel = |f: f64| ((f + m) * 255.0).round() as u8;
    Color::rgba(channel(r), channel(g), channel(b), a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_as_short_as_pixlet_writes_it() {
        assert_eq!(hex(Color::rgb(0xff, 0, 0)), "#f00");
        assert_eq!(hex(Color::rgba(0xff, 0, 0, 0x88)), "#f008");
        assert_eq!(hex(Color::rgba(0xff, 0, 0, 0x80)), "#ff000080");
        assert_eq!(hex(Color::rgb(0x12, 0x34, 0x56)), "#123456");
    }

    #[test]
    fn hsv_round_trips_the_primaries() {
        assert_eq!(to_hsv(Color::rgb(0, 0, 0xff)), (240.0, 1.0, 1.0));
        assert_eq!(from_hsv(240.0, 1.0, 1.0, 0xff), Color::rgb(0, 0, 0xff));
        assert_eq!(from_hsv(-120.0, 2.0, 1.0, 7), Color::rgba(0, 0, 0xff, 7));
        assert_eq!(to_hsv(Color::rgb(0xff, 0, 0x80)).0.round(), 330.0);
    }
}
