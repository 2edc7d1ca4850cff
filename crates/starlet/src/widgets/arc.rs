//! `render.Arc` (Tronbyt): a stroke along the circle around `(x, y)` from
//! `start_angle` to `end_angle` (radians, clockwise from three o'clock), in
//! whole pixels unless `antialias` is set.

use std::f64::consts::{FRAC_PI_2, PI, TAU};
use std::sync::Arc as Shared;

use super::line::{MAX_COORD, MAX_STROKE};
use crate::render::path::Path;
use crate::render::raster::Brush;
use crate::render::{Canvas, Color, Rect, Widget};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// The most short lines a pixel-exact arc is drawn with.
const MAX_STEPS: f64 = (1 << 20) as f64;

#[derive(Debug)]
pub struct Arc {
    pub centre: (f64, f64),
    pub radius: f64,
    pub start: f64,
    pub end: f64,
    pub color: Option<Color>,
    pub width: f64,
    pub antialias: bool,
}

pub static SPEC: Spec = Spec {
    name: "Arc",
    params: &[
        Param::required("x"),
        Param::required("y"),
        Param::required("radius"),
        Param::required("start_angle"),
        Param::required("end_angle"),
        Param::required("color"),
        Param::required("width"),
        Param::optional("antialias", Absent::Bool(false)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let coord = |name| args.bounded_number(name, MAX_COORD).map(Option::unwrap_or_default);
    let arc = Arc {
        centre: (coord("x")?, coord("y")?),
        radius: coord("radius")?,
        start: coord("start_angle")?,
        end: coord("end_angle")?,
        color: args.color("color")?,
        width: args.bounded_number("width", MAX_STROKE)?.unwrap_or_default(),
        antialias: args.bool("antialias")?.unwrap_or(false),
    };
    if !arc.antialias && arc.steps() > MAX_STEPS {
        anyhow::bail!(
            "Arc: an arc of radius {} over {} radians is too long to draw",
            arc.radius,
            arc.end - arc.start
        );
    }
    Ok(Built::Widget(Shared::new(arc)))
}

impl Arc {
    /// How many straight lines the pixel-exact arc is drawn with.
    fn steps(&self) -> f64 {
        ((self.end - self.start).abs() * self.radius.max(1.0) * 2.0)
            .ceil()
            .max(1.0)
    }

    fn point(&self, angle: f64) -> (f64, f64) {
        (
            self.centre.0 + self.radius * angle.cos(),
            self.centre.1 + self.radius * angle.sin(),
        )
    }

    /// What the stroke covers, `(min_x, max_x, min_y, max_y)`: the ends, the
    /// compass points the arc passes, and half the width around them.
    fn extent(&self) -> (f64, f64, f64, f64) {
        let (a, b) = (self.point(self.start), self.point(self.end));
        let (mut min_x, mut max_x) = (a.0.min(b.0), a.0.max(b.0));
        let (mut min_y, mut max_y) = (a.1.min(b.1), a.1.max(b.1));
        let normal = |angle: f64| {
            let wrapped = angle % TAU;
            if wrapped < 0.0 { wrapped + TAU } else { wrapped }
        };
        let (start, end) = (normal(self.start), normal(self.end));
        for angle in [0.0, FRAC_PI_2, PI, 3.0 * FRAC_PI_2] {
            let passed = if start <= end {
                angle >= start && angle <= end
            } else {
                angle >= start || angle <= end
            };
            if passed {
                let (x, y) = self.point(angle);
                (min_x, max_x) = (min_x.min(x), max_x.max(x));
                (min_y, max_y) = (min_y.min(y), max_y.max(y));
            }
        }
        let half = self.width / 2.0;
        (min_x - half, max_x + half, min_y - half, max_y + half)
    }
}

impl Widget for Arc {
    fn paint_bounds(&self, _bounds: Rect, _frame: usize) -> Rect {
        let (min_x, max_x, min_y, max_y) = self.extent();
        Rect::sized((max_x - min_x).ceil() as i32, (max_y - min_y).ceil() as i32)
    }

    fn paint(&self, canvas: &mut Canvas, _bounds: Rect, _frame: usize) {
        let Some(color) = self.color else {
            return;
        };
        let (left, _, top, _) = self.extent();
        canvas.push();
        canvas.translate(-left, -top);
        if self.antialias {
            let mut path = Path::new();
            path.arc(self.centre.0, self.centre.1, self.radius, self.start, self.end);
            canvas.stroke_path(&path, self.width, color);
        } else {
            let brush = Brush::new(self.width);
            let steps = self.steps() as u32;
            let at = |canvas: &Canvas, angle: f64| {
                let (x, y) = self.point(angle);
                canvas.pixel_at(x, y)
            };
            let mut previous = at(canvas, self.start);
            for i in 1..=steps {
                let angle = self.start + (self.end - self.start) * (i as f64 / steps as f64);
                let next = at(canvas, angle);
                canvas.raster_line(previous, next, &brush, color);
                previous = next;
            }
        }
        canvas.pop();
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        1
    }
}
