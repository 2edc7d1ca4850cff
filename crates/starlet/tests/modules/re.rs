//! `re.star`, with starlib's expectations, Go's `Regexp` semantics, and
//! patterns that would hurt a backtracking engine.

use std::time::{Duration, Instant};

use crate::support::{fails_with, passes};

const LOAD: &str = "load('re.star', 're')\nload('assert.star', asserts = 'assert')\n";

#[test]
fn starlibs_examples() {
    passes(&format!(
        "{LOAD}{}",
        r#"
pattern = r"(\w*)\s*(ADD|REM|DEL|EXT|TRF)\s*(.*)\s*(NAT|INT)\s*(.*)\s*(\(\w{2}\))\s*(.*)"
text = "EDM ADD FROM INJURED NAT Jordan BEAULIEU (DB) Western University"
compiled = re.compile(pattern)
want = [(text, "EDM", "ADD", "FROM INJURED ", "NAT", "Jordan BEAULIEU ", "(DB)", "Western University")]
asserts.eq(re.match(pattern, text), want)
asserts.eq(compiled.match(text), want)
asserts.eq(re.sub(pattern, "", text), "")
asserts.eq(compiled.sub("", text), "")
asserts.eq(re.split(" ", "foo bar baz bat"), ("foo", "bar", "baz", "bat"))
asserts.eq(re.compile(" ").split("foo bar baz bat"), ("foo", "bar", "baz", "bat"))
asserts.eq(re.findall("foo", "foo bar baz"), ("foo",))
asserts.eq(re.compile("foo").findall("foo bar baz"), ("foo",))
"#
    ));
}

#[test]
fn results_have_starlibs_shapes() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(re.search(r"\d+", "abc 123 456"), [4, 7])
asserts.eq(re.search(r"\d+", "no digits"), None)
asserts.eq(re.search("b", "ééb"), [2, 3])
asserts.eq(re.match(r"(\d)(x)?", "1 2x"), [("1", "1", ""), ("2x", "2", "x")])
asserts.eq(re.match("z", "abc"), [])
asserts.eq(re.findall(r"(\d)\d", "12 34"), ("12", "34"))
asserts.eq(re.sub(r"(\w+)@(\w+)", "$2 at ${1}", "me@home, you@work"), "home at me, work at you")
asserts.eq(re.sub("a", "$$", "banana"), "b$n$n$")
asserts.eq(re.sub("a", "o", "banana", 1), "bonono")
asserts.eq(re.sub("(", "x", "text"), None)
asserts.eq(type(re.compile("a+")), "regexp")
asserts.eq(str(re.compile(r"a\d+")), r"a\d+")
"#
    ));
}

#[test]
fn split_follows_gos_rules() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(re.split(",", "a,b,c", 2), ("a", "b,c"))
asserts.eq(re.split(",", "a,b,c", 1), ("a,b,c",))
asserts.eq(re.split(",", "a,b,c", -1), ("a", "b", "c"))
asserts.eq(re.split(",", "a,"), ("a", ""))
asserts.eq(re.split(",", ""), ("",))
asserts.eq(re.split("", "abc"), ("a", "b", "c"))
asserts.eq(re.split("x*", "axxb"), ("a", "b"))
"#
    ));
}

#[test]
fn perl_classes_are_ascii_as_in_go() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(re.sub(r"[^\w\d \-'&.!]", "", "Café Straße 1-2"), "Caf Strae 1-2")
asserts.eq(re.findall(r"\d+", "٣4"), ("4",))
asserts.eq(re.findall(r"\s+", "a\u00a0b c"), (" ",))
asserts.eq(re.search(r"\bé", "aé é"), [1, 2])
asserts.eq(re.findall(r"\p{L}+", "Café"), ("Café",))
"#
    ));
}

#[test]
fn bad_and_oversized_patterns_are_errors() {
    fails_with(&format!("{LOAD}re.compile('(abc')\n"), "error parsing regexp");
    fails_with(&format!("{LOAD}re.findall('a{{2,1}}', 'aa')\n"), "error parsing regexp");
    fails_with(&format!("{LOAD}re.compile('a' * 40000)\n"), "over the 32768-byte limit");
    fails_with(
        &format!("{LOAD}re.compile('(?:a{{1000}}){{1000}}')\n"),
        "regular expression too big",
    );
    fails_with(
        &format!("{LOAD}re.sub('(?:x{{1000}}){{1000}}', '', 'x')\n"),
        "regular expression too big",
    );
}

#[test]
fn catastrophic_patterns_run_in_linear_time() {
    let started = Instant::now();
    passes(&format!(
        "{LOAD}{}",
        r#"
text = "a" * 30000 + "!"
asserts.eq(re.match(r"^(a+)+$", text), [])
asserts.eq(re.search(r"(a|aa)*b", text), None)
asserts.eq(len(re.findall(r"(x+x+)+y", "x" * 5000)), 0)
"#
    ));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn result_counts_are_bounded() {
    fails_with(
        &format!("{LOAD}re.findall('', 'a' * 1100000)\n"),
        "more than 1048576 results",
    );
    fails_with(
        &format!("{LOAD}re.sub('', 'x' * 1000, 'a' * 100000)\n"),
        "over the 64 MiB limit",
    );
}
