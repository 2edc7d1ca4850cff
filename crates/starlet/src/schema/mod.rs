//! An app's configuration schema, as Pixlet's `schema` command prints it:
//! the fields a person fills in to configure the app, the notifications it
//! may send, and the rules Pixlet checks them against.
//!
//! These are plain Rust values; `schema.star` ([`crate::modules::schema`])
//! builds them from an app's `get_schema()`, and [`crate::Applet`] keeps the
//! functions its handlers name. The JSON they serialise to is the JSON the
//! Tidbyt and Tronbyt mobile apps read, field for field.

pub mod legacy;
pub mod validate;

use serde::{Deserialize, Serialize};

use crate::values::config::ConfigMap;

/// The schema version Pixlet supports.
pub const VERSION: &str = "1";

/// An app's schema.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub version: String,
    /// Always written, as `[]` when empty: the mobile apps expect a list.
    #[serde(rename = "schema", default)]
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notifications: Vec<Field>,
}

/// One field of a schema (or a notification, which has the same shape).
///
/// Lists are `None` when never given, which the validation rules tell apart
/// from an empty list; both are left out of the JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Field {
    /// `text`, `onoff`, `dropdown`, ... (see [`validate::FIELD_TYPES`]).
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub icon: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub default: String,
    #[serde(skip_serializing_if = "is_unset")]
    pub options: Option<Vec<Choice>>,
    #[serde(skip_serializing_if = "is_unset")]
    pub palette: Option<Vec<String>>,
    #[serde(skip_serializing_if = "is_unset")]
    pub sounds: Option<Vec<Sound>>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// The handler's name as clients call it: `<field id>$<function name>`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub handler: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub authorization_endpoint: String,
    #[serde(skip_serializing_if = "is_unset")]
    pub scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
}

/// One choice of a dropdown, or of a handler's list of options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choice {
    pub display: String,
    /// The same as `display`; older clients read this one.
    pub text: String,
    pub value: String,
}

/// A sound a notification may play, from the app's own files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sound {
    pub id: String,
    pub title: String,
    pub path: String,
}

/// When the mobile app hides or disables a field, depending on another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Visibility {
    /// `invisible` or `disabled`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `equal` or `not_equal`.
    pub condition: String,
    pub variable: String,
    pub value: String,
}

/// What a handler's result is read as (`schema.HandlerType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerKind {
    /// A schema, for a generated field.
    Schema,
    /// A list of options, for location-based and typeahead fields.
    Options,
    /// A string, for OAuth handlers.
    String,
    /// Accepted by `schema.Handler` as Pixlet accepts it, though no call
    /// can read its result.
    Field,
}

impl HandlerKind {
    /// The number `schema.HandlerType` gives this kind.
    pub fn number(self) -> i64 {
        match self {
            HandlerKind::Schema => 0,
            HandlerKind::Options => 1,
            HandlerKind::String => 2,
            HandlerKind::Field => 3,
        }
    }

    pub fn from_number(number: i64) -> Option<Self> {
        [Self::Schema, Self::Options, Self::String, Self::Field]
            .into_iter()
            .find(|kind| kind.number() == number)
    }

    /// The kind a field's own handler has, if a field of type `field_type`
    /// may have one.
    pub fn for_field(field_type: &str) -> Option<Self> {
        match field_type {
            "locationbased" | "typeahead" => Some(Self::Options),
            "generated" => Some(Self::Schema),
            "oauth2" | "oauth1" => Some(Self::String),
            _ => None,
        }
    }
}

fn is_unset<T>(list: &Option<Vec<T>>) -> bool {
    list.as_ref().is_none_or(Vec::is_empty)
}

impl Schema {
    /// Each field's default by field id, behind the person's own config:
    /// what `config.get(id)` answers when nothing was set.
    pub fn defaults(&self) -> ConfigMap {
        self.fields
            .iter()
            .map(|field| (field.id.clone(), field.default.clone()))
            .collect()
    }

    /// The JSON Pixlet's `schema` command prints: indented by two spaces.
    pub fn to_pretty_json(&self) -> String {
        go_json(serde_json::to_string_pretty(self))
    }

    /// The JSON on one line, as a generated field's handler answers.
    pub fn to_json(&self) -> String {
        go_json(serde_json::to_string(self))
    }
}

/// A list of choices as a handler answers it: JSON on one line.
pub fn choices_json(choices: &[Choice]) -> String {
    go_json(serde_json::to_string(choices))
}

/// JSON text with the escapes Go's encoder adds to serde's: `<`, `>`, `&`,
/// U+2028 and U+2029, which can only occur inside strings.
fn go_json(json: serde_json::Result<String>) -> String {
    let json = json.expect("schemas are plain strings and lists");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_schema_still_lists_its_fields() {
        let schema = Schema {
            version: VERSION.into(),
            ..Schema::default()
        };
        assert_eq!(schema.to_json(), r#"{"version":"1","schema":[]}"#);
        assert_eq!(schema.to_pretty_json(), "{\n  \"version\": \"1\",\n  \"schema\": []\n}");
    }

    #[test]
    fn html_characters_are_escaped_as_go_escapes_them() {
        let field = Field {
            kind: "text".into(),
            id: "q".into(),
            name: "a<b & c>d\u{2028}".into(),
            ..Field::default()
        };
        let json = choices_json(&[]) + &go_json(serde_json::to_string(&field));
        assert_eq!(
            json,
            r#"[]{"type":"text","id":"q","name":"a\u003cb \u0026 c\u003ed\u2028"}"#
        );
    }

    #[test]
    fn empty_lists_are_left_out_but_read_back_as_absent() {
        let field = Field {
            kind: "dropdown".into(),
            id: "d".into(),
            options: Some(Vec::new()),
            secret: false,
            ..Field::default()
        };
        let json = serde_json::to_string(&field).unwrap();
        assert_eq!(json, r#"{"type":"dropdown","id":"d"}"#);
        let back: Field = serde_json::from_str(&json).unwrap();
        assert_eq!(back.options, None);
    }
}
