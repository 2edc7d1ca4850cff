//! The moodlight layer: the whole panel in one colour, over everything.
//!
//! While it shows, the app below waits where it is, as under a notification.

use std::time::Duration;

use super::{Layer, Scene};
use crate::content::Rgb;
use crate::gfx::{Canvas, FrameContext};

#[derive(Default)]
pub struct MoodlightLayer {
    color: Option<Rgb>,
}

impl Layer for MoodlightLayer {
    fn apply(&mut self, scene: &Scene) {
        self.color = scene.moodlight;
    }

    fn draw(&self, canvas: &mut Canvas, _ctx: &FrameContext) {
        if let Some(color) = self.color {
            canvas.pixels.fill(color);
        }
    }

    fn frame_interval(&self, _ctx: &FrameContext) -> Option<Duration> {
        None
    }

    fn covers(&self) -> bool {
        self.color.is_some()
    }
}
