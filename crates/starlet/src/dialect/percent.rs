//! Go Starlark's `"format" % args`: the conversions apps use that
//! starlark-rust lacks or refuses (`%i`, `%c`, `%(name)s`, `%x` of a float,
//! `%d` of a float past 32 bits) and Go's float notation, with Go's errors.
//! Like Go, it takes no flags, width or precision.

use std::fmt::Write;

use num_bigint::BigInt;
use starlark::values::dict::DictRef;
use starlark::values::float::StarlarkFloat;
use starlark::values::tuple::TupleRef;
use starlark::values::{UnpackValue, Value};

/// `format % x`, as Go's Starlark interpolates: `x` is a tuple of
/// arguments, a mapping for `%(name)s`, or else the one argument.
pub fn interpolate(format: &str, x: Value) -> anyhow::Result<String> {
    let arguments = match TupleRef::from_value(x) {
        Some(tuple) => tuple.content().to_vec(),
        None => vec![x],
    };
    let mapping = DictRef::from_value(x);
    let mut out = String::with_capacity(format.len() + 16);
    let mut rest = format;
    let mut index = 0;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('%') {
            out.push('%');
            rest = after;
            continue;
        }
        let argument = if let Some(keyed) = rest.strip_prefix('(') {
            let end = keyed
                .find(')')
                .ok_or_else(|| anyhow::anyhow!("incomplete format key"))?;
            let key = &keyed[..end];
            let mapping = mapping
                .as_ref()
                .ok_or_else(|| anyhow::anyhow!("format requires a mapping"))?;
            rest = &keyed[end + 1..];
            mapping
                .get_str(key)
                .ok_or_else(|| anyhow::anyhow!("key not found: {key}"))?
        } else {
            *arguments
                .get(index)
                .ok_or_else(|| anyhow::anyhow!("not enough arguments for format string"))?
        };
        let conversion = rest
            .chars()
            .next()
            .ok_or_else(|| anyhow::anyhow!("incomplete format"))?;
        rest = &rest[conversion.len_utf8()..];
        convert(&mut out, conversion, argument)?;
        index += 1;
    }
    out.push_str(rest);
    if index < arguments.len() && mapping.is_none() {
        anyhow::bail!("too many arguments for format string");
    }
    Ok(out)
}

fn convert(out: &mut String, conversion: char, argument: Value) -> anyhow::Result<()> {
    match conversion {
        's' | 'r' => match (argument.unpack_str(), StarlarkFloat::unpack_value_opt(argument)) {
            (Some(text), _) if conversion == 's' => out.push_str(text),
            (_, Some(float)) => out.push_str(&go_float(float.0, 'g')),
            _ => out.push_str(&argument.to_repr()),
        },
        'd' | 'i' | 'o' | 'x' | 'X' => {
            let int = integer(argument).map_err(|e| anyhow::anyhow!("%{conversion} format requires integer: {e}"))?;
            // Writing into a String cannot fail.
            let _ = match conversion {
                'o' => write!(out, "{int:o}"),
                'x' => write!(out, "{int:x}"),
                'X' => write!(out, "{int:X}"),
                _ => write!(out, "{int}"),
            };
        }
        'e' | 'f' | 'g' | 'E' | 'F' | 'G' => {
            let float = number(argument)
                .ok_or_else(|| anyhow::anyhow!("%{conversion} format requires float, not {}", argument.get_type()))?;
            out.push_str(&go_float(float, conversion));
        }
        'c' => out.push(character(argument)?),
        other => anyhow::bail!("unknown conversion %{other}"),
    }
    Ok(())
}

/// An int, or a float truncated toward zero, as Go's `NumberToInt`.
fn integer(value: Value) -> anyhow::Result<BigInt> {
    if let Some(float) = StarlarkFloat::unpack_value_opt(value) {
        let float = float.0;
        if float.is_nan() {
            anyhow::bail!("cannot convert float NaN to integer");
        }
        if float.is_infinite() {
            anyhow::bail!("cannot convert float infinity to integer");
        }
        // `{:.0}` writes a whole float's exact decimal digits.
        return decimal(&format!("{:.0}", float.trunc()));
    }
    if value.get_type() == "int" {
        return match i64::unpack_value(value) {
            Ok(Some(small)) => Ok(BigInt::from(small)),
            _ => decimal(&value.to_str()),
        };
    }
    anyhow::bail!("cannot convert {} to int", value.get_type())
}

fn decimal(digits: &str) -> anyhow::Result<BigInt> {
    BigInt::parse_bytes(digits.as_bytes(), 10).ok_or_else(|| anyhow::anyhow!("{digits} is not an integer"))
}

/// An int or a float as a float, as Go's `AsFloat`.
fn number(value: Value) -> Option<f64> {
    if let Some(float) = StarlarkFloat::unpack_value_opt(value) {
        return Some(float.0);
    }
    if value.get_type() != "int" {
        return None;
    }
    match i64::unpack_value(value) {
        Ok(Some(small)) => Some(small as f64),
        _ => value.to_str().parse().ok(),
    }
}

/// `%c`: a code point, or a string of exactly one.
fn character(value: Value) -> anyhow::Result<char> {
    if let Some(text) = value.unpack_str() {
        let mut chars = text.chars();
        return match (chars.next(), chars.next()) {
            (Some(only), None) => Ok(only),
            _ => anyhow::bail!("%c format requires a single-character string"),
        };
    }
    if value.get_type() == "int" {
        let code = i64::unpack_value(value).ok().flatten();
        return match code.and_then(|c| u32::try_from(c).ok()).filter(|&c| c <= 0x10FFFF) {
            // A surrogate is written as Go's strings.Builder writes one.
            Some(code) => Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)),
            None => anyhow::bail!("%c format requires a valid Unicode code point, got {}", value.to_repr()),
        };
    }
    anyhow::bail!(
        "%c format requires int or single-character string, not {}",
        value.get_type()
    )
}

/// A float as Go's Starlark writes it with `conversion`: `g`/`G` in the
/// fewest digits that read back the same, in exponent form below 1e-4 or
/// from 1e6 on, always showing a `.` or an exponent; `e`/`E`/`f`/`F` with
/// six decimals (`F` is no verb of Go's `FormatFloat`, which writes `%F`).
pub fn go_float(value: f64, conversion: char) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "+inf" } else { "-inf" }.to_owned();
    }
    match conversion {
        'e' | 'E' => with_go_exponent(&format!("{value:.6e}"), conversion),
        'f' => format!("{value:.6}"),
        'g' | 'G' => {
            let exponent_letter = if conversion == 'g' { 'e' } else { 'E' };
            let shortest = format!("{value:e}");
            let exponent: i32 = shortest.rsplit_once('e').and_then(|(_, e)| e.parse().ok()).unwrap_or(0);
            if !(-4..6).contains(&exponent) {
                with_go_exponent(&shortest, exponent_letter)
            } else {
                let plain = format!("{value}");
                if plain.contains('.') { plain } else { plain + ".0" }
            }
        }
        _ => format!("%{conversion}"),
    }
}

/// Rust's `1.5e7` as Go's `1.5e+07`: a sign and at least two digits.
fn with_go_exponent(rust: &str, letter: char) -> String {
    let (mantissa, exponent) = rust.rsplit_once('e').unwrap_or((rust, "0"));
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    format!("{mantissa}{letter}{sign}{digits:0>2}")
}
