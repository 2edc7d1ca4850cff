//! `hash.star`: `hash.md5`, `hash.sha1` and `hash.sha256` of a string or
//! bytes, as lowercase hex.

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::Value;

use crate::values::bytes::data_arg;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("hash", hash_members);
}

#[starlark_module]
fn hash_members(builder: &mut GlobalsBuilder) {
    /// The MD5 digest of `data`, in hex.
    fn md5<'v>(#[starlark(require = pos)] data: Value<'v>) -> anyhow::Result<String> {
        Ok(hex(&Md5::digest(data_arg(data, "hash.md5", "data")?)))
    }

    /// The SHA-1 digest of `data`, in hex.
    fn sha1<'v>(#[starlark(require = pos)] data: Value<'v>) -> anyhow::Result<String> {
        Ok(hex(&Sha1::digest(data_arg(data, "hash.sha1", "data")?)))
    }

    /// The SHA-256 digest of `data`, in hex.
    fn sha256<'v>(#[starlark(require = pos)] data: Value<'v>) -> anyhow::Result<String> {
        Ok(hex(&Sha256::digest(data_arg(data, "hash.sha256", "data")?)))
    }
}

/// Bytes as lowercase hex, two digits each, as Go's `%x` writes them.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}
