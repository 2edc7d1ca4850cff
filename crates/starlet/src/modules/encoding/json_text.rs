//! Reading JSON text: into Starlark values (with serde_json, which also
//! bounds nesting at 128 levels) and re-laid out with indentation.
//!
//! serde_json is built with `arbitrary_precision` (Starlark asks for it), so
//! a number comes as its text whenever it is not a 64-bit integer; it is then
//! read as Go Starlark reads it: a float when it has a `.` or an exponent,
//! else an int of any size.

use std::fmt;
use std::str::FromStr;

use num_bigint::BigInt;
use serde::Deserializer as _;
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use starlark::collections::SmallMap;
use starlark::values::dict::Dict;
use starlark::values::list::AllocList;
use starlark::values::{Heap, Value};

/// The value `text` denotes, built on `heap`, or serde_json's account of
/// what is wrong and where (line and column).
pub fn decode<'v>(text: &[u8], heap: Heap<'v>) -> Result<Value<'v>, serde_json::Error> {
    decode_with(text, Build { heap, floats: false })
}

/// As [`decode`], with every number a float, as Go's `json.Unmarshal` into
/// an `interface{}` reads them (what `http`'s `json()` gives apps).
pub fn decode_floats<'v>(text: &[u8], heap: Heap<'v>) -> Result<Value<'v>, serde_json::Error> {
    decode_with(text, Build { heap, floats: true })
}

fn decode_with<'v>(text: &[u8], build: Build<'v>) -> Result<Value<'v>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let value = build.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Builds Starlark values as serde reads them, keeping object keys in the
/// text's order (a repeated key keeps its first place and its last value).
#[derive(Clone, Copy)]
struct Build<'v> {
    heap: Heap<'v>,
    /// Every number a float, integers too.
    floats: bool,
}

impl<'de, 'v> DeserializeSeed<'de> for Build<'v> {
    type Value = Value<'v>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value<'v>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 'v> Visitor<'de> for Build<'v> {
    type Value = Value<'v>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value<'v>, E> {
        Ok(Value::new_none())
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value<'v>, E> {
        Ok(Value::new_bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value<'v>, E> {
        Ok(if self.floats {
            self.heap.alloc(i as f64)
        } else {
            self.heap.alloc(i)
        })
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value<'v>, E> {
        Ok(if self.floats {
            self.heap.alloc(u as f64)
        } else {
            self.heap.alloc(u)
        })
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value<'v>, E> {
        Ok(self.heap.alloc(f))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value<'v>, E> {
        Ok(self.heap.alloc(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'v>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(self.heap.alloc(AllocList(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'v>, A::Error> {
        let mut content = SmallMap::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let key = self.heap.alloc(key.as_ref()).get_hashed().map_err(A::Error::custom)?;
            let value = map.next_value_seed(self)?;
            content.insert_hashed(key, value);
        }
        if let Some(text) = number_text(&content) {
            return number(text, self.floats, self.heap).map_err(A::Error::custom);
        }
        Ok(self.heap.alloc(Dict::new(content)))
    }
}

/// The map serde_json hands over for a number it keeps as text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

fn number_text<'v>(content: &SmallMap<Value<'v>, Value<'v>>) -> Option<&'v str> {
    let mut entries = content.iter();
    match (entries.next(), entries.next()) {
        (Some((key, value)), None) if key.unpack_str() == Some(NUMBER_TOKEN) => value.unpack_str(),
        _ => None,
    }
}

fn number<'v>(text: &str, floats: bool, heap: Heap<'v>) -> Result<Value<'v>, String> {
    let invalid = || format!("invalid number: {text}");
    if floats || text.contains(['.', 'e', 'E']) {
        let float = f64::from_str(text).ok().filter(|f| f.is_finite()).ok_or_else(invalid)?;
        Ok(heap.alloc(float))
    } else {
        Ok(heap.alloc(BigInt::from_str(text).map_err(|_| invalid())?))
    }
}

/// The whitespace JSON allows between tokens.
const SPACE: &[char] = &[' ', '\t', '\n', '\r'];

/// `text` (which must be valid JSON) with each array element and object
/// member on a line of its own: a line starts with `prefix` and one `indent`
/// per level, a key is followed by `": "`, and empty `[]`/`{}` stay as they
/// are. Space before the value is dropped and space after it kept, as Go's
/// `json.Indent` does.
pub fn indent(text: &str, prefix: &str, indent: &str) -> Result<String, serde_json::Error> {
    let mut check = serde_json::Deserializer::from_str(text);
    (&mut check).deserialize_ignored_any(IgnoredAny)?;
    check.end()?;

    let body = text.trim_start_matches(SPACE);
    let value = body.trim_end_matches(SPACE);
    let mut out = String::with_capacity(text.len() * 2);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(prefix);
        for _ in 0..depth {
            out.push_str(indent);
        }
    };
    let (mut depth, mut opened, mut in_string, mut escaped) = (0usize, false, false, false);
    for c in value.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if SPACE.contains(&c) {
            continue;
        }
        if opened && c != ']' && c != '}' {
            opened = false;
            depth += 1;
            newline(&mut out, depth);
        }
        match c {
            '{' | '[' => {
                opened = true;
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            '}' | ']' => {
                if opened {
                    opened = false;
                } else {
                    depth -= 1;
                    newline(&mut out, depth);
                }
                out.push(c);
            }
            '"' => {
                in_string = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push_str(&body[value.len()..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_as_go_does() {
        let text = r#"{"x":1,"y":["one","t\"w,o"],"z":{},"w":[]}"#;
        assert_eq!(
            indent(text, "", "\t").unwrap(),
            "{\n\t\"x\": 1,\n\t\"y\": [\n\t\t\"one\",\n\t\t\"t\\\"w,o\"\n\t],\n\t\"z\": {},\n\t\"w\": []\n}"
        );
        assert_eq!(indent("  [1, 2] \n", ">", "  ").unwrap(), "[\n>  1,\n>  2\n>] \n");
        assert!(indent("[1,", "", "\t").is_err());
    }
}
