//! Curves that are functions of the app's. Pixlet calls them while it
//! paints; here painting happens after the app's heap is gone, so a widget
//! calls them when it is built, at every progress its frames will ask for,
//! and paints from the table.

use std::collections::HashMap;

use starlark::docs::{DocItem, DocMember};
use starlark::values::UnpackValue;
use starlark::values::Value;
use starlark::values::float::StarlarkFloat;

use super::curve::Curve;
use crate::runtime::limits::Limits;
use crate::values::spec::Args;

/// The frames whose progress is worked out ahead: as many as a render
/// paints by default, Pixlet's cap. Frames after these (only reachable with
/// a raised frame limit) ease linearly.
pub fn sampled_frames() -> i64 {
    Limits::default().max_frames.try_into().unwrap_or(i64::MAX)
}

/// A function's values, by the curve they belong to (a keyframe's index,
/// say) and the progress they were asked at.
#[derive(Debug, Default)]
pub struct Eased {
    values: HashMap<(usize, u64), f64>,
}

impl Eased {
    /// Curve `index`'s value at `t`: computed by `curve` itself unless it is
    /// the app's function, which was sampled ahead.
    pub fn ease(&self, curve: &Curve, index: usize, t: f64) -> f64 {
        match curve {
            Curve::Custom => self.values.get(&(index, t.to_bits())).copied().unwrap_or(t),
            _ => curve.transform(t),
        }
    }

    /// Calls `function` (curve `index`) at `t`, once per distinct `t`.
    pub fn sample<'v>(&mut self, args: &Args<'v, '_>, function: Value<'v>, index: usize, t: f64) -> anyhow::Result<()> {
        if self.values.contains_key(&(index, t.to_bits())) {
            return Ok(());
        }
        let result = args.call_with_number(function, t)?;
        let value = StarlarkFloat::unpack_value_opt(result)
            .map(|f| f.0)
            .or_else(|| result.unpack_i32().map(f64::from))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: curve function {function} returned {}, want a number",
                    args.spec.name,
                    result.get_type()
                )
            })?;
        self.values.insert((index, t.to_bits()), value);
        Ok(())
    }
}

/// Whether `function` takes exactly one positional parameter, what Pixlet
/// asks of a curve function.
pub fn one_parameter(function: Value) -> bool {
    match function.documentation() {
        DocItem::Member(DocMember::Function(f)) => {
            let p = &f.params;
            p.named_only.is_empty()
                && p.pos_only.len()
                    + p.pos_or_named.len()
                    + usize::from(p.args.is_some())
                    + usize::from(p.kwargs.is_some())
                    == 1
        }
        _ => false,
    }
}
