//! `encoding/json.star`, checked against the expectations of Go Starlark's
//! own json tests (which Pixlet's module is).

use crate::support::{fails_with, passes};

const LOAD: &str = "load('encoding/json.star', 'json')\nload('assert.star', asserts = 'assert')\n";

fn check(body: &str) {
    passes(&format!("{LOAD}{body}"));
}

#[test]
fn encodes_scalars_as_go_starlark_does() {
    check(
        r#"
asserts.eq(json.encode(None), "null")
asserts.eq(json.encode(True), "true")
asserts.eq(json.encode(False), "false")
asserts.eq(json.encode(-123), "-123")
asserts.eq(json.encode(12345*12345*12345*12345*12345*12345), "3539537889086624823140625")
asserts.eq(json.encode(float(12345*12345*12345*12345*12345*12345)), "3.539537889086625e+24")
asserts.eq(json.encode(12.345e67), "1.2345e+68")
asserts.eq(json.encode(3.0), "3.0")
asserts.eq(json.encode(0.5), "0.5")
asserts.eq(json.encode(1000000.0), "1e+06")
asserts.eq(json.encode("hello"), '"hello"')
"#,
    );
}

#[test]
fn encodes_containers_with_sorted_keys() {
    check(
        r#"
asserts.eq(json.encode([1, 2, 3]), "[1,2,3]")
asserts.eq(json.encode((1, 2, 3)), "[1,2,3]")
asserts.eq(json.encode(range(3)), "[0,1,2]")
asserts.eq(json.encode(dict(x = 1, y = "two")), '{"x":1,"y":"two"}')
asserts.eq(json.encode(dict(y = "two", x = 1)), '{"x":1,"y":"two"}')
asserts.eq(json.encode(struct(y = "two", x = 1)), '{"x":1,"y":"two"}')
asserts.eq(json.encode({"a": [{"b": None}], "c": {}}), '{"a":[{"b":null}],"c":{}}')
"#,
    );
}

#[test]
fn escapes_strings_as_go_does() {
    check(
        r#"
asserts.eq(json.encode("a\"b\\c"), '"a\\"b\\\\c"')
asserts.eq(json.encode("<tag> & more"), '"<tag> & more"')
asserts.eq(json.encode("<é>"), '"\\u003cé\\u003e"')
asserts.eq(json.encode("tab\there\n"), '"tab\\there\\n"')
"#,
    );
}

#[test]
fn encode_errors_say_what_and_where() {
    let cases = [
        ("float('nan')", "json.encode: cannot encode non-finite float nan"),
        ("float('inf')", "json.encode: cannot encode non-finite float +inf"),
        ("{1: 'two'}", "json.encode: dict has int key, want string"),
        ("len", "cannot encode function as JSON"),
        (
            "struct(x = [1, {'x': len}])",
            "json.encode: in field .x: at list index 1: in dict key \"x\": cannot encode",
        ),
    ];
    for (value, want) in cases {
        fails_with(&format!("{LOAD}json.encode({value})\n"), want);
    }
}

#[test]
fn cycles_are_refused() {
    fails_with(
        &format!("{LOAD}def f():\n    m = {{}}\n    m['r'] = m\n    return json.encode(m)\nf()\n"),
        "json.encode: in dict key \"r\": cycle in JSON structure",
    );
    fails_with(
        &format!("{LOAD}def f():\n    l = []\n    l.append(l)\n    return json.encode(l)\nf()\n"),
        "json.encode: at list index 0: cycle in JSON structure",
    );
    fails_with(
        &format!("{LOAD}def f():\n    t = (1, 2, [])\n    t[2].append(t)\n    return json.encode(t)\nf()\n"),
        "json.encode: at tuple index 2: at list index 0: cycle in JSON structure",
    );
}

#[test]
fn decodes_every_json_type() {
    check(
        r#"
asserts.eq(json.decode("null"), None)
asserts.eq(json.decode("true"), True)
asserts.eq(json.decode("false"), False)
asserts.eq(json.decode("-123"), -123)
asserts.eq(type(json.decode("-123")), "int")
asserts.eq(json.decode("18446744073709551615"), 18446744073709551615)
asserts.eq(json.decode("3539537889086624823140625"), 3539537889086624823140625)
asserts.eq(json.decode("-0"), 0)
asserts.eq(type(json.decode("-0")), "int")
asserts.eq(json.decode("-0.000000000000000000000000000000000000000000000000000000000000000000000000000001"), -1e-78)
asserts.eq(json.decode("3539537889086624823140625.0"), float(3539537889086624823140625))
asserts.eq(json.decode("3.539537889086625e+24"), 3.539537889086625e+24)
asserts.eq(type(json.decode("0e+1")), "float")
asserts.eq(type(json.decode("1.0")), "float")
asserts.eq(json.decode('[]'), [])
asserts.eq(json.decode('[1,2,3]'), [1, 2, 3])
asserts.eq(json.decode('{"one": 1, "two": 2}'), dict(one = 1, two = 2))
asserts.eq(json.decode('{"foo\\u0000bar": 42}'), {"foo\x00bar": 42})
asserts.eq(json.decode('"\\ud83d\\ude39\\ud83d\\udc8d"'), "😹💍")
asserts.eq(json.decode('"\\u0123"'), 'ģ')
asserts.eq(json.decode(' \t\n{"a" : [ 1 , {"b": "c"} ] }\r\n'), {"a": [1, {"b": "c"}]})
"#,
    );
}

#[test]
fn decoded_objects_keep_the_texts_key_order() {
    check(
        r#"
d = json.decode('{"zebra": 1, "apple": 2, "mango": 3, "apple": 4}')
asserts.eq(list(d.keys()), ["zebra", "apple", "mango"])
asserts.eq(d["apple"], 4)
d["new"] = 5
asserts.eq(len(d), 4)
"#,
    );
}

#[test]
fn values_survive_a_round_trip() {
    check(
        r#"
def codec(x):
    return json.decode(json.encode(x))
for s in ["😿", "🐱‍👤", "tab\tquote\"", "\u2028"]:
    asserts.eq(codec(s), s)
for n in [0, 1, -1, 1.23e45, -1.23e-45, 1.0, 9007199254740993, 3539537889086624823140625, float(3539537889086624823140625)]:
    asserts.eq(codec(n), n)
    asserts.eq(type(codec(n)), type(n))
"#,
    );
}

#[test]
fn decode_errors_say_where() {
    for (text, want) in [
        ("truefalse", "json.decode: trailing characters at line 1 column 5"),
        ("\"abc", "EOF while parsing a string"),
        ("'abc'", "expected value at line 1 column 1"),
        ("[1, 2, ]", "line 1 column 8"),
        ("{\"one\" 1", "expected `:`"),
        ("0123", "line 1 column 2"),
        ("", "EOF while parsing a value"),
        ("1e400", "json.decode: invalid number"),
    ] {
        fails_with(&format!("{LOAD}json.decode({text:?})\n"), want);
    }
}

#[test]
fn decode_falls_back_to_the_default() {
    check(
        r#"
asserts.eq(json.decode('{"valid": "json"}', default = "default value"), {"valid": "json"})
asserts.eq(json.decode('{"valid": "json"}', "default value"), {"valid": "json"})
asserts.eq(json.decode('{"invalid": "json"', default = "default value"), "default value")
asserts.eq(json.decode('{"invalid": "json"', "default value"), "default value")
asserts.eq(json.decode('{"invalid": "json"', default = None), None)
asserts.eq(json.decode('{"invalid": "json"', None), None)
"#,
    );
    fails_with(&format!("{LOAD}json.decode(x = '{{}}', default = 1)\n"), "x");
}

#[test]
fn indent_lays_out_one_item_a_line() {
    check(
        r#"
s = json.encode(dict(x = 1, y = ["one", "two"]))
asserts.eq(json.indent(s), '''{
	"x": 1,
	"y": [
		"one",
		"two"
	]
}''')
asserts.eq(json.decode(json.indent(s)), {"x": 1, "y": ["one", "two"]})
asserts.eq(json.indent(s, prefix='¶', indent='–––'), '''{
¶–––"x": 1,
¶–––"y": [
¶––––––"one",
¶––––––"two"
¶–––]
¶}''')
asserts.eq(json.indent('{"a":[],"b":{},"c":"x,y:z"}'), '{\n\t"a": [],\n\t"b": {},\n\t"c": "x,y:z"\n}')
asserts.eq(json.indent('[1e2, 1.50]'), '[\n\t1e2,\n\t1.50\n]')
asserts.eq(
    json.encode_indent({"x": 1, "y": ["one", "two"]}, prefix="¶", indent="–––"),
    json.indent(json.encode({"x": 1, "y": ["one", "two"]}), prefix="¶", indent="–––"),
)
asserts.eq(json.encode_indent({"x": 1}), '{\n\t"x": 1\n}')
"#,
    );
    fails_with(
        &format!("{LOAD}json.indent('!@#$%^& this is not json')\n"),
        "json.indent: expected value",
    );
}

#[test]
fn hostile_nesting_ends_with_an_error() {
    fails_with(
        &format!("{LOAD}json.decode('[' * 200000 + ']' * 200000)\n"),
        "recursion limit exceeded",
    );
    fails_with(
        &format!(
            "{LOAD}def f():\n    x = []\n    for i in range(5000):\n        x = [x]\n    return json.encode(x)\nf()\n"
        ),
        "nested more than 1000 levels deep",
    );
}
