//! `hash.star`, with starlib's expected digests.

use crate::support::{fails_with, passes};

const LOAD: &str = "load('hash.star', 'hash')\nload('assert.star', asserts = 'assert')\n";

#[test]
fn digests_are_lowercase_hex() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(hash.md5("helloworld"), "fc5e038d38a57032085441e7fe7010b0")
asserts.eq(hash.sha1("helloworld"), "6adfb183a4a2c94a2f92dab5ade762a47889a5a1")
asserts.eq(hash.sha256("helloworld"), "936a185caaa266bb9cbe981e9e05cb78cd732b0b3280eb944412bb6f8f8f07af")
asserts.eq(hash.md5(""), "d41d8cd98f00b204e9800998ecf8427e")
"#
    ));
}

#[test]
fn bytes_hash_as_their_bytes() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(hash.md5(b"helloworld"), hash.md5("helloworld"))
asserts.eq(hash.sha256(b"\xff\x00"), "ea5dbf9596d187e9500f23e9a680109475341cf4e81f7e043f7d97152c10772f")
asserts.eq(hash.sha1(b"\xff"), "85e53271e14006f0265921d02d4d736cdc580b0b")
"#
    ));
}

#[test]
fn other_values_are_refused() {
    fails_with(
        &format!("{LOAD}hash.md5(1)\n"),
        "hash.md5: for parameter data: got int, want string or bytes",
    );
    fails_with(&format!("{LOAD}hash.sha1()\n"), "sha1");
}
