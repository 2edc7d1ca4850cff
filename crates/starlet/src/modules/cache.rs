//! `cache.star`: `cache.set(key, value, ttl_seconds = 60)` and
//! `cache.get(key)`, values kept between renders of one app.
//!
//! As in Pixlet, a cache that cannot keep a value does not fail the app: a
//! value over the app's cache limit is simply not kept, and `get` answers
//! `None` as it would after expiry.

use std::time::Duration;

use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::Value;
use starlark::values::none::NoneType;

use crate::runtime::context::RenderContext;
use crate::values::bytes::{alloc_data, data_arg};

/// Pixlet's expiry when `ttl_seconds` is left out or 0.
pub const DEFAULT_TTL_SECONDS: i64 = 60;
/// The longest an entry is kept, whatever the app asks.
pub const MAX_TTL_SECONDS: i64 = 365 * 24 * 60 * 60;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("cache", cache_members);
}

#[starlark_module]
fn cache_members(builder: &mut GlobalsBuilder) {
    /// Keeps `value` (a string, or bytes) under `key` for `ttl_seconds`.
    fn set<'v>(
        key: &str,
        value: Value<'v>,
        #[starlark(default = 0)] ttl_seconds: i64,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<NoneType> {
        let data = data_arg(value, "cache.set", "value")?;
        if ttl_seconds < 0 {
            anyhow::bail!("ttl_seconds cannot be negative");
        }
        let ttl = if ttl_seconds == 0 {
            DEFAULT_TTL_SECONDS
        } else {
            ttl_seconds.min(MAX_TTL_SECONDS)
        };
        let cache = &RenderContext::of(eval)?.cache;
        // Over the limit: not kept, as a failing cache does not fail the app.
        let _ = cache.set_data(key, data.to_vec(), Duration::from_secs(ttl as u64));
        Ok(NoneType)
    }

    /// The value kept under `key`, or `None` when there is none or it expired.
    fn get<'v>(key: &str, eval: &mut Evaluator<'v, '_, '_>) -> anyhow::Result<Value<'v>> {
        let cache = &RenderContext::of(eval)?.cache;
        Ok(match cache.get_data(key) {
            Some(data) => alloc_data(eval.heap(), data),
            None => Value::new_none(),
        })
    }
}
