//! `filter.Brightness`, `Contrast`, `Gamma`, `Hue` and `Saturation`: colour
//! adjustments pixel by pixel, on premultiplied channels with alpha kept,
//! as bild's `adjust` package makes them.
//!
//! The amounts mean what they mean to bild: `Contrast(factor = 1)` and
//! `Saturation(factor = 1)` double the contrast or saturation, 0 keeps it
//! and -1 flattens it (Pixlet's docs describe 1 as no change, but its
//! pictures are bild's).

use super::{Effect, filtered, map_pixels, number};
use crate::render::Image;
use crate::render::raster::go_int;
use crate::values::spec::{Args, Built, Param, Spec};

pub static BRIGHTNESS: Spec = Spec {
    name: "Brightness",
    params: &[Param::required("child"), Param::required("change")],
    build: |args| {
        let change = number(args, "change")?;
        channel_map(args, |c| (c * (1.0 + change)).clamp(0.0, 255.0))
    },
};

pub static CONTRAST: Spec = Spec {
    name: "Contrast",
    params: &[Param::required("child"), Param::required("factor")],
    build: |args| {
        let change = number(args, "factor")?;
        channel_map(args, |c| {
            (((c / 255.0 - 0.5) * (1.0 + change) + 0.5) * 255.0).clamp(0.0, 255.0)
        })
    },
};

pub static GAMMA: Spec = Spec {
    name: "Gamma",
    params: &[Param::required("child"), Param::required("gamma")],
    build: |args| {
        let gamma = number(args, "gamma")?.max(0.00001);
        channel_map(args, |c| ((c / 255.0).powf(1.0 / gamma) * 255.0).clamp(0.0, 255.0))
    },
};

pub static HUE: Spec = Spec {
    name: "Hue",
    params: &[Param::required("child"), Param::required("change")],
    build: |args| {
        let change = go_int(number(args, "change")?);
        filtered(args, HueShift(change))
    },
};

pub static SATURATION: Spec = Spec {
    name: "Saturation",
    params: &[Param::required("child"), Param::required("factor")],
    build: |args| {
        let change = number(args, "factor")?;
        filtered(args, SaturationScale(change))
    },
};

/// The same function of each colour channel, as a 256-entry table.
#[derive(Debug)]
pub struct ChannelMap([u8; 256]);

fn channel_map(args: &Args, f: impl Fn(f64) -> f64) -> anyhow::Result<Built> {
    // The result is in 0..=255 already; `as` truncates as Go's uint8 does.
    let table = std::array::from_fn(|i| f(i as f64) as u8);
    filtered(args, ChannelMap(table))
}

impl Effect for ChannelMap {
    fn apply(&self, picture: Image) -> Image {
        let t = &self.0;
        map_pixels(picture, |[r, g, b, a]| [t[r as usize], t[g as usize], t[b as usize], a])
    }
}

/// Turns every hue by whole degrees.
#[derive(Debug)]
pub struct HueShift(i64);

impl Effect for HueShift {
    fn apply(&self, picture: Image) -> Image {
        map_pixels(picture, |[r, g, b, a]| {
            let (h, s, l) = to_hsl(r, g, b);
            let turned = ((h as i64).wrapping_add(self.0) % 360) as f64;
            let [r, g, b] = from_hsl(turned, s, l);
            [r, g, b, a]
        })
    }
}

/// Scales every saturation by `1 + change`.
#[derive(Debug)]
pub struct SaturationScale(f64);

impl Effect for SaturationScale {
    fn apply(&self, picture: Image) -> Image {
        map_pixels(picture, |[r, g, b, a]| {
            let (h, s, l) = to_hsl(r, g, b);
            let [r, g, b] = from_hsl(h, (s * (1.0 + self.0)).clamp(0.0, 1.0), l);
            [r, g, b, a]
        })
    }
}

/// Hue (degrees), saturation and lightness (0 to 1), as bild computes them.
fn to_hsl(r: u8, g: u8, b: u8) -> (f64, f64, f64) {
    let (r, g, b) = (r as f64 / 255.0, g as f64 / 255.0, b as f64 / 255.0);
    let max = r.max(g.max(b));
    let min = r.min(g.min(b));
    let delta = max - min;
    let l = (max + min) / 2.0;
    if delta <= 0.0 {
        return (0.0, 0.0, l);
    }
    let s = if l < 0.5 {
        delta / (max + min)
    } else {
        delta / (2.0 - max - min)
    };
    let mut h = if r >= max {
        (g - b) / delta
    } else if g >= max {
        (b - r) / delta + 2.0
    } else {
        (r - g) / delta + 4.0
    };
    h *= 60.0;
    if h < 0.0 {
        h += 360.0;
    }
    (h, s, l)
}

/// Back to channels, rounded half up; a hue below zero is wrapped once,
/// as bild does.
fn from_hsl(h: f64, s: f64, l: f64) -> [u8; 3] {
    let (r, g, b) = if s == 0.0 {
        (l, l, l)
    } else {
        let hi = if l < 0.5 { l * (1.0 + s) } else { (l + s) - (s * l) };
        let lo = 2.0 * l - hi;
        let h = h / 360.0;
        let channel = |mut v: f64| {
            if v < 0.0 {
                v += 1.0;
            } else if v > 1.0 {
                v -= 1.0;
            }
            if v < 1.0 / 6.0 {
                lo + (hi - lo) * 6.0 * v
            } else if v < 0.5 {
                hi
            } else if v < 2.0 / 3.0 {
                lo + (hi - lo) * (2.0 / 3.0 - v) * 6.0
            } else {
                lo
            }
        };
        (channel(h + 1.0 / 3.0), channel(h), channel(h - 1.0 / 3.0))
    };
    [r, g, b].map(|c| (c * 255.0 + 0.5).clamp(0.0, 255.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsl_round_trips_colours() {
        for rgb in [[255, 0, 0], [12, 200, 99], [128, 128, 128], [0, 0, 0], [250, 250, 5]] {
            let (h, s, l) = to_hsl(rgb[0], rgb[1], rgb[2]);
            assert_eq!(from_hsl(h, s, l), rgb, "{rgb:?}");
        }
        assert_eq!(to_hsl(0, 0, 255).0, 240.0);
    }

    #[test]
    fn turning_red_by_120_degrees_makes_green() {
        let picture = Image::from_pixels(1, 1, vec![[255, 0, 0, 255]]);
        assert_eq!(HueShift(120).apply(picture).get(0, 0), [0, 255, 0, 255]);
    }
}
