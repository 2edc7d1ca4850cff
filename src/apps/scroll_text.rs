//! `scroll_text`: a line of text scrolling right to left, wrapping once fully off-screen.

use std::time::Duration;

use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::Point;
use serde::Deserialize;

use super::App;
use super::schema::{Field, Kind};
use crate::gfx::fonts::Font;
use crate::gfx::{Canvas, FrameContext};

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
    font: Font,
    /// Laid-out width of the text in pixels.
    text_width: u32,
    /// Pixels scrolled since the text last entered at the right edge.
    scrolled: f64,
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
        let font = Font::named(&config.font).unwrap_or_default();
        Self {
            text_width: font.advance(&config.text),
            font,
            config,
            scrolled: 0.0,
        }
    }

    /// Keeps the scroll position, so changing colour or speed does not jump the text.
    fn reconfigure(&mut self, config: ScrollTextConfig) {
        *self = Self {
            scrolled: self.scrolled,
            ..Self::new(config)
        };
    }

    fn frame_interval(&self, _ctx: &FrameContext) -> Duration {
        Duration::from_secs(1) / self.config.fps.max(1)
    }

    fn step(&mut self, ctx: &mut FrameContext) {
        // From entering at the right edge to leaving past the left one.
        let journey = f64::from(ctx.width + self.text_width);
        self.scrolled = (self.scrolled + self.config.speed) % journey;
    }

    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext) {
        let left = ctx.width as i32 - self.scrolled.floor() as i32;
        let top = (ctx.height as i32 - self.font.line_height() as i32) / 2;
        let [r, g, b] = self.config.color;
        self.font
            .draw(&self.config.text, Point::new(left, top), Rgb888::new(r, g, b), canvas);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gfx::testing::{context, lit_box, lit_pixels};

    fn scroll(text: &str, speed: f64) -> ScrollText {
        ScrollText::new(ScrollTextConfig {
            text: text.into(),
            font: "tom-thumb".into(),
            color: [0, 128, 255],
            speed,
            fps: 30,
        })
    }

    /// The picture after `frames` steps.
    fn after(app: &mut ScrollText, ctx: &mut FrameContext, frames: usize) -> Canvas {
        for _ in 0..frames {
            app.step(ctx);
        }
        let mut canvas = Canvas::new(64, 32);
        app.draw(&mut canvas, ctx);
        canvas
    }

    #[test]
    fn the_text_moves_left_by_speed_each_frame() {
        let (mut app, mut ctx) = (scroll("HI", 2.0), context());
        assert_eq!(
            lit_box(&after(&mut app, &mut ctx, 0)),
            None,
            "starts just off the right edge"
        );

        // 'H' in tom-thumb lights its leftmost column, so the ink starts where the text does.
        let canvas = after(&mut app, &mut ctx, 10);
        let (left, top, _, bottom) = lit_box(&canvas).unwrap();
        assert_eq!(left, 64 - 10 * 2);
        assert!(
            (top - (31 - bottom)).abs() <= 1,
            "vertically centred: rows {top}..={bottom}"
        );
        assert!(lit_pixels(&canvas).iter().all(|&(_, _, color)| color == [0, 128, 255]));

        let (left_later, ..) = lit_box(&after(&mut app, &mut ctx, 5)).unwrap();
        assert_eq!(left_later, 64 - 15 * 2);
    }

    #[test]
    fn fractional_speeds_accumulate() {
        let (mut app, mut ctx) = (scroll("HI", 0.5), context());
        let (left, ..) = lit_box(&after(&mut app, &mut ctx, 5)).unwrap();
        assert_eq!(left, 64 - 2);
    }

    #[test]
    fn the_text_wraps_once_fully_off_the_left_edge() {
        let (mut app, mut ctx) = (scroll("HI", 1.0), context());
        let journey = 64 + 8; // panel width plus two 4-pixel tom-thumb cells
        let (_, _, right, _) = lit_box(&after(&mut app, &mut ctx, journey - 2)).unwrap();
        assert!(right <= 1, "about to leave, rightmost column {right}");
        assert_eq!(
            lit_box(&after(&mut app, &mut ctx, 2)),
            None,
            "gone and back at the right edge"
        );
        let (left, ..) = lit_box(&after(&mut app, &mut ctx, 3)).unwrap();
        assert_eq!(left, 64 - 3);
    }

    #[test]
    fn reconfiguring_keeps_the_position() {
        let (mut app, mut ctx) = (scroll("HI", 1.0), context());
        let before = lit_box(&after(&mut app, &mut ctx, 20));
        app.reconfigure(ScrollTextConfig {
            color: [255, 0, 0],
            speed: 3.0,
            ..app.config.clone()
        });
        let canvas = after(&mut app, &mut ctx, 0);
        assert_eq!(lit_box(&canvas), before);
        assert!(lit_pixels(&canvas).iter().all(|&(_, _, color)| color == [255, 0, 0]));
        let (left, ..) = lit_box(&after(&mut app, &mut ctx, 1)).unwrap();
        assert_eq!(left, 64 - 20 - 3);
    }

    #[test]
    fn frames_are_paced_by_fps() {
        let mut app = scroll("HI", 1.0);
        app.config.fps = 40;
        assert_eq!(app.frame_interval(&context()), Duration::from_millis(25));
    }
}
