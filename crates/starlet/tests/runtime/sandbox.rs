//! Rendering in a worker process: the same pictures as in this process, and
//! an app that asks for more memory or time than it may kills only its
//! worker.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{TestApp, options};
use starlet::sandbox::Sandbox;
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
