//! `assert.star`: each check passes when it should and fails the app with
//! the message Go Starlark's test module gives when it should not.

use crate::support::{fails_with, passes};

const LOAD: &str = "load('assert.star', asserts = 'assert')\n";

#[test]
fn checks_that_hold_pass() {
    passes(&format!(
        "{LOAD}{}",
        r#"
asserts.eq(1 + 1, 2)
asserts.eq([1, "a"], [1, "a"])
asserts.eq(0.1 + 0.2, 0.30000000000000004)
asserts.eq(1, 1.0)
asserts.ne(1, 2)
asserts.true(True)
asserts.true([1])
asserts.lt(1, 2)
asserts.lt("a", "b")
asserts.contains([1, 2], 2)
asserts.contains("hello", "ell")
asserts.contains({"k": 1}, "k")
asserts.fails(lambda: 1 // 0, "division by zero")
asserts.fails(lambda: fail("boom"), "bo+m")
"#
    ));
}

#[test]
fn floats_one_ulp_apart_are_equal() {
    passes(&format!("{LOAD}asserts.eq(1.0, 1.0000000000000002)\n"));
    fails_with(
        &format!("{LOAD}asserts.eq(1.0, 1.0000000000000004)\n"),
        "floats: 1.0 != 1.0000000000000004 (delta > 1 ulp)",
    );
}

#[test]
fn checks_that_do_not_hold_fail_with_their_message() {
    let cases = [
        ("asserts.eq(1, 2)", "1 != 2"),
        ("asserts.eq('a', 'b')", "\"a\" != \"b\""),
        ("asserts.ne(1, 1)", "1 == 1"),
        ("asserts.true(False)", "assertion failed"),
        ("asserts.true(0, 'custom message')", "custom message"),
        ("asserts.lt(2, 1)", "2 is not less than 1"),
        ("asserts.contains([1], 2)", "[1] does not contain 2"),
        (
            "asserts.fails(lambda: 1, 'x')",
            "evaluation succeeded unexpectedly (want error matching \"x\")",
        ),
        (
            "asserts.fails(lambda: 1 // 0, 'nomatch')",
            "regular expression (nomatch) did not match error",
        ),
        ("asserts.fail('stop here')", "stop here"),
    ];
    for (check, want) in cases {
        fails_with(&format!("{LOAD}{check}\n"), want);
    }
}

#[test]
fn the_module_is_loaded_under_another_name_as_assert_is_a_reserved_word() {
    fails_with(
        "load('assert.star', 'assert')\nassert.eq(1, 1)\n",
        "reserved keyword `assert`",
    );
    passes("load('assert.star', check = 'assert')\ncheck.eq(1, 1)\n");
}
