//! The builtins where Go's Starlark, which apps are written against, answers
//! differently from starlark-rust's: they replace the standard ones of the
//! same name in every app.

use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::{Heap, Value};

use crate::values::object::Object;

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
}
