//! Tidbyt's push API: `POST /v0/devices/{id}/push` with a base64 WebP or GIF,
//! shown at once unless in the background, kept under its installationID.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::json;
use starlet::encode::{self, EncodeOptions};
use starlet::{Applet, ConfigMap, Options};

use super::{BLUE, Board, GREEN, RED, installation, pixel, shows};

/// A 64x32 picture filled with `color`, as Pixlet would render it.
fn picture(color: &str) -> starlet::Rendered {
    let dir = tempfile::tempdir().unwrap();
    let source = format!(
        "load(\"render.star\", \"render\")\n\ndef main():\n    return render.Root(child = render.Box(color = \"{color}\"))\n"
    );
    std::fs::write(dir.path().join("fill.star"), source).unwrap();
    let options = Options::default();
    let applet = Applet::load(dir.path(), &options).unwrap();
    applet.render(&ConfigMap::new(), &options).unwrap()
}

fn webp(color: &str) -> String {
    let bytes = encode::webp(&picture(color), &EncodeOptions::default()).unwrap();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn gif(color: &str) -> String {
    let bytes = encode::gif(&picture(color), &EncodeOptions::default()).unwrap();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn push(
    server: &super::common::TestServer,
    token: Option<&str>,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}/v0/devices/my-tidbyt/push", server.base))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn pushed_webp_and_gif_pictures_show_and_stay_under_their_installation_id() {
    let board = Board::with(&[]);
    let server = board.spawn_with(&["--auth-token", "s3cret"]).await;
    let token = Some("s3cret");

    let (status, body) = push(&server, None, json!({ "image": webp("#ff0000") })).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

    let (status, body) = push(&server, token, json!({ "image": webp("#ff0000") })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    shows(&server, 10, 10, RED).await;

    let (status, body) = push(
        &server,
        token,
        json!({ "image": gif("#00ff00"), "installationID": "doorbell" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["installation"], "doorbell");
    shows(&server, 10, 10, GREEN).await;
    let listed = installation(&server, "doorbell")
        .await
        .expect("kept as an installation");
    assert_eq!(listed["kind"], "pushed");

    // In the background, a later push replaces the picture without showing it.
    let (status, body) = push(
        &server,
        token,
        json!({ "image": webp("#0000ff"), "installationID": "doorbell", "background": true }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let client = reqwest::Client::new();
    let switched = client
        .post(format!("{}/api/switch", server.base))
        .bearer_auth("s3cret")
        .json(&json!({ "app": "clock" }))
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), StatusCode::OK);
    let switched = client
        .post(format!("{}/api/switch", server.base))
        .bearer_auth("s3cret")
        .json(&json!({ "app": "doorbell" }))
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), StatusCode::OK);
    shows(&server, 10, 10, BLUE).await;

    // A picture that cannot be shown is refused and changes nothing.
    for bad in [
        json!({ "image": "not base64!" }),
        json!({ "image": "aGVsbG8=" }),
        json!({}),
        json!({ "image": webp("#fff"), "background": "yes" }),
    ] {
        let (status, body) = push(&server, token, bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert!(body["error"].is_string());
    }
    assert_eq!(pixel(&server, 10, 10).await, BLUE);
    server.stop().await;
}
