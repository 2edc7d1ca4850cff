//! Schemas written as plain data: a `get_schema()` (or a generated field's
//! handler) that returns a list of dicts instead of `schema.Schema`, and
//! handlers that return dicts as options.
//!
//! Pixlet reads these by encoding the Starlark value as JSON and decoding
//! that into its Go structs, so the rules here are Go's: keys match field
//! names exactly or else ignoring case, unknown keys are ignored, and a
//! value of the wrong kind is an error naming the field.

use super::{Choice, Field, Sound};

/// A Starlark value as Pixlet reads a legacy schema: strings, lists and
/// dicts, and the options and fields `schema.star` built.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    Str(String),
    List(Vec<Tree>),
    /// Keys in any order; they are read sorted, as Go reads its maps.
    Dict(Vec<(String, Tree)>),
    Choice(Choice),
    Field(Box<Field>),
}

/// A JSON value's kind in Go's words.
fn kind(json: &serde_json::Value) -> &'static str {
    match json {
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::Null => "null",
    }
}

impl Tree {
    /// The JSON Pixlet encodes this as.
    fn to_json(&self) -> serde_json::Value {
        match self {
            Tree::Str(s) => serde_json::Value::String(s.clone()),
            Tree::List(items) => items.iter().map(Tree::to_json).collect(),
            Tree::Dict(entries) => entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
            Tree::Choice(choice) => serde_json::to_value(choice).expect("a choice is strings"),
            Tree::Field(field) => serde_json::to_value(field).expect("a field is strings and lists"),
        }
    }
}

/// The fields a legacy schema lists.
pub fn fields(tree: &Tree) -> Result<Vec<Field>, String> {
    let json = tree.to_json();
    let serde_json::Value::Array(items) = &json else {
        return Err(format!(
            "json: cannot unmarshal {} into Go value of type []schema.SchemaField",
            kind(&json)
        ));
    };
    items
        .iter()
        .map(|item| {
            let mut field = Field::default();
            Decoder::top("schema.SchemaField").object(item, |d, key, value| d.field(&mut field, key, value))?;
            Ok(field)
        })
        .collect()
}

/// The options a handler returned: `schema.Option`s or dicts with `text`
/// and `value` (a dict's `display` is not read, as in Pixlet).
pub fn choices(tree: &Tree) -> Result<Vec<Choice>, String> {
    let Tree::List(items) = tree else {
        return Err("options must be a list".into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Tree::Choice(choice) => Ok(choice.clone()),
            Tree::Dict(entries) => {
                let text = |key: &str, what: &str| -> Result<String, String> {
                    match entries.iter().find(|(k, _)| k == key).map(|(_, v)| v) {
                        None => Ok(String::new()),
                        Some(Tree::Str(s)) => Ok(s.clone()),
                        Some(other) => Err(format!(
                            "option {i} has bad {what}: expected string, found {}",
                            go_type(other)
                        )),
                    }
                };
                Ok(Choice {
                    display: String::new(),
                    text: text("text", "text")?,
                    value: text("value", "value")?,
                })
            }
            _ => Err(format!("entry {i} is not dict or Option")),
        })
        .collect()
}

/// The Go type Pixlet holds a value as while reading options.
fn go_type(tree: &Tree) -> &'static str {
    match tree {
        Tree::Str(_) => "string",
        Tree::List(_) => "[]interface {}",
        Tree::Dict(_) => "map[string]interface {}",
        Tree::Choice(_) => "schema.SchemaOption",
        Tree::Field(_) => "schema.SchemaField",
    }
}

/// Where decoding is, for Go's error messages: the struct being filled and
/// the keys that led to it.
struct Decoder {
    /// The Go struct the current object fills; `None` at the top.
    within: Option<&'static str>,
    path: Vec<&'static str>,
    top_type: &'static str,
}

impl Decoder {
    fn top(top_type: &'static str) -> Self {
        Self {
            within: None,
            path: Vec::new(),
            top_type,
        }
    }

    fn wrong(&self, json: &serde_json::Value, go_type: &str) -> String {
        match self.within {
            None => format!("json: cannot unmarshal {} into Go value of type {go_type}", kind(json)),
            Some(within) => format!(
                "json: cannot unmarshal {} into Go struct field {within}.{} of type {go_type}",
                kind(json),
                self.path.join(".")
            ),
        }
    }

    /// Feeds each entry of an object, keys sorted, to `set`.
    fn object(
        &mut self,
        json: &serde_json::Value,
        mut set: impl FnMut(&mut Self, &str, &serde_json::Value) -> Result<(), String>,
    ) -> Result<(), String> {
        let serde_json::Value::Object(map) = json else {
            return Err(self.wrong(json, self.top_type));
        };
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        for key in keys {
            set(self, key, &map[key])?;
        }
        Ok(())
    }

    /// Runs `decode` with `key` on the path, for what it reports.
    fn under<T>(&mut self, key: &'static str, decode: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(key);
        let result = decode(self);
        self.path.pop();
        result
    }

    /// Decodes a nested struct of Go type `go_type`, its key on the path.
    fn nested(
        &mut self,
        struct_name: &'static str,
        go_type: &'static str,
        json: &serde_json::Value,
        set: impl FnMut(&mut Self, &str, &serde_json::Value) -> Result<(), String>,
    ) -> Result<(), String> {
        if !json.is_object() {
            return Err(self.wrong(json, go_type));
        }
        let mut inner = Decoder {
            within: Some(struct_name),
            path: self.path.clone(),
            top_type: go_type,
        };
        inner.object(json, set)
    }

    fn string(&mut self, key: &'static str, json: &serde_json::Value, into: &mut String) -> Result<(), String> {
        self.under(key, |d| match json {
            serde_json::Value::String(s) => {
                *into = s.clone();
                Ok(())
            }
            other => Err(d.wrong(other, "string")),
        })
    }

    /// A list of `T`, each decoded by `item`.
    fn list<T>(
        &mut self,
        key: &'static str,
        go_type: &'static str,
        json: &serde_json::Value,
        mut item: impl FnMut(&mut Self, &serde_json::Value) -> Result<T, String>,
    ) -> Result<Vec<T>, String> {
        self.under(key, |d| match json {
            serde_json::Value::Array(items) => items.iter().map(|json| item(d, json)).collect(),
            other => Err(d.wrong(other, go_type)),
        })
    }

    fn strings(&mut self, key: &'static str, json: &serde_json::Value) -> Result<Vec<String>, String> {
        self.list(key, "[]string", json, |d, json| match json {
            serde_json::Value::String(s) => Ok(s.clone()),
            other => Err(d.wrong(other, "string")),
        })
    }

    fn field(&mut self, field: &mut Field, key: &str, json: &serde_json::Value) -> Result<(), String> {
        self.within = Some("SchemaField");
        let Some(name) = match_key(key, FIELD_KEYS) else {
            return Ok(());
        };
        match name {
            "type" => self.string(name, json, &mut field.kind),
            "id" => self.string(name, json, &mut field.id),
            "name" => self.string(name, json, &mut field.name),
            "description" => self.string(name, json, &mut field.description),
            "icon" => self.string(name, json, &mut field.icon),
            "default" => self.string(name, json, &mut field.default),
            "source" => self.string(name, json, &mut field.source),
            "handler" => self.string(name, json, &mut field.handler),
            "client_id" => self.string(name, json, &mut field.client_id),
            "authorization_endpoint" => self.string(name, json, &mut field.authorization_endpoint),
            "visibility" => {
                let visibility = field.visibility.get_or_insert_default();
                self.under(name, |d| {
                    d.nested(
                        "SchemaVisibility",
                        "schema.SchemaVisibility",
                        json,
                        |d, key, json| match match_key(key, &["type", "condition", "variable", "value"]) {
                            Some("type") => d.string("type", json, &mut visibility.kind),
                            Some("condition") => d.string("condition", json, &mut visibility.condition),
                            Some("variable") => d.string("variable", json, &mut visibility.variable),
                            Some("value") => d.string("value", json, &mut visibility.value),
                            _ => Ok(()),
                        },
                    )
                })
            }
            "options" => {
                let options = self.list(name, "[]schema.SchemaOption", json, |d, json| {
                    let mut choice = Choice::default();
                    d.nested(
                        "SchemaOption",
                        "schema.SchemaOption",
                        json,
                        |d, key, json| match match_key(key, &["display", "text", "value"]) {
                            Some("display") => d.string("display", json, &mut choice.display),
                            Some("text") => d.string("text", json, &mut choice.text),
                            Some("value") => d.string("value", json, &mut choice.value),
                            _ => Ok(()),
                        },
                    )?;
                    Ok(choice)
                })?;
                field.options = Some(options);
                Ok(())
            }
            "sounds" => {
                let sounds = self.list(name, "[]schema.SchemaSound", json, |d, json| {
                    let mut sound = Sound::default();
                    d.nested(
                        "SchemaSound",
                        "schema.SchemaSound",
                        json,
                        |d, key, json| match match_key(key, &["id", "title", "path"]) {
                            Some("id") => d.string("id", json, &mut sound.id),
                            Some("title") => d.string("title", json, &mut sound.title),
                            Some("path") => d.string("path", json, &mut sound.path),
                            _ => Ok(()),
                        },
                    )?;
                    Ok(sound)
                })?;
                field.sounds = Some(sounds);
                Ok(())
            }
            "palette" => {
                field.palette = Some(self.strings(name, json)?);
                Ok(())
            }
            "scopes" => {
                field.scopes = Some(self.strings(name, json)?);
                Ok(())
            }
            "secret" => match json {
                serde_json::Value::Bool(b) => {
                    field.secret = *b;
                    Ok(())
                }
                other => self.under(name, |d| Err(d.wrong(other, "bool"))),
            },
            _ => Ok(()),
        }
    }
}

/// The JSON keys of a field, in the order Pixlet declares them.
const FIELD_KEYS: &[&str] = &[
    "type",
    "id",
    "name",
    "description",
    "icon",
    "visibility",
    "default",
    "options",
    "palette",
    "sounds",
    "source",
    "handler",
    "client_id",
    "authorization_endpoint",
    "scopes",
    "secret",
];

/// The field name `key` sets: an exact match, or else one that differs only
/// in case (with Unicode's K and long s folding to ASCII, as in Go).
fn match_key(key: &str, names: &[&'static str]) -> Option<&'static str> {
    if let Some(exact) = names.iter().find(|name| **name == key) {
        return Some(exact);
    }
    let folded: String = key
        .chars()
        .map(|c| match c {
            '\u{212A}' => 'k',
            '\u{17F}' => 's',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    names.iter().find(|name| **name == folded).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Tree {
        Tree::Str(text.into())
    }

    fn dict(entries: &[(&str, Tree)]) -> Tree {
        Tree::Dict(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    #[test]
    fn keys_match_ignoring_case_and_unknown_ones_are_skipped() {
        let tree = Tree::List(vec![dict(&[
            ("TYPE", s("text")),
            ("Id", s("t")),
            ("\u{212A}ind", s("ignored")),
            ("options", Tree::List(vec![])),
        ])]);
        let fields = fields(&tree).unwrap();
        assert_eq!(fields[0].kind, "text");
        assert_eq!(fields[0].id, "t");
        assert_eq!(fields[0].options, Some(Vec::new()));
    }

    #[test]
    fn a_value_of_the_wrong_kind_names_its_field() {
        let tree = Tree::List(vec![dict(&[("name", Tree::List(vec![]))])]);
        assert_eq!(
            fields(&tree).unwrap_err(),
            "json: cannot unmarshal array into Go struct field SchemaField.name of type string"
        );
        let tree = Tree::List(vec![dict(&[(
            "options",
            Tree::List(vec![dict(&[("text", Tree::List(vec![]))])]),
        )])]);
        assert_eq!(
            fields(&tree).unwrap_err(),
            "json: cannot unmarshal array into Go struct field SchemaOption.options.text of type string"
        );
        let tree = Tree::List(vec![dict(&[("visibility", s("hidden"))])]);
        assert_eq!(
            fields(&tree).unwrap_err(),
            "json: cannot unmarshal string into Go struct field SchemaField.visibility of type schema.SchemaVisibility"
        );
        assert_eq!(
            fields(&dict(&[])).unwrap_err(),
            "json: cannot unmarshal object into Go value of type []schema.SchemaField"
        );
        assert_eq!(
            fields(&Tree::List(vec![s("x")])).unwrap_err(),
            "json: cannot unmarshal string into Go value of type schema.SchemaField"
        );
    }

    #[test]
    fn options_read_text_and_value_but_not_display() {
        let tree = Tree::List(vec![
            dict(&[("display", s("D")), ("text", s("T")), ("value", s("V"))]),
            Tree::Choice(Choice {
                display: "d".into(),
                text: "d".into(),
                value: "v".into(),
            }),
        ]);
        let choices = choices(&tree).unwrap();
        assert_eq!(choices[0].display, "");
        assert_eq!(choices[0].text, "T");
        assert_eq!(choices[1].display, "d");
        assert_eq!(
            super::choices(&Tree::List(vec![dict(&[("text", Tree::List(vec![]))])])).unwrap_err(),
            "option 0 has bad text: expected string, found []interface {}"
        );
        assert_eq!(
            super::choices(&Tree::List(vec![s("x")])).unwrap_err(),
            "entry 0 is not dict or Option"
        );
        assert_eq!(super::choices(&s("x")).unwrap_err(), "options must be a list");
    }
}
