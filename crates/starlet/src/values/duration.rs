//! `time.duration`: a span of nanoseconds with Go's arithmetic, units and
//! text (`str(d)` is Go's `"1h2m3s"`).

use std::fmt;
use std::hash::Hasher;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::collections::StarlarkHasher;
use starlark::values::float::StarlarkFloat;
use starlark::values::{Heap, NoSerialize, StarlarkValue, UnpackValue, Value, ValueError, ValueLike};
use starlark::{starlark_simple_value, values::starlark_value};

use super::time::TimeValue;
use crate::gotime::duration::{self, HOUR, MICROSECOND, MILLISECOND, MINUTE, SECOND};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ProvidesStaticType, NoSerialize, Allocative)]
pub struct DurationValue(pub i64);

starlark_simple_value!(DurationValue);

impl fmt::Display for DurationValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&duration::format(self.0))
    }
}

impl DurationValue {
    /// A duration argument: a duration, or text Go's `ParseDuration` reads.
    pub fn unpack(value: Value<'_>) -> anyhow::Result<i64> {
        if let Some(d) = value.downcast_ref::<DurationValue>() {
            return Ok(d.0);
        }
        if let Some(text) = value.unpack_str() {
            return duration::parse(text).map_err(anyhow::Error::msg);
        }
        anyhow::bail!("got {}, want a duration, string, or int", value.get_type())
    }
}

fn other_error(message: String) -> starlark::Error {
    starlark::Error::new_other(anyhow::anyhow!(message))
}

/// An `int` as an `i64`, the way Go's duration arithmetic takes it.
fn int64(value: Value<'_>) -> Option<starlark::Result<i64>> {
    if value.unpack_bool().is_some() {
        return None;
    }
    match i64::unpack_value(value) {
        Ok(Some(i)) => Some(Ok(i)),
        Ok(None) => None,
        Err(_) => Some(Err(other_error(
            "int value out of range (want signed 64-bit value)".to_owned(),
        ))),
    }
}

/// Nanoseconds from a float, saturating as Go's conversion does in practice.
fn from_float(nanoseconds: f64) -> i64 {
    if nanoseconds.is_nan() { 0 } else { nanoseconds as i64 }
}

#[starlark_value(type = "time.duration")]
impl<'v> StarlarkValue<'v> for DurationValue {
    fn to_bool(&self) -> bool {
        self.0 != 0
    }

    fn write_hash(&self, hasher: &mut StarlarkHasher) -> starlark::Result<()> {
        hasher.write_i64(self.0);
        Ok(())
    }

    fn equals(&self, other: Value<'v>) -> starlark::Result<bool> {
        Ok(other.downcast_ref::<DurationValue>().is_some_and(|o| o.0 == self.0))
    }

    fn compare(&self, other: Value<'v>) -> starlark::Result<std::cmp::Ordering> {
        match other.downcast_ref::<DurationValue>() {
            Some(o) => Ok(self.0.cmp(&o.0)),
            None => ValueError::unsupported_with(self, "<", other),
        }
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        let d = self.0;
        Some(match attribute {
            "hours" => heap.alloc(duration::in_units(d, HOUR)),
            "minutes" => heap.alloc(duration::in_units(d, MINUTE)),
            "seconds" => heap.alloc(duration::in_units(d, SECOND)),
            "milliseconds" => heap.alloc(d / MILLISECOND),
            "microseconds" => heap.alloc(d / MICROSECOND),
            "nanoseconds" => heap.alloc(d),
            _ => return None,
        })
    }

    fn dir_attr(&self) -> Vec<String> {
        [
            "hours",
            "minutes",
            "seconds",
            "milliseconds",
            "microseconds",
            "nanoseconds",
        ]
        .map(String::from)
        .to_vec()
    }

    fn plus(&self, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        Ok(heap.alloc(*self))
    }

    fn minus(&self, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        Ok(heap.alloc(DurationValue(self.0.wrapping_neg())))
    }

    fn add(&self, rhs: Value<'v>, heap: Heap<'v>) -> Option<starlark::Result<Value<'v>>> {
        if let Some(d) = rhs.downcast_ref::<DurationValue>() {
            return Some(Ok(heap.alloc(DurationValue(self.0.wrapping_add(d.0)))));
        }
        let time = rhs.downcast_ref::<TimeValue>()?;
        Some(time.plus(self.0, heap))
    }

    fn sub(&self, other: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        match other.downcast_ref::<DurationValue>() {
            Some(d) => Ok(heap.alloc(DurationValue(self.0.wrapping_sub(d.0)))),
            None => ValueError::unsupported_with(self, "-", other),
        }
    }

    fn mul(&self, rhs: Value<'v>, heap: Heap<'v>) -> Option<starlark::Result<Value<'v>>> {
        let factor = int64(rhs)?;
        Some(factor.map(|i| heap.alloc(DurationValue(self.0.wrapping_mul(i)))))
    }

    fn rmul(&self, lhs: Value<'v>, heap: Heap<'v>) -> Option<starlark::Result<Value<'v>>> {
        self.mul(lhs, heap)
    }

    fn div(&self, other: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        let zero = || other_error("time.duration division by zero".to_owned());
        if let Some(d) = other.downcast_ref::<DurationValue>() {
            if d.0 == 0 {
                return Err(zero());
            }
            return Ok(heap.alloc(self.0 as f64 / d.0 as f64));
        }
        if let Some(f) = StarlarkFloat::unpack_value_opt(other) {
            if f.0 == 0.0 {
                return Err(zero());
            }
            return Ok(heap.alloc(DurationValue(from_float(self.0 as f64 / f.0))));
        }
        match int64(other) {
            Some(Ok(0)) => Err(zero()),
            Some(i) => Ok(heap.alloc(DurationValue(self.0.wrapping_div(i?)))),
            None => ValueError::unsupported_with(self, "/", other),
        }
    }

    fn floor_div(&self, other: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        let zero = || other_error("time.duration division by zero".to_owned());
        if let Some(d) = other.downcast_ref::<DurationValue>() {
            if d.0 == 0 {
                return Err(zero());
            }
            return Ok(heap.alloc(self.0.wrapping_div(d.0)));
        }
        match int64(other) {
            Some(Ok(0)) => Err(zero()),
            Some(i) => Ok(heap.alloc(DurationValue(self.0.wrapping_div(i?)))),
            None => ValueError::unsupported_with(self, "//", other),
        }
    }
}
