//! Lines without anti-aliasing, pixel by pixel, as Pixlet draws `Plot` and
//! the `Line`, `Arc` and `Polygon` strokes when `antialias` is off: points
//! through the canvas transform, truncated to whole pixels, joined by
//! Bresenham lines on which a round brush is stamped. Pixels are set, not
//! blended, and the clip does not apply, as with gg's `SetPixel`.

use super::canvas::Canvas;
use super::color::Color;

/// A line longer than this (in steps) is clipped to the canvas before it is
/// walked, so a far-away point cannot keep painting busy.
const LONGEST_EXACT_LINE: i64 = 1 << 16;

/// The pixels of the line from `from` to `to`, both ends included, in the
/// order Pixlet's Bresenham walk visits them. As many as [`steps`] says
/// plus one: callers bound that first.
pub fn bresenham(from: (i64, i64), to: (i64, i64)) -> Bresenham {
    let dx = to.0.saturating_sub(from.0).saturating_abs();
    let dy = -to.1.saturating_sub(from.1).saturating_abs();
    Bresenham {
        at: Some(from),
        to,
        dx,
        dy,
        step: (if from.0 < to.0 { 1 } else { -1 }, if from.1 < to.1 { 1 } else { -1 }),
        err: dx.saturating_add(dy),
    }
}

/// See [`bresenham`].
#[derive(Clone, Debug)]
pub struct Bresenham {
    at: Option<(i64, i64)>,
    to: (i64, i64),
    dx: i64,
    dy: i64,
    step: (i64, i64),
    err: i64,
}

impl Iterator for Bresenham {
    type Item = (i64, i64);

    fn next(&mut self) -> Option<(i64, i64)> {
        let (mut x, mut y) = self.at?;
        if (x, y) == self.to {
            self.at = None;
            return Some((x, y));
        }
        let e2 = self.err.saturating_mul(2);
        if e2 >= self.dy {
            self.err = self.err.saturating_add(self.dy);
            x = x.saturating_add(self.step.0);
        }
        if e2 <= self.dx {
            self.err = self.err.saturating_add(self.dx);
            y = y.saturating_add(self.step.1);
        }
        self.at.replace((x, y))
    }
}

/// The longer of a segment's two sides, in steps; saturates far out.
pub fn steps(from: (i64, i64), to: (i64, i64)) -> i64 {
    let dx = (to.0 as i128 - from.0 as i128).abs();
    let dy = (to.1 as i128 - from.1 as i128).abs();
    dx.max(dy).min(i64::MAX as i128) as i64
}

/// Go's `int(f)` on amd64: toward zero, and the "integer indefinite"
/// `i64::MIN` for NaN and values out of range.
pub fn go_int(f: f64) -> i64 {
    if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// The pixels a stroke of `width` covers around each point it passes:
/// those within half the width of the centre, or the centre alone.
#[derive(Clone, Debug)]
pub struct Brush {
    offsets: Vec<(i64, i64)>,
    reach: i64,
}

impl Brush {
    pub fn new(width: f64) -> Self {
        let radius = width / 2.0;
        if radius.is_nan() || radius <= 0.5 {
            return Self {
                offsets: vec![(0, 0)],
                reach: 0,
            };
        }
        let reach = radius.ceil() as i64;
        let offsets = (-reach..=reach)
            .flat_map(|y| (-reach..=reach).map(move |x| (x, y)))
            .filter(|&(x, y)| (x as f64).hypot(y as f64) <= radius)
            .collect();
        Self { offsets, reach }
    }
}

impl Canvas {
    /// Where a point in the current coordinates lands, truncated to a
    /// whole pixel as Pixlet's raster strokes do.
    pub fn pixel_at(&self, x: f64, y: f64) -> (i64, i64) {
        let (tx, ty) = self.transform_point(x, y);
        (go_int(tx), go_int(ty))
    }

    /// Stamps `brush` along the line between two canvas pixels.
    pub fn raster_line(&mut self, from: (i64, i64), to: (i64, i64), brush: &Brush, color: Color) {
        let (from, to) = if steps(from, to) > LONGEST_EXACT_LINE {
            match self.clip_segment(from, to, brush.reach + 1) {
                Some(clipped) => clipped,
                None => return,
            }
        } else {
            (from, to)
        };
        let (w, h) = (self.width() as i64, self.height() as i64);
        for (x, y) in bresenham(from, to) {
            if x < -brush.reach || y < -brush.reach || x >= w + brush.reach || y >= h + brush.reach {
                continue;
            }
            for (ox, oy) in &brush.offsets {
                self.set_pixel((x + ox) as i32, (y + oy) as i32, color);
            }
        }
    }

    /// The part of a segment within `margin` pixels of the canvas, its ends
    /// rounded to pixels (Liang-Barsky), or `None` when it misses.
    fn clip_segment(&self, from: (i64, i64), to: (i64, i64), margin: i64) -> Option<((i64, i64), (i64, i64))> {
        let (x0, y0) = (from.0 as f64, from.1 as f64);
        let (dx, dy) = (to.0 as f64 - x0, to.1 as f64 - y0);
        let (lo_x, hi_x) = (-margin as f64, (self.width() as i64 + margin) as f64);
        let (lo_y, hi_y) = (-margin as f64, (self.height() as i64 + margin) as f64);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [(-dx, x0 - lo_x), (dx, hi_x - x0), (-dy, y0 - lo_y), (dy, hi_y - y0)] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
                continue;
            }
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
        if t0 > t1 {
            return None;
        }
        let at = |t: f64| ((x0 + dx * t).round() as i64, (y0 + dy * t).round() as i64);
        Some((at(t0), at(t1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bresenham_visits_every_pixel_from_end_to_end() {
        let line: Vec<_> = bresenham((0, 0), (4, 2)).collect();
        assert_eq!(line, vec![(0, 0), (1, 1), (2, 1), (3, 2), (4, 2)]);
        assert_eq!(bresenham((2, 2), (2, 2)).collect::<Vec<_>>(), vec![(2, 2)]);
        assert_eq!(bresenham((0, 3), (0, 0)).count(), 4);
    }

    #[test]
    fn a_thin_brush_is_one_pixel_and_a_wide_one_a_disc() {
        assert_eq!(Brush::new(1.0).offsets, vec![(0, 0)]);
        assert_eq!(Brush::new(f64::NAN).offsets, vec![(0, 0)]);
        let disc = Brush::new(3.0);
        assert_eq!(disc.offsets.len(), 9);
        assert!(disc.offsets.contains(&(1, 1)) && !disc.offsets.contains(&(2, 0)));
    }

    #[test]
    fn go_int_truncates_and_flags_what_does_not_fit() {
        assert_eq!(go_int(-1.7), -1);
        assert_eq!(go_int(2.9), 2);
        assert_eq!(go_int(f64::NAN), i64::MIN);
        assert_eq!(go_int(1e300), i64::MIN);
    }

    #[test]
    fn a_far_away_line_is_clipped_but_still_crosses_the_canvas() {
        let mut canvas = Canvas::new(4, 4);
        canvas.raster_line((-1 << 40, 1), (1 << 40, 1), &Brush::new(1.0), Color::WHITE);
        assert!((0..4).all(|x| canvas.image().get(x, 1) == [0xff; 4]));
        assert!((0..4).all(|x| canvas.image().get(x, 0) == [0; 4]));
    }
}
