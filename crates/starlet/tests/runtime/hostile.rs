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
    // Thousands of identical traceback entries are shown three times and
    // then counted.
    let text = error.to_string();
    assert!(text.contains("[the entry above repeated"), "{text}");
    assert!(text.lines().count() < 20, "{} lines:\n{text}", text.lines().count());
}

#[test]
fn recursion_through_native_callbacks_stops_at_the_limit() {
    // Each level passes through `sorted` and a lambda: more native stack
    // per level than a plain call, and still an error, not a crash.
    let error = run(
        "def f(n):\n    return sorted([n], key = lambda x: f(n + 1))\n\ndef main():\n    return f(0)\n",
        &options(),
    );
    assert!(
        matches!(&error, Error::Starlark(m) if m.contains("stack overflow")),
        "{error}"
    );
}

#[test]
fn recursion_thousands_deep_runs_as_under_go() {
    // Apps count steps since a date one call at a time: 6,000 deep and
    // growing. Go's Starlark has no depth limit; ours leaves room for them.
    let app = TestApp::new(
        "def count(n):\n    return 0 if n == 0 else 1 + count(n - 1)\n\n\
         def main():\n    print(count(12000))\n    return []\n",
    );
    assert_eq!(crate::common::printed(&app).unwrap(), ["12000"]);
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
