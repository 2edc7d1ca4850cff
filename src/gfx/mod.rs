//! The graphics kit: what a picture is made of, and nothing else.
//!
//! A [`Canvas`] is the surface apps and layers paint one frame on (an
//! embedded-graphics draw target), [`fonts`] are the bitmap fonts they write
//! with, and a [`Frame`] is a finished picture as the panel shows it. The kit
//! depends on no other module of the crate, so anything that draws can use it
//! without pulling in the apps, the render loop or the outputs.

mod canvas;
pub mod fonts;
mod frame;

use chrono::NaiveDateTime;
use rand::SeedableRng;
use rand::rngs::SmallRng;

pub use canvas::Canvas;
pub use frame::Frame;

#[cfg(test)]
pub(crate) mod testing;

/// What an app may know while drawing a frame.
///
/// The time and the randomness come from here rather than from the system so
/// that a test can fix both and get the same pixels every run.
pub struct FrameContext {
    /// Local wall-clock time of this frame.
    pub now: NaiveDateTime,
    pub rng: SmallRng,
    /// Panel size in pixels.
    pub width: u32,
    pub height: u32,
}

impl FrameContext {
    /// A context for a `width`x`height` panel whose randomness is fixed by `seed`.
    pub fn new(now: NaiveDateTime, seed: u64, width: u32, height: u32) -> Self {
        Self {
            now,
            rng: SmallRng::seed_from_u64(seed),
            width,
            height,
        }
    }
}
