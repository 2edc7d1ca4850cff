//! Access control with a shared token (`--auth-token`), for REST and Socket.IO alike.
//!
//! Without a token nothing is checked, so front ends written for the original
//! server keep working. With one, every REST command (any method but GET, HEAD
//! and OPTIONS) needs `Authorization: Bearer <token>`, and so does every read
//! under `/api` and of `/metrics` with `--auth-reads` (except `/api/health`,
//! for monitors); a Socket.IO connection needs `auth: {token}` in its handshake
//! and is refused with `connect_error` "unauthorized" otherwise. Tokens are compared in
//! constant time, so the reply's timing says nothing about how close a guess was.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::error::ApiError;

/// Who may do what: the token, if any, and whether reads need it too.
#[derive(Debug, Default)]
pub struct Auth {
    token: Option<Arc<str>>,
    reads: bool,
    /// Requests and connections refused for want of the token, for `/metrics`.
    pub refused: AtomicU64,
}

/// The reply to a request without the right token.
pub const UNAUTHORIZED: &str = "unauthorized";

impl Auth {
    pub fn new(token: Option<String>, reads: bool) -> Self {
        Self {
            token: token.map(Arc::from),
            reads,
            refused: AtomicU64::new(0),
        }
    }

    /// Whether `offered` is the token; always true when none is set.
    pub fn accepts(&self, offered: Option<&str>) -> bool {
        let accepted = match (&self.token, offered) {
            (None, _) => true,
            (Some(token), Some(offered)) => bool::from(token.as_bytes().ct_eq(offered.as_bytes())),
            (Some(_), None) => false,
        };
        if !accepted {
            self.refused.fetch_add(1, Ordering::Relaxed);
        }
        accepted
    }

    /// Whether a request to `path` (within `/api`, or `/metrics`) with `method` needs the token.
    fn guards(&self, method: &Method, path: &str) -> bool {
        let read = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
        self.token.is_some() && (!read || (self.reads && path != "/health"))
    }
}

/// Middleware on the `/api` routes and `/metrics`: refuses guarded requests without the token (401).
pub async fn require_token(State(auth): State<Arc<Auth>>, request: Request, next: Next) -> Response {
    if auth.guards(request.method(), request.uri().path()) {
        let offered = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        if !auth.accepts(offered) {
            return ApiError::Unauthorized(UNAUTHORIZED.into()).into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_token_everything_is_open() {
        let auth = Auth::default();
        assert!(auth.accepts(None));
        assert!(!auth.guards(&Method::POST, "/stop"));
    }

    #[test]
    fn with_a_token_commands_need_it_and_reads_only_when_asked() {
        let auth = Auth::new(Some("s3cret".into()), false);
        assert!(auth.accepts(Some("s3cret")));
        assert!(!auth.accepts(Some("s3cre")));
        assert!(!auth.accepts(Some("s3cret ")));
        assert!(!auth.accepts(None));
        assert!(auth.guards(&Method::POST, "/stop"));
        assert!(!auth.guards(&Method::GET, "/current"));

        let strict = Auth::new(Some("s3cret".into()), true);
        assert!(strict.guards(&Method::GET, "/current"));
        assert!(
            !strict.guards(&Method::GET, "/health"),
            "monitors can still check health"
        );
        assert!(strict.guards(&Method::GET, "/metrics"));
    }
}
