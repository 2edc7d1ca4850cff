//! `stars`: random coloured pixels that fade in and out over their lifetime.

use std::time::Duration;

use serde::Deserialize;

use super::App;
use super::schema::{Field, Kind};
use crate::render::{Canvas, FrameContext};

#[derive(Debug, Clone, Deserialize)]
pub struct StarsConfig {
    /// Stars born per frame; a fractional part is the chance of one more.
    pub spawn_rate: f64,
    /// Frames from birth to fade-out.
    pub lifetime: u32,
    pub fps: u32,
}

pub struct Stars {
    config: StarsConfig,
}

impl App for Stars {
    const NAME: &'static str = "stars";
    type Config = StarsConfig;

    fn schema() -> Vec<Field> {
        vec![
            Field::new(
                "spawn_rate",
                Kind::Number { min: 0.01, max: 64.0 },
                1,
                "Stars born per frame",
            ),
            Field::new(
                "lifetime",
                Kind::Integer { min: 1, max: 1000 },
                40,
                "Frames a star lives",
            ),
            Field::new("fps", Kind::Integer { min: 1, max: 120 }, 60, "Frames per second"),
        ]
    }

    fn new(config: StarsConfig) -> Self {
        Self { config }
    }

    fn reconfigure(&mut self, config: StarsConfig) {
        self.config = config;
    }

    fn frame_interval(&self, _ctx: &FrameContext) -> Duration {
        todo!("render work")
    }

    fn draw(&mut self, _canvas: &mut Canvas, _ctx: &FrameContext) {
        todo!("render work")
    }
}
