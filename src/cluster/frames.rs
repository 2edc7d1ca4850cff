//! The panel's current frame for the instances that do not drive it.
//!
//! The live preview reaches every instance's subscribers through the
//! Socket.IO Redis adapter, but a broadcast leaves nothing behind: a client
//! subscribing on, or a `frame.png` asked of, an instance that does not drive
//! the panel needs the frame on it now. So the panel owner also keeps its
//! newest frame in `retroboard:frame` (wire form), at most `--preview-fps`
//! times a second, and the other instances read it when asked.

use std::sync::Arc;

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::REDIS_TIMEOUT;
use crate::gfx::Frame;
use crate::render::{FrameSource, Paced};

pub const FRAME_KEY: &str = "retroboard:frame";

/// Keeps `retroboard:frame` at the newest of `frames` until `stop`; run by the panel owner.
pub async fn store_latest(
    mut connection: ConnectionManager,
    frames: watch::Receiver<Arc<Frame>>,
    fps: u32,
    stop: CancellationToken,
) {
    // The render loop may have drawn before this task started: store that frame first.
    let mut frame = Arc::clone(&frames.borrow());
    let mut paced = Paced::new(frames, fps);
    loop {
        let stored: redis::RedisResult<()> = connection.set(FRAME_KEY, frame.to_wire().as_ref()).await;
        if let Err(error) = stored {
            tracing::debug!(%error, "could not store the panel's frame");
        }
        frame = tokio::select! {
            () = stop.cancelled() => return,
            next = paced.next() => match next {
                Some(next) => next,
                None => return,
            },
        };
    }
}

/// The current frame as a cluster member sees it: its own while it drives the
/// panel, else the owner's from Redis.
pub struct SharedFrames {
    local: watch::Receiver<Arc<Frame>>,
    owner: watch::Receiver<bool>,
    connection: ConnectionManager,
}

impl SharedFrames {
    pub fn new(
        local: watch::Receiver<Arc<Frame>>,
        owner: watch::Receiver<bool>,
        connection: ConnectionManager,
    ) -> Self {
        Self {
            local,
            owner,
            connection,
        }
    }

    async fn owners_frame(&self) -> Result<Frame, String> {
        let mut connection = self.connection.clone();
        let read = tokio::time::timeout(REDIS_TIMEOUT, connection.get::<_, Option<Vec<u8>>>(FRAME_KEY))
            .await
            .map_err(|_| "timed out".to_owned())?
            .map_err(|error| error.to_string())?
            .ok_or("no frame stored yet")?;
        Frame::from_wire(&read).ok_or_else(|| "not a frame".to_owned())
    }
}

impl FrameSource for SharedFrames {
    fn current(&self) -> BoxFuture<'_, Arc<Frame>> {
        async move {
            if *self.owner.borrow() {
                return self.local.current().await;
            }
            match self.owners_frame().await {
                Ok(frame) => Arc::new(frame),
                Err(error) => {
                    tracing::debug!(%error, "cannot read the panel owner's frame; showing this instance's last");
                    self.local.current().await
                }
            }
        }
        .boxed()
    }
}
