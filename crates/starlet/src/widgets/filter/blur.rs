//! `filter.Blur`: the child blurred with bild's Gaussian, on a picture
//! grown by three radii on every side so the blur has room to spread.

use std::sync::Arc;

use image::RgbaImage;
use imageproc::filter::filter;
use imageproc::kernel::Kernel;

use super::{child, from_buffer, number, paint_child, to_buffer};
use crate::render::{Canvas, Image, Rect, Widget, WidgetRef};
use crate::values::spec::{Built, Param, Spec};

/// The widest blur radius: beyond it, a panel's picture is a smear.
pub const MAX_RADIUS: f64 = 32.0;

pub static SPEC: Spec = Spec {
    name: "Blur",
    params: &[Param::required("child"), Param::required("radius")],
    build: |args| {
        let radius = number(args, "radius")?;
        anyhow::ensure!(
            radius.is_finite() && radius.abs() <= MAX_RADIUS,
            "Blur: radius is {radius}, want a number from -{MAX_RADIUS} to {MAX_RADIUS}"
        );
        Ok(Built::Widget(Arc::new(Blur {
            child: child(args)?,
            radius,
        })))
    },
};

#[derive(Debug)]
pub struct Blur {
    pub child: WidgetRef,
    pub radius: f64,
}

impl Blur {
    /// The room around the child: three radii, rounded up.
    fn padding(&self) -> i32 {
        (self.radius * 3.0).ceil() as i32
    }
}

impl Widget for Blur {
    fn paint_bounds(&self, bounds: Rect, frame: usize) -> Rect {
        let area = self.child.paint_bounds(bounds, frame);
        let pad = self.padding();
        Rect::sized(area.dx() + 2 * pad, area.dy() + 2 * pad)
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let area = self.child.paint_bounds(bounds, frame);
        let picture = paint_child(self.child.as_ref(), area, self.padding(), frame);
        canvas.draw_image(&gaussian(picture, self.radius), 0, 0);
    }

    fn frame_count(&self, bounds: Rect) -> usize {
        self.child.frame_count(bounds)
    }
}

/// bild's Gaussian blur: a kernel `ceil(2r + 1)` long of `exp(-x² / 4r)`
/// from `x = -r` in steps of one, normalised, across then down, each pass
/// truncated to whole channel values. No blur for a radius of 0 or less.
pub fn gaussian(picture: Image, radius: f64) -> Image {
    if radius.is_nan() || radius <= 0.0 || picture.width() == 0 || picture.height() == 0 {
        return picture;
    }
    let length = (2.0 * radius + 1.0).ceil() as usize;
    let weights: Vec<f64> = (0..length)
        .map(|i| {
            let x = i as f64 - radius;
            (-(x * x / 4.0 / radius)).exp()
        })
        .collect();
    let total: f64 = weights.iter().map(|w| w.abs()).sum();
    let weights: Vec<f64> = weights.iter().map(|w| w / total).collect();
    let truncate = |sum: f64| sum.clamp(0.0, 255.0) as u8;
    let across: RgbaImage = filter(&to_buffer(&picture), Kernel::new(&weights, length as u32, 1), truncate);
    from_buffer(filter(&across, Kernel::new(&weights, 1, length as u32), truncate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blurred_dot_spreads_symmetrically_and_keeps_its_middle_brightest() {
        let mut picture = Image::new(5, 5);
        picture.set(2, 2, [255; 4]);
        let blurred = gaussian(picture, 1.0);
        let centre = blurred.get(2, 2)[3];
        assert!(centre > blurred.get(1, 2)[3] && blurred.get(1, 2)[3] > 0);
        assert_eq!(blurred.get(1, 2), blurred.get(3, 2));
        assert_eq!(blurred.get(2, 1), blurred.get(2, 3));
        assert_eq!(blurred.get(0, 0), [0; 4]);
    }

    #[test]
    fn no_radius_no_blur() {
        let picture = Image::from_pixels(1, 2, vec![[9; 4], [0; 4]]);
        assert_eq!(gaussian(picture.clone(), 0.0), picture);
    }
}
