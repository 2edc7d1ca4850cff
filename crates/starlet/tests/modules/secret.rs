//! `secret.star`: Pixlet's `TestSecretDoesntDecryptWithoutKey`, and the
//! fallback its documentation shows apps using.

use crate::support::{fails_with, passes};

#[test]
fn nothing_decrypts_and_apps_fall_back_to_their_config() {
    passes(
        r#"
load("assert.star", asserts = "assert")
load("secret.star", "secret")

ENCRYPTED = "AV6+xWcEAmYyITXC0xYdM5w0HBK0WIwkLA3Vb3mgq1wD+tUHpHr8xz13"
DECRYPTED = secret.decrypt(ENCRYPTED)

def main(config):
    asserts.eq(DECRYPTED, None)
    api_key = secret.decrypt(ENCRYPTED) or config.get("dev_api_key", "from config")
    asserts.eq(api_key, "from config")
    asserts.eq(secret.decrypt(), None)
    return []
"#,
    );
    fails_with("load('secret.star', 'secret')\nsecret.decrypt(1)\n", "decrypt");
}
