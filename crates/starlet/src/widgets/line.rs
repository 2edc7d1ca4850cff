//! `render.Line` (Tronbyt): a straight stroke from `(x1, y1)` to `(x2, y2)`,
//! in whole pixels unless `antialias` is set.

use std::sync::Arc;

use crate::render::path::Path;
use crate::render::raster::Brush;
use crate::render::{Canvas, Color, Rect, Widget};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// The furthest a coordinate or radius may be from zero: a panel is a few
/// dozen pixels, and painting work grows with the distances drawn.
pub const MAX_COORD: f64 = 16384.0;
/// The widest stroke: the brush of a pixel-exact stroke is a disc this wide.
pub const MAX_STROKE: f64 = 256.0;

#[derive(Debug)]
pub struct Line {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub color: Option<Color>,
    pub width: f64,
    pub antialias: bool,
}

pub static SPEC: Spec = Spec {
    name: "Line",
    params: &[
        Param::required("x1"),
        Param::required("y1"),
        Param::required("x2"),
        Param::required("y2"),
        Param::required("color"),
        Param::required("width"),
        Param::optional("antialias", Absent::Bool(false)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let coord = |name| args.bounded_number(name, MAX_COORD).map(Option::unwrap_or_default);
    Ok(Built::Widget(Arc::new(Line {
        from: (coord("x1")?, coord("y1")?),
        to: (coord("x2")?, coord("y2")?),
        color: args.color("color")?,
        width: args.bounded_number("width", MAX_STROKE)?.unwrap_or_default(),
        antialias: args.bool("antialias")?.unwrap_or(false),
    })))
}

impl Line {
    /// What the stroke covers, `(min_x, max_x, min_y, max_y)`, computed as
    /// Pixlet does so sizes round alike; its top left paints at the origin.
    fn extent(&self) -> (f64, f64, f64, f64) {
        let half = self.width / 2.0;
        (
            self.from.0.min(self.to.0) - half,
            self.from.0.max(self.to.0) + half,
            self.from.1.min(self.to.1) - half,
            self.from.1.max(self.to.1) + half,
        )
    }
}

impl Widget for Line {
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
            path.move_to(self.from.0, self.from.1);
            path.line_to(self.to.0, self.to.1);
            canvas.stroke_path(&path, self.width, color);
        } else {
            let from = canvas.pixel_at(self.from.0, self.from.1);
            let to = canvas.pixel_at(self.to.0, self.to.1);
            canvas.raster_line(from, to, &Brush::new(self.width), color);
        }
        canvas.pop();
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        1
    }
}
