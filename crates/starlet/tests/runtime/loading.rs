//! Finding `main`, calling it with `config`, and what it may return.

use crate::common::{TestApp, options, printed, printed_by, render};
use starlet::Error;

const BOX: &str = "load(\"render.star\", \"render\")\n";

#[test]
fn main_may_take_config_or_not() {
    let without = render(&format!(
        "{BOX}def main():\n    return render.Root(child = render.Box())\n"
    ))
    .unwrap();
    assert_eq!(without.frames.len(), 1);
    let with = TestApp::new(&format!(
        "{BOX}def main(config):\n    return render.Root(child = render.Box(width = int(config.get('w', '3'))))\n"
    ));
    assert_eq!(with.render(&[("w", "5")]).unwrap().frames.len(), 1);
}

#[test]
fn nothing_to_show_is_no_frames() {
    for body in ["return []", "return None"] {
        let rendered = render(&format!("def main():\n    {body}\n")).unwrap();
        assert!(rendered.frames.is_empty(), "{body}");
    }
}

#[test]
fn a_list_of_roots_plays_one_after_the_other() {
    let source = format!(
        "{BOX}def main():\n    return [render.Root(child = render.Box(color = '#f00'), delay = 100), render.Root(child = render.Box(color = '#00f'))]\n"
    );
    let rendered = render(&source).unwrap();
    assert_eq!(rendered.frames.len(), 2);
    assert_eq!(rendered.delay.as_millis(), 100);
    assert_eq!(rendered.frames[0].color(0, 0), starlet::render::Color::rgb(0xff, 0, 0));
    assert_eq!(rendered.frames[1].color(0, 0), starlet::render::Color::rgb(0, 0, 0xff));
}

#[test]
fn frames_are_the_panel_size_on_black_with_pixlets_defaults() {
    let rendered = render(&format!(
        "{BOX}def main():\n    return render.Root(child = render.Box(width = 2, height = 2, color = '#fff'))\n"
    ))
    .unwrap();
    let frame = &rendered.frames[0];
    assert_eq!((frame.width(), frame.height()), (64, 32));
    assert_eq!(frame.get(1, 1), [0xff; 4]);
    assert_eq!(frame.get(2, 2), [0, 0, 0, 0xff]);
    assert_eq!(rendered.delay.as_millis(), 50);
    assert_eq!(rendered.max_age, None);
}

#[test]
fn returning_something_else_is_an_error_that_says_what() {
    let error = render("def main():\n    return 42\n").unwrap_err();
    assert!(
        matches!(&error, Error::Output(m) if m.contains("found: int")),
        "{error}"
    );
    let error = render("def main():\n    return [1]\n").unwrap_err();
    assert!(error.to_string().contains("at index 0"), "{error}");
}

#[test]
fn an_app_without_main_is_refused() {
    let error = TestApp::new("x = 1\n").load().unwrap_err();
    assert_eq!(
        error,
        Error::Load("no main() function found in main.star".replace("main.star", &error_id(&error)))
    );
}

fn error_id(error: &Error) -> String {
    error.to_string().rsplit(' ').next().unwrap().to_owned()
}

#[test]
fn errors_name_the_file_line_and_call_stack() {
    let app = TestApp::new(
        "def inner():\n    total = 0\n    for d in [1, 0]:\n        total += 1 // d\n    return total\n\ndef main():\n    return inner()\n",
    );
    let error = app.render(&[]).unwrap_err().to_string();
    assert!(error.contains("main.star:4:18"), "{error}");
    assert!(error.contains("main.star:8"), "{error}");
    assert!(
        error.to_lowercase().contains("division by zero") || error.contains("Division"),
        "{error}"
    );
}

#[test]
fn config_reads_as_pixlet_reads_it() {
    let app = TestApp::new(
        "def main(config):\n    print(config.get('a'), config.get('missing', 'd'), config.str('a'), config.bool('b'), config['a'], 'a' in config, 'z' in config)\n    return []\n",
    );
    let config = [
        ("a".to_string(), "x".to_string()),
        ("b".to_string(), "True".to_string()),
    ]
    .into();
    let printed = printed_by(&app, &config, options()).unwrap();
    assert_eq!(printed, vec!["x d x True x True False"]);
}

#[test]
fn apps_load_their_own_star_files_and_assets() {
    let app = TestApp::with_files(
        "load('lib/util.star', 'double')\nload('data.txt', data = 'file')\ndef main():\n    print(double(21), data.readall().strip(), data.path)\n    return []\n",
        &[
            ("lib/util.star", b"def double(x):\n    return 2 * x\n"),
            ("data.txt", b"hello\n"),
        ],
    );
    assert_eq!(printed(&app).unwrap(), vec!["42 hello data.txt"]);
}

#[test]
fn loading_outside_the_folder_is_refused() {
    for target in ["../secret.txt", "/etc/passwd"] {
        let app = TestApp::new(&format!("load('{target}', s = 'file')\ndef main():\n    return []\n"));
        let error = app.load().unwrap_err().to_string();
        assert!(
            error.contains("outside") || error.contains("relative path"),
            "{target}: {error}"
        );
    }
}

#[test]
fn a_circular_load_is_refused() {
    let app = TestApp::with_files(
        "load('a.star', 'a')\ndef main():\n    return []\n",
        &[("a.star", b"load('main.star', 'x')\na = 1\n")],
    );
    let error = app.load().unwrap_err().to_string();
    assert!(error.contains("circular"), "{error}");
}

#[test]
fn strings_count_characters() {
    let app = TestApp::new("def main():\n    s = 'Zürich'\n    print(len(s), s[:2], s[1])\n    return []\n");
    assert_eq!(printed(&app).unwrap(), vec!["6 Zü ü"]);
}
