//! The library: `--apps-dir` read at start and on rescan, searched, and each
//! app's schema and handlers before it is installed.

use reqwest::StatusCode;
use serde_json::json;

use super::Board;

#[tokio::test]
async fn lists_the_folders_apps_with_their_manifests_and_rescans_on_request() {
    let board = Board::with(&["solid", "empty", "fetch"]);
    let server = board.spawn().await;

    let (status, body) = server.get("/api/starlark/apps").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 3);
    let ids: Vec<&str> = body["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|app| app["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["empty", "fetch", "solid"]);
    let (_, solid) = server.get("/api/starlark/apps/solid").await;
    assert_eq!(solid["name"], "Solid");
    assert_eq!(solid["summary"], "Fills the panel");
    assert_eq!(solid["author"], "RetroBoard tests");
    assert_eq!(solid["recommended_interval"], 1);
    assert_eq!(solid["uploaded"], false);
    assert_eq!(solid["installations"], json!([]));
    let (_, empty) = server.get("/api/starlark/apps/empty").await;
    assert_eq!(empty["name"], "empty", "without a manifest the folder names it");

    let (_, found) = server.get("/api/starlark/apps?q=FILLS%20panel").await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["apps"][0]["id"], "solid");
    let (_, page) = server.get("/api/starlark/apps?offset=1&limit=1").await;
    assert_eq!(
        (page["total"].as_u64(), page["apps"][0]["id"].as_str()),
        (Some(3), Some("fetch"))
    );
    let (status, body) = server.get("/api/starlark/apps?limit=lots").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("limit"), "{body}");

    // New folders are seen once a rescan is asked for; a folder with no app is reported.
    std::fs::create_dir(board.apps.join("later")).unwrap();
    std::fs::write(board.apps.join("later/later.star"), "def main():\n    return []\n").unwrap();
    std::fs::create_dir(board.apps.join("notes")).unwrap();
    std::fs::write(board.apps.join("notes/readme.txt"), "not an app").unwrap();
    let (status, _) = server.get("/api/starlark/apps/later").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, scan) = server.post("/api/starlark/apps/rescan", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(scan["apps"], 4);
    let skipped = scan["skipped"].as_array().unwrap();
    assert!(skipped.iter().any(|skip| skip["folder"] == "notes"), "{scan}");
    let (status, later) = server.get("/api/starlark/apps/later").await;
    assert_eq!((status, later["id"].as_str()), (StatusCode::OK, Some("later")));

    let (status, body) = server.get("/api/starlark/apps/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("nope"));
    server.stop().await;
}

#[tokio::test]
async fn gives_an_apps_schema_and_answers_its_handlers_before_it_is_installed() {
    let board = Board::with(&["solid"]);
    let server = board.spawn().await;

    let (status, body) = server.get("/api/starlark/apps/solid/schema").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let fields = body["schema"]["schema"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = fields
        .iter()
        .map(|field| (field["id"].as_str().unwrap(), field["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("color", "color"),
            ("half", "onoff"),
            ("shade", "dropdown"),
            ("named", "typeahead")
        ]
    );
    assert_eq!(fields[0]["default"], "#ff0000");
    let handler = fields[3]["handler"].as_str().unwrap().to_owned();

    let (status, body) = server
        .post(
            "/api/starlark/apps/solid/schema/handler",
            json!({ "handler": handler, "parameter": "00ff00" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["kind"], "options");
    assert_eq!(body["result"][0]["display"], "Colour 00ff00");
    assert_eq!(body["result"][0]["value"], "#00ff00");

    let (status, body) = server
        .post(
            "/api/starlark/apps/solid/schema/handler",
            json!({ "handler": "nothing" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("nothing"), "{body}");
    let (status, _) = server
        .post("/api/starlark/apps/solid/schema/handler", json!({ "parameter": "x" }))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}

#[tokio::test]
async fn a_preview_is_the_picture_an_app_ships_or_a_render_with_its_defaults() {
    let board = Board::with(&["solid", "wide"]);
    let server = board.spawn().await;
    let (_, solid) = server.get("/api/starlark/apps/solid").await;
    assert_eq!(solid["has_preview"], true);
    let fetch = |id: &str| reqwest::get(format!("{}/api/starlark/apps/{id}/preview", server.base));
    let shipped = fetch("solid").await.unwrap();
    assert_eq!(shipped.headers()["content-type"], "image/webp");
    let bytes = shipped.bytes().await.unwrap();
    assert_eq!(
        bytes.as_ref(),
        std::fs::read(board.apps.join("solid/solid.webp")).unwrap()
    );

    let (_, wide) = server.get("/api/starlark/apps/wide").await;
    assert_eq!(wide["has_preview"], false);
    let rendered = fetch("wide").await.unwrap();
    assert_eq!(rendered.status(), StatusCode::OK);
    let bytes = rendered.bytes().await.unwrap();
    assert!(bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP", "a WebP");
    server.stop().await;
}
