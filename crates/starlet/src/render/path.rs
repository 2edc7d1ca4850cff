//! Anti-aliased shapes, as Pixlet draws circles, pie slices and smooth
//! strokes through gg: a path of lines and quadratic curves in the widget's
//! coordinates, filled or stroked on the canvas.
//!
//! tiny-skia turns the path into coverage; the canvas blends it through its
//! clip with Go's "over". Like gg, points go through the canvas transform
//! before rasterising, and a stroke's width is in canvas pixels.

use tiny_skia::{FillRule, LineCap, LineJoin, Mask, PathBuilder, Stroke, Transform};

use super::canvas::{Affine, Canvas};
use super::color::Color;

/// How many quadratic curves gg approximates any arc with.
const ARC_SEGMENTS: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Step {
    Move(f64, f64),
    Line(f64, f64),
    Quad(f64, f64, f64, f64),
    Close,
}

/// An outline in a widget's coordinates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path {
    steps: Vec<Step>,
    has_current: bool,
}

impl Path {
    pub fn new() -> Self {
        Self::default()
    }

    /// A circle around `(cx, cy)`, the curves gg draws it with.
    pub fn circle(cx: f64, cy: f64, r: f64) -> Self {
        let mut path = Self::new();
        path.arc(cx, cy, r, 0.0, 2.0 * std::f64::consts::PI);
        path.close();
        path
    }

    pub fn move_to(&mut self, x: f64, y: f64) {
        self.steps.push(Step::Move(x, y));
        self.has_current = true;
    }

    /// A line from the current point; without one, where the path starts.
    pub fn line_to(&mut self, x: f64, y: f64) {
        if self.has_current {
            self.steps.push(Step::Line(x, y));
        } else {
            self.move_to(x, y);
        }
    }

    pub fn quad_to(&mut self, cx: f64, cy: f64, x: f64, y: f64) {
        if !self.has_current {
            self.move_to(cx, cy);
        }
        self.steps.push(Step::Quad(cx, cy, x, y));
    }

    /// Back to where the current subpath started.
    pub fn close(&mut self) {
        if self.has_current {
            self.steps.push(Step::Close);
        }
    }

    /// An arc of the circle around `(cx, cy)` from `start` to `end` radians
    /// (clockwise on screen), joined to the current point by a line: gg's
    /// `DrawArc`, sixteen quadratic curves through the arc's midpoints.
    pub fn arc(&mut self, cx: f64, cy: f64, r: f64, start: f64, end: f64) {
        let at = |angle: f64| (cx + r * angle.cos(), cy + r * angle.sin());
        for i in 0..ARC_SEGMENTS {
            let a1 = start + (end - start) * i as f64 / ARC_SEGMENTS as f64;
            let a2 = start + (end - start) * (i + 1) as f64 / ARC_SEGMENTS as f64;
            let (x0, y0) = at(a1);
            let (x1, y1) = at((a1 + a2) / 2.0);
            let (x2, y2) = at(a2);
            if i == 0 {
                self.line_to(x0, y0);
            }
            self.quad_to(2.0 * x1 - x0 / 2.0 - x2 / 2.0, 2.0 * y1 - y0 / 2.0 - y2 / 2.0, x2, y2);
        }
    }

    /// The path on the canvas: every point through `transform`.
    fn to_skia(&self, transform: &Affine) -> Option<tiny_skia::Path> {
        let point = |x: f64, y: f64| {
            let (x, y) = transform.apply(x, y);
            (x as f32, y as f32)
        };
        let mut builder = PathBuilder::new();
        for step in &self.steps {
            match *step {
                Step::Move(x, y) => {
                    let (x, y) = point(x, y);
                    builder.move_to(x, y);
                }
                Step::Line(x, y) => {
                    let (x, y) = point(x, y);
                    builder.line_to(x, y);
                }
                Step::Quad(cx, cy, x, y) => {
                    let (cx, cy) = point(cx, cy);
                    let (x, y) = point(x, y);
                    builder.quad_to(cx, cy, x, y);
                }
                Step::Close => builder.close(),
            }
        }
        builder.finish()
    }
}

impl Canvas {
    /// Fills `path` (open subpaths closed) by the nonzero winding rule,
    /// anti-aliased, as gg's `Fill`.
    pub fn fill_path(&mut self, path: &Path, color: Color) {
        if let Some(outline) = path.to_skia(&self.transform()) {
            self.blend_path(&outline, color);
        }
    }

    /// Strokes `path` `width` canvas pixels wide with round caps and joins,
    /// anti-aliased, as gg's `Stroke` with its defaults.
    pub fn stroke_path(&mut self, path: &Path, width: f64, color: Color) {
        if width.is_nan() || width <= 0.0 {
            return;
        }
        let stroke = Stroke {
            width: width as f32,
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            ..Stroke::default()
        };
        let outline = path.to_skia(&self.transform()).and_then(|p| p.stroke(&stroke, 1.0));
        if let Some(outline) = outline {
            self.blend_path(&outline, color);
        }
    }

    /// Rasterises `outline` (canvas coordinates) over the part of the canvas
    /// it can touch and blends the coverage.
    fn blend_path(&mut self, outline: &tiny_skia::Path, color: Color) {
        let bounds = outline.bounds();
        let x0 = (bounds.left().floor() as i32).max(0);
        let y0 = (bounds.top().floor() as i32).max(0);
        let x1 = (bounds.right().ceil() as i32).min(self.width());
        let y1 = (bounds.bottom().ceil() as i32).min(self.height());
        if x1 <= x0 || y1 <= y0 {
            return;
        }
        let Some(mut mask) = Mask::new((x1 - x0) as u32, (y1 - y0) as u32) else {
            return;
        };
        let shift = Transform::from_translate(-x0 as f32, -y0 as f32);
        mask.fill_path(outline, FillRule::Winding, true, shift);
        self.blend_coverage(x0, y0, (x1 - x0) as usize, mask.data(), color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: Color = Color::WHITE;

    fn alpha(canvas: &Canvas, x: i32, y: i32) -> u8 {
        canvas.image().get(x, y)[3]
    }

    #[test]
    fn a_filled_square_covers_whole_pixels_exactly() {
        let mut canvas = Canvas::new(4, 4);
        let mut square = Path::new();
        square.move_to(1.0, 1.0);
        square.line_to(3.0, 1.0);
        square.line_to(3.0, 3.0);
        square.line_to(1.0, 3.0);
        canvas.fill_path(&square, WHITE);
        let lit: Vec<_> = (0..16).filter(|i| alpha(&canvas, i % 4, i / 4) == 0xff).collect();
        assert_eq!(lit, vec![5, 6, 9, 10]);
        assert_eq!(alpha(&canvas, 0, 0), 0);
    }

    #[test]
    fn a_half_covered_pixel_is_half_blended() {
        let mut canvas = Canvas::new(2, 1);
        let mut half = Path::new();
        half.move_to(0.0, 0.0);
        half.line_to(1.5, 0.0);
        half.line_to(1.5, 1.0);
        half.line_to(0.0, 1.0);
        canvas.fill_path(&half, WHITE);
        assert_eq!(alpha(&canvas, 0, 0), 0xff);
        assert!(
            (0x70..=0x90).contains(&alpha(&canvas, 1, 0)),
            "{}",
            alpha(&canvas, 1, 0)
        );
    }

    #[test]
    fn paths_follow_the_transform_and_the_clip() {
        let mut canvas = Canvas::new(6, 6);
        canvas.translate(2.0, 2.0);
        canvas.clip_rect(0.0, 0.0, 1.0, 4.0);
        canvas.fill_path(&Path::circle(1.0, 1.0, 1.0), WHITE);
        assert_eq!(alpha(&canvas, 0, 0), 0, "not translated");
        assert!(alpha(&canvas, 2, 3) > 0, "inside the clip");
        assert_eq!(alpha(&canvas, 3, 3), 0, "clipped away");
    }

    #[test]
    fn stroke_width_is_in_canvas_pixels_whatever_the_scale() {
        let mut canvas = Canvas::new(20, 5);
        canvas.scale(4.0, 4.0);
        let mut line = Path::new();
        line.move_to(0.625, 0.625);
        line.line_to(4.0, 0.625);
        canvas.stroke_path(&line, 1.0, WHITE);
        assert_eq!(alpha(&canvas, 8, 2), 0xff);
        assert_eq!(alpha(&canvas, 8, 0), 0);
        assert_eq!(alpha(&canvas, 8, 4), 0);
    }

    #[test]
    fn shapes_beyond_the_canvas_or_not_finite_draw_nothing() {
        let mut canvas = Canvas::new(3, 3);
        canvas.fill_path(&Path::circle(1e9, 1e9, 4.0), WHITE);
        canvas.fill_path(&Path::circle(f64::NAN, 1.0, 1.0), WHITE);
        canvas.stroke_path(&Path::circle(1.0, 1.0, 1.0), f64::NAN, WHITE);
        assert!(canvas.image().pixels().iter().all(|p| *p == [0; 4]));
    }
}
