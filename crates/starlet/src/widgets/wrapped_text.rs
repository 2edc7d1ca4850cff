//! `render.WrappedText`: text over as many lines as it needs, cut between
//! words (and, with `wordbreak`, inside words) to fit a width, each line
//! aligned left, right or centred.

use std::sync::Arc;

use crate::render::bidi::{self, Direction};
use crate::render::fonts::{self, DEFAULT_FONT, DEFAULT_FONT_2X, Font};
use crate::render::wrap::wrap;
use crate::render::{Canvas, Color, Image, Rect, Widget};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// Where each line sits across the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    /// Pixlet's name for it. Left out, it follows the text's direction
    /// (right for Hebrew or Arabic); anything else is `Left`.
    fn parse(name: &str, content: &str) -> Self {
        match name {
            "center" => Self::Center,
            "right" => Self::Right,
            "" if bidi::base_direction(content) == Direction::RightToLeft => Self::Right,
            _ => Self::Left,
        }
    }
}

#[derive(Debug)]
pub struct WrappedText {
    content: String,
    font: &'static Font,
    /// 0 takes the width offered.
    width: i32,
    /// 0 takes as many lines as the text needs, within the height offered.
    height: i32,
    /// Extra pixels between lines.
    line_spacing: i32,
    color: Color,
    align: Align,
    word_break: bool,
}

pub static SPEC: Spec = Spec {
    name: "WrappedText",
    params: &[
        Param::required("content"),
        Param::optional("font", Absent::Str(DEFAULT_FONT)),
        Param::optional("height", Absent::Int(0)),
        Param::optional("width", Absent::Int(0)),
        Param::optional("linespacing", Absent::Int(0)),
        Param::optional("color", Absent::None),
        Param::optional("align", Absent::Str("left")),
        Param::optional("wordbreak", Absent::Bool(false)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let is2x = args.context().is_some_and(|c| c.canvas.is2x);
    let default_font = if is2x { DEFAULT_FONT_2X } else { DEFAULT_FONT };
    let content = args.string("content")?.unwrap_or_default();
    let font = args.string("font")?.filter(|f| !f.is_empty()).unwrap_or(default_font);
    Ok(Built::Widget(Arc::new(WrappedText {
        content: content.to_owned(),
        font: fonts::font(font)?,
        width: args.length("width")?.unwrap_or(0),
        height: args.length("height")?.unwrap_or(0),
        line_spacing: args.length("linespacing")?.unwrap_or(0),
        color: args.color("color")?.unwrap_or(Color::WHITE),
        align: Align::parse(args.string("align")?.unwrap_or_default(), content),
        word_break: args.bool("wordbreak")?.unwrap_or(false),
    })))
}

impl Widget for WrappedText {
    /// As wide as the widest line and as high as the lines (each with its
    /// spacing, the last one's too), within the bounds; `width` and
    /// `height`, when given, instead.
    fn paint_bounds(&self, bounds: Rect, _frame: usize) -> Rect {
        let wrap_width = if self.width != 0 { self.width } else { bounds.dx() };
        let lines = wrap(self.font, &self.content, wrap_width, self.word_break);
        let widest = lines.iter().map(|line| self.font.measure(line)).max().unwrap_or(0);
        let line_height = (self.font.height() + self.line_spacing.max(0)) as i64;
        let total_height = lines.len() as i64 * line_height;
        let width = if self.width != 0 {
            self.width
        } else {
            widest.min(bounds.dx())
        };
        let height = if self.height != 0 {
            self.height
        } else {
            total_height.min(bounds.dy() as i64) as i32
        };
        Rect::new(0, 0, width, height)
    }

    /// Draws every line, even past the paint bounds (the parent clips), as
    /// Pixlet does.
    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let Some(visible) = visible_area(canvas) else {
            return;
        };
        let width = self.paint_bounds(bounds, frame).dx();
        let font_height = self.font.height() as f64;
        let line_advance = font_height * ((self.line_spacing as f64 + font_height) / font_height);
        let (anchor, share) = match self.align {
            Align::Left => (0.0, 0.0),
            Align::Center => (width as f64 / 2.0, 0.5),
            Align::Right => (width as f64, 1.0),
        };
        // Positions in floating point, as Pixlet computes them.
        let mut top = -(self.font.descent() as f64);
        for line in wrap(self.font, &self.content, width, self.word_break) {
            let line = bidi::visual_order(&line);
            let pen = whole_pixel(anchor - share * self.font.measure(&line) as f64);
            let baseline = whole_pixel(top + font_height);
            top += line_advance;
            let ink = self.font.ink_bounds(&line);
            let area = Rect::new(pen + ink.x0, baseline + ink.y0, pen + ink.x1, baseline + ink.y1).intersect(&visible);
            if area.is_empty() {
                continue;
            }
            let mut picture = Image::new(area.dx(), area.dy());
            self.font
                .draw(&mut picture, &line, pen - area.x0, baseline - area.y0, self.color);
            canvas.draw_image(&picture, area.x0, area.y0);
        }
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        1
    }
}

/// The part of the current coordinates that lands on the canvas, with a
/// margin for resampling; `None` when the transform flattens everything.
fn visible_area(canvas: &Canvas) -> Option<Rect> {
    const MARGIN: f64 = 2.0;
    let back = canvas.transform().invert()?;
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let corners = [(0.0, 0.0), (w, 0.0), (0.0, h), (w, h)].map(|(x, y)| back.apply(x, y));
    let span = |values: [f64; 4]| {
        let limit = |v: f64| v.clamp(i32::MIN as f64 / 4.0, i32::MAX as f64 / 4.0) as i32;
        let low = values.iter().copied().fold(f64::INFINITY, f64::min).floor() - MARGIN;
        let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max).ceil() + MARGIN;
        (limit(low), limit(high))
    };
    let ((x0, x1), (y0, y1)) = (span(corners.map(|c| c.0)), span(corners.map(|c| c.1)));
    Some(Rect::new(x0, y0, x1, y1))
}

/// The whole pixel Pixlet draws at for a position: rounded to 1/64 of a
/// pixel, then down.
fn whole_pixel(v: f64) -> i32 {
    let sixty_fourths = (v * 64.0).round() as i64;
    (sixty_fourths >> 6).clamp(i32::MIN as i64 / 2, i32::MAX as i64 / 2) as i32
}
