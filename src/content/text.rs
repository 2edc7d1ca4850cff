//! Painting the text of [`Content`] in its colours: per fragment, a rainbow, a
//! gradient, blinking or fading.

use std::convert::Infallible;
use std::f64::consts::TAU;
use std::time::Duration;

use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::{DrawTarget, Point};

use super::effects::dimmed;
use super::{Content, Rgb};
use crate::gfx::fonts::Font;

/// Degrees of hue between neighbouring characters, and moved per frame, in rainbow text.
const HUE_PER_CHAR: u32 = 30;
const HUE_PER_FRAME: u32 = 6;

/// The text's look at one moment: how many frames it has shown, and for how long.
pub struct Moment {
    pub frames: u64,
    pub elapsed: Duration,
}

impl Content {
    /// Writes the text with `font` from `pen` (the top-left of its line) on `target`.
    pub(super) fn paint_text<D>(&self, font: Font, mut pen: Point, moment: &Moment, target: &mut D)
    where
        D: DrawTarget<Color = Rgb888, Error = Infallible>,
    {
        let Some(level) = self.text_level(moment.elapsed) else {
            return;
        };
        let characters = self
            .text
            .iter()
            .map(|fragment| fragment.text.chars().count())
            .sum::<usize>();
        let mut index = 0;
        for fragment in &self.text {
            let plain = fragment.color.unwrap_or(self.color);
            let per_character = self.rainbow || (self.extras.gradient.is_some() && fragment.color.is_none());
            if !per_character {
                font.draw(&fragment.text, pen, rgb888(dimmed(plain, level)), target);
                pen.x += font.advance(&fragment.text) as i32;
                index += fragment.text.chars().count();
                continue;
            }
            for c in fragment.text.chars() {
                let glyph = c.to_string();
                let color = match self.extras.gradient {
                    _ if self.rainbow => {
                        let hue = (index as u32 * HUE_PER_CHAR + (moment.frames % 360) as u32 * HUE_PER_FRAME) % 360;
                        hue_color(hue)
                    }
                    Some([from, to]) => between(from, to, index as f64 / (characters.max(2) - 1) as f64),
                    None => plain,
                };
                font.draw(&glyph, pen, rgb888(color), target);
                pen.x += font.advance(&glyph) as i32;
                index += 1;
            }
        }
    }

    /// How bright the text is at `elapsed`, 0 to 1, or `None` while a blink hides it.
    /// Rainbow and gradient text neither blink nor fade, as in AWTRIX.
    fn text_level(&self, elapsed: Duration) -> Option<f64> {
        let extras = &self.extras;
        if self.rainbow || extras.gradient.is_some() {
            return Some(1.0);
        }
        let millis = elapsed.as_millis() as u64;
        if let Some(fade) = extras.fade_ms {
            let phase = (millis % u64::from(fade)) as f64 / f64::from(fade);
            return Some(((phase * TAU).cos() + 1.0) / 2.0);
        }
        match extras.blink_ms {
            Some(blink) if millis % u64::from(blink) >= u64::from(blink) / 2 => None,
            _ => Some(1.0),
        }
    }
}

fn between(from: Rgb, to: Rgb, fraction: f64) -> Rgb {
    std::array::from_fn(|channel| {
        let (a, b) = (f64::from(from[channel]), f64::from(to[channel]));
        (a + (b - a) * fraction).round() as u8
    })
}

fn rgb888([r, g, b]: Rgb) -> Rgb888 {
    Rgb888::new(r, g, b)
}

/// A fully saturated colour of `hue` degrees.
fn hue_color(hue: u32) -> Rgb {
    let rising = ((hue % 60) * 255 / 60) as u8;
    let falling = 255 - rising;
    match hue / 60 {
        0 => [255, rising, 0],
        1 => [falling, 255, 0],
        2 => [0, 255, rising],
        3 => [0, falling, 255],
        4 => [rising, 0, 255],
        _ => [255, 0, falling],
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::content::Fields;
    use crate::gfx::Canvas;
    use crate::gfx::testing::lit_pixels;

    fn content(body: serde_json::Value) -> Content {
        Content::read(&Fields::new(body.as_object().unwrap().clone())).unwrap()
    }

    fn painted(content: &Content, millis: u64) -> Canvas {
        let mut canvas = Canvas::new(64, 8);
        let moment = Moment {
            frames: 0,
            elapsed: Duration::from_millis(millis),
        };
        content.paint_text(Font::TomThumb, Point::zero(), &moment, &mut canvas);
        canvas
    }

    #[test]
    fn a_gradient_runs_from_the_first_colour_to_the_second() {
        let text = content(json!({"text": "IIIII", "gradient": ["#FF0000", [0, 0, 255]]}));
        let lit = lit_pixels(&painted(&text, 0));
        let first = lit.iter().min_by_key(|p| p.0).unwrap().2;
        let last = lit.iter().max_by_key(|p| p.0).unwrap().2;
        assert_eq!((first, last), ([255, 0, 0], [0, 0, 255]));
        assert!(
            lit.iter().any(|p| p.2 == [128, 0, 128]),
            "the middle character is half way"
        );
    }

    #[test]
    fn blinking_text_shows_for_the_first_half_of_each_period() {
        let text = content(json!({"text": "HI", "blinkText": 1000}));
        assert!(!lit_pixels(&painted(&text, 100)).is_empty());
        assert!(lit_pixels(&painted(&text, 600)).is_empty());
        assert!(!lit_pixels(&painted(&text, 1100)).is_empty());
    }

    #[test]
    fn fading_text_dims_to_nothing_half_way_and_comes_back() {
        let text = content(json!({"text": "HI", "color": [200, 100, 0], "fadeText": 2000}));
        let colour = |millis| lit_pixels(&painted(&text, millis)).first().map(|p| p.2);
        assert_eq!(colour(0), Some([200, 100, 0]));
        assert_eq!(colour(500), Some([100, 50, 0]));
        assert_eq!(colour(1000), None);
        assert_eq!(colour(2000), Some([200, 100, 0]));
    }
}
