//! `clock`: the time as HH:MM:SS, centred, redrawn once a second.

use std::time::Duration;

use chrono::Timelike;
use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::Point;
use serde::Deserialize;

use super::App;
use super::schema::{Field, Kind};
use crate::gfx::fonts::Font;
use crate::gfx::{Canvas, FrameContext};

/// How far past the turn of a second the clock wakes.
///
/// The timer runs on the monotonic clock and the digits come from the wall
/// clock; aiming a little late makes sure the new second has begun on wake.
const WAKE_MARGIN: Duration = Duration::from_millis(2);

#[derive(Debug, Clone, Deserialize)]
pub struct ClockConfig {
    pub font: String,
    pub color: [u8; 3],
}

pub struct Clock {
    config: ClockConfig,
    font: Font,
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
        Self {
            font: Font::named(&config.font).unwrap_or_default(),
            config,
        }
    }

    fn reconfigure(&mut self, config: ClockConfig) {
        *self = Self::new(config);
    }

    fn frame_interval(&self, ctx: &FrameContext) -> Duration {
        // A leap second shows as nanoseconds past 1e9.
        let into_second = ctx.now.nanosecond() % 1_000_000_000;
        Duration::from_nanos(u64::from(1_000_000_000 - into_second)) + WAKE_MARGIN
    }

    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext) {
        let text = ctx.now.format("%H:%M:%S").to_string();
        let Some(ink) = self.font.ink_box(&text, Point::zero()) else {
            return;
        };
        let left = (canvas.width as i32 - ink.size.width as i32) / 2 - ink.top_left.x;
        let top = (canvas.height as i32 - ink.size.height as i32) / 2 - ink.top_left.y;
        let [r, g, b] = self.config.color;
        self.font
            .draw(&text, Point::new(left, top), Rgb888::new(r, g, b), canvas);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gfx::testing::{context, lit_box, lit_pixels};

    fn draw(font: &str, color: [u8; 3], ctx: &FrameContext) -> Canvas {
        let clock = Clock::new(ClockConfig {
            font: font.into(),
            color,
        });
        let mut canvas = Canvas::new(ctx.width as u16, ctx.height as u16);
        clock.draw(&mut canvas, ctx);
        canvas
    }

    #[test]
    fn the_time_is_centred_in_the_configured_colour() {
        for font in ["tom-thumb", "5x7", "6x10"] {
            let canvas = draw(font, [10, 200, 30], &context());
            let (left, top, right, bottom) = lit_box(&canvas).unwrap();
            let (margin_left, margin_right) = (left, 63 - right);
            let (margin_top, margin_bottom) = (top, 31 - bottom);
            assert!(
                (margin_left - margin_right).abs() <= 1,
                "{font}: {margin_left} vs {margin_right}"
            );
            assert!(
                (margin_top - margin_bottom).abs() <= 1,
                "{font}: {margin_top} vs {margin_bottom}"
            );
            // Eight characters of at least three columns each.
            assert!(right - left >= 8 * 3, "{font}: only {} columns wide", right - left + 1);
            assert!(
                lit_pixels(&canvas).iter().all(|&(_, _, color)| color == [10, 200, 30]),
                "{font}"
            );
        }
    }

    #[test]
    fn the_picture_follows_the_seconds() {
        let mut ctx = context();
        let at_56 = draw("tom-thumb", [255; 3], &ctx);
        ctx.now += chrono::TimeDelta::milliseconds(400);
        assert_eq!(draw("tom-thumb", [255; 3], &ctx), at_56);
        ctx.now += chrono::TimeDelta::milliseconds(600);
        assert_ne!(draw("tom-thumb", [255; 3], &ctx), at_56);
    }

    #[test]
    fn the_next_frame_is_due_just_after_the_next_second() {
        let clock = Clock::new(ClockConfig {
            font: "tom-thumb".into(),
            color: [255; 3],
        });
        let mut ctx = context();
        ctx.now += chrono::TimeDelta::milliseconds(250);
        assert_eq!(clock.frame_interval(&ctx), Duration::from_millis(750) + WAKE_MARGIN);
    }
}
