//! Drawing [`Content`] frame by frame: text wider than the panel scrolls in
//! from the right edge, shorter text stands still (centred unless asked not to).

use std::sync::Arc;
use std::time::Duration;

use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::Point;

use super::{Content, Rgb};
use crate::gfx::Canvas;
use crate::gfx::fonts::Font;
use crate::icons::Icon;

/// Frames a second while content moves (scrolls, or cycles rainbow colours).
pub const FPS: u32 = 30;
/// Pixels scrolled per frame at `scrollSpeed` 100.
const STEP: f64 = 1.0;
/// Degrees of hue between neighbouring characters, and moved per frame, in rainbow text.
const HUE_PER_CHAR: u32 = 30;
const HUE_PER_FRAME: u32 = 6;

/// Columns the text gives up to an icon it does not know the width of: the
/// common 8 x 8 icon and a one-pixel gap.
const ASSUMED_ICON_COLUMNS: u32 = 9;

/// Content being shown, its icon's picture, and how many frames it has been shown for.
#[derive(Debug, Clone)]
pub struct Playback {
    content: Content,
    icon: Option<Arc<Icon>>,
    frames: u64,
}

impl Content {
    /// How long the text takes to scroll across once, entering at the right
    /// edge until it has left at the left one; `None` when it fits and stands still.
    /// An icon takes the left of the panel; its exact width is only known
    /// where icons are, so a named one counts as 8 pixels wide here.
    pub fn pass_time(&self, width: u32, height: u32) -> Option<Duration> {
        let width = if self.icon.is_some() {
            width.saturating_sub(ASSUMED_ICON_COLUMNS)
        } else {
            width
        };
        let text_width = self.text_width(height);
        if text_width <= width {
            return None;
        }
        let frames = (f64::from(width + text_width) / self.step()).ceil() as u32;
        Some(Duration::from_secs(1) / FPS * frames)
    }

    fn step(&self) -> f64 {
        STEP * self.scroll_speed / 100.0
    }

    fn text_width(&self, height: u32) -> u32 {
        let font = font_for(height);
        self.text.iter().map(|fragment| font.advance(&fragment.text)).sum()
    }
}

/// A font that suits the panel: the 6x10 fixed font from 16 rows up, tom-thumb below.
fn font_for(height: u32) -> Font {
    if height >= 16 {
        Font::named("6x10").unwrap_or_default()
    } else {
        Font::TomThumb
    }
}

impl Playback {
    /// `icon` is the picture `content.icon` names, looked up by the caller.
    pub fn new(content: Content, icon: Option<Arc<Icon>>) -> Self {
        Self {
            content,
            icon,
            frames: 0,
        }
    }

    /// How long this has been shown, at [`FPS`] frames a second.
    fn elapsed(&self) -> Duration {
        Duration::from_secs(1) / FPS * self.frames as u32
    }

    /// Columns taken by the icon and the gap after it.
    fn icon_columns(&self) -> u32 {
        self.icon.as_ref().map_or(0, |icon| u32::from(icon.width()) + 1)
    }

    pub fn step(&mut self) {
        self.frames += 1;
    }

    /// How long until the picture changes by itself; `None` while it stands still.
    pub fn frame_interval(&self, width: u32, height: u32) -> Option<Duration> {
        let text_width = self.content.text_width(height);
        let scrolls = text_width > width.saturating_sub(self.icon_columns());
        let animates = self.icon.as_ref().is_some_and(|icon| icon.frame_count() > 1);
        let moves = self.content.rainbow || scrolls || animates;
        moves.then(|| Duration::from_secs(1) / FPS)
    }

    /// Paints the whole canvas: background, text, and the progress bar on the bottom row.
    pub fn draw(&self, canvas: &mut Canvas) {
        let (width, height) = (canvas.width, canvas.height);
        canvas.pixels.fill(self.content.background);
        let mut text_rows = height;
        if let Some(progress) = self.content.progress {
            text_rows -= 1;
            let filled = width * u32::from(progress.percent) / 100;
            for x in 0..width {
                let color = if x < filled {
                    progress.color
                } else {
                    progress.background
                };
                canvas.set(x as i32, text_rows as i32, color);
            }
        }
        let font = font_for(height);
        let text_width = self.content.text_width(height);
        let start = self.icon_columns().min(width);
        let room = width - start;
        let left = if text_width > room {
            let journey = f64::from(room + text_width);
            let scrolled = (self.frames as f64 * self.content.step()) % journey;
            width as i32 - scrolled.floor() as i32
        } else if self.content.center {
            (start + (room - text_width) / 2) as i32
        } else {
            start as i32
        };
        let top = (text_rows as i32 - font.line_height() as i32) / 2;
        let mut pen = Point::new(left, top);
        let mut index = 0;
        for fragment in &self.content.text {
            if self.content.rainbow {
                for c in fragment.text.chars() {
                    let glyph = c.to_string();
                    let hue = (index * HUE_PER_CHAR + (self.frames % 360) as u32 * HUE_PER_FRAME) % 360;
                    font.draw(&glyph, pen, rgb888(hue_color(hue)), canvas);
                    pen.x += font.advance(&glyph) as i32;
                    index += 1;
                }
            } else {
                let color = fragment.color.unwrap_or(self.content.color);
                font.draw(&fragment.text, pen, rgb888(color), canvas);
                pen.x += font.advance(&fragment.text) as i32;
            }
        }
        if let Some(icon) = &self.icon {
            // Scrolling text passes behind the icon's column.
            for y in 0..text_rows {
                for x in 0..start {
                    canvas.set(x as i32, y as i32, self.content.background);
                }
            }
            let top = (text_rows as i32 - i32::from(icon.height())) / 2;
            icon.draw(canvas, 0, top.max(0), self.elapsed());
        }
    }
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
    use crate::gfx::testing::{lit_box, lit_pixels};

    fn content(body: serde_json::Value) -> Content {
        Content::read(&Fields::new(body.as_object().unwrap().clone())).unwrap()
    }

    fn drawn(playback: &Playback) -> Canvas {
        let mut canvas = Canvas::new(64, 32);
        playback.draw(&mut canvas);
        canvas
    }

    #[test]
    fn short_text_stands_still_centred_in_its_colour() {
        let still = content(json!({"text": "HI", "color": "#FF0000"}));
        assert_eq!(still.pass_time(64, 32), None);
        let playback = Playback::new(still, None);
        let (left, top, right, bottom) = lit_box(&drawn(&playback)).unwrap();
        assert!((left - (63 - right)).abs() <= 2, "centred: columns {left}..={right}");
        assert!((top - (31 - bottom)).abs() <= 2, "centred: rows {top}..={bottom}");
        assert!(
            lit_pixels(&drawn(&playback))
                .iter()
                .all(|&(.., color)| color == [255, 0, 0])
        );
        assert_eq!(playback.frame_interval(64, 32), None);
    }

    #[test]
    fn uncentred_text_starts_at_the_left_edge() {
        let playback = Playback::new(content(json!({"text": "HI", "center": false})), None);
        assert_eq!(lit_box(&drawn(&playback)).unwrap().0, 0);
    }

    #[test]
    fn wide_text_scrolls_in_from_the_right_at_its_speed() {
        let text = "A long message that cannot fit";
        let scrolling = content(json!({"text": text, "scrollSpeed": 200}));
        // 30 characters of 6 pixels plus the panel, at 2 pixels a frame.
        let frames = (64 + 30 * 6) / 2;
        assert_eq!(scrolling.pass_time(64, 32), Some(Duration::from_secs(1) / FPS * frames));
        let mut playback = Playback::new(scrolling, None);
        assert_eq!(lit_box(&drawn(&playback)), None, "starts past the right edge");
        for _ in 0..10 {
            playback.step();
        }
        let (left, ..) = lit_box(&drawn(&playback)).unwrap();
        assert_eq!(left, 64 - 20, "two pixels a frame");
        assert_eq!(playback.frame_interval(64, 32), Some(Duration::from_secs(1) / FPS));
    }

    #[test]
    fn fragments_and_the_bar_keep_their_colours() {
        let playback = Playback::new(
            content(json!({
                "text": [{"t": "R", "c": "FF0000"}, {"t": "G", "c": [0, 255, 0]}],
                "background": [0, 0, 40],
                "progress": 50,
                "progressC": "0000FF",
                "progressBC": "FFFFFF",
            })),
            None,
        );
        let canvas = drawn(&playback);
        let colors: Vec<_> = lit_pixels(&canvas).into_iter().map(|(.., color)| color).collect();
        assert!(colors.contains(&[255, 0, 0]) && colors.contains(&[0, 255, 0]));
        assert_eq!(canvas.get(0, 0), Some([0, 0, 40]), "background");
        assert_eq!(canvas.get(31, 31), Some([0, 0, 255]), "half the bar filled");
        assert_eq!(canvas.get(32, 31), Some([255, 255, 255]));
    }

    #[test]
    fn rainbow_text_changes_colour_as_it_plays() {
        let mut playback = Playback::new(content(json!({"text": "HI", "rainbow": true})), None);
        let before = drawn(&playback);
        assert!(playback.frame_interval(64, 32).is_some());
        playback.step();
        let after = drawn(&playback);
        assert_eq!(lit_box(&before), lit_box(&after), "it does not move");
        assert_ne!(before, after);
    }

    fn square(color: [u8; 3], frames: usize) -> Arc<Icon> {
        let frame = |at: usize| crate::icons::IconFrame {
            rgba: [color[0], color[1], color[2], 255].repeat(16),
            delay: Duration::from_millis(100 * (at as u64 + 1)),
        };
        Arc::new(Icon::new(4, 4, (0..frames).map(frame).collect()))
    }

    #[test]
    fn an_icon_takes_the_left_and_the_text_centres_in_the_rest() {
        let text = content(json!({"text": "HI", "color": [0, 255, 0]}));
        let playback = Playback::new(text.clone(), Some(square([255, 0, 0], 1)));
        let canvas = drawn(&playback);
        let red: Vec<_> = lit_pixels(&canvas)
            .into_iter()
            .filter(|&(.., c)| c == [255, 0, 0])
            .collect();
        assert_eq!(red.len(), 16);
        assert!(
            red.iter()
                .all(|&(x, y, _)| (0..4).contains(&x) && (14..18).contains(&y))
        );
        let green = lit_pixels(&canvas).into_iter().filter(|&(.., c)| c == [0, 255, 0]);
        let (min, max) = green.fold((64, 0), |(min, max), (x, ..)| (min.min(x), max.max(x)));
        // 59 columns are left of the 64 beside the 4-pixel icon and its gap;
        // glyphs' ink is a little narrower than their advance.
        assert!(min >= 5 && ((min - 5) - (63 - max)).abs() <= 3, "text at {min}..={max}");
        assert_eq!(
            playback.frame_interval(64, 32),
            None,
            "a still icon and short text stand still"
        );
    }

    #[test]
    fn an_animated_icon_plays_its_frames_in_time() {
        let mut playback = Playback::new(content(json!({"text": ""})), Some(square([0, 0, 255], 2)));
        assert_eq!(playback.frame_interval(64, 32), Some(Duration::from_secs(1) / FPS));
        // The first frame shows 100 ms: three frames at 30 a second, then the second frame.
        for _ in 0..3 {
            playback.step();
        }
        assert_eq!(playback.elapsed(), Duration::from_secs(1) / FPS * 3);
        assert_eq!(drawn(&playback).get(0, 14), Some([0, 0, 255]));
    }
}
