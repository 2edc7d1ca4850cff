//! `render.Sequence`: children shown one after another, each for as many
//! frames as it has, so animations can be chained.

use std::sync::Arc;

use crate::render::{Canvas, Rect, Widget, WidgetRef};
use crate::values::spec::{Args, Built, Param, Spec};

#[derive(Debug)]
pub struct Sequence {
    pub children: Vec<WidgetRef>,
}

pub static SPEC: Spec = Spec {
    name: "Sequence",
    params: &[Param::required("children")],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    Ok(Built::Widget(Arc::new(Sequence {
        children: args.widgets("children")?,
    })))
}

impl Sequence {
    /// The child showing in frame `frame`, and which of its own frames;
    /// none once every child has had its turn.
    fn showing(&self, bounds: Rect, frame: usize) -> Option<(&WidgetRef, usize)> {
        let mut first = 0usize;
        for child in &self.children {
            let count = child.frame_count(bounds);
            if frame < first.saturating_add(count) {
                return Some((child, frame - first));
            }
            first = first.saturating_add(count);
        }
        None
    }
}

impl Widget for Sequence {
    /// Nothing once the sequence is over, when a longer sibling keeps the
    /// parent going.
    fn paint_bounds(&self, bounds: Rect, frame: usize) -> Rect {
        self.showing(bounds, frame)
            .map_or(Rect::default(), |(child, own)| child.paint_bounds(bounds, own))
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        if let Some((child, own)) = self.showing(bounds, frame) {
            canvas.push();
            child.paint(canvas, bounds, own);
            canvas.pop();
        }
    }

    /// Every child's frames end to end; none for no children.
    fn frame_count(&self, bounds: Rect) -> usize {
        self.children
            .iter()
            .fold(0usize, |total, child| total.saturating_add(child.frame_count(bounds)))
    }
}
