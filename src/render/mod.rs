//! The render engine: turns what the manager says should show into frames.
//!
//! The [`Renderer`] runs the current app and draws the [`layers`] over it on a
//! [`Canvas`](crate::gfx::Canvas) (while a [`transition`] runs, composed with
//! the app before it), then applies the brightness; [`run`] paces
//! it on a thread of its own ([`on_own_thread`], kept going by the [`Supervisor`] and
//! reported on by [`RenderStats`]), publishes each new frame
//! on a watch channel (the virtual panel every preview and PNG reads, see
//! [`FrameSource`]) and hands it to the outputs.
//! Drawing itself lives in [`crate::gfx`]; the apps in [`crate::apps`].

pub mod indicators;
pub mod layers;
mod moodlight;
mod notification;
mod renderer;
mod run;
mod source;
pub mod stats;
mod supervise;
pub mod transition;

pub use layers::Layer;
pub use renderer::Renderer;
pub use run::{Panicked, on_own_thread, run};
pub use source::{FrameSource, Paced};
pub use stats::{PanelHealth, RenderStats};
pub use supervise::{GiveUp, Supervisor};

use crate::apps::schema::ConfigMap;
use crate::content::Content;
pub use transition::Transition;

/// What the panel should show: published by the manager, drawn by the render loop.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scene {
    /// The running app, `None` when stopped (a blank panel).
    pub app: Option<String>,
    /// The running app's effective config (defaults filled in, already validated).
    pub config: ConfigMap,
    /// 0..=100, scales every pixel.
    pub brightness: u8,
    /// How a new app takes over from the one before.
    pub transition: Transition,
    /// The notification to draw over the app, if one shows.
    pub notification: Option<Overlay>,
    /// When the running app is a custom app: its content.
    pub custom: Option<Content>,
    /// Whether the running app is an installation (a community app or a
    /// pushed picture), played from its renders.
    pub installed: bool,
    /// AWTRIX's three status dots, drawn over everything but the moodlight.
    pub indicators: [Option<indicators::Indicator>; 3],
    /// A colour filling the whole panel, over everything.
    pub moodlight: Option<crate::content::Rgb>,
}

/// Content drawn over the app; a new `id` starts it afresh.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    pub id: u64,
    pub content: Content,
}
