//! Where Go's Starlark, which apps are written against, answers differently
//! from starlark-rust's and apps rely on Go's answer: builtins that replace
//! starlark-rust's of the same name, and the `%` operator, which each file's
//! syntax tree hands to a builtin of ours.
//!
//! What cannot be changed this way (string methods, `str()` of floats,
//! strings counted in characters rather than bytes) is listed in the crate's
//! README.

pub mod percent;

use std::collections::HashMap;

use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::syntax::AstModule;
use starlark::values::{Heap, Value};

use crate::values::object::Object;

/// The builtin `%` expressions are routed to ([`members`] defines it);
/// no app names anything so.
const PERCENT: &str = "__go_percent__";

/// Routes the file's `a % b` expressions to Go's interpolation (`a %= b`
/// statements keep starlark-rust's).
pub(crate) fn adapt(ast: &mut AstModule) {
    ast.replace_binary_operators(&HashMap::from([("%".to_owned(), PERCENT.to_owned())]));
}

#[starlark_module]
pub(crate) fn members(builder: &mut GlobalsBuilder) {
    /// The name of `x`'s type. A `render` or `animation` value answers with
    /// its own name (`"Root"`, `"Image"`), as Pixlet's do: apps test
    /// `type(child) == "Image"` before reading an image's `delay`.
    fn r#type<'v>(#[starlark(require = pos)] x: Value<'v>, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        Ok(match Object::from_value(x) {
            Some(object) => heap.alloc(object.spec().name),
            None => x.get_type_value().to_value(),
        })
    }

    /// `lhs % rhs`: Go's interpolation when `lhs` is a string, otherwise
    /// starlark-rust's operator (the remainder of numbers).
    fn __go_percent__<'v>(
        #[starlark(require = pos)] lhs: Value<'v>,
        #[starlark(require = pos)] rhs: Value<'v>,
        heap: Heap<'v>,
    ) -> starlark::Result<Value<'v>> {
        match lhs.unpack_str() {
            Some(format) => percent::interpolate(format, rhs)
                .map(|text| heap.alloc(text))
                .map_err(starlark::Error::new_other),
            None => lhs.percent(rhs, heap),
        }
    }
}
