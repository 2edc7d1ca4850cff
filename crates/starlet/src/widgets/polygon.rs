//! `render.Polygon` (Tronbyt): a closed shape through `vertices`, filled
//! anti-aliased and outlined in whole pixels unless `antialias` is set.

use std::sync::Arc;

use starlark::values::UnpackValue;
use starlark::values::float::UnpackFloat;
use starlark::values::tuple::TupleRef;

use super::line::{MAX_COORD, MAX_STROKE};
use crate::render::path::Path;
use crate::render::raster::Brush;
use crate::render::{Canvas, Color, Rect, Widget};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// The most vertices a polygon may have.
const MAX_VERTICES: usize = 4096;

#[derive(Debug)]
pub struct Polygon {
    pub vertices: Vec<(f64, f64)>,
    pub fill: Option<Color>,
    pub stroke: Option<Color>,
    pub stroke_width: f64,
    pub antialias: bool,
}

pub static SPEC: Spec = Spec {
    name: "Polygon",
    params: &[
        Param::required("vertices"),
        Param::optional("fill_color", Absent::None),
        Param::optional("stroke_color", Absent::None),
        Param::optional("stroke_width", Absent::None),
        Param::optional("antialias", Absent::Bool(false)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let listed = args.list("vertices")?;
    if listed.len() > MAX_VERTICES {
        anyhow::bail!("Polygon: {} vertices, want at most {MAX_VERTICES}", listed.len());
    }
    let vertices = listed
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let pair = TupleRef::from_value(*v)
                .filter(|t| t.len() == 2)
                .ok_or_else(|| anyhow::anyhow!("Polygon: vertex {i} must be a 2-tuple (x, y)"))?;
            let coord = |value| {
                UnpackFloat::unpack_value(value)
                    .ok()
                    .flatten()
                    .map(|f| f.0)
                    .filter(|f| f.is_finite() && f.abs() <= MAX_COORD)
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "Polygon: vertex {i} coordinates must be numbers from -{MAX_COORD} to {MAX_COORD}"
                        )
                    })
            };
            Ok((coord(pair.content()[0])?, coord(pair.content()[1])?))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Built::Widget(Arc::new(Polygon {
        vertices,
        fill: args.color("fill_color")?,
        stroke: args.color("stroke_color")?,
        stroke_width: args.bounded_number("stroke_width", MAX_STROKE)?.unwrap_or(0.0),
        antialias: args.bool("antialias")?.unwrap_or(false),
    })))
}

impl Polygon {
    /// The outline's colour, when it has one.
    fn outline(&self) -> Option<Color> {
        self.stroke.filter(|_| self.stroke_width > 0.0)
    }

    /// `(min_x, max_x, min_y, max_y)` of the vertices, and of the outline
    /// around them; `None` without vertices.
    fn extent(&self) -> Option<(f64, f64, f64, f64)> {
        let first = self.vertices.first()?;
        let start = (first.0, first.0, first.1, first.1);
        let (min_x, max_x, min_y, max_y) = self
            .vertices
            .iter()
            .fold(start, |(a, b, c, d), &(x, y)| (a.min(x), b.max(x), c.min(y), d.max(y)));
        let half = if self.outline().is_some() {
            self.stroke_width / 2.0
        } else {
            0.0
        };
        Some((min_x - half, max_x + half, min_y - half, max_y + half))
    }
}

impl Widget for Polygon {
    fn paint_bounds(&self, _bounds: Rect, _frame: usize) -> Rect {
        match self.extent() {
            Some((min_x, max_x, min_y, max_y)) => {
                Rect::sized((max_x - min_x).ceil() as i32, (max_y - min_y).ceil() as i32)
            }
            None => Rect::default(),
        }
    }

    fn paint(&self, canvas: &mut Canvas, _bounds: Rect, _frame: usize) {
        let Some((left, _, top, _)) = self.extent() else {
            return;
        };
        canvas.push();
        canvas.translate(-left, -top);
        let mut path = Path::new();
        for &(x, y) in &self.vertices {
            path.line_to(x, y);
        }
        path.close();
        if let Some(fill) = self.fill {
            canvas.fill_path(&path, fill);
        }
        if let Some(stroke) = self.outline() {
            if self.antialias {
                canvas.stroke_path(&path, self.stroke_width, stroke);
            } else if self.vertices.len() >= 2 {
                let brush = Brush::new(self.stroke_width);
                let corners: Vec<_> = self.vertices.iter().map(|&(x, y)| canvas.pixel_at(x, y)).collect();
                for (i, &from) in corners.iter().enumerate() {
                    let to = corners[(i + 1) % corners.len()];
                    canvas.raster_line(from, to, &brush, stroke);
                }
            }
        }
        canvas.pop();
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        1
    }
}
