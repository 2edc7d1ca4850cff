//! The go-humanize formatters Pixlet's `humanize` module wraps: relative
//! times, byte sizes, number patterns, ordinals and English plurals, with
//! the same outputs.

use crate::gotime::Time;
use crate::gotime::duration::{HOUR, MINUTE, SECOND};

const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;
const MONTH: i64 = 30 * DAY;
const YEAR: i64 = 12 * MONTH;
const LONG_TIME: i64 = 37 * YEAR;

/// `"3 days"` and the label of whichever time is earlier: `a_label` when
/// `a` is before `b`, as go-humanize's `RelTime`.
pub fn relative_time(a: &Time, b: &Time, a_label: &str, b_label: &str) -> String {
    let (label, span) = if a > b {
        (b_label, a.since(b))
    } else {
        (a_label, b.since(a))
    };
    // Each row holds while the span is below its bound: the text, and the
    // unit the count is in (0 when the text has no count).
    let rows: [(i64, &str, i64); 17] = [
        (SECOND, "now", 0),
        (2 * SECOND, "1 second", 0),
        (MINUTE, "seconds", SECOND),
        (2 * MINUTE, "1 minute", 0),
        (HOUR, "minutes", MINUTE),
        (2 * HOUR, "1 hour", 0),
        (DAY, "hours", HOUR),
        (2 * DAY, "1 day", 0),
        (WEEK, "days", DAY),
        (2 * WEEK, "1 week", 0),
        (MONTH, "weeks", WEEK),
        (2 * MONTH, "1 month", 0),
        (YEAR, "months", MONTH),
        (18 * MONTH, "1 year", 0),
        (2 * YEAR, "2 years", 0),
        (LONG_TIME, "years", YEAR),
        (i64::MAX, "a long while", 0),
    ];
    let (_, text, unit) = rows.iter().find(|(bound, _, _)| *bound > span).unwrap_or(&rows[16]);
    match (*text, *unit) {
        ("now", _) => "now".to_owned(),
        (text, 0) => format!("{text} {label}"),
        (text, unit) => format!("{} {text} {label}", span / unit),
    }
}

/// `82854982` as `"83 MB"`, or in powers of 1024 (`"79 MiB"`).
pub fn bytes(size: u64, iec: bool) -> String {
    let (base, units): (f64, [&str; 7]) = if iec {
        (1024.0, ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"])
    } else {
        (1000.0, ["B", "kB", "MB", "GB", "TB", "PB", "EB"])
    };
    if size < 10 {
        return format!("{size} B");
    }
    let exponent = ((size as f64).ln() / base.ln()).floor();
    let unit = units[(exponent as usize).min(units.len() - 1)];
    let value = ((size as f64) / base.powf(exponent) * 10.0 + 0.5).floor() / 10.0;
    if value < 10.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

/// `"42 MB"` or `"42mib"` as a number of bytes.
pub fn parse_bytes(text: &str) -> Result<u64, String> {
    let number_length: usize = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .map(char::len_utf8)
        .sum();
    let number = text[..number_length].replace(',', "");
    let value: f64 = number
        .parse()
        .map_err(|_| format!("strconv.ParseFloat: parsing {number:?}: invalid syntax"))?;
    let unit = text[number_length..].trim().to_lowercase();
    let multiplier: u64 = match unit.as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "ki" | "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mi" | "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gi" | "gib" => 1 << 30,
        "t" | "tb" => 1_000_000_000_000,
        "ti" | "tib" => 1 << 40,
        "p" | "pb" => 1_000_000_000_000_000,
        "pi" | "pib" => 1 << 50,
        "e" | "eb" => 1_000_000_000_000_000_000,
        "ei" | "eib" => 1 << 60,
        _ => return Err(format!("unhandled size name: {unit}")),
    };
    let bytes = value * multiplier as f64;
    if bytes >= u64::MAX as f64 {
        return Err(format!("too large: {text}"));
    }
    Ok(bytes as u64)
}

/// `123456` as `"123,456"`: English digit groups, as go-humanize's `Comma`.
pub fn comma(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if n < 0 { format!("-{grouped}") } else { grouped }
}

/// go-humanize's `FormatFloat`: `"#,###.##"` is a thousands separator (the
/// character before three digit marks), a decimal separator, and the
/// number of decimals; a leading `+` asks for a sign on positive numbers.
pub fn format_float(pattern: &str, n: f64) -> Result<String, String> {
    if n.is_nan() {
        return Ok("NaN".to_owned());
    }
    if n.is_infinite() {
        return Ok(if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned());
    }
    let (mut precision, mut decimal, mut thousands, mut plus) = (2usize, ".".to_owned(), ",".to_owned(), "");
    if !pattern.is_empty() {
        let chars: Vec<char> = pattern.chars().collect();
        precision = 9;
        thousands = String::new();
        let mut directives: Vec<usize> = (0..chars.len())
            .filter(|&i| chars[i] != '#' && chars[i] != '0')
            .collect();
        if directives.first() == Some(&0) {
            if chars[0] != '+' {
                return Err("FormatFloat(): invalid positive sign directive".to_owned());
            }
            plus = "+";
            directives.remove(0);
        }
        if directives.len() == 2 {
            if directives[1] - directives[0] != 4 {
                return Err(
                    "FormatFloat(): thousands separator directive must be followed by 3 digit-specifiers".to_owned(),
                );
            }
            thousands = chars[directives[0]].to_string();
            directives.remove(0);
        }
        if directives.len() == 1 {
            decimal = chars[directives[0]].to_string();
            precision = chars.len() - directives[0] - 1;
        }
        if precision > 9 {
            return Err(format!(
                "FormatFloat(): at most 9 decimals, the pattern asks for {precision}"
            ));
        }
    }
    let (sign, magnitude) = if n >= 0.000_000_001 {
        (plus, n)
    } else if n <= -0.000_000_001 {
        ("-", -n)
    } else {
        ("", 0.0)
    };
    let rounded = magnitude + 0.5 / 10f64.powi(precision as i32);
    let (whole, fraction) = (rounded.trunc(), rounded.fract());
    let mut integer = (whole as i64).to_string();
    if !thousands.is_empty() {
        let mut i = integer.len();
        while i > 3 {
            i -= 3;
            integer.insert_str(i, &thousands);
        }
    }
    if precision == 0 {
        return Ok(format!("{sign}{integer}"));
    }
    let digits = ((fraction * 10f64.powi(precision as i32)) as i64).to_string();
    let fraction = format!("{}{digits}", "0".repeat(precision.saturating_sub(digits.len())));
    let text = format!("{sign}{integer}{decimal}{fraction}");
    if pattern.is_empty() && magnitude > 0.1 {
        return Ok(text.trim_end_matches('0').trim_end_matches('.').to_owned());
    }
    Ok(text)
}

/// `1` as `"1st"`, `12` as `"12th"`, `23` as `"23rd"`.
pub fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The English plural of `singular`, or `plural` when given.
pub fn plural_word(quantity: i64, singular: &str, plural: &str) -> String {
    if quantity == 1 {
        return singular.to_owned();
    }
    if !plural.is_empty() {
        return plural.to_owned();
    }
    match singular {
        "index" => return "indices".to_owned(),
        "matrix" => return "matrices".to_owned(),
        "vertex" => return "vertices".to_owned(),
        _ => {}
    }
    if ["ch", "s", "sh", "x", "z"].iter().any(|end| singular.ends_with(end)) {
        return format!("{singular}es");
    }
    let bytes = singular.as_bytes();
    let vowel = |b: u8| b"AEIOUaeiou".contains(&b);
    if let [.., before, last] = bytes {
        if *last == b'o' && !vowel(*before) {
            return format!("{singular}es");
        }
        if *last == b'y' && !vowel(*before) {
            return format!("{}ies", &singular[..singular.len() - 1]);
        }
    }
    format!("{singular}s")
}

/// `"42 objects"`: the count with English digit groups, then the word.
pub fn plural(quantity: i64, singular: &str, plural: &str) -> String {
    format!("{} {}", comma(quantity), plural_word(quantity, singular, plural))
}

/// `"foo, bar and baz"`.
pub fn word_series(words: &[String], conjunction: &str) -> String {
    match words {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// `"foo, bar, and baz"`, and `"foo and bar"` for two.
pub fn oxford_word_series(words: &[String], conjunction: &str) -> String {
    match words {
        [] => String::new(),
        [only] => only.clone(),
        [first, second] => format!("{first} {conjunction} {second}"),
        [rest @ .., last] => format!("{}, {conjunction} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_humanizes_own_format_float_cases() {
        let cases = [
            ("", 12345.6789, "12,345.68"),
            ("", 123456789.0, "123,456,789"),
            ("#", 12345.6789, "12345.678900000"),
            ("#.", 12345.6789, "12346"),
            ("#,#", 12345.6789, "12345,7"),
            ("#,##", 12345.6789, "12345,68"),
            ("#,###", 12345.6789, "12345,679"),
            ("#,###.", 12345.6789, "12,346"),
            ("#,###.##", 12345.6789, "12,345.68"),
            ("#,###.###", 12345.6789, "12,345.679"),
            ("#,###.####", 12345.6789, "12,345.6789"),
            ("#.###,######", 12345.6789, "12.345,678900"),
            ("#,###.##", 52746220055.92342, "52,746,220,055.92"),
            ("#\u{202f}###,##", 12345.6789, "12\u{202f}345,68"),
            ("#", f64::NAN, "NaN"),
            ("#", f64::INFINITY, "Infinity"),
            ("#", f64::NEG_INFINITY, "-Infinity"),
            ("", -0.000000002, "-0.00"),
            ("", 0.0, "0.00"),
            ("+000", 12345.6789, "+12345.678900000"),
        ];
        for (pattern, n, want) in cases {
            assert_eq!(format_float(pattern, n).unwrap(), want, "{pattern:?} {n}");
        }
        assert!(format_float("-", 1.0).is_err());
        assert!(format_float("0.01", 1.0).is_err());
    }

    #[test]
    fn sizes_words_and_ordinals() {
        assert_eq!(bytes(0, false), "0 B");
        assert_eq!(bytes(1024, false), "1.0 kB");
        assert_eq!(bytes(9999, false), "10 kB");
        assert_eq!(bytes(1024, true), "1.0 KiB");
        assert_eq!(bytes(u64::MAX, true), "16 EiB");
        assert_eq!(parse_bytes("12.5 EiB"), Ok((12.5 * (1u64 << 60) as f64) as u64));
        assert!(parse_bytes("16 EiB").is_err());
        assert_eq!(comma(i64::MIN), "-9,223,372,036,854,775,808");
        assert_eq!(ordinal(112), "112th");
        assert_eq!(ordinal(-1), "-1th");
        assert_eq!(plural_word(2, "hero", ""), "heroes");
        assert_eq!(plural_word(2, "day", ""), "days");
        assert_eq!(plural_word(2, "bus", ""), "buses");
        assert_eq!(plural_word(0, "dish", ""), "dishes");
    }
}
