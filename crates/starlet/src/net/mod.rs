//! How apps reach the web. `http.star` turns an app's call into a
//! [`Request`] and the host's [`Network`] carries it out, so this crate
//! holds no HTTP client and the host decides how requests leave (a real
//! client on the board, an in-memory fake in tests).
//!
//! Between the two sit Pixlet's response cache ([`cache`], one per process,
//! shared by every app) and the bounds of one render ([`fetcher`]: a time
//! limit per request, a budget of time and requests per render, a size
//! limit per response).

pub mod cache;
pub mod fetcher;

use std::time::Duration;

pub use fetcher::{CacheStatus, Fetcher};

/// The web as the host lets apps see it.
pub trait Network: Send + Sync {
    /// Carries out `request`: follows redirects (a bounded number, to
    /// http(s) only), gives up after `request.timeout`, and refuses a body
    /// longer than `request.max_body` without reading much past it. Any
    /// status is a response; the error says what kept a response from
    /// arriving (no connection, a timeout, a redirect loop, a body too big).
    fn fetch(&self, request: &Request) -> Result<Response, String>;
}

/// One request, as an app asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Upper case: `GET`, `POST`, ...
    pub method: String,
    /// Absolute, http or https.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    pub timeout: Duration,
    pub max_body: usize,
}

/// What a request carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Body {
    #[default]
    Empty,
    Bytes(Vec<u8>),
    /// `multipart/form-data` fields: the host encodes them and sets the
    /// `Content-Type` with its boundary.
    Multipart(Vec<(String, String)>),
}

/// What came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// As received, names in any case, a name repeated for each value.
    pub headers: Vec<(String, String)>,
    /// Where the response came from, after redirects.
    pub url: String,
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name`, whatever its case.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// The first value of header `name` in `headers`, whatever its case.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// What a network answers for a body longer than `max_body` bytes.
pub fn too_big(max_body: usize) -> String {
    if max_body.is_multiple_of(1 << 20) {
        format!(
            "the response is larger than {} MiB, the most an app may fetch",
            max_body >> 20
        )
    } else {
        format!("the response is larger than {max_body} bytes, the most an app may fetch")
    }
}

/// The URL schemes apps may fetch.
pub const SCHEMES: [&str; 2] = ["http", "https"];

/// `url` read as a URL apps may fetch, or why not, in Go's words.
pub fn parse_url(url: &str) -> Result<url::Url, String> {
    let parsed = url::Url::parse(url).map_err(|error| format!("parse {url:?}: {error}"))?;
    if !SCHEMES.contains(&parsed.scheme()) {
        return Err(format!("unsupported protocol scheme {:?}", parsed.scheme()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("parse {url:?}: no host in request URL"));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_pass() {
        assert!(parse_url("http://192.168.1.20:8123/api/states").is_ok());
        assert!(parse_url("https://example.com").is_ok());
        for refused in [
            "file:///etc/passwd",
            "data:text/plain,hi",
            "ftp://example.com/x",
            "gopher://x",
        ] {
            let error = parse_url(refused).unwrap_err();
            assert!(error.contains("unsupported protocol scheme"), "{refused}: {error}");
        }
        assert!(parse_url("not a url").unwrap_err().starts_with("parse \"not a url\""));
    }

    #[test]
    fn headers_are_found_whatever_their_case() {
        let response = Response {
            status: 200,
            headers: vec![("content-type".into(), "text/plain".into())],
            url: "http://x/".into(),
            body: Vec::new(),
        };
        assert_eq!(response.header("Content-Type"), Some("text/plain"));
        assert_eq!(response.header("Date"), None);
    }
}
