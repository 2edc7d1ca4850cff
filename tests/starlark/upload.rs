//! Uploads: one's own app as a `.star` file or a zip of its folder, stored
//! beside the library; hostile uploads refused with a JSON error, nothing stored.

use std::io::Write;

use reqwest::{Method, StatusCode};
use serde_json::json;
use zip::write::SimpleFileOptions;

use super::{Board, GREEN, shows};

const GREEN_APP: &str = "load(\"render.star\", \"render\")\n\ndef main():\n    \
                         return render.Root(child = render.Box(color = \"#00ff00\"))\n";

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        zip.start_file(*name, SimpleFileOptions::default()).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// What the uploads folder holds, staging folders included; it is made by the first upload.
fn stored(board: &Board) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(board.uploads()) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn an_uploaded_app_installs_like_any_other_and_is_deleted_once_unused() {
    let board = Board::with(&["solid"]);
    let server = board.spawn().await;

    let (status, body) = server.put_raw("/api/starlark/apps/mine", GREEN_APP).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["uploaded"], true);
    let manifest = b"id: zipped\nname: Zipped\nsummary: From a zip\n".as_slice();
    let zip = zip_of(&[
        ("zipped/zipped.star", GREEN_APP.as_bytes()),
        ("zipped/manifest.yaml", manifest),
    ]);
    let (status, body) = server.put_raw("/api/starlark/apps/zipped", zip).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], "Zipped");
    assert_eq!(stored(&board), ["mine", "zipped"]);

    let (status, body) = server
        .post(
            "/api/starlark/installations",
            json!({ "app": "mine", "name": "my_green" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    server.post("/api/switch", json!({ "app": "my_green" })).await;
    shows(&server, 1, 1, GREEN).await;

    let (status, body) = server.request(Method::DELETE, "/api/starlark/apps/mine").await;
    assert_eq!(status, StatusCode::CONFLICT, "installed apps stay: {body}");
    assert!(body["error"].as_str().unwrap().contains("my_green"));
    let (status, body) = server.request(Method::DELETE, "/api/starlark/apps/solid").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the library folder is never written: {body}"
    );
    let (status, body) = server.put_raw("/api/starlark/apps/solid", GREEN_APP).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    server
        .request(Method::DELETE, "/api/starlark/installations/my_green")
        .await;
    let (status, body) = server.request(Method::DELETE, "/api/starlark/apps/mine").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = server.get("/api/starlark/apps/mine").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(stored(&board), ["zipped"]);
    server.stop().await;
}

#[tokio::test]
async fn hostile_uploads_are_refused_and_nothing_is_stored() {
    let board = Board::with(&[]);
    let server = board.spawn_with(&["--max-app-upload", "200000"]).await;
    let bomb = vec![b'#'; 50 << 20];
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        (
            "escape",
            zip_of(&[("app.star", GREEN_APP.as_bytes()), ("../../evil.star", b"x")]),
            StatusCode::BAD_REQUEST,
            "evil",
        ),
        (
            "absolute",
            zip_of(&[("/etc/evil.star", GREEN_APP.as_bytes())]),
            StatusCode::BAD_REQUEST,
            "evil",
        ),
        (
            "big",
            zip_of(&[("app.star", GREEN_APP.as_bytes()), ("pad.txt", &bomb)]),
            StatusCode::BAD_REQUEST,
            "MiB",
        ),
        (
            "bomb",
            zip_of(&[("app.star", GREEN_APP.as_bytes()), ("pad.txt", &bomb[..20 << 20])]),
            StatusCode::BAD_REQUEST,
            "zip bomb",
        ),
        (
            "nostar",
            zip_of(&[("readme.txt", b"hello")]),
            StatusCode::BAD_REQUEST,
            ".star",
        ),
        (
            "binary",
            vec![0xff, 0xfe, 0x00, 0x01],
            StatusCode::BAD_REQUEST,
            "neither",
        ),
        ("noload", b"def main(:\n".to_vec(), StatusCode::BAD_REQUEST, "load"),
        ("huge", vec![b'#'; 300_000], StatusCode::PAYLOAD_TOO_LARGE, ""),
        ("bad%20id", GREEN_APP.as_bytes().to_vec(), StatusCode::NOT_FOUND, ""),
    ];
    for (id, body, expected, named) in cases {
        let (status, reply) = server.put_raw(&format!("/api/starlark/apps/{id}"), body).await;
        assert_eq!(status, expected, "{id}: {reply}");
        assert!(reply["error"].as_str().unwrap().contains(named), "{id}: {reply}");
    }
    assert_eq!(stored(&board), Vec::<String>::new());
    let (_, library) = server.get("/api/starlark/apps").await;
    assert_eq!(library["total"], 0);
    server.stop().await;
}
