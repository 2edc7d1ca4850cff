//! The handlers of an app's schema, called as clients call them: options,
//! generated schemas and OAuth strings answered as Pixlet answers them,
//! checked against Pixlet's own schema tests.

use starlet::{Applet, ConfigMap};

use crate::common::{TestApp, options};
use crate::schema_apps::{GENERATED, call, load};

#[test]
fn a_generated_field_answers_with_a_schema() {
    let app = load(&format!(
        r#"{GENERATED}
def generate_schema(param):
    return [{{"type": "text", "id": "generatedid", "name": "Generated Text",
             "description": "This Text is generated", "default": "-%s-" % param}}]
"#
    ))
    .unwrap();
    let error = call(&app, "generatedid", "foobar").unwrap_err();
    assert_eq!(error.to_string(), "no exported handler named 'generatedid'");
    assert_eq!(
        call(&app, "generatedid$generate_schema", "foobar").unwrap(),
        r#"{"version":"1","schema":[{"type":"text","id":"generatedid","name":"Generated Text","description":"This Text is generated","default":"-foobar-"}]}"#
    );
}

#[test]
fn a_generated_schema_is_checked_too() {
    let app = load(&format!(
        r#"{GENERATED}
def generate_schema(param):
    field = {{"type": "text", "name": "Generated Text", "description": "This Text is generated", "default": "-%s-" % param}}
    if param == "win":
        field["id"] = "generatedid"
    return [field]
"#
    ))
    .unwrap();
    assert!(call(&app, "generatedid$generate_schema", "win").is_ok());
    let error = call(&app, "generatedid$generate_schema", "fail").unwrap_err();
    assert_eq!(
        error.to_string(),
        "Key: 'Schema.Fields[0].ID' Error:Field validation for 'ID' failed on the 'required' tag"
    );
}

/// A legacy schema of one field of `kind` whose handler is `handler`.
fn legacy_with_handler(kind: &str, handler: &str) -> String {
    format!(
        r#"
def get_schema():
    return [{{"type": "{kind}", "id": "{kind}id", "name": "Field", "description": "A field",
              "handler": "handle", "client_id": "c", "authorization_endpoint": "https://example.com/auth",
              "scopes": ["foo"]}}]

def handle(param):
{handler}
"#
    )
}

#[test]
fn location_and_typeahead_handlers_answer_with_options() {
    for kind in ["locationbased", "typeahead"] {
        let app = load(&legacy_with_handler(
            kind,
            r#"    return [{"text": "Your only option is", "value": param}]"#,
        ))
        .unwrap();
        assert_eq!(
            call(&app, &format!("{kind}id$handle"), "fart").unwrap(),
            r#"[{"display":"","text":"Your only option is","value":"fart"}]"#
        );
    }
}

#[test]
fn options_without_a_value_or_text_are_refused() {
    for (kind, answer, missing) in [
        ("locationbased", r#"[{"text": "this option has no value"}]"#, "Value"),
        ("typeahead", r#"[{"value": "this option has no text"}]"#, "Text"),
    ] {
        let app = load(&legacy_with_handler(kind, &format!("    return {answer}"))).unwrap();
        assert_eq!(
            call(&app, "handle", "fart").unwrap_err().to_string(),
            "no exported handler named 'handle'"
        );
        assert_eq!(
            call(&app, &format!("{kind}id$handle"), "fart").unwrap_err().to_string(),
            format!(
                "Key: 'SchemaOption.{missing}' Error:Field validation for '{missing}' failed on the 'required' tag"
            )
        );
    }
}

#[test]
fn an_oauth_handler_answers_with_a_string() {
    let app = load(&legacy_with_handler("oauth2", "    return \"a-refresh-token\"")).unwrap();
    assert_eq!(call(&app, "oauth2id$handle", "farts").unwrap(), "a-refresh-token");
    let app = load(&legacy_with_handler("oauth2", "    return 123")).unwrap();
    assert!(call(&app, "handle", "farts").is_err());
    assert_eq!(
        call(&app, "oauth2id$handle", "farts").unwrap_err().to_string(),
        "expected handle to return a string or string-like value"
    );
}

#[test]
fn extra_handlers_are_called_by_their_function_name() {
    let app = load(
        r#"
load("schema.star", "schema")

def get_restaurants(param):
    return [schema.Option(display = "McDonalds", value = "mcd")]

def get_somethingelse(param):
    if param == "win":
        return [schema.Option(display = "hey", value = "ho")]
    else:
        return "this handler shouldn't return string"

def get_schema():
    return schema.Schema(
        version = "1",
        fields = [
            schema.LocationBased(id = "restaurant", name = "Restaurant", desc = "Restaurant to track",
                                 icon = "food", handler = get_restaurants),
        ],
        handlers = [schema.Handler(handler = get_somethingelse, type = schema.HandlerType.Options)],
    )
"#,
    )
    .unwrap();
    assert_eq!(
        call(&app, "get_somethingelse", "win").unwrap(),
        r#"[{"display":"hey","text":"hey","value":"ho"}]"#
    );
    assert_eq!(
        call(&app, "get_somethingelse", "fail").unwrap_err().to_string(),
        "options must be a list"
    );
    assert_eq!(
        call(&app, "restaurant$get_restaurants", "").unwrap(),
        r#"[{"display":"McDonalds","text":"McDonalds","value":"mcd"}]"#
    );
}

#[test]
fn a_generated_field_may_answer_with_fields_of_its_own() {
    let app = load(
        r#"
load("schema.star", "schema")

def build_boroughs(param):
    if param != "true":
        return []
    return [
        schema.Dropdown(
            id = "borough", name = "Borough", desc = "Pick a borough!", icon = "football",
            options = [
                schema.Option(display = "Brooklyn", value = "BK"),
                schema.Option(display = "Shaolin", value = "WU"),
            ],
            default = "BK",
        ),
    ]

def get_schema():
    return schema.Schema(
        version = "1",
        fields = [
            schema.Toggle(id = "with_borough", name = "Limit to borough",
                          desc = "Optionally limit app to a certain borough", default = False, icon = "football"),
            schema.Generated(id = "generatedid", source = "with_borough", handler = build_boroughs),
        ],
    )
"#,
    )
    .unwrap();
    assert_eq!(
        call(&app, "generatedid$build_boroughs", "false").unwrap(),
        r#"{"version":"1","schema":[]}"#
    );
    assert_eq!(
        call(&app, "generatedid$build_boroughs", "true").unwrap(),
        r#"{"version":"1","schema":[{"type":"dropdown","id":"borough","name":"Borough","description":"Pick a borough!","icon":"football","default":"BK","options":[{"display":"Brooklyn","text":"Brooklyn","value":"BK"},{"display":"Shaolin","text":"Shaolin","value":"WU"}]}]}"#
    );
}

/// A generated field whose fields have a handler of their own, exported
/// with `schema.Handler` so clients can call it; `{LOAD}` is replaced by
/// where `get_stations` comes from.
const STATIONS: &str = r#"
load("schema.star", "schema")
{LOAD}

def get_station_selector(param):
    if param != "true":
        return []
    return [
        schema.LocationBased(id = "station", name = "Station", desc = "Pick a station!", icon = "train",
                             handler = get_stations),
    ]

def get_schema():
    return schema.Schema(
        version = "1",
        fields = [
            schema.Toggle(id = "select_station", name = "Select a station", desc = "Optionally select a station",
                          default = False, icon = "football"),
            schema.Generated(id = "generatedid", source = "select_station", handler = get_station_selector),
        ],
        handlers = [schema.Handler(handler = get_stations, type = schema.HandlerType.Options)],
    )
"#;

const GET_STATIONS: &str = r#"
def get_stations(loc):
    return [
        schema.Option(display = "Bedford (L)", value = "L08"),
        schema.Option(display = "3rd Ave (L)", value = "3rd"),
    ]
"#;

const STATION_OPTIONS: &str = r#"[{"display":"Bedford (L)","text":"Bedford (L)","value":"L08"},{"display":"3rd Ave (L)","text":"3rd Ave (L)","value":"3rd"}]"#;

#[test]
fn a_generated_fields_handler_is_exported_by_name() {
    let app = load(&STATIONS.replace("{LOAD}", GET_STATIONS)).unwrap();
    assert_eq!(
        call(&app, "generatedid$get_station_selector", "true").unwrap(),
        r#"{"version":"1","schema":[{"type":"locationbased","id":"station","name":"Station","description":"Pick a station!","icon":"train","handler":"station$get_stations"}]}"#
    );
    assert_eq!(call(&app, "get_stations", "locationdata").unwrap(), STATION_OPTIONS);
}

#[test]
fn a_handler_may_live_in_another_file() {
    let main = format!(
        "{}\ndef main():\n    return []\n",
        STATIONS.replace("{LOAD}", "load(\"handler.star\", \"get_stations\")")
    );
    let handler = format!("load(\"schema.star\", \"schema\")\n{GET_STATIONS}");
    let app = TestApp::with_files(&main, &[("handler.star", handler.as_bytes())]);
    let app = Applet::load(app.path(), &options()).unwrap();
    assert_eq!(call(&app, "get_stations", "locationdata").unwrap(), STATION_OPTIONS);
}

#[test]
fn a_handler_taking_two_parameters_gets_the_config() {
    let app = load(
        r#"
load("schema.star", "schema")

def get_dropdown(param, config):
    if param != "true":
        return []
    return [
        schema.Text(id = "password", name = "Password", desc = "Generated input",
                    default = config.get("password"), icon = "userSecret"),
    ]

def get_schema():
    return schema.Schema(
        version = "1",
        fields = [
            schema.Toggle(id = "toggle", name = "Toggle", desc = "Toggles the generated field",
                          default = False, icon = "squareCheck"),
            schema.Generated(id = "test", source = "input", handler = get_dropdown),
        ],
    )
"#,
    )
    .unwrap();
    let config: ConfigMap = [("password".to_string(), "secret".to_string())].into();
    assert_eq!(
        app.call_handler("test$get_dropdown", "true", &config, &options())
            .unwrap(),
        r#"{"version":"1","schema":[{"type":"text","id":"password","name":"Password","description":"Generated input","icon":"userSecret","default":"secret"}]}"#
    );
}
