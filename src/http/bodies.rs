//! The request bodies of the REST commands, as types.
//!
//! [`JsonBody`](super::json::JsonBody) hands each of these a JSON object. A body
//! that breaks a rule here fails to deserialize with the exact message the client
//! gets. Keys are read in a fixed order, not the client's, so a body with several
//! problems always names the same one. What needs state (does the app exist, is
//! the value in range) is left to the domain command the body becomes.

use std::fmt::Display;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use crate::apps::schema::ConfigMap;
use crate::manager::notifications::NotifyRequest;
use crate::manager::state::{CarouselEntry, MAX_BRIGHTNESS};

/// `POST /api/switch`: the app to start, and keys to merge into its config first.
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
        let app = app.filter(|app| !app.is_empty()).ok_or("Missing app name")?;
        let config = body.take("config", "'config' must be a JSON object")?;
        Ok(Self { app, config })
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
    Ok(CarouselEntry { app, duration })
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
