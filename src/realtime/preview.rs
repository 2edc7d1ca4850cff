//! The live preview: binary `frame` events for the sockets that ask for them.
//!
//! A socket emits `preview:subscribe` to join the `preview` room (and gets the
//! current frame at once) and `preview:unsubscribe` to leave it. One forwarder
//! task sends each new frame to the room, at most `--preview-fps` times a
//! second, encoded once and shared by every subscriber.
//!
//! Payload layout (one binary attachment): width as u16 little-endian, height
//! as u16 little-endian, then `width * height` pixels of three bytes (R, G, B),
//! row by row from the top-left corner.

use std::sync::Arc;
use std::time::Duration;

use bytes::{BufMut, Bytes, BytesMut};
use socketioxide::SocketIo;
use socketioxide::adapter::Adapter;
use socketioxide::extract::{SocketRef, State};
use tokio::sync::watch;
use tokio::time::{Instant, sleep_until};
use tokio_util::sync::CancellationToken;

use crate::render::Frame;

const ROOM: &str = "preview";

/// The published frames, as the subscribe handler reads them.
#[derive(Clone)]
pub struct PreviewFrames(pub watch::Receiver<Arc<Frame>>);

/// Registers the subscribe and unsubscribe handlers on a new socket.
pub fn on_connect<A: Adapter>(socket: &SocketRef<A>) {
    socket.on(
        "preview:subscribe",
        async |socket: SocketRef<A>, State(PreviewFrames(frames)): State<PreviewFrames>| {
            socket.join(ROOM);
            let payload = encode(&frames.borrow());
            if let Err(error) = socket.emit("frame", &payload) {
                tracing::debug!(sid = %socket.id, %error, "could not send the current frame");
            }
        },
    );
    socket.on("preview:unsubscribe", async |socket: SocketRef<A>| socket.leave(ROOM));
}

/// The wire form of a frame; see the module docs.
pub fn encode(frame: &Frame) -> Bytes {
    let mut payload = BytesMut::with_capacity(4 + frame.rgb().len());
    payload.put_u16_le(frame.width());
    payload.put_u16_le(frame.height());
    payload.put_slice(frame.rgb());
    payload.freeze()
}

/// Sends every new frame to the preview room, at most `fps` a second, until `shutdown`.
///
/// Frames that arrive faster are skipped, not queued: after each send the task
/// waits out the gap and then takes whatever frame is newest. A subscriber too
/// slow to keep up has frames dropped from its own send buffer, which holds up
/// neither the panel nor the other subscribers.
pub async fn forward<A: Adapter>(
    io: SocketIo<A>,
    mut frames: watch::Receiver<Arc<Frame>>,
    fps: u32,
    shutdown: CancellationToken,
) {
    let gap = Duration::from_secs(1) / fps.max(1);
    let mut sent: Option<Arc<Frame>> = None;
    let mut next_allowed = Instant::now();
    frames.mark_unchanged();
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = frames.changed() => if changed.is_err() { return },
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = sleep_until(next_allowed) => {}
        }
        let frame = Arc::clone(&frames.borrow_and_update());
        // The picture may have changed back while we waited.
        if sent.as_deref() == Some(&*frame) {
            continue;
        }
        next_allowed = Instant::now() + gap;
        if let Err(error) = io.to(ROOM).emit("frame", &encode(&frame)).await {
            tracing::debug!(%error, "some preview subscribers missed a frame");
        }
        sent = Some(frame);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_is_size_then_rgb_rows() {
        let frame = Frame::new(2, 1, vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(&encode(&frame)[..], [2, 0, 1, 0, 1, 2, 3, 4, 5, 6]);
        let wide = Frame::blank(300, 2);
        assert_eq!(&encode(&wide)[..4], [44, 1, 2, 0]);
        assert_eq!(encode(&wide).len(), 4 + 300 * 2 * 3);
    }
}
