//! Drawing [`Content`] frame by frame: text wider than the panel scrolls in
//! from the right edge, shorter text stands still (centred unless asked not to).
//!
//! The layers of a frame, bottom to top, follow AWTRIX: the background and its
//! effect, the text, then the icon, the drawing instructions, the progress bar
//! and the charts (or those first and the text over them, with `topText`), the
//! red frame of a stale custom app, and the weather overlay over everything.

use std::sync::Arc;
use std::time::Duration;

use embedded_graphics::prelude::{DrawTargetExt, Point, Size};
use embedded_graphics::primitives::Rectangle;

use super::chart::Area;
use super::text::Moment;
use super::{Content, Rgb};
use crate::gfx::Canvas;
use crate::gfx::fonts::Font;
use crate::icons::Icon;

/// Frames a second while content moves (scrolls, or cycles rainbow colours).
pub const FPS: u32 = 30;
/// Pixels scrolled per frame at `scrollSpeed` 100.
const STEP: f64 = 1.0;
/// The colour a stale custom app is framed in, as AWTRIX frames it.
const STALE: Rgb = [110, 7, 0];

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
    /// edge until it has left at the left one; `None` when it stands still.
    /// An icon takes the left of the panel; its exact width is only known
    /// where icons are, so a named one counts as 8 pixels wide here.
    pub fn pass_time(&self, width: u32, height: u32) -> Option<Duration> {
        let icon_columns = if self.icon.is_some() { ASSUMED_ICON_COLUMNS } else { 0 };
        let journey = self.journey(width, icon_columns, height)?;
        let frames = (journey / self.step()).ceil() as u32;
        Some(Duration::from_secs(1) / FPS * frames)
    }

    fn step(&self) -> f64 {
        STEP * self.scroll_speed / 100.0
    }

    fn text_width(&self, height: u32) -> u32 {
        let font = font_for(height);
        self.text.iter().map(|fragment| font.advance(&fragment.text)).sum()
    }

    /// Whether scrolling text pushes the icon out rather than passing behind it.
    fn pushes_icon(&self) -> bool {
        self.extras.push_icon > 0
    }

    /// Pixels the text travels in one pass, or `None` when it stands still:
    /// from the right edge until it has left the room beside the icon (or,
    /// pushing the icon, the panel).
    fn journey(&self, width: u32, icon_columns: u32, height: u32) -> Option<f64> {
        let room = width.saturating_sub(icon_columns);
        let text_width = self.text_width(height);
        if text_width <= room || self.extras.no_scroll {
            return None;
        }
        let travelled = if self.pushes_icon() { width } else { room };
        Some(f64::from(travelled + text_width))
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
        let scrolls = self.content.journey(width, self.icon_columns(), height).is_some();
        let animates = self.icon.as_ref().is_some_and(|icon| icon.frame_count() > 1);
        let moves = self.content.animates() || scrolls || animates;
        moves.then(|| Duration::from_secs(1) / FPS)
    }

    /// Where the text starts, and where the icon is (`None` once pushed out for good).
    fn layout(&self, width: u32, height: u32) -> (i32, Option<i32>) {
        let content = &self.content;
        let offset = content.extras.text_offset;
        let icon_columns = self.icon_columns().min(width);
        let Some(journey) = content.journey(width, icon_columns, height) else {
            let room = width - icon_columns;
            let text_width = content.text_width(height).min(room);
            let left = if content.center && !content.extras.no_scroll {
                icon_columns + (room - text_width) / 2
            } else {
                icon_columns
            };
            return (left as i32 + offset, Some(0));
        };
        let travelled = self.frames as f64 * content.step();
        let left = width as i32 - (travelled % journey).floor() as i32 + offset;
        if !content.pushes_icon() {
            return (left, Some(0));
        }
        let gone_for_good = content.extras.push_icon == 1 && travelled >= journey;
        let icon = (!gone_for_good).then(|| (left - icon_columns as i32).min(0));
        (left, icon)
    }

    /// Paints the whole canvas: background and effect, text, icon, drawing,
    /// progress bar and charts, the stale frame and the overlay.
    pub fn draw(&self, canvas: &mut Canvas) {
        let content = &self.content;
        let extras = &content.extras;
        let (width, height) = (canvas.width, canvas.height);
        canvas.pixels.fill(content.background);
        if let Some(effect) = &extras.effect {
            effect.draw(canvas, self.elapsed());
        }
        let text_rows = height - u32::from(content.progress.is_some());
        let (left, icon_x) = self.layout(width, height);
        let icon_shown = icon_x.filter(|_| self.icon.is_some());
        let text_from = icon_shown.map_or(0, |x| (x + self.icon_columns() as i32).max(0));
        if extras.top_text {
            self.draw_pictures(canvas, icon_shown, text_rows);
        }
        let font = font_for(height);
        let top = (text_rows as i32 - font.line_height() as i32) / 2;
        let visible = Rectangle::new(
            Point::new(text_from, 0),
            Size::new(width.saturating_sub(text_from as u32), text_rows),
        );
        let moment = Moment {
            frames: self.frames,
            elapsed: self.elapsed(),
        };
        content.paint_text(font, Point::new(left, top), &moment, &mut canvas.clipped(&visible));
        if !extras.top_text {
            self.draw_pictures(canvas, icon_shown, text_rows);
        }
        if extras.stale {
            for x in 0..width as i32 {
                canvas.set(x, 0, STALE);
                canvas.set(x, height as i32 - 1, STALE);
            }
            for y in 0..height as i32 {
                canvas.set(0, y, STALE);
                canvas.set(width as i32 - 1, y, STALE);
            }
        }
        if let Some(overlay) = extras.overlay {
            overlay.draw(canvas, self.elapsed());
        }
    }

    /// The icon (at `icon_x`, if shown), the drawing instructions, the progress
    /// bar and the charts, which sit beside the icon above the bar.
    fn draw_pictures(&self, canvas: &mut Canvas, icon_x: Option<i32>, text_rows: u32) {
        let content = &self.content;
        let width = canvas.width;
        if let (Some(icon), Some(x)) = (&self.icon, icon_x) {
            let top = (text_rows as i32 - i32::from(icon.height())) / 2;
            icon.draw(canvas, x, top.max(0), self.elapsed());
        }
        for instruction in &content.extras.draw {
            instruction.draw(canvas, Font::TomThumb);
        }
        if let Some(progress) = content.progress {
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
        let chart_left = icon_x.map_or(0, |x| (x + self.icon_columns() as i32).max(0));
        let area = Area {
            left: chart_left,
            width: width.saturating_sub(chart_left as u32),
            height: text_rows,
        };
        for chart in &content.extras.charts {
            chart.draw(canvas, area, content.color, content.extras.bar_background);
        }
    }
}

#[cfg(test)]
mod tests;
