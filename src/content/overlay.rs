//! Weather overlays (`overlay`): snow, rain and the like falling over the content.
//!
//! Like the effects, each is a function of the time since the content started.
//! Every column has its own drops, falling at the overlay's pace from a place
//! of their own, so the weather looks random but each frame is reproducible.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::effects::{dimmed, scramble};
use super::{FieldError, Fields, Rgb};
use crate::gfx::Canvas;

/// The overlays by AWTRIX's names; `clear` draws nothing.
pub const OVERLAYS: &[(&str, Option<Overlay>)] = &[
    ("clear", None),
    ("snow", Some(Overlay::Snow)),
    ("rain", Some(Overlay::Rain)),
    ("drizzle", Some(Overlay::Drizzle)),
    ("storm", Some(Overlay::Storm)),
    ("thunder", Some(Overlay::Thunder)),
    ("frost", Some(Overlay::Frost)),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Overlay {
    Snow,
    Rain,
    Drizzle,
    Storm,
    Thunder,
    Frost,
}

const WHITE: Rgb = [255, 255, 255];
const RAIN: Rgb = [0, 60, 200];
const DRIZZLE: Rgb = [60, 120, 230];
const ICE: Rgb = [150, 220, 255];
/// How long a thunder flash lasts, and how often one may come.
const FLASH: Duration = Duration::from_millis(100);
const FLASH_EVERY: Duration = Duration::from_secs(3);

/// Reads `overlay`; `""` and `"clear"` are none.
pub fn read(fields: &Fields) -> Result<Option<Overlay>, FieldError> {
    let name = match fields.get("overlay") {
        None => return Ok(None),
        Some(Value::String(name)) if name.is_empty() => return Ok(None),
        Some(Value::String(name)) => name.to_lowercase(),
        Some(_) => "".into(),
    };
    OVERLAYS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, overlay)| *overlay)
        .ok_or_else(|| {
            let names = OVERLAYS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
            FieldError::new("overlay", format_args!("must be one of {names}"))
        })
}

impl Overlay {
    /// Rows a drop falls a second, one drop in how many columns at a time, its colour and trail.
    fn weather(self) -> (f64, u64, Rgb, u32) {
        match self {
            Self::Snow => (6.0, 3, WHITE, 1),
            Self::Rain => (15.0, 2, RAIN, 2),
            Self::Drizzle => (12.0, 5, DRIZZLE, 1),
            Self::Storm | Self::Thunder => (20.0, 1, RAIN, 3),
            Self::Frost => (0.0, 1, ICE, 0),
        }
    }

    /// Paints the overlay over `canvas` as it looks `elapsed` after it started.
    pub fn draw(self, canvas: &mut Canvas, elapsed: Duration) {
        let (width, height) = (canvas.width as i32, canvas.height as i32);
        if self == Self::Thunder && elapsed.as_millis() % FLASH_EVERY.as_millis() < FLASH.as_millis() {
            canvas.pixels.fill(WHITE);
            return;
        }
        if self == Self::Frost {
            return frost(canvas, elapsed);
        }
        let (speed, sparseness, color, trail) = self.weather();
        let seconds = elapsed.as_secs_f64();
        for x in 0..width {
            let column = scramble(x as u64);
            if !column.is_multiple_of(sparseness) {
                continue;
            }
            // Each column's drop falls through the panel and a gap of the same height.
            let lap = f64::from(height) * 2.0;
            let pace = speed * (0.8 + (column % 5) as f64 * 0.1);
            let head = (seconds * pace + (column >> 8) as f64 % lap).rem_euclid(lap) as i32;
            for behind in 0..=trail as i32 {
                let level = 1.0 - f64::from(behind as u32) / f64::from(trail + 1);
                canvas.set(x, head - behind, dimmed(color, level));
            }
        }
    }
}

/// Ice crystals that light up here and there and fade away.
fn frost(canvas: &mut Canvas, elapsed: Duration) {
    let (width, height) = (canvas.width as u64, canvas.height as u64);
    let seconds = elapsed.as_secs_f64();
    for y in 0..height {
        for x in 0..width {
            let crystal = scramble(y << 32 | x);
            if !crystal.is_multiple_of(10) {
                continue;
            }
            let phase = (crystal >> 16) as f64 / (1u64 << 48) as f64;
            let level = ((seconds * 0.7 + phase) * std::f64::consts::TAU).sin();
            if level > 0.0 {
                canvas.set(x as i32, y as i32, dimmed(ICE, level));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read_body(body: Value) -> Result<Option<Overlay>, FieldError> {
        read(&Fields::new(body.as_object().unwrap().clone()))
    }

    fn drawn(overlay: Overlay, millis: u64) -> Canvas {
        let mut canvas = Canvas::new(32, 16);
        overlay.draw(&mut canvas, Duration::from_millis(millis));
        canvas
    }

    #[test]
    fn overlays_are_read_by_awtrix_s_names() {
        assert_eq!(read_body(json!({"overlay": "snow"})).unwrap(), Some(Overlay::Snow));
        assert_eq!(read_body(json!({"overlay": "Rain"})).unwrap(), Some(Overlay::Rain));
        assert_eq!(read_body(json!({"overlay": "clear"})).unwrap(), None);
        assert_eq!(read_body(json!({"overlay": "hail"})).unwrap_err().key, "overlay");
        assert_eq!(read_body(json!({"overlay": 1})).unwrap_err().key, "overlay");
    }

    #[test]
    fn each_overlay_falls_or_twinkles_over_what_is_below() {
        for (name, overlay) in OVERLAYS.iter().filter_map(|(name, overlay)| Some((name, (*overlay)?))) {
            let (first, later) = (drawn(overlay, 400), drawn(overlay, 900));
            assert!(first.pixels.iter().any(|p| *p != [0; 3]), "{name} draws nothing");
            assert!(first.pixels.contains(&[0; 3]), "{name} hides everything");
            assert_ne!(first, later, "{name} stands still");
        }
        let snow = drawn(Overlay::Snow, 400);
        assert!(snow.pixels.iter().all(|p| p[0] == p[2]), "snow is white");
    }

    #[test]
    fn thunder_flashes_the_whole_panel_now_and_then() {
        assert!(drawn(Overlay::Thunder, 3050).pixels.iter().all(|p| *p == WHITE));
        assert!(drawn(Overlay::Thunder, 3500).pixels.iter().any(|p| *p != WHITE));
    }
}
