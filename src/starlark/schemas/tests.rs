use starlet::schema::Choice;

use super::*;

fn field(kind: &str, id: &str) -> Field {
    Field {
        kind: kind.into(),
        id: id.into(),
        ..Field::default()
    }
}

fn schema(fields: Vec<Field>) -> Schema {
    Schema {
        version: "1".into(),
        fields,
        notifications: Vec::new(),
    }
}

fn patch(pairs: &[(&str, &str)]) -> StarlarkConfig {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn every_kind() -> Schema {
    let mut units = field("dropdown", "units");
    units.options = Some(vec![
        Choice {
            display: "Metric".into(),
            text: "Metric".into(),
            value: "metric".into(),
        },
        Choice {
            display: "Imperial".into(),
            text: "Imperial".into(),
            value: "imperial".into(),
        },
    ]);
    schema(vec![
        field("text", "title"),
        field("onoff", "seconds"),
        units,
        field("color", "tint"),
        field("datetime", "when"),
        field("location", "where"),
        field("locationbased", "station"),
        field("typeahead", "team"),
        field("png", "photo"),
        field("oauth2", "account"),
    ])
}

#[test]
fn each_field_kind_takes_what_pixlets_clients_send() {
    let good = patch(&[
        ("title", "anything at all"),
        ("seconds", "true"),
        ("units", "imperial"),
        ("tint", "#ff8800"),
        ("when", "2025-06-01T18:30:00Z"),
        (
            "where",
            r#"{"lat": "52.52", "lng": 13.4, "timezone": "Europe/Berlin", "locality": "Berlin"}"#,
        ),
        ("station", r#"{"display": "Central", "value": "c1"}"#),
        ("team", r#"{"display": "Ajax", "value": "ajax"}"#),
        ("photo", "iVBORw0KGgo="),
    ]);
    assert_eq!(check(Some(&every_kind()), &good), Ok(()));
}

#[test]
fn a_refused_value_names_the_field_and_what_it_takes() {
    let cases = [
        ("seconds", "yes", "\"true\" or \"false\""),
        ("units", "kelvin", "one of metric, imperial"),
        ("tint", "orange", "a colour"),
        ("when", "tomorrow", "RFC 3339"),
        ("where", r#"{"lat": "north"}"#, "a location as JSON"),
        ("where", r#"{"lat": 95, "lng": 0}"#, "a location as JSON"),
        ("station", "c1", "the chosen option as JSON"),
        ("photo", "not base64!", "base64"),
        ("account", "token", "OAuth is not supported"),
        (
            "colour",
            "#fff",
            "the app has no such field; its fields are: title, seconds",
        ),
    ];
    for (key, value, expected) in cases {
        let error = check(Some(&every_kind()), &patch(&[(key, value)])).unwrap_err();
        assert_eq!(error.field, key);
        assert!(error.expected.contains(expected), "{key}={value}: {}", error.expected);
        assert!(error.to_string().starts_with(&format!("Invalid value for '{key}': ")));
    }
}

#[test]
fn generated_fields_and_apps_without_a_schema_take_keys_of_their_own() {
    let generated = schema(vec![field("generated", "extra")]);
    assert_eq!(check(Some(&generated), &patch(&[("made_up", "x")])), Ok(()));
    assert_eq!(check(None, &patch(&[("anything", "x")])), Ok(()));
}

#[test]
fn oauth_fields_and_notifications_are_reported_as_not_supported_here() {
    let mut with_notification = every_kind();
    with_notification.notifications = vec![field("notification", "alert")];
    let unsupported = unsupported(&with_notification);
    assert_eq!(unsupported.keys().collect::<Vec<_>>(), ["account", "alert"]);
}
