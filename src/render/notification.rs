//! The notification layer: the notification showing, drawn over the whole panel.

use std::time::Duration;

use super::{Layer, Scene};
use crate::content::Playback;
use crate::gfx::{Canvas, FrameContext};

/// Draws the scene's notification, if any; a new one starts from its first frame.
#[derive(Default)]
pub struct NotificationLayer {
    showing: Option<(u64, Playback)>,
}

impl Layer for NotificationLayer {
    fn apply(&mut self, scene: &Scene) {
        self.showing = match (&scene.notification, self.showing.take()) {
            (Some(overlay), Some((id, playback))) if id == overlay.id => Some((id, playback)),
            (Some(overlay), _) => Some((overlay.id, Playback::new(overlay.content.clone()))),
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
