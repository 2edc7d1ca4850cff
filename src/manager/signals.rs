//! What AWTRIX's API sets besides apps: three status indicators, the
//! moodlight and a timed sleep.
//!
//! Like notifications they are shared in a cluster and never written to the
//! state file: AWTRIX forgets them on a restart too. The rules here are pure;
//! [`super::commands::apply`] calls them, the render layers draw the
//! indicators and the moodlight, and the panel owner's timer
//! ([`super::sleep_timer`]) ends a sleep.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::content::{FieldError, Fields, Rgb};
pub use crate::render::indicators::Indicator;

/// How many indicators there are: AWTRIX's upper right, right and lower right dots.
pub const INDICATORS: usize = 3;
/// Longest `blink` or `fade` period of an indicator, in milliseconds.
pub const MAX_PERIOD_MS: i64 = 60_000;
/// The colour temperatures a moodlight takes, in kelvin.
pub const KELVIN: std::ops::RangeInclusive<i64> = 1000..=40_000;
/// Longest sleep, in seconds: a week.
pub const MAX_SLEEP: f64 = 604_800.0;

/// A request to change one indicator. As in AWTRIX, a body without `color`
/// keeps the colour (and whether it shows) and sets only `blink` and `fade`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorUpdate {
    /// `None` keeps the colour; `Some(None)` hides the indicator.
    pub color: Option<Option<Rgb>>,
    pub blink_ms: Option<u32>,
    pub fade_ms: Option<u32>,
}

impl IndicatorUpdate {
    /// Hides the indicator, as an empty body does.
    pub const HIDE: Self = Self {
        color: Some(None),
        blink_ms: None,
        fade_ms: None,
    };

    /// Reads `color` (black or `"0"` hides), `blink` and `fade` (ms, 0 for none).
    pub fn read(body: Map<String, Value>) -> Result<Self, FieldError> {
        if body.is_empty() {
            return Ok(Self::HIDE);
        }
        let fields = Fields::new(body);
        let color = match fields.get("color") {
            None => None,
            Some(Value::String(zero)) if zero == "0" => Some(None),
            Some(_) => Some(fields.color("color")?.filter(|color| *color != [0; 3])),
        };
        let period = |key| {
            let ms = fields.integer(key, 0..=MAX_PERIOD_MS)?;
            Ok::<_, FieldError>(ms.filter(|&ms| ms > 0).map(|ms| ms as u32))
        };
        Ok(Self {
            color,
            blink_ms: period("blink")?,
            fade_ms: period("fade")?,
        })
    }

    pub fn applied_to(self, indicator: Option<Indicator>) -> Option<Indicator> {
        let color = match self.color {
            Some(color) => color,
            None => indicator.map(|indicator| indicator.color),
        };
        color.map(|color| Indicator {
            color,
            blink_ms: self.blink_ms,
            fade_ms: self.fade_ms,
        })
    }
}

/// The panel filled with one colour, over everything, until turned off.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Moodlight {
    pub color: Rgb,
    /// 0 to 255, in place of the panel's brightness; `None` keeps the panel's.
    pub brightness: Option<u8>,
}

impl Moodlight {
    /// Reads a moodlight body: `color` or `kelvin`, and `brightness`. An empty
    /// body turns it off (`None`).
    pub fn read(body: Map<String, Value>) -> Result<Option<Self>, FieldError> {
        if body.is_empty() {
            return Ok(None);
        }
        let fields = Fields::new(body);
        let brightness = fields.integer("brightness", 0..=255)?.map(|b| b as u8);
        let kelvin = fields.integer("kelvin", KELVIN)?;
        let color = match (kelvin, fields.color("color")?) {
            (Some(kelvin), _) => kelvin_color(kelvin as f64),
            (None, Some(color)) => color,
            (None, None) => {
                return Err(FieldError::new(
                    "color",
                    "or 'kelvin' is required; an empty body turns the moodlight off",
                ));
            }
        };
        Ok(Some(Self { color, brightness }))
    }
}

/// The colour of light at `kelvin`, by Tanner Helland's fit of the black-body
/// curve: warm orange at 2000 K, near white at 6500 K, bluish above.
fn kelvin_color(kelvin: f64) -> Rgb {
    let t = kelvin / 100.0;
    let red = if t <= 66.0 {
        255.0
    } else {
        329.698_727_446 * (t - 60.0).powf(-0.133_204_759_2)
    };
    let green = if t <= 66.0 {
        99.470_802_586_1 * t.ln() - 161.119_568_166_1
    } else {
        288.122_169_528_3 * (t - 60.0).powf(-0.075_514_849_2)
    };
    let blue = if t >= 66.0 {
        255.0
    } else if t <= 19.0 {
        0.0
    } else {
        138.517_731_223_1 * (t - 10.0).ln() - 305.044_792_730_7
    };
    [red, green, blue].map(|channel| channel.clamp(0.0, 255.0).round() as u8)
}

/// The panel switched off until a time, as AWTRIX's sleep does.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sleep {
    /// Names this sleep, so a wake-up timed for an earlier one does nothing.
    pub id: u64,
    pub seconds: f64,
}

/// Reads `{"sleep": seconds}`.
pub fn sleep_seconds(body: Map<String, Value>) -> Result<f64, FieldError> {
    Fields::new(body).number("sleep", 1.0..=MAX_SLEEP)?.ok_or_else(|| {
        FieldError::new(
            "sleep",
            format_args!("must be a number of seconds from 1 to {MAX_SLEEP}"),
        )
    })
}

/// Reads `{"power": true|false}`.
pub fn power(body: Map<String, Value>) -> Result<bool, FieldError> {
    Fields::new(body)
        .flag("power")?
        .ok_or_else(|| FieldError::new("power", "must be true or false"))
}

/// Everything of this module in the state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Signals {
    pub indicators: [Option<Indicator>; INDICATORS],
    pub moodlight: Option<Moodlight>,
    pub sleep: Option<Sleep>,
    /// The id the next sleep gets.
    pub next_sleep: u64,
}

impl Signals {
    /// Starts a sleep of `seconds` (replacing any other).
    pub fn fall_asleep(&mut self, seconds: f64) {
        self.sleep = Some(Sleep {
            id: self.next_sleep,
            seconds,
        });
        self.next_sleep += 1;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn an_indicator_takes_a_colour_blinks_fades_and_hides() {
        let red = IndicatorUpdate::read(object(json!({"color": [255, 0, 0], "blink": 500}))).unwrap();
        let lit = red.applied_to(None).unwrap();
        assert_eq!((lit.color, lit.blink_ms, lit.fade_ms), ([255, 0, 0], Some(500), None));
        let fade = IndicatorUpdate::read(object(json!({"fade": 2000}))).unwrap();
        assert_eq!(fade.clone().applied_to(Some(lit)).unwrap().fade_ms, Some(2000));
        assert_eq!(fade.applied_to(None), None, "no colour to keep");
        for hide in [
            json!({}),
            json!({"color": "0"}),
            json!({"color": "#000000"}),
            json!({"color": [0, 0, 0]}),
        ] {
            let update = IndicatorUpdate::read(object(hide.clone())).unwrap();
            assert_eq!(update.applied_to(Some(lit)), None, "{hide}");
        }
        for (bad, key) in [
            (json!({"color": "red"}), "color"),
            (json!({"blink": -1}), "blink"),
            (json!({"fade": "x"}), "fade"),
        ] {
            assert_eq!(IndicatorUpdate::read(object(bad)).unwrap_err().key, key);
        }
    }

    #[test]
    fn a_moodlight_takes_a_colour_or_a_temperature() {
        let purple = Moodlight::read(object(json!({"brightness": 170, "color": [155, 38, 182]}))).unwrap();
        assert_eq!(
            purple,
            Some(Moodlight {
                color: [155, 38, 182],
                brightness: Some(170)
            })
        );
        let warm = Moodlight::read(object(json!({"kelvin": 2300}))).unwrap().unwrap();
        assert_eq!(warm.color[0], 255);
        assert!(warm.color[1] > warm.color[2] && warm.color[2] < 100, "{:?}", warm.color);
        let daylight = kelvin_color(6600.0);
        assert!(daylight.iter().all(|&c| c > 240), "{daylight:?}");
        assert_eq!(Moodlight::read(Map::new()).unwrap(), None);
        for (bad, key) in [
            (json!({"brightness": 100}), "color"),
            (json!({"kelvin": 500}), "kelvin"),
            (json!({"color": "#12"}), "color"),
            (json!({"color": "#FFFFFF", "brightness": 256}), "brightness"),
        ] {
            assert_eq!(Moodlight::read(object(bad)).unwrap_err().key, key);
        }
    }

    #[test]
    fn sleep_and_power_bodies() {
        assert_eq!(sleep_seconds(object(json!({"sleep": 30}))).unwrap(), 30.0);
        assert_eq!(sleep_seconds(object(json!({}))).unwrap_err().key, "sleep");
        assert_eq!(sleep_seconds(object(json!({"sleep": 0}))).unwrap_err().key, "sleep");
        assert!(power(object(json!({"power": true}))).unwrap());
        assert_eq!(power(object(json!({"power": "on"}))).unwrap_err().key, "power");
    }
}
