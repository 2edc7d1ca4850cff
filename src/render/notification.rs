//! The notification layer: the notification showing, drawn over the whole panel.

use std::sync::Arc;
use std::time::Duration;

use super::{Layer, Scene};
use crate::content::Playback;
use crate::gfx::{Canvas, FrameContext};
use crate::icons::Library;

/// Draws the scene's notification, if any; a new one starts from its first frame.
pub struct NotificationLayer {
    showing: Option<(u64, Playback)>,
    /// Where a notification's icon is looked up.
    icons: Arc<Library>,
}

impl NotificationLayer {
    pub fn new(icons: Arc<Library>) -> Self {
        Self { showing: None, icons }
    }
}

impl Layer for NotificationLayer {
    fn apply(&mut self, scene: &Scene) {
        self.showing = match (&scene.notification, self.showing.take()) {
            (Some(overlay), Some((id, playback))) if id == overlay.id => Some((id, playback)),
            (Some(overlay), _) => {
                let icon = overlay.content.icon.as_ref().and_then(|name| self.icons.get(name));
                Some((overlay.id, Playback::new(overlay.content.clone(), icon)))
            }
            (None, _) => None,
        };
    }

    fn step(&mut self, _ctx: &mut FrameContext) {
        if let Some((_, playback)) = &mut self.showing {
            playback.step();
        }
    }

    fn draw(&self, canvas: &mut Canvas, _ctx: &FrameContext) {
        if let Some((_, playback)) = &self.showing {
            playback.draw(canvas);
        }
    }

    fn frame_interval(&self, ctx: &FrameContext) -> Option<Duration> {
        let (_, playback) = self.showing.as_ref()?;
        playback.frame_interval(ctx.width, ctx.height)
    }

    fn covers(&self) -> bool {
        self.showing.is_some()
    }
}
