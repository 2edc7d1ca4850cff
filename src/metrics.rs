//! `GET /metrics`: what the server is doing, in Prometheus text format.
//!
//! Two kinds of figures. Request latencies and command results are recorded
//! as they happen by [`observe`], a middleware on the REST API. Everything else
//! is counted where it happens (the render loop, the state saver, the limits
//! and guards, the Socket.IO forwarders, the outputs) and read on each scrape
//! by [`Sources`], so those parts need not know about Prometheus at all.
//! Every label takes its values from a fixed set or from the server's own
//! names (routes, outputs, events), never from what a client sends.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::http::auth::Auth;
use crate::http::origin::Origins;
use crate::http::png::PngEncoder;
use crate::icons::Libraries;
use crate::output::Outputs;
use crate::persistence::FileStore;
use crate::realtime::limits::ClientLimits;
use crate::realtime::{EventCounts, Io};
use crate::render::RenderStats;
use crate::serve::ServeStats;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CommandLabels {
    command: String,
    result: String,
}

type Latencies = Family<RequestLabels, Histogram, fn() -> Histogram>;

/// The registry and the figures recorded as they happen.
pub struct Metrics {
    registry: Registry,
    requests: Latencies,
    commands: Family<CommandLabels, Counter>,
}

impl Metrics {
    pub fn new(sources: Sources) -> Self {
        let mut registry = Registry::with_prefix("retroboard");
        let requests: Latencies = Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.0002, 2.0, 14)));
        registry.register(
            "http_request_duration_seconds",
            "REST API requests by route and status",
            requests.clone(),
        );
        let commands = Family::<CommandLabels, Counter>::default();
        registry.register("commands", "REST commands by result", commands.clone());
        registry.register_collector(Box::new(sources));
        Self {
            registry,
            requests,
            commands,
        }
    }

    /// These metrics and what `collector` reads on each scrape.
    pub fn with_collector(mut self, collector: Box<dyn Collector>) -> Self {
        self.registry.register_collector(collector);
        self
    }

    /// The exposition, in Prometheus text format.
    pub fn render(&self) -> Result<String, fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// Middleware on the REST API: each request's latency, and each command's result.
pub async fn observe(
    State(metrics): State<Arc<Metrics>>,
    route: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = route.map_or("unmatched".to_owned(), |route| route.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status();
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method: method_label(&method),
            route: route.clone(),
            status: status.as_u16(),
        })
        .observe(started.elapsed().as_secs_f64());
    if method == Method::POST {
        let result = match status {
            status if status.is_success() => "ok",
            StatusCode::SERVICE_UNAVAILABLE => "unavailable",
            status if status.is_client_error() => "refused",
            _ => "failed",
        };
        let labels = CommandLabels {
            command: route,
            result: result.into(),
        };
        metrics.commands.get_or_create(&labels).inc();
    }
    response
}

/// The label of a request's method: one of the methods HTTP defines, else `other`. The
/// method is the client's to choose (hyper takes any token), and every label value makes
/// series that stay for the life of the process.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

/// `GET /metrics`; with `--auth-reads` it needs the token, like the reads under `/api`.
pub async fn scrape(State(metrics): State<Arc<Metrics>>) -> Response {
    match metrics.render() {
        Ok(text) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
            text,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Where the figures counted elsewhere are read on each scrape.
pub struct Sources {
    /// Set once the Socket.IO layer is built.
    pub io: Arc<OnceLock<Io>>,
    pub outputs: Arc<Outputs>,
    pub render: Arc<RenderStats>,
    /// The state file's saver; `None` in a cluster, which saves nothing.
    pub saves: Option<Arc<FileStore>>,
    pub limits: Arc<ClientLimits>,
    pub origins: Arc<Origins>,
    pub auth: Arc<Auth>,
    pub serve: Arc<ServeStats>,
    pub events: Arc<EventCounts>,
    pub libraries: Libraries,
    pub png: Arc<PngEncoder>,
}

impl fmt::Debug for Sources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sources")
    }
}

impl Collector for Sources {
    fn encode(&self, mut encoder: DescriptorEncoder) -> fmt::Result {
        self.encode_connections(&mut encoder)?;
        self.encode_panel(&mut encoder)
    }
}

fn read(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

impl Sources {
    /// Sockets, refusals and events: what the transports did.
    fn encode_connections(&self, encoder: &mut DescriptorEncoder) -> fmt::Result {
        let (polling, websocket) = self.io.get().map_or((0, 0), Io::connected_by_transport);
        let (polling, websocket) = (polling as u64, websocket as u64);
        let sockets = [
            (vec![("transport", "polling")], polling),
            (vec![("transport", "websocket")], websocket),
        ];
        family(
            encoder,
            "sockets_connected",
            "Connected Socket.IO clients by transport",
            MetricType::Gauge,
            &sockets,
        )?;

        let refused = [
            (vec![("reason", "handshake_rate")], read(&self.limits.refused_too_fast)),
            (vec![("reason", "sessions_per_ip")], read(&self.limits.refused_too_many)),
            (vec![("reason", "connections_per_ip")], read(&self.serve.over_limit)),
            (vec![("reason", "out_of_files")], read(&self.serve.out_of_files)),
            (vec![("reason", "origin")], read(&self.origins.refused)),
            (vec![("reason", "unauthorized")], read(&self.auth.refused)),
        ];
        family(
            encoder,
            "refused",
            "Connections, handshakes and requests refused, by reason",
            MetricType::Counter,
            &refused,
        )?;

        let events: Vec<_> = self
            .events
            .snapshot()
            .into_iter()
            .map(|(event, count)| (vec![("event", event)], count))
            .collect();
        family(
            encoder,
            "events_sent",
            "Socket.IO events sent by name (a broadcast counts once)",
            MetricType::Counter,
            &events,
        )
    }

    /// Frames, outputs and saves: what the panel and its state did.
    fn encode_panel(&self, encoder: &mut DescriptorEncoder) -> fmt::Result {
        counter(
            encoder,
            "frames",
            "Frames handed to the outputs",
            read(&self.render.frames),
        )?;
        counter(
            encoder,
            "late_frames",
            "Frames drawn more than half an interval late",
            read(&self.render.late_frames),
        )?;
        counter(
            encoder,
            "render_loop_panics",
            "Times the render loop panicked and was started again",
            read(&self.render.failures),
        )?;
        let drawing = read(&self.render.drawing_nanos) as f64 / 1e9;
        let drawing_metric = ConstCounter::new(drawing);
        drawing_metric.encode(encoder.encode_descriptor(
            "frame_drawing_seconds",
            "Time spent drawing frames",
            None,
            drawing_metric.metric_type(),
        )?)?;

        let statuses = self.outputs.statuses();
        let labelled = |value: fn(&crate::output::OutputStatus) -> u64| -> Vec<_> {
            statuses
                .iter()
                .map(|status| (vec![("output", status.name.as_str())], value(status)))
                .collect()
        };
        family(
            encoder,
            "output_failing",
            "1 while an output is failing",
            MetricType::Gauge,
            &labelled(|s| u64::from(s.failing_since.is_some())),
        )?;
        family(
            encoder,
            "output_frames_sent",
            "Frames each output showed",
            MetricType::Counter,
            &labelled(|s| s.frames_sent),
        )?;
        family(
            encoder,
            "output_frames_dropped",
            "Frames each output skipped",
            MetricType::Counter,
            &labelled(|s| s.frames_dropped),
        )?;

        counter(
            encoder,
            "png_encodes",
            "Pictures /api/frame.png encoded (requests for one frame at one scale share one)",
            read(&self.png.encodes),
        )?;
        let (icons, pictures) = (self.libraries.icons.usage(), self.libraries.pictures.usage());
        let count = |(uploads, _): (usize, usize)| uploads as u64;
        let decoded = |(_, bytes): (usize, usize)| bytes as u64;
        family(
            encoder,
            "uploads",
            "Icons and pictures uploaded (see --max-icons, --max-pictures)",
            MetricType::Gauge,
            &[
                (vec![("library", "icons")], count(icons)),
                (vec![("library", "pictures")], count(pictures)),
            ],
        )?;
        family(
            encoder,
            "uploads_decoded_bytes",
            "What the uploads decode to, all frames (see --max-icon-mib, --max-picture-mib)",
            MetricType::Gauge,
            &[
                (vec![("library", "icons")], decoded(icons)),
                (vec![("library", "pictures")], decoded(pictures)),
            ],
        )?;

        if let Some(store) = &self.saves {
            counter(encoder, "state_saves", "State file saves", read(&store.saves))?;
            counter(
                encoder,
                "state_save_failures",
                "State file saves that failed",
                read(&store.failed_saves),
            )?;
        }
        Ok(())
    }
}

fn counter(encoder: &mut DescriptorEncoder, name: &str, help: &str, value: u64) -> fmt::Result {
    let metric = ConstCounter::new(value);
    metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
}

/// A metric with one value per label set; counters and gauges alike.
pub(crate) fn family(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    kind: MetricType,
    values: &[(Vec<(&str, &str)>, u64)],
) -> fmt::Result {
    let mut metric = encoder.encode_descriptor(name, help, None, kind)?;
    for (labels, value) in values {
        let series = metric.encode_family(labels)?;
        match kind {
            MetricType::Counter => ConstCounter::new(*value).encode(series)?,
            _ => ConstGauge::new(i64::try_from(*value).unwrap_or(i64::MAX)).encode(series)?,
        }
    }
    Ok(())
}
