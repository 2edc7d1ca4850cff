//! `hmac.star`, with Pixlet's test and documented digests.

use crate::support::{fails_with, passes};

const LOAD: &str = "load('hmac.star', 'hmac')\nload('assert.star', asserts = 'assert')\n";

#[test]
fn keyed_digests_match_pixlets_tests() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(hmac.md5("secret", "helloworld"), "8bd4df4530c3c2cafabf6986740e44bd")
asserts.eq(hmac.sha1("secret", "helloworld"), "e92eb69939a8b8c9843a75296714af611c73fb53")
asserts.eq(hmac.sha256("secret", "helloworld"), "7a7c2bf41973489be3b318ad2f16c75fc875c340deecb12a3f79b28bb7135c97")
asserts.eq(hmac.md5("secret", "hello world!"), "0a0461e10e89506d7c31a145663bed93")
"#
    ));
}

#[test]
fn digests_come_as_hex_base64_or_bytes() {
    passes(&format!(
        "{LOAD}{}",
        r#"
raw = hmac.sha256("secret", "helloworld", binary = True)
asserts.eq(type(raw), "bytes")
asserts.eq(len(raw), 32)
asserts.eq(hmac.sha256("secret", "helloworld", encoding = "binary"), raw)
asserts.eq(hmac.sha256("secret", "helloworld", encoding = "base64"), "enwr9BlzSJvjsxitLxbHX8h1w0De7LEqP3myi7cTXJc=")
asserts.eq(hmac.sha256(b"secret", "helloworld"), hmac.sha256("secret", "helloworld"))
asserts.eq(hmac.md5("secret", "helloworld", encoding = "other"), "8bd4df4530c3c2cafabf6986740e44bd")
"#
    ));
}

#[test]
fn a_key_must_be_text_or_bytes() {
    fails_with(
        &format!("{LOAD}hmac.md5(1, 'x')\n"),
        "md5: for parameter key: got int, want string or bytes",
    );
}
