//! Layers: pictures drawn over the running app, such as notifications or status indicators.
//!
//! The renderer draws a stack: the running app at the bottom, then every layer
//! of [`builtin`] in order, each over what is below it, and applies the
//! brightness to the result. A layer reads its part of the [`Scene`] when the
//! scene changes and says when it next needs a frame, so a layer that shows
//! nothing costs nothing. Adding one means writing a module with a [`Layer`]
//! and adding a line to [`builtin`].

use std::sync::Arc;
use std::time::Duration;

use super::Scene;
use super::indicators::IndicatorLayer;
use super::moodlight::MoodlightLayer;
use super::notification::NotificationLayer;
use crate::gfx::{Canvas, FrameContext};
use crate::icons::Library;

/// Something drawn over the running app.
pub trait Layer: Send {
    /// Takes the newest scene; a layer keeps whatever part of it it draws.
    fn apply(&mut self, scene: &Scene);
    /// Advances the layer's animation by one frame.
    fn step(&mut self, _ctx: &mut FrameContext) {}
    /// Paints over the picture below it.
    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext);
    /// How long after this frame the layer needs the next one; `None` while
    /// its picture does not change by itself (or it shows nothing).
    fn frame_interval(&self, ctx: &FrameContext) -> Option<Duration>;
    /// Whether it hides the whole picture below. The app below is then
    /// neither drawn nor advanced, so once the layer is gone it continues
    /// where it was.
    fn covers(&self) -> bool {
        false
    }
}

/// The layers every panel draws, bottom to top; `icons` are those notifications name.
pub fn builtin(icons: &Arc<Library>) -> Vec<Box<dyn Layer>> {
    vec![
        Box::new(NotificationLayer::new(Arc::clone(icons))),
        Box::new(IndicatorLayer::default()),
        Box::new(MoodlightLayer::default()),
    ]
}
