//! `scroll_text`: a line of text scrolling right to left, wrapping once fully off-screen.

use std::time::Duration;

use serde::Deserialize;

use super::App;
use super::schema::{Field, Kind};
use crate::render::{Canvas, FrameContext};

#[derive(Debug, Clone, Deserialize)]
pub struct ScrollTextConfig {
    pub text: String,
    pub font: String,
    pub color: [u8; 3],
    /// Pixels moved per frame.
    pub speed: f64,
    pub fps: u32,
}

pub struct ScrollText {
    config: ScrollTextConfig,
}

impl App for ScrollText {
    const NAME: &'static str = "scroll_text";
    type Config = ScrollTextConfig;

    fn schema() -> Vec<Field> {
        vec![
            Field::new(
                "text",
                Kind::Text { max_length: 256 },
                "Hello, World!",
                "Text to scroll",
            ),
            Field::new("font", Kind::Font, "tom-thumb", "Font of the text"),
            Field::new("color", Kind::Color, [255, 255, 255], "Colour of the text"),
            Field::new(
                "speed",
                Kind::Number { min: 0.1, max: 64.0 },
                1,
                "Pixels moved per frame",
            ),
            Field::new("fps", Kind::Integer { min: 1, max: 120 }, 30, "Frames per second"),
        ]
    }

    fn new(config: ScrollTextConfig) -> Self {
        Self { config }
    }

    fn reconfigure(&mut self, config: ScrollTextConfig) {
        self.config = config;
    }

    fn frame_interval(&self, _ctx: &FrameContext) -> Duration {
        todo!("render work")
    }

    fn draw(&mut self, _canvas: &mut Canvas, _ctx: &FrameContext) {
        todo!("render work")
    }
}
