//! The network as one render sees it: the host's [`Network`] behind the
//! shared response cache, within the render's bounds.
//!
//! Pixlet gives each request 5 seconds and each response 20 MiB, and we do
//! the same. It has no budget per render beyond the render's 30 seconds; we
//! add one so that an app cannot spend its render, or a server's patience,
//! on the network: at most [`MAX_REQUESTS`] requests that reach the network
//! (answers from the cache are free) and [`MAX_NETWORK_TIME`] waiting for
//! them, never past the render's own time limit. Apps fetch a handful of
//! URLs (a forecast, a few logos); a sports app showing every game of a
//! day with each team's logo stays well within both.

use std::cell::Cell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::cache::{self, HttpCache};
use super::{Network, Request, Response};
use crate::modules::random::Pcg;

/// How long one request may take: Pixlet's default.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest response body: Pixlet's default.
pub const MAX_BODY: usize = 20 << 20;
/// Most requests one render (or load) sends to the network.
pub const MAX_REQUESTS: usize = 100;
/// Most time one render (or load) spends waiting on the network.
pub const MAX_NETWORK_TIME: Duration = Duration::from_secs(20);
/// Less time than this left is no time to send a request in.
const LEAST_TIME: Duration = Duration::from_millis(10);

/// Whether a response came from the cache, as Pixlet tells apps in a
/// `Tidbyt-Cache-Status` header (only on requests it caches).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheStatus {
    Hit,
    Miss,
}

impl CacheStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CacheStatus::Hit => "HIT",
            CacheStatus::Miss => "MISS",
        }
    }
}

/// One render's way to the network.
pub struct Fetcher {
    network: Option<Arc<dyn Network>>,
    cache: &'static HttpCache,
    /// The app's name, which keys its cached responses.
    app: String,
    /// When the render's own time is up.
    deadline: Instant,
    requests: Cell<usize>,
    waited: Cell<Duration>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("network", &self.network.is_some())
            .field("app", &self.app)
            .field("requests", &self.requests.get())
            .field("waited", &self.waited.get())
            .finish()
    }
}

impl Fetcher {
    /// The way to `network` (none when `None`) for a render of `app` that
    /// may run for `render_timeout`.
    pub fn new(network: Option<Arc<dyn Network>>, app: &str, render_timeout: Duration) -> Self {
        Self {
            network,
            cache: HttpCache::shared(),
            app: app.to_owned(),
            deadline: Instant::now() + render_timeout,
            requests: Cell::new(0),
            waited: Cell::new(Duration::ZERO),
        }
    }

    /// Answers `request` from the cache or the network, as Pixlet does;
    /// `ttl_seconds` is the app's wish for how long to keep the response.
    /// The request's timeout and size limit are set here.
    pub fn fetch(
        &self,
        mut request: Request,
        ttl_seconds: i64,
    ) -> Result<(Arc<Response>, Option<CacheStatus>), String> {
        let network = self
            .network
            .as_ref()
            .ok_or("no network: this host runs apps without network access")?;
        let key = cache::cacheable_method(&request.method).then(|| cache::key(&self.app, &request));
        if let Some(key) = &key
            && let Some(response) = self.cache.get(key)
        {
            return Ok((response, Some(CacheStatus::Hit)));
        }
        request.timeout = self.time_for_a_request()?;
        request.max_body = MAX_BODY;
        self.requests.set(self.requests.get() + 1);
        let started = Instant::now();
        let fetched = network.fetch(&request);
        self.waited.set(self.waited.get() + started.elapsed());
        let response = Arc::new(fetched?);
        if response.body.len() > MAX_BODY {
            return Err(super::too_big(MAX_BODY));
        }
        let Some(key) = key else {
            return Ok((response, None));
        };
        let ttl = cache::ttl(&request.method, ttl_seconds, response.status, &response.headers);
        let ttl = cache::jittered(ttl, &mut Pcg::new(os_random(), os_random()));
        self.cache.put(&key, response.clone(), ttl);
        Ok((response, Some(CacheStatus::Miss)))
    }

    /// The timeout of the next request, or why there is no time for one.
    fn time_for_a_request(&self) -> Result<Duration, String> {
        if self.requests.get() >= MAX_REQUESTS {
            return Err(format!(
                "this render already sent {MAX_REQUESTS} requests, the most one render may send"
            ));
        }
        let budget = MAX_NETWORK_TIME.saturating_sub(self.waited.get());
        if budget < LEAST_TIME {
            return Err(format!(
                "this render already waited {} s on the network, the most one render may wait",
                MAX_NETWORK_TIME.as_secs()
            ));
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left < LEAST_TIME {
            return Err("the app's time is up".to_owned());
        }
        Ok(REQUEST_TIMEOUT.min(budget).min(left))
    }
}

/// A number from the operating system, for the jitter; a fixed one if the
/// system has none to give (the jitter only spreads refreshes out).
fn os_random() -> u64 {
    getrandom::u64().unwrap_or(0x5eed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::Body;

    /// Answers every request with its own URL, and counts them.
    struct Echo(std::sync::atomic::AtomicUsize);

    impl Network for Echo {
        fn fetch(&self, request: &Request) -> Result<Response, String> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(Response {
                status: 200,
                headers: Vec::new(),
                url: request.url.clone(),
                body: request.url.clone().into_bytes(),
            })
        }
    }

    fn request(method: &str, url: &str) -> Request {
        Request {
            method: method.into(),
            url: url.into(),
            headers: Vec::new(),
            body: Body::Empty,
            timeout: Duration::ZERO,
            max_body: 0,
        }
    }

    fn fetcher(app: &str, render_timeout: Duration) -> (Fetcher, Arc<Echo>) {
        let echo = Arc::new(Echo(Default::default()));
        (Fetcher::new(Some(echo.clone()), app, render_timeout), echo)
    }

    #[test]
    fn a_render_sends_at_most_its_budget_of_requests() {
        let (fetcher, echo) = fetcher("budget-requests", Duration::from_secs(30));
        for i in 0..MAX_REQUESTS {
            fetcher.fetch(request("PUT", &format!("http://h/{i}")), 0).unwrap();
        }
        let error = fetcher.fetch(request("PUT", "http://h/one-more"), 0).unwrap_err();
        assert!(error.contains("already sent 100 requests"), "{error}");
        assert_eq!(echo.0.load(std::sync::atomic::Ordering::Relaxed), MAX_REQUESTS);
    }

    #[test]
    fn answers_from_the_cache_cost_nothing() {
        let (fetcher, echo) = fetcher("budget-cache", Duration::from_secs(30));
        for _ in 0..MAX_REQUESTS + 5 {
            let (response, status) = fetcher.fetch(request("GET", "http://h/same"), 60).unwrap();
            assert_eq!(response.body, b"http://h/same");
            assert!(status.is_some());
        }
        assert_eq!(echo.0.load(std::sync::atomic::Ordering::Relaxed), 1);
    }

    #[test]
    fn time_on_the_network_is_bounded_by_the_budget_and_the_render() {
        let (fetcher, _) = fetcher("budget-time", Duration::from_secs(30));
        assert_eq!(fetcher.time_for_a_request().unwrap(), REQUEST_TIMEOUT);
        fetcher.waited.set(MAX_NETWORK_TIME - Duration::from_secs(2));
        assert_eq!(fetcher.time_for_a_request().unwrap(), Duration::from_secs(2));
        fetcher.waited.set(MAX_NETWORK_TIME);
        let error = fetcher.time_for_a_request().unwrap_err();
        assert!(error.contains("already waited 20 s"), "{error}");

        let (short, _) = self::fetcher("budget-deadline", Duration::from_millis(1500));
        let timeout = short.time_for_a_request().unwrap();
        assert!(
            timeout <= Duration::from_millis(1500) && timeout > Duration::from_secs(1),
            "{timeout:?}"
        );
        let (over, _) = self::fetcher("budget-over", Duration::ZERO);
        assert_eq!(over.time_for_a_request().unwrap_err(), "the app's time is up");
    }

    #[test]
    fn without_a_network_every_request_fails_clearly() {
        let fetcher = Fetcher::new(None, "offline", Duration::from_secs(30));
        let error = fetcher.fetch(request("GET", "http://h/"), 0).unwrap_err();
        assert!(error.contains("no network"), "{error}");
    }
}
