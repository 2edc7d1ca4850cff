//! `encoding/base64.star`, with starlib's expectations and Go's leniency.

use crate::support::{fails_with, passes};

const LOAD: &str = "load('encoding/base64.star', 'base64')\nload('assert.star', asserts = 'assert')\n";

#[test]
fn encodes_and_decodes_in_the_four_dialects() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(base64.encode("hello"), "aGVsbG8=")
asserts.eq(base64.encode("hello", encoding="standard_raw"), "aGVsbG8")
asserts.eq(base64.encode("hello friend!", encoding="url"), "aGVsbG8gZnJpZW5kIQ==")
asserts.eq(base64.encode("hello friend!", encoding="url_raw"), "aGVsbG8gZnJpZW5kIQ")
asserts.eq(base64.decode("aGVsbG8="), "hello")
asserts.eq(base64.decode("aGVsbG8", encoding="standard_raw"), "hello")
asserts.eq(base64.decode("aGVsbG8gZnJpZW5kIQ==", encoding="url"), "hello friend!")
asserts.eq(base64.decode("aGVsbG8gZnJpZW5kIQ", encoding="url_raw"), "hello friend!")
asserts.eq(base64.encode(data = "?>?", encoding = "url"), "Pz4_")
asserts.eq(base64.encode("?>?"), "Pz4/")
asserts.eq(base64.encode(""), "")
"#
    ));
}

#[test]
fn binary_data_decodes_to_bytes_and_encodes_back() {
    passes(&format!(
        "{LOAD}{}",
        r#"
png = base64.decode("iVBORw0KGgo=")
asserts.eq(type(png), "bytes")
asserts.eq(len(png), 8)
asserts.eq(png, b"\x89PNG\r\n\x1a\n")
asserts.eq(base64.encode(png), "iVBORw0KGgo=")
asserts.eq(type(base64.decode("aGk=")), "string")
"#
    ));
}

#[test]
fn line_breaks_and_stray_bits_are_accepted_as_go_accepts_them() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(base64.decode("aGVs\nbG8g\r\nd29y\nbGQ="), "hello world")
asserts.eq(base64.decode("aGk="), base64.decode("aGl="))
"#
    ));
}

#[test]
fn bad_input_is_an_error() {
    fails_with(&format!("{LOAD}base64.decode('aGVsbG8')\n"), "illegal base64 data");
    fails_with(
        &format!("{LOAD}base64.decode('aGVsbG8=', encoding='standard_raw')\n"),
        "illegal base64 data",
    );
    fails_with(&format!("{LOAD}base64.decode('a$b=')\n"), "illegal base64 data");
    fails_with(
        &format!("{LOAD}base64.encode('x', encoding='hex')\n"),
        "unsupported encoding format: hex",
    );
    fails_with(
        &format!("{LOAD}base64.encode(42)\n"),
        "for parameter data: got int, want string or bytes",
    );
}
