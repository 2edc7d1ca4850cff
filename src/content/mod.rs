//! Pushed content: what a client sends to be drawn (text in colours, a
//! background, a progress bar), read from AWTRIX-style JSON and drawn on a canvas.
//!
//! The fields and their meanings follow AWTRIX 3's HTTP API, so scripts written
//! for it work unchanged. [`Content::read`] takes the drawing keys of a request
//! body and refuses a bad value with a message naming its key; [`Playback`]
//! draws the result frame by frame. Notifications and custom apps use both.
//! Besides text they may carry [`draw`]ing instructions, [`chart`]s, a
//! background [`effects`] and a weather [`overlay`]. Only graphics are needed,
//! so this module depends on [`crate::gfx`] and the pictures of
//! [`crate::icons`] alone.

pub mod chart;
mod color;
pub mod draw;
pub mod effects;
mod fields;
pub mod overlay;
mod playback;
mod text;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use chart::Chart;
pub use color::Rgb;
pub use draw::Draw;
pub use effects::Effect;
pub use fields::{FieldError, Fields};
pub use overlay::Overlay;
pub use playback::{FPS, Playback};

/// Longest text, in characters, over all fragments.
pub const MAX_TEXT_CHARS: usize = 1000;
/// Most coloured fragments one text may have.
pub const MAX_FRAGMENTS: usize = 100;
/// `scrollSpeed` is a percentage of the normal speed, within these bounds.
pub const SCROLL_SPEED_RANGE: std::ops::RangeInclusive<f64> = 1.0..=1000.0;
pub const WHITE: Rgb = [255, 255, 255];
/// Longest `blinkText` or `fadeText` period, in milliseconds.
pub const MAX_TEXT_PERIOD_MS: i64 = 60_000;
/// Farthest `textOffset` moves the text, in pixels either way.
pub const MAX_TEXT_OFFSET: i64 = 1024;

/// A run of text in one colour; `None` takes the content's `color`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fragment {
    pub text: String,
    pub color: Option<Rgb>,
}

/// A bar along the bottom row, `percent` of it filled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub percent: u8,
    pub color: Rgb,
    pub background: Rgb,
}

/// What to draw: the drawing keys of a request, validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Content {
    /// The text with `textCase` already applied.
    pub text: Vec<Fragment>,
    pub color: Rgb,
    /// Each character in its own colour, the colours moving along the text.
    pub rainbow: bool,
    /// Painted under the text; black when not given.
    pub background: Rgb,
    pub progress: Option<Progress>,
    /// Percent of the normal scrolling speed.
    pub scroll_speed: f64,
    /// Whether text that fits is centred (else it starts at the left edge).
    pub center: bool,
    /// An icon's name: drawn at the left, the text in the rest of the panel.
    /// Whether it exists is checked where icons are known, not here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// The keys AWTRIX draws besides text; all absent from content posted without them.
    #[serde(default, flatten)]
    pub extras: Extras,
}

/// What content may show besides its text, and how its text moves and blinks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Extras {
    /// Drawing instructions, at AWTRIX's coordinates.
    pub draw: Vec<Draw>,
    /// `bar`, then `line`, each drawn when given.
    pub charts: Vec<Chart>,
    /// `barBC`: painted behind each bar's whole column.
    pub bar_background: Option<Rgb>,
    /// The text's colour runs from the first to the second.
    pub gradient: Option<[Rgb; 2]>,
    /// `blinkText`: the text shows for the first half of each period of this many ms.
    pub blink_ms: Option<u32>,
    /// `fadeText`: the text fades out and in over this many ms.
    pub fade_ms: Option<u32>,
    /// `noScroll`: text wider than the panel stands still.
    pub no_scroll: bool,
    /// `topText`: the text is drawn over the icon, the drawing and the charts rather than under.
    pub top_text: bool,
    /// `textOffset`: pixels the text moves right of where it would stand.
    pub text_offset: i32,
    /// `pushIcon`: 0 the icon stays, 1 scrolling text pushes it out for good,
    /// 2 pushes it out and it comes back with each pass.
    pub push_icon: u8,
    pub effect: Option<Effect>,
    pub overlay: Option<Overlay>,
    /// A custom app past its lifetime, kept with `lifetimeMode` 1: framed in red.
    pub stale: bool,
}

impl Content {
    /// Reads the drawing keys from `fields`, in a fixed order so a body with
    /// several problems always names the same one. A key left out or `null`
    /// takes its default; `text` may be left out (an empty text).
    pub fn read(fields: &Fields) -> Result<Self, FieldError> {
        let icon = match fields.get("icon") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) if crate::icons::valid_name(name) => Some(name.clone()),
            Some(_) => return Err(FieldError::new("icon", "must be the name of an icon")),
        };
        let color = fields.color("color")?.unwrap_or(WHITE);
        let case = fields.integer("textCase", 0..=2)?.unwrap_or(0);
        let text = fields.text("text")?.unwrap_or_default();
        let text = text
            .into_iter()
            .map(|fragment| Fragment {
                text: if case == 1 {
                    fragment.text.to_uppercase()
                } else {
                    fragment.text
                },
                ..fragment
            })
            .collect();
        let progress = match fields.integer("progress", -1..=100)? {
            Some(percent @ 0..=100) => Some(Progress {
                percent: percent as u8,
                color: fields.color("progressC")?.unwrap_or([0, 255, 0]),
                background: fields.color("progressBC")?.unwrap_or([48, 48, 48]),
            }),
            _ => {
                // Checked even without a bar, so a bad colour is never silently kept.
                fields.color("progressC")?;
                fields.color("progressBC")?;
                None
            }
        };
        Ok(Self {
            text,
            color,
            rainbow: fields.flag("rainbow")?.unwrap_or(false),
            background: fields.color("background")?.unwrap_or([0; 3]),
            progress,
            scroll_speed: fields.number("scrollSpeed", SCROLL_SPEED_RANGE)?.unwrap_or(100.0),
            center: fields.flag("center")?.unwrap_or(true),
            icon,
            extras: Extras::read(fields)?,
        })
    }

    /// Whether anything besides the text moves by itself.
    pub fn animates(&self) -> bool {
        let extras = &self.extras;
        self.rainbow
            || extras.effect.is_some()
            || extras.overlay.is_some()
            || extras.blink_ms.is_some()
            || extras.fade_ms.is_some()
    }

    /// The text without its colours.
    pub fn plain_text(&self) -> String {
        self.text.iter().map(|fragment| fragment.text.as_str()).collect()
    }
}

impl Extras {
    fn read(fields: &Fields) -> Result<Self, FieldError> {
        let draw = match fields.get("draw") {
            Some(value) => draw::read(value)?,
            None => Vec::new(),
        };
        let autoscale = fields.flag("autoscale")?.unwrap_or(true);
        let mut charts = Vec::new();
        for (key, kind) in [("bar", chart::Kind::Bar), ("line", chart::Kind::Line)] {
            if let Some(value) = fields.get(key) {
                charts.extend(chart::read(key, value, kind, autoscale)?);
            }
        }
        let gradient = fields
            .get("gradient")
            .map(|value| {
                let pair = value.as_array().filter(|pair| pair.len() == 2);
                pair.and_then(|pair| Some([color::parse(&pair[0])?, color::parse(&pair[1])?]))
                    .ok_or_else(|| FieldError::new("gradient", "must be two colours, [from, to]"))
            })
            .transpose()?;
        let period = |key| {
            let ms = fields.integer(key, 0..=MAX_TEXT_PERIOD_MS)?;
            Ok::<_, FieldError>(ms.filter(|&ms| ms > 0).map(|ms| ms as u32))
        };
        Ok(Self {
            draw,
            charts,
            bar_background: fields.color("barBC")?,
            gradient,
            blink_ms: period("blinkText")?,
            fade_ms: period("fadeText")?,
            no_scroll: fields.flag("noScroll")?.unwrap_or(false),
            top_text: fields.flag("topText")?.unwrap_or(false),
            text_offset: fields
                .integer("textOffset", -MAX_TEXT_OFFSET..=MAX_TEXT_OFFSET)?
                .unwrap_or(0) as i32,
            push_icon: fields.integer("pushIcon", 0..=2)?.unwrap_or(0) as u8,
            effect: effects::read(fields)?,
            overlay: overlay::read(fields)?,
            stale: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(body: serde_json::Value) -> Result<Content, FieldError> {
        Content::read(&Fields::new(body.as_object().unwrap().clone()))
    }

    #[test]
    fn defaults_fill_what_is_left_out() {
        let content = read(json!({"text": "Hi"})).unwrap();
        assert_eq!(
            content.text,
            [Fragment {
                text: "Hi".into(),
                color: None
            }]
        );
        assert_eq!(content.color, WHITE);
        assert_eq!(
            (content.rainbow, content.center, content.scroll_speed),
            (false, true, 100.0)
        );
        assert_eq!((content.background, content.progress), ([0; 3], None));
    }

    #[test]
    fn every_colour_form_reads_the_same() {
        for color in [json!("#FF8000"), json!("ff8000"), json!([255, 128, 0])] {
            assert_eq!(read(json!({"color": color})).unwrap().color, [255, 128, 0], "{color}");
        }
    }

    #[test]
    fn fragments_keep_their_colours_and_text_case_applies() {
        let content = read(json!({
            "text": [{"t": "Red ", "c": "FF0000"}, {"t": "plain"}],
            "textCase": 1,
        }))
        .unwrap();
        assert_eq!(
            content.text,
            [
                Fragment {
                    text: "RED ".into(),
                    color: Some([255, 0, 0])
                },
                Fragment {
                    text: "PLAIN".into(),
                    color: None
                },
            ]
        );
        assert_eq!(content.plain_text(), "RED PLAIN");
        let as_sent = read(json!({"text": "MiXed", "textCase": 2})).unwrap();
        assert_eq!(as_sent.plain_text(), "MiXed");
    }

    #[test]
    fn a_progress_bar_takes_its_colours() {
        let content = read(json!({"progress": 40, "progressC": "#0000FF", "progressBC": [1, 2, 3]})).unwrap();
        assert_eq!(
            content.progress,
            Some(Progress {
                percent: 40,
                color: [0, 0, 255],
                background: [1, 2, 3]
            })
        );
        assert_eq!(read(json!({"progress": -1})).unwrap().progress, None);
    }

    #[test]
    fn null_is_the_same_as_leaving_a_key_out() {
        let content = read(json!({"color": null, "rainbow": null, "text": null})).unwrap();
        assert_eq!(
            (content.color, content.rainbow, content.plain_text()),
            (WHITE, false, String::new())
        );
    }

    #[test]
    fn bad_values_are_refused_naming_their_key() {
        let cases = [
            (json!({"color": "red"}), "color"),
            (json!({"color": [1, 2]}), "color"),
            (json!({"color": [1, 2, 256]}), "color"),
            (json!({"text": 5}), "text"),
            (json!({"text": [{"c": "FF0000"}]}), "text"),
            (json!({"text": [{"t": "a", "c": "nope"}]}), "text"),
            (json!({"text": "x".repeat(MAX_TEXT_CHARS + 1)}), "text"),
            (json!({"rainbow": "yes"}), "rainbow"),
            (json!({"progress": 101}), "progress"),
            (json!({"progress": 2.5}), "progress"),
            (json!({"progressC": "#12345"}), "progressC"),
            (json!({"scrollSpeed": 0}), "scrollSpeed"),
            (json!({"textCase": 3}), "textCase"),
            (json!({"center": 1}), "center"),
            (json!({"background": "#GGGGGG"}), "background"),
        ];
        for (body, key) in cases {
            let error = read(body.clone()).unwrap_err();
            assert_eq!(error.key, key, "{body}: {error}");
            assert!(error.to_string().contains(&format!("'{key}'")), "{error}");
        }
    }
}
