//! `retroboard schema`: an app author's command, run as they would run it.

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

const GREETER: &str = r##"
load("render.star", "render")
load("schema.star", "schema")

def get_schema():
    return schema.Schema(
        version = "1",
        fields = [
            schema.Text(id = "who", name = "Who", desc = "Who to greet & how", icon = "user", default = "world"),
            schema.Toggle(id = "loud", name = "Loud", desc = "Shout", icon = "volumeHigh"),
        ],
    )

def main(config):
    print("hello", config.get("who"))
    return render.Root(child = render.Box(width = 1, height = 1, color = "#fff"))
"##;

#[test]
fn prints_the_schema_indented_as_pixlet_does() {
    let dir = tempfile::tempdir().unwrap();
    app(dir.path(), "greeter.star", GREETER);
    let out = retroboard(&["schema", "greeter.star"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        r#"{
  "version": "1",
  "schema": [
    {
      "type": "text",
      "id": "who",
      "name": "Who",
      "description": "Who to greet \u0026 how",
      "icon": "user",
      "default": "world"
    },
    {
      "type": "onoff",
      "id": "loud",
      "name": "Loud",
      "description": "Shout",
      "icon": "volumeHigh",
      "default": "false"
    }
  ]
}
"#
    );
}

#[test]
fn writes_it_on_one_line_where_asked_and_null_for_an_app_without_one() {
    let dir = tempfile::tempdir().unwrap();
    app(dir.path(), "greeter.star", GREETER);
    let out = retroboard(&["schema", "greeter.star", "-o", "schema.json"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("schema.json")).unwrap();
    assert!(
        written.starts_with(r#"{"version":"1","schema":[{"type":"text","id":"who""#),
        "{written}"
    );
    assert!(!written.contains('\n'));
    app(dir.path(), "plain.star", "def main():\n    return []\n");
    let out = retroboard(&["schema", "plain.star"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "null\n");
}

#[test]
fn render_takes_the_schema_defaults() {
    let dir = tempfile::tempdir().unwrap();
    app(dir.path(), "greeter.star", GREETER);
    let out = retroboard(&["render", "greeter.star", "-o", "-"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("hello world"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = retroboard(&["render", "greeter.star", "-o", "-", "who=Ada"], dir.path());
    assert!(String::from_utf8_lossy(&out.stderr).contains("hello Ada"));
}

#[test]
fn an_app_error_exits_1_with_its_message_and_misuse_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    app(
        dir.path(),
        "broken.star",
        "load(\"schema.star\", \"schema\")\ndef get_schema():\n    return schema.Schema(version = \"1\", fields = [schema.Text(id = \"a$b\", name = \"A\", desc = \"A\", icon = \"i\")])\ndef main():\n    return []\n",
    );
    let out = retroboard(&["schema", "broken.star"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Key: 'Schema.Fields[0].ID' Error:Field validation for 'ID' failed on the 'excludesall' tag"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    let out = retroboard(&["schema", "missing.star"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let out = retroboard(&["schema"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}
