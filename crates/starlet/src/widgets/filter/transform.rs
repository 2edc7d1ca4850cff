//! `filter.Rotate` and `Shear`: the child painted through a rotation or a
//! shear about the middle of the space it is offered.

use std::sync::Arc;

use super::{child, number};
use crate::render::{Affine, Canvas, Rect, Widget, WidgetRef};
use crate::values::spec::{Absent, Built, Param, Spec};

pub static ROTATE: Spec = Spec {
    name: "Rotate",
    params: &[Param::required("child"), Param::required("angle")],
    build: |args| {
        let angle = number(args, "angle")?;
        Ok(Built::Widget(Arc::new(Transformed {
            child: child(args)?,
            kind: Kind::Rotate(radians(angle)),
        })))
    },
};

pub static SHEAR: Spec = Spec {
    name: "Shear",
    params: &[
        Param::required("child"),
        Param::optional("x_angle", Absent::None),
        Param::optional("y_angle", Absent::None),
    ],
    build: |args| {
        let slope = |name| -> anyhow::Result<f64> {
            Ok(args
                .number(name)?
                .filter(|&a| a != 0.0)
                .map_or(0.0, |a| radians(a).tan()))
        };
        Ok(Built::Widget(Arc::new(Transformed {
            child: child(args)?,
            kind: Kind::Shear(slope("x_angle")?, slope("y_angle")?),
        })))
    },
};

/// Degrees as radians, in gg's arithmetic.
fn radians(degrees: f64) -> f64 {
    degrees * std::f64::consts::PI / 180.0
}

#[derive(Debug)]
pub enum Kind {
    /// Radians, clockwise on screen.
    Rotate(f64),
    /// How far x moves per unit of y, and y per unit of x.
    Shear(f64, f64),
}

#[derive(Debug)]
pub struct Transformed {
    pub child: WidgetRef,
    pub kind: Kind,
}

impl Widget for Transformed {
    /// The box the transformed child fits in.
    fn paint_bounds(&self, bounds: Rect, frame: usize) -> Rect {
        let area = self.child.paint_bounds(bounds, frame);
        let (w, h) = (area.dx() as f64, area.dy() as f64);
        let (nw, nh) = match self.kind {
            Kind::Rotate(angle) => {
                let (sin, cos) = (angle.sin().abs(), angle.cos().abs());
                (w * cos + h * sin, w * sin + h * cos)
            }
            Kind::Shear(sx, sy) => (w + h * sx.abs(), h + w * sy.abs()),
        };
        Rect::sized(nw.ceil() as i32, nh.ceil() as i32)
    }

    /// Pixlet turns about the middle of the offered bounds, not of the
    /// widget's own paint bounds, and so does this.
    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let area = self.child.paint_bounds(bounds, frame);
        canvas.push();
        canvas.translate(
            bounds.x0 as f64 + bounds.dx() as f64 / 2.0,
            bounds.y0 as f64 + bounds.dy() as f64 / 2.0,
        );
        match self.kind {
            Kind::Rotate(angle) => canvas.rotate(angle),
            Kind::Shear(sx, sy) => canvas.apply(&Affine {
                xy: sx,
                yx: sy,
                ..Affine::IDENTITY
            }),
        }
        canvas.translate(-area.dx() as f64 / 2.0, -area.dy() as f64 / 2.0);
        self.child.paint(canvas, Rect::sized(area.dx(), area.dy()), frame);
        canvas.pop();
    }

    fn frame_count(&self, bounds: Rect) -> usize {
        self.child.frame_count(bounds)
    }
}
