//! `math.star`: go.starlark.net's math module. Every function takes ints
//! or floats, positionally; `ceil` and `floor` give ints, the rest floats.

use std::sync::OnceLock;

use starlark::environment::{Globals, GlobalsBuilder};
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::float::UnpackFloat;
use starlark::values::{UnpackValue, Value};

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("math", |math| {
        math_members(math);
        math.set("e", std::f64::consts::E);
        math.set("pi", std::f64::consts::PI);
    });
}

/// An int or float argument as a float, as Go's `floatOrInt` reads it.
fn float(value: Value) -> anyhow::Result<f64> {
    if let Some(UnpackFloat(f)) = UnpackFloat::unpack_value_opt(value) {
        return Ok(f);
    }
    anyhow::bail!("got {}, want float or int", value.get_type())
}

/// A float rounded by `round` as an int of any size, or the int itself.
fn integral<'v>(
    value: Value<'v>,
    round: fn(f64) -> f64,
    eval: &mut Evaluator<'v, '_, '_>,
) -> anyhow::Result<Value<'v>> {
    if value.get_type() == "int" {
        return Ok(value);
    }
    let x = float(value)?;
    if x.is_infinite() {
        anyhow::bail!("cannot convert float infinity to integer");
    }
    if x.is_nan() {
        anyhow::bail!("cannot convert float NaN to integer");
    }
    // Starlark's own int() turns floats of any size into exact ints.
    static STANDARD: OnceLock<Globals> = OnceLock::new();
    let int = STANDARD
        .get_or_init(Globals::standard)
        .iter()
        .find(|(name, _)| *name == "int")
        .map(|(_, function)| function.to_value())
        .ok_or_else(|| anyhow::anyhow!("int() is missing from the standard library"))?;
    let rounded = eval.heap().alloc(round(x));
    eval.eval_function(int, &[rounded], &[])
        .map_err(|e| anyhow::anyhow!("{e}"))
}

#[starlark_module]
fn math_members(builder: &mut GlobalsBuilder) {
    /// The smallest integer at least `x`.
    fn ceil<'v>(
        #[starlark(require = pos)] x: Value<'v>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<Value<'v>> {
        integral(x, f64::ceil, eval)
    }

    /// The largest integer at most `x`.
    fn floor<'v>(
        #[starlark(require = pos)] x: Value<'v>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<Value<'v>> {
        integral(x, f64::floor, eval)
    }

    /// The nearest integer, halves away from zero, as a float.
    fn round(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.round())
    }

    /// `x` with the sign of `y`.
    fn copysign(#[starlark(require = pos)] x: Value, #[starlark(require = pos)] y: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.copysign(float(y)?))
    }

    /// The absolute value, as a float.
    fn fabs(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.abs())
    }

    /// The remainder of `x / y` with the sign of `x` (C's `fmod`).
    fn r#mod(#[starlark(require = pos)] x: Value, #[starlark(require = pos)] y: Value) -> anyhow::Result<f64> {
        Ok(float(x)? % float(y)?)
    }

    /// `x` to the power `y`.
    fn pow(#[starlark(require = pos)] x: Value, #[starlark(require = pos)] y: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.powf(float(y)?))
    }

    /// The IEEE 754 remainder of `x / y`.
    fn remainder(#[starlark(require = pos)] x: Value, #[starlark(require = pos)] y: Value) -> anyhow::Result<f64> {
        Ok(libm::remainder(float(x)?, float(y)?))
    }

    fn exp(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.exp())
    }

    fn sqrt(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.sqrt())
    }

    fn acos(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.acos())
    }

    fn asin(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.asin())
    }

    fn atan(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.atan())
    }

    /// The angle of the point `(x, y)` from the positive X axis.
    fn atan2(#[starlark(require = pos)] y: Value, #[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(y)?.atan2(float(x)?))
    }

    fn cos(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.cos())
    }

    /// `sqrt(x*x + y*y)` without overflow on the way.
    fn hypot(#[starlark(require = pos)] x: Value, #[starlark(require = pos)] y: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.hypot(float(y)?))
    }

    fn sin(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.sin())
    }

    fn tan(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.tan())
    }

    /// Radians to degrees, computed in Go's order so results match bit for bit.
    fn degrees(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(360.0 * float(x)? / (2.0 * std::f64::consts::PI))
    }

    /// Degrees to radians, computed in Go's order so results match bit for bit.
    fn radians(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(2.0 * std::f64::consts::PI * float(x)? / 360.0)
    }

    fn acosh(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.acosh())
    }

    fn asinh(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.asinh())
    }

    fn atanh(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.atanh())
    }

    fn cosh(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.cosh())
    }

    fn sinh(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.sinh())
    }

    fn tanh(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(float(x)?.tanh())
    }

    /// The logarithm of `x` in `base`, natural by default.
    fn log(#[starlark(require = pos)] x: Value, #[starlark(require = pos)] base: Option<Value>) -> anyhow::Result<f64> {
        let base = match base {
            Some(base) => float(base)?,
            None => std::f64::consts::E,
        };
        if base == 1.0 {
            anyhow::bail!("division by zero");
        }
        Ok(float(x)?.ln() / base.ln())
    }

    /// The Gamma function.
    fn gamma(#[starlark(require = pos)] x: Value) -> anyhow::Result<f64> {
        Ok(libm::tgamma(float(x)?))
    }
}
