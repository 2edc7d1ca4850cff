//! `compress/gzip.star`: `gzip.decompress(data)`.

use flate2::read::MultiGzDecoder;
use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::{Heap, Value};

use super::read_bounded;
use crate::values::bytes::{alloc_data, data_arg};

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("gzip", gzip_members);
}

#[starlark_module]
fn gzip_members(builder: &mut GlobalsBuilder) {
    /// What the gzip data (one member or several, one after the other, as
    /// Go reads them) holds: a string when that is UTF-8 text, else bytes.
    fn decompress<'v>(#[starlark(require = pos)] data: Value<'v>, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let data = data_arg(data, "decompress", "data")?;
        let plain = read_bounded(MultiGzDecoder::new(data), "gzip.decompress")?;
        Ok(alloc_data(heap, plain))
    }
}
