//! `encoding/base64.star`: `base64.encode` and `base64.decode` in the four
//! dialects of starlib's module (`standard`, `standard_raw`, `url`,
//! `url_raw`), decoding as leniently as Go does.

use ::base64::Engine;
use ::base64::alphabet::{self, Alphabet};
use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::{Heap, Value};

use crate::values::bytes::{alloc_data, data_arg};

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("base64", base64_members);
}

#[starlark_module]
fn base64_members(builder: &mut GlobalsBuilder) {
    /// The base64 text of `data` (a string or bytes).
    fn encode<'v>(data: Value<'v>, #[starlark(default = "standard")] encoding: &str) -> anyhow::Result<String> {
        let data = data_arg(data, "encode", "data")?;
        Ok(engine(encoding)?.encode(data))
    }

    /// What the base64 text `data` encodes: a string when that is UTF-8
    /// text, bytes otherwise. Line breaks in `data` are skipped, as Go does.
    fn decode<'v>(
        data: Value<'v>,
        #[starlark(default = "standard")] encoding: &str,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let data = data_arg(data, "decode", "data")?;
        let text: Vec<u8> = data.iter().copied().filter(|b| *b != b'\r' && *b != b'\n').collect();
        let decoded = engine(encoding)?
            .decode(text)
            .map_err(|e| anyhow::anyhow!("illegal base64 data: {e}"))?;
        Ok(alloc_data(heap, decoded))
    }
}

/// The engine for one of starlib's dialect names (`""` is `standard`):
/// padded dialects want their padding, raw ones refuse it, and stray bits
/// in the last character are ignored, as in Go's non-strict decoding.
fn engine(name: &str) -> anyhow::Result<GeneralPurpose> {
    let (alphabet, padded): (&Alphabet, bool) = match name {
        "" | "standard" => (&alphabet::STANDARD, true),
        "standard_raw" => (&alphabet::STANDARD, false),
        "url" => (&alphabet::URL_SAFE, true),
        "url_raw" => (&alphabet::URL_SAFE, false),
        _ => anyhow::bail!("unsupported encoding format: {name}"),
    };
    let config = GeneralPurposeConfig::new()
        .with_encode_padding(padded)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(if padded {
            DecodePaddingMode::RequireCanonical
        } else {
            DecodePaddingMode::RequireNone
        });
    Ok(GeneralPurpose::new(alphabet, config))
}
