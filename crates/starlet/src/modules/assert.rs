//! `assert.star`: the checks of Go Starlark's test module (`assert.eq`,
//! `ne`, `true`, `lt`, `contains`, `fails`, `fail`), for apps' own tests.
//!
//! Under `pixlet` a failed check is reported to Go's test runner; here it
//! fails the app with the check's message, which is what an app run outside
//! a test needs. `assert` is a reserved word in this Starlark, so apps load
//! the module under another name: `load("assert.star", asserts = "assert")`.

use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::float::StarlarkFloat;
use starlark::values::none::NoneType;
use starlark::values::{Value, ValueLike};

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("assert", assert_members);
}

#[starlark_module]
fn assert_members(builder: &mut GlobalsBuilder) {
    /// Fails unless `x == y`; a float and a number 1 ULP apart count as equal.
    fn eq<'v>(x: Value<'v>, y: Value<'v>) -> anyhow::Result<NoneType> {
        if x.equals(y).map_err(starlark::Error::into_anyhow)? {
            return Ok(NoneType);
        }
        match (as_float(x), as_float(y)) {
            (Some(a), Some(b)) if is_float(x) || is_float(y) => {
                if !within_one_ulp(a, b) {
                    anyhow::bail!("floats: {} != {} (delta > 1 ulp)", x.to_repr(), y.to_repr());
                }
                Ok(NoneType)
            }
            _ => anyhow::bail!("{} != {}", x.to_repr(), y.to_repr()),
        }
    }

    /// Fails if `x == y`.
    fn ne<'v>(x: Value<'v>, y: Value<'v>) -> anyhow::Result<NoneType> {
        if x.equals(y).map_err(starlark::Error::into_anyhow)? {
            anyhow::bail!("{} == {}", x.to_repr(), y.to_repr());
        }
        Ok(NoneType)
    }

    /// Fails with `msg` unless `cond` is true.
    fn r#true<'v>(cond: Value<'v>, #[starlark(default = "assertion failed")] msg: &str) -> anyhow::Result<NoneType> {
        if !cond.to_bool() {
            anyhow::bail!("{msg}");
        }
        Ok(NoneType)
    }

    /// Fails unless `x < y`.
    fn lt<'v>(x: Value<'v>, y: Value<'v>) -> anyhow::Result<NoneType> {
        if x.compare(y).map_err(starlark::Error::into_anyhow)? != std::cmp::Ordering::Less {
            anyhow::bail!("{} is not less than {}", x.to_str(), y.to_str());
        }
        Ok(NoneType)
    }

    /// Fails unless `y in x`.
    fn contains<'v>(x: Value<'v>, y: Value<'v>) -> anyhow::Result<NoneType> {
        if !x.is_in(y).map_err(starlark::Error::into_anyhow)? {
            anyhow::bail!("{} does not contain {}", x.to_str(), y.to_str());
        }
        Ok(NoneType)
    }

    /// Fails unless calling `f()` fails with an error that `pattern` (a
    /// regular expression) finds.
    fn fails<'v>(f: Value<'v>, pattern: &str, eval: &mut Evaluator<'v, '_, '_>) -> anyhow::Result<NoneType> {
        let message = match eval.eval_function(f, &[], &[]) {
            Ok(_) => anyhow::bail!("evaluation succeeded unexpectedly (want error matching {pattern:?})"),
            Err(error) => error.kind().to_string(),
        };
        let regex = super::re::compile(pattern)?;
        if !regex.is_match(&message) {
            anyhow::bail!("regular expression ({pattern}) did not match error ({message})");
        }
        Ok(NoneType)
    }

    /// Fails with `msg`.
    fn fail<'v>(#[starlark(require = pos)] msg: Value<'v>) -> anyhow::Result<NoneType> {
        match msg.unpack_str() {
            Some(text) => anyhow::bail!("{text}"),
            None => anyhow::bail!("{}", msg.to_str()),
        }
    }
}

fn is_float(x: Value<'_>) -> bool {
    x.downcast_ref::<StarlarkFloat>().is_some()
}

fn as_float(x: Value<'_>) -> Option<f64> {
    match x.downcast_ref::<StarlarkFloat>() {
        Some(f) => Some(f.0),
        None if x.get_type() == "int" => x.to_str().parse().ok(),
        None => None,
    }
}

/// Go Starlark's `floateq`: equal, both NaN, or adjacent doubles.
fn within_one_ulp(a: f64, b: f64) -> bool {
    if a == b || (a.is_nan() && b.is_nan()) {
        return true;
    }
    if a.is_nan() || b.is_nan() {
        return false;
    }
    let (x, y) = (a.to_bits(), b.to_bits());
    x == y.wrapping_add(1) || y == x.wrapping_add(1)
}
