//! Pixlet's rules for a schema: which fields each field type needs, which
//! it may not have, and the values some fields are limited to.
//!
//! Every broken rule is reported, one per line, in the words Pixlet's
//! validator uses: the path of the field (`Schema.Fields[1].Options`) and
//! the rule it broke (`required_for`), so an app author can find it.

use super::{Choice, Field, Schema, Sound, Visibility};

/// The field types a schema may hold.
pub const FIELD_TYPES: &[&str] = &[
    "color",
    "datetime",
    "dropdown",
    "generated",
    "location",
    "locationbased",
    "onoff",
    "radio",
    "text",
    "typeahead",
    "oauth2",
    "oauth1",
    "png",
    "notification",
];

const NAME_REQUIRED_FOR: &[&str] = &[
    "datetime",
    "dropdown",
    "location",
    "locationbased",
    "onoff",
    "radio",
    "text",
    "typeahead",
    "png",
];
const DEFAULT_REQUIRED_FOR: &[&str] = &["dropdown", "onoff", "radio"];
const OPTIONS_REQUIRED_FOR: &[&str] = &["dropdown", "radio"];
const HANDLER_REQUIRED_FOR: &[&str] = &["generated", "locationbased", "typeahead", "oauth2"];

/// Checks `schema`; the error lists every rule it breaks.
pub fn schema(schema: &Schema) -> Result<(), String> {
    let mut problems = Problems::default();
    problems.required("Schema.Version", &schema.version);
    for (i, field) in schema.fields.iter().enumerate() {
        problems.field(&format!("Schema.Fields[{i}]"), field);
    }
    for (i, notification) in schema.notifications.iter().enumerate() {
        problems.field(&format!("Schema.Notifications[{i}].SchemaField"), notification);
    }
    problems.into_result()
}

/// Checks one option a handler returned.
pub fn choice(choice: &Choice) -> Result<(), String> {
    let mut problems = Problems::default();
    problems.choice("SchemaOption", choice);
    problems.into_result()
}

#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn into_result(self) -> Result<(), String> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0.join("\n"))
        }
    }

    /// Records that the field at `path` broke `rule`.
    fn broke(&mut self, path: &str, rule: &str) {
        let name = path.rsplit('.').next().unwrap_or(path);
        self.0.push(format!(
            "Key: '{path}' Error:Field validation for '{name}' failed on the '{rule}' tag"
        ));
    }

    fn required(&mut self, path: &str, value: &str) -> bool {
        if value.is_empty() {
            self.broke(path, "required");
            return false;
        }
        true
    }

    /// `value` must be set when the field's type is one of `types`.
    fn required_for(&mut self, path: &str, set: bool, kind: &str, types: &[&str]) -> bool {
        if !set && types.contains(&kind) {
            self.broke(path, "required_for");
            return false;
        }
        true
    }

    fn field(&mut self, at: &str, field: &Field) {
        let path = |name: &str| format!("{at}.{name}");
        let kind = field.kind.as_str();
        if self.required(&path("Type"), kind) && !FIELD_TYPES.contains(&kind) {
            self.broke(&path("Type"), "oneof");
        }
        if self.required(&path("ID"), &field.id) && field.id.contains('$') {
            self.broke(&path("ID"), "excludesall");
        }
        self.required_for(&path("Name"), !field.name.is_empty(), kind, NAME_REQUIRED_FOR);
        if kind == "generated" && !field.icon.is_empty() {
            self.broke(&path("Icon"), "forbidden_for");
        }
        if let Some(visibility) = &field.visibility {
            self.visibility(&path("Visibility"), visibility);
        }
        self.required_for(&path("Default"), !field.default.is_empty(), kind, DEFAULT_REQUIRED_FOR);
        if self.required_for(&path("Options"), field.options.is_some(), kind, OPTIONS_REQUIRED_FOR) {
            for (i, choice) in field.options.iter().flatten().enumerate() {
                self.choice(&path(&format!("Options[{i}]")), choice);
            }
        }
        if self.required_for(&path("Sounds"), field.sounds.is_some(), kind, &["notification"]) {
            for (i, sound) in field.sounds.iter().flatten().enumerate() {
                self.sound(&path(&format!("Sounds[{i}]")), sound);
            }
        }
        self.required_for(&path("Source"), !field.source.is_empty(), kind, &["generated"]);
        self.required_for(&path("Handler"), !field.handler.is_empty(), kind, HANDLER_REQUIRED_FOR);
        self.required_for(&path("ClientID"), !field.client_id.is_empty(), kind, &["oauth2"]);
        self.required_for(
            &path("AuthorizationEndpoint"),
            !field.authorization_endpoint.is_empty(),
            kind,
            &["oauth2"],
        );
        self.required_for(&path("Scopes"), field.scopes.is_some(), kind, &["oauth2"]);
        if field.secret && kind != "text" {
            self.broke(&path("Secret"), "allowed_for");
        }
    }

    fn choice(&mut self, at: &str, choice: &Choice) {
        self.required(&format!("{at}.Text"), &choice.text);
        self.required(&format!("{at}.Value"), &choice.value);
    }

    fn sound(&mut self, at: &str, sound: &Sound) {
        self.required(&format!("{at}.ID"), &sound.id);
        self.required(&format!("{at}.Title"), &sound.title);
        self.required(&format!("{at}.Path"), &sound.path);
    }

    fn visibility(&mut self, at: &str, visibility: &Visibility) {
        let one_of = |value: &str, allowed: &[&str]| allowed.contains(&value);
        if self.required(&format!("{at}.Type"), &visibility.kind)
            && !one_of(&visibility.kind, &["invisible", "disabled"])
        {
            self.broke(&format!("{at}.Type"), "oneof");
        }
        if self.required(&format!("{at}.Condition"), &visibility.condition)
            && !one_of(&visibility.condition, &["equal", "not_equal"])
        {
            self.broke(&format!("{at}.Condition"), "oneof");
        }
        self.required(&format!("{at}.Variable"), &visibility.variable);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: &str, id: &str) -> Field {
        Field {
            kind: kind.into(),
            id: id.into(),
            ..Field::default()
        }
    }

    #[test]
    fn every_broken_rule_is_named_with_its_path() {
        let mut dropdown = field("dropdown", "a$b");
        dropdown.name = "Pick".into();
        let mut generated = field("generated", "g");
        generated.icon = "x".into();
        let schema = Schema {
            version: "1".into(),
            fields: vec![dropdown, generated],
            notifications: vec![field("notification", "n")],
        };
        assert_eq!(
            super::schema(&schema).unwrap_err(),
            [
                "Key: 'Schema.Fields[0].ID' Error:Field validation for 'ID' failed on the 'excludesall' tag",
                "Key: 'Schema.Fields[0].Default' Error:Field validation for 'Default' failed on the 'required_for' tag",
                "Key: 'Schema.Fields[0].Options' Error:Field validation for 'Options' failed on the 'required_for' tag",
                "Key: 'Schema.Fields[1].Icon' Error:Field validation for 'Icon' failed on the 'forbidden_for' tag",
                "Key: 'Schema.Fields[1].Source' Error:Field validation for 'Source' failed on the 'required_for' tag",
                "Key: 'Schema.Fields[1].Handler' Error:Field validation for 'Handler' failed on the 'required_for' tag",
                "Key: 'Schema.Notifications[0].SchemaField.Sounds' Error:Field validation for 'Sounds' failed on the 'required_for' tag",
            ]
            .join("\n")
        );
    }

    #[test]
    fn an_empty_list_counts_as_given() {
        let mut dropdown = field("dropdown", "d");
        dropdown.name = "D".into();
        dropdown.default = "x".into();
        dropdown.options = Some(Vec::new());
        let schema = Schema {
            version: "1".into(),
            fields: vec![dropdown],
            notifications: Vec::new(),
        };
        assert_eq!(super::schema(&schema), Ok(()));
    }

    #[test]
    fn visibility_and_secrets_follow_their_rules() {
        let mut text = field("location", "l");
        text.name = "L".into();
        text.secret = true;
        text.visibility = Some(Visibility {
            kind: "hidden".into(),
            condition: String::new(),
            variable: "v".into(),
            value: String::new(),
        });
        let schema = Schema {
            version: String::new(),
            fields: vec![text, field("", "x")],
            notifications: Vec::new(),
        };
        assert_eq!(
            super::schema(&schema).unwrap_err(),
            [
                "Key: 'Schema.Version' Error:Field validation for 'Version' failed on the 'required' tag",
                "Key: 'Schema.Fields[0].Visibility.Type' Error:Field validation for 'Type' failed on the 'oneof' tag",
                "Key: 'Schema.Fields[0].Visibility.Condition' Error:Field validation for 'Condition' failed on the 'required' tag",
                "Key: 'Schema.Fields[0].Secret' Error:Field validation for 'Secret' failed on the 'allowed_for' tag",
                "Key: 'Schema.Fields[1].Type' Error:Field validation for 'Type' failed on the 'required' tag",
            ]
            .join("\n")
        );
    }

    #[test]
    fn a_choice_needs_text_and_value() {
        assert_eq!(
            choice(&Choice::default()).unwrap_err(),
            "Key: 'SchemaOption.Text' Error:Field validation for 'Text' failed on the 'required' tag\n\
             Key: 'SchemaOption.Value' Error:Field validation for 'Value' failed on the 'required' tag"
        );
    }
}
