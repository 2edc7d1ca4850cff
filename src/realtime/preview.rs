//! The live preview: binary `frame` events for the sockets that ask for them.
//!
//! A socket emits `preview:subscribe` to join the `preview` room (and gets the
//! current frame at once) and `preview:unsubscribe` to leave it. One forwarder
//! task sends each new frame to the room, at most `--preview-fps` times a
//! second, encoded once and shared by every subscriber. In a cluster the room
//! spans every instance: the panel owner's broadcast goes through the Redis
//! adapter, and the other instances have no frames of their own to send.
//!
//! The payload is one binary attachment, the frame's wire form (see
//! [`Frame::to_wire`]): width and height as u16 little-endian, then RGB rows.

use std::sync::Arc;

use socketioxide::SocketIo;
use socketioxide::adapter::Adapter;
use socketioxide::extract::{SocketRef, State};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::gfx::Frame;
use crate::render::{FrameSource, Paced};

const ROOM: &str = "preview";

/// Where the subscribe handler reads the current frame.
#[derive(Clone)]
pub struct PreviewFrames(pub Arc<dyn FrameSource>);

/// Registers the subscribe and unsubscribe handlers on a new socket.
pub fn listen<A: Adapter>(socket: &SocketRef<A>) {
    socket.on(
        "preview:subscribe",
        async |socket: SocketRef<A>, State(PreviewFrames(frames)): State<PreviewFrames>| {
            socket.join(ROOM);
            let frame = frames.current().await;
            if let Err(error) = socket.emit("frame", &frame.to_wire()) {
                tracing::debug!(sid = %socket.id, %error, "could not send the current frame");
            }
        },
    );
    socket.on("preview:unsubscribe", async |socket: SocketRef<A>| socket.leave(ROOM));
}

/// Sends every new frame to the preview room, at most `fps` a second, until `shutdown`.
///
/// A subscriber too slow to keep up has frames dropped from its own send
/// buffer, which holds up neither the panel nor the other subscribers.
pub async fn forward<A: Adapter>(
    io: SocketIo<A>,
    frames: watch::Receiver<Arc<Frame>>,
    fps: u32,
    events: Arc<super::EventCounts>,
    shutdown: CancellationToken,
) {
    let mut paced = Paced::new(frames, fps);
    loop {
        let frame = tokio::select! {
            () = shutdown.cancelled() => return,
            frame = paced.next() => match frame {
                Some(frame) => frame,
                None => return,
            },
        };
        if let Err(error) = io.to(ROOM).emit("frame", &frame.to_wire()).await {
            tracing::debug!(%error, "some preview subscribers missed a frame");
        }
        events.sent("frame");
    }
}
