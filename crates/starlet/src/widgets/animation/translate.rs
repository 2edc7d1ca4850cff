//! `animation.Translate(x, y)`: moves the child by an offset, rounded to
//! whole pixels as the Transformation's `rounding` says.

use std::sync::Arc;

use super::required_number;
use super::rounding::Rounding;
use super::transform::Transform;
use super::util::lerp;
use crate::render::Canvas;
use crate::values::spec::{Args, Built, Param, Spec};

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Translate {
    pub x: f64,
    pub y: f64,
}

pub static SPEC: Spec = Spec {
    name: "Translate",
    params: &[Param::required("x"), Param::required("y")],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let translate = Translate {
        x: required_number(args, "x")?,
        y: required_number(args, "y")?,
    };
    Ok(Built::Value(Arc::new(Transform::Translate(translate))))
}

impl Translate {
    pub fn interpolate(&self, to: &Translate, progress: f64) -> Translate {
        Translate {
            x: lerp(self.x, to.x, progress),
            y: lerp(self.y, to.y, progress),
        }
    }

    pub fn apply(&self, canvas: &mut Canvas, rounding: Rounding) {
        canvas.translate(rounding.apply(self.x), rounding.apply(self.y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_both_offsets() {
        let from = Translate { x: 0.0, y: 0.0 };
        let to = Translate { x: 100.0, y: 200.0 };
        let cases = [
            (0.0, 0.0, 0.0),
            (0.1, 10.0, 20.0),
            (0.33, 33.0, 66.0),
            (1.0, 100.0, 200.0),
            (13.37, 1337.0, 2674.0),
        ];
        for (progress, x, y) in cases {
            assert_eq!(from.interpolate(&to, progress), Translate { x, y }, "at {progress}");
        }
    }
}
