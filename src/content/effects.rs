//! Background effects (`effect`, `effectSettings`): animated pictures drawn
//! under the text, named as AWTRIX names its own.
//!
//! Each is a function of the time since the content started, so a frame is the
//! same picture however often it is drawn, and a test can look at any moment.
//! The settings are AWTRIX's: `speed` (higher is faster), `palette` (the
//! colours the effect picks from) and `blend` (smooth or stepped colours).

use std::f64::consts::TAU;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{FieldError, Fields, Rgb};
use crate::gfx::Canvas;

/// The effects this board draws, with AWTRIX's name and default speed and palette of each.
pub const EFFECTS: &[(&str, Kind, f64, Palette, bool)] = &[
    ("Fade", Kind::Fade, 1.0, Palette::Rainbow, true),
    ("MovingLine", Kind::MovingLine, 1.0, Palette::Rainbow, true),
    ("Checkerboard", Kind::Checkerboard, 1.0, Palette::Rainbow, true),
    ("Plasma", Kind::Plasma, 2.0, Palette::Rainbow, true),
    ("Ripple", Kind::Ripple, 3.0, Palette::Rainbow, true),
    ("Matrix", Kind::Matrix, 8.0, Palette::Forest, false),
    ("TwinklingStars", Kind::TwinklingStars, 4.0, Palette::Ocean, true),
    ("ColorWaves", Kind::ColorWaves, 5.0, Palette::Rainbow, true),
];

/// Palettes by AWTRIX's names: a few colours each, spread evenly over the palette.
pub const PALETTES: &[(&str, Palette)] = &[
    ("Cloud", Palette::Cloud),
    ("Lava", Palette::Lava),
    ("Ocean", Palette::Ocean),
    ("Forest", Palette::Forest),
    ("Stripe", Palette::Stripe),
    ("Party", Palette::Party),
    ("Heat", Palette::Heat),
    ("Rainbow", Palette::Rainbow),
];

/// The fastest `speed` taken; AWTRIX's defaults run from 1 to 8.
pub const MAX_SPEED: f64 = 100.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Fade,
    MovingLine,
    Checkerboard,
    Plasma,
    Ripple,
    Matrix,
    TwinklingStars,
    ColorWaves,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Palette {
    Cloud,
    Lava,
    Ocean,
    Forest,
    Stripe,
    Party,
    Heat,
    Rainbow,
}

impl Palette {
    fn stops(self) -> &'static [Rgb] {
        match self {
            Self::Cloud => &[
                [0, 0, 255],
                [0, 0, 139],
                [135, 206, 235],
                [255, 255, 255],
                [173, 216, 230],
            ],
            Self::Lava => &[
                [0, 0, 0],
                [128, 0, 0],
                [255, 0, 0],
                [255, 165, 0],
                [255, 255, 255],
                [139, 0, 0],
            ],
            Self::Ocean => &[
                [25, 25, 112],
                [0, 0, 139],
                [0, 128, 128],
                [0, 191, 255],
                [127, 255, 212],
                [70, 130, 180],
            ],
            Self::Forest => &[
                [0, 100, 0],
                [85, 107, 47],
                [0, 128, 0],
                [154, 205, 50],
                [34, 139, 34],
                [107, 142, 35],
            ],
            Self::Stripe => &[[255, 0, 0], [0, 0, 0], [255, 255, 255], [0, 0, 0]],
            Self::Party => &[
                [85, 0, 171],
                [171, 0, 85],
                [255, 0, 0],
                [255, 128, 0],
                [171, 171, 0],
                [0, 85, 171],
            ],
            Self::Heat => &[
                [0, 0, 0],
                [128, 0, 0],
                [255, 0, 0],
                [255, 128, 0],
                [255, 255, 0],
                [255, 255, 255],
            ],
            Self::Rainbow => &[
                [255, 0, 0],
                [255, 128, 0],
                [255, 255, 0],
                [0, 255, 0],
                [0, 0, 255],
                [128, 0, 255],
            ],
        }
    }

    /// The colour at `position` (wrapping, one lap per 1.0): between two stops
    /// when blending, else the nearest stop below.
    fn at(self, position: f64, blend: bool) -> Rgb {
        let stops = self.stops();
        let scaled = position.rem_euclid(1.0) * stops.len() as f64;
        let (index, fraction) = (scaled.floor() as usize % stops.len(), scaled.fract());
        if !blend {
            return stops[index];
        }
        let (from, to) = (stops[index], stops[(index + 1) % stops.len()]);
        std::array::from_fn(|channel| {
            let (a, b) = (f64::from(from[channel]), f64::from(to[channel]));
            (a + (b - a) * fraction).round() as u8
        })
    }
}

/// A background effect with its settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    pub kind: Kind,
    pub speed: f64,
    pub palette: Palette,
    pub blend: bool,
}

/// Reads `effect` and `effectSettings`; `""` is no effect, as in AWTRIX.
pub fn read(fields: &Fields) -> Result<Option<Effect>, FieldError> {
    let names = || EFFECTS.iter().map(|effect| effect.0).collect::<Vec<_>>().join(", ");
    let name = match fields.get("effect") {
        None => return settings_checked(fields, None),
        Some(Value::String(name)) if name.is_empty() => return settings_checked(fields, None),
        Some(Value::String(name)) => name,
        Some(_) => return Err(FieldError::new("effect", format_args!("must be one of {}", names()))),
    };
    let Some(&(_, kind, speed, palette, blend)) = EFFECTS.iter().find(|effect| effect.0 == name) else {
        return Err(FieldError::new(
            "effect",
            format_args!("'{name}' is not an effect this board draws; it has {}", names()),
        ));
    };
    settings_checked(
        fields,
        Some(Effect {
            kind,
            speed,
            palette,
            blend,
        }),
    )
}

/// Lays `effectSettings` over `effect`'s defaults. The settings are checked
/// even without an effect, so a bad value is never silently kept.
fn settings_checked(fields: &Fields, effect: Option<Effect>) -> Result<Option<Effect>, FieldError> {
    let Some(value) = fields.get("effectSettings") else {
        return Ok(effect);
    };
    let key = "effectSettings";
    let settings = value
        .as_object()
        .ok_or_else(|| FieldError::new(key, "must be an object of speed, palette and blend"))?;
    let mut tuned = effect.unwrap_or(Effect {
        kind: Kind::Fade,
        speed: 1.0,
        palette: Palette::Rainbow,
        blend: true,
    });
    if let Some(speed) = settings.get("speed").filter(|v| !v.is_null()) {
        tuned.speed = speed
            .as_f64()
            .filter(|speed| *speed > 0.0 && *speed <= MAX_SPEED)
            .ok_or_else(|| FieldError::new(key, format_args!("speed must be a number above 0, at most {MAX_SPEED}")))?;
    }
    if let Some(palette) = settings.get("palette").filter(|v| !v.is_null()) {
        let names = PALETTES.iter().map(|p| p.0).collect::<Vec<_>>().join(", ");
        tuned.palette = palette
            .as_str()
            .and_then(|name| PALETTES.iter().find(|p| p.0 == name))
            .map(|p| p.1)
            .ok_or_else(|| FieldError::new(key, format_args!("palette must be one of {names}")))?;
    }
    if let Some(blend) = settings.get("blend").filter(|v| !v.is_null()) {
        tuned.blend = blend
            .as_bool()
            .ok_or_else(|| FieldError::new(key, "blend must be true or false"))?;
    }
    Ok(effect.map(|_| tuned))
}

/// A well-mixed number from `seed`: the same seed always gives the same number.
pub(super) fn scramble(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `color` at `level` (0 to 1) of its brightness.
pub(super) fn dimmed(color: Rgb, level: f64) -> Rgb {
    color.map(|channel| (f64::from(channel) * level.clamp(0.0, 1.0)).round() as u8)
}

impl Effect {
    /// Paints the whole canvas as the effect looks `elapsed` after it started.
    pub fn draw(&self, canvas: &mut Canvas, elapsed: Duration) {
        let t = elapsed.as_secs_f64() * self.speed;
        let (width, height) = (canvas.width as i32, canvas.height as i32);
        let (w, h) = (f64::from(width), f64::from(height));
        let color = |position: f64| self.palette.at(position, self.blend);
        for y in 0..height {
            for x in 0..width {
                let (fx, fy) = (f64::from(x), f64::from(y));
                let pixel = match self.kind {
                    Kind::Fade => color(t * 0.05),
                    Kind::MovingLine => {
                        let row = ((t * 0.5).sin() * 0.5 + 0.5) * (h - 1.0);
                        if (fy - row).abs() < 0.5 {
                            color(t * 0.05)
                        } else {
                            [0; 3]
                        }
                    }
                    Kind::Checkerboard => {
                        let cell = (height / 4).max(1);
                        let shift = (t * 2.0) as i32;
                        let dark = ((x + shift) / cell + y / cell) % 2 == 0;
                        color(t * 0.05 + if dark { 0.5 } else { 0.0 })
                    }
                    Kind::Plasma => {
                        let value = (fx / w * TAU * 2.0 + t).sin()
                            + (fy / h * TAU + t * 0.7).sin()
                            + ((fx / w + fy / h) * TAU + t * 1.3).sin();
                        color(value / 6.0 + 0.5)
                    }
                    Kind::Ripple => {
                        let distance = ((fx - w / 2.0).powi(2) + (fy - h / 2.0).powi(2)).sqrt();
                        let ring = (distance * 0.8 - t * 2.0).sin() * 0.5 + 0.5;
                        dimmed(color(distance / w + t * 0.05), ring)
                    }
                    Kind::Matrix => {
                        let column = scramble(x as u64);
                        let period = h + 8.0 + (column % 16) as f64;
                        let head = (t * (1.0 + (column % 3) as f64) + (column % 97) as f64).rem_euclid(period);
                        let behind = head - fy;
                        if (0.0..8.0).contains(&behind) {
                            dimmed(color((column % 8) as f64 / 8.0), 1.0 - behind / 8.0)
                        } else {
                            [0; 3]
                        }
                    }
                    Kind::TwinklingStars => {
                        let star = scramble((y as u64) << 32 | x as u64);
                        if !star.is_multiple_of(8) {
                            [0; 3]
                        } else {
                            let phase = (star >> 8) as f64 / (1u64 << 56) as f64;
                            let level = ((t * 0.5 + phase) * TAU).sin().max(0.0);
                            dimmed(color(phase), level)
                        }
                    }
                    Kind::ColorWaves => color((fx + fy) / (w + h) + t * 0.1),
                };
                canvas.set(x, y, pixel);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read_body(body: Value) -> Result<Option<Effect>, FieldError> {
        read(&Fields::new(body.as_object().unwrap().clone()))
    }

    #[test]
    fn effects_are_read_by_awtrix_s_names_with_their_settings() {
        let effect =
            read_body(json!({"effect": "Plasma", "effectSettings": {"speed": 3, "palette": "Lava", "blend": false}}))
                .unwrap()
                .unwrap();
        assert_eq!(
            (effect.kind, effect.speed, effect.palette, effect.blend),
            (Kind::Plasma, 3.0, Palette::Lava, false)
        );
        let defaults = read_body(json!({"effect": "Matrix"})).unwrap().unwrap();
        assert_eq!(
            (defaults.speed, defaults.palette, defaults.blend),
            (8.0, Palette::Forest, false)
        );
        assert_eq!(read_body(json!({"effect": ""})).unwrap(), None);
        assert_eq!(read_body(json!({})).unwrap(), None);
    }

    #[test]
    fn unknown_effects_and_bad_settings_name_their_key() {
        let unknown = read_body(json!({"effect": "BrickBreaker"})).unwrap_err();
        assert_eq!(unknown.key, "effect");
        assert!(unknown.message.contains("Plasma"), "{unknown}");
        for bad in [
            json!({"speed": 0}),
            json!({"palette": "Mud"}),
            json!({"blend": 1}),
            json!(3),
        ] {
            let error = read_body(json!({"effect": "Fade", "effectSettings": bad})).unwrap_err();
            assert_eq!(error.key, "effectSettings", "{bad}");
        }
        assert_eq!(
            read_body(json!({"effectSettings": {"speed": -1}})).unwrap_err().key,
            "effectSettings"
        );
    }

    #[test]
    fn every_effect_lights_the_panel_and_moves() {
        for &(name, ..) in EFFECTS {
            let effect = read_body(json!({"effect": name})).unwrap().unwrap();
            let frame = |millis| {
                let mut canvas = Canvas::new(32, 16);
                effect.draw(&mut canvas, Duration::from_millis(millis));
                canvas
            };
            let (first, later) = (frame(0), frame(1700));
            assert!(
                first.pixels.iter().chain(&later.pixels).any(|p| *p != [0; 3]),
                "{name} lights nothing"
            );
            assert_ne!(first, later, "{name} stands still");
            assert_eq!(frame(1700), later, "{name} is a function of time");
        }
    }

    #[test]
    fn palettes_blend_between_their_stops_or_step() {
        assert_eq!(Palette::Stripe.at(0.0, true), [255, 0, 0]);
        assert_eq!(Palette::Stripe.at(0.125, true), [128, 0, 0]);
        assert_eq!(Palette::Stripe.at(0.125, false), [255, 0, 0]);
        assert_eq!(Palette::Stripe.at(1.25, false), Palette::Stripe.at(0.25, false));
    }
}
