//! Night mode: a daily window in which the panel dims and may show another app.
//!
//! Only the settings are stored; whether it is night is derived from them and
//! the clock wherever it is needed (see [`timer`]). Nothing is written when a
//! night starts or ends, so a restart, or another instance taking over the
//! panel in a cluster, finds the night exactly where the clock says it is,
//! and the daytime state (the app, the carousel, the brightness the user set)
//! is never touched by it.

pub mod timer;
mod window;

use chrono::{DateTime, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::state::{self, MAX_BRIGHTNESS};
use crate::apps::Registry;
use crate::apps::schema::ConfigMap;
use crate::render::Scene;
pub use window::Window;

/// How times of day are written: `22:00`.
const TIME_FORMAT: &str = "%H:%M";

/// The night mode settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Night {
    pub enabled: bool,
    pub window: Window,
    /// The panel's brightness while the night is on.
    pub brightness: u8,
    /// The app shown while the night is on, pausing the carousel; `None` keeps the daytime app.
    pub app: Option<String>,
}

impl Default for Night {
    fn default() -> Self {
        Self {
            enabled: false,
            window: Window {
                start: NaiveTime::from_hms_opt(22, 0, 0).expect("a valid time"),
                end: NaiveTime::from_hms_opt(7, 0, 0).expect("a valid time"),
            },
            brightness: 10,
            app: None,
        }
    }
}

impl Night {
    /// Whether the night is on at `now`.
    pub fn is_on(&self, now: DateTime<Tz>) -> bool {
        self.enabled && self.window.contains(now)
    }
}

/// A requested change; `None` keeps the current value (`app: Some(None)` clears the app).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NightUpdate {
    pub enabled: Option<bool>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub brightness: Option<i64>,
    pub app: Option<Option<String>>,
}

/// Why a night update was refused: the field and what it must be.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("'{field}' {rule}")]
pub struct InvalidNight {
    pub field: &'static str,
    pub rule: String,
}

impl InvalidNight {
    fn new(field: &'static str, rule: impl Into<String>) -> Self {
        Self {
            field,
            rule: rule.into(),
        }
    }
}

impl NightUpdate {
    /// The settings `night` becomes, every field checked before any is taken.
    pub fn applied_to(self, registry: &Registry, night: &Night) -> Result<Night, InvalidNight> {
        let time = |field, text: Option<String>, current| match text {
            Some(text) => parse_time(&text)
                .ok_or_else(|| InvalidNight::new(field, "must be a time of day as HH:MM, from 00:00 to 23:59")),
            None => Ok(current),
        };
        let start = time("start", self.start, night.window.start)?;
        let end = time("end", self.end, night.window.end)?;
        let brightness = match self.brightness {
            Some(value) => state::brightness(value).ok_or_else(|| {
                InvalidNight::new(
                    "brightness",
                    format!("must be an integer between 0 and {MAX_BRIGHTNESS}"),
                )
            })?,
            None => night.brightness,
        };
        let app = match self.app {
            Some(Some(app)) if registry.get(&app).is_none() => {
                return Err(InvalidNight::new(
                    "app",
                    format!("names no app: '{app}'; available: {}", registry.names().join(", ")),
                ));
            }
            Some(app) => app,
            None => night.app.clone(),
        };
        Ok(Night {
            enabled: self.enabled.unwrap_or(night.enabled),
            window: Window { start, end },
            brightness,
            app,
        })
    }
}

/// A time of day as `HH:MM`, two digits each.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let well_formed = text.len() == 5 && text.as_bytes()[2] == b':';
    well_formed
        .then(|| NaiveTime::parse_from_str(text, TIME_FORMAT).ok())
        .flatten()
}

fn format_time(time: NaiveTime) -> String {
    time.format(TIME_FORMAT).to_string()
}

/// `night`: the settings as the REST API and the Socket.IO event carry them,
/// and as the state file keeps them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NightView {
    pub enabled: bool,
    /// `HH:MM` in the board's time zone.
    pub start: String,
    pub end: String,
    pub brightness: u8,
    pub app: Option<String>,
}

impl NightView {
    pub fn of(night: &Night) -> Self {
        Self {
            enabled: night.enabled,
            start: format_time(night.window.start),
            end: format_time(night.window.end),
            brightness: night.brightness,
            app: night.app.clone(),
        }
    }
}

/// The `night` key of the state file: any field may be missing or wrong, and
/// is then left at its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NightFile {
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub brightness: Option<i64>,
    #[serde(default)]
    pub app: Option<String>,
}

impl NightFile {
    pub fn of(night: &Night) -> Self {
        let view = NightView::of(night);
        Self {
            enabled: Some(view.enabled),
            start: Some(view.start),
            end: Some(view.end),
            brightness: Some(view.brightness.into()),
            app: view.app,
        }
    }

    /// The settings this holds, each wrong field reported and left at its default.
    pub fn read(self, registry: &Registry, mut warn: impl FnMut(String)) -> Night {
        let mut night = Night::default();
        let fields = [
            NightUpdate {
                enabled: self.enabled,
                ..NightUpdate::default()
            },
            NightUpdate {
                start: self.start,
                ..NightUpdate::default()
            },
            NightUpdate {
                end: self.end,
                ..NightUpdate::default()
            },
            NightUpdate {
                brightness: self.brightness,
                ..NightUpdate::default()
            },
            NightUpdate {
                app: self.app.map(Some),
                ..NightUpdate::default()
            },
        ];
        for field in fields {
            match field.applied_to(registry, &night) {
                Ok(next) => night = next,
                Err(error) => warn(format!("state file: night {error}; using the default")),
            }
        }
        night
    }
}

/// What the panel shows at night: the night app (or the daytime one) at the night brightness.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NightScene {
    /// `None` when night mode is off.
    pub window: Option<Window>,
    pub brightness: u8,
    /// The night app and its effective config.
    pub app: Option<(String, ConfigMap)>,
}

impl NightScene {
    pub fn of(registry: &Registry, night: &Night, saved: &std::collections::BTreeMap<String, ConfigMap>) -> Self {
        let app = night.app.as_ref().and_then(|name| {
            let entry = registry.get(name)?;
            let config = entry.schema.effective(saved.get(name).unwrap_or(&ConfigMap::new()));
            Some((name.clone(), config))
        });
        Self {
            window: night.enabled.then_some(night.window),
            brightness: night.brightness,
            app,
        }
    }

    pub fn is_on(&self, now: DateTime<Tz>) -> bool {
        self.window.is_some_and(|window| window.contains(now))
    }

    /// Whether, while on, the night replaces the daytime app (and so pauses the carousel).
    pub fn replaces_the_app(&self) -> bool {
        self.app.is_some()
    }

    /// The daytime scene as the night shows it.
    pub fn over(&self, day: &Scene) -> Scene {
        let (app, config, custom, installed) = match &self.app {
            Some((app, config)) => (Some(app.clone()), config.clone(), None, false),
            None => (day.app.clone(), day.config.clone(), day.custom.clone(), day.installed),
        };
        Scene {
            app,
            config,
            custom,
            installed,
            brightness: self.brightness,
            ..day.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(json: serde_json::Value) -> NightUpdate {
        let field = |key: &str| json.get(key).cloned();
        NightUpdate {
            enabled: field("enabled").and_then(|v| v.as_bool()),
            start: field("start").and_then(|v| v.as_str().map(str::to_owned)),
            end: field("end").and_then(|v| v.as_str().map(str::to_owned)),
            brightness: field("brightness").and_then(|v| v.as_i64()),
            app: field("app").map(|v| v.as_str().map(str::to_owned)),
        }
    }

    #[test]
    fn a_partial_update_keeps_the_rest_and_a_bad_field_is_named() {
        let registry = Registry::builtin();
        let night = Night::default();
        let next = update(serde_json::json!({"enabled": true, "app": "clock"}))
            .applied_to(&registry, &night)
            .unwrap();
        assert_eq!(
            NightView::of(&next),
            NightView {
                enabled: true,
                start: "22:00".into(),
                end: "07:00".into(),
                brightness: 10,
                app: Some("clock".into()),
            }
        );
        for (body, field) in [
            (serde_json::json!({"start": "7:00"}), "start"),
            (serde_json::json!({"end": "24:00"}), "end"),
            (serde_json::json!({"end": "07:00:00"}), "end"),
            (serde_json::json!({"brightness": 101}), "brightness"),
            (serde_json::json!({"brightness": -1}), "brightness"),
            (serde_json::json!({"app": "aquarium"}), "app"),
        ] {
            let error = update(body.clone()).applied_to(&registry, &next).unwrap_err();
            assert_eq!(error.field, field, "{body}");
            assert!(error.to_string().starts_with(&format!("'{field}' ")), "{error}");
        }
        let cleared = update(serde_json::json!({"app": null}))
            .applied_to(&registry, &next)
            .unwrap();
        assert_eq!(cleared.app, None);
    }

    #[test]
    fn a_state_file_keeps_its_valid_night_fields() {
        let registry = Registry::builtin();
        let mut warnings = Vec::new();
        let file = NightFile {
            enabled: Some(true),
            start: Some("23:15".into()),
            end: Some("late".into()),
            brightness: Some(5),
            app: Some("gone".into()),
        };
        let night = file.read(&registry, |warning| warnings.push(warning));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        let view = NightView::of(&night);
        assert_eq!(
            (
                view.enabled,
                view.start.as_str(),
                view.end.as_str(),
                view.brightness,
                view.app
            ),
            (true, "23:15", "07:00", 5, None)
        );
        assert_eq!(NightFile::of(&night).read(&registry, |w| panic!("{w}")), night);
    }
}
