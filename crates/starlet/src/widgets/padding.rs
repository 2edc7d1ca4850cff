//! `render.Padding`: space around a child, on each side its own amount,
//! optionally filled with a colour.

use std::sync::Arc;

use starlark::values::tuple::TupleRef;
use starlark::values::{UnpackValue, Value};

use crate::render::{Canvas, Color, Rect, Widget, WidgetRef};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// Pixels on each side. Negative ones are allowed: apps use them to nudge
/// a child outwards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Insets {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

#[derive(Debug)]
pub struct Padding {
    pub child: WidgetRef,
    pub pad: Insets,
    /// Take the whole bounds rather than the child's size plus the padding.
    pub expanded: bool,
    pub color: Option<Color>,
}

pub static SPEC: Spec = Spec {
    name: "Padding",
    params: &[
        Param::required("child"),
        Param::optional("pad", Absent::None),
        Param::optional("expanded", Absent::Bool(false)),
        Param::optional("color", Absent::None),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let child = args
        .widget("child")?
        .ok_or_else(|| anyhow::anyhow!("Padding: child is required"))?;
    Ok(Built::Widget(Arc::new(Padding {
        child,
        pad: insets(args)?,
        expanded: args.bool("expanded")?.unwrap_or(false),
        color: args.color("color")?,
    })))
}

/// `pad` as Pixlet takes it: an int for every side, or a tuple of four
/// `(left, top, right, bottom)`. Pixlet refuses anything else, a missing
/// `pad` included.
fn insets(args: &Args) -> anyhow::Result<Insets> {
    let pad = args.value("pad");
    if let Some(all) = pad.filter(|v| v.get_type() == "int") {
        let all = side(args, "pad", all)?;
        return Ok(Insets {
            left: all,
            top: all,
            right: all,
            bottom: all,
        });
    }
    let Some(sides) = pad.and_then(TupleRef::from_value) else {
        anyhow::bail!("Padding: pad must be int or 4-tuple of int");
    };
    let [left, top, right, bottom] = sides.content() else {
        anyhow::bail!(
            "Padding: pad tuple must hold 4 elements (left, top, right, bottom), found {}",
            sides.len()
        );
    };
    Ok(Insets {
        left: side(args, "pad element 0", *left)?,
        top: side(args, "pad element 1", *top)?,
        right: side(args, "pad element 2", *right)?,
        bottom: side(args, "pad element 3", *bottom)?,
    })
}

fn side(args: &Args, what: &str, value: Value) -> anyhow::Result<i32> {
    match i64::unpack_value(value) {
        Ok(Some(pixels)) => args.check_length(what, pixels),
        Ok(None) => anyhow::bail!("Padding: {what} is not int"),
        Err(_) => anyhow::bail!("Padding: {what} {value} is out of range"),
    }
}

impl Padding {
    /// The bounds the child is offered: what the padding leaves.
    fn child_bounds(&self, bounds: Rect) -> Rect {
        let pad = &self.pad;
        Rect::new(
            0,
            0,
            bounds.dx() - pad.left - pad.right,
            bounds.dy() - pad.top - pad.bottom,
        )
    }

    fn size(&self, bounds: Rect, frame: usize) -> (i32, i32) {
        if self.expanded {
            return (bounds.dx(), bounds.dy());
        }
        let child = self.child.paint_bounds(self.child_bounds(bounds), frame);
        let pad = &self.pad;
        (child.dx() + pad.left + pad.right, child.dy() + pad.top + pad.bottom)
    }
}

impl Widget for Padding {
    fn paint_bounds(&self, bounds: Rect, frame: usize) -> Rect {
        let (width, height) = self.size(bounds, frame);
        Rect::new(0, 0, width, height)
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let (width, height) = self.size(bounds, frame);
        if let Some(color) = self.color {
            canvas.fill_rect(0.0, 0.0, width as f64, height as f64, color);
        }
        let pad = &self.pad;
        canvas.push();
        // A negative padding moves the child out but does not widen the clip
        // past the padding's own top left corner.
        canvas.clip_rect(
            pad.left.max(0) as f64,
            pad.top.max(0) as f64,
            (width - pad.left - pad.right) as f64,
            (height - pad.top - pad.bottom) as f64,
        );
        canvas.translate(pad.left as f64, pad.top as f64);
        self.child.paint(canvas, self.child_bounds(bounds), frame);
        canvas.pop();
    }

    fn frame_count(&self, bounds: Rect) -> usize {
        self.child.frame_count(bounds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::testing::Frames;

    #[test]
    fn frame_count_is_the_childs() {
        let padding = Padding {
            child: Arc::new(Frames(4)),
            pad: Insets::default(),
            expanded: false,
            color: None,
        };
        assert_eq!(padding.frame_count(Rect::sized(10, 10)), 4);
    }
}
