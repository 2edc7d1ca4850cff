//! Reading the panel's frames: the newest one on demand, or each new one at a bounded rate.

use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use tokio::sync::watch;
use tokio::time::{Instant, sleep_until};

use crate::gfx::Frame;

/// Where the frame on the panel right now is read from.
///
/// A lone instance reads its own render loop's channel. A cluster member that
/// does not drive the panel has no frames of its own and asks the instance
/// that does (see `cluster::frames`); handlers need not know which.
pub trait FrameSource: Send + Sync + 'static {
    fn current(&self) -> BoxFuture<'_, Arc<Frame>>;
}

impl FrameSource for watch::Receiver<Arc<Frame>> {
    fn current(&self) -> BoxFuture<'_, Arc<Frame>> {
        let frame = Arc::clone(&self.borrow());
        async move { frame }.boxed()
    }
}

/// Each new frame, at most `fps` a second.
///
/// Frames that arrive faster are skipped, not queued: after handing one out
/// the pacer waits out the gap and then takes whatever frame is newest, and a
/// picture that changed back in the meantime is not handed out again.
pub struct Paced {
    frames: watch::Receiver<Arc<Frame>>,
    gap: Duration,
    next_allowed: Instant,
    last: Option<Arc<Frame>>,
}

impl Paced {
    /// Paces the frames published after this call; the current one counts as handed out.
    pub fn new(mut frames: watch::Receiver<Arc<Frame>>, fps: u32) -> Self {
        let last = Some(Arc::clone(&frames.borrow_and_update()));
        Self {
            frames,
            gap: Duration::from_secs(1) / fps.max(1),
            next_allowed: Instant::now(),
            last,
        }
    }

    /// The next new frame; `None` once the render loop's channel is gone.
    pub async fn next(&mut self) -> Option<Arc<Frame>> {
        loop {
            self.frames.changed().await.ok()?;
            sleep_until(self.next_allowed).await;
            let frame = Arc::clone(&self.frames.borrow_and_update());
            if self.last.as_deref() == Some(&*frame) {
                continue;
            }
            self.next_allowed = Instant::now() + self.gap;
            self.last = Some(Arc::clone(&frame));
            return Some(frame);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(value: u8) -> Arc<Frame> {
        Arc::new(Frame::new(1, 1, vec![value; 3]))
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_collapses_into_its_newest_frame_and_the_rate_holds() {
        let (sender, frames) = watch::channel(solid(0));
        let mut paced = Paced::new(frames, 10);

        sender.send_replace(solid(1));
        assert_eq!(paced.next().await, Some(solid(1)));
        let handed_out = Instant::now();
        for value in 2..=5 {
            sender.send_replace(solid(value));
        }
        assert_eq!(paced.next().await, Some(solid(5)));
        assert!(Instant::now() - handed_out >= Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn a_picture_that_changed_back_is_not_handed_out_again() {
        let (sender, frames) = watch::channel(solid(0));
        let mut paced = Paced::new(frames, 10);
        sender.send_replace(solid(1));
        assert_eq!(paced.next().await, Some(solid(1)));
        sender.send_replace(solid(2));
        sender.send_replace(solid(1));
        let next = tokio::spawn(async move { paced.next().await });
        tokio::time::sleep(Duration::from_secs(1)).await;
        sender.send_replace(solid(3));
        assert_eq!(next.await.unwrap(), Some(solid(3)));
    }

    #[tokio::test]
    async fn ends_with_the_channel() {
        let (sender, frames) = watch::channel(solid(0));
        let mut paced = Paced::new(frames, 10);
        drop(sender);
        assert_eq!(paced.next().await, None);
    }
}
