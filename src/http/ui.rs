//! The browser UI: the built front end (`web/dist`) embedded into the binary.
//!
//! Embedding keeps a deployment to one file (a Raspberry Pi gets the binary and
//! nothing else). The crate still builds without a built UI; it then answers
//! with a short page saying how to build one.

use std::borrow::Cow;

use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/web/dist"]
#[allow_missing = true]
struct Dist;

/// Vite puts content-hashed bundles here: a changed file gets a new name, so
/// browsers may keep these forever.
const HASHED_DIR: &str = "assets/";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The entry page names the current hashed bundles, so it must be revalidated.
const REVALIDATE: &str = "no-cache";

const MISSING_UI: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>RetroBoard</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\">\
<h1>RetroBoard</h1><p>The API is running, but this binary was built without the web UI.</p>\
<p>Build it with <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code>, then rebuild \
the binary (<code>cargo build --release</code>).</p></body></html>";

/// Router fallback: serves the embedded UI for every path no API route took.
pub async fn serve(uri: Uri) -> Response {
    respond(uri.path(), |path| Dist::get(path).map(|file| file.data))
}

/// Resolves a request path against `lookup` (a file name to its bytes).
fn respond(path: &str, lookup: impl Fn(&str) -> Option<Cow<'static, [u8]>>) -> Response {
    let path = path.trim_start_matches('/');
    if path.split('/').any(|segment| segment == "..") {
        return StatusCode::NOT_FOUND.into_response();
    }
    if !path.is_empty() {
        if let Some(data) = lookup(path) {
            let cache = if path.starts_with(HASHED_DIR) {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            return file(path, data, cache);
        }
        if has_extension(path) {
            return StatusCode::NOT_FOUND.into_response();
        }
    }
    // Client-side routes (and "/") all get the entry page.
    match lookup("index.html") {
        Some(data) => file("index.html", data, REVALIDATE),
        None => missing_ui(),
    }
}

fn has_extension(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.contains('.'))
}

fn file(path: &str, data: Cow<'static, [u8]>, cache: &'static str) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let content_type =
        HeaderValue::from_str(mime.as_ref()).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        data,
    )
        .into_response()
}

fn missing_ui() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, REVALIDATE),
        ],
        MISSING_UI,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    const INDEX: &[u8] = b"<!doctype html><div id=app></div>";
    const BUNDLE: &[u8] = b"console.log(1)";

    fn built(path: &str) -> Option<Cow<'static, [u8]>> {
        match path {
            "index.html" => Some(Cow::Borrowed(INDEX)),
            "assets/index-3f2a9c.js" => Some(Cow::Borrowed(BUNDLE)),
            "assets/index-77b1e0.css" => Some(Cow::Borrowed(b"body{}")),
            "favicon.svg" => Some(Cow::Borrowed(b"<svg/>")),
            _ => None,
        }
    }

    fn not_built(_: &str) -> Option<Cow<'static, [u8]>> {
        None
    }

    fn header_of(response: &Response, name: header::HeaderName) -> &str {
        response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    async fn body_of(response: Response) -> Vec<u8> {
        to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()
    }

    #[tokio::test]
    async fn root_serves_index_revalidated() {
        let response = respond("/", built);
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, header::CONTENT_TYPE), "text/html");
        assert_eq!(header_of(&response, header::CACHE_CONTROL), "no-cache");
        assert_eq!(body_of(response).await, INDEX);
    }

    #[tokio::test]
    async fn hashed_assets_are_immutable_with_their_type() {
        let response = respond("/assets/index-3f2a9c.js", built);
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, header::CONTENT_TYPE), "text/javascript");
        assert_eq!(
            header_of(&response, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(body_of(response).await, BUNDLE);

        let css = respond("/assets/index-77b1e0.css", built);
        assert_eq!(header_of(&css, header::CONTENT_TYPE), "text/css");
    }

    #[tokio::test]
    async fn unhashed_files_are_revalidated() {
        let response = respond("/favicon.svg", built);
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, header::CONTENT_TYPE), "image/svg+xml");
        assert_eq!(header_of(&response, header::CACHE_CONTROL), "no-cache");
    }

    #[tokio::test]
    async fn paths_without_extension_fall_back_to_index() {
        for path in ["/carousel", "/apps/clock", "/settings/"] {
            let response = respond(path, built);
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(header_of(&response, header::CONTENT_TYPE), "text/html", "{path}");
            assert_eq!(body_of(response).await, INDEX, "{path}");
        }
    }

    #[tokio::test]
    async fn missing_files_with_extension_are_not_found() {
        for path in ["/assets/index-000000.js", "/missing.png", "/apps/logo.svg"] {
            assert_eq!(respond(path, built).status(), StatusCode::NOT_FOUND, "{path}");
        }
    }

    #[tokio::test]
    async fn parent_segments_are_refused() {
        assert_eq!(respond("/assets/../index.html", built).status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn without_a_built_ui_pages_explain_how_to_build_it() {
        let response = respond("/", not_built);
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(header_of(&response, header::CONTENT_TYPE), "text/html; charset=utf-8");
        let body = String::from_utf8(body_of(response).await).unwrap();
        assert!(body.contains("npm run build"), "{body}");
        assert_eq!(respond("/app.js", not_built).status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn serve_answers_from_the_embedded_build() {
        // Whether or not web/dist was built, "/" gets an HTML page and a
        // made-up hashed asset is missing.
        let page = serve(Uri::from_static("/")).await;
        assert!(header_of(&page, header::CONTENT_TYPE).starts_with("text/html"));
        let asset = serve(Uri::from_static("/assets/none-0000.js")).await;
        assert_eq!(asset.status(), StatusCode::NOT_FOUND);
    }
}
