//! `math.star`: go.starlark.net's math module, checked with the values its
//! own tests expect.

use crate::common::{render, shown};

const MATH: &str = "load(\"math.star\", \"math\")";

fn check(checks: &str) {
    let source = format!(
        "{MATH}\ndef eq(got, want):\n    if got != want:\n        fail(\"got %r, want %r\" % (got, want))\n\ndef near(got, want):\n    if abs(got - want) > 1e-14:\n        fail(\"got %r, want %r\" % (got, want))\n\ninf = float(\"inf\")\nnan = float(\"nan\")\n{checks}\ndef main():\n    return []\n"
    );
    if let Err(error) = render(&source) {
        panic!("{error}");
    }
}

#[test]
fn rounding_gives_ints_for_ceil_and_floor_and_floats_for_round() {
    check(
        r#"
eq(math.ceil(0.4), 1)
eq(type(math.ceil(0.4)), "int")
eq(math.ceil(-0.5), 0)
eq(math.ceil(7), 7)
eq(math.floor(-0.4), -1)
eq(math.floor(10.0), 10)
eq(type(math.floor(2.5)), "int")
eq(math.floor(1e20), 100000000000000000000)
eq(math.ceil(12345678901234567890123), 12345678901234567890123)
eq(math.round(0.5), 1.0)
eq(math.round(-0.5), -1.0)
eq(math.round(2.4), 2.0)
eq(type(math.round(2)), "float")
eq(math.fabs(-2), 2.0)
eq(math.copysign(3, -0.0), -3.0)
eq(math.mod(7, 3), 1.0)
eq(math.mod(-7, 3), -1.0)
eq(math.remainder(7, 4), -1.0)
eq(math.remainder(5, 2), 1.0)
eq(math.pow(2, 10), 1024.0)
eq(math.pow(4, 0.5), 2.0)
"#,
    );
}

#[test]
fn trigonometry_and_logarithms() {
    check(
        r#"
eq(math.sqrt(4), 2.0)
eq(math.exp(0), 1.0)
eq(math.exp(1.0), math.e)
eq(math.acos(-1), math.pi)
eq(math.asin(1.0), math.pi / 2)
eq(math.atan(-1), -math.pi / 4)
eq(math.atan2(1, 1), math.pi / 4)
eq(math.atan2(-0.0, -10), -math.pi)
eq(math.atan2(inf, -inf), 3 * math.pi / 4)
eq(math.cos(math.pi), -1.0)
near(math.cos(math.pi / 2), 0)
eq(math.sin(math.pi / 2), 1.0)
eq(math.tan(0), 0.0)
eq(math.hypot(4, 3), 5.0)
eq(math.hypot(inf, nan), inf)
eq(math.degrees(1.0), 57.29577951308232)
eq(math.radians(1), 0.017453292519943295)
eq(math.radians(180), math.pi)
eq(math.acosh(1), 0.0)
near(math.asinh(1.0), 0.8813735870195432)
eq(math.atanh(0.5), 0.5493061443340548)
eq(math.cosh(1.0), 1.5430806348152437)
eq(math.sinh(1), 1.1752011936438014)
eq(math.tanh(1.0), 0.7615941559557649)
eq(math.tanh(-inf), -1.0)
eq(math.log(math.e), 1.0)
eq(math.log(8, 2), 3.0)
eq(math.log(100, 10), 2.0)
eq(math.gamma(5), 24.0)
eq(math.gamma(0.5) * math.gamma(0.5) - math.pi < 1e-12, True)
eq(math.e, 2.7182818284590452)
eq(math.pi, 3.1415926535897932)
"#,
    );
}

#[test]
fn bad_input_is_an_error_that_says_what() {
    let cases = [
        ("math.ceil(\"0\")", "got string, want float or int"),
        ("math.sqrt(None)", "got NoneType, want float or int"),
        ("math.atan2(1.0, \"0\")", "got string, want float or int"),
        ("math.floor(float(\"inf\"))", "cannot convert float infinity to integer"),
        ("math.ceil(float(\"nan\"))", "cannot convert float NaN to integer"),
        ("math.log(10, 1)", "division by zero"),
        ("math.sqrt(x = 4)", "x"),
        ("math.inf", "inf"),
    ];
    for (expression, message) in cases {
        let error = shown(MATH, expression).unwrap_err().to_string();
        assert!(error.contains(message), "{expression}: {error}");
    }
}
