//! The REST contract: every endpoint, its replies and its errors.

mod common;

use common::{StateDir, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn reads_reply_with_the_contract_defaults() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;

    let clock = json!({"font": "tom-thumb", "color": [255, 255, 255]});
    assert_eq!(
        server.get("/api/health").await,
        (
            StatusCode::OK,
            json!({"status": "ok", "manager_running": true, "current_app": "clock", "panel": "ok", "mqtt": false})
        )
    );
    assert_eq!(
        server.get("/api/apps").await,
        (
            StatusCode::OK,
            json!({"apps": ["clock", "scroll_text", "stars", "image"], "current": "clock"})
        )
    );
    assert_eq!(
        server.get("/api/current").await,
        (StatusCode::OK, json!({"app": "clock", "config": clock}))
    );
    assert_eq!(
        server.get("/api/settings").await,
        (StatusCode::OK, json!({"brightness": 100}))
    );
    assert_eq!(
        server.get("/api/carousel").await,
        (
            StatusCode::OK,
            json!({"enabled": false, "apps": [{"app": "clock", "duration": 10}], "current_index": 0})
        )
    );
    assert_eq!(
        server.get("/api/apps/scroll_text/config").await,
        (
            StatusCode::OK,
            json!({"app": "scroll_text", "config": {
                "text": "Hello, World!", "font": "tom-thumb", "color": [255, 255, 255], "speed": 1, "fps": 30
            }})
        )
    );
    assert_eq!(
        server.get("/api/apps/stars/config").await.1,
        json!({"app": "stars", "config": {"spawn_rate": 1, "lifetime": 40, "fps": 60}})
    );
    server.stop().await;
}

#[tokio::test]
async fn switch_starts_the_app_with_its_saved_config_and_keeps_it() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;

    let (status, body) = server.post("/api/apps/stars/config", json!({"fps": 24})).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"success": true, "app": "stars"}))
    );
    // The running app is still the clock: saving another app's config does not switch.
    assert_eq!(server.get("/api/current").await.1["app"], "clock");

    let (status, body) = server.post("/api/switch", json!({"app": "stars"})).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"success": true, "app": "stars"}))
    );
    let current = server.get("/api/current").await.1;
    assert_eq!(
        current,
        json!({"app": "stars", "config": {"spawn_rate": 1, "lifetime": 40, "fps": 24}})
    );

    // A switch with config merges it over the saved one and saves it.
    server
        .post("/api/switch", json!({"app": "stars", "config": {"lifetime": 10}}))
        .await;
    let saved = server.get("/api/apps/stars/config").await.1;
    assert_eq!(saved["config"], json!({"spawn_rate": 1, "lifetime": 10, "fps": 24}));
    // A switch without config keeps what was saved (the original wiped it).
    server.post("/api/switch", json!({"app": "clock"})).await;
    server.post("/api/switch", json!({"app": "stars"})).await;
    assert_eq!(server.get("/api/current").await.1["config"]["lifetime"], 10);
    server.stop().await;
}

#[tokio::test]
async fn config_merges_into_the_running_app_and_stop_blanks_it() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;

    let (status, body) = server.post("/api/config", json!({"color": [255, 0, 0]})).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"success": true})));
    assert_eq!(
        server.get("/api/current").await.1["config"]["color"],
        json!([255, 0, 0])
    );
    assert_eq!(
        server.get("/api/apps/clock/config").await.1["config"]["color"],
        json!([255, 0, 0])
    );

    assert_eq!(
        server.post("/api/stop", json!(null)).await,
        (StatusCode::OK, json!({"success": true}))
    );
    assert_eq!(server.get("/api/current").await.1, json!({"app": null, "config": {}}));
    assert_eq!(server.get("/api/health").await.1["current_app"], json!(null));
    assert_eq!(server.get("/api/apps").await.1["current"], json!(null));

    let (status, body) = server.post("/api/config", json!({"color": [0, 0, 255]})).await;
    assert_eq!(
        (status, body),
        (StatusCode::CONFLICT, json!({"error": "No app is running"}))
    );
    server.stop().await;
}

#[tokio::test]
async fn settings_accept_only_an_integer_brightness_in_range() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;

    assert_eq!(
        server.post("/api/settings", json!({"brightness": 0})).await,
        (StatusCode::OK, json!({"success": true}))
    );
    assert_eq!(server.get("/api/settings").await.1, json!({"brightness": 0}));

    let out_of_range = json!({"error": "Brightness must be between 0 and 100"});
    for bad in [json!(101), json!(-1)] {
        assert_eq!(
            server.post("/api/settings", json!({"brightness": bad})).await,
            (StatusCode::BAD_REQUEST, out_of_range.clone())
        );
    }
    for bad in [json!("50"), json!(50.5), json!(true), json!(null)] {
        let (status, body) = server.post("/api/settings", json!({"brightness": bad})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "brightness {bad}");
        assert!(body["error"].as_str().unwrap().contains("integer"), "{body}");
    }
    let (status, body) = server.post("/api/settings", json!({"contrast": 3})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("contrast"));
    assert_eq!(server.post("/api/settings", json!({})).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        server.get("/api/settings").await.1,
        json!({"brightness": 0}),
        "refused commands change nothing"
    );
    server.stop().await;
}

#[tokio::test]
async fn carousel_post_validates_every_entry() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let apps = json!([{"app": "scroll_text", "duration": 2.5}, {"app": "stars", "duration": 3}]);

    let (status, body) = server
        .post("/api/carousel", json!({"enabled": true, "apps": apps}))
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"success": true, "enabled": true, "apps": apps}))
    );
    assert_eq!(
        server.get("/api/current").await.1["app"],
        "scroll_text",
        "enabling starts the first entry"
    );
    assert_eq!(server.get("/api/carousel").await.1["current_index"], 0);

    let cases = [
        (json!({"enabled": true, "apps": []}), StatusCode::BAD_REQUEST, "no apps"),
        (
            json!({"apps": [{"app": "clock"}]}),
            StatusCode::BAD_REQUEST,
            "'app' and 'duration'",
        ),
        (
            json!({"apps": [{"duration": 3}]}),
            StatusCode::BAD_REQUEST,
            "'app' and 'duration'",
        ),
        (
            json!({"apps": [{"app": "nope", "duration": 3}]}),
            StatusCode::NOT_FOUND,
            "App not found: nope",
        ),
        (
            json!({"apps": [{"app": "clock", "duration": 0}]}),
            StatusCode::BAD_REQUEST,
            "positive number",
        ),
        (
            json!({"apps": [{"app": "clock", "duration": -4}]}),
            StatusCode::BAD_REQUEST,
            "positive number",
        ),
        (
            json!({"apps": [{"app": "clock", "duration": "5"}]}),
            StatusCode::BAD_REQUEST,
            "positive number",
        ),
        (
            json!({"apps": [{"app": "clock", "duration": 1e9}]}),
            StatusCode::BAD_REQUEST,
            "positive number",
        ),
        (json!({"enabled": "yes"}), StatusCode::BAD_REQUEST, "'enabled'"),
        (json!({"apps": {"app": "clock"}}), StatusCode::BAD_REQUEST, "'apps'"),
    ];
    for (body, status, message) in cases {
        let (got_status, reply) = server.post("/api/carousel", body.clone()).await;
        assert_eq!(got_status, status, "{body} -> {reply}");
        assert!(reply["error"].as_str().unwrap().contains(message), "{body} -> {reply}");
    }
    assert_eq!(
        server.get("/api/carousel").await.1["apps"],
        apps,
        "refused commands change nothing"
    );

    let (status, body) = server.post("/api/carousel", json!({"enabled": false})).await;
    assert_eq!((status, body["enabled"].clone()), (StatusCode::OK, json!(false)));
    assert_eq!(
        server.get("/api/current").await.1["app"],
        "scroll_text",
        "disabling leaves the app running"
    );
    server.stop().await;
}

#[tokio::test]
async fn unknown_apps_and_bad_configs_are_refused_before_the_reply() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;

    assert_eq!(
        server.post("/api/switch", json!({"app": "tetris"})).await,
        (StatusCode::NOT_FOUND, json!({"error": "App not found: tetris"}))
    );
    assert_eq!(
        server.post("/api/switch", json!({})).await,
        (StatusCode::BAD_REQUEST, json!({"error": "Missing app name"}))
    );
    assert_eq!(
        server.post("/api/switch", json!({"app": 7})).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        server.get("/api/apps/tetris/config").await,
        (StatusCode::NOT_FOUND, json!({"error": "App not found"}))
    );
    assert_eq!(
        server.post("/api/apps/tetris/config", json!({"a": 1})).await,
        (StatusCode::NOT_FOUND, json!({"error": "App not found"}))
    );
    assert_eq!(
        server.post("/api/config", json!({})).await,
        (StatusCode::BAD_REQUEST, json!({"error": "Missing configuration data"}))
    );
    assert_eq!(
        server.post("/api/apps/clock/config", json!(null)).await.0,
        StatusCode::BAD_REQUEST
    );

    let cases = [
        (
            json!({"colour": [1, 2, 3]}),
            "Unknown config key 'colour' for app 'clock'; allowed keys: font, color",
        ),
        (json!({"color": [256, 0, 0]}), "Invalid value for 'color'"),
        (json!({"color": [1, 2]}), "Invalid value for 'color'"),
        (json!({"color": "red"}), "Invalid value for 'color'"),
        (json!({"font": "comic-sans"}), "available fonts: tom-thumb, 4x6"),
    ];
    for (patch, message) in cases {
        let (status, body) = server.post("/api/config", patch.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{patch}");
        assert!(body["error"].as_str().unwrap().contains(message), "{patch} -> {body}");
    }
    let bad_switches = [
        json!({"app": "scroll_text", "config": {"fps": 0}}),
        json!({"app": "scroll_text", "config": {"fps": 121}}),
        json!({"app": "scroll_text", "config": {"speed": 0}}),
        json!({"app": "scroll_text", "config": {"text": "x".repeat(257)}}),
        json!({"app": "stars", "config": {"lifetime": 0}}),
        json!({"app": "stars", "config": {"spawn_rate": -1}}),
        json!({"app": "stars", "config": "fast"}),
    ];
    for body in bad_switches {
        assert_eq!(
            server.post("/api/switch", body.clone()).await.0,
            StatusCode::BAD_REQUEST,
            "{body}"
        );
    }
    assert_eq!(server.get("/api/current").await.1["app"], "clock", "nothing switched");
    assert_eq!(
        server.get("/api/apps/stars/config").await.1["config"]["lifetime"],
        40,
        "nothing saved"
    );
    server.stop().await;
}

#[tokio::test]
async fn malformed_bodies_get_json_errors() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;

    let (status, body) = server
        .post_raw("/api/switch", Some("application/json"), "{\"app\": ")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().starts_with("Malformed JSON"));

    let (status, body) = server
        .post_raw("/api/switch", Some("text/plain"), "{\"app\": \"stars\"}")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("Content-Type"));

    let (status, body) = server
        .post_raw("/api/settings", Some("application/json"), "[1, 2]")
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "Request body must be a JSON object"})
        )
    );

    let (status, body) = server
        .post_raw("/api/settings", Some("application/json"), vec![0xff, 0xfe, 0x00])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let huge = format!("{{\"text\": \"{}\"}}", "a".repeat(200_000));
    let (status, body) = server.post_raw("/api/config", Some("application/json"), huge).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({"error": "Request body is too large"})
        )
    );

    // POST /api/stop takes no body, as in the original.
    assert_eq!(server.post_raw("/api/stop", None, "").await.0, StatusCode::OK);
    assert_eq!(server.get("/api/health").await.0, StatusCode::OK, "still serving");
    server.stop().await;
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_json() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;

    assert_eq!(
        server.get("/api/nope").await,
        (StatusCode::NOT_FOUND, json!({"error": "Not found"}))
    );
    assert_eq!(
        server.request(Method::DELETE, "/api/switch").await,
        (StatusCode::METHOD_NOT_ALLOWED, json!({"error": "Method not allowed"}))
    );
    assert_eq!(
        server.request(Method::PUT, "/api/settings").await.0,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        server.request(Method::GET, "/api/switch").await.0,
        StatusCode::METHOD_NOT_ALLOWED
    );
    server.stop().await;
}

#[tokio::test]
async fn schemas_describe_every_key_with_its_bounds() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;

    let (status, schema) = server.get("/api/apps/scroll_text/schema").await;
    assert_eq!(status, StatusCode::OK);
    let fields = schema["fields"].as_array().unwrap();
    let keys: Vec<_> = fields.iter().map(|field| field["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["text", "font", "color", "speed", "fps"]);
    let fps = &fields[4];
    assert_eq!(
        (
            fps["type"].clone(),
            fps["min"].clone(),
            fps["max"].clone(),
            fps["default"].clone()
        ),
        (json!("integer"), json!(1), json!(120), json!(30))
    );
    assert_eq!(server.get("/api/apps/tetris/schema").await.0, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn cors_allows_any_origin_by_default_and_a_list_restricts_it() {
    let dir = StateDir::new();
    let open = TestServer::spawn(&dir).await;
    let client = reqwest::Client::new();
    let response = client
        .get(format!("{}/api/health", open.base))
        .header("origin", "http://elsewhere.test")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let handshake = format!("{}/socket.io/?EIO=4&transport=polling", open.base);
    let response = client
        .get(handshake)
        .header("origin", "http://elsewhere.test")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "*",
        "Socket.IO is covered too"
    );
    open.stop().await;

    let restricted = TestServer::spawn_with(&dir, &["--cors-origin", "http://board.local,http://other.local"]).await;
    let allowed = client
        .get(format!("{}/api/health", restricted.base))
        .header("origin", "http://board.local")
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "http://board.local");
    let refused = client
        .get(format!("{}/api/health", restricted.base))
        .header("origin", "http://evil.test")
        .send()
        .await
        .unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());
    restricted.stop().await;
}

#[tokio::test]
async fn every_reply_under_api_is_json_even_for_odd_paths() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let cases = [
        (Method::GET, "/api/", StatusCode::NOT_FOUND),
        (Method::PUT, "/api/", StatusCode::NOT_FOUND),
        (Method::GET, "/api", StatusCode::NOT_FOUND),
        (Method::GET, "/api/apps/%ff/config", StatusCode::BAD_REQUEST),
        (Method::GET, "/api/apps/%ff/schema", StatusCode::BAD_REQUEST),
        (Method::DELETE, "/api/settings", StatusCode::METHOD_NOT_ALLOWED),
    ];
    for (method, path, expected) in cases {
        // `request` fails the test when the reply is not JSON.
        let (status, body) = server.request(method.clone(), path).await;
        assert_eq!(status, expected, "{method} {path}: {body}");
        assert!(body["error"].is_string(), "{method} {path}: {body}");
    }
    server.stop().await;
}

#[tokio::test]
async fn nextapp_and_previousapp_walk_the_app_list_or_the_rotating_carousel() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let current = async || server.get("/api/current").await.1["app"].clone();
    assert_eq!(current().await, "clock");
    assert_eq!(
        server.post("/api/nextapp", json!({})).await,
        (StatusCode::OK, json!({"success": true}))
    );
    assert_eq!(current().await, "scroll_text");
    server.post("/api/previousapp", json!({})).await;
    server.post("/api/previousapp", json!({})).await;
    assert_eq!(current().await, "image", "the list wraps around");

    let carousel =
        json!({"enabled": true, "apps": [{"app": "clock", "duration": 60}, {"app": "stars", "duration": 60}]});
    server.post("/api/carousel", carousel).await;
    server.post("/api/nextapp", json!({})).await;
    let (_, view) = server.get("/api/carousel").await;
    assert_eq!(
        (view["current_index"].clone(), current().await),
        (json!(1), json!("stars"))
    );
    server.stop().await;
}
