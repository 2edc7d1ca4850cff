//! The `cache` module's storage: values (text or binary, as Pixlet's
//! strings may be) kept for a while between renders of one app, bounded in
//! count and bytes so an app cannot grow it without end.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

/// Most entries one app may keep.
const MAX_ENTRIES: usize = 1024;
/// Most bytes (keys plus values) one app may keep.
const MAX_BYTES: usize = 4 << 20;

#[derive(Debug)]
struct Entry {
    value: Vec<u8>,
    expires: Instant,
}

/// One app's cache.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl Cache {
    /// The value under `key`, unless it expired or is not UTF-8 text.
    pub fn get(&self, key: &str) -> Option<String> {
        self.get_data(key).and_then(|data| String::from_utf8(data).ok())
    }

    /// The bytes under `key`, unless they expired.
    pub fn get_data(&self, key: &str) -> Option<Vec<u8>> {
        let entries = self.entries.lock();
        entries
            .get(key)
            .filter(|entry| entry.expires > Instant::now())
            .map(|entry| entry.value.clone())
    }

    /// Keeps `value` under `key` for `ttl`; when full, expired entries go
    /// first, then the ones that expire soonest.
    pub fn set(&self, key: &str, value: String, ttl: Duration) -> Result<(), TooBig> {
        self.set_data(key, value.into_bytes(), ttl)
    }

    /// As [`Cache::set`], for bytes that need not be text.
    pub fn set_data(&self, key: &str, value: Vec<u8>, ttl: Duration) -> Result<(), TooBig> {
        let size = key.len() + value.len();
        if size > MAX_BYTES {
            return Err(TooBig { size });
        }
        let now = Instant::now();
        let mut entries = self.entries.lock();
        entries.remove(key);
        entries.retain(|_, entry| entry.expires > now);
        let used =
            |entries: &HashMap<String, Entry>| entries.iter().map(|(k, e)| k.len() + e.value.len()).sum::<usize>();
        while !entries.is_empty() && (entries.len() >= MAX_ENTRIES || used(&entries) + size > MAX_BYTES) {
            let soonest = entries
                .iter()
                .min_by_key(|(_, entry)| entry.expires)
                .map(|(k, _)| k.clone())
                .expect("not empty");
            entries.remove(&soonest);
        }
        entries.insert(
            key.to_owned(),
            Entry {
                value,
                expires: now + ttl,
            },
        );
        Ok(())
    }
}

/// A value bigger than an app's whole cache.
#[derive(Debug, thiserror::Error)]
#[error("cache entry of {size} bytes is over the {MAX_BYTES}-byte limit")]
pub struct TooBig {
    size: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_expire() {
        let cache = Cache::default();
        cache.set("k", "v".into(), Duration::from_secs(60)).unwrap();
        cache.set("gone", "v".into(), Duration::ZERO).unwrap();
        assert_eq!(cache.get("k").as_deref(), Some("v"));
        assert_eq!(cache.get("gone"), None);
    }

    #[test]
    fn a_full_cache_drops_what_expires_soonest() {
        let cache = Cache::default();
        for i in 0..MAX_ENTRIES {
            cache
                .set(&format!("k{i}"), "v".into(), Duration::from_secs(100 + i as u64))
                .unwrap();
        }
        cache.set("new", "v".into(), Duration::from_secs(1000)).unwrap();
        assert_eq!(cache.get("k0"), None);
        assert!(cache.get("k1").is_some() && cache.get("new").is_some());
    }

    #[test]
    fn binary_values_are_kept_as_bytes() {
        let cache = Cache::default();
        cache
            .set_data("png", vec![0x89, b'P'], Duration::from_secs(60))
            .unwrap();
        assert_eq!(cache.get_data("png"), Some(vec![0x89, b'P']));
        assert_eq!(cache.get("png"), None);
    }

    #[test]
    fn an_oversized_value_is_refused() {
        assert!(
            Cache::default()
                .set("k", "x".repeat(MAX_BYTES), Duration::from_secs(1))
                .is_err()
        );
    }
}
