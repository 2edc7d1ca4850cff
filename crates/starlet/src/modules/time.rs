//! `time.star`: Go's time for apps (`go.starlark.net/lib/time` with
//! Tronbyt's `tz()`): the render's clock in the board's zone, building and
//! parsing times with Go layouts, durations, and the unit constants.

use starlark::collections::SmallMap;
use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::Value;
use starlark::values::tuple::UnpackTuple;

use crate::gotime::duration::{HOUR, MICROSECOND, MILLISECOND, MINUTE, NANOSECOND, SECOND};
use crate::gotime::{self, Time, Zone};
use crate::runtime::context::RenderContext;
use crate::values::duration::DurationValue;
use crate::values::time::TimeValue;

/// Go's `time.RFC3339`, what `parse_time` reads when given no format.
const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("time", |time| {
        time_members(time);
        for (name, unit) in [
            ("nanosecond", NANOSECOND),
            ("microsecond", MICROSECOND),
            ("millisecond", MILLISECOND),
            ("second", SECOND),
            ("minute", MINUTE),
            ("hour", HOUR),
        ] {
            time.set(name, DurationValue(unit));
        }
    });
}

#[starlark_module]
fn time_members(builder: &mut GlobalsBuilder) {
    /// The render's instant, in the board's time zone. Go's `now` reads no
    /// arguments and so ignores any it is given, and apps rely on that
    /// (`time.now("UTC")`, `time.now(location = zone)`): so do we.
    fn now<'v>(
        #[starlark(args)] _ignored: UnpackTuple<Value<'v>>,
        #[starlark(kwargs)] _ignored_named: SmallMap<String, Value<'v>>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<TimeValue> {
        let context = RenderContext::of(eval)?;
        Ok(TimeValue(Time::new(context.now, Zone::Named(context.timezone))))
    }

    /// The board's time zone, as an IANA name.
    fn tz(eval: &mut Evaluator) -> anyhow::Result<String> {
        Ok(RenderContext::of(eval)?.timezone.name().to_owned())
    }

    /// The time at a wall clock in `location` (UTC when empty); fields out
    /// of range carry over as in Go (`month = 13` is next January).
    #[allow(clippy::too_many_arguments)]
    fn time(
        #[starlark(default = 0)] year: i64,
        #[starlark(default = 0)] month: i64,
        #[starlark(default = 0)] day: i64,
        #[starlark(default = 0)] hour: i64,
        #[starlark(default = 0)] minute: i64,
        #[starlark(default = 0)] second: i64,
        #[starlark(default = 0)] nanosecond: i64,
        #[starlark(default = "")] location: &str,
    ) -> anyhow::Result<TimeValue> {
        let zone = Zone::load(location).map_err(anyhow::Error::msg)?;
        Time::date(year, month, day, hour, minute, second, nanosecond, zone)
            .map(TimeValue)
            .ok_or_else(|| anyhow::anyhow!("time: date out of range"))
    }

    /// Reads `x` with a Go layout (RFC 3339 by default); a value without
    /// a zone is a wall time in `location`.
    fn parse_time(
        #[starlark(require = pos)] x: &str,
        #[starlark(default = RFC3339)] format: &str,
        #[starlark(default = "UTC")] location: &str,
    ) -> anyhow::Result<TimeValue> {
        let zone = Zone::load(location).map_err(anyhow::Error::msg)?;
        gotime::parse(format, x, &zone, &zone)
            .map(TimeValue)
            .map_err(anyhow::Error::msg)
    }

    /// A duration from Go's notation (`"1h30m"`, `"-1.5s"`).
    fn parse_duration(#[starlark(require = pos)] d: Value) -> anyhow::Result<DurationValue> {
        Ok(DurationValue(DurationValue::unpack(d)?))
    }

    /// The time `sec` seconds and `nsec` nanoseconds after 1970, in UTC.
    fn from_timestamp(
        #[starlark(require = pos)] sec: i64,
        #[starlark(require = pos, default = 0)] nsec: i64,
    ) -> anyhow::Result<TimeValue> {
        Time::from_unix(sec, nsec)
            .map(TimeValue)
            .ok_or_else(|| anyhow::anyhow!("from_timestamp: time out of range"))
    }

    /// Whether `loc` names a time zone.
    fn is_valid_timezone(#[starlark(require = pos)] loc: &str) -> anyhow::Result<bool> {
        Ok(Zone::load(loc).is_ok())
    }
}
