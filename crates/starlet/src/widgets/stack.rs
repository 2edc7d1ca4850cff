//! `render.Stack`: children drawn on top of each other, the first at the
//! bottom, each from the top left corner.

use std::sync::Arc;

use crate::render::{Canvas, Rect, Widget, WidgetRef, max_frame_count};
use crate::values::spec::{Args, Built, Param, Spec};

#[derive(Debug)]
pub struct Stack {
    pub children: Vec<WidgetRef>,
}

pub static SPEC: Spec = Spec {
    name: "Stack",
    params: &[Param::required("children")],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    Ok(Built::Widget(Arc::new(Stack {
        children: args.widgets("children")?,
    })))
}

impl Widget for Stack {
    /// As big as the biggest child, within the bounds.
    fn paint_bounds(&self, bounds: Rect, frame: usize) -> Rect {
        let (width, height) = self.children.iter().fold((0, 0), |(w, h), child| {
            let child_bounds = child.paint_bounds(bounds, frame);
            (w.max(child_bounds.dx()), h.max(child_bounds.dy()))
        });
        Rect::sized(width.min(bounds.dx()), height.min(bounds.dy()))
    }

    /// Each child in the whole bounds, unclipped: a child bigger than the
    /// stack shows as far as the stack's parent lets it.
    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        for child in &self.children {
            canvas.push();
            child.paint(canvas, bounds, frame);
            canvas.pop();
        }
    }

    fn frame_count(&self, bounds: Rect) -> usize {
        max_frame_count(&self.children, bounds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::testing::Frames;

    #[test]
    fn frame_count_is_the_longest_childs() {
        let bounds = Rect::sized(4, 4);
        assert_eq!(Stack { children: vec![] }.frame_count(bounds), 1);
        let stack = Stack {
            children: vec![Arc::new(Frames(2)), Arc::new(Frames(5)), Arc::new(Frames(1))],
        };
        assert_eq!(stack.frame_count(bounds), 5);
    }
}
