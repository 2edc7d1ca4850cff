//! Rendering: the virtual LED panel, fonts, the render loop and the displays frames are shown on.
//!
//! Apps draw on a [`Canvas`]; the [`Renderer`] turns the canvas into a
//! brightness-scaled [`Frame`], and [`run`] publishes frames on a watch channel
//! (the virtual panel every preview and PNG reads, see [`FrameSource`]) and
//! hands them to a [`Display`].

mod canvas;
mod display;
pub mod fonts;
mod frame;
mod renderer;
mod run;
mod source;
mod terminal;

use chrono::NaiveDateTime;
use rand::SeedableRng;
use rand::rngs::SmallRng;

pub use canvas::Canvas;
pub use display::{Display, DisplayKind, VirtualPanel};
pub use frame::Frame;
pub use renderer::Renderer;
pub use run::run;
pub use source::{FrameSource, Paced};
pub use terminal::TerminalDisplay;

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

/// What the panel should show: published by the manager, drawn by the render loop.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scene {
    /// The running app, `None` when stopped (a blank panel).
    pub app: Option<String>,
    /// The running app's effective config (defaults filled in, already validated).
    pub config: crate::apps::schema::ConfigMap,
    /// 0..=100, scales every pixel.
    pub brightness: u8,
}
