//! `animation.Rotate(angle)`: turns the child clockwise on screen by
//! `angle` degrees about the Transformation's origin.

use std::sync::Arc;

use super::required_number;
use super::transform::Transform;
use super::util::lerp;
use crate::render::Canvas;
use crate::values::spec::{Args, Built, Param, Spec};

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rotate {
    /// Degrees.
    pub angle: f64,
}

pub static SPEC: Spec = Spec {
    name: "Rotate",
    params: &[Param::required("angle")],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let rotate = Rotate {
        angle: required_number(args, "angle")?,
    };
    Ok(Built::Value(Arc::new(Transform::Rotate(rotate))))
}

impl Rotate {
    pub fn interpolate(&self, to: &Rotate, progress: f64) -> Rotate {
        Rotate {
            angle: lerp(self.angle, to.angle, progress),
        }
    }

    pub fn apply(&self, canvas: &mut Canvas, (ox, oy): (f64, f64)) {
        canvas.translate(ox, oy);
        canvas.rotate(radians(self.angle));
        canvas.translate(-ox, -oy);
    }
}

/// Degrees to radians, multiplied before dividing as gg does, so the same
/// angles give the same bits.
pub(super) fn radians(degrees: f64) -> f64 {
    degrees * std::f64::consts::PI / 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_the_angle_beyond_the_ends_too() {
        let from = Rotate { angle: 0.0 };
        let to = Rotate { angle: 360.0 };
        let cases = [
            (0.0, 0.0),
            (0.1, 36.0),
            (0.2, 72.0),
            (0.25, 90.0),
            (0.5, 180.0),
            (1.0, 360.0),
            (2.0, 720.0),
            (-1.0, -360.0),
        ];
        for (progress, angle) in cases {
            assert_eq!(from.interpolate(&to, progress), Rotate { angle }, "at {progress}");
        }
    }
}
