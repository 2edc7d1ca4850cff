//! Apps with a `get_schema()`: the JSON Pixlet prints for it, the rules it
//! is checked against, and how it feeds the config, checked against
//! Pixlet's own schema tests.

use starlet::{Applet, ConfigMap, Error};

use crate::common::{TestApp, options};

/// Loads an app whose main file is `source`, with a sound beside it.
pub fn load(source: &str) -> Result<Applet, Error> {
    let with_main = format!("{source}\ndef main():\n    return []\n");
    let app = TestApp::with_files(&with_main, &[("ding.mp3", b"ding data")]);
    Applet::load(app.path(), &options())
}

fn schema_json(source: &str) -> String {
    let app = load(source).unwrap_or_else(|e| panic!("the app failed to load:\n{e}"));
    app.schema().expect("the app has a schema").to_json()
}

#[track_caller]
fn load_fails_with(source: &str, want: &str) {
    let error = load(source).expect_err("the app loads").to_string();
    assert!(error.contains(want), "want an error containing {want:?}, got:\n{error}");
}

pub fn call(app: &Applet, handler: &str, parameter: &str) -> Result<String, Error> {
    app.call_handler(handler, parameter, &ConfigMap::new(), &options())
}

#[test]
fn every_field_type_prints_as_pixlet_prints_it() {
    let json = schema_json(
        r##"
load("schema.star", "schema")
load("ding.mp3", ding = "file")

def locationbasedhandler():
    return None

def typeaheadhandler():
    return ":)"

def oauth2handler():
    return "a-refresh-token"

def get_schema():
    return schema.Schema(
        version = "1",
        notifications = [
            schema.Notification(
                id = "notificationid", name = "Notification", desc = "A Notification",
                icon = "notification", builder = lambda: None,
                sounds = [schema.Sound(id = "ding", title = "Ding!", file = ding)],
            ),
        ],
        fields = [
            schema.Location(id = "locationid", name = "Location", desc = "A Location", icon = "locationDot"),
            schema.LocationBased(
                id = "locationbasedid", name = "Locationbased", desc = "A Locationbased",
                icon = "locationDot", handler = locationbasedhandler,
            ),
            schema.Toggle(id = "onoffid", name = "On or off", desc = "An Onoff", icon = "schedule", default = False),
            schema.Text(id = "textid", name = "Text", desc = "A Text", icon = "gear", default = "Default text"),
            schema.Dropdown(
                id = "dropdownid", name = "Dropdown", desc = "A Dropdown", icon = "iconthatdoesntexist",
                options = [
                    schema.Option(display = "dt1", value = "dv1"),
                    schema.Option(display = "dt2", value = "dv2"),
                ],
                default = "dv2",
            ),
            schema.Typeahead(id = "typeaheadid", name = "Typeahead", desc = "A Typeahead", icon = "train", handler = typeaheadhandler),
            schema.OAuth2(
                id = "oauth2id", name = "OAuth2", desc = "Authentication", icon = "train",
                handler = oauth2handler, client_id = "oauth2_clientid",
                authorization_endpoint = "https://example.com/auth", scopes = ["foo", "bar"],
            ),
            schema.PhotoSelect(id = "pngid", name = "Photo", desc = "Picture", icon = "photo_camera"),
            schema.Color(
                id = "colorid", name = "Color", desc = "A Color", icon = "brush",
                default = "ffaa66", palette = ["#ffaa66", "#bbb"],
            ),
        ],
    )
"##,
    );
    assert_eq!(
        json,
        concat!(
            r#"{"version":"1","schema":["#,
            r#"{"type":"location","id":"locationid","name":"Location","description":"A Location","icon":"locationDot"},"#,
            r#"{"type":"locationbased","id":"locationbasedid","name":"Locationbased","description":"A Locationbased","icon":"locationDot","handler":"locationbasedid$locationbasedhandler"},"#,
            r#"{"type":"onoff","id":"onoffid","name":"On or off","description":"An Onoff","icon":"schedule","default":"false"},"#,
            r#"{"type":"text","id":"textid","name":"Text","description":"A Text","icon":"gear","default":"Default text"},"#,
            r#"{"type":"dropdown","id":"dropdownid","name":"Dropdown","description":"A Dropdown","icon":"iconthatdoesntexist","default":"dv2","options":[{"display":"dt1","text":"dt1","value":"dv1"},{"display":"dt2","text":"dt2","value":"dv2"}]},"#,
            r#"{"type":"typeahead","id":"typeaheadid","name":"Typeahead","description":"A Typeahead","icon":"train","handler":"typeaheadid$typeaheadhandler"},"#,
            r#"{"type":"oauth2","id":"oauth2id","name":"OAuth2","description":"Authentication","icon":"train","handler":"oauth2id$oauth2handler","client_id":"oauth2_clientid","authorization_endpoint":"https://example.com/auth","scopes":["foo","bar"]},"#,
            r#"{"type":"png","id":"pngid","name":"Photo","description":"Picture","icon":"photo_camera"},"#,
            r##"{"type":"color","id":"colorid","name":"Color","description":"A Color","icon":"brush","default":"#ffaa66","palette":["#ffaa66","#bbb"]}"##,
            r#"],"notifications":[{"type":"notification","id":"notificationid","name":"Notification","description":"A Notification","icon":"notification","sounds":[{"id":"ding","title":"Ding!","path":"ding.mp3"}]}]}"#,
        )
    );
}

#[test]
fn notifications_and_fields_keep_to_their_own_lists() {
    load_fails_with(
        r#"
load("schema.star", "schema")
load("ding.mp3", ding = "file")
def get_schema():
    return schema.Schema(
        version = "1",
        fields = [
            schema.Notification(
                id = "n", name = "N", desc = "N", icon = "n", builder = lambda: None,
                sounds = [schema.Sound(id = "ding", title = "Ding!", file = ding)],
            ),
        ],
    )
"#,
        "expected fields to be a list of Field but found: Notification (at index 0)",
    );
    load_fails_with(
        r#"
load("schema.star", "schema")
def get_schema():
    return schema.Schema(
        version = "1",
        notifications = [
            schema.Color(id = "colorid", name = "Color", desc = "A Color", icon = "brush", default = "ffaa66"),
        ],
    )
"#,
        "expected notifications to be a list of Notification but found: Color (at index 0)",
    );
}

#[test]
fn a_schema_of_plain_dicts_prints_as_pixlet_prints_it() {
    let json = schema_json(
        r##"
def get_schema():
    return [
        {"type": "location", "name": "Location", "description": "A Location", "id": "locationid", "icon": "locationDot"},
        {"type": "locationbased", "id": "locationbasedid", "name": "Locationbased",
         "description": "A Locationbased", "handler": "locationbasedhandler", "icon": "locationDot"},
        {"type": "onoff", "id": "onoffid", "name": "On or off", "description": "An Onoff", "default": "false", "icon": "schedule"},
        {"type": "text", "id": "textid", "name": "Text", "description": "A Text", "default": "Default text"},
        {"type": "dropdown", "id": "dropdownid", "name": "Dropdown", "icon": "iconthatdoesntexist",
         "description": "A Dropdown", "options": [{"text": "dt1", "value": "dv1"}, {"text": "dt2", "value": "dv2"}],
         "default": "dv2"},
        {"type": "radio", "id": "radioid", "name": "Radio", "description": "A Radio",
         "options": [{"text": "rt1", "value": "rv1"}, {"text": "rt2", "value": "rv2"}], "default": "rv1"},
        {"type": "text", "id": "invisibletext", "name": "Invisible Text", "description": "Conditionally visible text",
         "visibility": {"type": "invisible", "condition": "equal", "variable": "radio", "value": "rv2"}},
        {"type": "text", "id": "invisibletext2", "name": "Invisible Text", "description": "Conditionally visible text",
         "visibility": {"type": "invisible", "condition": "not_equal", "variable": "radio", "value": "rv2"}},
        {"type": "generated", "id": "generatedid", "source": "radioid", "handler": "generatedhandler"},
        {"type": "typeahead", "id": "typeaheadid", "icon": "train", "name": "Typeahead",
         "description": "A Typeahead", "handler": "typeaheadhandler"},
        {"type": "oauth2", "id": "oauth2id", "icon": "train", "name": "OAuth2", "description": "Authentication",
         "handler": "oauth2handler", "client_id": "oauth2_clientid",
         "authorization_endpoint": "https://example.com/auth", "scopes": ["foo", "bar"]},
        {"type": "png", "id": "pngid", "icon": "photo_camera", "name": "Photo", "description": "Picture"},
        {"type": "color", "id": "colorid", "icon": "brush", "name": "Color", "description": "A Color",
         "default": "ffaa66", "palette": ["#ffaa66", "bbb"]},
    ]

def locationbasedhandler():
    return None

def generatedhandler():
    return None

def typeaheadhandler():
    return ":)"

def oauth2handler():
    return "a-refresh-token"
"##,
    );
    assert_eq!(
        json,
        concat!(
            r#"{"version":"1","schema":["#,
            r#"{"type":"location","id":"locationid","name":"Location","description":"A Location","icon":"locationDot"},"#,
            r#"{"type":"locationbased","id":"locationbasedid","name":"Locationbased","description":"A Locationbased","icon":"locationDot","handler":"locationbasedid$locationbasedhandler"},"#,
            r#"{"type":"onoff","id":"onoffid","name":"On or off","description":"An Onoff","icon":"schedule","default":"false"},"#,
            r#"{"type":"text","id":"textid","name":"Text","description":"A Text","default":"Default text"},"#,
            r#"{"type":"dropdown","id":"dropdownid","name":"Dropdown","description":"A Dropdown","icon":"iconthatdoesntexist","default":"dv2","options":[{"display":"","text":"dt1","value":"dv1"},{"display":"","text":"dt2","value":"dv2"}]},"#,
            r#"{"type":"radio","id":"radioid","name":"Radio","description":"A Radio","default":"rv1","options":[{"display":"","text":"rt1","value":"rv1"},{"display":"","text":"rt2","value":"rv2"}]},"#,
            r#"{"type":"text","id":"invisibletext","name":"Invisible Text","description":"Conditionally visible text","visibility":{"type":"invisible","condition":"equal","variable":"radio","value":"rv2"}},"#,
            r#"{"type":"text","id":"invisibletext2","name":"Invisible Text","description":"Conditionally visible text","visibility":{"type":"invisible","condition":"not_equal","variable":"radio","value":"rv2"}},"#,
            r#"{"type":"generated","id":"generatedid","source":"radioid","handler":"generatedid$generatedhandler"},"#,
            r#"{"type":"typeahead","id":"typeaheadid","name":"Typeahead","description":"A Typeahead","icon":"train","handler":"typeaheadid$typeaheadhandler"},"#,
            r#"{"type":"oauth2","id":"oauth2id","name":"OAuth2","description":"Authentication","icon":"train","handler":"oauth2id$oauth2handler","client_id":"oauth2_clientid","authorization_endpoint":"https://example.com/auth","scopes":["foo","bar"]},"#,
            r#"{"type":"png","id":"pngid","name":"Photo","description":"Picture","icon":"photo_camera"},"#,
            r##"{"type":"color","id":"colorid","name":"Color","description":"A Color","icon":"brush","default":"ffaa66","palette":["#ffaa66","bbb"]}"##,
            r#"]}"#,
        )
    );
}

/// A location field and a field generated from it by `generate_schema`.
pub const GENERATED: &str = r#"
def get_schema():
    return [
        {"type": "location", "id": "loc", "name": "Location", "description": "A Location"},
        {"id": "generatedid", "type": "generated", "source": "loc", "handler": "generate_schema"},
    ]
"#;

#[test]
fn a_handler_named_but_not_defined_stops_the_load() {
    load_fails_with(
        &GENERATED.replace("generate_schema", "this_handler_doesnt_exist"),
        "field 1 references non-existent handler \"this_handler_doesnt_exist\"",
    );
    load_fails_with(
        &format!("{}\ngenerate_schema = 42\n", GENERATED),
        "field 1 references \"generate_schema\" which is not a function",
    );
}

#[test]
fn a_generated_field_may_not_have_an_icon() {
    let with_icon = GENERATED.replace(r#""id": "generatedid","#, r#""id": "generatedid", "icon": "schedule","#);
    let error = load(&format!("{with_icon}\ndef generate_schema(param):\n    return []\n"))
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("parsing schema for "), "{error}");
    assert!(
        error.ends_with(
            ": Key: 'Schema.Fields[1].Icon' Error:Field validation for 'Icon' failed on the 'forbidden_for' tag"
        ),
        "{error}"
    );
}

#[test]
fn an_empty_schema_still_has_a_list_of_fields() {
    let json = schema_json(
        "load(\"schema.star\", \"schema\")\ndef get_schema():\n    return schema.Schema(version = \"1\")\n",
    );
    assert_eq!(json, r#"{"version":"1","schema":[]}"#);
}

#[test]
fn the_schema_defaults_are_behind_the_config() {
    let source = r#"
load("schema.star", "schema")
def get_schema():
    return schema.Schema(version = "1", fields = [
        schema.Text(id = "who", name = "Who", desc = "Who", icon = "user", default = "world"),
        schema.Toggle(id = "loud", name = "Loud", desc = "Loud", icon = "volume", default = True),
    ])
def main(config):
    print(config.get("who"), config.get("who", "nobody"), config.bool("loud"), config.get("other"))
    return []
"#;
    let printed = crate::common::printed(&TestApp::new(source)).unwrap();
    assert_eq!(printed, ["world nobody True None"]);
    let app = load(source.replace("def main(config)", "def unused(config)").as_str()).unwrap();
    let defaults = app.schema().unwrap().defaults();
    assert_eq!(defaults["who"], "world");
    assert_eq!(defaults["loud"], "true");
}

#[test]
fn an_app_without_get_schema_has_no_schema() {
    let app = load("x = 1").unwrap();
    assert_eq!(app.schema(), None);
    assert_eq!(
        call(&app, "anything", "").unwrap_err().to_string(),
        "no exported handler named 'anything'"
    );
}

#[test]
fn get_schema_may_live_in_its_own_file_but_only_one() {
    let main = "load(\"render.star\", \"render\")\ndef main():\n    return render.Root(child = render.Box())\n";
    let schema = "load(\"schema.star\", \"schema\")\ndef get_schema():\n    return schema.Schema(version = \"1\", fields = [])\n";
    let app = TestApp::with_files(main, &[("schema_def.star", schema.as_bytes())]);
    let applet = app.load().unwrap();
    assert_eq!(applet.schema().unwrap().version, "1");
    assert_eq!(applet.render(&ConfigMap::new(), &options()).unwrap().frames.len(), 1);
    std::fs::write(app.path().join("other.star"), schema).unwrap();
    let error = app.load().unwrap_err().to_string();
    assert!(
        error.starts_with("multiple files with a get_schema() function:"),
        "{error}"
    );
}

#[test]
fn get_schema_failing_says_so() {
    load_fails_with("def get_schema():\n    return 1 // 0\n", "calling schema function for ");
    load_fails_with(
        "def get_schema():\n    return None\n",
        "type NoneType not allowed in schema",
    );
    load_fails_with(
        "def get_schema():\n    l = []\n    l.append(l)\n    return l\n",
        "schema nests lists and dicts more than 64 deep",
    );
    load_fails_with(
        "def get_schema():\n    return [{\"type\": \"text\", \"id\": \"a$b\", \"name\": \"A\"}]\n",
        "Key: 'Schema.Fields[0].ID' Error:Field validation for 'ID' failed on the 'excludesall' tag",
    );
}

#[test]
fn data_read_from_a_file_may_stand_for_a_string() {
    let source = r#"
load("schema.star", "schema")
load("check.png", CHECK = "file")
def get_schema():
    return schema.Schema(version = "1", fields = [
        schema.Dropdown(id = "icon", name = "Icon", desc = "Icon", icon = "image", default = "x",
                        options = [schema.Option(display = "Check", value = CHECK.readall())]),
    ])
def main():
    return []
"#;
    let app = TestApp::with_files(source, &[("check.png", &[0x89, b'P', 0xf0, 0x9f, 0x98])]);
    let applet = app.load().unwrap();
    let options = applet.schema().unwrap().fields[0].options.clone().unwrap();
    assert_eq!(options[0].value, "\u{fffd}P\u{fffd}\u{fffd}\u{fffd}");
}
