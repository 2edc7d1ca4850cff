//! Binary data in apps.
//!
//! Pixlet's strings are Go byte strings, so apps pass decoded pictures around
//! as strings. Starlark strings here are UTF-8 text, so data that is not valid
//! UTF-8 becomes a Starlark `bytes` value instead; everything that takes
//! binary data (`render.Image`, the encoders, the hashes) takes either.

use starlark::values::bytes::StarlarkBytes;
use starlark::values::{Heap, Value, ValueLike};

/// `data` as a string when it is text, as `bytes` when it is not.
pub fn alloc_data<'v>(heap: Heap<'v>, data: Vec<u8>) -> Value<'v> {
    match String::from_utf8(data) {
        Ok(text) => heap.alloc(text),
        Err(binary) => heap.alloc(StarlarkBytes::from_vec(binary.into_bytes())),
    }
}

/// The bytes of a string or `bytes` value.
pub fn data_of<'v>(value: Value<'v>) -> Option<&'v [u8]> {
    value
        .unpack_str()
        .map(str::as_bytes)
        .or_else(|| value.downcast_ref::<StarlarkBytes>().map(StarlarkBytes::as_bytes))
}

/// The bytes of a string or `bytes` argument, or an error that names the
/// function and parameter, as Pixlet's argument errors do.
pub fn data_arg<'v>(value: Value<'v>, function: &str, param: &str) -> anyhow::Result<&'v [u8]> {
    data_of(value).ok_or_else(|| {
        anyhow::anyhow!(
            "{function}: for parameter {param}: got {}, want string or bytes",
            value.get_type()
        )
    })
}

#[cfg(test)]
mod tests {
    use starlark::environment::Module;

    use super::*;

    #[test]
    fn text_stays_a_string_and_binary_becomes_bytes() {
        Module::with_temp_heap(|module| {
            let heap = module.heap();
            let text = alloc_data(heap, b"hi".to_vec());
            assert_eq!(text.unpack_str(), Some("hi"));
            let binary = alloc_data(heap, vec![0x89, b'P', b'N', b'G']);
            assert_eq!(binary.get_type(), "bytes");
            assert_eq!(data_of(binary), Some(&[0x89, b'P', b'N', b'G'][..]));
            assert_eq!(data_of(text), Some(&b"hi"[..]));
        });
    }
}
