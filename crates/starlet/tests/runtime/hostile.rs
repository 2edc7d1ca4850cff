//! Apps that loop, recurse, or allocate without end are stopped with an
//! error, and the process goes on.

use std::time::{Duration, Instant};

use crate::common::{TestApp, options};
use starlet::{Error, Limits, Options};

fn limited(timeout: Duration, max_heap: usize) -> Options {
    Options {
        limits: Limits {
            timeout,
            max_heap,
            ..Limits::default()
        },
        ..options()
    }
}

fn run(source: &str, options: &Options) -> Error {
    let app = TestApp::new(source);
    let applet = starlet::Applet::load(app.path(), options).unwrap();
    applet.render(&Default::default(), options).unwrap_err()
}

#[test]
fn an_endless_loop_times_out() {
    let started = Instant::now();
    let error = run(
        "def main():\n    n = 0\n    for i in range(2000000000):\n        for j in range(2000000000):\n            n += j\n    return []\n",
        &limited(Duration::from_millis(300), 64 << 20),
    );
    assert_eq!(error, Error::Timeout(Duration::from_millis(300)));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn an_endless_loop_at_load_times_out() {
    let app = TestApp::new(
        "n = 0\nfor i in range(2000000000):\n    for j in range(2000000000):\n        n += j\ndef main():\n    return []\n",
    );
    let error = starlet::Applet::load(app.path(), &limited(Duration::from_millis(300), 64 << 20)).unwrap_err();
    assert_eq!(error, Error::Timeout(Duration::from_millis(300)));
}

#[test]
fn runaway_recursion_is_an_error() {
    let error = run(
        "def f(n):\n    return f(n + 1)\n\ndef main():\n    return f(0)\n",
        &options(),
    );
    assert!(
        matches!(&error, Error::Starlark(m) if m.contains("stack overflow")),
        "{error}"
    );
}

#[test]
fn a_growing_list_hits_the_heap_limit() {
    let error = run(
        "def main():\n    xs = []\n    for i in range(2000000000):\n        xs.append(str(i) * 10)\n    return []\n",
        &limited(Duration::from_secs(60), 32 << 20),
    );
    assert_eq!(error, Error::Memory(32 << 20));
}

#[test]
fn a_failed_app_leaves_the_next_one_working() {
    let _ = run("def main():\n    return 1 // 0\n", &options());
    let fine = TestApp::new("def main():\n    return []\n").render(&[]).unwrap();
    assert!(fine.frames.is_empty());
}
