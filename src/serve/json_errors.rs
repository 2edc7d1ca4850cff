//! JSON bodies for the errors hyper answers on its own.
//!
//! A request hyper cannot parse (a malformed request line, a URI over its
//! 65,534-byte limit, headers over its buffer) never reaches the router:
//! hyper writes `400`, `414` or `431` with an empty body and closes the
//! connection. Clients of the API expect every error as `{"error": ...}`, so
//! the connection's writer recognises exactly those replies (hyper's own
//! shape: `connection: close` and `content-length: 0` straight after the
//! status line, which no handler's response has) and writes the same status
//! with a JSON body instead.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The head hyper writes after the status line for a request it could not parse.
const HYPER_ERROR_HEADERS: &[u8] = b"\r\nconnection: close\r\ncontent-length: 0\r\n";

/// The error each status hyper answers by itself stands for.
fn message(status: &[u8]) -> Option<&'static str> {
    match status {
        b"400" => Some("Malformed HTTP request"),
        b"414" => Some("Request URI too long (at most 65,534 bytes)"),
        b"431" => Some("Request headers too large"),
        _ => None,
    }
}

/// The JSON reply standing in for `head`, if `head` is one of hyper's own error replies.
fn json_reply(head: &[u8]) -> Option<Vec<u8>> {
    let status_line_end = head.windows(2).position(|pair| pair == b"\r\n")?;
    let status_line = &head[..status_line_end];
    let status = status_line.strip_prefix(b"HTTP/1.1 ")?.get(..3)?;
    let error = message(status)?;
    let rest = head[status_line_end..].strip_prefix(HYPER_ERROR_HEADERS)?;
    // `rest` holds hyper's remaining headers (its date) and the blank line.
    let body = serde_json::json!({ "error": error }).to_string();
    let mut reply = Vec::with_capacity(head.len() + body.len() + 64);
    reply.extend_from_slice(status_line);
    reply.extend_from_slice(b"\r\ncontent-type: application/json\r\nconnection: close\r\n");
    reply.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    reply.extend_from_slice(rest);
    reply.extend_from_slice(body.as_bytes());
    Some(reply)
}

/// A connection's stream whose writer puts JSON into hyper's own error replies.
pub(super) struct JsonErrors<S> {
    stream: S,
    /// A replacement being written: its bytes, how many are out, and the length of the
    /// buffer hyper asked to write, reported back once the replacement is all out.
    replacing: Option<(Vec<u8>, usize, usize)>,
}

impl<S> JsonErrors<S> {
    pub(super) fn new(stream: S) -> Self {
        Self {
            stream,
            replacing: None,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonErrors<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonErrors<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacing.is_none() {
            match json_reply(buf) {
                Some(reply) => this.replacing = Some((reply, 0, buf.len())),
                None => return Pin::new(&mut this.stream).poll_write(cx, buf),
            }
        }
        // hyper offers the same buffer again until it is reported written.
        let (reply, written, asked) = this.replacing.as_mut().expect("a replacement is under way");
        while *written < reply.len() {
            match Pin::new(&mut this.stream).poll_write(cx, &reply[*written..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => *written += n,
                other => return other,
            }
        }
        let asked = *asked;
        this.replacing = None;
        Poll::Ready(Ok(asked))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncWriteExt;

    use super::*;

    const HYPER_414: &[u8] =
        b"HTTP/1.1 414 URI Too Long\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 07 Dec 2026 22:42:17 GMT\r\n\r\n";

    async fn written_through(writes: &[&[u8]]) -> Vec<u8> {
        let mut out = JsonErrors::new(Vec::new());
        for buf in writes {
            out.write_all(buf).await.unwrap();
        }
        out.stream
    }

    #[tokio::test]
    async fn hyper_s_empty_error_replies_get_a_json_body() {
        let out = String::from_utf8(written_through(&[HYPER_414]).await).unwrap();
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 414 URI Too Long\r\n"));
        assert!(head.contains("\r\ncontent-type: application/json\r\n"));
        assert!(head.contains("\r\nconnection: close\r\n"));
        assert!(head.contains("\r\ndate: Mon, 07 Dec 2026 22:42:17 GMT"));
        assert!(head.contains(&format!("\r\ncontent-length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["error"], "Request URI too long (at most 65,534 bytes)");
    }

    #[tokio::test]
    async fn responses_of_the_router_pass_untouched() {
        let ours: &[u8] = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        let empty_ok: &[u8] = b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
        let websocket_frame: &[u8] = b"\x81\x05hello";
        assert_eq!(written_through(&[ours]).await, ours);
        assert_eq!(written_through(&[empty_ok]).await, empty_ok);
        assert_eq!(
            written_through(&[websocket_frame, ours]).await,
            [websocket_frame, ours].concat()
        );
    }

    /// A stream that takes at most a few bytes per write, as a full socket buffer does.
    struct Trickle(Vec<u8>);

    impl AsyncWrite for Trickle {
        fn poll_write(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
            let n = buf.len().min(7);
            self.0.extend_from_slice(&buf[..n]);
            Poll::Ready(Ok(n))
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    #[tokio::test]
    async fn a_replacement_goes_out_whole_over_short_writes() {
        let mut whole = JsonErrors::new(Vec::new());
        whole.write_all(HYPER_414).await.unwrap();
        let mut trickled = JsonErrors::new(Trickle(Vec::new()));
        trickled.write_all(HYPER_414).await.unwrap();
        assert_eq!(trickled.stream.0, whole.stream);
    }
}
