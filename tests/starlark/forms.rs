//! Config forms of the field kinds that take more than a word: a date and
//! time, a location, a choice near a location, fields generated from another
//! field's value, and a handler of the schema's own. The schema describes
//! them, the config check refuses what they do not take, their handlers get
//! what the person typed, and their values reach the app as Pixlet passes
//! them.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{BLUE, Board, GREEN, RED, shows};
use crate::common::TestServer;

const BERLIN: &str = r#"{"lat": "52.52", "lng": "13.40", "timezone": "Europe/Berlin", "locality": "Berlin"}"#;
const SYDNEY: &str = r#"{"lat": -33.87, "lng": 151.21, "timezone": "Australia/Sydney", "locality": "Sydney"}"#;
const WHITE: [u8; 3] = [255, 255, 255];

/// A server with the forms app installed as `planner`, living in Berlin.
async fn planner() -> (Board, TestServer) {
    let board = Board::with(&["forms"]);
    let server = board.spawn().await;
    let (status, body) = server
        .post(
            "/api/starlark/installations",
            json!({ "app": "forms", "name": "planner", "config": { "home": BERLIN } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (board, server)
}

async fn call(server: &TestServer, handler: &str, parameter: &str) -> (StatusCode, Value) {
    server
        .post(
            "/api/apps/planner/schema/handler",
            json!({ "handler": handler, "parameter": parameter }),
        )
        .await
}

#[tokio::test]
async fn the_schema_describes_each_field_kind_with_the_handlers_clients_call() {
    let (_board, server) = planner().await;
    let (status, reply) = server.get("/api/apps/planner/schema").await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let fields = reply["starlark"]["schema"]["schema"].as_array().unwrap().clone();
    let kinds: Vec<(&str, &str)> = fields
        .iter()
        .map(|field| (field["id"].as_str().unwrap(), field["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("since", "datetime"),
            ("home", "location"),
            ("station", "locationbased"),
            ("kind", "dropdown"),
            ("extras", "generated"),
        ]
    );
    assert_eq!(fields[0]["name"], "Since");
    assert_eq!(fields[1]["description"], "Green in the north, blue in the south");
    assert_eq!(fields[2]["handler"], "station$stations");
    assert_eq!(
        (&fields[4]["source"], &fields[4]["handler"]),
        (&json!("kind"), &json!("extras$extras"))
    );
    assert_eq!(reply["starlark"]["unsupported"], json!({}));
    server.stop().await;
}

#[tokio::test]
async fn values_the_fields_do_not_take_are_refused_naming_the_field() {
    let (_board, server) = planner().await;
    for (bad, field) in [
        (json!({ "since": "tomorrow" }), "since"),
        (json!({ "since": "2025-13-01T10:00:00Z" }), "since"),
        (json!({ "home": "Berlin" }), "home"),
        (json!({ "home": r#"{"lat": "north", "lng": "13.4"}"# }), "home"),
        (json!({ "home": r#"{"lat": 91, "lng": 0}"# }), "home"),
        (json!({ "station": "near-berlin" }), "station"),
        (json!({ "station": r#"{"display": "Near Berlin"}"# }), "station"),
        (json!({ "kind": "zigzag" }), "kind"),
    ] {
        let (status, body) = server.post("/api/apps/planner/config", bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad} was taken: {body}");
        assert!(body["error"].as_str().unwrap().contains(field), "{bad}: {body}");
    }
    let (_, saved) = server.get("/api/apps/planner/config").await;
    assert_eq!(saved["config"], json!({ "home": BERLIN }), "nothing changed");

    let good = json!({
        "since": "2025-06-01T18:30:00+02:00",
        "home": SYDNEY,
        "station": r#"{"display": "Near Sydney", "value": "near-sydney"}"#,
        "kind": "stripe",
    });
    let (status, body) = server.post("/api/apps/planner/config", good.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, saved) = server.get("/api/apps/planner/config").await;
    assert_eq!(saved["config"], good);
    server.stop().await;
}

#[tokio::test]
async fn handlers_are_called_with_what_the_person_typed() {
    let (_board, server) = planner().await;

    // A location-based field's handler gets the location and offers what is near it.
    let (status, answer) = call(&server, "station$stations", SYDNEY).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["kind"], "options");
    assert_eq!(answer["result"][0]["display"], "Near Sydney");
    assert_eq!(answer["result"][0]["value"], "near-sydney");

    // A generated field's handler gets its source field's value and gives fields.
    let (status, answer) = call(&server, "extras$extras", "stripe").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["kind"], "schema");
    let generated = &answer["result"]["schema"];
    assert_eq!(generated[0]["id"], "stripe", "{answer}");
    assert_eq!(generated[0]["type"], "color");
    assert_eq!(generated[0]["default"], "#ff0000");
    assert_eq!(generated[1]["type"], "locationbased");
    assert_eq!(generated[1]["handler"], "depot$depots");
    let (_, answer) = call(&server, "extras$extras", "plain").await;
    assert_eq!(answer["result"]["schema"], json!([]), "{answer}");

    // Handlers of the schema's own list, by their function's name, answer
    // as the type they were given says: the generated field's options...
    let (status, answer) = call(&server, "depots", BERLIN).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["kind"], "options");
    assert_eq!(answer["result"][0]["display"], "Berlin depot");
    assert_eq!(answer["result"][0]["value"], "depot-berlin");
    // The generated location-based field names it as every field names its
    // handler, `<field id>$<function>`: the app's export of that function answers.
    let (status, answer) = call(&server, "depot$depots", SYDNEY).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["kind"], "options");
    assert_eq!(answer["result"][0]["value"], "depot-sydney");
    // ...and a string.
    let (status, answer) = call(&server, "shout", "quiet please").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        (&answer["kind"], &answer["result"]),
        (&json!("string"), &json!("QUIET PLEASE"))
    );

    for unknown in ["whisper", "home$stations", "main"] {
        let (status, answer) = call(&server, unknown, "x").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{unknown}: {answer}");
        assert!(answer["error"].as_str().unwrap().contains(unknown), "{answer}");
    }
    server.stop().await;
}

#[tokio::test]
async fn the_app_draws_what_its_location_date_and_generated_fields_say() {
    let (_board, server) = planner().await;
    let (status, _) = server.post("/api/switch", json!({ "app": "planner" })).await;
    assert_eq!(status, StatusCode::OK);
    shows(&server, 30, 10, GREEN).await;
    shows(&server, 30, 31, GREEN).await;
    shows(&server, 1, 1, GREEN).await;

    // The location's JSON reaches the app as the mobile apps send it.
    let (status, body) = server.post("/api/apps/planner/config", json!({ "home": SYDNEY })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    shows(&server, 30, 10, BLUE).await;

    // A field the generated one added, and a date before 2000.
    let (status, body) = server
        .post(
            "/api/apps/planner/config",
            json!({ "kind": "stripe", "stripe": "#ff0000", "since": "1999-12-31T23:59:00Z" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    shows(&server, 30, 31, RED).await;
    shows(&server, 1, 1, WHITE).await;
    shows(&server, 30, 10, BLUE).await;
    server.stop().await;
}
