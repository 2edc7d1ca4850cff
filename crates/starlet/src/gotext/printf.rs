//! Go's `Sprintf` verbs as Pixlet's translation printer applies them: the
//! usual `%s %d %v %f %q %x %t %c` with flags, width, precision and
//! `%[n]d` argument indexes, numbers written for the locale (`%d` of 1234
//! is `1.234` in German), and Go's in-text complaints (`%!d(string=x)`,
//! `%!s(MISSING)`) instead of failures.

use std::fmt::Write;

use super::numbers::Numbers;

/// A value handed to the printer, as Pixlet converts Starlark values.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Nil,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    List(Vec<Arg>),
    /// Entries in key order.
    Map(Vec<(String, Arg)>),
}

impl Arg {
    /// The Go type Pixlet's printer names in its complaints.
    fn type_name(&self) -> &'static str {
        match self {
            Arg::Nil => "<nil>",
            Arg::Bool(_) => "bool",
            Arg::Int(_) => "int",
            Arg::Float(_) => "float64",
            Arg::Str(_) => "string",
            Arg::List(_) => "[]interface {}",
            Arg::Map(_) => "map[string]interface {}",
        }
    }
}

/// One `%` directive's flags, width and precision.
#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

/// The longest width or precision a directive may ask for.
const MAX_WIDTH: usize = 10_000;

/// The longest text `sprintf` builds.
pub const MAX_OUTPUT: usize = 1 << 20;

/// `format` with `args` substituted, numbers written for `numbers`' locale;
/// an error when the text would pass [`MAX_OUTPUT`] bytes.
pub fn sprintf(format: &str, args: &[Arg], numbers: &Numbers) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut next_arg = 0;
    let mut reordered = false;
    while let Some(c) = chars.next() {
        if out.len() > MAX_OUTPUT {
            return Err(format!("the formatted text is over {} KiB", MAX_OUTPUT >> 10));
        }
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&flag) = chars.peek() {
            match flag {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                '#' => spec.sharp = true,
                _ => break,
            }
            chars.next();
        }
        let mut bad_index = false;
        let mut index = |chars: &mut std::iter::Peekable<std::str::Chars>, next_arg: &mut usize| {
            if chars.peek() == Some(&'[') {
                chars.next();
                let digits: String = std::iter::from_fn(|| chars.next_if(char::is_ascii_digit)).collect();
                match (chars.next(), digits.parse::<usize>()) {
                    (Some(']'), Ok(n)) if n >= 1 && n <= args.len() => *next_arg = n - 1,
                    _ => bad_index = true,
                }
                reordered = true;
            }
        };
        index(&mut chars, &mut next_arg);
        spec.width = number(&mut chars);
        if chars.next_if_eq(&'.').is_some() {
            spec.precision = Some(number(&mut chars).unwrap_or(0));
        }
        index(&mut chars, &mut next_arg);
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        if bad_index {
            let _ = write!(out, "%!{verb}(BADINDEX)");
            continue;
        }
        match args.get(next_arg) {
            Some(arg) => out.push_str(&pad(&verb_text(verb, arg, spec, numbers), spec, verb, arg)),
            None => {
                let _ = write!(out, "%!{verb}(MISSING)");
            }
        }
        next_arg += 1;
    }
    if !reordered && next_arg != 0 && next_arg < args.len() {
        let extra: Vec<String> = args[next_arg..]
            .iter()
            .map(|arg| match arg {
                Arg::Nil => "<nil>".to_owned(),
                _ => format!("{}={}", arg.type_name(), verb_text('v', arg, Spec::default(), numbers)),
            })
            .collect();
        let _ = write!(out, "%!(EXTRA {})", extra.join(", "));
    }
    Ok(out)
}

fn number(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<usize> {
    let digits: String = std::iter::from_fn(|| chars.next_if(char::is_ascii_digit)).collect();
    digits.parse::<usize>().ok().map(|n| n.min(MAX_WIDTH))
}

/// `arg` written by `verb`, before padding to the width.
fn verb_text(verb: char, arg: &Arg, spec: Spec, numbers: &Numbers) -> String {
    let signed = |text: String, negative: bool| {
        if negative {
            text
        } else if spec.plus {
            format!("+{text}")
        } else if spec.space {
            format!(" {text}")
        } else {
            text
        }
    };
    match (verb, arg) {
        ('v' | 'd' | 's' | 'f' | 'g' | 'e', Arg::List(items)) => {
            let parts: Vec<String> = items.iter().map(|item| verb_text(verb, item, spec, numbers)).collect();
            format!("[{}]", parts.join(" "))
        }
        ('v', Arg::Map(entries)) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|(key, value)| format!("{key}:{}", verb_text('v', value, spec, numbers)))
                .collect();
            format!("map[{}]", parts.join(" "))
        }
        ('v', Arg::Nil) => "<nil>".to_owned(),
        ('v' | 't', Arg::Bool(b)) => b.to_string(),
        ('v' | 'd', Arg::Int(n)) if spec.sharp => signed(n.to_string(), *n < 0),
        ('v' | 'd', Arg::Int(n)) => signed(numbers.integer(*n), *n < 0),
        ('v' | 'g' | 'G', Arg::Float(x)) => signed(variable_float(*x, spec.precision, numbers), *x < 0.0),
        ('f' | 'F', Arg::Float(x)) => signed(numbers.float_fixed(*x, spec.precision.unwrap_or(6)), *x < 0.0),
        ('e' | 'E', Arg::Float(x)) => signed(scientific(*x, spec.precision.unwrap_or(6), numbers), *x < 0.0),
        ('v' | 's', Arg::Str(s)) => match spec.precision {
            Some(p) => s.chars().take(p).collect(),
            None => s.clone(),
        },
        ('q', Arg::Str(s)) => format!("{s:?}"),
        ('x', Arg::Str(s)) => s.bytes().map(|b| format!("{b:02x}")).collect(),
        ('X', Arg::Str(s)) => s.bytes().map(|b| format!("{b:02X}")).collect(),
        ('x', Arg::Int(n)) => radix(*n, 16, false),
        ('X', Arg::Int(n)) => radix(*n, 16, true),
        ('o', Arg::Int(n)) => radix(*n, 8, false),
        ('b', Arg::Int(n)) => radix(*n, 2, false),
        ('c', Arg::Int(n)) => u32::try_from(*n)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{fffd}')
            .to_string(),
        ('q', Arg::Int(n)) => format!(
            "{:?}",
            u32::try_from(*n).ok().and_then(char::from_u32).unwrap_or('\u{fffd}')
        ),
        ('U', Arg::Int(n)) => format!("U+{:04X}", n),
        (_, Arg::Nil) => format!("%!{verb}(<nil>)"),
        _ => format!(
            "%!{verb}({}={})",
            arg.type_name(),
            verb_text('v', arg, Spec::default(), numbers)
        ),
    }
}

fn radix(n: i128, base: u32, upper: bool) -> String {
    let magnitude = n.unsigned_abs();
    let digits = match base {
        16 if upper => format!("{magnitude:X}"),
        16 => format!("{magnitude:x}"),
        8 => format!("{magnitude:o}"),
        _ => format!("{magnitude:b}"),
    };
    if n < 0 { format!("-{digits}") } else { digits }
}

/// `%g`: significant digits, scientific outside 1e-4..1e6 (or the precision).
fn variable_float(x: f64, precision: Option<usize>, numbers: &Numbers) -> String {
    let Some(precision) = precision else {
        return numbers.float_shortest(x);
    };
    if !x.is_finite() {
        return numbers.float_shortest(x);
    }
    let significant = precision.max(1);
    let rounded = format!("{:.*e}", significant - 1, x);
    let exponent: i32 = rounded.split_once('e').and_then(|(_, e)| e.parse().ok()).unwrap_or(0);
    if exponent < -4 || exponent >= significant as i32 {
        return scientific(x, significant - 1, numbers);
    }
    let decimals = (significant as i32 - 1 - exponent).max(0) as usize;
    numbers.float_up_to(x, decimals)
}

/// `1.234560E03`: the mantissa with `decimals` digits, then the exponent.
fn scientific(x: f64, decimals: usize, numbers: &Numbers) -> String {
    if !x.is_finite() {
        return numbers.float_shortest(x);
    }
    let text = format!("{:.*e}", decimals, x);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { "-" } else { "" };
    let mantissa: f64 = mantissa.parse().unwrap_or(0.0);
    format!(
        "{}E{sign}{:02}",
        numbers.float_fixed(mantissa, decimals),
        exponent.unsigned_abs()
    )
}

/// `text` padded to the directive's width: spaces before it, after it with
/// `-`, or zeros after the sign for numbers with `0`.
fn pad(text: &str, spec: Spec, verb: char, arg: &Arg) -> String {
    let Some(width) = spec.width else {
        return text.to_owned();
    };
    let length = text.chars().count();
    if length >= width {
        return text.to_owned();
    }
    let fill = width - length;
    let numeric = matches!(arg, Arg::Int(_) | Arg::Float(_)) && verb != 'c';
    if spec.minus {
        format!("{text}{}", " ".repeat(fill))
    } else if spec.zero && numeric {
        let sign_length = text.starts_with(['-', '+', ' ']) as usize;
        format!("{}{}{}", &text[..sign_length], "0".repeat(fill), &text[sign_length..])
    } else {
        format!("{}{text}", " ".repeat(fill))
    }
}

#[cfg(test)]
mod tests {
    use super::{Arg, sprintf};
    use crate::gotext::numbers::Numbers;

    fn english(format: &str, args: &[Arg]) -> String {
        sprintf(format, args, &Numbers::for_locale("en")).unwrap()
    }

    #[test]
    fn verbs_write_what_go_writes() {
        assert_eq!(english("Hello, %s", &[Arg::Str("Tronbyt".into())]), "Hello, Tronbyt");
        assert_eq!(english("%d messages", &[Arg::Int(1234)]), "1,234 messages");
        assert_eq!(
            english("%v|%v|%v", &[Arg::Int(7), Arg::Float(2.5), Arg::Bool(true)]),
            "7|2.5|true"
        );
        assert_eq!(english("%.1f°", &[Arg::Float(21.456)]), "21.5°");
        assert_eq!(
            english("%5d|%-5s|%05d", &[Arg::Int(42), Arg::Str("ab".into()), Arg::Int(-7)]),
            "   42|ab   |-0007"
        );
        assert_eq!(
            english(
                "%x %X %o %b %c",
                &[Arg::Int(255), Arg::Int(255), Arg::Int(8), Arg::Int(5), Arg::Int(65)]
            ),
            "ff FF 10 101 A"
        );
        assert_eq!(
            english("%q %t %%", &[Arg::Str("hi".into()), Arg::Bool(false)]),
            "\"hi\" false %"
        );
        assert_eq!(
            english("%v", &[Arg::List(vec![Arg::Int(1), Arg::Str("a".into())])]),
            "[1 a]"
        );
        assert_eq!(english("%v", &[Arg::Map(vec![("k".into(), Arg::Int(1))])]), "map[k:1]");
        assert_eq!(english("%v", &[Arg::Nil]), "<nil>");
        assert_eq!(english("%.3g", &[Arg::Float(1234.5678)]), "1.23E03");
        assert_eq!(english("%.4g", &[Arg::Float(4.56789)]), "4.568");
    }

    #[test]
    fn argument_indexes_reorder() {
        let args = [Arg::Str("a".into()), Arg::Str("b".into())];
        assert_eq!(english("%[2]s %[1]s", &args), "b a");
        assert_eq!(english("%[3]s", &args), "%!s(BADINDEX)");
    }

    #[test]
    fn mistakes_are_written_into_the_text_as_go_does() {
        assert_eq!(english("%d", &[Arg::Str("x".into())]), "%!d(string=x)");
        assert_eq!(english("%s and %s", &[Arg::Str("one".into())]), "one and %!s(MISSING)");
        assert_eq!(english("%s", &[Arg::Str("a".into()), Arg::Int(2)]), "a%!(EXTRA int=2)");
        assert_eq!(english("no verbs", &[Arg::Int(2)]), "no verbs");
        assert_eq!(english("trailing %", &[]), "trailing %!(NOVERB)");
        assert_eq!(english("%s", &[Arg::Nil]), "%!s(<nil>)");
    }

    #[test]
    fn numbers_follow_the_locale() {
        let german = Numbers::for_locale("de");
        assert_eq!(
            sprintf("%d / %.2f", &[Arg::Int(1234), Arg::Float(0.5)], &german).unwrap(),
            "1.234 / 0,50"
        );
    }

    #[test]
    fn wide_directives_cannot_build_unbounded_text() {
        let format = "%10000d".repeat(200);
        let args = vec![Arg::Int(1); 200];
        let error = sprintf(&format, &args, &Numbers::for_locale("en")).unwrap_err();
        assert!(error.contains("over 1024 KiB"), "{error}");
    }
}
