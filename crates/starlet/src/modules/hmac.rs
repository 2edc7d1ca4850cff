//! `hmac.star`: keyed digests (RFC 2104) with MD5, SHA-1 or SHA-256, as
//! hex, base64 or raw bytes.

use ::base64::Engine;
use ::base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use md5::Md5;
use sha1::Sha1;
use sha2::Sha256;
use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::bytes::StarlarkBytes;
use starlark::values::{Heap, Value};

use super::hash::hex;
use crate::values::bytes::data_arg;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("hmac", hmac_members);
}

#[starlark_module]
fn hmac_members(builder: &mut GlobalsBuilder) {
    /// HMAC-MD5 of `s` under `key`.
    fn md5<'v>(
        key: Value<'v>,
        s: Value<'v>,
        #[starlark(default = false)] binary: bool,
        #[starlark(default = "hex")] encoding: &str,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let digest = keyed::<Hmac<Md5>>("md5", key, s)?;
        Ok(present(digest, binary, encoding, heap))
    }

    /// HMAC-SHA1 of `s` under `key`.
    fn sha1<'v>(
        key: Value<'v>,
        s: Value<'v>,
        #[starlark(default = false)] binary: bool,
        #[starlark(default = "hex")] encoding: &str,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let digest = keyed::<Hmac<Sha1>>("sha1", key, s)?;
        Ok(present(digest, binary, encoding, heap))
    }

    /// HMAC-SHA256 of `s` under `key`.
    fn sha256<'v>(
        key: Value<'v>,
        s: Value<'v>,
        #[starlark(default = false)] binary: bool,
        #[starlark(default = "hex")] encoding: &str,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let digest = keyed::<Hmac<Sha256>>("sha256", key, s)?;
        Ok(present(digest, binary, encoding, heap))
    }
}

fn keyed<M: Mac + KeyInit>(name: &str, key: Value<'_>, message: Value<'_>) -> anyhow::Result<Vec<u8>> {
    let key = data_arg(key, name, "key")?;
    let message = data_arg(message, name, "s")?;
    let mut mac = <M as KeyInit>::new_from_slice(key).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    mac.update(message);
    Ok(mac.finalize().into_bytes().to_vec())
}

/// The digest as the app asked: bytes (`binary = True` or `encoding =
/// "binary"`), base64, or hex (any other encoding, as in Pixlet).
fn present<'v>(digest: Vec<u8>, binary: bool, encoding: &str, heap: Heap<'v>) -> Value<'v> {
    if binary || encoding == "binary" {
        heap.alloc(StarlarkBytes::from_vec(digest))
    } else if encoding == "base64" {
        heap.alloc(STANDARD.encode(digest))
    } else {
        heap.alloc(hex(&digest))
    }
}
