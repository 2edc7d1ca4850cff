//! An in-memory web for `http.star`'s tests: answers by URL from routes the
//! test sets, keeps every request it was sent, and behaves like a real
//! network where apps can tell (a failure, a body over the size limit).

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::Mutex;
use starlet::net::{Network, Request, Response};
use starlet::{Error, Options};

use crate::common::options;
use crate::support::run_with;

/// What the fake answers a URL with.
enum Answer {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    Fail(String),
}

#[derive(Default)]
pub struct FakeWeb {
    routes: Mutex<HashMap<String, Answer>>,
    sent: Mutex<Vec<Request>>,
}

impl FakeWeb {
    pub fn new() -> Arc<Self> {
        Arc::default()
    }

    /// `url` answers `status` with `headers` and `body`.
    pub fn route(&self, url: &str, status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) {
        let headers = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let answer = Answer::Respond {
            status,
            headers,
            body: body.into(),
        };
        self.routes.lock().insert(url.to_owned(), answer);
    }

    /// Requests to `url` fail with `error`, as an unreachable host does.
    pub fn fail(&self, url: &str, error: &str) {
        self.routes
            .lock()
            .insert(url.to_owned(), Answer::Fail(error.to_owned()));
    }

    /// The requests sent so far.
    pub fn sent(&self) -> Vec<Request> {
        self.sent.lock().clone()
    }

    /// The test options with this web as the network.
    pub fn options(self: &Arc<Self>) -> Options {
        Options {
            network: Some(self.clone()),
            ..options()
        }
    }

    /// Runs `source` (see [`run_with`]) with this web.
    pub fn run(self: &Arc<Self>, source: &str) -> Result<Vec<String>, Error> {
        run_with(source, &[], self.options())
    }

    /// Runs `source`, which must succeed.
    pub fn passes(self: &Arc<Self>, source: &str) -> Vec<String> {
        self.run(source).unwrap_or_else(|e| panic!("the app failed:\n{e}"))
    }

    /// Runs `source`, which must fail with an error containing `want`.
    #[track_caller]
    pub fn fails_with(self: &Arc<Self>, source: &str, want: &str) {
        match self.run(source) {
            Ok(printed) => panic!("the app succeeded, printing {printed:?}"),
            Err(error) => {
                let error = error.to_string();
                assert!(error.contains(want), "want an error containing {want:?}, got:\n{error}");
            }
        }
    }
}

impl Network for FakeWeb {
    fn fetch(&self, request: &Request) -> Result<Response, String> {
        self.sent.lock().push(request.clone());
        let routes = self.routes.lock();
        match routes.get(&request.url) {
            Some(Answer::Fail(error)) => Err(error.clone()),
            Some(Answer::Respond { body, .. }) if body.len() > request.max_body => {
                Err(starlet::net::too_big(request.max_body))
            }
            Some(Answer::Respond { status, headers, body }) => Ok(Response {
                status: *status,
                headers: headers.clone(),
                url: request.url.clone(),
                body: body.clone(),
            }),
            None => Ok(Response {
                status: 404,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                url: request.url.clone(),
                body: b"404 page not found\n".to_vec(),
            }),
        }
    }
}
