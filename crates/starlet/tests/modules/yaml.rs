//! `encoding/yaml.star` (Tronbyt's module): decoding documents, encoding
//! values, and documents built to explode.

use crate::support::{fails_with, passes};

const LOAD: &str = "load('encoding/yaml.star', 'yaml')\nload('assert.star', asserts = 'assert')\n";

#[test]
fn decodes_the_documented_example_and_every_type() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(yaml.decode("message: Hello, world!")["message"], "Hello, world!")
doc = yaml.decode("""
name: board
size: 64
ratio: 0.5
on: true
missing: null
tags: [a, b]
nested:
  zebra: 1
  apple: 2
""")
asserts.eq(doc["size"], 64)
asserts.eq(doc["ratio"], 0.5)
asserts.eq(doc["on"], True)
asserts.eq(doc["missing"], None)
asserts.eq(doc["tags"], ["a", "b"])
asserts.eq(list(doc["nested"].keys()), ["zebra", "apple"])
asserts.eq(yaml.decode("- 1\n- two\n"), [1, "two"])
asserts.eq(yaml.decode("42"), 42)
asserts.eq(yaml.decode("first: 1\n---\nsecond: 2\n"), {"first": 1})
"#
    ));
}

#[test]
fn anchors_and_merge_keys_are_resolved() {
    passes(&format!(
        "{LOAD}{}",
        r#"
doc = yaml.decode("""
base: &base
  color: red
  size: 2
item:
  <<: *base
  size: 3
copy: *base
""")
asserts.eq(doc["item"], {"color": "red", "size": 3})
asserts.eq(doc["copy"], {"color": "red", "size": 2})
"#
    ));
}

#[test]
fn encodes_with_sorted_keys() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(yaml.encode({"b": [1, 2], "a": "x"}), "a: x\nb:\n- 1\n- 2\n")
asserts.eq(yaml.encode({"k": None, "f": 1.5, "t": True}), "f: 1.5\nk: null\nt: true\n")
asserts.eq(yaml.encode("text"), "text\n")
asserts.eq(yaml.decode(yaml.encode({"x": [{"y": "z"}]})), {"x": [{"y": "z"}]})
asserts.eq(yaml.encode({"a": 1}, indent = 2), "a: 1\n")
"#
    ));
    fails_with(
        &format!("{LOAD}yaml.encode({{'a': 1}}, indent = 4)\n"),
        "indent 4 is not supported",
    );
    fails_with(
        &format!("{LOAD}yaml.encode(len)\n"),
        "unrecognized starlark type: function",
    );
}

#[test]
fn bad_and_hostile_documents_end_with_an_error() {
    fails_with(&format!("{LOAD}yaml.decode('a: [1, 2')\n"), "yaml.decode:");
    fails_with(&format!("{LOAD}yaml.decode('')\n"), "yaml.decode:");
    fails_with(&format!("{LOAD}yaml.decode('[' * 10000)\n"), "recursion limit exceeded");
    let laughs = r#"
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"#;
    fails_with(
        &format!("{LOAD}yaml.decode('''{laughs}''')\n"),
        "repetition limit exceeded",
    );
}
