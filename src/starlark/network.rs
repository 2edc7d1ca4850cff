//! The web as Starlark apps reach it: a [`starlet::Network`] on reqwest's
//! blocking client (rustls, the system's CAs). Requests go to http(s) only,
//! redirects included, at most ten redirects deep; each stops at its
//! timeout, and a body past its size limit is refused without being read
//! to the end. Addresses on the local network are allowed: apps talk to a
//! Home Assistant at 192.168.x.x.
//!
//! The client is built on first use, on the app's thread: reqwest's
//! blocking client runs a runtime of its own and may not be built inside
//! the async runtime the binary's `main` runs.

use std::error::Error as _;
use std::io::Read;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response as Answer};
use reqwest::redirect::Policy;
use starlet::net::{Body, Network, Request, Response, SCHEMES, parse_url, too_big};

/// How many redirects a request follows, as Go's client does.
const MAX_REDIRECTS: usize = 10;
/// How much of a body is read at a time.
const CHUNK: usize = 64 << 10;

/// Sends apps' requests to the web.
#[derive(Default)]
pub struct WebNetwork {
    client: OnceLock<Result<Client, String>>,
}

impl WebNetwork {
    pub fn new() -> Self {
        Self::default()
    }

    fn client(&self) -> Result<&Client, String> {
        self.client.get_or_init(build_client).as_ref().map_err(Clone::clone)
    }
}

fn build_client() -> Result<Client, String> {
    let tls = crate::tls::client_config().map_err(|error| format!("cannot make requests: {error}"))?;
    Client::builder()
        .use_preconfigured_tls(tls)
        .user_agent(concat!("RetroBoard/", env!("CARGO_PKG_VERSION"), " (Pixlet apps)"))
        .http1_title_case_headers()
        .redirect(Policy::custom(|attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error(format!("stopped after {MAX_REDIRECTS} redirects"))
            } else {
                attempt.follow()
            }
        }))
        .build()
        .map_err(|error| format!("cannot make requests: {}", describe(&error)))
}

impl Network for WebNetwork {
    fn fetch(&self, request: &Request) -> Result<Response, String> {
        let url = parse_url(&request.url)?;
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| format!("invalid method {:?}", request.method))?;
        let started = Instant::now();
        let mut builder = self.client()?.request(method, url).timeout(request.timeout);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        builder = match &request.body {
            Body::Empty => builder,
            Body::Bytes(bytes) => builder.body(bytes.clone()),
            Body::Multipart(fields) => {
                let form = fields
                    .iter()
                    .fold(reqwest::blocking::multipart::Form::new(), |form, (name, value)| {
                        form.text(name.clone(), value.clone())
                    });
                builder.multipart(form)
            }
        };
        let answer = builder.send().map_err(|error| failure(&error, request.timeout))?;
        refuse_redirect_off_the_web(&answer)?;
        let status = answer.status().as_u16();
        let url = answer.url().to_string();
        let headers = answer
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let deadline = started + request.timeout;
        let body = read_bounded(answer, request.max_body, deadline, request.timeout)?;
        Ok(Response {
            status,
            headers,
            url,
            body,
        })
    }
}

/// reqwest leaves a redirect to another scheme unfollowed and returns it;
/// Go's client, as Pixlet's apps know it, fails the request instead.
fn refuse_redirect_off_the_web(answer: &Answer) -> Result<(), String> {
    if !answer.status().is_redirection() {
        return Ok(());
    }
    let location = answer
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok());
    match location.and_then(|l| answer.url().join(l).ok()) {
        Some(target) if !SCHEMES.contains(&target.scheme()) => Err(format!(
            "redirected to unsupported protocol scheme {:?}",
            target.scheme()
        )),
        _ => Ok(()),
    }
}

/// The body, unless it is longer than `max` bytes: refused at once when its
/// length says so, else as soon as more than `max` bytes have come.
fn read_bounded(mut answer: Answer, max: usize, deadline: Instant, timeout: Duration) -> Result<Vec<u8>, String> {
    let declared = answer.content_length().unwrap_or(0);
    if declared > max as u64 {
        return Err(too_big(max));
    }
    let mut body = Vec::with_capacity((declared as usize).min(max));
    let mut chunk = vec![0; CHUNK];
    loop {
        let read = answer.read(&mut chunk).map_err(|error| {
            if error.kind() == std::io::ErrorKind::TimedOut {
                timed_out(timeout)
            } else {
                format!("reading the response: {}", chain(&error))
            }
        })?;
        if read == 0 {
            return Ok(body);
        }
        if body.len() + read > max {
            return Err(too_big(max));
        }
        body.extend_from_slice(&chunk[..read]);
        if Instant::now() >= deadline {
            return Err(timed_out(timeout));
        }
    }
}

fn timed_out(timeout: Duration) -> String {
    format!("no complete answer within {:.1} s", timeout.as_secs_f64())
}

/// Why a request got no answer, in a line an app author can act on.
fn failure(error: &reqwest::Error, timeout: Duration) -> String {
    if error.is_timeout() {
        timed_out(timeout)
    } else if error.is_connect() {
        format!("cannot connect: {}", innermost(error))
    } else {
        describe(error)
    }
}

/// What went wrong beneath reqwest's own summary (which repeats the URL).
fn describe(error: &reqwest::Error) -> String {
    match error.source() {
        Some(source) => chain(source),
        None => error.to_string(),
    }
}

/// The cause at the bottom of `error` (`Connection refused (os error 111)`).
fn innermost(error: &dyn std::error::Error) -> String {
    let mut bottom = error;
    while let Some(cause) = bottom.source() {
        bottom = cause;
    }
    bottom.to_string()
}

/// An error and its causes, each once, outermost first.
fn chain(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(error) = next {
        let text = error.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
        next = error.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests;
