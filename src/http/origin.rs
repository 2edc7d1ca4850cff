//! Which web pages may drive the board: CORS, and refusing other origins outright.
//!
//! Without `--cors-origin` any origin is allowed, as the original server did:
//! any web page a user opens could then send commands to the board. With it,
//! CORS answers only the listed origins, and since a browser sends some
//! cross-site requests without asking first (a form-like POST, a WebSocket),
//! those are refused here too: a Socket.IO handshake or a request that changes
//! something (any method but GET, HEAD and OPTIONS) whose `Origin` is neither
//! listed nor the board's own host gets 403. Requests without an `Origin`
//! header do not come from a web page (curl, scripts, python-socketio) and pass.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

use super::error::ApiError;

/// The origins allowed to drive the board (`None` allows any), and how many
/// requests were refused, for `/metrics`.
#[derive(Debug)]
pub struct Origins {
    allowed: Option<Vec<HeaderValue>>,
    pub refused: AtomicU64,
}

impl Origins {
    /// Parses `--cors-origin`; an empty list or `*` allows any origin.
    /// Returns the first value that is not a valid origin as the error.
    pub fn parse(origins: &[String]) -> Result<Self, String> {
        if origins.is_empty() || origins.iter().any(|origin| origin == "*") {
            return Ok(Self::allowing(None));
        }
        let parsed = origins
            .iter()
            .map(|origin| origin.parse::<HeaderValue>().map_err(|_| origin.clone()))
            .collect::<Result<_, _>>()?;
        Ok(Self::allowing(Some(parsed)))
    }

    fn allowing(allowed: Option<Vec<HeaderValue>>) -> Self {
        Self {
            allowed,
            refused: AtomicU64::new(0),
        }
    }

    pub fn cors_layer(&self) -> CorsLayer {
        let allow_origin = match &self.allowed {
            None => AllowOrigin::from(Any),
            Some(origins) => AllowOrigin::list(origins.iter().cloned()),
        };
        CorsLayer::new()
            .allow_origin(allow_origin)
            .allow_methods(Any)
            .allow_headers(Any)
    }

    /// Whether a request with these parts may go on.
    fn permits(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> bool {
        let Some(allowed) = &self.allowed else { return true };
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true;
        };
        let guarded =
            uri.path().starts_with("/socket.io") || !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
        !guarded || allowed.contains(origin) || same_host(origin, headers.get(header::HOST))
    }
}

/// Middleware: refuses what [`Origins`] does not permit with 403 and a JSON error.
pub async fn guard(State(origins): State<Arc<Origins>>, request: Request, next: Next) -> Response {
    if origins.permits(request.method(), request.uri(), request.headers()) {
        return next.run(request).await;
    }
    origins.refused.fetch_add(1, Ordering::Relaxed);
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|origin| origin.to_str().ok())
        .unwrap_or("?");
    tracing::debug!(origin, path = %request.uri().path(), "request from a foreign origin refused");
    ApiError::Forbidden(format!("Origin {origin} is not allowed")).into_response()
}

/// Whether the page's origin is the board itself (its UI posting to its own
/// API). Ports are not compared: a proxy may pass on the host without one.
fn same_host(origin: &HeaderValue, host: Option<&HeaderValue>) -> bool {
    let name = |authority: &str| {
        authority
            .rsplit_once(':')
            .map_or(authority, |(name, _)| name)
            .to_owned()
    };
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|origin| origin.split_once("://"))
        .map(|(_, authority)| name(authority));
    let request_host = host.and_then(|host| host.to_str().ok()).map(name);
    origin_host.is_some() && origin_host == request_host
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_str(value).unwrap()))
            .collect()
    }

    #[test]
    fn listed_origins_and_the_board_itself_pass_others_only_read() {
        let origins = Origins::parse(&["http://good.example".into()]).unwrap();
        let api = Uri::from_static("/api/stop");
        let socket = Uri::from_static("/socket.io/?EIO=4&transport=websocket");
        let evil = headers(&[(header::ORIGIN, "http://evil.example"), (header::HOST, "board:5000")]);
        let good = headers(&[(header::ORIGIN, "http://good.example"), (header::HOST, "board:5000")]);
        let own = headers(&[(header::ORIGIN, "http://board:8080"), (header::HOST, "board")]);
        let script = headers(&[(header::HOST, "board:5000")]);

        assert!(!origins.permits(&Method::POST, &api, &evil));
        assert!(!origins.permits(&Method::GET, &socket, &evil));
        assert!(origins.permits(&Method::GET, &api, &evil), "reads stay open");
        assert!(origins.permits(&Method::POST, &api, &good));
        assert!(origins.permits(&Method::GET, &socket, &good));
        assert!(origins.permits(&Method::POST, &api, &own));
        assert!(origins.permits(&Method::POST, &api, &script));
    }

    #[test]
    fn no_list_or_a_star_allows_any_origin() {
        let evil = headers(&[(header::ORIGIN, "http://evil.example")]);
        for list in [vec![], vec!["*".to_owned()]] {
            let origins = Origins::parse(&list).unwrap();
            assert!(origins.permits(&Method::POST, &Uri::from_static("/api/stop"), &evil));
        }
        assert_eq!(
            Origins::parse(&["bad\norigin".into()]).err(),
            Some("bad\norigin".into())
        );
    }
}
