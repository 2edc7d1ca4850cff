//! `retroboard render`: an app author's command, run as they would run it.

use std::path::Path;
use std::process::{Command, Output};

fn retroboard(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_retroboard"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn app(dir: &Path, name: &str, source: &str) {
    std::fs::write(dir.join(name), source).unwrap();
}

const TWO_FRAMES: &str = r##"
load("render.star", "render")
def main(config):
    print("colour", config.get("c", "#f00"))
    return render.Root(
        delay = 120,
        child = render.Box(color = config.get("c", "#f00"), width = 2, height = 2),
    )
"##;

#[test]
fn renders_a_webp_beside_the_app_with_the_config_given() {
    let dir = tempfile::tempdir().unwrap();
    app(dir.path(), "square.star", TWO_FRAMES);
    let out = retroboard(&["render", "square.star", "c=#00f"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("colour #00f"), "the app's print() shows: {stderr}");
    let data = std::fs::read(dir.path().join("square.webp")).unwrap();
    let frames: Vec<_> = webp_frames(&data);
    assert_eq!(frames.len(), 1);
    assert_eq!(&frames[0][..4], &[0, 0, 0xff, 0xff], "top left is the box's colour");
    let (x, y) = (2, 2);
    let i = (y * 64 + x) * 4;
    assert_eq!(&frames[0][i..i + 4], &[0, 0, 0, 0xff], "outside the box is black");
}

/// The frames of a WebP as RGBA bytes; a one-frame WebP is a still picture.
fn webp_frames(data: &[u8]) -> Vec<Vec<u8>> {
    use image::AnimationDecoder;
    let decoder = image::codecs::webp::WebPDecoder::new(std::io::Cursor::new(data)).unwrap();
    if !decoder.has_animation() {
        return vec![image::load_from_memory(data).unwrap().into_rgba8().into_raw()];
    }
    decoder
        .into_frames()
        .map(|frame| frame.unwrap().into_buffer().into_raw())
        .collect()
}

#[test]
fn writes_a_gif_magnified_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    app(dir.path(), "square.star", TWO_FRAMES);
    let out = retroboard(
        &["render", "square.star", "--gif", "-m", "2", "-o", "big.gif", "--silent"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("colour"),
        "--silent hides print()"
    );
    let data = std::fs::read(dir.path().join("big.gif")).unwrap();
    let decoder = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(data)).unwrap();
    use image::AnimationDecoder;
    let frame = decoder.into_frames().next().unwrap().unwrap();
    assert_eq!(frame.buffer().dimensions(), (128, 64));
    assert_eq!(frame.delay().numer_denom_ms(), (120, 1));
    assert_eq!(frame.buffer().get_pixel(3, 3).0, [0xff, 0, 0, 0xff]);
    assert_eq!(frame.buffer().get_pixel(4, 4).0, [0, 0, 0, 0xff]);
}

#[test]
fn an_app_error_exits_1_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    app(
        dir.path(),
        "broken.star",
        "def helper(n):\n    items = [n]\n    for i in range(n):\n        items.append(i)\n    return items[n + 2]\n\ndef main():\n    return helper(3)\n",
    );
    let out = retroboard(&["render", "broken.star"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: broken.star:"), "{stderr}");
    assert!(stderr.contains("broken.star:5:12"), "{stderr}");
    assert!(
        stderr.contains("broken.star:8, in main"),
        "the call stack names the caller: {stderr}"
    );
    assert!(!dir.path().join("broken.webp").exists(), "nothing is written");
}

#[test]
fn usage_errors_exit_2_and_a_missing_app_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    app(dir.path(), "square.star", TWO_FRAMES);
    let out = retroboard(&["render", "square.star", "novalue"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("KEY=VALUE"));
    let out = retroboard(&["render", "missing.star"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open missing.star"));
}

#[test]
fn an_app_that_wants_too_much_memory_ends_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    app(
        dir.path(),
        "greedy.star",
        "def main():\n    s = 'x' * 2000000000\n    return []\n",
    );
    let out = retroboard(&["render", "greedy.star", "--max-memory", "64"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("more than its 64 MiB memory limit"), "{stderr}");
}

#[test]
fn help_lists_the_render_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = retroboard(&["--help"], dir.path());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("render"), "{help}");
    // The worker subcommand stays hidden (`--starlark-workers`, an option, is listed).
    let commands = help.lines().map(str::trim_start);
    assert!(
        !commands.clone().any(|line| line.starts_with("starlark-worker")),
        "the worker stays hidden: {help}"
    );
    assert!(commands.clone().any(|line| line.starts_with("render")), "{help}");
}

/// Serves `body` as JSON at every path of 127.0.0.1 on a port of its own,
/// from a thread with its own runtime, until the returned sender is dropped.
fn json_server(body: &'static str) -> (String, tokio::sync::oneshot::Sender<()>) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (bound, address) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            bound.send(listener.local_addr().unwrap()).unwrap();
            let app = axum::Router::new()
                .fallback(move || async move { ([(axum::http::header::CONTENT_TYPE, "application/json")], body) });
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
    });
    (format!("http://{}", address.recv().unwrap()), stop)
}

#[test]
fn an_app_that_fetches_json_renders_what_it_fetched() {
    let (base, _stop) = json_server(r##"{"temp": 21.5, "color": "#00f"}"##);
    let dir = tempfile::tempdir().unwrap();
    let source = format!(
        r#"
load("http.star", "http")
load("render.star", "render")
def main(config):
    weather = http.get("{base}/weather", ttl_seconds = 60).json()
    print("temp", weather["temp"])
    return render.Root(child = render.Box(color = weather["color"], width = 2, height = 2))
"#
    );
    app(dir.path(), "weather.star", &source);
    let out = retroboard(&["render", "weather.star"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("temp 21.5"), "{stderr}");
    let frames = webp_frames(&std::fs::read(dir.path().join("weather.webp")).unwrap());
    assert_eq!(&frames[0][..4], &[0, 0, 0xff, 0xff], "the box has the fetched colour");
}

#[test]
fn a_fetch_that_fails_ends_with_the_request_named() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let dir = tempfile::tempdir().unwrap();
    let source = format!("load('http.star', 'http')\ndef main():\n    http.get('http://{address}/x')\n    return []\n");
    app(dir.path(), "offline.star", &source);
    let out = retroboard(&["render", "offline.star"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("http.get: Get \"http://{address}/x\": cannot connect")),
        "{stderr}"
    );
}
