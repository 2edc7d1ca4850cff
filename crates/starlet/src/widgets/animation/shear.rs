//! `animation.Shear(x_angle, y_angle)`: slants the child about the
//! Transformation's origin.
//!
//! As in Pixlet, the angles converted to radians are used as the shear
//! factors themselves (not their tangents): `x_angle = 45` moves a point
//! 0.785 of its height sideways.

use std::sync::Arc;

use super::optional_number;
use super::rotate::radians;
use super::transform::Transform;
use super::util::lerp;
use crate::render::{Affine, Canvas};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Shear {
    /// Degrees.
    pub x_angle: f64,
    /// Degrees.
    pub y_angle: f64,
}

pub static SPEC: Spec = Spec {
    name: "Shear",
    params: &[
        Param::optional("x_angle", Absent::Float(0.0)),
        Param::optional("y_angle", Absent::Float(0.0)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let shear = Shear {
        x_angle: optional_number(args, "x_angle")?.unwrap_or(0.0),
        y_angle: optional_number(args, "y_angle")?.unwrap_or(0.0),
    };
    Ok(Built::Value(Arc::new(Transform::Shear(shear))))
}

impl Shear {
    pub fn interpolate(&self, to: &Shear, progress: f64) -> Shear {
        Shear {
            x_angle: lerp(self.x_angle, to.x_angle, progress),
            y_angle: lerp(self.y_angle, to.y_angle, progress),
        }
    }

    pub fn apply(&self, canvas: &mut Canvas, (ox, oy): (f64, f64)) {
        canvas.translate(ox, oy);
        canvas.apply(&Affine {
            xx: 1.0,
            yx: radians(self.y_angle),
            xy: radians(self.x_angle),
            yy: 1.0,
            x0: 0.0,
            y0: 0.0,
        });
        canvas.translate(-ox, -oy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shear_factors_are_the_angles_in_radians() {
        let mut canvas = Canvas::new(1, 1);
        Shear {
            x_angle: 45.0,
            y_angle: 0.0,
        }
        .apply(&mut canvas, (0.0, 2.0));
        let (x, y) = canvas.transform_point(0.0, 3.0);
        assert!(
            (x - std::f64::consts::FRAC_PI_4).abs() < 1e-12 && y == 3.0,
            "({x}, {y})"
        );
    }

    #[test]
    fn interpolates_both_angles() {
        let from = Shear::default();
        let to = Shear {
            x_angle: 10.0,
            y_angle: -20.0,
        };
        assert_eq!(
            from.interpolate(&to, 0.5),
            Shear {
                x_angle: 5.0,
                y_angle: -10.0
            }
        );
    }
}
