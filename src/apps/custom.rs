//! A custom app running: pushed [`Content`] played like an app, in place of a registered one.

use std::sync::Arc;
use std::time::Duration;

use super::RunningApp;
use super::schema::ConfigMap;
use crate::content::{Content, Playback};
use crate::gfx::{Canvas, FrameContext};
use crate::icons::Icon;

/// How long a still picture waits before it is drawn again; nothing changes meanwhile.
const STILL: Duration = Duration::from_secs(3600);

pub struct CustomRunning(Playback);

impl CustomRunning {
    pub fn start(content: Content, icon: Option<Arc<Icon>>) -> Box<dyn RunningApp> {
        Box::new(Self(Playback::new(content, icon)))
    }
}

impl RunningApp for CustomRunning {
    /// A custom app has no config; new content starts it afresh instead.
    fn reconfigure(&mut self, _config: &ConfigMap) {}

    fn frame_interval(&self, ctx: &FrameContext) -> Duration {
        self.0.frame_interval(ctx.width, ctx.height).unwrap_or(STILL)
    }

    fn step(&mut self, _ctx: &mut FrameContext) {
        self.0.step();
    }

    fn draw(&self, canvas: &mut Canvas, _ctx: &FrameContext) {
        self.0.draw(canvas);
    }
}
