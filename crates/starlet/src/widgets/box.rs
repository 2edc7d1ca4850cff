//! `render.Box`: a rectangle, optionally filled, that centres its child
//! inside a padding.

use std::sync::Arc;

use crate::render::{Canvas, Color, Rect, Widget, WidgetRef};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

#[derive(Debug, Default)]
pub struct BoxWidget {
    pub child: Option<WidgetRef>,
    /// 0 takes the width offered.
    pub width: i32,
    /// 0 takes the height offered.
    pub height: i32,
    pub padding: i32,
    pub color: Option<Color>,
}

pub static SPEC: Spec = Spec {
    name: "Box",
    params: &[
        Param::optional("child", Absent::None),
        Param::optional("width", Absent::Int(0)),
        Param::optional("height", Absent::Int(0)),
        Param::optional("padding", Absent::Int(0)),
        Param::optional("color", Absent::None),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    Ok(Built::Widget(Arc::new(BoxWidget {
        child: args.widget("child")?,
        width: args.length("width")?.unwrap_or(0),
        height: args.length("height")?.unwrap_or(0),
        padding: args.length("padding")?.unwrap_or(0),
        color: args.color("color")?,
    })))
}

impl BoxWidget {
    fn size(&self, bounds: Rect) -> (i32, i32) {
        let w = if self.width == 0 { bounds.dx() } else { self.width };
        let h = if self.height == 0 { bounds.dy() } else { self.height };
        (w, h)
    }
}

impl Widget for BoxWidget {
    fn paint_bounds(&self, bounds: Rect, _frame: usize) -> Rect {
        let (w, h) = self.size(bounds);
        Rect::sized(w, h)
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let (w, h) = self.size(bounds);
        if let Some(color) = self.color {
            canvas.fill_rect(0.0, 0.0, w as f64, h as f64, color);
        }
        let Some(child) = &self.child else {
            return;
        };
        let (inner_w, inner_h) = (w - self.padding * 2, h - self.padding * 2);
        if inner_w < 0 || inner_h < 0 {
            return;
        }
        let inner = Rect::sized(inner_w, inner_h);
        canvas.push();
        canvas.clip_rect(self.padding as f64, self.padding as f64, inner_w as f64, inner_h as f64);
        let child_bounds = child.paint_bounds(inner, frame);
        // Go's int(0.5 * size) truncates toward zero.
        let x = w / 2 - (0.5 * child_bounds.dx() as f64) as i32;
        let y = h / 2 - (0.5 * child_bounds.dy() as f64) as i32;
        canvas.translate(x as f64, y as f64);
        child.paint(canvas, inner, frame);
        canvas.pop();
    }

    fn frame_count(&self, bounds: Rect) -> usize {
        self.child.as_ref().map_or(1, |child| child.frame_count(bounds))
    }
}
