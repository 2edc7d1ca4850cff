//! `cache.star`: Pixlet's cache tests, binary values, and its argument rules.

use crate::common::{TestApp, options};
use crate::support::{fails_with, passes};

const COUNTER: &str = r#"
load("render.star", "render")
load("cache.star", "cache")

def main():
    i = int(cache.get("counter") or '1')
    frames = [render.Root(child=render.Box()) for _ in range(i)]
    cache.set("counter", str(i + 1))
    return frames
"#;

#[test]
fn values_set_can_be_got() {
    let source = r#"
load("render.star", "render")
load("cache.star", "cache")

def main():
    cache.set("key_one", '1')
    cache.set("key_two", '2')
    one, two = cache.get("key_one"), cache.get("key_two")
    if one != '1' or two != '2':
        fail("didn't get what I set")
    if cache.get("key_three") != None:
        fail("got something I hadn't set")
    cache.set("key_three", '3')
    three = cache.get("key_three")
    if three != '3':
        fail("didn't get the previously unset thing even though I just set it")
    return [render.Root(child=render.Box()) for i in range(int(one) + int(two) + int(three))]
"#;
    let rendered = TestApp::new(source).render(&[]).unwrap();
    assert_eq!(rendered.frames.len(), 1 + 2 + 3);
}

#[test]
fn values_survive_between_renders_of_one_app_only() {
    let app = TestApp::new(COUNTER);
    let applet = app.load().unwrap();
    for want in 1..=3 {
        let rendered = applet.render(&Default::default(), &options()).unwrap();
        assert_eq!(rendered.frames.len(), want);
    }
    let other = TestApp::new(COUNTER).load().unwrap();
    assert_eq!(other.render(&Default::default(), &options()).unwrap().frames.len(), 1);
    assert_eq!(applet.render(&Default::default(), &options()).unwrap().frames.len(), 4);
}

#[test]
fn binary_values_come_back_as_bytes() {
    passes(
        r#"
load("cache.star", "cache")
load("assert.star", asserts = "assert")
cache.set("png", b"\x89PNG", ttl_seconds = 3600)
asserts.eq(cache.get("png"), b"\x89PNG")
cache.set("text", "héllo")
asserts.eq(cache.get("text"), "héllo")
"#,
    );
}

#[test]
fn a_value_over_the_apps_cache_limit_is_not_kept_and_not_an_error() {
    passes(
        r#"
load("cache.star", "cache")
load("assert.star", asserts = "assert")
cache.set("big", "x" * (5 * 1024 * 1024))
asserts.eq(cache.get("big"), None)
"#,
    );
}

#[test]
fn arguments_are_checked_as_pixlet_checks_them() {
    fails_with(
        "load('cache.star', 'cache')\ncache.set(\"that's not a string value\", 1)\n",
        "cache.set: for parameter value: got int, want string or bytes",
    );
    fails_with(
        "load('cache.star', 'cache')\ncache.set('k', 'v', ttl_seconds = -1)\n",
        "ttl_seconds cannot be negative",
    );
    fails_with("load('cache.star', 'cache')\ncache.get(1)\n", "key");
}
