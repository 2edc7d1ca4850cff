//! A `json_body` as Pixlet sends it: the Starlark value turned into Go
//! values and written by Go's `json.Marshal`, so object keys are sorted,
//! `<`, `>` and `&` are escaped, and a float with no fraction is written
//! without one (`2.0` goes out as `2`).

use std::fmt::Write as _;

use starlark::values::dict::DictRef;
use starlark::values::float::StarlarkFloat;
use starlark::values::list::ListRef;
use starlark::values::tuple::TupleRef;
use starlark::values::{Value, ValueLike};

/// How deeply a body may nest; deeper (or a list holding itself) is refused.
const MAX_DEPTH: usize = 1000;

/// `value` as the JSON text Pixlet would send.
pub fn marshal(value: Value) -> anyhow::Result<String> {
    let mut out = String::new();
    write(&mut out, value, 0)?;
    Ok(out)
}

fn write(out: &mut String, value: Value, depth: usize) -> anyhow::Result<()> {
    if depth > MAX_DEPTH {
        anyhow::bail!("json_body nests more than {MAX_DEPTH} levels deep");
    }
    if value.is_none() {
        out.push_str("null");
    } else if let Some(b) = value.unpack_bool() {
        out.push_str(if b { "true" } else { "false" });
    } else if value.get_type() == "int" {
        let n: i64 = value
            .to_str()
            .parse()
            .map_err(|_| anyhow::anyhow!("json_body: {value} out of range"))?;
        out.push_str(&n.to_string());
    } else if let Some(f) = value.downcast_ref::<StarlarkFloat>() {
        out.push_str(&float(f.0)?);
    } else if let Some(s) = value.unpack_str() {
        quote(out, s);
    } else if let Some(dict) = DictRef::from_value(value) {
        let mut items = Vec::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let key = key
                .unpack_str()
                .ok_or_else(|| anyhow::anyhow!("json_body: unsupported type: a dict with {} keys", key.get_type()))?;
            items.push((key.to_owned(), item));
        }
        items.sort_by(|a, b| a.0.cmp(&b.0));
        out.push('{');
        for (i, (key, item)) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            quote(out, &key);
            out.push(':');
            write(out, item, depth + 1)?;
        }
        out.push('}');
    } else {
        let items = if let Some(list) = ListRef::from_value(value) {
            list.content().to_vec()
        } else if let Some(tuple) = TupleRef::from_value(value) {
            tuple.content().to_vec()
        } else {
            anyhow::bail!("json_body: unrecognized starlark type: {}", value.get_type());
        };
        out.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write(out, item, depth + 1)?;
        }
        out.push(']');
    }
    Ok(())
}

/// A float as Go's encoder writes it: plain decimal, or exponent form
/// (`1e+21`, `1e-7`) below 1e-6 and from 1e21 on.
fn float(x: f64) -> anyhow::Result<String> {
    if !x.is_finite() {
        anyhow::bail!("json: unsupported value: {x}");
    }
    let magnitude = x.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        let text = format!("{x:e}");
        return Ok(match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => format!("{mantissa}e+{exponent}"),
            _ => text,
        });
    }
    Ok(format!("{x}"))
}

/// A string as Go's encoder quotes it, HTML characters escaped.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_as_go_writes_them() {
        let cases = [
            (2.0, "2"),
            (1.5, "1.5"),
            (-0.25, "-0.25"),
            (0.0, "0"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (123456.789, "123456.789"),
        ];
        for (x, want) in cases {
            assert_eq!(float(x).unwrap(), want, "{x}");
        }
        assert!(float(f64::NAN).is_err());
    }

    #[test]
    fn strings_escape_html_as_go_does() {
        let mut out = String::new();
        quote(&mut out, "<a href=\"x\">&</a>\n\u{1}é");
        assert_eq!(out, r#""\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e\n\u0001é""#);
    }
}
