//! Logging: tracing to stderr, as text or JSON, filtered by `RUST_LOG` (default `info`),
//! a span per HTTP request, and panics logged like everything else.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::http::Request;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
    log_panics();
}

/// Sends every panic to the log, with the thread it happened on and where, instead of
/// the bare line the default hook prints to stderr, which a log collector reading JSON
/// would drop. A backtrace is added when `RUST_BACKTRACE` asks for one.
pub fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        let thread = thread.name().unwrap_or("unnamed");
        let location = info
            .location()
            .map_or_else(String::new, |location| location.to_string());
        let message = crate::render::Panicked::from_payload(info.payload());
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            tracing::error!(thread, %location, %backtrace, "panicked: {message}");
        } else {
            tracing::error!(thread, %location, "panicked: {message}");
        }
    }));
}

/// The layer [`http_trace_layer`] builds.
pub type HttpTraceLayer = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    fn(&Request<Body>) -> Span,
    (),
    DefaultOnResponse,
    (),
    (),
    DefaultOnFailure,
>;

/// Numbers the requests this process serves, for their spans.
static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

/// Traces every HTTP request in a span carrying a request id: one line per
/// response at debug, server errors at warn.
pub fn http_trace_layer() -> HttpTraceLayer {
    TraceLayer::new_for_http()
        .make_span_with(request_span as fn(&Request<Body>) -> Span)
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::DEBUG))
        .on_body_chunk(())
        .on_eos(())
        .on_failure(DefaultOnFailure::new().level(Level::WARN))
}

fn request_span(request: &Request<Body>) -> Span {
    let id = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
    tracing::debug_span!("request", id, method = %request.method(), path = %request.uri().path())
}
