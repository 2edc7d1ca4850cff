//! Go's durations: signed nanoseconds, read from `"1h30m"`, `"-1.5s"` or
//! `"300ms"` and written back as Go writes them (`"1h2m3s"`, `"1.5µs"`).

use std::fmt::Write;

pub const NANOSECOND: i64 = 1;
pub const MICROSECOND: i64 = 1_000;
pub const MILLISECOND: i64 = 1_000_000;
pub const SECOND: i64 = 1_000_000_000;
pub const MINUTE: i64 = 60 * SECOND;
pub const HOUR: i64 = 60 * MINUTE;

/// Go's `time.ParseDuration`: a sign, then numbers (with an optional
/// fraction) each followed by a unit: `ns`, `us` (`µs`), `ms`, `s`, `m`, `h`.
pub fn parse(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {text:?}");
    let mut s = text.as_bytes();
    let negative = s.first() == Some(&b'-');
    if matches!(s.first(), Some(b'-' | b'+')) {
        s = &s[1..];
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        let whole_digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
        let whole = leading_int(&s[..whole_digits]).ok_or_else(invalid)?;
        s = &s[whole_digits..];
        let (mut fraction, mut scale, mut fraction_digits) = (0u64, 1f64, 0);
        if s.first() == Some(&b'.') {
            s = &s[1..];
            fraction_digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
            (fraction, scale) = leading_fraction(&s[..fraction_digits]);
            s = &s[fraction_digits..];
        }
        if whole_digits == 0 && fraction_digits == 0 {
            return Err(invalid());
        }
        let unit_length = s.iter().take_while(|&&b| b != b'.' && !b.is_ascii_digit()).count();
        if unit_length == 0 {
            return Err(format!("time: missing unit in duration {text:?}"));
        }
        let unit_text = String::from_utf8_lossy(&s[..unit_length]);
        s = &s[unit_length..];
        let unit: u64 = match unit_text.as_ref() {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => SECOND as u64,
            "m" => MINUTE as u64,
            "h" => HOUR as u64,
            other => return Err(format!("time: unknown unit {other:?} in duration {text:?}")),
        };
        if whole > (1u64 << 63) / unit {
            return Err(invalid());
        }
        let mut value = whole * unit;
        if fraction > 0 {
            value += (fraction as f64 * (unit as f64 / scale)) as u64;
            if value > 1 << 63 {
                return Err(invalid());
            }
        }
        total += value;
        if total > 1 << 63 {
            return Err(invalid());
        }
    }
    if negative {
        return Ok((total as i64).wrapping_neg());
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// Leading digits as a number, `None` past 2^63.
fn leading_int(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |n, d| {
        let n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
        (n <= 1 << 63).then_some(n)
    })
}

/// Fraction digits as a number and its scale, ignoring digits that would
/// overflow (they are below a nanosecond anyway).
fn leading_fraction(digits: &[u8]) -> (u64, f64) {
    let (mut n, mut scale) = (0u64, 1f64);
    for d in digits {
        match n.checked_mul(10).map(|x| x + u64::from(d - b'0')) {
            Some(next) if next < (1 << 63) => {
                n = next;
                scale *= 10.0;
            }
            _ => break,
        }
    }
    (n, scale)
}

/// Go's `Duration.String()`: `1h2m3.5s`, or `1.5ms`, `2µs`, `7ns`, `0s`
/// below a second.
pub fn format(nanoseconds: i64) -> String {
    let mut u = nanoseconds.unsigned_abs();
    let mut text = String::new();
    if u < SECOND as u64 {
        let (precision, unit) = match u {
            0 => return "0s".to_owned(),
            1..1_000 => (0, "ns"),
            1_000..1_000_000 => (3, "\u{b5}s"),
            _ => (6, "ms"),
        };
        let (fraction, whole) = fraction(u, precision);
        let _ = write!(text, "{whole}{fraction}{unit}");
    } else {
        let (fraction, seconds) = fraction(u, 9);
        u = seconds;
        let (hours, minutes, seconds) = (u / 3600, (u / 60) % 60, u % 60);
        if hours > 0 {
            let _ = write!(text, "{hours}h");
        }
        if u >= 60 {
            let _ = write!(text, "{minutes}m");
        }
        let _ = write!(text, "{seconds}{fraction}s");
    }
    if nanoseconds < 0 {
        text.insert(0, '-');
    }
    text
}

/// `v / 10^precision` and its fraction as `.123` without trailing zeros.
fn fraction(v: u64, precision: u32) -> (String, u64) {
    let scale = 10u64.pow(precision);
    let digits = format!("{:0width$}", v % scale, width = precision as usize);
    let digits = digits.trim_end_matches('0');
    let fraction = if digits.is_empty() {
        String::new()
    } else {
        format!(".{digits}")
    };
    (fraction, v / scale)
}

/// Go's `Duration.Hours()`, `Minutes()`, `Seconds()`: whole units plus the
/// rest as a fraction, so large durations stay exact where they can.
pub fn in_units(nanoseconds: i64, unit: i64) -> f64 {
    (nanoseconds / unit) as f64 + (nanoseconds % unit) as f64 / unit as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_go_parses() {
        assert_eq!(parse("1h2m3s"), Ok(HOUR + 2 * MINUTE + 3 * SECOND));
        assert_eq!(parse("-1.5h"), Ok(-(HOUR + 30 * MINUTE)));
        assert_eq!(parse("300ms"), Ok(300 * MILLISECOND));
        assert_eq!(parse("2\u{b5}s"), Ok(2 * MICROSECOND));
        assert_eq!(parse("2\u{3bc}s"), Ok(2 * MICROSECOND));
        assert_eq!(parse("1us"), Ok(MICROSECOND));
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("+5s"), Ok(5 * SECOND));
        assert_eq!(parse(".5s"), Ok(SECOND / 2));
        assert_eq!(parse("1.000000001s"), Ok(SECOND + 1));
        assert_eq!(parse("2562047h47m16.854775807s"), Ok(i64::MAX));
        assert_eq!(parse("-2562047h47m16.854775808s"), Ok(i64::MIN));
    }

    #[test]
    fn refuses_what_go_refuses_with_its_messages() {
        assert_eq!(parse(""), Err("time: invalid duration \"\"".to_owned()));
        assert_eq!(parse("1"), Err("time: missing unit in duration \"1\"".to_owned()));
        assert_eq!(
            parse("1d"),
            Err("time: unknown unit \"d\" in duration \"1d\"".to_owned())
        );
        assert_eq!(parse(".s"), Err("time: invalid duration \".s\"".to_owned()));
        assert!(parse("9223372036854775808ns").is_err());
        assert!(parse("3000000h").is_err());
        assert!(parse("x1s").is_err());
    }

    #[test]
    fn writes_as_go_writes() {
        assert_eq!(format(0), "0s");
        assert_eq!(format(HOUR), "1h0m0s");
        assert_eq!(format(HOUR + 2 * MINUTE + 3 * SECOND), "1h2m3s");
        assert_eq!(format(90 * SECOND), "1m30s");
        assert_eq!(format(1_500 * MILLISECOND), "1.5s");
        assert_eq!(format(1_500), "1.5\u{b5}s");
        assert_eq!(format(7), "7ns");
        assert_eq!(format(-30 * MINUTE), "-30m0s");
        assert_eq!(format(i64::MIN), "-2562047h47m16.854775808s");
    }

    #[test]
    fn units_as_floats() {
        assert_eq!(in_units(90 * MINUTE, HOUR), 1.5);
        assert_eq!(in_units(-90 * SECOND, MINUTE), -1.5);
    }
}
