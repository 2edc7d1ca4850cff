//! `render.Animation`: a flip book, each child one frame.

use std::sync::Arc;

use crate::render::{Canvas, Rect, Widget, WidgetRef};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

#[derive(Debug)]
pub struct Animation {
    pub children: Vec<WidgetRef>,
}

pub static SPEC: Spec = Spec {
    name: "Animation",
    params: &[Param::optional("children", Absent::EmptyList)],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    Ok(Built::Widget(Arc::new(Animation {
        children: args.widgets("children")?,
    })))
}

impl Animation {
    /// The child that is frame `frame`, and the frame it is painted at.
    ///
    /// Pixlet passes the animation's own frame number on to the child, wrapped
    /// only once it is past the number of children (not when equal to it), so
    /// an animated child sees those numbers; kept for the same pictures.
    fn frame(&self, frame: usize) -> Option<(&WidgetRef, usize)> {
        let count = self.children.len();
        if count == 0 {
            return None;
        }
        let passed = if frame > count { frame % count } else { frame };
        Some((&self.children[passed % count], passed))
    }
}

impl Widget for Animation {
    fn paint_bounds(&self, bounds: Rect, frame: usize) -> Rect {
        self.frame(frame)
            .map_or(Rect::default(), |(child, passed)| child.paint_bounds(bounds, passed))
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        if let Some((child, passed)) = self.frame(frame) {
            child.paint(canvas, bounds, passed);
        }
    }

    /// One frame per child, whatever the children's own frame counts; none
    /// for no children, which Pixlet renders as nothing to show.
    fn frame_count(&self, _bounds: Rect) -> usize {
        self.children.len()
    }
}
