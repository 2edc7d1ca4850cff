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
const PRELUDE: &str = concat!(
    "load(\"render.star\", \"render\")\n",
    "load(\"animation.star\", \"animation\")\n",
);

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

/// The widget an expression builds when the app renders with `options`
/// (a 2x canvas, say).
pub fn widget_with(expression: &str, options: &Options) -> starlet::render::WidgetRef {
    let source = format!("{PRELUDE}\ndef main():\n    return render.Root(child = {expression})\n");
    let app = TestApp::new(&source);
    let applet = Applet::load(app.path(), options).unwrap_or_else(|e| panic!("{e}"));
    let roots = applet
        .run(&ConfigMap::new(), &ConfigMap::new(), options)
        .unwrap_or_else(|e| panic!("{e}"));
    roots[0].child.clone()
}

/// The error building the widget `expression` fails with.
pub fn build_error(expression: &str) -> String {
    let source = format!("{PRELUDE}\ndef main():\n    return render.Root(child = {expression})\n");
    match render(&source) {
        Ok(_) => panic!("{expression} built without an error"),
        Err(error) => error.to_string(),
    }
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

/// The frame count of the widget `expression` as an app reads it: its
/// `frame_count((0, 0, width, height))` method, called from Starlark.
pub fn starlark_frame_count(expression: &str, width: i32, height: i32) -> usize {
    let source = format!(
        "{PRELUDE}\ndef main():\n    print(({expression}).frame_count((0, 0, {width}, {height})))\n    return []\n"
    );
    let printed = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = printed.clone();
    let options = Options {
        print: Some(std::sync::Arc::new(move |line: &str| {
            sink.lock().unwrap().push_str(line)
        })),
        ..options()
    };
    let app = TestApp::new(&source);
    let applet = app.load().unwrap_or_else(|e| panic!("{e}"));
    applet
        .render(&ConfigMap::new(), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    let printed = printed.lock().unwrap();
    printed
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("frame_count() printed {printed:?}"))
}

/// Asserts the frame count of the widget `expression` in `width` x
/// `height` bounds, both as the renderer sees it and as an app reads it.
pub fn assert_frame_count(expression: &str, width: i32, height: i32, expected: usize) {
    assert_eq!(
        frame_count(expression, width, height),
        expected,
        "frame count of {expression}"
    );
    assert_eq!(
        starlark_frame_count(expression, width, height),
        expected,
        "frame_count() of {expression}"
    );
}

/// A Starlark expression for a `size` x `size` picture, transparent but for
/// one pixel of `color` at (`x`, `y`). A marquee whose child fits holds it
/// at its start, or with `align = 'end'` at its end, so a window `x + 1`
/// wide with the pixel at its end puts the pixel at column `x`.
pub fn pixel_at(size: i32, x: i32, y: i32, color: &str) -> String {
    let (w, h) = (x + 1, y + 1);
    format!(
        "render.Marquee(width = {size}, child = render.Marquee(height = {size}, scroll_direction = 'vertical', \
         child = render.Marquee(width = {w}, align = 'end', child = render.Marquee(height = {h}, \
         scroll_direction = 'vertical', align = 'end', \
         child = render.Box(width = 1, height = 1, color = '{color}')))))"
    )
}

/// A picture as rows of the letters `palette` names premultiplied pixels
/// with, `?` for any other pixel: for pictures with translucent pixels.
pub fn ascii_with(image: &Image, palette: &[(char, [u8; 4])]) -> Vec<String> {
    (0..image.height())
        .map(|y| {
            (0..image.width())
                .map(|x| {
                    let pixel = image.get(x, y);
                    palette.iter().find(|(_, p)| *p == pixel).map_or('?', |(c, _)| *c)
                })
                .collect()
        })
        .collect()
}

/// What an app's `print()` calls printed during one render with `config`.
pub fn printed_by(app: &TestApp, config: &ConfigMap, options: Options) -> Result<Vec<String>, Error> {
    let lines = std::sync::Arc::new(parking_lot::Mutex::new(Vec::new()));
    let sink = lines.clone();
    let options = Options {
        print: Some(std::sync::Arc::new(move |line: &str| sink.lock().push(line.to_owned()))),
        ..options
    };
    Applet::load(app.path(), &options)?.render(config, &options)?;
    let printed = lines.lock().clone();
    Ok(printed)
}

/// The lines an app's `main` printed, rendered with `options`.
pub fn printed_with(source: &str, options: Options) -> Result<Vec<String>, Error> {
    printed_by(&TestApp::new(source), &ConfigMap::new(), options)
}

/// What `print(expression)` shows inside `main`, after the `loads` lines.
pub fn shown(loads: &str, expression: &str) -> Result<String, Error> {
    shown_with(loads, expression, options())
}

/// As [`shown`], rendered with `options`.
pub fn shown_with(loads: &str, expression: &str, options: Options) -> Result<String, Error> {
    let source = format!("{loads}\ndef main():\n    print({expression})\n    return []\n");
    Ok(printed_with(&source, options)?.join("\n"))
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
    printed_by(app, &ConfigMap::new(), options())
}
