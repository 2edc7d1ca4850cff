//! Reading one key of a request body at a time, each with the rule it breaks.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use serde_json::{Map, Value};

use super::{Fragment, MAX_FRAGMENTS, MAX_TEXT_CHARS, Rgb, color};

/// A key's value broke its rule; `message` names the key and says what is allowed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub key: String,
    pub message: String,
}

impl FieldError {
    pub fn new(key: &str, rule: impl std::fmt::Display) -> Self {
        Self {
            key: key.to_owned(),
            message: format!("'{key}' {rule}"),
        }
    }
}

/// A request body's keys. Keys nobody asks for are ignored, as AWTRIX clients
/// send many; `null` reads as a key left out. What was asked for is noted, so
/// that a body kept for later keeps only the keys that mean something.
pub struct Fields {
    body: Map<String, Value>,
    asked: RefCell<BTreeSet<String>>,
}

impl Fields {
    pub fn new(body: Map<String, Value>) -> Self {
        Self {
            body,
            asked: RefCell::default(),
        }
    }

    /// The body with only the keys that were asked for: what a client sent beyond
    /// them (any amount, up to `--max-payload`) is not kept.
    pub fn into_known(self) -> Map<String, Value> {
        let asked = self.asked.into_inner();
        let mut body = self.body;
        body.retain(|key, _| asked.contains(key));
        body
    }

    /// The value under `key`, unless it is absent or `null`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        if !self.asked.borrow().contains(key) {
            self.asked.borrow_mut().insert(key.to_owned());
        }
        self.body.get(key).filter(|value| !value.is_null())
    }

    pub fn flag(&self, key: &str) -> Result<Option<bool>, FieldError> {
        self.get(key)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| FieldError::new(key, "must be true or false"))
            })
            .transpose()
    }

    pub fn integer(&self, key: &str, range: RangeInclusive<i64>) -> Result<Option<i64>, FieldError> {
        self.get(key)
            .map(|value| {
                value.as_i64().filter(|n| range.contains(n)).ok_or_else(|| {
                    FieldError::new(
                        key,
                        format_args!("must be an integer from {} to {}", range.start(), range.end()),
                    )
                })
            })
            .transpose()
    }

    pub fn number(&self, key: &str, range: RangeInclusive<f64>) -> Result<Option<f64>, FieldError> {
        self.get(key)
            .map(|value| {
                value.as_f64().filter(|n| range.contains(n)).ok_or_else(|| {
                    FieldError::new(
                        key,
                        format_args!("must be a number from {} to {}", range.start(), range.end()),
                    )
                })
            })
            .transpose()
    }

    pub fn color(&self, key: &str) -> Result<Option<Rgb>, FieldError> {
        self.get(key)
            .map(|value| {
                color::parse(value).ok_or_else(|| {
                    FieldError::new(
                        key,
                        "must be a colour: \"#RRGGBB\", \"RRGGBB\" or [r, g, b] with each 0..255",
                    )
                })
            })
            .transpose()
    }

    /// A string, or a list of `{"t": text, "c": colour}` fragments (`c` optional).
    pub fn text(&self, key: &str) -> Result<Option<Vec<Fragment>>, FieldError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let fragments = match value {
            Value::String(text) => vec![Fragment {
                text: text.clone(),
                color: None,
            }],
            Value::Array(parts) if parts.len() <= MAX_FRAGMENTS => {
                parts.iter().map(|part| fragment(key, part)).collect::<Result<_, _>>()?
            }
            _ => {
                return Err(FieldError::new(
                    key,
                    format_args!(
                        "must be a string or a list of at most {MAX_FRAGMENTS} {{\"t\": text, \"c\": colour}} fragments"
                    ),
                ));
            }
        };
        let length: usize = fragments.iter().map(|part| part.text.chars().count()).sum();
        if length > MAX_TEXT_CHARS {
            return Err(FieldError::new(
                key,
                format_args!("is {length} characters long; at most {MAX_TEXT_CHARS} are allowed"),
            ));
        }
        Ok(Some(fragments))
    }
}

fn fragment(key: &str, part: &Value) -> Result<Fragment, FieldError> {
    let text = part
        .get("t")
        .and_then(Value::as_str)
        .ok_or_else(|| FieldError::new(key, "fragments each need a string \"t\""))?;
    let color = match part.get("c").filter(|c| !c.is_null()) {
        Some(value) => Some(color::parse(value).ok_or_else(|| {
            FieldError::new(
                key,
                "fragment colours \"c\" must be \"#RRGGBB\", \"RRGGBB\" or [r, g, b]",
            )
        })?),
        None => None,
    };
    Ok(Fragment {
        text: text.to_owned(),
        color,
    })
}
