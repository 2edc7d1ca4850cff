//! The drawing engine: widgets that lay themselves out and paint on a
//! [`Canvas`], frame by frame. Pure Rust; the Starlark side builds widgets
//! from apps' calls (see [`crate::widgets`]).

pub mod bidi;
pub mod canvas;
pub mod color;
pub mod coverage;
pub mod emoji;
pub mod fonts;
pub mod geometry;
pub mod image;
pub mod path;
pub mod picture;
pub mod raster;
pub mod resample;
pub mod resize;
pub mod text_line;
pub mod wrap;

use std::fmt::Debug;
use std::sync::Arc;

pub use canvas::{Affine, Canvas};
pub use color::Color;
pub use geometry::Rect;
pub use image::Image;

/// Something that can paint itself, possibly differently in each frame:
/// Pixlet's widget interface.
///
/// `bounds` is the space the parent offers, with its origin where the widget
/// is drawn; a widget may paint less (or, clipped by its parent, more).
pub trait Widget: Send + Sync + Debug {
    /// The area `paint` will draw in, which parents lay out with.
    fn paint_bounds(&self, bounds: Rect, frame: usize) -> Rect;
    /// Paints frame `frame` with the widget's origin at the canvas's origin.
    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize);
    /// How many frames the widget has before it repeats: 1 for a still
    /// widget, 0 for one with nothing to show (an empty `Animation`), which
    /// a root renders as no frames at all, as Pixlet does.
    fn frame_count(&self, bounds: Rect) -> usize;
    /// The widget's own size, when it has one before layout (text, pictures).
    fn size(&self) -> Option<(i32, i32)> {
        None
    }

    /// Numbers the widget works out while it is built that apps read back
    /// as attributes, as Pixlet lets them (`image.delay`); they take the
    /// place of an argument of the same name.
    fn read_back(&self) -> &[(&'static str, i64)] {
        &[]
    }
}

/// A widget shared between the tree that holds it and the app's values.
pub type WidgetRef = Arc<dyn Widget>;

/// The most frames a child's frame count contributes: `max(1, ...)` over all.
pub fn max_frame_count(widgets: &[WidgetRef], bounds: Rect) -> usize {
    widgets.iter().map(|w| w.frame_count(bounds)).max().unwrap_or(1).max(1)
}

/// `frame` wrapped into `0..count`, how a widget with fewer frames than its
/// parent repeats.
pub fn wrap_frame(frame: usize, count: usize) -> usize {
    if count == 0 { 0 } else { frame % count }
}

/// Paints one frame of a widget on a transparent canvas as big as its paint
/// bounds: how Pixlet's own widget tests look at a widget.
pub fn paint_widget(widget: &dyn Widget, bounds: Rect, frame: usize) -> Image {
    let area = widget.paint_bounds(bounds, frame);
    let mut canvas = Canvas::new(area.dx(), area.dy());
    widget.paint(&mut canvas, bounds, frame);
    canvas.into_image()
}

/// Paints the frames of an app's root child: each `width` x `height` on black,
/// at most `max_frames` of them.
pub fn paint_frames(child: &dyn Widget, width: i32, height: i32, max_frames: usize) -> Vec<Image> {
    let bounds = Rect::sized(width, height);
    let count = child.frame_count(bounds).min(max_frames);
    (0..count)
        .map(|frame| {
            let mut canvas = Canvas::new(width, height);
            canvas.clear(Color::BLACK);
            canvas.push();
            child.paint(&mut canvas, bounds, frame);
            canvas.pop();
            canvas.into_image()
        })
        .collect()
}
