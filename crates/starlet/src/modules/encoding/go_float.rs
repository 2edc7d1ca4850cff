//! Floats written as Go writes them, so text an app builds from numbers
//! (`json.encode`, `csv.write_all`) reads the same as under Pixlet.

/// Go's `strconv.FormatFloat(x, 'g', -1, 64)`, which `%v` also uses: the
/// shortest digits that read back as `x`, in exponent form (`1e+06`,
/// `1.5e-05`) when the decimal exponent is below -4 or at least 6.
pub fn shortest(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    // Rust's `{:e}` gives the same shortest digits as Go: `d.ddde[-]x`.
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').expect("{:e} has an exponent");
    let exponent: i32 = exponent.parse().expect("{:e} exponent is an integer");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if !(-4..6).contains(&exponent) {
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{mantissa}e{exponent_sign}{:02}", exponent.abs());
    }
    let point = exponent + 1;
    if point <= 0 {
        let zeros = "0".repeat((-point) as usize);
        format!("{sign}0.{zeros}{digits}")
    } else if point as usize >= digits.len() {
        let zeros = "0".repeat(point as usize - digits.len());
        format!("{sign}{digits}{zeros}")
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{sign}{whole}.{fraction}")
    }
}

/// A float as Go Starlark's `str()` writes it: [`shortest`], with `.0`
/// added when that would read as an int (`3.0`, not `3`).
pub fn starlark(x: f64) -> String {
    let text = shortest(x);
    if x.is_finite() && !text.contains(['.', 'e']) {
        text + ".0"
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_go_formatting() {
        for (x, want) in [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (0.1, "0.1"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (1e6, "1e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-5, "1.5e-05"),
            (-2.5, "-2.5"),
            (12.345e67, "1.2345e+68"),
            (3.539537889086625e24, "3.539537889086625e+24"),
            (1e100, "1e+100"),
        ] {
            assert_eq!(shortest(x), want, "{x}");
        }
    }

    #[test]
    fn starlark_floats_always_look_like_floats() {
        assert_eq!(starlark(3.0), "3.0");
        assert_eq!(starlark(1e6), "1e+06");
        assert_eq!(starlark(0.5), "0.5");
    }
}
