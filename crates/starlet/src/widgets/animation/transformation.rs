//! `animation.Transformation`: animates its child by blending between the
//! transforms of keyframes, frame by frame, the way CSS animations do.
//!
//! The transforms apply to the canvas the child paints on, so pictures are
//! resampled and shapes drawn anti-aliased under scales, rotations and
//! fractional translations, as Pixlet's gg canvas does.

use std::cmp::Ordering;
use std::sync::Arc;

use starlark::values::Value;

use super::curve::Curve;
use super::direction::Direction;
use super::eased::{Eased, sampled_frames};
use super::fill_mode::FillMode;
use super::keyframe::{Keyframe, list_items};
use super::origin::Origin;
use super::rounding::Rounding;
use super::transform;
use super::util::rescale;
use super::{frame_count_of, int_param, size_param};
use crate::render::{Canvas, Rect, Widget, WidgetRef};
use crate::values::object::Object;
use crate::values::spec::{Absent, Args, Built, Param, Spec, built_as};

#[derive(Debug)]
pub struct Transformation {
    child: WidgetRef,
    /// Sorted, starting at 0% and ending at 100%.
    keyframes: Vec<Keyframe>,
    duration: i64,
    delay: i64,
    /// 0 takes the width offered.
    width: i32,
    /// 0 takes the height offered.
    height: i32,
    origin: Origin,
    direction: Direction,
    fill_mode: FillMode,
    rounding: Rounding,
    wait_for_child: bool,
    /// The values of keyframes' curve functions, by keyframe index.
    eased: Eased,
}

pub static SPEC: Spec = Spec {
    name: "Transformation",
    params: &[
        Param::required("child"),
        Param::required("keyframes"),
        Param::required("duration"),
        Param::optional("delay", Absent::Int(0)),
        Param::optional("width", Absent::Int(0)),
        Param::optional("height", Absent::Int(0)),
        Param::optional("origin", Absent::None),
        Param::optional("direction", Absent::Str("")),
        Param::optional("fill_mode", Absent::Str("")),
        Param::optional("rounding", Absent::Str("")),
        Param::optional("wait_for_child", Absent::Bool(false)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let child = args
        .widget("child")?
        .ok_or_else(|| anyhow::anyhow!("Transformation: invalid type for child: NoneType (expected Widget)"))?;
    let keyframes = list_items(args, "keyframes")?
        .into_iter()
        .map(|value| {
            let keyframe = built_as::<Keyframe>(value).ok_or_else(|| {
                anyhow::anyhow!(
                    "Transformation: invalid type for keyframes: {} (expected Keyframe)",
                    value.get_type()
                )
            })?;
            let function = Object::from_value(value).and_then(|o| o.argument("curve"));
            Ok((
                (*keyframe).clone(),
                function.filter(|_| keyframe.curve == Curve::Custom),
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (keyframes, functions): (Vec<_>, Vec<_>) = with_ends(sorted(keyframes)).into_iter().unzip();
    let text = |name: &str| args.string(name).map(Option::unwrap_or_default);
    let direction = Direction::parse(text("direction")?).ok_or_else(|| {
        anyhow::anyhow!(
            "Transformation: invalid direction (expected 'normal', 'reverse', 'alternate' or 'alternate-reverse')"
        )
    })?;
    let fill_mode = FillMode::parse(text("fill_mode")?)
        .ok_or_else(|| anyhow::anyhow!("Transformation: invalid fill_mode (expected 'forwards' or 'backwards')"))?;
    let rounding = Rounding::parse(text("rounding")?).ok_or_else(|| {
        anyhow::anyhow!("Transformation: invalid rounding (expected 'round', 'floor', 'ceil' or 'none')")
    })?;
    let mut transformation = Transformation {
        child,
        keyframes,
        duration: int_param(args, "duration")?,
        delay: args.int("delay")?.unwrap_or(0),
        width: size_param(args, "width")?,
        height: size_param(args, "height")?,
        origin: args.built::<Origin>("origin")?.map_or_else(Origin::default, |o| *o),
        direction,
        fill_mode,
        rounding,
        wait_for_child: args.bool("wait_for_child")?.unwrap_or(false),
        eased: Eased::default(),
    };
    transformation.sample_curve_functions(args, &functions)?;
    Ok(Built::Widget(Arc::new(transformation)))
}

/// Keyframes (each with its curve function, if any) sorted by when they
/// happen, ties kept in the order given.
fn sorted<T>(mut keyframes: Vec<(Keyframe, Option<T>)>) -> Vec<(Keyframe, Option<T>)> {
    keyframes.sort_by(|(a, _), (b, _)| a.percentage.partial_cmp(&b.percentage).unwrap_or(Ordering::Equal));
    keyframes
}

/// Adds an empty keyframe at 0% and at 100% where the app gave none.
fn with_ends<T>(mut keyframes: Vec<(Keyframe, Option<T>)>) -> Vec<(Keyframe, Option<T>)> {
    if keyframes.first().is_none_or(|(k, _)| k.percentage != 0.0) {
        keyframes.insert(0, (Keyframe::empty(0.0), None));
    }
    if keyframes.last().is_none_or(|(k, _)| k.percentage != 1.0) {
        keyframes.push((Keyframe::empty(1.0), None));
    }
    keyframes
}

impl Transformation {
    /// The keyframe to ease from at `progress` and how far (0 to 1, before
    /// easing) it is to the next; none outside 0..=1 (or for NaN, which a
    /// one-frame duration gives), when the child is painted untransformed.
    fn segment(&self, progress: f64) -> Option<(usize, f64)> {
        if !(0.0..=1.0).contains(&progress) {
            return None;
        }
        let index = self
            .keyframes
            .windows(2)
            .position(|pair| pair[0].percentage <= progress && progress <= pair[1].percentage)?;
        let (from, to) = (&self.keyframes[index], &self.keyframes[index + 1]);
        Some((index, rescale(from.percentage, to.percentage, 0.0, 1.0, progress)))
    }

    fn progress(&self, frame: i64) -> f64 {
        self.direction
            .progress(self.delay, self.duration, self.fill_mode.value(), frame)
    }

    /// Calls the app's curve functions (`functions[i]` for keyframe `i`) at
    /// every progress the frames that are painted will ask them for.
    fn sample_curve_functions<'v>(
        &mut self,
        args: &Args<'v, '_>,
        functions: &[Option<Value<'v>>],
    ) -> anyhow::Result<()> {
        if functions.iter().all(Option::is_none) {
            return Ok(());
        }
        let cycle = self.direction.frame_count(self.delay, self.duration).max(0);
        for frame in (0..cycle.min(sampled_frames())).chain([cycle]) {
            let Some((index, t)) = self.segment(self.progress(frame)) else {
                continue;
            };
            if let Some(function) = functions[index] {
                self.eased.sample(args, function, index, t)?;
            }
        }
        Ok(())
    }
}

impl Widget for Transformation {
    fn paint_bounds(&self, bounds: Rect, _frame: usize) -> Rect {
        let w = if self.width == 0 { bounds.dx() } else { self.width };
        let h = if self.height == 0 { bounds.dy() } else { self.height };
        Rect::sized(w, h)
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let bounds = self.paint_bounds(bounds, frame);
        let origin = self.origin.within(self.child.paint_bounds(bounds, frame));
        canvas.push();
        if let Some((index, t)) = self.segment(self.progress(i64::try_from(frame).unwrap_or(i64::MAX))) {
            let (from, to) = (&self.keyframes[index], &self.keyframes[index + 1]);
            let t = self.eased.ease(&from.curve, index, t);
            for transform in transform::interpolate(&from.transforms, &to.transforms, t).unwrap_or_default() {
                transform.apply(canvas, origin, self.rounding);
            }
        }
        self.child.paint(canvas, bounds, frame);
        canvas.pop();
    }

    fn frame_count(&self, bounds: Rect) -> usize {
        let own = frame_count_of(self.direction.frame_count(self.delay, self.duration));
        let child = self.child.frame_count(bounds);
        if self.wait_for_child && child > own { child } else { own }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_ends_are_added_around_sorted_keyframes() {
        let given = vec![(Keyframe::empty(0.7), Some('a')), (Keyframe::empty(0.2), Some('b'))];
        let keyframes = with_ends(sorted(given));
        let at: Vec<(f64, Option<char>)> = keyframes.iter().map(|(k, f)| (k.percentage, *f)).collect();
        assert_eq!(at, [(0.0, None), (0.2, Some('b')), (0.7, Some('a')), (1.0, None)]);
        assert_eq!(with_ends::<()>(Vec::new()).len(), 2);
    }

    #[test]
    fn ties_keep_the_order_given_and_negative_zero_counts_as_the_start() {
        let given = vec![
            (Keyframe::empty(0.5), Some(1)),
            (Keyframe::empty(-0.0), Some(2)),
            (Keyframe::empty(0.5), Some(3)),
        ];
        let keyframes = with_ends(sorted(given));
        let order: Vec<Option<i32>> = keyframes.iter().map(|(_, f)| *f).collect();
        assert_eq!(order, [Some(2), Some(1), Some(3), None]);
    }
}
