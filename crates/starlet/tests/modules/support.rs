//! Running a module test app: Starlark source whose top level does the
//! work (a `main` returning nothing is added when it has none), and what it
//! printed.

use std::sync::Arc;

use parking_lot::Mutex;
use starlet::{Error, Options};

use crate::common::{TestApp, options};

/// Loads and renders `source`; the lines it printed, or why it failed.
pub fn run(source: &str) -> Result<Vec<String>, Error> {
    run_with(source, &[], options())
}

/// As [`run`], with `files` beside the app and the render's options.
pub fn run_with(source: &str, files: &[(&str, &[u8])], options: Options) -> Result<Vec<String>, Error> {
    let source = if source.contains("def main") {
        source.to_owned()
    } else {
        format!("{source}\ndef main():\n    return []\n")
    };
    let printed = Arc::new(Mutex::new(Vec::new()));
    let sink = printed.clone();
    let options = Options {
        print: Some(Arc::new(move |text: &str| sink.lock().push(text.to_owned()))),
        ..options
    };
    let app = TestApp::with_files(&source, files);
    starlet::Applet::load(app.path(), &options)?.render(&Default::default(), &options)?;
    let lines = printed.lock().clone();
    Ok(lines)
}

/// Runs `source`, which must succeed (its `assert` checks passing).
pub fn passes(source: &str) -> Vec<String> {
    run(source).unwrap_or_else(|e| panic!("the app failed:\n{e}"))
}

/// Runs `source`, which must fail; the error's text.
pub fn fails(source: &str) -> String {
    match run(source) {
        Ok(printed) => panic!("the app succeeded, printing {printed:?}"),
        Err(e) => e.to_string(),
    }
}

/// Asserts that running `source` fails with an error containing `want`.
#[track_caller]
pub fn fails_with(source: &str, want: &str) {
    let error = fails(source);
    assert!(error.contains(want), "want an error containing {want:?}, got:\n{error}");
}
