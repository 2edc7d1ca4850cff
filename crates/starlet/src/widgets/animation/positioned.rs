//! `animation.AnimatedPositioned`: moves its child from a start to an end
//! position over `duration` frames, after `delay` frames and holding at the
//! end for `hold` more. Pixlet keeps it for older apps; `Transformation`
//! replaces it.

use std::sync::Arc;

use super::curve::Curve;
use super::eased::{Eased, sampled_frames};
use super::keyframe::curve;
use super::{frame_count_of, int_param};
use crate::render::{Canvas, Rect, Widget, WidgetRef};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// Where the child stays once the move is over: just short of the end, so
/// rounding up lands exactly on it.
const ARRIVED: f64 = 0.9999999999;

#[derive(Debug)]
pub struct AnimatedPositioned {
    child: WidgetRef,
    duration: i64,
    curve: Curve,
    x_start: i64,
    x_end: i64,
    y_start: i64,
    y_end: i64,
    delay: i64,
    hold: i64,
    eased: Eased,
}

pub static SPEC: Spec = Spec {
    name: "AnimatedPositioned",
    params: &[
        Param::required("child"),
        Param::required("duration"),
        Param::required("curve"),
        Param::optional("x_start", Absent::Int(0)),
        Param::optional("x_end", Absent::Int(0)),
        Param::optional("y_start", Absent::Int(0)),
        Param::optional("y_end", Absent::Int(0)),
        Param::optional("delay", Absent::Int(0)),
        Param::optional("hold", Absent::Int(0)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let child = args
        .widget("child")?
        .ok_or_else(|| anyhow::anyhow!("AnimatedPositioned: invalid type for child: NoneType (expected Widget)"))?;
    let int = |name: &str| args.int(name).map(|v| v.unwrap_or(0));
    let mut positioned = AnimatedPositioned {
        child,
        duration: int_param(args, "duration")?,
        curve: curve(args, "curve")?,
        x_start: int("x_start")?,
        x_end: int("x_end")?,
        y_start: int("y_start")?,
        y_end: int("y_end")?,
        delay: int("delay")?,
        hold: int("hold")?,
        eased: Eased::default(),
    };
    if positioned.curve == Curve::Custom {
        let function = args
            .value("curve")
            .expect("a custom curve is a function the app passed");
        for frame in 0..positioned.duration.clamp(0, sampled_frames()) {
            positioned
                .eased
                .sample(args, function, 0, positioned.linear_progress(frame))?;
        }
    }
    Ok(Built::Widget(Arc::new(positioned)))
}

impl AnimatedPositioned {
    /// Progress before easing, `frame` frames into the move.
    fn linear_progress(&self, frame: i64) -> f64 {
        frame as f64 / self.duration as f64
    }

    /// Where the child is in frame `frame`: the start plus the eased share
    /// of the way, rounded up away from the start.
    fn position(&self, frame: i64) -> (i64, i64) {
        let progress = if frame < self.delay {
            0.0
        } else if frame >= self.delay.saturating_add(self.duration) {
            ARRIVED
        } else {
            let t = self.linear_progress(frame.saturating_sub(self.delay));
            self.eased.ease(&self.curve, 0, t)
        };
        let along = |start: i64, end: i64| {
            let step = ((end as f64 - start as f64).abs() * progress).ceil() as i64;
            if start > end {
                start.saturating_sub(step)
            } else {
                start.saturating_add(step)
            }
        };
        (along(self.x_start, self.x_end), along(self.y_start, self.y_end))
    }
}

impl Widget for AnimatedPositioned {
    fn paint_bounds(&self, bounds: Rect, _frame: usize) -> Rect {
        bounds
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let (x, y) = self.position(i64::try_from(frame).unwrap_or(i64::MAX));
        canvas.push();
        canvas.translate(x as f64, y as f64);
        self.child.paint(canvas, bounds, frame);
        canvas.pop();
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        frame_count_of(self.duration.saturating_add(self.delay).saturating_add(self.hold))
    }
}
