//! Easing curves: how an animation's progress (0 to 1) turns into how far
//! along its values are. Apps name one (`"ease_in"`), give a CSS-style
//! `"cubic-bezier(a, b, c, d)"`, or pass a function of one number.

use std::fmt;

/// A curve apps name or describe.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Curve {
    Linear,
    /// Control points `(a, b)` and `(c, d)` of a bezier from `(0, 0)` to `(1, 1)`.
    CubicBezier {
        a: f64,
        b: f64,
        c: f64,
        d: f64,
    },
    /// A function of the app's; its values are looked up where the curve is
    /// used (see [`super::eased::Eased`]).
    Custom,
}

pub const EASE_IN: Curve = Curve::CubicBezier {
    a: 0.3,
    b: 0.0,
    c: 1.0,
    d: 1.0,
};
pub const EASE_OUT: Curve = Curve::CubicBezier {
    a: 0.0,
    b: 0.0,
    c: 0.0,
    d: 1.0,
};
pub const EASE_IN_OUT: Curve = Curve::CubicBezier {
    a: 0.65,
    b: 0.0,
    c: 0.35,
    d: 1.0,
};

/// How close the bezier's x must come to the progress asked for.
const EPSILON: f64 = 0.0001;

/// Bisection steps before settling: Pixlet's loop has no bound and never
/// ends for a curve whose x doubles back; 100 halvings exhaust an f64.
const MAX_STEPS: usize = 100;

/// A curve string apps may pass that is none of ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCurve(pub String);

impl fmt::Display for UnknownCurve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "curve is not a valid curve string: {}", self.0)
    }
}

impl std::error::Error for UnknownCurve {}

impl Curve {
    /// A named curve or `cubic-bezier(a, b, c, d)` (numbers separated by a
    /// comma and one space, as Pixlet accepts them).
    pub fn parse(text: &str) -> Result<Curve, UnknownCurve> {
        match text {
            "linear" => return Ok(Curve::Linear),
            "ease_in" => return Ok(EASE_IN),
            "ease_out" => return Ok(EASE_OUT),
            "ease_in_out" => return Ok(EASE_IN_OUT),
            _ => {}
        }
        parse_cubic_bezier(text).ok_or_else(|| UnknownCurve(text.to_owned()))
    }

    /// The eased value at progress `t`; a custom curve is only known where it
    /// is used, so here it passes `t` through.
    pub fn transform(&self, t: f64) -> f64 {
        match *self {
            Curve::Linear | Curve::Custom => t,
            Curve::CubicBezier { a, b, c, d } => {
                let (mut start, mut end) = (0.0, 1.0);
                let mut mid = 0.5;
                for _ in 0..MAX_STEPS {
                    mid = start + (end - start) / 2.0;
                    let x = bezier(mid, a, c);
                    if (x - t).abs() < EPSILON {
                        break;
                    }
                    if x < t {
                        start = mid;
                    } else {
                        end = mid;
                    }
                }
                bezier(mid, b, d)
            }
        }
    }
}

/// One coordinate of the bezier through 0, `e`, `f` and 1 at parameter `t`.
fn bezier(t: f64, e: f64, f: f64) -> f64 {
    3.0 * e * (1.0 - t) * (1.0 - t) * t + 3.0 * f * (1.0 - t) * t * t + t * t * t
}

fn parse_cubic_bezier(text: &str) -> Option<Curve> {
    let inner = text.strip_prefix("cubic-bezier(")?.strip_suffix(')')?;
    let numbers: Vec<f64> = inner.split(", ").map(parse_number).collect::<Option<_>>()?;
    match numbers[..] {
        [a, b, c, d] => Some(Curve::CubicBezier { a, b, c, d }),
        _ => None,
    }
}

/// A decimal as Pixlet's pattern takes it: an optional sign, digits with an
/// optional point (`.5`, `1.25`, `3`), no exponent.
fn parse_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or(("", digits));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_near(actual: f64, expected: f64, delta: f64) {
        assert!(
            (actual - expected).abs() <= delta,
            "{actual} is not within {delta} of {expected}"
        );
    }

    #[test]
    fn linear_passes_progress_through() {
        for t in [0.0, 1.0, 0.31416, 0.5] {
            assert_near(Curve::Linear.transform(t), t, 0.00001);
        }
    }

    #[test]
    fn ease_curves_follow_their_beziers() {
        let ease_in = [
            (0.0, 0.0),
            (0.2192, 0.104),
            (0.4816, 0.352),
            (0.7344, 0.648),
            (0.9248, 0.896),
            (1.0, 1.0),
        ];
        for (t, want) in ease_in {
            assert_near(EASE_IN.transform(t), want, 0.01);
        }
        let ease_out = [
            (0.0, 0.0),
            (0.008, 0.104),
            (0.064, 0.352),
            (0.216, 0.648),
            (0.512, 0.896),
            (1.0, 1.0),
        ];
        for (t, want) in ease_out {
            assert_near(EASE_OUT.transform(t), want, 0.01);
        }
    }

    #[test]
    fn curve_strings_parse_as_pixlet_parses_them() {
        assert_eq!(Curve::parse("linear"), Ok(Curve::Linear));
        assert_eq!(Curve::parse("ease_in"), Ok(EASE_IN));
        assert_eq!(Curve::parse("ease_out"), Ok(EASE_OUT));
        assert_eq!(Curve::parse("ease_in_out"), Ok(EASE_IN_OUT));
        let bezier = |a, b, c, d| Ok(Curve::CubicBezier { a, b, c, d });
        assert_eq!(Curve::parse("cubic-bezier(0, 0, 0, 0)"), bezier(0.0, 0.0, 0.0, 0.0));
        assert_eq!(
            Curve::parse("cubic-bezier(0.68, -0.6, 0.32, 1.6)"),
            bezier(0.68, -0.6, 0.32, 1.6)
        );
        assert_eq!(
            Curve::parse("cubic-bezier(.68, -.6, .32, 1.6)"),
            bezier(0.68, -0.6, 0.32, 1.6)
        );
    }

    #[test]
    fn malformed_curve_strings_are_refused() {
        for text in [
            "ease",
            "cubic-bezier(1, 2, 3)",
            "cubic-bezier(1,2,3,4)",
            "cubic-bezier(1, 2, 3, 4, 5)",
            "cubic-bezier(1e3, 0, 0, 1)",
            "cubic-bezier(1., 0, 0, 1)",
            "cubic-bezier(0, 0, 0, 1) ",
            "cubic-bezier(, 0, 0, 1)",
        ] {
            assert_eq!(Curve::parse(text), Err(UnknownCurve(text.to_owned())), "{text}");
        }
    }

    #[test]
    fn a_curve_that_doubles_back_still_answers() {
        let wild = Curve::CubicBezier {
            a: 5.0,
            b: 0.0,
            c: -5.0,
            d: 1.0,
        };
        assert!(wild.transform(0.5).is_finite());
        assert!(EASE_IN.transform(f64::NAN).is_finite());
    }
}
