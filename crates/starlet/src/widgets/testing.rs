//! A widget for the layout widgets' unit tests: a fixed size and a given
//! number of frames, which no `render` widget has without another module's
//! help.

use crate::render::{Canvas, Rect, Widget};

#[derive(Debug)]
pub struct Frames(pub usize);

impl Widget for Frames {
    fn paint_bounds(&self, _bounds: Rect, _frame: usize) -> Rect {
        Rect::sized(1, 1)
    }

    fn paint(&self, _canvas: &mut Canvas, _bounds: Rect, _frame: usize) {}

    fn frame_count(&self, _bounds: Rect) -> usize {
        self.0
    }
}
