//! `clock`: the time as HH:MM:SS, centred, redrawn once a second.

use std::time::Duration;

use serde::Deserialize;

use super::App;
use super::schema::{Field, Kind};
use crate::render::{Canvas, FrameContext};

#[derive(Debug, Clone, Deserialize)]
pub struct ClockConfig {
    pub font: String,
    pub color: [u8; 3],
}

pub struct Clock {
    config: ClockConfig,
}

impl App for Clock {
    const NAME: &'static str = "clock";
    type Config = ClockConfig;

    fn schema() -> Vec<Field> {
        vec![
            Field::new("font", Kind::Font, "tom-thumb", "Font of the digits"),
            Field::new("color", Kind::Color, [255, 255, 255], "Colour of the digits"),
        ]
    }

    fn new(config: ClockConfig) -> Self {
        Self { config }
    }

    fn reconfigure(&mut self, config: ClockConfig) {
        self.config = config;
    }

    fn frame_interval(&self, _ctx: &FrameContext) -> Duration {
        todo!("render work")
    }

    fn draw(&mut self, _canvas: &mut Canvas, _ctx: &FrameContext) {
        todo!("render work")
    }
}
