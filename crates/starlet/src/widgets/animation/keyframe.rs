//! `animation.Keyframe(percentage, transforms, curve)`: the transforms an
//! animation reaches at a point of its duration, and the curve it eases
//! with from there to the next keyframe.

use std::sync::Arc;

use starlark::values::Value;
use starlark::values::list::ListRef;

use super::curve::Curve;
use super::percentage;
use super::transform::Transform;
use crate::values::spec::{Absent, Args, Built, Param, Spec, built_as};

#[derive(Clone, Debug, PartialEq)]
pub struct Keyframe {
    /// When, from 0 (the start) to 1 (the end).
    pub percentage: f64,
    pub transforms: Vec<Transform>,
    pub curve: Curve,
}

impl Keyframe {
    /// A keyframe without transforms: what a missing 0% or 100% is.
    pub fn empty(percentage: f64) -> Self {
        Keyframe {
            percentage,
            transforms: Vec::new(),
            curve: Curve::Linear,
        }
    }
}

pub static SPEC: Spec = Spec {
    name: "Keyframe",
    params: &[
        Param::required("percentage"),
        Param::required("transforms"),
        Param::optional("curve", Absent::None),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let transforms = list_items(args, "transforms")?
        .into_iter()
        .map(|item| {
            built_as::<Transform>(item)
                .map(|t| *t)
                .ok_or_else(|| anyhow::anyhow!("Keyframe: expected transform, but got '{}'", item.get_type()))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Built::Value(Arc::new(Keyframe {
        percentage: percentage(args, "percentage")?,
        transforms,
        curve: curve(args, "curve")?,
    })))
}

/// The items of the list passed for `name`: Pixlet takes a list only.
pub(super) fn list_items<'v>(args: &Args<'v, '_>, name: &str) -> anyhow::Result<Vec<Value<'v>>> {
    let value = args.value(name).unwrap_or_else(Value::new_none);
    ListRef::from_value(value)
        .map(|list| list.content().to_vec())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{}: for parameter {name}: got {}, want list",
                args.spec.name,
                value.get_type()
            )
        })
}

/// The curve passed for `name`: a name or `cubic-bezier(...)` string, or a
/// function of one number; anything else (or nothing) is linear, as in
/// Pixlet.
pub(super) fn curve(args: &Args, name: &str) -> anyhow::Result<Curve> {
    let Some(value) = args.value(name) else {
        return Ok(Curve::Linear);
    };
    if let Some(text) = value.unpack_str() {
        if text.is_empty() {
            return Ok(Curve::Linear);
        }
        return Curve::parse(text).map_err(|e| anyhow::anyhow!("{}: {e}", args.spec.name));
    }
    if value.get_type() == "function" {
        return match super::eased::one_parameter(value) {
            true => Ok(Curve::Custom),
            false => anyhow::bail!(
                "{}: invalid number of parameters to curve function: {value}",
                args.spec.name
            ),
        };
    }
    Ok(Curve::Linear)
}
