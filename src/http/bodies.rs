//! The request bodies of the REST commands, as types.
//!
//! [`JsonBody`](super::json::JsonBody) hands each of these a JSON object. A body
//! that breaks a rule here fails to deserialize with the exact message the client
//! gets. Keys are read in a fixed order, not the client's, so a body with several
//! problems always names the same one. What needs state (does the app exist, is
//! the value in range) is left to the domain command the body becomes; each
//! body converts into that command, for REST and MQTT alike.

use std::fmt::Display;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use crate::apps::schema::ConfigMap;
use crate::manager::night::NightUpdate;
use crate::manager::notifications::NotifyRequest;
use crate::manager::schedule::Schedule;
use crate::manager::state::{CarouselEntry, MAX_BRIGHTNESS};
use crate::manager::{CarouselUpdate, Command};

/// `POST /api/switch`: the app to start (`app`, or AWTRIX's `name`), and keys to merge into its config first.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(try_from = "ConfigMap")]
pub struct SwitchBody {
    pub app: String,
    pub config: Option<ConfigMap>,
}

impl TryFrom<ConfigMap> for SwitchBody {
    type Error = String;

    fn try_from(body: ConfigMap) -> Result<Self, String> {
        let mut body = Fields(body);
        let app: Option<String> = body.take("app", "'app' must be a string")?;
        // AWTRIX's clients name the app with `name`; the original's `app` wins when both are sent.
        let name: Option<String> = body.take("name", "'name' must be a string")?;
        let app = app.or(name).filter(|app| !app.is_empty()).ok_or("Missing app name")?;
        let config = body.take("config", "'config' must be a JSON object")?;
        Ok(Self { app, config })
    }
}

impl From<SwitchBody> for Command {
    fn from(SwitchBody { app, config }: SwitchBody) -> Self {
        Self::Switch { app, config }
    }
}

/// `POST /api/settings`: every display-wide setting, of which there is one.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(try_from = "ConfigMap")]
pub struct SettingsBody {
    pub brightness: i64,
}

const SETTINGS: &[&str] = &["brightness"];

impl TryFrom<ConfigMap> for SettingsBody {
    type Error = String;

    fn try_from(body: ConfigMap) -> Result<Self, String> {
        if body.is_empty() {
            return Err("Missing settings data".into());
        }
        if let Some(key) = body.keys().find(|key| !SETTINGS.contains(&key.as_str())) {
            return Err(format!("Unknown setting '{key}'; allowed: {}", SETTINGS.join(", ")));
        }
        let brightness = Fields(body).take(
            "brightness",
            format_args!("Brightness must be an integer between 0 and {MAX_BRIGHTNESS}"),
        )?;
        Ok(Self { brightness })
    }
}

impl From<SettingsBody> for Command {
    fn from(SettingsBody { brightness }: SettingsBody) -> Self {
        Self::SetBrightness(brightness)
    }
}

/// `POST /api/carousel`: what to change; `None` keeps the current value.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(try_from = "ConfigMap")]
pub struct CarouselBody {
    pub enabled: Option<bool>,
    pub entries: Option<Vec<CarouselEntry>>,
}

impl TryFrom<ConfigMap> for CarouselBody {
    type Error = String;

    fn try_from(body: ConfigMap) -> Result<Self, String> {
        if body.is_empty() {
            return Err("Missing carousel data".into());
        }
        let mut body = Fields(body);
        let enabled = body.take("enabled", "'enabled' must be true or false")?;
        let entries: Option<Vec<Value>> =
            body.take("apps", "'apps' must be a list of {\"app\", \"duration\"} entries")?;
        let entries = entries.map(|entries| entries.into_iter().map(carousel_entry).collect());
        Ok(Self {
            enabled,
            entries: entries.transpose()?,
        })
    }
}

impl From<CarouselBody> for Command {
    fn from(CarouselBody { enabled, entries }: CarouselBody) -> Self {
        Self::SetCarousel(CarouselUpdate { enabled, entries })
    }
}

/// `POST /api/night`: any of the night settings; the rest keep their values.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(try_from = "ConfigMap")]
pub struct NightBody(pub NightUpdate);

const NIGHT: &[&str] = &["enabled", "start", "end", "brightness", "app"];

impl TryFrom<ConfigMap> for NightBody {
    type Error = String;

    fn try_from(body: ConfigMap) -> Result<Self, String> {
        if body.is_empty() {
            return Err("Missing night mode data".into());
        }
        if let Some(key) = body.keys().find(|key| !NIGHT.contains(&key.as_str())) {
            return Err(format!(
                "Unknown night mode setting '{key}'; allowed: {}",
                NIGHT.join(", ")
            ));
        }
        // Only the app can be cleared; any other key given as null is a mistake, not "keep".
        if let Some(key) = NIGHT[..4]
            .iter()
            .find(|key| body.get(**key).is_some_and(Value::is_null))
        {
            return Err(format!("'{key}' must not be null"));
        }
        let clears_app = body.get("app").is_some_and(Value::is_null);
        let mut body = Fields(body);
        let enabled = body.take("enabled", "'enabled' must be true or false")?;
        let start = body.take("start", "'start' must be a time of day as \"HH:MM\"")?;
        let end = body.take("end", "'end' must be a time of day as \"HH:MM\"")?;
        let brightness = body.take(
            "brightness",
            format_args!("'brightness' must be an integer between 0 and {MAX_BRIGHTNESS}"),
        )?;
        let app: Option<String> = body.take("app", "'app' must be an app's name or null")?;
        Ok(Self(NightUpdate {
            enabled,
            start,
            end,
            brightness,
            app: if clears_app { Some(None) } else { app.map(Some) },
        }))
    }
}

/// `POST /api/transition`: the kind, the duration in milliseconds, or both.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(try_from = "ConfigMap")]
pub struct TransitionBody {
    pub kind: Option<String>,
    pub duration: Option<i64>,
}

const TRANSITION: &[&str] = &["kind", "duration"];

impl TryFrom<ConfigMap> for TransitionBody {
    type Error = String;

    fn try_from(body: ConfigMap) -> Result<Self, String> {
        if body.is_empty() {
            return Err("Missing transition data".into());
        }
        if let Some(key) = body.keys().find(|key| !TRANSITION.contains(&key.as_str())) {
            return Err(format!(
                "Unknown transition setting '{key}'; allowed: {}",
                TRANSITION.join(", ")
            ));
        }
        if let Some(key) = TRANSITION
            .iter()
            .find(|key| body.get(**key).is_some_and(Value::is_null))
        {
            return Err(format!("'{key}' must not be null"));
        }
        let mut body = Fields(body);
        let kind = body.take("kind", "'kind' must be one of none, fade, slide-left, slide-up")?;
        let duration = body.take("duration", "'duration' must be a whole number of milliseconds")?;
        Ok(Self { kind, duration })
    }
}

/// `POST /api/notify`: AWTRIX's notification keys, read by the domain's rules.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(try_from = "ConfigMap")]
pub struct NotifyBody(pub NotifyRequest);

impl TryFrom<ConfigMap> for NotifyBody {
    type Error = String;

    fn try_from(body: ConfigMap) -> Result<Self, String> {
        NotifyRequest::read(body).map(Self).map_err(|error| error.message)
    }
}

impl From<NotifyBody> for Command {
    fn from(NotifyBody(request): NotifyBody) -> Self {
        Self::Notify(request)
    }
}

/// One `{"app", "duration"}` entry of the carousel list. Both keys must be
/// there, even if `null`, before either value is looked at.
fn carousel_entry(entry: Value) -> Result<CarouselEntry, String> {
    let needs_both = "Each carousel entry needs 'app' and 'duration'";
    let entry = ConfigMap::deserialize(entry).map_err(|_| needs_both)?;
    if !(entry.contains_key("app") && entry.contains_key("duration")) {
        return Err(needs_both.into());
    }
    let mut entry = Fields(entry);
    let app = entry.take("app", "Carousel entry 'app' must be a string")?;
    let duration: Number = entry.take("duration", "Duration must be a positive number of seconds")?;
    let schedule = Schedule {
        days: entry.take(
            "days",
            "Carousel entry 'days' must be a list of mon, tue, wed, thu, fri, sat, sun",
        )?,
        start: entry.take("start", "Carousel entry 'start' must be a time of day as \"HH:MM\"")?,
        end: entry.take("end", "Carousel entry 'end' must be a time of day as \"HH:MM\"")?,
    };
    Ok(CarouselEntry {
        app,
        duration,
        schedule,
    })
}

/// A body's keys, taken out one at a time.
struct Fields(ConfigMap);

impl Fields {
    /// The value under `key` as a `T`, an absent key reading as `null`; `refusal`
    /// is the error when the value is not a `T`.
    fn take<T: DeserializeOwned>(&mut self, key: &str, refusal: impl Display) -> Result<T, String> {
        let value = self.0.remove(key).unwrap_or(Value::Null);
        T::deserialize(value).map_err(|_| refusal.to_string())
    }
}
