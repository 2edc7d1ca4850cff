//! Apps' schemas: read once per revision of an app (in a worker, since only
//! running `get_schema()` tells), and the check of a config against one.
//!
//! Values are strings, as Pixlet passes them, and each field type takes the
//! values the Tidbyt and Tronbyt apps send for it: `true`/`false` for a
//! toggle, one of the options for a dropdown, `#rrggbb` for a colour, an
//! RFC 3339 time, the location's JSON, the chosen option's JSON for
//! typeahead and location-based fields, base64 for a photo. A key the schema
//! does not have is refused, unless a generated field may make it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use base64::Engine;
use parking_lot::Mutex;
use serde_json::Value;
use starlet::schema::{Field, Schema};

use crate::manager::installations::StarlarkConfig;

/// What a config check refuses: the field, and what it takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid value for '{field}': {expected}")]
pub struct FieldError {
    pub field: String,
    pub expected: String,
}

/// An app's schema (`None`: it has no `get_schema()`), shared by whoever asked.
pub type SharedSchema = Arc<Option<Schema>>;

/// Schemas read so far, by app id, with the revision of the app they were read from.
#[derive(Default)]
pub struct Schemas {
    read: Mutex<HashMap<String, (u64, SharedSchema)>>,
}

impl Schemas {
    /// The schema read from revision `revision` of app `id`, if it was.
    pub fn cached(&self, id: &str, revision: u64) -> Option<Arc<Option<Schema>>> {
        let read = self.read.lock();
        read.get(id)
            .filter(|(at, _)| *at == revision)
            .map(|(_, schema)| schema.clone())
    }

    pub fn keep(&self, id: &str, revision: u64, schema: Arc<Option<Schema>>) {
        self.read.lock().insert(id.to_owned(), (revision, schema));
    }

    /// Forgets the schemas of apps `exists` no longer knows.
    pub fn retain(&self, exists: impl Fn(&str) -> bool) {
        self.read.lock().retain(|id, _| exists(id));
    }
}

/// What the board cannot do for a field: OAuth needs Tidbyt's cloud, and the
/// board has no speaker. Shown to clients beside the schema.
pub fn unsupported(schema: &Schema) -> BTreeMap<String, &'static str> {
    schema
        .fields
        .iter()
        .filter_map(|field| {
            let why = match field.kind.as_str() {
                "oauth2" | "oauth1" => "sign-in through OAuth needs Tidbyt's cloud, which this board does not use",
                _ => return None,
            };
            Some((field.id.clone(), why))
        })
        .chain(schema.notifications.iter().map(|notification| {
            (
                notification.id.clone(),
                "notifications and their sounds are not played here",
            )
        }))
        .collect()
}

/// Checks every key of `patch` against `schema` (an app without one takes any key).
pub fn check(schema: Option<&Schema>, patch: &StarlarkConfig) -> Result<(), FieldError> {
    let Some(schema) = schema else {
        return Ok(());
    };
    let generated = schema.fields.iter().any(|field| field.kind == "generated");
    for (key, value) in patch {
        match schema.fields.iter().find(|field| field.id == *key) {
            Some(field) => check_value(field, value).map_err(|expected| FieldError {
                field: key.clone(),
                expected,
            })?,
            // A generated field adds fields of its own, which the static schema cannot list.
            None if generated => {}
            None => {
                let ids: Vec<&str> = schema.fields.iter().map(|field| field.id.as_str()).collect();
                return Err(FieldError {
                    field: key.clone(),
                    expected: format!("the app has no such field; its fields are: {}", ids.join(", ")),
                });
            }
        }
    }
    Ok(())
}

/// Whether `value` suits `field`; the error says what the field takes.
fn check_value(field: &Field, value: &str) -> Result<(), String> {
    let options = || {
        field
            .options
            .iter()
            .flatten()
            .map(|choice| choice.value.as_str())
            .collect::<Vec<_>>()
    };
    match field.kind.as_str() {
        "onoff" if value == "true" || value == "false" => Ok(()),
        "onoff" => Err("\"true\" or \"false\"".into()),
        "dropdown" | "radio" if options().contains(&value) => Ok(()),
        "dropdown" | "radio" => Err(format!("one of {}", options().join(", "))),
        "color" if is_color(value) => Ok(()),
        "color" => Err("a colour as \"#rgb\" or \"#rrggbb\" (an alpha pair may follow)".into()),
        "datetime" if chrono::DateTime::parse_from_rfc3339(value).is_ok() => Ok(()),
        "datetime" => Err("a date and time in RFC 3339 form, e.g. \"2025-06-01T18:30:00Z\"".into()),
        "location" => location(value),
        "locationbased" | "typeahead" => chosen_option(value),
        "png" if value.is_empty() || base64::engine::general_purpose::STANDARD.decode(value).is_ok() => Ok(()),
        "png" => Err("a picture in base64, as the mobile apps send it".into()),
        "oauth2" | "oauth1" => Err("sign-in through OAuth is not supported on this board".into()),
        _ => Ok(()),
    }
}

fn is_color(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A location as the mobile apps send it: JSON with `lat` and `lng` (numbers
/// or numeric strings) and, usually, `timezone`, `locality` and `description`.
fn location(value: &str) -> Result<(), String> {
    let expected = || {
        "a location as JSON: {\"lat\": \"52.52\", \"lng\": \"13.40\", \"timezone\": \"Europe/Berlin\", \
         \"locality\": \"Berlin\"}"
            .to_owned()
    };
    let Ok(Value::Object(location)) = serde_json::from_str::<Value>(value) else {
        return Err(expected());
    };
    let coordinate = |key: &str, limit: f64| {
        let number = match location.get(key) {
            Some(Value::Number(number)) => number.as_f64(),
            Some(Value::String(text)) => text.trim().parse().ok(),
            _ => None,
        };
        number.is_some_and(|n: f64| n.abs() <= limit)
    };
    if coordinate("lat", 90.0) && coordinate("lng", 180.0) {
        Ok(())
    } else {
        Err(expected())
    }
}

/// The option a person chose, as JSON with its `value` (and `display`).
fn chosen_option(value: &str) -> Result<(), String> {
    match serde_json::from_str::<Value>(value) {
        Ok(Value::Object(option)) if option.get("value").is_some_and(Value::is_string) => Ok(()),
        _ => Err("the chosen option as JSON: {\"display\": \"...\", \"value\": \"...\"}".into()),
    }
}

#[cfg(test)]
mod tests;
