//! The bitmap fonts apps can draw with.
//!
//! tom-thumb comes from u8g2-fonts and the X11 "fixed" family from
//! embedded-graphics (its ISO 8859-1 set, so accented Latin text renders too).

use std::convert::Infallible;

use embedded_graphics::mono_font::{MonoFont, MonoTextStyle, iso_8859_1 as fixed};
use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::{Dimensions, DrawTarget, Point, Size};
use embedded_graphics::primitives::Rectangle;
use embedded_graphics::text::renderer::TextRenderer;
use embedded_graphics::text::{Baseline, Text};
use embedded_graphics::{Drawable, Pixel};
use u8g2_fonts::U8g2TextStyle;
use u8g2_fonts::fonts::u8g2_font_tom_thumb_4x6_mf;

/// Every font name a config may use, in the order `GET /api/fonts` lists them.
pub const NAMES: &[&str] = &[
    "tom-thumb",
    "4x6",
    "5x7",
    "5x8",
    "6x9",
    "6x10",
    "6x12",
    "6x13",
    "6x13B",
    "6x13O",
    "7x13",
    "7x13B",
    "7x13O",
    "7x14",
    "7x14B",
    "8x13",
    "8x13B",
    "8x13O",
    "9x15",
    "9x15B",
    "9x18",
    "9x18B",
    "10x20",
];

/// Evaluates `$body` with `$style` bound to the font's embedded-graphics text style.
///
/// The two style types share the `TextRenderer` trait, which is not object
/// safe, so each call site is expanded once per font kind.
macro_rules! with_style {
    ($font:expr, $color:expr, |$style:ident| $body:expr) => {
        match $font {
            Font::TomThumb => {
                let $style = U8g2TextStyle::new(u8g2_font_tom_thumb_4x6_mf, $color);
                $body
            }
            Font::Fixed(font) => {
                let $style = MonoTextStyle::new(font, $color);
                $body
            }
        }
    };
}

/// A font apps draw with; cheap to copy.
#[derive(Clone, Copy, Debug, Default)]
pub enum Font {
    /// The 4x6 tom-thumb font, the default of every app.
    #[default]
    TomThumb,
    /// One of the X11 fixed fonts.
    Fixed(&'static MonoFont<'static>),
}

impl Font {
    /// The font with a name from [`NAMES`].
    pub fn named(name: &str) -> Option<Self> {
        let fixed = match name {
            "tom-thumb" => return Some(Self::TomThumb),
            "4x6" => &fixed::FONT_4X6,
            "5x7" => &fixed::FONT_5X7,
            "5x8" => &fixed::FONT_5X8,
            "6x9" => &fixed::FONT_6X9,
            "6x10" => &fixed::FONT_6X10,
            "6x12" => &fixed::FONT_6X12,
            "6x13" => &fixed::FONT_6X13,
            "6x13B" => &fixed::FONT_6X13_BOLD,
            "6x13O" => &fixed::FONT_6X13_ITALIC,
            "7x13" => &fixed::FONT_7X13,
            "7x13B" => &fixed::FONT_7X13_BOLD,
            "7x13O" => &fixed::FONT_7X13_ITALIC,
            "7x14" => &fixed::FONT_7X14,
            "7x14B" => &fixed::FONT_7X14_BOLD,
            "8x13" => &fixed::FONT_8X13,
            "8x13B" => &fixed::FONT_8X13_BOLD,
            "8x13O" => &fixed::FONT_8X13_ITALIC,
            "9x15" => &fixed::FONT_9X15,
            "9x15B" => &fixed::FONT_9X15_BOLD,
            "9x18" => &fixed::FONT_9X18,
            "9x18B" => &fixed::FONT_9X18_BOLD,
            "10x20" => &fixed::FONT_10X20,
            _ => return None,
        };
        Some(Self::Fixed(fixed))
    }

    /// Height of a line: the box every glyph of the font fits in.
    pub fn line_height(self) -> u32 {
        with_style!(self, Rgb888::default(), |style| style.line_height())
    }

    /// How far `text` advances the pen, i.e. its width as laid out.
    pub fn advance(self, text: &str) -> u32 {
        with_style!(self, Rgb888::default(), |style| {
            style
                .measure_string(text, Point::zero(), Baseline::Top)
                .next_position
                .x
                .max(0) as u32
        })
    }

    /// The box of the pixels `text` lights when drawn at `top_left`, or `None` if it lights none.
    ///
    /// Centring on lit pixels rather than the layout box keeps text visually
    /// centred whatever blank columns a font leaves around its glyphs.
    pub fn ink_box(self, text: &str, top_left: Point) -> Option<Rectangle> {
        let mut ink = InkBounds::default();
        self.draw(text, top_left, Rgb888::default(), &mut ink);
        ink.bounds
    }

    /// Draws `text` with the top-left corner of its line box at `top_left`.
    pub fn draw<D>(self, text: &str, top_left: Point, color: Rgb888, target: &mut D)
    where
        D: DrawTarget<Color = Rgb888, Error = Infallible>,
    {
        with_style!(self, color, |style| {
            let Ok(_) = Text::with_baseline(text, top_left, style, Baseline::Top).draw(target);
        })
    }
}

/// A draw target that only records the bounding box of what is drawn on it.
#[derive(Default)]
struct InkBounds {
    bounds: Option<Rectangle>,
}

impl Dimensions for InkBounds {
    fn bounding_box(&self) -> Rectangle {
        // Large enough for any text on any panel; nothing is clipped.
        Rectangle::with_center(Point::zero(), Size::new_equal(1 << 20))
    }
}

impl DrawTarget for InkBounds {
    type Color = Rgb888;
    type Error = Infallible;

    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Pixel<Self::Color>>,
    {
        for Pixel(point, _) in pixels {
            let pixel = Rectangle::new(point, Size::new(1, 1));
            self.bounds = Some(match self.bounds {
                None => pixel,
                Some(bounds) => Rectangle::with_corners(
                    bounds.top_left.component_min(point),
                    bounds.bottom_right().unwrap_or(point).component_max(point),
                ),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gfx::Canvas;

    #[test]
    fn every_listed_name_is_a_font_that_draws() {
        for name in NAMES {
            let font = Font::named(name).unwrap_or_else(|| panic!("{name} has no font"));
            let mut canvas = Canvas::new(32, 32);
            font.draw("A", Point::zero(), Rgb888::new(9, 8, 7), &mut canvas);
            assert!(canvas.pixels.contains(&[9, 8, 7]), "{name} drew nothing");
            assert!(font.line_height() >= 6, "{name}");
        }
        assert!(Font::named("comic-sans").is_none());
    }

    #[test]
    fn fixed_font_metrics_follow_their_names() {
        let font = Font::named("6x10").unwrap();
        assert_eq!(font.line_height(), 10);
        assert_eq!(font.advance("abc"), 18);
        let thumb = Font::named("tom-thumb").unwrap();
        assert_eq!(thumb.advance("abc"), 12);
    }

    #[test]
    fn ink_box_is_where_the_pixels_land() {
        let font = Font::named("6x10").unwrap();
        let ink = font.ink_box("l", Point::new(10, 3)).unwrap();
        let mut canvas = Canvas::new(40, 20);
        font.draw("l", Point::new(10, 3), Rgb888::new(1, 1, 1), &mut canvas);
        let lit: Vec<(i32, i32)> = (0..20)
            .flat_map(|y| (0..40).map(move |x| (x, y)))
            .filter(|&(x, y)| canvas.get(x, y) == Some([1, 1, 1]))
            .collect();
        let min_x = lit.iter().map(|p| p.0).min().unwrap();
        let max_y = lit.iter().map(|p| p.1).max().unwrap();
        assert_eq!(ink.top_left.x, min_x);
        assert_eq!(ink.bottom_right().unwrap().y, max_y);
        assert!(font.ink_box(" ", Point::zero()).is_none());
    }
}
