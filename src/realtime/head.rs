//! Copies of the request head for the Socket.IO layer to keep.
//!
//! hyper parses a request's URI and header values as slices of the
//! connection's 8 KiB read buffer, and socketioxide keeps every connection's
//! request parts for as long as the connection lives (`Socket::req_parts`).
//! So without this step each connected client pins a whole read buffer for
//! the sake of a few hundred bytes of head: about a third of the memory a
//! WebSocket client costs. Giving the layer owned copies lets the buffer go
//! as soon as the upgrade hands the connection over.

use axum::extract::{OriginalUri, Request};
use axum::http::{HeaderMap, HeaderValue, Uri};

/// Replaces the URI (also the one axum keeps as [`OriginalUri`]) and every
/// header value with copies that share nothing with the read buffer.
pub async fn detach(mut request: Request) -> Request {
    *request.uri_mut() = owned_uri(request.uri());
    if let Some(original) = request.extensions_mut().get_mut::<OriginalUri>() {
        original.0 = owned_uri(&original.0);
    }
    let headers = std::mem::take(request.headers_mut());
    *request.headers_mut() = owned_headers(headers);
    request
}

fn owned_uri(uri: &Uri) -> Uri {
    // Parsing a `String` copies it into a buffer of its own.
    uri.to_string().parse().unwrap_or_else(|_| uri.clone())
}

fn owned_headers(headers: HeaderMap) -> HeaderMap {
    let mut owned = HeaderMap::with_capacity(headers.len());
    let mut name = None;
    for (key, value) in headers {
        // `into_iter` names a header only at its first value.
        if key.is_some() {
            name = key;
        }
        let Some(name) = &name else { continue };
        let copy = HeaderValue::from_bytes(value.as_bytes()).map(|mut copy| {
            copy.set_sensitive(value.is_sensitive());
            copy
        });
        owned.append(name.clone(), copy.unwrap_or(value));
    }
    owned
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use bytes::Bytes;

    use super::*;

    /// A request whose URI and header values are slices of `buffer`, as hyper
    /// builds them.
    fn parsed_from(buffer: &Bytes) -> Request {
        let text = std::str::from_utf8(buffer).unwrap();
        let slice = |part: &str| buffer.slice_ref(&buffer[text.find(part).unwrap()..][..part.len()]);
        let mut request = Request::new(Body::empty());
        *request.uri_mut() = Uri::from_maybe_shared(slice("/socket.io/?EIO=4&transport=websocket")).unwrap();
        let original = OriginalUri(request.uri().clone());
        request.extensions_mut().insert(original);
        let headers = request.headers_mut();
        for (name, value) in [
            ("sec-websocket-key", "dGhlIHNhbXBsZQ=="),
            ("cookie", "a=1"),
            ("cookie", "b=2"),
        ] {
            let mut value = HeaderValue::from_maybe_shared(slice(value)).unwrap();
            value.set_sensitive(name == "sec-websocket-key");
            headers.append(name, value);
        }
        request
    }

    fn inside(buffer: &Bytes, bytes: &[u8]) -> bool {
        buffer.as_ptr_range().contains(&bytes.as_ptr())
    }

    #[tokio::test]
    async fn the_head_no_longer_points_into_the_read_buffer() {
        let buffer = Bytes::from_static(
            b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n\
              sec-websocket-key: dGhlIHNhbXBsZQ==\r\ncookie: a=1\r\ncookie: b=2\r\n\r\n",
        );
        let request = parsed_from(&buffer);
        assert!(inside(&buffer, request.uri().path().as_bytes()));
        assert!(
            request
                .headers()
                .values()
                .all(|value| inside(&buffer, value.as_bytes()))
        );

        let request = detach(request).await;

        assert_eq!(request.uri(), "/socket.io/?EIO=4&transport=websocket");
        let original = request.extensions().get::<OriginalUri>().unwrap();
        assert_eq!(original.0, *request.uri());
        assert!(!inside(&buffer, request.uri().path().as_bytes()));
        assert!(!inside(&buffer, original.0.path().as_bytes()));
        assert!(
            request
                .headers()
                .values()
                .all(|value| !inside(&buffer, value.as_bytes()))
        );

        let cookies: Vec<_> = request.headers().get_all("cookie").iter().collect();
        assert_eq!(cookies, ["a=1", "b=2"]);
        let key = request.headers().get("sec-websocket-key").unwrap();
        assert_eq!(key, "dGhlIHNhbXBsZQ==");
        assert!(key.is_sensitive());
    }
}
