//! `animation.Scale(x, y)`: scales the child about the Transformation's
//! origin.

use std::sync::Arc;

use super::required_number;
use super::transform::Transform;
use super::util::lerp;
use crate::render::Canvas;
use crate::values::spec::{Args, Built, Param, Spec};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub x: f64,
    pub y: f64,
}

impl Default for Scale {
    /// No change: what a keyframe without a scale interpolates from.
    fn default() -> Self {
        Scale { x: 1.0, y: 1.0 }
    }
}

pub static SPEC: Spec = Spec {
    name: "Scale",
    params: &[Param::required("x"), Param::required("y")],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let scale = Scale {
        x: required_number(args, "x")?,
        y: required_number(args, "y")?,
    };
    Ok(Built::Value(Arc::new(Transform::Scale(scale))))
}

impl Scale {
    pub fn interpolate(&self, to: &Scale, progress: f64) -> Scale {
        Scale {
            x: lerp(self.x, to.x, progress),
            y: lerp(self.y, to.y, progress),
        }
    }

    pub fn apply(&self, canvas: &mut Canvas, (ox, oy): (f64, f64)) {
        canvas.translate(ox, oy);
        canvas.scale(self.x, self.y);
        canvas.translate(-ox, -oy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_both_factors() {
        let from = Scale { x: 0.0, y: 0.0 };
        let to = Scale { x: 100.0, y: 200.0 };
        let cases = [
            (0.0, 0.0, 0.0),
            (0.1, 10.0, 20.0),
            (0.33, 33.0, 66.0),
            (1.0, 100.0, 200.0),
            (13.37, 1337.0, 2674.0),
        ];
        for (progress, x, y) in cases {
            assert_eq!(from.interpolate(&to, progress), Scale { x, y }, "at {progress}");
        }
    }
}
