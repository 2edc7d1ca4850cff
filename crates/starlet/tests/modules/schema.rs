//! `schema.star`'s constructors: what each field reads back, and the
//! arguments Pixlet refuses, checked against Pixlet's own schema tests.

use crate::common::{TestApp, options};
use crate::support::{fails_with, passes, run_with};

#[test]
fn the_module_loads_and_builds_a_schema() {
    passes("load(\"schema.star\", \"schema\")\n");
    passes(
        r#"
load("schema.star", "schema")
load("assert.star", asserts = "assert")
s = schema.Schema(
    version = "1",
    fields = [
        schema.Toggle(id = "weather", name = "Weather", desc = "Show the weather.", icon = "cloud"),
    ],
)
asserts.eq(s.version, "1")
asserts.eq(s.fields[0].name, "Weather")
asserts.eq(s.fields[0].default, False)
asserts.eq(s.handlers, None)
asserts.eq(type(s), "Schema")
asserts.eq(type(s.fields[0]), "Toggle")
asserts.eq(str(s), "Schema(...)")
"#,
    );
}

#[test]
fn plain_fields_read_back_what_they_were_given() {
    for (constructor, kind) in [
        ("Location", "Location"),
        ("DateTime", "DateTime"),
        ("PhotoSelect", "PhotoSelect"),
    ] {
        passes(&format!(
            r#"
load("schema.star", "schema")
load("assert.star", asserts = "assert")
f = schema.{constructor}(id = "where", name = "Where", desc = "The place.", icon = "locationDot")
asserts.eq(f.id, "where")
asserts.eq(f.name, "Where")
asserts.eq(f.desc, "The place.")
asserts.eq(f.icon, "locationDot")
asserts.eq(type(f), "{kind}")
asserts.eq(dir(f), ["desc", "icon", "id", "name"])
"#
        ));
    }
}

#[test]
fn text_and_toggle_read_back_their_defaults() {
    passes(
        r#"
load("schema.star", "schema")
load("assert.star", asserts = "assert")
t = schema.Text(id = "who", name = "Name", desc = "Your name.", icon = "user", default = "foo", secret = True)
asserts.eq([t.id, t.name, t.desc, t.icon], ["who", "Name", "Your name.", "user"])
asserts.eq(t.default, "foo")
asserts.eq(t.secret, True)
plain = schema.Text(id = "who", name = "Name", desc = "Your name.", icon = "user")
asserts.eq(plain.default, "")
asserts.eq(plain.secret, False)
on = schema.Toggle(id = "on", name = "On", desc = "Is it on?", icon = "cloud", default = True)
asserts.eq([on.id, on.name, on.desc, on.icon], ["on", "On", "Is it on?", "cloud"])
asserts.eq(on.default, True)
"#,
    );
}

#[test]
fn options_and_dropdowns_read_back_their_choices() {
    passes(
        r##"
load("schema.star", "schema")
load("assert.star", asserts = "assert")
o = schema.Option(display = "Green", value = "#00FF00")
asserts.eq(o.display, "Green")
asserts.eq(o.value, "#00FF00")
asserts.eq(type(o), "Option")
options = [o, schema.Option(display = "Red", value = "#FF0000")]
d = schema.Dropdown(id = "colors", name = "Text Color", desc = "The colour of the text.", icon = "brush", default = options[0].value, options = options)
asserts.eq([d.id, d.name, d.desc, d.icon], ["colors", "Text Color", "The colour of the text.", "brush"])
asserts.eq(d.default, "#00FF00")
asserts.eq(d.options[1].display, "Red")
asserts.eq(d.options[1].value, "#FF0000")
"##,
    );
    fails_with(
        r#"
load("schema.star", "schema")
schema.Dropdown(id = "d", name = "D", desc = "D", icon = "i", default = "a", options = [None, "a"])
"#,
        "expected options to be a list of Option but found: string (at index 1)",
    );
    fails_with(
        r#"
load("schema.star", "schema")
schema.Dropdown(id = "d", name = "D", desc = "D", icon = "i", default = "a", options = (schema.Option(display = "a", value = "a"),))
"#,
        "unpacking arguments for Dropdown: Dropdown: for parameter options: got tuple, want list",
    );
}

#[test]
fn colors_are_normalised_with_their_palette() {
    let printed = passes(
        r##"
load("schema.star", "schema")
load("assert.star", asserts = "assert")
s1 = schema.Color(id = "colors", name = "Colors", desc = "The colour.", icon = "brush", default = "#fff")
asserts.eq([s1.id, s1.name, s1.desc, s1.icon], ["colors", "Colors", "The colour.", "brush"])
asserts.eq(s1.default, "#fff")
asserts.eq(s1.palette, None)
s2 = schema.Color(
    id = "colors", name = "Colors", desc = "The colour.", icon = "brush",
    default = "123456",
    palette = ["#f0f", "#AABBCD", None, "103", "323334"],
)
asserts.eq(s2.default, "#123456")
print(s2.palette)
"##,
    );
    assert_eq!(printed, [r##"["#f0f", "#aabbcd", "#103", "#323334"]"##]);
}

/// A `main` that builds a colour from its config, as Pixlet's malformed
/// colour test does.
const COLOR_FROM_CONFIG: &str = r#"
load("schema.star", "schema")
load("encoding/json.star", "json")
def main(config):
    schema.Color(
        id = "colors", name = "Colors", desc = "The colour.", icon = "brush",
        default = config["default"],
        palette = json.decode(config["palette"]),
    )
    return []
"#;

#[test]
fn malformed_colors_are_refused() {
    let app = TestApp::new(COLOR_FROM_CONFIG);
    assert!(app.render(&[("default", "#ffaa77"), ("palette", "[]")]).is_ok());
    for default in [
        "#nothex", "", "0", "01", "#01", "0123", "#0123", "01234", "#01234", "0123456", "#0123456",
    ] {
        let error = app.render(&[("default", default), ("palette", "[]")]).unwrap_err();
        assert!(
            error.to_string().contains("malformed default color: expected"),
            "{default:?}: {error}"
        );
    }
    for palette in [
        r#"["nothex"]"#,
        r#"["fff", "ffaabb", "0"]"#,
        r##"["fff", "ffaabb", "#0f"]"##,
        r#"["fff", "ffaabb", "0123"]"#,
        r#"["fff", "ffaabb", "0123456"]"#,
    ] {
        let error = app.render(&[("default", "#ffaa77"), ("palette", palette)]).unwrap_err();
        assert!(
            error.to_string().contains("malformed palette color at index"),
            "{palette}: {error}"
        );
    }
    let error = app.render(&[("default", "#ffaa77"), ("palette", "[1]")]).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected palette to be a list of string but found: int (at index 0)"),
        "{error}"
    );
}

#[test]
fn fields_with_handlers_keep_their_functions() {
    passes(
        r#"
load("encoding/json.star", "json")
load("schema.star", "schema")
load("assert.star", asserts = "assert")

def stations(location):
    loc = json.decode(location)
    return [schema.Option(display = "Grand Central " + loc["city"], value = "abc123")]

def search(pattern):
    return [schema.Option(display = "Found " + pattern, value = "x")]

def oauth(params):
    return "token-" + str(len(json.decode(params)))

def validate(value):
    return value

b = schema.LocationBased(id = "station", name = "Station", desc = "A station near you.", icon = "train", handler = stations)
asserts.eq([b.id, b.name, b.desc, b.icon], ["station", "Station", "A station near you.", "train"])
asserts.eq(b.handler('{"city": "NYC"}')[0].display, "Grand Central NYC")
t = schema.Typeahead(id = "search", name = "Search", desc = "Search.", icon = "gear", handler = search)
asserts.eq([t.id, t.name, t.desc, t.icon, t.handler], ["search", "Search", "Search.", "gear", search])
asserts.eq(t.handler("abc")[0].display, "Found abc")
o = schema.OAuth2(
    id = "auth", name = "GitHub", desc = "Connect GitHub.", icon = "github",
    handler = oauth, client_id = "the-client", authorization_endpoint = "https://example.com/",
    scopes = ["read:user"],
)
asserts.eq(o.handler("{}"), "token-0")
asserts.eq([o.id, o.name, o.desc, o.icon], ["auth", "GitHub", "Connect GitHub.", "github"])
asserts.eq(o.client_id, "the-client")
asserts.eq(o.authorization_endpoint, "https://example.com/")
asserts.eq(o.scopes, ["read:user"])
g = schema.Generated(id = "foo", source = "bar", handler = validate)
asserts.eq(g.id, "foo")
asserts.eq(g.source, "bar")
asserts.eq(g.handler, validate)
"#,
    );
    fails_with(
        r#"
load("schema.star", "schema")
schema.Typeahead(id = "s", name = "S", desc = "S", icon = "i", handler = len)
"#,
        "unpacking arguments for Typeahead: Typeahead: for parameter handler: got builtin_function_or_method, want function",
    );
}

#[test]
fn handlers_take_a_function_and_a_known_type() {
    passes(
        r#"
load("schema.star", "schema")
load("assert.star", asserts = "assert")
def foobar(param):
    return "derp"
h = schema.Handler(handler = foobar, type = schema.HandlerType.String)
asserts.eq(h.handler, foobar)
asserts.eq(h.type, schema.HandlerType.String)
asserts.eq([schema.HandlerType.Schema, schema.HandlerType.Options, schema.HandlerType.Field], [0, 1, 3])
"#,
    );
    fails_with(
        r#"
load("schema.star", "schema")
def foobar(param):
    return "derp"
schema.Handler(handler = "foobar", type = schema.HandlerType.String)
"#,
        "unpacking arguments for Handler: Handler: for parameter handler: got string, want function",
    );
    fails_with(
        r#"
load("schema.star", "schema")
def foobar(param):
    return "derp"
schema.Handler(handler = foobar, type = 42)
"#,
        "invalid handler type 42",
    );
}

#[test]
fn notifications_hold_sounds_from_the_apps_files() {
    let source = r#"
load("assert.star", asserts = "assert")
load("schema.star", "schema")
load("sound.mp3", "file")

sounds = [schema.Sound(id = "ding", title = "Ding!", file = file)]
s = schema.Notification(
    id = "notification1", name = "New message", desc = "A new message has arrived",
    icon = "message", sounds = sounds, builder = lambda: None,
)
asserts.eq(s.id, "notification1")
asserts.eq(s.name, "New message")
asserts.eq(s.desc, "A new message has arrived")
asserts.eq(s.icon, "message")
asserts.eq(s.sounds[0].id, "ding")
asserts.eq(s.sounds[0].title, "Ding!")
asserts.eq(s.sounds[0].file, file)
asserts.eq(s.sounds[0].file.readall(), "sound data")
"#;
    let files: &[(&str, &[u8])] = &[("sound.mp3", b"sound data")];
    run_with(source, files, options()).unwrap();
    let error = run_with(
        "load(\"schema.star\", \"schema\")\nschema.Notification(id = \"n\", name = \"N\", desc = \"N\", icon = \"i\", sounds = [1], builder = lambda: None)\n",
        &[],
        options(),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected options to be a list of Sound but found: int (at index 0)"),
        "{error}"
    );
}

#[test]
fn arguments_are_unpacked_as_pixlet_unpacks_them() {
    fails_with(
        "load(\"schema.star\", \"schema\")\nschema.Location(id = \"l\", name = \"L\", desc = \"L\")\n",
        "unpacking arguments for Location: Location: missing argument for icon",
    );
    fails_with(
        "load(\"schema.star\", \"schema\")\nschema.Text(id = \"t\", name = 1, desc = \"T\", icon = \"i\")\n",
        "unpacking arguments for Text: Text: for parameter name: got int, want string",
    );
    fails_with(
        "load(\"schema.star\", \"schema\")\nschema.Text(id = \"t\", name = \"T\", desc = \"T\", icon = \"i\", default = None)\n",
        "Text: for parameter default: got NoneType, want string",
    );
    fails_with(
        "load(\"schema.star\", \"schema\")\nschema.Toggle(id = \"t\", name = \"T\", desc = \"T\", icon = \"i\", default = \"yes\")\n",
        "Toggle: for parameter default: got string, want bool",
    );
    fails_with(
        "load(\"schema.star\", \"schema\")\nschema.Sound(id = \"s\", title = \"S\", file = \"ding.mp3\")\n",
        "Sound: for parameter file: got string, want File",
    );
    fails_with(
        "load(\"schema.star\", \"schema\")\nschema.Schema(version = \"2\")\n",
        "only schema version 1 is supported, not: 2",
    );
    passes("load(\"schema.star\", \"schema\")\nschema.Location(\"l\", \"L\", \"A place\", \"locationDot\")\n");
}
