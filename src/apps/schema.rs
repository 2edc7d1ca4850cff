//! Typed config schemas: the keys an app accepts, their types, ranges and defaults.
//!
//! Every config change passes through [`Schema::validate`] before anything is
//! stored, so a saved config only ever holds keys and values the app can use.

use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::gfx::fonts;

/// A JSON object of config keys, as stored in `state.json` and sent on the wire.
pub type ConfigMap = Map<String, Value>;

/// The type and allowed range of one config value.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
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
    /// One of `choices`.
    Choice {
        #[schema(value_type = Vec<String>)]
        choices: &'static [&'static str],
    },
    /// `true` or `false`.
    Boolean,
    /// The name of a stored picture, or `""` for none. Whether that picture
    /// exists is checked where pictures are known, before the config reaches
    /// the manager; a picture deleted later is drawn as a placeholder.
    Picture,
}

/// One config key of an app.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
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
        Self {
            key,
            kind,
            default: default.into(),
            description,
        }
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
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = ConfigSchema)]
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
            let valid = channels.is_some_and(|channels| channels.iter().all(|c| c.as_u64().is_some_and(|c| c <= 255)));
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
        Kind::Choice { choices } => match value.as_str() {
            Some(choice) if choices.contains(&choice) => Ok(value.clone()),
            _ => Err(format!("expected one of {}", choices.join(", "))),
        },
        Kind::Boolean if value.is_boolean() => Ok(value.clone()),
        Kind::Boolean => Err("expected true or false".into()),
        Kind::Picture => match value.as_str() {
            Some(name) if name.is_empty() || crate::icons::valid_name(name) => Ok(value.clone()),
            _ => Err("expected a picture's name (1 to 32 letters, digits, '-' or '_'), or \"\" for none".into()),
        },
        Kind::Font => match value.as_str() {
            Some(name) if fonts::NAMES.contains(&name) => Ok(value.clone()),
            _ => Err(format!(
                "expected one of the available fonts: {}",
                fonts::NAMES.join(", ")
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema() -> Schema {
        Schema {
            app: "demo",
            fields: vec![
                Field::new("color", Kind::Color, [1, 2, 3], ""),
                Field::new("fps", Kind::Integer { min: 1, max: 120 }, 30, ""),
                Field::new("speed", Kind::Number { min: 0.1, max: 64.0 }, 1, ""),
                Field::new("text", Kind::Text { max_length: 3 }, "hey", ""),
                Field::new("font", Kind::Font, "tom-thumb", ""),
                Field::new("fit", Kind::Choice { choices: &["a", "b"] }, "a", ""),
                Field::new("smooth", Kind::Boolean, false, ""),
                Field::new("image", Kind::Picture, "", ""),
            ],
        }
    }

    fn patch(value: serde_json::Value) -> ConfigMap {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn accepts_values_at_their_bounds() {
        let valid = patch(
            json!({"color": [0, 255, 9], "fps": 120, "speed": 0.1, "text": "abc", "font": "10x20",
            "fit": "b", "smooth": true, "image": ""}),
        );
        assert_eq!(schema().validate(&valid), Ok(valid));
    }

    #[test]
    fn names_the_key_and_what_is_allowed() {
        let cases = [
            (
                json!({"fps": 0}),
                "Invalid value for 'fps': expected an integer from 1 to 120",
            ),
            (
                json!({"fps": 2.5}),
                "Invalid value for 'fps': expected an integer from 1 to 120",
            ),
            (
                json!({"speed": 65}),
                "Invalid value for 'speed': expected a number from 0.1 to 64",
            ),
            (
                json!({"text": "abcd"}),
                "Invalid value for 'text': expected a string of at most 3 characters",
            ),
            (
                json!({"color": [1, 2, -3]}),
                "Invalid value for 'color': expected a colour [r, g, b] with each channel an integer 0..255",
            ),
            (json!({"fit": "c"}), "Invalid value for 'fit': expected one of a, b"),
            (
                json!({"smooth": 1}),
                "Invalid value for 'smooth': expected true or false",
            ),
            (
                json!({"image": "../x"}),
                "Invalid value for 'image': expected a picture's name (1 to 32 letters, digits, '-' or '_'), or \"\" for none",
            ),
            (
                json!({"size": 1}),
                "Unknown config key 'size' for app 'demo'; allowed keys: color, fps, speed, text, font, fit, smooth, image",
            ),
        ];
        for (bad, message) in cases {
            assert_eq!(schema().validate(&patch(bad)).unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn effective_config_fills_in_defaults_under_saved_keys() {
        let effective = schema().effective(&patch(json!({"fps": 12})));
        assert_eq!(
            serde_json::Value::Object(effective),
            json!({"color": [1, 2, 3], "fps": 12, "speed": 1, "text": "hey", "font": "tom-thumb",
                "fit": "a", "smooth": false, "image": ""})
        );
    }

    #[test]
    fn sanitize_keeps_valid_keys_and_reports_the_rest() {
        let mut dropped = Vec::new();
        let kept = schema().sanitize(&patch(json!({"fps": 500, "text": "ok", "blink": true})), |error| {
            dropped.push(error)
        });
        assert_eq!(kept, patch(json!({"text": "ok"})));
        assert_eq!(dropped.len(), 2);
    }
}
