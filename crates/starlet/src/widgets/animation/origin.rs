//! `animation.Origin(x, y)`: the point scaling, rotating and shearing
//! happen about, as fractions of the child's width and height.

use std::sync::Arc;

use super::percentage;
use crate::render::Rect;
use crate::values::spec::{Args, Built, Param, Spec};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Origin {
    pub x: f64,
    pub y: f64,
}

impl Default for Origin {
    /// The child's centre.
    fn default() -> Self {
        Origin { x: 0.5, y: 0.5 }
    }
}

pub static SPEC: Spec = Spec {
    name: "Origin",
    params: &[Param::required("x"), Param::required("y")],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let origin = Origin {
        x: percentage(args, "x")?,
        y: percentage(args, "y")?,
    };
    Ok(Built::Value(Arc::new(origin)))
}

impl Origin {
    /// The point in pixels within `bounds`.
    pub fn within(&self, bounds: Rect) -> (f64, f64) {
        (self.x * bounds.dx() as f64, self.y * bounds.dy() as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_of_the_bounds() {
        let bounds = Rect::sized(100, 100);
        let at = |x, y| Origin { x, y }.within(bounds);
        assert_eq!(at(0.0, 0.0), (0.0, 0.0));
        assert_eq!(at(0.33, 0.33), (33.0, 33.0));
        assert_eq!(at(0.5, 0.5), (50.0, 50.0));
        let (x, y) = at(0.666, 0.666);
        assert!((x - 66.6).abs() < 0.00001 && (y - 66.6).abs() < 0.00001);
        assert_eq!(at(1.0, 1.0), (100.0, 100.0));
    }
}
