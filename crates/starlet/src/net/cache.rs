//! Pixlet's HTTP response cache: which requests it answers, for how long it
//! keeps what came back, and the store itself, one per process and shared
//! by every app in it (keys hold the app's name, as Pixlet's do).
//!
//! Pixlet keeps every GET, HEAD and POST response (whatever its status) for
//! at least 5 seconds, so a retry within a render does not hit the server
//! again; for as long as the app asks with `ttl_seconds`, else for the
//! response's `max-age` up to an hour; a 429 for its `Retry-After`. The TTL
//! is jittered by up to 10% either way so apps do not refresh in lockstep.
//! Unlike Pixlet's, our store is bounded in entries and bytes.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use sha2::{Digest, Sha256};

use super::{Body, Request, Response, header};
use crate::modules::random::Pcg;

/// The shortest a response is kept: Pixlet's `MinRequestTTL`.
pub const MIN_TTL: Duration = Duration::from_secs(5);
/// The longest a response's own `max-age` keeps it: Pixlet's `MaxResponseTTL`.
pub const MAX_RESPONSE_TTL: Duration = Duration::from_secs(3600);
/// Statuses a response may be kept for longer than [`MIN_TTL`] with.
const CACHEABLE_STATUSES: [u16; 13] = [200, 201, 202, 203, 204, 206, 300, 301, 404, 405, 410, 414, 501];
/// Most responses the store keeps.
pub const MAX_ENTRIES: usize = 1024;
/// Most bytes (bodies, headers and keys) the store keeps.
pub const MAX_BYTES: usize = 64 << 20;
/// A response bigger than this is not kept, so one cannot flush the rest.
pub const MAX_ENTRY_BYTES: usize = MAX_BYTES / 4;

/// Whether Pixlet caches responses to `method`.
pub fn cacheable_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// The store's key for `request` by `app`: the request (method, URL,
/// headers, body) hashed, under the app's name.
pub fn key(app: &str, request: &Request) -> String {
    let mut hash = Sha256::new();
    hash.update(request.method.as_bytes());
    hash.update(b"\n");
    hash.update(request.url.as_bytes());
    hash.update(b"\n");
    let mut headers: Vec<(String, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.as_str()))
        .collect();
    headers.sort();
    for (name, value) in headers {
        hash.update(format!("{name}: {value}\n").as_bytes());
    }
    hash.update(b"\n");
    match &request.body {
        Body::Empty => {}
        Body::Bytes(bytes) => hash.update(bytes),
        Body::Multipart(fields) => {
            for (name, value) in fields {
                hash.update(format!("{}:{name}={}:{value}\n", name.len(), value.len()).as_bytes());
            }
        }
    }
    let digest: String = hash.finalize().iter().map(|byte| format!("{byte:02x}")).collect();
    format!("httpcache:{app}:{digest}")
}

/// How long to keep a response, before jitter: Pixlet's `determineTTL`.
/// `developer_ttl` is the app's `ttl_seconds` (0 when it gave none).
pub fn ttl(method: &str, developer_ttl: i64, status: u16, headers: &[(String, String)]) -> Duration {
    if status == 429 {
        let retry = header(headers, "Retry-After")
            .and_then(|after| after.parse::<i64>().ok())
            .map_or(MIN_TTL, seconds);
        return retry.max(MIN_TTL);
    }
    if !CACHEABLE_STATUSES.contains(&status) {
        return MIN_TTL;
    }
    if developer_ttl == 0 && method != "GET" && method != "HEAD" {
        return MIN_TTL;
    }
    let ttl = if developer_ttl == 0 {
        response_ttl(header(headers, "Cache-Control").unwrap_or(""))
    } else {
        seconds(developer_ttl)
    };
    ttl.max(MIN_TTL)
}

/// `ttl` moved by up to a tenth either way, never under [`MIN_TTL`]:
/// Pixlet's `jitterDuration`, drawing from `random` as Go's `Uint64N` does.
pub fn jittered(ttl: Duration, random: &mut Pcg) -> Duration {
    let nanos = u64::try_from(ttl.as_nanos()).unwrap_or(u64::MAX / 4);
    if nanos == 0 {
        return MIN_TTL;
    }
    let offset = nanos / 10;
    let jitter = random.below(2 * offset + 1);
    Duration::from_nanos(nanos + jitter - offset).max(MIN_TTL)
}

/// The `max-age` of a `Cache-Control` header, at most an hour; zero when it
/// has none that is a whole number.
fn response_ttl(cache_control: &str) -> Duration {
    cache_control
        .split(',')
        .filter_map(|directive| directive.trim().split_once('='))
        .find_map(|(name, value)| {
            let age = value.parse::<i64>().ok()?;
            name.eq_ignore_ascii_case("max-age").then_some(age)
        })
        .map_or(Duration::ZERO, |age| seconds(age).min(MAX_RESPONSE_TTL))
}

/// A number of seconds as a duration; zero when negative.
fn seconds(n: i64) -> Duration {
    Duration::from_secs(u64::try_from(n).unwrap_or(0))
}

#[derive(Debug)]
struct Entry {
    response: Arc<Response>,
    expires: Instant,
    size: usize,
}

/// Responses kept between renders.
#[derive(Debug, Default)]
pub struct HttpCache {
    store: Mutex<Store>,
}

#[derive(Debug, Default)]
struct Store {
    entries: HashMap<String, Entry>,
    bytes: usize,
}

impl HttpCache {
    /// The store every app in this process shares.
    pub fn shared() -> &'static HttpCache {
        static SHARED: OnceLock<HttpCache> = OnceLock::new();
        SHARED.get_or_init(HttpCache::default)
    }

    /// The response kept under `key`, unless it expired.
    pub fn get(&self, key: &str) -> Option<Arc<Response>> {
        self.get_at(key, Instant::now())
    }

    /// Keeps `response` under `key` for `ttl`, in whole seconds as Pixlet
    /// keeps it. When full, expired entries go first, then the ones that
    /// expire soonest; a response over [`MAX_ENTRY_BYTES`] is not kept.
    pub fn put(&self, key: &str, response: Arc<Response>, ttl: Duration) {
        self.put_at(key, response, Duration::from_secs(ttl.as_secs()), Instant::now());
    }

    fn get_at(&self, key: &str, now: Instant) -> Option<Arc<Response>> {
        let store = self.store.lock();
        let entry = store.entries.get(key)?;
        (entry.expires > now).then(|| entry.response.clone())
    }

    fn put_at(&self, key: &str, response: Arc<Response>, ttl: Duration, now: Instant) {
        let size = key.len() + size_of(&response);
        let mut store = self.store.lock();
        store.remove(key);
        if size > MAX_ENTRY_BYTES || ttl.is_zero() {
            return;
        }
        let expired: Vec<String> = store
            .entries
            .iter()
            .filter(|(_, entry)| entry.expires <= now)
            .map(|(key, _)| key.clone())
            .collect();
        expired.iter().for_each(|key| store.remove(key));
        while store.entries.len() >= MAX_ENTRIES || store.bytes + size > MAX_BYTES {
            let Some(soonest) = store
                .entries
                .iter()
                .min_by_key(|(_, entry)| entry.expires)
                .map(|(key, _)| key.clone())
            else {
                break;
            };
            store.remove(&soonest);
        }
        store.bytes += size;
        store.entries.insert(
            key.to_owned(),
            Entry {
                response,
                expires: now + ttl,
                size,
            },
        );
    }
}

impl Store {
    fn remove(&mut self, key: &str) {
        if let Some(entry) = self.entries.remove(key) {
            self.bytes -= entry.size;
        }
    }
}

/// What a response takes in the store.
fn size_of(response: &Response) -> usize {
    let headers: usize = response.headers.iter().map(|(k, v)| k.len() + v.len()).sum();
    response.body.len() + headers + response.url.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// A case of Pixlet's `TestDetermineTTL`: (ttl_seconds, Retry-After,
    /// Cache-Control, status, method, expected seconds).
    type TtlCase = (i64, Option<&'static str>, &'static str, u16, &'static str, u64);

    #[test]
    fn ttls_follow_pixlets_rules() {
        let cases: &[TtlCase] = &[
            (3600, None, "", 200, "GET", 3600),
            (
                0,
                None,
                "public, max-age=3600, s-maxage=7200, no-transform",
                200,
                "GET",
                3600,
            ),
            (0, None, "max-age=604800", 200, "GET", 3600),
            (0, None, "max-age=0", 200, "GET", 5),
            (
                3600,
                None,
                "public, max-age=60, s-maxage=7200, no-transform",
                200,
                "GET",
                3600,
            ),
            (3600, None, "", 500, "GET", 5),
            (3, None, "", 200, "GET", 5),
            (0, None, "", 200, "DELETE", 5),
            (30, None, "", 200, "POST", 30),
            (0, None, "", 200, "POST", 5),
            (30, Some("60"), "", 429, "GET", 60),
            (30, Some("3"), "", 429, "GET", 5),
        ];
        for &(developer, retry_after, cache_control, status, method, want) in cases {
            let mut response_headers = headers(&[("Cache-Control", cache_control)]);
            if let Some(after) = retry_after {
                response_headers.push(("Retry-After".into(), after.into()));
            }
            let got = ttl(method, developer, status, &response_headers);
            assert_eq!(
                got,
                Duration::from_secs(want),
                "{method} {status} ttl_seconds={developer} {cache_control:?}"
            );
        }
    }

    /// Pixlet's `TestDetermineResponseTTL`.
    #[test]
    fn max_age_is_read_and_capped_at_an_hour() {
        assert_eq!(response_ttl("public, max-age=120"), Duration::from_secs(120));
        assert_eq!(response_ttl("max-age=999999"), MAX_RESPONSE_TTL);
        assert_eq!(response_ttl("public, no-cache"), Duration::ZERO);
        assert_eq!(response_ttl("max-age=abc"), Duration::ZERO);
        assert_eq!(response_ttl("MAX-AGE=30"), Duration::from_secs(30));
    }

    /// Pixlet's `TestDetermineTTLJitter`: Go's PCG(1, 2) moves 60 s to 63 s.
    #[test]
    fn jitter_draws_as_go_does() {
        let mut random = Pcg::new(1, 2);
        assert_eq!(jittered(Duration::from_secs(60), &mut random).as_secs(), 63);
    }

    /// Pixlet's `TestDetermineTTLNoHeaders`, and the bounds of the jitter.
    #[test]
    fn jitter_stays_within_a_tenth_and_never_under_the_minimum() {
        let mut random = Pcg::new(7, 7);
        for _ in 0..1000 {
            let ttl = jittered(Duration::from_secs(100), &mut random);
            assert!((90..=110).contains(&ttl.as_secs()), "{ttl:?}");
            assert!(jittered(MIN_TTL, &mut random) >= MIN_TTL);
        }
        let no_headers = ttl("GET", 0, 200, &[]);
        assert_eq!(no_headers, MIN_TTL);
        assert!(jittered(no_headers, &mut random) >= MIN_TTL);
    }

    fn request(url: &str) -> Request {
        Request {
            method: "GET".into(),
            url: url.into(),
            headers: headers(&[("Accept", "application/json")]),
            body: Body::Empty,
            timeout: Duration::from_secs(5),
            max_body: 1 << 20,
        }
    }

    /// Pixlet's `TestCacheKey`: keys are under the app's name, and depend
    /// on the request, not on its TTL (which is not part of a request here).
    #[test]
    fn keys_name_the_app_and_the_request() {
        let weather = request("http://127.0.0.1/weather?zip=10001");
        let key = key("weather", &weather);
        assert!(key.starts_with("httpcache:weather:"), "{key}");
        assert_eq!(key.len(), "httpcache:weather:".len() + 64);
        assert_eq!(key, super::key("weather", &weather.clone()));
        assert_ne!(key, super::key("other", &weather));
        assert_ne!(
            key,
            super::key("weather", &request("http://127.0.0.1/weather?zip=10002"))
        );
        let mut reordered = weather.clone();
        reordered.headers.insert(0, ("X-Later".into(), "1".into()));
        let mut appended = weather.clone();
        appended.headers.push(("x-later".into(), "1".into()));
        assert_eq!(super::key("weather", &reordered), super::key("weather", &appended));
        let mut posted = weather;
        posted.method = "POST".into();
        posted.body = Body::Bytes(b"a=1".to_vec());
        assert_ne!(key, super::key("weather", &posted));
    }

    fn response(body_len: usize) -> Arc<Response> {
        Arc::new(Response {
            status: 200,
            headers: Vec::new(),
            url: String::new(),
            body: vec![b'x'; body_len],
        })
    }

    #[test]
    fn entries_expire() {
        let cache = HttpCache::default();
        let now = Instant::now();
        cache.put_at("k", response(1), Duration::from_secs(5), now);
        assert!(cache.get_at("k", now + Duration::from_secs(4)).is_some());
        assert!(cache.get_at("k", now + Duration::from_secs(5)).is_none());
    }

    #[test]
    fn the_store_is_bounded_in_entries_and_bytes() {
        let cache = HttpCache::default();
        let now = Instant::now();
        for i in 0..MAX_ENTRIES + 10 {
            cache.put_at(&format!("k{i}"), response(1), Duration::from_secs(100 + i as u64), now);
        }
        assert_eq!(cache.store.lock().entries.len(), MAX_ENTRIES);
        assert!(cache.get_at("k0", now).is_none(), "the soonest to expire went first");
        assert!(cache.get_at(&format!("k{}", MAX_ENTRIES + 9), now).is_some());

        let big = MAX_ENTRY_BYTES - 100;
        for i in 0..6 {
            cache.put_at(&format!("big{i}"), response(big), Duration::from_secs(10_000), now);
        }
        let bytes = cache.store.lock().bytes;
        assert!(bytes <= MAX_BYTES, "{bytes} bytes kept");
        assert!(cache.get_at("big5", now).is_some());
        cache.put_at("huge", response(MAX_ENTRY_BYTES + 1), Duration::from_secs(60), now);
        assert!(cache.get_at("huge", now).is_none(), "too big to keep");
    }

    #[test]
    fn a_new_response_replaces_the_old_one() {
        let cache = HttpCache::default();
        let now = Instant::now();
        cache.put_at("k", response(10), Duration::from_secs(60), now);
        cache.put_at("k", response(20), Duration::from_secs(60), now);
        assert_eq!(cache.get_at("k", now).unwrap().body.len(), 20);
        assert_eq!(cache.store.lock().bytes, 1 + 20);
    }
}
