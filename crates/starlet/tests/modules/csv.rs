//! `encoding/csv.star`, with starlib's expectations and Go's reader rules.

use crate::support::{fails_with, passes};

const LOAD: &str = "load('encoding/csv.star', 'csv')\nload('assert.star', asserts = 'assert')\n";

#[test]
fn reads_and_writes_starlibs_example() {
    passes(&format!(
        "{LOAD}{}",
        r##"
text = """a,b,c
1,2,3
4,5,6
7,8,9
"""
asserts.eq(csv.read_all(text), [["a","b","c"],["1","2","3"],["4","5","6"],["7","8","9"]])
asserts.eq(csv.write_all([[1,2,3],[4,5,6],['a','b','c']]), "1,2,3\n4,5,6\na,b,c\n")
"##
    ));
}

#[test]
fn reading_follows_gos_rules() {
    passes(&format!(
        "{LOAD}{}",
        r##"
asserts.eq(csv.read_all('name,"quoted, with comma","say ""hi"""\n'), [["name", "quoted, with comma", 'say "hi"']])
asserts.eq(csv.read_all('a,"multi\r\nline"\r\nb,c\r\n'), [["a", "multi\nline"], ["b", "c"]])
asserts.eq(csv.read_all("a,b\rc,d"), [["a", "b"], ["c", "d"]])
asserts.eq(csv.read_all("a,b\n\n\nc,d\n"), [["a", "b"], ["c", "d"]])
asserts.eq(csv.read_all("a;b\n# note\nc;d", comma = ";", comment = "#"), [["a", "b"], ["c", "d"]])
asserts.eq(csv.read_all("a\tb", comma = "\t"), [["a", "b"]])
asserts.eq(csv.read_all("h1,h2\nx,y\n", skip = 1), [["x", "y"]])
asserts.eq(csv.read_all("a, b,  c", trim_leading_space = True), [["a", "b", "c"]])
asserts.eq(csv.read_all("a,b\nc\n", fields_per_record = -1), [["a", "b"], ["c"]])
asserts.eq(csv.read_all("a,b\nc,d\n", fields_per_record = 2), [["a", "b"], ["c", "d"]])
asserts.eq(csv.read_all(""), [])
asserts.eq(csv.read_all(b"\xffa,b"), [[b"\xffa", "b"]])
"##
    ));
}

#[test]
fn field_counts_are_checked_as_go_checks_them() {
    fails_with(
        &format!("{LOAD}csv.read_all('a,b\\nc\\n')\n"),
        "record on line 2: wrong number of fields",
    );
    fails_with(
        &format!("{LOAD}csv.read_all('a,b\\nc,d\\n', fields_per_record = 3)\n"),
        "record on line 1: wrong number of fields",
    );
    fails_with(
        &format!("{LOAD}csv.read_all('h\\nx,y\\n', skip = 1)\n"),
        "record on line 2: wrong number of fields",
    );
}

#[test]
fn bad_options_are_refused() {
    fails_with(
        &format!("{LOAD}csv.read_all('a', comma = ';;')\n"),
        "expected comma param to be a single-character string",
    );
    fails_with(
        &format!("{LOAD}csv.read_all('a', comment = '//')\n"),
        "expected comment param to be a single-character string",
    );
    fails_with(
        &format!("{LOAD}csv.read_all('a', comma = '#', comment = '#')\n"),
        "invalid field or comment delimiter",
    );
    fails_with(&format!("{LOAD}csv.read_all('a', skip = 3)\n"), "cannot skip 3 records");
}

#[test]
fn writing_formats_values_as_go_does() {
    passes(&format!(
        "{LOAD}{}",
        r##"
asserts.eq(csv.write_all([["a", None, True, 1.5, 2.0, 1e6]]), "a,<nil>,true,1.5,2,1e+06\n")
asserts.eq(csv.write_all([["has,comma", 'has "quote"', "line\nbreak"]]), '"has,comma","has ""quote""","line\nbreak"\n')
asserts.eq(csv.write_all([("x", "y")], comma = "|"), "x|y\n")
asserts.eq(csv.write_all([[[1, 2], {"k": "v"}]]), '[1 2],map[k:v]\n')
asserts.eq(csv.write_all([]), "")
"##
    ));
    fails_with(
        &format!("{LOAD}csv.write_all('x')\n"),
        "expected value to be an array type",
    );
    fails_with(&format!("{LOAD}csv.write_all([1])\n"), "row 0 is not an array type");
}
