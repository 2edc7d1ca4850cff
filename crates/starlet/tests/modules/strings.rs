//! `strings.star`: the examples of Pixlet's module reference.

use crate::common::shown;

const STRINGS: &str = "load(\"strings.star\", \"strings\")";

#[test]
fn the_documented_examples() {
    let cases = [
        ("strings.pad(\"foo\", 5)", "foo  "),
        ("strings.pad(\"foo\", 5, \"end\")", "  foo"),
        ("strings.pad(\"7\", 3, align = \"END\", char = \"0\")", "007"),
        ("strings.truncate(\"hello world\", 5)", "hell…"),
        ("strings.truncate(\"hello world\", 5, \"...\")", "he..."),
        ("strings.truncate(text = \"short\", length = 9)", "short"),
    ];
    for (expression, want) in cases {
        assert_eq!(shown(STRINGS, expression).unwrap(), want, "{expression}");
    }
}

#[test]
fn bad_arguments_are_errors_that_say_what() {
    let cases = [
        (
            "strings.pad(\"foo\", 5, \"middle\")",
            "middle does not belong to PadAlign values",
        ),
        ("strings.pad(\"foo\", \"5\")", "int"),
        ("strings.truncate(5, 1)", "str"),
    ];
    for (expression, message) in cases {
        let error = shown(STRINGS, expression).unwrap_err().to_string();
        assert!(error.contains(message), "{expression}: {error}");
    }
}
