//! `render.Circle`: a filled, anti-aliased disc, `diameter` pixels across,
//! with an optional child centred on it.

use std::sync::Arc;

use crate::render::path::Path;
use crate::render::{Canvas, Color, Rect, Widget, WidgetRef};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

#[derive(Debug)]
pub struct Circle {
    pub color: Option<Color>,
    pub diameter: i32,
    pub child: Option<WidgetRef>,
}

pub static SPEC: Spec = Spec {
    name: "Circle",
    params: &[
        Param::required("color"),
        Param::required("diameter"),
        Param::optional("child", Absent::None),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    Ok(Built::Widget(Arc::new(Circle {
        color: args.color("color")?,
        diameter: args
            .int("diameter")?
            .unwrap_or(0)
            .clamp(i32::MIN as i64, i32::MAX as i64) as i32,
        child: args.widget("child")?,
    })))
}

impl Widget for Circle {
    fn paint_bounds(&self, _bounds: Rect, _frame: usize) -> Rect {
        Rect::sized(self.diameter, self.diameter)
    }

    fn paint(&self, canvas: &mut Canvas, _bounds: Rect, frame: usize) {
        let r = self.diameter as f64 / 2.0;
        if let Some(color) = self.color {
            canvas.fill_path(&Path::circle(r, r, r), color);
        }
        let Some(child) = &self.child else {
            return;
        };
        let inside = Rect::sized(self.diameter, self.diameter);
        let child_bounds = child.paint_bounds(inside, frame);
        // Pixlet centres on ceil(d / 2), then truncates half the child's size.
        let centre = r.ceil() as i32;
        let x = centre - (0.5 * child_bounds.dx() as f64) as i32;
        let y = centre - (0.5 * child_bounds.dy() as f64) as i32;
        canvas.push();
        canvas.translate(x as f64, y as f64);
        child.paint(canvas, inside, frame);
        canvas.pop();
    }

    fn frame_count(&self, bounds: Rect) -> usize {
        self.child.as_ref().map_or(1, |child| child.frame_count(bounds))
    }
}
