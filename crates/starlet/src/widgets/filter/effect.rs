//! `filter.Grayscale`, `Sepia`, `Invert` and `Threshold`: fixed colour
//! effects pixel by pixel on premultiplied channels, as bild's `effect` and
//! `segment` packages make them.

use super::{Effect, filtered, go_u8, map_pixels, number};
use crate::render::Image;
use crate::values::spec::{Param, Spec};

const CHILD: &[Param] = &[Param::required("child")];

pub static GRAYSCALE: Spec = Spec {
    name: "Grayscale",
    params: CHILD,
    build: |args| filtered(args, Grayscale),
};

pub static SEPIA: Spec = Spec {
    name: "Sepia",
    params: CHILD,
    build: |args| filtered(args, Sepia),
};

pub static INVERT: Spec = Spec {
    name: "Invert",
    params: CHILD,
    build: |args| filtered(args, Invert),
};

pub static THRESHOLD: Spec = Spec {
    name: "Threshold",
    params: &[Param::required("child"), Param::required("level")],
    build: |args| {
        let level = go_u8(number(args, "level")?);
        filtered(args, Threshold(level))
    },
};

/// How bright a pixel looks: bild's weights of red, green and blue.
fn rank([r, g, b, _]: [u8; 4]) -> f64 {
    r as f64 * 0.3 + g as f64 * 0.6 + b as f64 * 0.1
}

#[derive(Debug)]
pub struct Grayscale;

impl Effect for Grayscale {
    fn apply(&self, picture: Image) -> Image {
        map_pixels(picture, |p| {
            let k = (rank(p) + 0.5) as u8;
            [k, k, k, p[3]]
        })
    }
}

#[derive(Debug)]
pub struct Sepia;

impl Effect for Sepia {
    fn apply(&self, picture: Image) -> Image {
        map_pixels(picture, |[r, g, b, a]| {
            let (r, g, b) = (r as f64, g as f64, b as f64);
            let tone = |kr: f64, kg: f64, kb: f64| (r * kr + g * kg + b * kb + 0.5).clamp(0.0, 255.0) as u8;
            [
                tone(0.393, 0.769, 0.189),
                tone(0.349, 0.686, 0.168),
                tone(0.272, 0.534, 0.131),
                a,
            ]
        })
    }
}

#[derive(Debug)]
pub struct Invert;

impl Effect for Invert {
    fn apply(&self, picture: Image) -> Image {
        map_pixels(picture, |[r, g, b, a]| [255 - r, 255 - g, 255 - b, a])
    }
}

/// Opaque white where a pixel ranks at `level` or above (and where it is
/// fully transparent), opaque black elsewhere: a grey picture, as bild
/// makes it.
#[derive(Debug)]
pub struct Threshold(u8);

impl Effect for Threshold {
    fn apply(&self, picture: Image) -> Image {
        map_pixels(picture, |p| {
            let white = p == [0; 4] || rank(p) as u8 >= self.0;
            let v = if white { 0xff } else { 0 };
            [v, v, v, 0xff]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(pixel: [u8; 4]) -> Image {
        Image::from_pixels(1, 1, vec![pixel])
    }

    #[test]
    fn effects_keep_alpha_and_change_colour() {
        assert_eq!(
            Grayscale.apply(one([100, 200, 50, 200])).get(0, 0),
            [155, 155, 155, 200]
        );
        assert_eq!(Invert.apply(one([0, 10, 255, 128])).get(0, 0), [255, 245, 0, 128]);
        assert_eq!(Sepia.apply(one([100, 100, 100, 255])).get(0, 0), [135, 120, 94, 255]);
    }

    #[test]
    fn threshold_makes_transparent_pixels_white_and_opaque() {
        assert_eq!(Threshold(128).apply(one([0; 4])).get(0, 0), [255; 4]);
        assert_eq!(Threshold(128).apply(one([0, 0, 0, 10])).get(0, 0), [0, 0, 0, 255]);
        assert_eq!(Threshold(128).apply(one([200, 200, 200, 200])).get(0, 0), [255; 4]);
    }
}
