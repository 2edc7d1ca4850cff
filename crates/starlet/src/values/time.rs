//! `time.time`: an instant in a location, with Go's fields (`t.hour`),
//! methods (`format` with Go layouts, `in_location`) and arithmetic
//! (`t + d`, `t - t`), as `time.star`, `humanize` and `sunrise` pass it.

use std::fmt;
use std::hash::Hasher;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::collections::StarlarkHasher;
use starlark::environment::{Methods, MethodsBuilder, MethodsStatic};
use starlark::values::{Heap, NoSerialize, StarlarkValue, Value, ValueError, ValueLike};
use starlark::{starlark_module, starlark_simple_value, values::starlark_value};

use super::duration::DurationValue;
use crate::gotime::{Time, Zone};

#[derive(Debug, Clone, ProvidesStaticType, NoSerialize, Allocative)]
pub struct TimeValue(#[allocative(skip)] pub Time);

starlark_simple_value!(TimeValue);

impl fmt::Display for TimeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl TimeValue {
    /// The time a value holds, for functions that take a `time.time`.
    pub fn unpack<'v>(value: Value<'v>, what: &str) -> anyhow::Result<&'v Time> {
        value
            .downcast_ref::<TimeValue>()
            .map(|t| &t.0)
            .ok_or_else(|| anyhow::anyhow!("{what}: got {}, want time.time", value.get_type()))
    }

    /// This time moved by `nanoseconds`.
    pub(crate) fn plus<'v>(&self, nanoseconds: i64, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        self.0
            .add(nanoseconds)
            .map(|t| heap.alloc(TimeValue(t)))
            .ok_or_else(|| starlark::Error::new_other(anyhow::anyhow!("time out of range")))
    }
}

#[starlark_value(type = "time.time")]
impl<'v> StarlarkValue<'v> for TimeValue {
    fn to_bool(&self) -> bool {
        !self.0.is_zero()
    }

    fn write_hash(&self, hasher: &mut StarlarkHasher) -> starlark::Result<()> {
        hasher.write_i64(self.0.unix_nano());
        Ok(())
    }

    fn equals(&self, other: Value<'v>) -> starlark::Result<bool> {
        Ok(other.downcast_ref::<TimeValue>().is_some_and(|o| o.0 == self.0))
    }

    fn compare(&self, other: Value<'v>) -> starlark::Result<std::cmp::Ordering> {
        match other.downcast_ref::<TimeValue>() {
            Some(o) => Ok(self.0.cmp(&o.0)),
            None => ValueError::unsupported_with(self, "<", other),
        }
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        let t = &self.0;
        Some(match attribute {
            "year" => heap.alloc(t.year()),
            "month" => heap.alloc(t.month()),
            "day" => heap.alloc(t.day()),
            "hour" => heap.alloc(t.hour()),
            "minute" => heap.alloc(t.minute()),
            "second" => heap.alloc(t.second()),
            "nanosecond" => heap.alloc(t.nanosecond()),
            "unix" => heap.alloc(t.unix()),
            "unix_nano" => heap.alloc(t.unix_nano()),
            _ => return None,
        })
    }

    fn dir_attr(&self) -> Vec<String> {
        [
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "nanosecond",
            "unix",
            "unix_nano",
        ]
        .map(String::from)
        .to_vec()
    }

    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("time.time", time_methods);
        Some(METHODS.methods())
    }

    fn add(&self, rhs: Value<'v>, heap: Heap<'v>) -> Option<starlark::Result<Value<'v>>> {
        let d = rhs.downcast_ref::<DurationValue>()?;
        Some(self.plus(d.0, heap))
    }

    fn sub(&self, other: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        if let Some(d) = other.downcast_ref::<DurationValue>() {
            return self.plus(d.0.wrapping_neg(), heap);
        }
        match other.downcast_ref::<TimeValue>() {
            Some(earlier) => Ok(heap.alloc(DurationValue(self.0.since(&earlier.0)))),
            None => ValueError::unsupported_with(self, "-", other),
        }
    }
}

#[starlark_module]
fn time_methods(builder: &mut MethodsBuilder) {
    /// The time written with a Go layout: `t.format("3:04 PM")`.
    fn format(this: &TimeValue, #[starlark(require = pos)] layout: &str) -> anyhow::Result<String> {
        Ok(this.0.format(layout))
    }

    /// The same instant in the named IANA time zone.
    fn in_location(this: &TimeValue, #[starlark(require = pos)] location: &str) -> anyhow::Result<TimeValue> {
        let zone = Zone::load(location).map_err(anyhow::Error::msg)?;
        Ok(TimeValue(this.0.in_zone(zone)))
    }
}
