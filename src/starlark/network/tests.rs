//! The reqwest network against a web of our own on 127.0.0.1: JSON, a
//! picture, a slow and a failing endpoint, a refused connection, redirect
//! loops, a 50 MB body, and URLs that are not the web's; then an app that
//! fetches and draws what it got.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body as AxumBody, Bytes};
use axum::extract::{Path, Request as AxumRequest};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{any, get};
use futures_util::stream;
use starlet::net::{Body, Network, Request, Response};

use super::WebNetwork;

const MAX_BODY: usize = 20 << 20;
const FIFTY_MB: usize = 50_000_000;
const CHUNK: usize = 64 << 10;

/// A web server on a thread of its own (the blocking client may not run
/// inside an async runtime), stopped when dropped.
struct TestWeb {
    base: String,
    /// Bytes of the 50 MB bodies handed to the connection so far.
    streamed: Arc<AtomicUsize>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestWeb {
    fn start() -> Self {
        let streamed = Arc::new(AtomicUsize::new(0));
        let app = routes(streamed.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (bound, address) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                bound.send(listener.local_addr().unwrap()).unwrap();
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        let address = address.recv().unwrap();
        Self {
            base: format!("http://{address}"),
            streamed,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for TestWeb {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A 2x1 PNG: a red pixel and a blue one.
fn png() -> Vec<u8> {
    let mut data = Vec::new();
    let mut encoder = png::Encoder::new(&mut data, 2, 1);
    encoder.set_color(png::ColorType::Rgba);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[255, 0, 0, 255, 0, 0, 255, 255]).unwrap();
    writer.finish().unwrap();
    data
}

/// 50 MB in chunks, counting what the connection took.
fn fifty_megabytes(streamed: Arc<AtomicUsize>) -> AxumBody {
    let chunks = stream::iter((0..FIFTY_MB / CHUNK + 1).map(move |_| {
        streamed.fetch_add(CHUNK, Ordering::Relaxed);
        Ok::<_, std::io::Error>(Bytes::from(vec![b'x'; CHUNK]))
    }));
    AxumBody::from_stream(chunks)
}

fn routes(streamed: Arc<AtomicUsize>) -> Router {
    let chunked = streamed.clone();
    Router::new()
        .route(
            "/json",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"temp": 21.5, "city": "Berlin"}"#,
                )
            }),
        )
        .route(
            "/image.png",
            get(|| async { ([(header::CONTENT_TYPE, "image/png")], png()) }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                "late"
            }),
        )
        .route("/fail", get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "boom") }))
        .route("/loop", get(|| async { Redirect::to("/loop") }))
        .route(
            "/hop/{n}",
            get(|Path(n): Path<u32>| async move {
                if n == 0 {
                    Redirect::to("/json")
                } else {
                    Redirect::to(&format!("/hop/{}", n - 1))
                }
            }),
        )
        .route("/to-file", get(|| async { Redirect::to("file:///etc/passwd") }))
        .route(
            "/big",
            get(move || {
                let body = fifty_megabytes(streamed.clone());
                async move { ([(header::CONTENT_LENGTH, FIFTY_MB.to_string())], body) }
            }),
        )
        .route(
            "/big-chunked",
            get(move || async move { fifty_megabytes(chunked.clone()) }),
        )
        .route("/echo", any(echo))
}

/// The request as JSON: method, headers, body.
async fn echo(request: AxumRequest) -> impl IntoResponse {
    let method = request.method().to_string();
    let headers: HeaderMap = request.headers().clone();
    let body = axum::body::to_bytes(request.into_body(), 1 << 20).await.unwrap();
    let headers: serde_json::Map<String, serde_json::Value> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").into()))
        .collect();
    axum::Json(serde_json::json!({
        "method": method,
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    }))
}

fn get_request(url: &str) -> Request {
    Request {
        method: "GET".into(),
        url: url.into(),
        headers: Vec::new(),
        body: Body::Empty,
        timeout: Duration::from_secs(5),
        max_body: MAX_BODY,
    }
}

fn fetch(request: &Request) -> Result<Response, String> {
    WebNetwork::new().fetch(request)
}

#[test]
fn json_comes_back_with_its_headers() {
    let web = TestWeb::start();
    let response = fetch(&get_request(&web.url("/json"))).unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.body, br#"{"temp": 21.5, "city": "Berlin"}"#);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.url, web.url("/json"));
}

#[test]
fn a_picture_comes_back_byte_for_byte() {
    let web = TestWeb::start();
    let response = fetch(&get_request(&web.url("/image.png"))).unwrap();
    assert_eq!(response.body, png());
}

#[test]
fn a_slow_server_is_given_up_on_at_the_timeout() {
    let web = TestWeb::start();
    let request = Request {
        timeout: Duration::from_millis(300),
        ..get_request(&web.url("/slow"))
    };
    let started = Instant::now();
    let error = fetch(&request).unwrap_err();
    assert!(error.contains("no complete answer within 0.3 s"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[test]
fn a_server_error_is_a_response() {
    let web = TestWeb::start();
    let response = fetch(&get_request(&web.url("/fail"))).unwrap();
    assert_eq!((response.status, response.body.as_slice()), (500, &b"boom"[..]));
}

#[test]
fn a_refused_connection_is_an_error() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let error = fetch(&get_request(&format!("http://{address}/"))).unwrap_err();
    assert!(error.starts_with("cannot connect: Connection refused"), "{error}");
}

#[test]
fn redirects_are_followed_ten_requests_deep_and_no_further() {
    let web = TestWeb::start();
    let response = fetch(&get_request(&web.url("/hop/8"))).unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.url, web.url("/json"), "the URL is where the answer came from");
    for endless in ["/hop/9", "/loop"] {
        let error = fetch(&get_request(&web.url(endless))).unwrap_err();
        assert!(error.contains("stopped after 10 redirects"), "{endless}: {error}");
    }
}

#[test]
fn a_50_mb_body_is_refused_without_being_read() {
    let web = TestWeb::start();
    let error = fetch(&get_request(&web.url("/big"))).unwrap_err();
    assert_eq!(error, "the response is larger than 20 MiB, the most an app may fetch");

    let error = fetch(&get_request(&web.url("/big-chunked"))).unwrap_err();
    assert_eq!(error, "the response is larger than 20 MiB, the most an app may fetch");
    // The client stops at 20 MiB; what the kernel's loopback buffers take in
    // beyond that varies from machine to machine, but never the whole body.
    let streamed = web.streamed.load(Ordering::Relaxed);
    assert!(streamed < FIFTY_MB, "{streamed} bytes were streamed of 50 MB");
}

#[test]
fn only_the_web_is_fetched_redirects_included() {
    for url in ["file:///etc/passwd", "data:text/plain,hi", "ftp://127.0.0.1/x"] {
        let error = fetch(&get_request(url)).unwrap_err();
        assert!(error.contains("unsupported protocol scheme"), "{url}: {error}");
    }
    let web = TestWeb::start();
    let error = fetch(&get_request(&web.url("/to-file"))).unwrap_err();
    assert!(
        error.contains("redirected to unsupported protocol scheme \"file\""),
        "{error}"
    );
}

#[test]
fn requests_carry_their_method_headers_and_body() {
    let web = TestWeb::start();
    let network = WebNetwork::new();
    let posted = network
        .fetch(&Request {
            method: "POST".into(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Key".into(), "k".into()),
            ],
            body: Body::Bytes(br#"{"a":1}"#.to_vec()),
            ..get_request(&web.url("/echo"))
        })
        .unwrap();
    let echoed: serde_json::Value = serde_json::from_slice(&posted.body).unwrap();
    assert_eq!(echoed["method"], "POST");
    assert_eq!(echoed["body"], r#"{"a":1}"#);
    assert_eq!(echoed["headers"]["x-key"], "k");
    assert_eq!(echoed["headers"]["content-type"], "application/json");
    let agent = echoed["headers"]["user-agent"].as_str().unwrap();
    assert!(agent.starts_with("RetroBoard/"), "{agent}");

    let form = network
        .fetch(&Request {
            method: "PUT".into(),
            body: Body::Multipart(vec![("name".into(), "Ada".into())]),
            ..get_request(&web.url("/echo"))
        })
        .unwrap();
    let echoed: serde_json::Value = serde_json::from_slice(&form.body).unwrap();
    let content_type = echoed["headers"]["content-type"].as_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = echoed["body"].as_str().unwrap();
    assert!(body.contains("name=\"name\"") && body.contains("Ada"), "{body}");
}

/// An app fetches JSON and a picture from the local web and draws them, as
/// an app fetching from a Home Assistant on the local network would.
#[test]
fn an_app_fetches_and_draws_what_it_got() {
    let web = TestWeb::start();
    let dir = tempfile::tempdir().unwrap();
    let source = format!(
        r#"
load("http.star", "http")
load("render.star", "render")
def main():
    weather = http.get("{base}/json", ttl_seconds = 60).json()
    picture = http.get("{base}/image.png").body()
    failing = http.get("{base}/fail")
    return render.Root(child = render.Column(children = [
        render.Image(src = picture),
        render.Text("%d %s %d" % (weather["temp"], weather["city"], failing.status_code)),
    ]))
"#,
        base = web.base
    );
    std::fs::write(dir.path().join("weather.star"), source).unwrap();
    let options = starlet::Options {
        network: Some(Arc::new(WebNetwork::new())),
        ..Default::default()
    };
    let app = starlet::Applet::load(&dir.path().join("weather.star"), &options).unwrap();
    let rendered = app.render(&Default::default(), &options).unwrap();
    let frame = &rendered.frames[0];
    assert_eq!(frame.get(0, 0), [255, 0, 0, 255], "the picture's red pixel");
    assert_eq!(frame.get(1, 0), [0, 0, 255, 255], "the picture's blue pixel");
    let text_pixels = (0..64)
        .flat_map(|x| (1..10).map(move |y| (x, y)))
        .filter(|&(x, y)| frame.get(x, y)[0] > 0)
        .count();
    assert!(text_pixels > 20, "the text is drawn: {text_pixels} lit pixels");
}
