//! The layout `render.Row` and `render.Column` share (Pixlet's `Vector`):
//! children one after the other along a main axis, aligned on the cross
//! axis, as many as fit.

use crate::render::{Canvas, Rect, Widget, WidgetRef, max_frame_count};

/// Where children go along the main axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MainAlign {
    Start,
    End,
    Center,
    /// Equal space between children, none before the first or after the last.
    SpaceBetween,
    /// Equal space between children and before the first and after the last.
    SpaceEvenly,
    /// Equal space between children, half of it before the first and after
    /// the last.
    SpaceAround,
}

impl MainAlign {
    /// Pixlet's name for it; anything else (`"left"`, a misspelling) is
    /// `Start`, as Pixlet draws it.
    pub fn parse(name: &str) -> Self {
        match name {
            "end" => Self::End,
            "center" => Self::Center,
            "space_between" => Self::SpaceBetween,
            "space_evenly" => Self::SpaceEvenly,
            "space_around" => Self::SpaceAround,
            _ => Self::Start,
        }
    }
}

/// Where each child goes across the main axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrossAlign {
    Start,
    Center,
    End,
}

impl CrossAlign {
    /// Pixlet's name for it; anything else is `Start`, as Pixlet draws it.
    pub fn parse(name: &str) -> Self {
        match name {
            "center" => Self::Center,
            "end" => Self::End,
            _ => Self::Start,
        }
    }
}

#[derive(Debug)]
pub struct Vector {
    pub children: Vec<WidgetRef>,
    pub main_align: MainAlign,
    pub cross_align: CrossAlign,
    /// Take all the space the main axis offers, not just what children need.
    pub expanded: bool,
    /// A column (main axis down) rather than a row (main axis across).
    pub vertical: bool,
}

/// Where the children fit, as measured for one frame.
struct Layout {
    /// The sizes of the children that fit, in order: each child is offered
    /// what the ones before it left, and the rest are dropped once the main
    /// axis is full.
    sizes: Vec<(i32, i32)>,
    width: i32,
    height: i32,
    /// The children's total length along the main axis.
    main_sum: i64,
}

impl Vector {
    /// `(1, 0)` for a row, `(0, 1)` for a column: the main axis.
    fn axis(&self) -> (i64, i64) {
        if self.vertical { (0, 1) } else { (1, 0) }
    }

    fn layout(&self, bounds: Rect, frame: usize) -> Layout {
        let (dx, dy) = self.axis();
        let (bounds_w, bounds_h) = (bounds.dx() as i64, bounds.dy() as i64);
        let (mut max_w, mut max_h, mut sum_w, mut sum_h) = (0, 0, 0, 0);
        let mut sizes = Vec::new();
        for child in &self.children {
            let offered = remaining_bounds(bounds_w - dx * sum_w, bounds_h - dy * sum_h);
            let child_bounds = child.paint_bounds(offered, frame);
            let (w, h) = (child_bounds.dx(), child_bounds.dy());
            sum_w += w as i64;
            sum_h += h as i64;
            max_w = max_w.max(w as i64);
            max_h = max_h.max(h as i64);
            sizes.push((w, h));
            // Pixlet's test, which for a row with no height (or a column
            // with no width) also stops after the first child.
            if sum_w * dx >= bounds_w || sum_h * dy >= bounds_h {
                break;
            }
        }
        let (width, height) = if self.expanded {
            (dx * bounds_w + dy * max_w, dx * max_h + dy * bounds_h)
        } else {
            (dx * sum_w + dy * max_w, dx * max_h + dy * sum_h)
        };
        Layout {
            sizes,
            width: width.min(bounds_w) as i32,
            height: height.min(bounds_h) as i32,
            main_sum: dx * sum_w + dy * sum_h,
        }
    }
}

/// The bounds offered to the next child: what is left, corners put in order
/// as Go's `image.Rect` does, so an overflow offers its size again. Kept to
/// half of `i32` either way, so a rectangle's width still fits one.
fn remaining_bounds(w: i64, h: i64) -> Rect {
    let clamp = |v: i64| v.clamp(i32::MIN as i64 / 2, i32::MAX as i64 / 2) as i32;
    Rect::new(0, 0, clamp(w), clamp(h))
}

impl Widget for Vector {
    fn paint_bounds(&self, bounds: Rect, frame: usize) -> Rect {
        let layout = self.layout(bounds, frame);
        Rect::sized(layout.width, layout.height)
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let layout = self.layout(bounds, frame);
        let count = layout.sizes.len() as i64;
        if count == 0 {
            return;
        }
        let (dx, dy) = self.axis();
        let (width, height) = (layout.width as i64, layout.height as i64);
        let remaining = (dx * width + dy * height - layout.main_sum).max(0);

        let (mut offset, mut spacing, mut residual) = (0, 0, 0);
        match self.main_align {
            MainAlign::Start => {}
            MainAlign::End => offset = remaining,
            MainAlign::Center => offset = remaining / 2,
            MainAlign::SpaceEvenly => {
                spacing = remaining / (count + 1);
                residual = remaining % (count + 1);
                offset = spacing;
            }
            MainAlign::SpaceAround => {
                spacing = remaining / count;
                residual = remaining % count;
                offset = spacing / 2;
            }
            MainAlign::SpaceBetween if count > 1 => {
                spacing = remaining / (count - 1);
                residual = remaining % (count - 1);
                // Pixlet starts a pixel early and hands out one more, so the
                // last child still ends flush with the end.
                if residual > 0 {
                    offset = -1;
                    residual += 1;
                }
            }
            MainAlign::SpaceBetween => {}
        }

        let (bounds_w, bounds_h) = (bounds.dx() as i64, bounds.dy() as i64);
        let (mut sum_w, mut sum_h) = (0, 0);
        for (child, &(w, h)) in self.children.iter().zip(&layout.sizes) {
            let (w, h) = (w as i64, h as i64);
            // The space that does not divide evenly goes a pixel at a time,
            // first children first.
            if residual > 0 {
                offset += 1;
                residual -= 1;
            }
            let cross_room = dx * (height - h) + dy * (width - w);
            let cross = match self.cross_align {
                CrossAlign::Start => 0,
                CrossAlign::Center => cross_room / 2,
                CrossAlign::End => cross_room,
            };
            canvas.push();
            canvas.translate((dx * offset + dy * cross) as f64, (dx * cross + dy * offset) as f64);
            canvas.clip_rect(0.0, 0.0, w as f64, h as f64);
            child.paint(
                canvas,
                remaining_bounds(bounds_w - dx * sum_w, bounds_h - dy * sum_h),
                frame,
            );
            canvas.pop();

            sum_w += w;
            sum_h += h;
            offset += dx * w + dy * h + spacing;
            if offset >= dx * bounds_w + dy * bounds_h {
                break;
            }
        }
    }

    fn frame_count(&self, bounds: Rect) -> usize {
        max_frame_count(&self.children, bounds)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::widgets::testing::Frames;

    fn row(children: Vec<WidgetRef>) -> Vector {
        Vector {
            children,
            main_align: MainAlign::Start,
            cross_align: CrossAlign::Start,
            expanded: false,
            vertical: false,
        }
    }

    #[test]
    fn frame_count_is_the_longest_childs() {
        let bounds = Rect::sized(10, 10);
        assert_eq!(row(vec![]).frame_count(bounds), 1);
        assert_eq!(
            row(vec![Arc::new(Frames(3)), Arc::new(Frames(7))]).frame_count(bounds),
            7
        );
    }

    #[test]
    fn unknown_alignments_are_start() {
        assert_eq!(MainAlign::parse("left"), MainAlign::Start);
        assert_eq!(MainAlign::parse("space_bewteen"), MainAlign::Start);
        assert_eq!(CrossAlign::parse("stretch"), CrossAlign::Start);
        assert_eq!(CrossAlign::parse("end"), CrossAlign::End);
    }

    #[test]
    fn no_children_paints_nothing() {
        for align in ["space_around", "space_evenly", "space_between", "center", "end"] {
            let v = Vector {
                main_align: MainAlign::parse(align),
                expanded: true,
                ..row(vec![])
            };
            let mut canvas = Canvas::new(4, 4);
            v.paint(&mut canvas, Rect::sized(4, 4), 0);
            assert_eq!(v.paint_bounds(Rect::sized(4, 4), 0), Rect::sized(4, 0));
        }
    }
}
