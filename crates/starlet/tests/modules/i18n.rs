//! `i18n.star`: Pixlet's i18n example app (`locales/*.json` beside it),
//! falling back to the source text, and numbers in the served locale.

use starlet::{ConfigMap, Options};

use crate::common::{TestApp, options};

const LOCALES: [(&str, &[u8]); 3] = [
    (
        "locales/de.json",
        br#"{"hello_user": "Hallo, %s", "unread_count": "%d ungelesene Nachrichten"}"#,
    ),
    ("locales/en.json", br#"{"hello_user": "Hello, %s"}"#),
    (
        "locales/es.json",
        br#"{"hello_user": "Hola, %s", "order": "%[2]s antes de %[1]s"}"#,
    ),
];

/// What `main` prints for `expression`, the app having Pixlet's example locales.
fn printed(expression: &str, locale: &str, files: &[(&str, &[u8])]) -> Result<String, starlet::Error> {
    let source = format!("load(\"i18n.star\", \"tr\")\ndef main():\n    print({expression})\n    return []\n");
    let app = TestApp::with_files(&source, files);
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = lines.clone();
    let options = Options {
        locale: locale.to_owned(),
        print: Some(std::sync::Arc::new(move |line: &str| {
            sink.lock().unwrap().push(line.to_owned())
        })),
        ..options()
    };
    starlet::Applet::load(app.path(), &options)?.render(&ConfigMap::new(), &options)?;
    Ok(lines.lock().unwrap().join("\n"))
}

#[test]
fn pixlets_example_app_in_each_locale() {
    let greeting = "tr(\"hello_user\", \"Tronbyt\")";
    assert_eq!(printed(greeting, "es", &LOCALES).unwrap(), "Hola, Tronbyt");
    assert_eq!(printed(greeting, "de", &LOCALES).unwrap(), "Hallo, Tronbyt");
    assert_eq!(printed(greeting, "en", &LOCALES).unwrap(), "Hello, Tronbyt");
    assert_eq!(printed(greeting, "de-AT", &LOCALES).unwrap(), "Hallo, Tronbyt");
}

#[test]
fn missing_translations_fall_back_to_the_source_text() {
    // Without a verb the argument is dropped, as Pixlet's printer drops it.
    assert_eq!(
        printed("tr(\"unread_count\", 3)", "en", &LOCALES).unwrap(),
        "unread_count"
    );
    assert_eq!(printed("tr(\"Open\")", "de", &LOCALES).unwrap(), "Open");
    assert_eq!(printed("tr(\"%d items\", 1234)", "de", &[]).unwrap(), "1,234 items");
    assert_eq!(printed("tr(\"Closed\")", "fr", &[]).unwrap(), "Closed");
}

#[test]
fn arguments_use_gos_verbs_and_the_locales_numbers() {
    assert_eq!(
        printed("tr(\"unread_count\", 1234)", "de", &LOCALES).unwrap(),
        "1.234 ungelesene Nachrichten"
    );
    assert_eq!(
        printed("tr(\"order\", \"uno\", \"dos\")", "es", &LOCALES).unwrap(),
        "dos antes de uno"
    );
    assert_eq!(printed("tr(\"%.1f°C\", 21.25)", "en", &LOCALES).unwrap(), "21.2°C");
    assert_eq!(
        printed("tr(\"%v and %v\", [1, 2], None)", "en", &LOCALES).unwrap(),
        "[1 2] and <nil>"
    );
}

#[test]
fn bad_calls_and_bad_locale_files_are_errors_that_say_what() {
    let cases = [
        ("tr()", "missing format argument"),
        ("tr(5)", "format argument must be a string, got int"),
        ("tr(\"x\", key = 1)", "unexpected keyword arguments"),
        ("tr(\"%s\", tr)", "invalid param 0"),
    ];
    for (expression, message) in cases {
        let error = printed(expression, "en", &LOCALES).unwrap_err().to_string();
        assert!(error.contains(message), "{expression}: {error}");
    }
    let error = printed("tr(\"a\")", "en", &[("locales/de.json", b"[1, 2]")])
        .unwrap_err()
        .to_string();
    assert!(error.contains("decoding locale file de.json"), "{error}");
}
