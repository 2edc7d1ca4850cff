//! Rendering in a worker process: the same pictures as in this process, and
//! an app that asks for more memory or time than it may kills only its
//! worker.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{TestApp, options};
use starlet::sandbox::Sandbox;
use starlet::schema::HandlerKind;
use starlet::{Error, Limits, Options};

fn sandbox() -> Sandbox {
    Sandbox::new(|| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_starlet-worker"));
        command.args(["--address-space", &(1u64 << 30).to_string()]);
        command
    })
}

const BOXES: &str = "load(\"render.star\", \"render\")\ndef main(config):\n    print('hi', config.get('c'))\n    return render.Root(child = render.Box(width = 3, height = 2, color = config.get('c', '#f00')), delay = 80)\n";

#[test]
fn a_worker_renders_what_this_process_renders() {
    let app = TestApp::new(BOXES);
    let config = [("c".to_string(), "#0f0".to_string())].into();
    let local = app.load().unwrap().render(&config, &options()).unwrap();
    let printed = std::sync::Arc::new(parking_lot::Mutex::new(Vec::new()));
    let sink = printed.clone();
    let options = Options {
        print: Some(std::sync::Arc::new(move |line: &str| sink.lock().push(line.to_owned()))),
        ..options()
    };
    let remote = sandbox()
        .render(app.path(), &config, &Default::default(), &options)
        .unwrap();
    assert_eq!(remote, local);
    assert_eq!(*printed.lock(), vec!["hi #0f0"]);
}

#[test]
fn an_allocation_past_the_cap_kills_only_the_worker() {
    let mut sandbox = sandbox();
    let greedy = TestApp::new("def main():\n    s = 'x' * 2000000000\n    return []\n");
    let error = sandbox
        .render(greedy.path(), &Default::default(), &Default::default(), &options())
        .unwrap_err();
    assert_eq!(error, Error::Memory(Limits::default().max_heap));
    let fine = TestApp::new(BOXES);
    let rendered = sandbox
        .render(fine.path(), &Default::default(), &Default::default(), &options())
        .unwrap();
    assert_eq!(rendered.frames.len(), 1);
}

#[test]
fn app_errors_come_back_as_they_are() {
    let broken = TestApp::new("def main():\n    return 1 // 0\n");
    let error = sandbox()
        .render(broken.path(), &Default::default(), &Default::default(), &options())
        .unwrap_err();
    assert!(
        matches!(&error, Error::Starlark(m) if m.contains("division by zero")),
        "{error}"
    );
}

#[test]
fn a_worker_that_does_not_answer_is_killed_after_its_time() {
    let mut silent = Sandbox::new(|| {
        let mut command = Command::new("sleep");
        command.arg("600");
        command
    });
    let options = Options {
        limits: Limits {
            timeout: Duration::from_millis(100),
            ..Limits::default()
        },
        ..options()
    };
    let app = TestApp::new(BOXES);
    let started = Instant::now();
    let error = silent
        .render(app.path(), &Default::default(), &Default::default(), &options)
        .unwrap_err();
    assert_eq!(error, Error::Timeout(Duration::from_millis(100)));
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// An app with a schema whose handlers answer with options, a generated
/// schema, a string far too long for a reply, and an allocation past the
/// worker's cap.
const CONFIGURABLE: &str = r#"
load("render.star", "render")
load("schema.star", "schema")

def stations(location):
    print("looking near", location)
    return [schema.Option(display = "Near " + location, value = "n1")]

def more(param, config):
    return [schema.Text(id = "extra", name = "Extra", desc = "More", icon = "plus", default = config.get("who"))]

def huge(param):
    return "x" * (2 * 1024 * 1024 + len(param))

def greedy(param):
    return "x" * (2000000000 + len(param))

def get_schema():
    return schema.Schema(
        version = "1",
        fields = [
            schema.Text(id = "who", name = "Who", desc = "Who to greet", icon = "user", default = "world"),
            schema.LocationBased(id = "station", name = "Station", desc = "A station", icon = "train", handler = stations),
            schema.Generated(id = "gen", source = "who", handler = more),
        ],
        handlers = [
            schema.Handler(handler = huge, type = schema.HandlerType.String),
            schema.Handler(handler = greedy, type = schema.HandlerType.String),
        ],
    )

def main(config):
    return render.Root(child = render.Text(config.get("who")))
"#;

#[test]
fn a_worker_reads_the_schema_this_process_reads() {
    let app = TestApp::new(CONFIGURABLE);
    let local = app.load().unwrap();
    let mut sandbox = sandbox();
    let remote = sandbox.schema(app.path(), &options()).unwrap();
    assert_eq!(remote.as_ref(), local.schema());
    assert_eq!(remote.unwrap().defaults()["who"], "world");
    let plain = TestApp::new(BOXES);
    assert_eq!(sandbox.schema(plain.path(), &options()).unwrap(), None);
}

#[test]
fn a_worker_calls_handlers_as_this_process_does() {
    let app = TestApp::new(CONFIGURABLE);
    let local = app.load().unwrap();
    let config = [("who".to_string(), "Ada".to_string())].into();
    let printed = std::sync::Arc::new(parking_lot::Mutex::new(Vec::new()));
    let sink = printed.clone();
    let options = Options {
        print: Some(std::sync::Arc::new(move |line: &str| sink.lock().push(line.to_owned()))),
        ..options()
    };
    let mut sandbox = sandbox();
    for (handler, parameter) in [("station$stations", "Berlin"), ("gen$more", "")] {
        let (kind, remote) = sandbox
            .call_handler(app.path(), handler, parameter, &config, &options)
            .unwrap();
        let here = local.call_handler(handler, parameter, &config, &options).unwrap();
        assert_eq!(remote, here);
        assert_eq!(Some(kind), local.handler_kind(handler));
    }
    assert_eq!(
        sandbox
            .call_handler(app.path(), "gen$more", "", &config, &options)
            .unwrap(),
        (
            HandlerKind::Schema,
            r#"{"version":"1","schema":[{"type":"text","id":"extra","name":"Extra","description":"More","icon":"plus","default":"Ada"}]}"#.to_owned()
        )
    );
    assert_eq!(printed.lock()[0], "looking near Berlin");
    let error = sandbox
        .call_handler(app.path(), "nope", "", &config, &options)
        .unwrap_err();
    assert_eq!(error, Error::Load("no exported handler named 'nope'".into()));
}

#[test]
fn an_answer_too_long_for_a_reply_is_refused_and_the_worker_lives_on() {
    let app = TestApp::new(CONFIGURABLE);
    let mut sandbox = sandbox();
    let error = sandbox
        .call_handler(app.path(), "huge", "", &Default::default(), &options())
        .unwrap_err();
    assert!(
        matches!(&error, Error::Output(m) if m.contains("more than the 1048576 a reply may carry")),
        "{error}"
    );
    let error = sandbox
        .call_handler(app.path(), "greedy", "", &Default::default(), &options())
        .unwrap_err();
    assert_eq!(error, Error::Memory(Limits::default().max_heap));
    let rendered = sandbox
        .render(app.path(), &Default::default(), &Default::default(), &options())
        .unwrap();
    assert_eq!(rendered.frames.len(), 1);
}

#[test]
fn the_worker_id_names_the_running_worker_and_changes_when_it_is_replaced() {
    let mut sandbox = sandbox();
    assert_eq!(sandbox.worker_id(), None, "no worker before the first render");
    let app = TestApp::new(BOXES);
    let render =
        |sandbox: &mut Sandbox| sandbox.render(app.path(), &Default::default(), &Default::default(), &options());
    render(&mut sandbox).unwrap();
    let first = sandbox.worker_id().expect("a worker after a render");
    let status = std::fs::read_to_string(format!("/proc/{first}/status")).unwrap();
    assert!(status.contains("VmHWM:"), "{status}");
    render(&mut sandbox).unwrap();
    assert_eq!(sandbox.worker_id(), Some(first), "the worker is kept between renders");
    let greedy = TestApp::new("def main():\n    s = 'x' * 2000000000\n    return []\n");
    sandbox
        .render(greedy.path(), &Default::default(), &Default::default(), &options())
        .unwrap_err();
    assert_eq!(sandbox.worker_id(), None, "a dead worker is gone");
    render(&mut sandbox).unwrap();
    assert!(sandbox.worker_id().is_some_and(|next| next != first));
}
