//! `encoding/json.star`: `json.encode`, `json.decode`, `json.indent` and
//! `json.encode_indent`, with the output and argument rules of Go Starlark's
//! `json` module, which Pixlet gives apps.

use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::bytes::StarlarkBytes;
use starlark::values::dict::DictRef;
use starlark::values::float::StarlarkFloat;
use starlark::values::list::ListRef;
use starlark::values::structs::StructRef;
use starlark::values::tuple::TupleRef;
use starlark::values::{Heap, Value, ValueLike};

use super::{go_float, json_text};
use crate::values::bytes::data_arg;

/// How deeply lists, dicts and structs may nest in a value `json.encode`
/// writes; deeper is refused rather than risking the native stack.
pub const MAX_ENCODE_DEPTH: usize = 1000;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("json", json_members);
}

#[starlark_module]
fn json_members(builder: &mut GlobalsBuilder) {
    /// `x` as compact JSON: dict keys and struct fields in sorted order,
    /// floats as Go writes them, strings escaped as Go's encoder does.
    fn encode<'v>(#[starlark(require = pos)] x: Value<'v>, heap: Heap<'v>) -> anyhow::Result<String> {
        encode_value(x, heap).map_err(|e| anyhow::anyhow!("json.encode: {e}"))
    }

    /// `json.indent(json.encode(x), prefix = prefix, indent = indent)`.
    fn encode_indent<'v>(
        #[starlark(require = pos)] x: Value<'v>,
        #[starlark(require = named, default = "")] prefix: &str,
        #[starlark(require = named, default = "\t")] indent: &str,
        heap: Heap<'v>,
    ) -> anyhow::Result<String> {
        let compact = encode_value(x, heap).map_err(|e| anyhow::anyhow!("json.encode_indent: {e}"))?;
        json_text::indent(&compact, prefix, indent).map_err(|e| anyhow::anyhow!("json.encode_indent: {e}"))
    }

    /// The value the JSON text `x` denotes: dicts (in the text's key order),
    /// lists, strings, ints (numbers without `.` or exponent), floats,
    /// booleans and `None`. Invalid text fails, or gives `default` when one
    /// was passed.
    fn decode<'v>(
        #[starlark(require = pos)] x: Value<'v>,
        default: Option<Value<'v>>,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let text = data_arg(x, "json.decode", "x")?;
        json_text::decode(text, heap).or_else(|e| default.ok_or_else(|| anyhow::anyhow!("json.decode: {e}")))
    }

    /// The JSON text `str` laid out one item a line, each line after the
    /// first starting with `prefix` and one `indent` per level.
    fn indent(
        #[starlark(require = pos)] str: &str,
        #[starlark(require = named, default = "")] prefix: &str,
        #[starlark(require = named, default = "\t")] indent: &str,
    ) -> anyhow::Result<String> {
        json_text::indent(str, prefix, indent).map_err(|e| anyhow::anyhow!("json.indent: {e}"))
    }
}

/// `x` as compact JSON, or what could not be encoded and where.
pub fn encode_value<'v>(x: Value<'v>, heap: Heap<'v>) -> Result<String, String> {
    let mut encoder = Encoder {
        out: String::new(),
        path: Vec::new(),
        heap,
    };
    encoder.emit(x)?;
    Ok(encoder.out)
}

struct Encoder<'v> {
    out: String,
    /// The containers being written, outermost first, to refuse cycles.
    path: Vec<Value<'v>>,
    heap: Heap<'v>,
}

impl<'v> Encoder<'v> {
    fn emit(&mut self, x: Value<'v>) -> Result<(), String> {
        if x.is_none() {
            self.out.push_str("null");
        } else if let Some(b) = x.unpack_bool() {
            self.out.push_str(if b { "true" } else { "false" });
        } else if x.get_type() == "int" {
            self.out.push_str(&x.to_str());
        } else if let Some(f) = x.downcast_ref::<StarlarkFloat>() {
            if !f.0.is_finite() {
                return Err(format!("cannot encode non-finite float {}", go_nonfinite(f.0)));
            }
            self.out.push_str(&go_float::starlark(f.0));
        } else if let Some(s) = x.unpack_str() {
            quote(&mut self.out, s);
        } else if let Some(b) = x.downcast_ref::<StarlarkBytes>() {
            // Go strings hold bytes; invalid UTF-8 is written as U+FFFD.
            quote(&mut self.out, &String::from_utf8_lossy(b.as_bytes()));
        } else {
            self.enter(x)?;
            let written = self.emit_container(x);
            self.path.pop();
            written?;
        }
        Ok(())
    }

    /// Notes `x` as being written, refusing a cycle or runaway depth.
    fn enter(&mut self, x: Value<'v>) -> Result<(), String> {
        if self.path.iter().any(|outer| outer.ptr_eq(x)) {
            return Err("cycle in JSON structure".to_owned());
        }
        if self.path.len() >= MAX_ENCODE_DEPTH {
            return Err(format!("nested more than {MAX_ENCODE_DEPTH} levels deep"));
        }
        self.path.push(x);
        Ok(())
    }

    fn emit_container(&mut self, x: Value<'v>) -> Result<(), String> {
        if let Some(dict) = DictRef::from_value(x) {
            let mut items = Vec::with_capacity(dict.len());
            for (key, value) in dict.iter() {
                let key = key
                    .unpack_str()
                    .ok_or_else(|| format!("dict has {} key, want string", key.get_type()))?;
                items.push((key, value));
            }
            items.sort_by(|a, b| a.0.cmp(b.0));
            return self.emit_object(items, |key| format!("in dict key {}", starlark_repr(key)));
        }
        if let Some(fields) = StructRef::from_value(x) {
            let mut items: Vec<(&str, Value<'v>)> = fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
            items.sort_by(|a, b| a.0.cmp(b.0));
            return self.emit_object(items, |key| format!("in field .{key}"));
        }
        let items: Vec<Value<'v>> = if let Some(list) = ListRef::from_value(x) {
            list.content().to_vec()
        } else if let Some(tuple) = TupleRef::from_value(x) {
            tuple.content().to_vec()
        } else if let Ok(iter) = x.iterate(self.heap) {
            iter.collect()
        } else {
            return Err(format!("cannot encode {} as JSON", x.get_type()));
        };
        self.out.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.emit(item)
                .map_err(|e| format!("at {} index {i}: {e}", x.get_type()))?;
        }
        self.out.push(']');
        Ok(())
    }

    fn emit_object(&mut self, items: Vec<(&str, Value<'v>)>, context: impl Fn(&str) -> String) -> Result<(), String> {
        self.out.push('{');
        for (i, (key, value)) in items.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            quote(&mut self.out, key);
            self.out.push(':');
            self.emit(value).map_err(|e| format!("{}: {e}", context(key)))?;
        }
        self.out.push('}');
        Ok(())
    }
}

/// How Go Starlark prints a non-finite float.
fn go_nonfinite(x: f64) -> &'static str {
    if x.is_nan() {
        "nan"
    } else if x > 0.0 {
        "+inf"
    } else {
        "-inf"
    }
}

/// A string as Go Starlark shows it in messages: double-quoted.
fn starlark_repr(s: &str) -> String {
    format!("{s:?}")
}

/// Writes `s` as a JSON string the way Go's Starlark does: printable ASCII
/// with only `"` and `\` escaped, anything else through Go's
/// `json.Marshal` rules (HTML characters and U+2028/U+2029 as `\u` escapes).
fn quote(out: &mut String, s: &str) {
    let printable_ascii = s.bytes().all(|b| (0x20..0x7f).contains(&b));
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ if printable_ascii => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(s: &str) -> String {
        let mut out = String::new();
        quote(&mut out, s);
        out
    }

    #[test]
    fn strings_are_escaped_as_go_escapes_them() {
        assert_eq!(quoted("a<b"), r#""a<b""#);
        assert_eq!(quoted("a<é"), r#""a\u003cé""#);
        assert_eq!(quoted("say \"hi\"\\"), r#""say \"hi\"\\""#);
        assert_eq!(quoted("line\nnext\u{1}"), r#""line\nnext\u0001""#);
        assert_eq!(quoted("\u{2028}&"), r#""\u2028\u0026""#);
    }
}
