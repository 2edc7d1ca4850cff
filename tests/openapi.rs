//! `GET /api/openapi.json` describes exactly the routes the router serves, with
//! the methods each answers, and every error as the one `{"error": string}` schema.

mod common;

use std::collections::BTreeSet;

use common::{StateDir, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Every method a route could be given; each is tried on every documented path.
const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// `(method, path)` of each `.route(...)` in `api()` of `src/http/mod.rs`: the
/// list the document must match. Read from the source, so a route added there
/// and not described fails this test.
fn routed() -> BTreeSet<(String, String)> {
    let source = include_str!("../src/http/mod.rs");
    let api = &source[source.find("pub fn api(").expect("api() in src/http/mod.rs")..];
    let mut routes = BTreeSet::new();
    for (start, _) in api.match_indices(".route(") {
        let call = call_arguments(&api[start + ".route(".len()..]);
        let path = call.split('"').nth(1).expect("a route's path is a string literal");
        let methods = METHODS
            .iter()
            .chain(&["head", "options", "trace"])
            .filter(|method| calls(call, method));
        for method in methods {
            routes.insert((method.to_string(), format!("/api{path}")));
        }
    }
    assert!(
        routes.len() >= 15,
        "too few routes read from src/http/mod.rs: {routes:?}"
    );
    routes
}

/// The text up to the parenthesis that closes the call whose arguments start `text`.
fn call_arguments(text: &str) -> &str {
    let mut depth = 1;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 1 => return &text[..at],
            ')' => depth -= 1,
            _ => {}
        }
    }
    panic!("unclosed call: {text}")
}

/// Whether `code` calls the free function or method `name`, as in `get(...)` or `.post(...)`.
fn calls(code: &str, name: &str) -> bool {
    code.match_indices(&format!("{name}(")).any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|before| before.is_alphanumeric() || before == '_')
    })
}

fn documented(document: &Value) -> BTreeSet<(String, String)> {
    let paths = document["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            let methods = item.as_object().expect("a path item").keys();
            methods.map(move |method| (method.clone(), path.clone()))
        })
        .collect()
}

/// Every `$ref` anywhere in `value`.
fn references(value: &Value) -> Vec<&str> {
    match value {
        Value::Object(object) => object
            .iter()
            .flat_map(|(key, value)| match (key.as_str(), value) {
                ("$ref", Value::String(reference)) => vec![reference.as_str()],
                _ => references(value),
            })
            .collect(),
        Value::Array(items) => items.iter().flat_map(references).collect(),
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn the_document_lists_every_route_with_its_methods() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let (status, document) = server.get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["openapi"], "3.1.0");

    assert_eq!(documented(&document), routed());

    // Each documented path answers each documented method, and 405 with an
    // `Allow` header naming exactly them (and HEAD, which GET brings) to any other.
    let client = reqwest::Client::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        let url = format!("{}{}", server.base, path.replace("{name}", "clock"));
        let mut allowed: Vec<String> = item.as_object().unwrap().keys().map(|m| m.to_uppercase()).collect();
        if allowed.iter().any(|method| method == "GET") {
            allowed.push("HEAD".into());
        }
        for method in METHODS {
            let operation = &item[*method];
            let response = client
                .request(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(), &url)
                .send()
                .await
                .unwrap();
            let status = response.status();
            if operation.is_null() {
                assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                let allow = response.headers()["allow"].to_str().unwrap();
                let mut allow: Vec<_> = allow.split(',').map(str::trim).collect();
                allow.sort();
                let mut expected: Vec<_> = allowed.iter().map(String::as_str).collect();
                expected.sort();
                assert_eq!(allow, expected, "Allow of {path}");
            } else {
                let declared = &operation["responses"][status.as_str()];
                assert!(declared.is_object(), "{method} {path} answered an undeclared {status}");
            }
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn every_operation_declares_its_reply_and_its_errors_in_one_schema() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let document = server.get("/api/openapi.json").await.1;
    assert_eq!(
        document["components"]["schemas"]["Error"],
        json!({
            "type": "object",
            "description": "Every error the API answers.",
            "required": ["error"],
            "properties": {"error": {"type": "string"}}
        })
    );
    let error = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}});
    for (method, path) in documented(&document) {
        let operation = &document["paths"][&path][&method];
        let responses = operation["responses"].as_object().expect("responses");
        // A call kept for AWTRIX's clients that this board cannot perform answers 501 instead.
        let success = responses.contains_key("200") || responses.contains_key("501");
        assert!(success, "{method} {path} has no 200");
        let errors: Vec<&str> = responses
            .iter()
            .filter(|(status, _)| status.parse::<u16>().expect("a status code") >= 400)
            .map(|(status, response)| {
                assert_eq!(response["content"], error, "{method} {path} {status}");
                status.as_str()
            })
            .collect();
        assert!(
            errors.contains(&"503"),
            "{method} {path}: any request may meet a server out of descriptors"
        );
        if ["post", "put", "delete"].contains(&method.as_str()) {
            // Every command can be refused for its origin; one with a body for the body.
            assert!(errors.contains(&"403"), "{method} {path}");
            if !operation["requestBody"].is_null() {
                for status in ["400", "413"] {
                    assert!(errors.contains(&status), "{method} {path} lacks {status}");
                }
            }
        }
        if path.contains("{name}") {
            // Only an upload makes what it names; everything else may find nothing there.
            if method != "put" {
                assert!(errors.contains(&"404"), "{method} {path}");
            }
            let pattern = if path.starts_with("/api/icons/") || path.starts_with("/api/images/") {
                "^[A-Za-z0-9_-]{1,32}$"
            } else {
                "^[A-Za-z0-9_-]{1,64}$"
            };
            let name = &operation["parameters"][0];
            assert_eq!(
                (&name["name"], &name["in"], &name["schema"]["pattern"]),
                (&json!("name"), &json!("path"), &json!(pattern))
            );
        }
    }
    let references = references(&document);
    assert!(references.contains(&"#/components/schemas/Error"), "{references:?}");
    for reference in references {
        let target = reference.strip_prefix("#/").expect("a local reference");
        assert!(
            !document
                .pointer(&format!("/{target}"))
                .unwrap_or(&Value::Null)
                .is_null(),
            "{reference} points nowhere"
        );
    }
    // The bodies name the apps there are, from the registry.
    let switch = &document["paths"]["/api/switch"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(
        switch["properties"]["app"]["enum"],
        json!(["clock", "scroll_text", "stars", "image"])
    );
    // `app`, or AWTRIX's `name`: either names the app, so neither alone is required. AWTRIX's
    // clients send any name (an unknown one is answered 404), so `name` is any string or null.
    assert_eq!(switch["properties"]["name"]["type"], json!(["string", "null"]));
    assert!(switch["required"].is_null(), "{switch}");
    server.stop().await;
}
