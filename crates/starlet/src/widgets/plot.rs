//! `render.Plot`: a data series drawn pixel by pixel as a line or scattered
//! points, optionally filled down (or up) to the X axis, in colours that
//! change below zero. Pixel for pixel what Pixlet draws.

use std::sync::Arc;

use starlark::values::UnpackValue;
use starlark::values::Value;
use starlark::values::float::UnpackFloat;
use starlark::values::list::ListRef;
use starlark::values::tuple::TupleRef;

use crate::render::raster::{bresenham, go_int, steps};
use crate::render::{Canvas, Color, Rect, Widget};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// The widest and tallest plot.
const MAX_SIZE: i64 = 4096;
/// The most pixels the line through the points may walk: far more than a
/// panel shows, and few enough to paint at once.
const MAX_PATH: i64 = 1 << 24;
/// How much of the line's colour the surface fill keeps, out of 255.
const FILL_DAMP: u32 = 0x55;

#[derive(Debug)]
pub struct Plot {
    pub width: i32,
    pub height: i32,
    /// The data mapped onto the plot's pixels.
    pub points: Vec<(i64, i64)>,
    /// The row of Y = 0: points below it take the inverted colours.
    pub threshold: i64,
    pub color: Color,
    pub color_inverted: Color,
    pub fill: Option<(Color, Color)>,
    pub scatter: bool,
}

pub static SPEC: Spec = Spec {
    name: "Plot",
    params: &[
        Param::required("data"),
        Param::required("width"),
        Param::required("height"),
        Param::optional("color", Absent::None),
        Param::optional("color_inverted", Absent::None),
        Param::optional("x_lim", Absent::EmptyTuple),
        Param::optional("y_lim", Absent::EmptyTuple),
        Param::optional("fill", Absent::Bool(false)),
        Param::optional("chart_type", Absent::Str("")),
        Param::optional("fill_color", Absent::None),
        Param::optional("fill_color_inverted", Absent::None),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let data = args
        .list("data")?
        .into_iter()
        .map(data_point)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let size = |name| -> anyhow::Result<i64> {
        let n = args.int(name)?.unwrap_or(0);
        anyhow::ensure!(n.abs() <= MAX_SIZE, "Plot: {name} is {n}, want at most {MAX_SIZE}");
        Ok(n)
    };
    let (width, height) = (size("width")?, size("height")?);
    let x_lim = args
        .value("x_lim")
        .map(data_point)
        .transpose()?
        .unwrap_or((f64::NAN, f64::NAN));
    let y_lim = args
        .value("y_lim")
        .map(data_point)
        .transpose()?
        .unwrap_or((f64::NAN, f64::NAN));
    let limits = compute_limits(&data, x_lim, y_lim);
    let (points, threshold) = translate_points(&data, width, height, limits);

    let color = args.color("color")?.unwrap_or(Color::WHITE);
    let color_inverted = args.color("color_inverted")?.unwrap_or(color);
    let fill = args.bool("fill")?.unwrap_or(false);
    let fill_colors = (
        args.color("fill_color")?.unwrap_or_else(|| dampen(color)),
        args.color("fill_color_inverted")?
            .unwrap_or_else(|| dampen(color_inverted)),
    );
    let scatter = args.string("chart_type")?.unwrap_or_default() == "scatter";
    if fill || !scatter {
        let walked = points
            .windows(2)
            .map(|w| steps(w[0], w[1]).saturating_add(1))
            .fold(0i64, i64::saturating_add);
        anyhow::ensure!(
            walked <= MAX_PATH,
            "Plot: the line through the data is {walked} pixels long, want at most {MAX_PATH}: are x_lim and y_lim far inside the data?"
        );
    }
    Ok(Built::Widget(Arc::new(Plot {
        width: width as i32,
        height: height as i32,
        points,
        threshold,
        color,
        color_inverted,
        fill: fill.then_some(fill_colors),
        scatter,
    })))
}

/// An `(x, y)` tuple of numbers or `None`s (NaN), or `()` for both `None`.
fn data_point(value: Value) -> anyhow::Result<(f64, f64)> {
    let items = TupleRef::from_value(value)
        .map(|t| t.content().to_vec())
        .or_else(|| ListRef::from_value(value).map(|l| l.content().to_vec()))
        .filter(|items| items.is_empty() || items.len() == 2)
        .ok_or_else(|| anyhow::anyhow!("Plot: invalid data point: {} (expected a 2-tuple)", value.get_type()))?;
    let element = |i: usize| -> anyhow::Result<f64> {
        let Some(&v) = items.get(i) else {
            return Ok(f64::NAN);
        };
        if v.is_none() {
            return Ok(f64::NAN);
        }
        UnpackFloat::unpack_value(v).ok().flatten().map(|f| f.0).ok_or_else(|| {
            anyhow::anyhow!(
                "Plot: invalid data point element {i}: {} (expected None or float)",
                v.get_type()
            )
        })
    };
    Ok((element(0)?, element(1)?))
}

/// Pixlet's surface fill colour: each premultiplied 16-bit channel scaled
/// by [`FILL_DAMP`] and cut to its low byte, opaque.
fn dampen(color: Color) -> Color {
    let [r, g, b, _] = color.premultiplied16();
    let damp = |c: u32| (c * FILL_DAMP / 255) as u8;
    Color::rgb(damp(r), damp(g), damp(b))
}

/// `(x_min, x_max, y_min, y_max)`: the limits given (NaN where not), the
/// data's extent where not, nudged apart where they would be empty.
pub fn compute_limits(data: &[(f64, f64)], x_lim: (f64, f64), y_lim: (f64, f64)) -> (f64, f64, f64, f64) {
    let given = |v: f64| !v.is_nan();
    if given(x_lim.0) && given(x_lim.1) && given(y_lim.0) && given(y_lim.1) {
        return (x_lim.0, x_lim.1, y_lim.0, y_lim.1);
    }
    let Some(&(x, y)) = data.first() else {
        return (0.0, 1.0, 0.0, 1.0);
    };
    // Comparisons as Go makes them: a NaN never wins one.
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (x, x, y, y);
    for &(x, y) in &data[1..] {
        if x < min_x {
            min_x = x;
        }
        if x > max_x {
            max_x = x;
        }
        if y < min_y {
            min_y = y;
        }
        if y > max_y {
            max_y = y;
        }
    }
    let pick = |lim: f64, data: f64| if given(lim) { lim } else { data };
    let (mut x0, mut x1) = (pick(x_lim.0, min_x), pick(x_lim.1, max_x));
    let (mut y0, mut y1) = (pick(y_lim.0, min_y), pick(y_lim.1, max_y));
    // Only one end given, beyond the data: half a unit past it, which
    // leaves every point off the plot.
    if x1 < x0 {
        if given(x_lim.0) { x1 = x0 + 0.5 } else { x0 = x1 - 0.5 }
    }
    if y1 < y0 {
        if given(y_lim.0) { y1 = y0 + 0.5 } else { y0 = y1 - 0.5 }
    }
    if x0 == x1 {
        (x0, x1) = (min_x, min_x + 0.5);
    }
    if y0 == y1 {
        (y0, y1) = (min_y - 0.5, min_y + 0.5);
    }
    (x0, x1, y0, y1)
}

/// The data as plot pixels (Y growing down), and the row of Y = 0.
pub fn translate_points(
    data: &[(f64, f64)],
    width: i64,
    height: i64,
    (x0, x1, y0, y1): (f64, f64, f64, f64),
) -> (Vec<(i64, i64)>, i64) {
    let (w, h) = ((width - 1) as f64, (height - 1) as f64);
    let row = |y: f64| (height - 1).wrapping_sub(go_int(((y - y0) / (y1 - y0) * h).round()));
    let points = data
        .iter()
        .map(|&(x, y)| (go_int(((x - x0) / (x1 - x0) * w).round()), row(y)))
        .collect();
    (points, row(0.0))
}

impl Plot {
    /// The pixels of the line through the points, vertex pixels repeated
    /// where segments meet, as Pixlet walks it.
    fn path(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.points.windows(2).flat_map(|w| bresenham(w[0], w[1]))
    }

    fn line_color(&self, y: i64) -> Color {
        if y > self.threshold {
            self.color_inverted
        } else {
            self.color
        }
    }

    /// Fills each column between the line and the X axis. Pixlet fills from
    /// every pixel of the line; the spans above and below the axis never
    /// overlap, so the span from the outermost pixel paints the same.
    fn paint_fill(&self, canvas: &mut Canvas, above: Color, below: Color) {
        let (w, h) = (self.width as i64, self.height as i64);
        if w <= 0 {
            return;
        }
        let mut columns = vec![(i64::MAX, i64::MIN); w as usize];
        for (x, y) in self.path() {
            if x < 0 || x >= w || y < 0 || y >= h {
                continue;
            }
            let (top, bottom) = &mut columns[x as usize];
            if y > self.threshold {
                *bottom = (*bottom).max(y);
            } else {
                *top = (*top).min(y);
            }
        }
        for (x, &(top, bottom)) in columns.iter().enumerate() {
            for y in top..=self.threshold.min(h) {
                set(canvas, x as i64, y, above);
            }
            for y in self.threshold.saturating_add(1).max(0)..=bottom {
                set(canvas, x as i64, y, below);
            }
        }
    }
}

/// Sets the pixel a plot pixel lands on, as Pixlet's plot does.
fn set(canvas: &mut Canvas, x: i64, y: i64, color: Color) {
    let (cx, cy) = canvas.pixel_at(x as f64, y as f64);
    if let (Ok(cx), Ok(cy)) = (i32::try_from(cx), i32::try_from(cy)) {
        canvas.set_pixel(cx, cy, color);
    }
}

impl Widget for Plot {
    fn paint_bounds(&self, _bounds: Rect, _frame: usize) -> Rect {
        Rect::sized(self.width, self.height)
    }

    fn paint(&self, canvas: &mut Canvas, _bounds: Rect, _frame: usize) {
        if let Some((above, below)) = self.fill {
            self.paint_fill(canvas, above, below);
        }
        if self.scatter {
            // Pixlet places scattered points on the canvas directly,
            // outside the transform its parents set up.
            for &(x, y) in &self.points {
                if let (Ok(cx), Ok(cy)) = (i32::try_from(x), i32::try_from(y)) {
                    canvas.set_pixel(cx, cy, self.line_color(y));
                }
            }
        } else {
            for (x, y) in self.path() {
                set(canvas, x, y, self.line_color(y));
            }
        }
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: (f64, f64) = (f64::NAN, f64::NAN);

    /// Pixlet's `TestPlotComputeLimits`, check by check.
    #[test]
    #[allow(clippy::approx_constant)] // Pixlet's data, not pi.
    fn limits_come_from_the_data_where_not_given() {
        let data = [(3.14, 1.62), (3.56, 2.7), (3.9, 2.9)];
        let check = |x: (f64, f64), y: (f64, f64), want: (f64, f64, f64, f64)| {
            assert_eq!(compute_limits(&data, x, y), want, "x_lim {x:?} y_lim {y:?}");
        };
        let nan = f64::NAN;
        check(NONE, NONE, (3.14, 3.9, 1.62, 2.9));
        check((3.0, nan), NONE, (3.0, 3.9, 1.62, 2.9));
        check((3.2, nan), NONE, (3.2, 3.9, 1.62, 2.9));
        check((4.0, nan), NONE, (4.0, 4.5, 1.62, 2.9));
        check((nan, 4.1), NONE, (3.14, 4.1, 1.62, 2.9));
        check((nan, 3.2), NONE, (3.14, 3.2, 1.62, 2.9));
        check((nan, -17.0), NONE, (-17.5, -17.0, 1.62, 2.9));
        check(NONE, (1.0, nan), (3.14, 3.9, 1.0, 2.9));
        check(NONE, (2.0, nan), (3.14, 3.9, 2.0, 2.9));
        check(NONE, (3.0, nan), (3.14, 3.9, 3.0, 3.5));
        check(NONE, (nan, 3.14), (3.14, 3.9, 1.62, 3.14));
        check(NONE, (nan, 2.0), (3.14, 3.9, 1.62, 2.0));
        check(NONE, (nan, 1.0), (3.14, 3.9, 0.5, 1.0));
        check((3.0, 4.0), (1.0, 3.0), (3.0, 4.0, 1.0, 3.0));
        check((3.3, 3.4), (2.1, 2.2), (3.3, 3.4, 2.1, 2.2));
        let flat = [(3.14, 3.14), (3.56, 3.14), (3.9, 3.14)];
        assert_eq!(compute_limits(&flat, NONE, NONE), (3.14, 3.9, 3.14 - 0.5, 3.14 + 0.5));
        let upright = [(2.0, 3.14), (2.0, 3.14), (2.0, 3.14)];
        assert_eq!(compute_limits(&upright, NONE, NONE), (2.0, 2.5, 3.14 - 0.5, 3.14 + 0.5));
        assert_eq!(compute_limits(&[], NONE, NONE), (0.0, 1.0, 0.0, 1.0));
    }

    /// Pixlet's `TestPlotTranslatePoints`.
    #[test]
    fn points_map_onto_pixels_with_y_growing_down() {
        let data: Vec<_> = (0..10).map(|i| (i as f64, 2.0 * i as f64)).collect();
        let limits = compute_limits(&data, NONE, NONE);
        let (points, threshold) = translate_points(&data, 10, 10, limits);
        assert_eq!(points, (0..10).map(|i| (i, 9 - i)).collect::<Vec<_>>());
        assert_eq!(threshold, 9);

        let limits = compute_limits(&data, (2.0, 6.0), (4.0, 12.0));
        let (points, threshold) = translate_points(&data, 10, 10, limits);
        let want = [
            (-5, 14),
            (-2, 11),
            (0, 9),
            (2, 7),
            (5, 4),
            (7, 2),
            (9, 0),
            (11, -2),
            (14, -5),
            (16, -7),
        ];
        assert_eq!(points, want);
        assert_eq!(threshold, 14);
    }

    #[test]
    fn the_fill_keeps_a_third_of_the_line_colour_as_pixlet_rounds_it() {
        assert_eq!(dampen(Color::rgb(0, 0xff, 0)), Color::rgb(0, 0x55, 0));
        // Pixlet keeps the low byte of the 16-bit product.
        assert_eq!(dampen(Color::rgb(0x80, 0, 0)), Color::rgb(0xd5, 0, 0));
    }
}
