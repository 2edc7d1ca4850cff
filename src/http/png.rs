//! `GET /api/frame.png`'s pictures: each frame encoded once per scale and shared, with a
//! bound on how many encodings run at once.
//!
//! An encoding of a big image takes milliseconds and its whole raw picture in memory, and a
//! client chooses how many it asks for: two hundred requests at once took 668 MB when each
//! made its own. Requests for the frame on the panel at one scale now wait on one encoding,
//! the last few are kept for whoever asks next, and at most [`ENCODERS`] run at once; a
//! request that cannot get a turn within [`WAIT`] is told to come back (503).

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use parking_lot::Mutex;
use tokio::sync::{OnceCell, Semaphore};

use crate::gfx::Frame;

/// Most pixels a picture may have: what the default 64 x 32 panel makes at scale 32.
pub const MAX_PIXELS: u64 = 2048 * 1024;
/// Encodings that may run at once: one per core of a small board.
pub const ENCODERS: usize = 2;
/// How long a request waits for its turn before it is answered 503.
pub const WAIT: Duration = Duration::from_secs(2);
/// Encodings kept for the next request: the scales clients ask for, of the newest frames.
const KEPT: usize = 4;

/// No turn to encode came within [`WAIT`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Too many pictures are being encoded; try again shortly")]
pub struct Busy;

/// One frame at one scale, encoded once for every request that asks for it.
struct Encoding {
    frame: Arc<Frame>,
    scale: u32,
    png: Arc<OnceCell<Bytes>>,
}

pub struct PngEncoder {
    turns: Arc<Semaphore>,
    wait: Duration,
    /// Newest last.
    kept: Mutex<VecDeque<Encoding>>,
    /// Encodings made, for `/metrics`.
    pub encodes: AtomicU64,
}

impl Default for PngEncoder {
    fn default() -> Self {
        Self::new(ENCODERS, WAIT)
    }
}

impl PngEncoder {
    /// At most `encoders` at once, each request waiting `wait` at most for its turn.
    pub fn new(encoders: usize, wait: Duration) -> Self {
        Self {
            turns: Arc::new(Semaphore::new(encoders)),
            wait,
            kept: Mutex::default(),
            encodes: AtomicU64::new(0),
        }
    }

    /// `frame` as a PNG with each pixel a `scale` x `scale` square (see [`Frame::to_png`]).
    pub async fn encode(&self, frame: Arc<Frame>, scale: u32) -> Result<Bytes, Busy> {
        let png = self.encoding(&frame, scale);
        let encoded = png
            .get_or_try_init(|| async {
                let turn = tokio::time::timeout(self.wait, Arc::clone(&self.turns).acquire_owned())
                    .await
                    .map_err(|_| Busy)?
                    .map_err(|_| Busy)?;
                self.encodes.fetch_add(1, Ordering::Relaxed);
                // Encoding is blocking work; the turn goes with it, so an encoding whose
                // requests all left still counts until it is done.
                tokio::task::spawn_blocking(move || {
                    let png = Bytes::from(frame.to_png(scale));
                    drop(turn);
                    png
                })
                .await
                .map_err(|_| Busy)
            })
            .await?;
        Ok(encoded.clone())
    }

    /// The encoding of `frame` at `scale`, kept or new; a frame equal to a kept one (as a
    /// cluster member reads the owner's anew each time) shares it.
    fn encoding(&self, frame: &Arc<Frame>, scale: u32) -> Arc<OnceCell<Bytes>> {
        let mut kept = self.kept.lock();
        let found = kept
            .iter()
            .position(|kept| kept.scale == scale && (Arc::ptr_eq(&kept.frame, frame) || kept.frame == *frame));
        let encoding = match found.and_then(|at| kept.remove(at)) {
            Some(encoding) => encoding,
            None => Encoding {
                frame: Arc::clone(frame),
                scale,
                png: Arc::default(),
            },
        };
        let png = Arc::clone(&encoding.png);
        kept.push_back(encoding);
        if kept.len() > KEPT {
            kept.pop_front();
        }
        png
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_frame_at_one_scale_is_encoded_once() {
        let encoder = PngEncoder::default();
        let frame = Arc::new(Frame::new(2, 1, vec![255, 0, 0, 0, 0, 255]));
        let copy = Arc::new((*frame).clone());
        let (first, second) = tokio::join!(encoder.encode(frame.clone(), 3), encoder.encode(copy, 3));
        assert_eq!(first, second);
        assert_eq!(first.unwrap(), Bytes::from(frame.to_png(3)));
        assert_eq!(encoder.encodes.load(Ordering::Relaxed), 1);
        encoder.encode(frame, 4).await.unwrap();
        assert_eq!(encoder.encodes.load(Ordering::Relaxed), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_that_gets_no_turn_in_time_is_told_so() {
        let encoder = PngEncoder::new(0, Duration::from_secs(2));
        let frame = Arc::new(Frame::blank(4, 4));
        assert_eq!(encoder.encode(frame, 1).await, Err(Busy));
        assert_eq!(encoder.encodes.load(Ordering::Relaxed), 0);
    }

    #[tokio::test]
    async fn only_the_newest_encodings_are_kept() {
        let encoder = PngEncoder::default();
        let frame = Arc::new(Frame::blank(1, 1));
        for scale in 1..=(KEPT as u32 + 1) {
            encoder.encode(frame.clone(), scale).await.unwrap();
        }
        assert_eq!(encoder.kept.lock().len(), KEPT);
        encoder.encode(frame, 1).await.unwrap();
        assert_eq!(
            encoder.encodes.load(Ordering::Relaxed),
            KEPT as u64 + 2,
            "scale 1 was dropped"
        );
    }
}
