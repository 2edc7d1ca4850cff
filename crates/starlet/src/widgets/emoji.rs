//! `render.Emoji` (a Tronbyt addition): one emoji from the sprite sheet at
//! any size, scaled as Pixlet scales it: repeated pixels for whole
//! multiples of its size, otherwise blown up by a whole factor and brought
//! down smoothly with Lanczos-2.

use std::sync::Arc;

use crate::render::picture::{MAX_SIDE, Picture};
use crate::render::{Canvas, Image, Rect, Widget, emoji, resize};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// The most the emoji is blown up before it is smoothed down: Pixlet's cap.
const MAX_UPSCALE: f64 = 10.0;

#[derive(Debug)]
pub struct EmojiWidget {
    picture: Image,
}

pub static SPEC: Spec = Spec {
    name: "Emoji",
    params: &[
        Param::required("emoji"),
        Param::optional("width", Absent::Int(0)),
        Param::optional("height", Absent::Int(0)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let emoji = EmojiWidget::new(
        args.string("emoji")?.unwrap_or_default(),
        args.int("width")?.unwrap_or(0),
        args.int("height")?.unwrap_or(0),
    )?;
    Ok(Built::Widget(Arc::new(emoji)))
}

impl EmojiWidget {
    /// The emoji `sequence` (or the sheet's stand-in when it has none) at
    /// `width` x `height`; a 0 side follows the aspect ratio, both 0 keep
    /// the sprite's size.
    pub fn new(sequence: &str, width: i64, height: i64) -> anyhow::Result<Self> {
        if height < 0 {
            anyhow::bail!("Emoji: emoji height must not be negative, got {height}");
        }
        if width < 0 {
            anyhow::bail!("Emoji: emoji width must not be negative, got {width}");
        }
        if sequence.is_empty() {
            anyhow::bail!("Emoji: emoji string cannot be empty");
        }
        let (area, _) = emoji::find_or_fallback(sequence);
        let sprite = emoji::sprite(area);
        let (w, h) = (area.dx() as i64, area.dy() as i64);
        let width = if width == 0 {
            (height as f64 * w as f64 / h as f64).round() as i64
        } else {
            width
        };
        let height = if height == 0 {
            (width as f64 * h as f64 / w as f64).round() as i64
        } else {
            height
        };
        if width > MAX_SIDE as i64 || height > MAX_SIDE as i64 {
            anyhow::bail!("Emoji: {width}x{height} is larger than the {MAX_SIDE}x{MAX_SIDE} an emoji may be");
        }
        let picture = scale(&sprite, width as u32, height as u32);
        Ok(Self {
            picture: picture.to_image(),
        })
    }
}

fn scale(sprite: &Picture, width: u32, height: u32) -> Picture {
    let (w, h) = (sprite.width() as u32, sprite.height() as u32);
    if width.is_multiple_of(w) && height.is_multiple_of(h) {
        return resize::nearest(sprite, width, height);
    }
    let factor = (width as f64 / w as f64).max(height as f64 / h as f64);
    let factor = factor.ceil().clamp(2.0, MAX_UPSCALE) as u32;
    let blown_up = resize::nearest(sprite, w * factor, h * factor);
    resize::lanczos2(&blown_up, width, height)
}

impl Widget for EmojiWidget {
    fn paint_bounds(&self, _bounds: Rect, _frame: usize) -> Rect {
        self.picture.bounds()
    }

    fn paint(&self, canvas: &mut Canvas, _bounds: Rect, _frame: usize) {
        canvas.draw_image(&self.picture, 0, 0);
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        1
    }

    fn size(&self) -> Option<(i32, i32)> {
        Some((self.picture.width(), self.picture.height()))
    }
}
