//! `render.Marquee`: a window `width` wide (or `height` high) that scrolls a
//! longer child through it one pixel a frame: from `offset_start`, out of
//! view, then back in until it rests at `offset_end`. A child that fits does
//! not move; `align` places it.

use std::sync::Arc;

use crate::render::{Canvas, Rect, Widget, WidgetRef};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// How much longer than the window the child may lay itself out: Pixlet
/// offers a child at most this many windows of room, so a runaway child
/// cannot ask for an unbounded canvas.
const MAX_CONTENT_SCALE: i32 = 20;

/// Where a child that fits the window stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Start,
    Center,
    End,
}

#[derive(Debug)]
pub struct Marquee {
    pub child: WidgetRef,
    /// The window's width when scrolling horizontally.
    pub width: i32,
    /// The window's height when scrolling vertically.
    pub height: i32,
    pub offset_start: i32,
    pub offset_end: i32,
    pub vertical: bool,
    pub align: Align,
    /// Frames the child rests at `offset_start` before it moves.
    pub delay: i32,
}

pub static SPEC: Spec = Spec {
    name: "Marquee",
    params: &[
        Param::required("child"),
        Param::optional("width", Absent::Int(0)),
        Param::optional("height", Absent::Int(0)),
        Param::optional("offset_start", Absent::Int(0)),
        Param::optional("offset_end", Absent::Int(0)),
        Param::optional("scroll_direction", Absent::Str("")),
        Param::optional("align", Absent::Str("")),
        Param::optional("delay", Absent::Int(0)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let child = args
        .widget("child")?
        .ok_or_else(|| anyhow::anyhow!("Marquee: child is required"))?;
    let int32 = |name: &str| -> anyhow::Result<i32> {
        let value = args.int(name)?.unwrap_or(0);
        i32::try_from(value).map_err(|_| anyhow::anyhow!("Marquee: {name} {value} is out of range"))
    };
    // Pixlet compares the strings as given: anything but "vertical" scrolls
    // horizontally, anything but "center" or "end" aligns at the start.
    let align = match args.string("align")?.unwrap_or_default() {
        "center" => Align::Center,
        "end" => Align::End,
        _ => Align::Start,
    };
    Ok(Built::Widget(Arc::new(Marquee {
        child,
        width: int32("width")?,
        height: int32("height")?,
        offset_start: int32("offset_start")?,
        offset_end: int32("offset_end")?,
        vertical: args.string("scroll_direction")? == Some("vertical"),
        align,
        delay: int32("delay")?,
    })))
}

/// The child's place along the scrolling axis, worked out once per call.
struct Track {
    /// What the child is offered to lay itself out in.
    child_bounds: Rect,
    /// The child's extent across the window (its height when horizontal).
    breadth: i32,
    /// The child's extent along the scrolling axis.
    length: i64,
    /// The window's extent along the scrolling axis.
    window: i64,
}

impl Track {
    fn fits(&self) -> bool {
        self.length <= self.window
    }

    /// The offsets, never further out than the child is long.
    fn offsets(&self, marquee: &Marquee) -> (i64, i64) {
        let start = i64::from(marquee.offset_start).max(-self.length);
        let end = i64::from(marquee.offset_end).max(-self.length);
        (start, end)
    }
}

impl Marquee {
    /// Only the child's first frame scrolls: it is laid out and painted at 0.
    fn track(&self, bounds: Rect) -> Track {
        if self.vertical {
            let child_bounds = Rect::sized(bounds.dx(), self.height.saturating_mul(MAX_CONTENT_SCALE));
            let area = self.child.paint_bounds(child_bounds, 0);
            Track {
                child_bounds,
                breadth: area.dx(),
                length: area.dy().into(),
                window: self.height.into(),
            }
        } else {
            let child_bounds = Rect::sized(self.width.saturating_mul(MAX_CONTENT_SCALE), bounds.dy());
            let area = self.child.paint_bounds(child_bounds, 0);
            Track {
                child_bounds,
                breadth: area.dy(),
                length: area.dx().into(),
                window: self.width.into(),
            }
        }
    }

    /// The area shown: the window along the scrolling axis, the child's
    /// extent across it.
    fn window(&self, track: &Track) -> Rect {
        if self.vertical {
            Rect::sized(track.breadth, self.height)
        } else {
            Rect::sized(self.width, track.breadth)
        }
    }

    /// Where the child's leading edge is in frame `frame`: still for
    /// `delay` frames, then one pixel a frame out of view, back in from the
    /// far side, and held at `offset_end` from there on.
    fn offset(&self, track: &Track, frame: usize) -> i64 {
        if track.fits() {
            return match self.align {
                Align::Start => 0,
                Align::Center => track.window / 2 - track.length / 2,
                Align::End => track.window - track.length,
            };
        }
        let frame = i64::try_from(frame).unwrap_or(i64::MAX);
        let (start, end) = track.offsets(self);
        let delay = i64::from(self.delay);
        let gone = track.length + start + delay;
        let back = gone + track.window - end;
        if frame <= delay {
            start
        } else if frame <= gone {
            start - frame + delay
        } else if frame <= back {
            end + (back - frame)
        } else {
            end
        }
    }
}

impl Widget for Marquee {
    fn paint_bounds(&self, bounds: Rect, _frame: usize) -> Rect {
        self.window(&self.track(bounds))
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let track = self.track(bounds);
        let offset = self.offset(&track, frame) as f64;
        let window = self.window(&track);
        canvas.push();
        canvas.clip_rect(0.0, 0.0, window.dx() as f64, window.dy() as f64);
        if self.vertical {
            canvas.translate(0.0, offset);
        } else {
            canvas.translate(offset, 0.0);
        }
        self.child.paint(canvas, track.child_bounds, 0);
        canvas.pop();
    }

    /// One frame when the child fits; otherwise every step out and back in,
    /// the two ends counted once when they are the same place. Pixlet's
    /// arithmetic can go below zero for an `offset_end` far past the
    /// window; that is no frames, as Pixlet then renders none.
    fn frame_count(&self, bounds: Rect) -> usize {
        let track = self.track(bounds);
        if track.fits() {
            return 1;
        }
        let (start, end) = track.offsets(self);
        let rest = if start == end { 0 } else { 1 };
        let count = track.length + start + track.window - end + rest + i64::from(self.delay);
        usize::try_from(count).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    //! Pixlet's `marquee_test.go` cases whose child is a row of boxes of
    //! different heights: a picture with holes and several colours, which
    //! takes a row of widgets side by side. A test widget paints that row
    //! here, so the cases depend on Marquee alone; the other cases run
    //! through Starlark in `tests/conformance/marquee*.rs`.

    use super::*;
    use crate::render::{Color, paint_widget};

    /// Paints a fixed picture given as letters (`r`, `g`, `b`, `.`).
    #[derive(Debug)]
    struct Sketch(Vec<&'static str>);

    impl Widget for Sketch {
        fn paint_bounds(&self, _bounds: Rect, _frame: usize) -> Rect {
            Rect::sized(self.0[0].len() as i32, self.0.len() as i32)
        }

        fn paint(&self, canvas: &mut Canvas, _bounds: Rect, _frame: usize) {
            for (y, row) in self.0.iter().enumerate() {
                for (x, letter) in row.chars().enumerate() {
                    let color = match letter {
                        'r' => Color::rgb(0xff, 0, 0),
                        'g' => Color::rgb(0, 0xff, 0),
                        'b' => Color::rgb(0, 0, 0xff),
                        _ => continue,
                    };
                    canvas.fill_rect(x as f64, y as f64, 1.0, 1.0, color);
                }
            }
        }

        fn frame_count(&self, _bounds: Rect) -> usize {
            1
        }
    }

    /// Boxes 3x3 red, 2x2 green and 1x1 blue side by side, tops aligned.
    fn stepped_row() -> WidgetRef {
        Arc::new(Sketch(vec!["rrrggb", "rrrgg.", "rrr..."]))
    }

    fn marquee(child: WidgetRef) -> Marquee {
        Marquee {
            child,
            width: 0,
            height: 0,
            offset_start: 0,
            offset_end: 0,
            vertical: false,
            align: Align::Start,
            delay: 0,
        }
    }

    fn letters(marquee: &Marquee, frame: usize) -> Vec<String> {
        let image = paint_widget(marquee, BOUNDS, frame);
        (0..image.height())
            .map(|y| {
                (0..image.width())
                    .map(|x| match image.get(x, y) {
                        [0xff, 0, 0, 0xff] => 'r',
                        [0, 0xff, 0, 0xff] => 'g',
                        [0, 0, 0xff, 0xff] => 'b',
                        [0, 0, 0, 0] => '.',
                        _ => '?',
                    })
                    .collect()
            })
            .collect()
    }

    fn assert_frame(marquee: &Marquee, frame: usize, expected: &[&str]) {
        assert_eq!(letters(marquee, frame), expected, "frame {frame}");
    }

    const BOUNDS: Rect = Rect {
        x0: 0,
        y0: 0,
        x1: 100,
        y1: 100,
    };

    #[test]
    fn a_child_that_fits_stands_still_at_the_start() {
        let m = Marquee {
            width: 6,
            ..marquee(stepped_row())
        };
        let mv = Marquee {
            height: 3,
            vertical: true,
            ..marquee(stepped_row())
        };
        assert_eq!(m.frame_count(BOUNDS), 1);
        assert_eq!(mv.frame_count(BOUNDS), 1);
        assert_frame(&m, 0, &["rrrggb", "rrrgg.", "rrr..."]);
        assert_frame(&mv, 0, &["rrrggb", "rrrgg.", "rrr..."]);
    }

    #[test]
    fn a_child_that_fits_can_be_centred() {
        let m = Marquee {
            width: 8,
            align: Align::Center,
            ..marquee(stepped_row())
        };
        let mv = Marquee {
            height: 5,
            vertical: true,
            align: Align::Center,
            ..marquee(stepped_row())
        };
        assert_eq!(m.frame_count(BOUNDS), 1);
        assert_eq!(mv.frame_count(BOUNDS), 1);
        assert_frame(&m, 0, &[".rrrggb.", ".rrrgg..", ".rrr...."]);
        assert_frame(&mv, 0, &["......", "rrrggb", "rrrgg.", "rrr...", "......"]);
    }

    #[test]
    fn a_child_that_fits_can_stand_at_the_end() {
        let m = Marquee {
            width: 8,
            align: Align::End,
            ..marquee(stepped_row())
        };
        let mv = Marquee {
            height: 5,
            vertical: true,
            align: Align::End,
            ..marquee(stepped_row())
        };
        assert_eq!(m.frame_count(BOUNDS), 1);
        assert_eq!(mv.frame_count(BOUNDS), 1);
        assert_frame(&m, 0, &["..rrrggb", "..rrrgg.", "..rrr..."]);
        assert_frame(&mv, 0, &["......", "......", "rrrggb", "rrrgg.", "rrr..."]);
    }

    /// Starting a window's width out and ending at 0 is how Marquee
    /// scrolled before it had offsets.
    #[test]
    fn scrolling_in_from_the_right_edge() {
        let row = Sketch(vec!["rrrgggbbb", "rrrggg...", "rrr......"]);
        let m = Marquee {
            width: 6,
            offset_start: 6,
            ..marquee(Arc::new(row))
        };
        // In from the right (7 frames), out to the left (9), back in (6).
        assert_eq!(m.frame_count(BOUNDS), 22);
        let blank = ["......", "......", "......"];
        let settled = ["rrrggg", "rrrggg", "rrr..."];
        assert_frame(&m, 0, &blank);
        assert_frame(&m, 2, &["....rr", "....rr", "....rr"]);
        assert_frame(&m, 6, &settled);
        assert_frame(&m, 8, &["rgggbb", "rggg..", "r....."]);
        assert_frame(&m, 14, &["b.....", "......", "......"]);
        assert_frame(&m, 15, &blank);
        assert_frame(&m, 18, &["...rrr", "...rrr", "...rrr"]);
        assert_frame(&m, 21, &settled);
        // Frames past the end hold the last one, so marquees of different
        // lengths side by side each come to rest.
        assert_frame(&m, 22, &settled);
        assert_frame(&m, 26, &settled);
        assert_frame(&m, 100_000, &settled);
    }

    #[test]
    fn an_offset_end_far_past_the_window_has_no_frames() {
        let m = Marquee {
            width: 6,
            offset_end: 100,
            ..marquee(Arc::new(Sketch(vec!["rrrgggbbb"])))
        };
        // 9 + 0 + 6 - 100 + 1 is below zero in Pixlet's arithmetic.
        assert_eq!(m.frame_count(BOUNDS), 0);
    }
}
