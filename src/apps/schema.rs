//! Typed config schemas: the keys an app accepts, their types, ranges and defaults.
//!
//! Every config change passes through [`Schema::validate`] before anything is
//! stored, so a saved config only ever holds keys and values the app can use.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::render::fonts;

/// A JSON object of config keys, as stored in `state.json` and sent on the wire.
pub type ConfigMap = Map<String, Value>;

/// The type and allowed range of one config value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    /// `[r, g, b]`, each an integer 0..=255.
    Color,
    /// A whole number in `min..=max`.
    Integer { min: i64, max: i64 },
    /// Any number in `min..=max`.
    Number { min: f64, max: f64 },
    /// A string of at most `max_length` characters.
    Text { max_length: usize },
    /// One of [`fonts::NAMES`].
    Font,
}

/// One config key of an app.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub key: &'static str,
    #[serde(flatten)]
    pub kind: Kind,
    pub default: Value,
    /// A short human-readable explanation, shown next to the input in the UI.
    pub description: &'static str,
}

impl Field {
    pub fn new(key: &'static str, kind: Kind, default: impl Into<Value>, description: &'static str) -> Self {
        Self { key, kind, default: default.into(), description }
    }
}

/// Why a config change was refused; the message names the key and what is allowed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error("Unknown config key '{key}' for app '{app}'; allowed keys: {allowed}")]
    UnknownKey { app: String, key: String, allowed: String },
    #[error("Invalid value for '{key}': {expected}")]
    InvalidValue { key: String, expected: String },
}

/// The full set of config keys of one app.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schema {
    pub app: &'static str,
    pub fields: Vec<Field>,
}

impl Schema {
    /// Checks every key of `patch` and returns it normalised, or the first problem found.
    pub fn validate(&self, patch: &ConfigMap) -> Result<ConfigMap, ConfigError> {
        patch
            .iter()
            .map(|(key, value)| {
                let field = self.field(key).ok_or_else(|| ConfigError::UnknownKey {
                    app: self.app.to_owned(),
                    key: key.clone(),
                    allowed: self.keys().join(", "),
                })?;
                let value = check(&field.kind, value).map_err(|expected| ConfigError::InvalidValue {
                    key: key.clone(),
                    expected,
                })?;
                Ok((key.clone(), value))
            })
            .collect()
    }

    /// Keeps the valid keys of a config read from disk, reporting each dropped key to `on_drop`.
    ///
    /// A state file written by another version may carry keys or values this one
    /// rejects; losing one bad key is better than refusing the whole file.
    pub fn sanitize(&self, stored: &ConfigMap, mut on_drop: impl FnMut(ConfigError)) -> ConfigMap {
        let mut kept = ConfigMap::new();
        for (key, value) in stored {
            let single = ConfigMap::from_iter([(key.clone(), value.clone())]);
            match self.validate(&single) {
                Ok(valid) => kept.extend(valid),
                Err(error) => on_drop(error),
            }
        }
        kept
    }

    /// The defaults with `saved` laid over them: what the app really runs with.
    pub fn effective(&self, saved: &ConfigMap) -> ConfigMap {
        self.fields
            .iter()
            .map(|field| {
                let value = saved.get(field.key).cloned().unwrap_or_else(|| field.default.clone());
                (field.key.to_owned(), value)
            })
            .collect()
    }

    fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.key == key)
    }

    fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|field| field.key).collect()
    }
}

/// Returns the normalised value, or a description of what is allowed.
fn check(kind: &Kind, value: &Value) -> Result<Value, String> {
    match kind {
        Kind::Color => {
            let channels = value.as_array().filter(|channels| channels.len() == 3);
            let valid = channels.is_some_and(|channels| {
                channels.iter().all(|c| c.as_u64().is_some_and(|c| c <= 255))
            });
            if valid {
                Ok(value.clone())
            } else {
                Err("expected a colour [r, g, b] with each channel an integer 0..255".into())
            }
        }
        Kind::Integer { min, max } => match value.as_i64() {
            Some(n) if (*min..=*max).contains(&n) => Ok(value.clone()),
            _ => Err(format!("expected an integer from {min} to {max}")),
        },
        Kind::Number { min, max } => match value.as_f64() {
            Some(n) if (*min..=*max).contains(&n) => Ok(value.clone()),
            _ => Err(format!("expected a number from {min} to {max}")),
        },
        Kind::Text { max_length } => match value.as_str() {
            Some(text) if text.chars().count() <= *max_length => Ok(value.clone()),
            _ => Err(format!("expected a string of at most {max_length} characters")),
        },
        Kind::Font => match value.as_str() {
            Some(name) if fonts::NAMES.contains(&name) => Ok(value.clone()),
            _ => Err(format!("expected one of the available fonts: {}", fonts::NAMES.join(", "))),
        },
    }
}
