//! What `animation.star` builds: the `Transformation` widget with its
//! keyframes, transforms and origin, and the older `AnimatedPositioned`.
//! Pixlet's `render/animation` package.

pub mod curve;
pub mod direction;
pub mod eased;
pub mod fill_mode;
pub mod keyframe;
pub mod origin;
pub mod positioned;
pub mod rotate;
pub mod rounding;
pub mod scale;
pub mod shear;
pub mod transform;
pub mod transformation;
pub mod translate;
pub mod util;

use starlark::values::float::StarlarkFloat;
use starlark::values::{UnpackValue, Value};

use crate::values::spec::{Args, Spec};

/// The constructors of the `animation` module.
pub static ANIMATION: &[&Spec] = &[
    &positioned::SPEC,
    &keyframe::SPEC,
    &origin::SPEC,
    &rotate::SPEC,
    &scale::SPEC,
    &shear::SPEC,
    &transformation::SPEC,
    &translate::SPEC,
];

/// A number (int or float) the app must pass; `None` is refused.
fn required_number(args: &Args, name: &str) -> anyhow::Result<f64> {
    optional_number(args, name)?
        .ok_or_else(|| anyhow::anyhow!("{}: for parameter {name}: got NoneType, want number", args.spec.name))
}

/// A number (int or float), if the app passed one.
fn optional_number(args: &Args, name: &str) -> anyhow::Result<Option<f64>> {
    args.value(name)
        .map(|value| {
            number(value).ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: for parameter {name}: got {}, want number",
                    args.spec.name,
                    value.get_type()
                )
            })
        })
        .transpose()
}

fn number(value: Value) -> Option<f64> {
    StarlarkFloat::unpack_value_opt(value)
        .map(|f| f.0)
        .or_else(|| i64::unpack_value(value).ok().flatten().map(|i| i as f64))
}

/// A fraction from 0 to 1, how keyframes and origins are placed.
fn percentage(args: &Args, name: &str) -> anyhow::Result<f64> {
    let value = args.value(name).unwrap_or_else(Value::new_none);
    let fraction = number(value).ok_or_else(|| {
        anyhow::anyhow!(
            "{}: invalid type for {name}: {} (expected number in range [0.0, 1.0])",
            args.spec.name,
            value.get_type()
        )
    })?;
    if !(0.0..=1.0).contains(&fraction) {
        anyhow::bail!(
            "{}: invalid range for {name}: {fraction} (expected number in range [0.0, 1.0])",
            args.spec.name
        );
    }
    Ok(fraction)
}

/// An int the app must pass.
fn int_param(args: &Args, name: &str) -> anyhow::Result<i64> {
    args.int(name)?
        .ok_or_else(|| anyhow::anyhow!("{}: for parameter {name}: got NoneType, want int", args.spec.name))
}

/// A width or height in pixels.
fn size_param(args: &Args, name: &str) -> anyhow::Result<i32> {
    let size = args.int(name)?.unwrap_or(0);
    i32::try_from(size).map_err(|_| anyhow::anyhow!("{}: {name} {size} is out of range", args.spec.name))
}

/// A frame count worked out in Pixlet's signed arithmetic; none below zero.
fn frame_count_of(count: i64) -> usize {
    usize::try_from(count).unwrap_or(0)
}
