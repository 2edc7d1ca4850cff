//! The indicator layer: AWTRIX's three status dots at the right edge, over
//! everything but the moodlight.
//!
//! AWTRIX draws them as a few pixels of its 32x8 panel: the upper right
//! corner, the middle of the right edge and the lower right corner. Here each
//! of those pixels becomes the block of this panel it covers, so the dots
//! keep their place and proportion on any panel. Blinking and fading run on
//! tokio's clock from the moment an indicator was set.

use std::f64::consts::TAU;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::{Layer, Scene};
use crate::content::Rgb;
use crate::gfx::{Canvas, FrameContext};

/// AWTRIX's panel, in whose pixels the dots are placed.
const AWTRIX_SIZE: (u32, u32) = (32, 8);
/// The pixels of each indicator on AWTRIX's panel.
const DOTS: [&[(u32, u32)]; 3] = [
    &[(30, 0), (31, 0), (31, 1)],
    &[(31, 3), (31, 4)],
    &[(31, 6), (30, 7), (31, 7)],
];
/// How often a fading indicator is redrawn.
const FADE_FRAME: Duration = Duration::from_millis(33);

/// One lit indicator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub color: Rgb,
    /// On for this many ms, then off as long.
    pub blink_ms: Option<u32>,
    /// Fades out and in over this many ms.
    pub fade_ms: Option<u32>,
}

impl Indicator {
    /// Its colour `elapsed` after it was set: blinking takes precedence over fading.
    fn color_after(&self, elapsed: Duration) -> Rgb {
        let millis = elapsed.as_millis() as u64;
        if let Some(blink) = self.blink_ms.map(u64::from) {
            return if millis % (2 * blink) < blink {
                self.color
            } else {
                [0; 3]
            };
        }
        if let Some(fade) = self.fade_ms.map(u64::from) {
            let level = ((millis % fade) as f64 / fade as f64 * TAU).cos() / 2.0 + 0.5;
            return self.color.map(|channel| (f64::from(channel) * level).round() as u8);
        }
        self.color
    }

    /// How long after `elapsed` its colour next changes.
    fn next_change(&self, elapsed: Duration) -> Option<Duration> {
        if let Some(blink) = self.blink_ms.map(u64::from) {
            let millis = elapsed.as_millis() as u64;
            return Some(Duration::from_millis(blink - millis % blink));
        }
        self.fade_ms.map(|_| FADE_FRAME)
    }
}

/// Draws the scene's indicators, each timed from when it was last set.
#[derive(Default)]
pub struct IndicatorLayer {
    shown: [Option<(Indicator, Instant)>; 3],
}

impl Layer for IndicatorLayer {
    fn apply(&mut self, scene: &Scene) {
        for (shown, wanted) in self.shown.iter_mut().zip(scene.indicators) {
            *shown = match (wanted, shown.take()) {
                (Some(wanted), Some((held, since))) if held == wanted => Some((held, since)),
                (Some(wanted), _) => Some((wanted, Instant::now())),
                (None, _) => None,
            };
        }
    }

    fn draw(&self, canvas: &mut Canvas, _ctx: &FrameContext) {
        let now = Instant::now();
        for (dots, (indicator, since)) in DOTS
            .iter()
            .zip(&self.shown)
            .filter_map(|(dots, shown)| Some((dots, shown.as_ref()?)))
        {
            let color = indicator.color_after(now - *since);
            for &(x, y) in *dots {
                fill_block(canvas, x, y, color);
            }
        }
    }

    fn frame_interval(&self, _ctx: &FrameContext) -> Option<Duration> {
        let now = Instant::now();
        self.shown
            .iter()
            .flatten()
            .filter_map(|(indicator, since)| indicator.next_change(now - *since))
            .min()
    }
}

/// Paints the block of `canvas` that AWTRIX's pixel (`x`, `y`) covers: at least one pixel.
fn fill_block(canvas: &mut Canvas, x: u32, y: u32, color: Rgb) {
    let span = |at: u32, size: u32, awtrix: u32| {
        let start = at * size / awtrix;
        start..((at + 1) * size / awtrix).max(start + 1)
    };
    for row in span(y, canvas.height, AWTRIX_SIZE.1) {
        for column in span(x, canvas.width, AWTRIX_SIZE.0) {
            canvas.set(column as i32, row as i32, color);
        }
    }
}

#[cfg(test)]
mod tests;
