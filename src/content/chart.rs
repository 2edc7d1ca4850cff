//! AWTRIX's charts: `bar` and `line`, up to 16 values laid across the panel.
//!
//! A chart takes the whole height of the area it is given (the panel beside
//! the icon, above the progress bar). With `autoscale` (the default) the
//! largest value reaches the top; without it values are heights on AWTRIX's
//! 8-row panel, stretched to this one, so a chart a client drew for that panel
//! keeps its shape here.

use embedded_graphics::Drawable;
use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::{Point, Primitive};
use embedded_graphics::primitives::{Line, PrimitiveStyle};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{FieldError, Rgb};
use crate::gfx::Canvas;

/// Most values one chart may have.
pub const MAX_VALUES: usize = 16;
/// The rows of AWTRIX's panel, in which values are given without `autoscale`.
const AWTRIX_ROWS: f64 = 8.0;
/// Columns between neighbouring bars.
const GAP: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Bar,
    Line,
}

/// One chart, as posted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub kind: Kind,
    pub values: Vec<f64>,
    pub autoscale: bool,
}

/// Reads the list of values under `key` (`bar` or `line`); an empty list is no chart.
pub fn read(key: &str, value: &Value, kind: Kind, autoscale: bool) -> Result<Option<Chart>, FieldError> {
    let refusal = || FieldError::new(key, format_args!("must be a list of at most {MAX_VALUES} numbers"));
    let list = value.as_array().ok_or_else(refusal)?;
    if list.len() > MAX_VALUES {
        return Err(FieldError::new(
            key,
            format_args!("has {} values; at most {MAX_VALUES} are allowed", list.len()),
        ));
    }
    let values = list
        .iter()
        .map(|value| value.as_f64().ok_or_else(refusal))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((!values.is_empty()).then_some(Chart {
        kind,
        values,
        autoscale,
    }))
}

/// Where a chart is drawn: columns `left` to `left + width`, rows 0 to `height`.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    pub left: i32,
    pub width: u32,
    pub height: u32,
}

impl Chart {
    /// Each value as a height in pixels, 0 to `rows`; negative values are 0.
    fn heights(&self, rows: u32) -> Vec<u32> {
        let rows_f = f64::from(rows);
        let largest = self.values.iter().copied().fold(0.0, f64::max);
        self.values
            .iter()
            .map(|&value| {
                let fraction = if self.autoscale {
                    if largest > 0.0 { value / largest } else { 0.0 }
                } else {
                    value / AWTRIX_ROWS
                };
                (fraction.clamp(0.0, 1.0) * rows_f).round() as u32
            })
            .collect()
    }

    /// Paints the chart in `area` in `color`; `background` paints each bar's whole column first.
    pub fn draw(&self, canvas: &mut Canvas, area: Area, color: Rgb, background: Option<Rgb>) {
        match self.kind {
            Kind::Bar => self.draw_bars(canvas, area, color, background),
            Kind::Line => self.draw_line(canvas, area, color),
        }
    }

    fn draw_bars(&self, canvas: &mut Canvas, area: Area, color: Rgb, background: Option<Rgb>) {
        let count = self.values.len() as u32;
        let gaps = GAP * (count - 1);
        // On a panel too narrow for gaps the bars touch.
        let (bar, gap) = match area.width.saturating_sub(gaps) / count {
            0 => ((area.width / count).max(1), 0),
            width => (width, GAP),
        };
        let bottom = area.height as i32;
        for (index, height) in self.heights(area.height).into_iter().enumerate() {
            let left = area.left + (index as u32 * (bar + gap)) as i32;
            for x in left..left + bar as i32 {
                for y in 0..bottom {
                    let lit = y >= bottom - height as i32;
                    match (lit, background) {
                        (true, _) => canvas.set(x, y, color),
                        (false, Some(background)) => canvas.set(x, y, background),
                        (false, None) => {}
                    }
                }
            }
        }
    }

    fn draw_line(&self, canvas: &mut Canvas, area: Area, color: Rgb) {
        let last_row = area.height.saturating_sub(1);
        let points: Vec<Point> = self
            .heights(last_row)
            .into_iter()
            .enumerate()
            .map(|(index, height)| {
                let steps = (self.values.len() - 1).max(1) as u32;
                let x = area.left + (index as u32 * area.width.saturating_sub(1) / steps) as i32;
                Point::new(x, (last_row - height) as i32)
            })
            .collect();
        let style = PrimitiveStyle::with_stroke(Rgb888::new(color[0], color[1], color[2]), 1);
        if let [only] = points.as_slice() {
            canvas.set(only.x, only.y, color);
        }
        for pair in points.windows(2) {
            let Ok(()) = Line::new(pair[0], pair[1]).into_styled(style).draw(canvas);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const RED: Rgb = [255, 0, 0];

    fn chart(kind: Kind, values: Value, autoscale: bool) -> Chart {
        read("bar", &values, kind, autoscale).unwrap().unwrap()
    }

    fn drawn(chart: &Chart, background: Option<Rgb>) -> Canvas {
        let mut canvas = Canvas::new(32, 16);
        let area = Area {
            left: 0,
            width: 32,
            height: 16,
        };
        chart.draw(&mut canvas, area, RED, background);
        canvas
    }

    /// The height of the red column at `x`.
    fn column(canvas: &Canvas, x: i32) -> usize {
        (0..16).filter(|&y| canvas.get(x, y) == Some(RED)).count()
    }

    #[test]
    fn autoscaled_bars_reach_the_top_with_the_largest_value() {
        let canvas = drawn(&chart(Kind::Bar, json!([1, 2, 4, 0]), true), None);
        // 4 bars in 32 columns with 3 gaps: 7 columns each, starting 8 apart.
        assert_eq!(
            [
                column(&canvas, 0),
                column(&canvas, 8),
                column(&canvas, 16),
                column(&canvas, 24)
            ],
            [4, 8, 16, 0]
        );
        assert_eq!(column(&canvas, 7), 0, "a gap");
        assert_eq!(column(&canvas, 6), 4, "the first bar's last column");
    }

    #[test]
    fn unscaled_values_are_heights_on_awtrix_s_eight_rows() {
        let canvas = drawn(&chart(Kind::Bar, json!([8, 4, 20]), false), Some([0, 0, 64]));
        assert_eq!(
            [column(&canvas, 0), column(&canvas, 11), column(&canvas, 22)],
            [16, 8, 16]
        );
        assert_eq!(canvas.get(11, 0), Some([0, 0, 64]), "the bar's background above it");
    }

    #[test]
    fn a_line_joins_its_points_from_edge_to_edge() {
        let canvas = drawn(&chart(Kind::Line, json!([0, 10]), true), None);
        assert_eq!(canvas.get(0, 15), Some(RED));
        assert_eq!(canvas.get(31, 0), Some(RED));
        assert!(column(&canvas, 16) >= 1);
    }

    #[test]
    fn more_than_sixteen_values_or_non_numbers_are_refused() {
        let error = read("bar", &json!(vec![1; 17]), Kind::Bar, true).unwrap_err();
        assert_eq!(error.message, "'bar' has 17 values; at most 16 are allowed");
        assert_eq!(read("line", &json!(["a"]), Kind::Line, true).unwrap_err().key, "line");
        assert_eq!(read("line", &json!([]), Kind::Line, true).unwrap(), None);
    }
}
