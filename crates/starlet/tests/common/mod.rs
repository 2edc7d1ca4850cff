//! What the tests share: writing an app to a temporary folder, rendering it
//! at a fixed instant, and showing pictures as the letters Pixlet's own
//! widget tests draw them with.

#![allow(dead_code)]

use std::path::Path;

use chrono::{TimeZone, Utc};
use starlet::render::{Image, Rect, paint_widget};
use starlet::{Applet, ConfigMap, Error, Options, Rendered};

/// An app in a folder of its own, removed when dropped.
pub struct TestApp {
    pub dir: tempfile::TempDir,
}

impl TestApp {
    /// An app whose `main.star` is `source`, with `files` beside it.
    pub fn with_files(source: &str, files: &[(&str, &[u8])]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.star"), source).unwrap();
        for (name, data) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, data).unwrap();
        }
        Self { dir }
    }

    pub fn new(source: &str) -> Self {
        Self::with_files(source, &[])
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn load(&self) -> Result<Applet, Error> {
        Applet::load(self.path(), &options())
    }

    pub fn render(&self, config: &[(&str, &str)]) -> Result<Rendered, Error> {
        let config: ConfigMap = config.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.load()?.render(&config, &options())
    }
}

/// Renders an app given as source.
pub fn render(source: &str) -> Result<Rendered, Error> {
    TestApp::new(source).render(&[])
}

/// The options every test renders with: a fixed instant, UTC, a fixed seed.
pub fn options() -> Options {
    Options {
        now: Some(Utc.with_ymd_and_hms(2026, 3, 14, 15, 9, 26).unwrap()),
        seed: Some(42),
        ..Options::default()
    }
}

/// The modules the widget tests build with.
const PRELUDE: &str = "load(\"render.star\", \"render\")\n";

/// Builds the widget `expression` (Starlark, with `render` and `animation`
/// loaded) and paints frame `frame` of it in `width` x `height` bounds, on a
/// transparent canvas of its paint bounds, as Pixlet's `PaintWidget` does.
pub fn paint(expression: &str, width: i32, height: i32, frame: usize) -> Vec<String> {
    ascii(&paint_image(expression, width, height, frame))
}

pub fn paint_image(expression: &str, width: i32, height: i32, frame: usize) -> Image {
    let widget = widget(expression);
    paint_widget(widget.as_ref(), Rect::sized(width, height), frame)
}

/// The widget an expression builds.
pub fn widget(expression: &str) -> starlet::render::WidgetRef {
    let source = format!("{PRELUDE}\ndef main():\n    return render.Root(child = {expression})\n");
    let app = TestApp::new(&source);
    let applet = app.load().unwrap_or_else(|e| panic!("{e}"));
    let roots = applet
        .run(&ConfigMap::new(), &ConfigMap::new(), &options())
        .unwrap_or_else(|e| panic!("{e}"));
    roots[0].child.clone()
}

/// The frame count of the widget `expression` in `width` x `height` bounds.
pub fn frame_count(expression: &str, width: i32, height: i32) -> usize {
    widget(expression).frame_count(Rect::sized(width, height))
}

/// A picture as rows of letters: `r`, `g`, `b`, `w` for the opaque primaries
/// and white, `x` opaque black, `.` transparent, `?` anything else.
pub fn ascii(image: &Image) -> Vec<String> {
    (0..image.height())
        .map(|y| {
            (0..image.width())
                .map(|x| match image.get(x, y) {
                    [0xff, 0, 0, 0xff] => 'r',
                    [0, 0xff, 0, 0xff] => 'g',
                    [0, 0, 0xff, 0xff] => 'b',
                    [0xff, 0xff, 0xff, 0xff] => 'w',
                    [0, 0, 0, 0xff] => 'x',
                    [0, 0, 0, 0] => '.',
                    _ => '?',
                })
                .collect()
        })
        .collect()
}

/// Asserts a picture equals the expected rows, printing both when not.
#[macro_export]
macro_rules! assert_picture {
    ($actual:expr, [$($row:expr),* $(,)?]) => {{
        let actual: Vec<String> = $actual;
        let expected: Vec<String> = vec![$(String::from($row)),*];
        assert!(
            actual == expected,
            "picture differs\nEXPECTED\n{}\nACTUAL\n{}",
            expected.join("\n"),
            actual.join("\n")
        );
    }};
}

/// As [`widget`], in an app folder that also holds `files`, with `loads`
/// (`load(...)` lines, as an app's first lines) before `main`: how tests
/// hand apps pictures, as apps ship theirs.
pub fn widget_with_files(
    loads: &str,
    expression: &str,
    files: &[(&str, &[u8])],
) -> Result<starlet::render::WidgetRef, Error> {
    let source = format!("{PRELUDE}{loads}\ndef main():\n    return render.Root(child = {expression})\n");
    let app = TestApp::with_files(&source, files);
    let roots = app.load()?.run(&ConfigMap::new(), &ConfigMap::new(), &options())?;
    Ok(roots[0].child.clone())
}

/// What an app's `print()` calls printed during one render.
pub fn printed(app: &TestApp) -> Result<Vec<String>, Error> {
    let lines = std::sync::Arc::new(parking_lot::Mutex::new(Vec::new()));
    let sink = lines.clone();
    let options = Options {
        print: Some(std::sync::Arc::new(move |text: &str| sink.lock().push(text.to_owned()))),
        ..options()
    };
    app.load()?.render(&ConfigMap::new(), &options)?;
    Ok(lines.lock().clone())
}
