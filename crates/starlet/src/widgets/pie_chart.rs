//! `render.PieChart`: a disc cut into anti-aliased slices, one per weight,
//! clockwise from three o'clock, each as big as its share of the total.

use std::f64::consts::TAU;
use std::sync::Arc;

use starlark::values::float::UnpackFloat;
use starlark::values::{UnpackValue, Value};

use crate::render::path::Path;
use crate::render::{Canvas, Color, Rect, Widget};
use crate::values::spec::{Args, Built, Param, Spec};

#[derive(Debug)]
pub struct PieChart {
    /// Used in turn, repeating when there are fewer than weights.
    pub colors: Vec<Color>,
    pub weights: Vec<f64>,
    pub diameter: i32,
}

pub static SPEC: Spec = Spec {
    name: "PieChart",
    params: &[
        Param::required("colors"),
        Param::required("weights"),
        Param::required("diameter"),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let colors = args.colors("colors")?;
    let weights = args
        .list("weights")?
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            number_or_nan(w)
                .ok_or_else(|| anyhow::anyhow!("PieChart: weights[{i}] is {}, want a number or None", w.get_type()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    if colors.is_empty() && !weights.is_empty() {
        anyhow::bail!("PieChart: colors is empty, want a color for the weights");
    }
    Ok(Built::Widget(Arc::new(PieChart {
        colors,
        weights,
        diameter: args
            .int("diameter")?
            .unwrap_or(0)
            .clamp(i32::MIN as i64, i32::MAX as i64) as i32,
    })))
}

/// A number as a float, or NaN for `None`, as Pixlet reads weights.
fn number_or_nan(value: Value) -> Option<f64> {
    if value.is_none() {
        return Some(f64::NAN);
    }
    UnpackFloat::unpack_value(value).ok().flatten().map(|f| f.0)
}

impl Widget for PieChart {
    fn paint_bounds(&self, _bounds: Rect, _frame: usize) -> Rect {
        Rect::sized(self.diameter, self.diameter)
    }

    fn paint(&self, canvas: &mut Canvas, _bounds: Rect, _frame: usize) {
        let total: f64 = self.weights.iter().sum();
        let r = self.diameter as f64 / 2.0;
        let mut start = 0.0;
        for (i, weight) in self.weights.iter().enumerate() {
            let end = start + weight / total;
            let mut slice = Path::new();
            slice.arc(r, r, r, start * TAU, end * TAU);
            slice.line_to(r, r);
            slice.line_to(r + r * (start * TAU).cos(), r + r * (start * TAU).sin());
            canvas.fill_path(&slice, self.colors[i % self.colors.len()]);
            start = end;
        }
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        1
    }
}
