//! Where Go's Starlark, which apps are written against, answers differently
//! from starlark-rust's and apps rely on Go's answer.

use crate::common::shown;

const LOADS: &str = "load(\"render.star\", \"render\")\nload(\"animation.star\", \"animation\")\n";

#[test]
fn type_names_render_values_as_pixlet_does() {
    // Apps test `type(child) == "Image"` before reading an image's delay.
    let names = shown(
        LOADS,
        "[type(render.Root(child = render.Box())), type(render.Text('a')), \
         type(render.Row(children = [])), type(animation.Keyframe(percentage = 0.5, transforms = [])), \
         type(render.Text('a')) == 'Text']",
    )
    .unwrap();
    assert_eq!(names, r#"["Root", "Text", "Row", "Keyframe", True]"#);
}

#[test]
fn type_names_other_values_as_before() {
    let names = shown(
        LOADS,
        "[type('a'), type(1), type(1.5), type(None), type([]), type({}), type(()), type(struct()), type(len), type(lambda: 1)]",
    )
    .unwrap();
    assert_eq!(
        names,
        r#"["string", "int", "float", "NoneType", "list", "dict", "tuple", "struct", "function", "function"]"#
    );
}

/// What `print(expression)` shows, in an app that loads nothing.
fn show(expression: &str) -> String {
    shown("", expression).unwrap_or_else(|e| panic!("{expression}: {e}"))
}

/// The error `print(expression)` fails with.
fn error_of(expression: &str) -> String {
    match shown("", expression) {
        Ok(printed) => panic!("{expression} printed {printed}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn percent_has_gos_conversions() {
    // `%i`, `%c` and `%(key)s` are Go Starlark's; starlark-rust has none.
    assert_eq!(show("'%i items' % 42"), "42 items");
    assert_eq!(show("'%c%c' % (72, 'é')"), "Hé");
    assert_eq!(show("'%(name)s is %(age)d' % {'name': 'Ann', 'age': 30}"), "Ann is 30");
    assert_eq!(show("'100%% %s' % 'sure'"), "100% sure");
    assert_eq!(show("'%s and %r' % ('a', 'a')"), "a and \"a\"");
    assert_eq!(show("'%s' % [1, 'a']"), "[1, \"a\"]");
}

#[test]
fn percent_integer_conversions_truncate_floats_as_go_does() {
    assert_eq!(show("'%d %d %i' % (3.7, -3.7, 2.0)"), "3 -3 2");
    assert_eq!(show("'#%X' % 171.0"), "#AB");
    assert_eq!(show("'%x %X %o' % (255.9, -255, 8.0)"), "ff -FF 10");
    assert_eq!(show("'%d' % 1e12"), "1000000000000");
    assert_eq!(show("'%x' % (1 << 70)"), "400000000000000000");
}

#[test]
fn percent_writes_floats_in_gos_notation() {
    assert_eq!(show("'%s' % 12345678.9"), "1.23456789e+07");
    assert_eq!(show("'%g %g %g' % (1e6, 100000, 0.0001)"), "1e+06 100000.0 0.0001");
    assert_eq!(show("'%G' % 1e-5"), "1E-05");
    assert_eq!(show("'%e %E' % (12345.678, 1e-7)"), "1.234568e+04 1.000000E-07");
    assert_eq!(show("'%f' % 2.5"), "2.500000");
    assert_eq!(
        show("'%s %s %f' % (float('inf'), -float('inf'), float('nan'))"),
        "+inf -inf nan"
    );
}

#[test]
fn percent_fails_where_go_fails_with_gos_words() {
    for (expression, want) in [
        ("'%d' % 'x'", "%d format requires integer: cannot convert string to int"),
        ("'%d' % float('nan')", "cannot convert float NaN to integer"),
        ("'%f' % 'x'", "%f format requires float, not string"),
        ("'%s %s' % ('a',)", "not enough arguments for format string"),
        ("'%s' % ('a', 'b')", "too many arguments for format string"),
        ("'%z' % 1", "unknown conversion %z"),
        ("'%(a)s' % 1", "format requires a mapping"),
        ("'%(b)s' % {'a': 1}", "key not found: b"),
        ("'%(a' % {}", "incomplete format key"),
        ("'50%' % 5", "incomplete format"),
        ("'50%' % ()", "not enough arguments for format string"),
        // Go takes no flags, width or precision.
        ("'%02d' % 5", "unknown conversion %0"),
        ("'%c' % 'ab'", "%c format requires a single-character string"),
        ("'%c' % -1", "%c format requires a valid Unicode code point"),
    ] {
        let error = error_of(expression);
        assert!(error.contains(want), "{expression}: want {want:?}, got:\n{error}");
    }
}

#[test]
fn percent_of_numbers_is_still_the_remainder() {
    assert_eq!(show("[7 % 3, -7 % 3, 7.5 % 2, -7.5 % 2]"), "[1, 2, 1.5, 0.5]");
    let printed = crate::common::printed(&crate::common::TestApp::with_files(
        "load('helpers.star', 'wrap')\n\
         EVEN = [n for n in range(6) if n % 2 == 0]\n\
         def main():\n\
         \x20   x = 10\n\
         \x20   x %= 4\n\
         \x20   half = lambda n: n % 5\n\
         \x20   def inner(n):\n\
         \x20       return '%d!' % n\n\
         \x20   print(EVEN, x, half(12), inner(3), wrap(37))\n\
         \x20   return []\n",
        &[("helpers.star", b"def wrap(n):\n    return n % 10\n")],
    ))
    .unwrap();
    assert_eq!(printed, ["[0, 2, 4] 2 2 3! 7"]);
}
