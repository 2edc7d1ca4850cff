//! `encoding/yaml.star` (Tronbyt): `yaml.decode` of the first YAML document
//! into Starlark values and `yaml.encode` of a value to YAML, with
//! `serde_norway` (which bounds nesting and alias expansion).

use serde::Deserialize;
use serde_norway::{Mapping, Number, Value as Yaml};
use starlark::collections::SmallMap;
use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::bytes::StarlarkBytes;
use starlark::values::dict::{Dict, DictRef};
use starlark::values::float::StarlarkFloat;
use starlark::values::list::{AllocList, ListRef};
use starlark::values::structs::StructRef;
use starlark::values::tuple::TupleRef;
use starlark::values::{Heap, Value, ValueLike};

use crate::values::bytes::data_arg;

/// The indentation Pixlet's encoder uses when none is given.
pub const DEFAULT_INDENT: i64 = 2;
/// How deeply a value `yaml.encode` writes may nest.
const MAX_ENCODE_DEPTH: usize = 128;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("yaml", yaml_members);
}

#[starlark_module]
fn yaml_members(builder: &mut GlobalsBuilder) {
    /// The first document of the YAML text `x` as dicts (in the text's
    /// order, merge keys applied), lists, strings, ints, floats, booleans
    /// and `None`.
    fn decode<'v>(x: Value<'v>, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let text = data_arg(x, "decode", "x")?;
        if text.trim_ascii().is_empty() {
            anyhow::bail!("yaml.decode: EOF: the text holds no YAML document");
        }
        let document = serde_norway::Deserializer::from_slice(text)
            .next()
            .ok_or_else(|| anyhow::anyhow!("yaml.decode: EOF: the text holds no YAML document"))?;
        let mut yaml = Yaml::deserialize(document).map_err(|e| anyhow::anyhow!("yaml.decode: {e}"))?;
        yaml.apply_merge().map_err(|e| anyhow::anyhow!("yaml.decode: {e}"))?;
        to_starlark(yaml, heap)
    }

    /// `x` as YAML text, dict keys sorted. Only the default indentation of
    /// 2 is supported.
    fn encode<'v>(x: Value<'v>, #[starlark(default = 0)] indent: i64) -> anyhow::Result<String> {
        if indent != 0 && indent != DEFAULT_INDENT {
            anyhow::bail!("yaml.encode: indent {indent} is not supported, only {DEFAULT_INDENT}");
        }
        let yaml = to_yaml(x, 0)?;
        serde_norway::to_string(&yaml).map_err(|e| anyhow::anyhow!("yaml.encode: {e}"))
    }
}

fn to_starlark<'v>(yaml: Yaml, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
    Ok(match yaml {
        Yaml::Null => Value::new_none(),
        Yaml::Bool(b) => Value::new_bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                heap.alloc(i)
            } else if let Some(u) = n.as_u64() {
                heap.alloc(u)
            } else {
                heap.alloc(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Yaml::String(s) => heap.alloc(s),
        Yaml::Sequence(items) => {
            let items = items
                .into_iter()
                .map(|item| to_starlark(item, heap))
                .collect::<anyhow::Result<Vec<_>>>()?;
            heap.alloc(AllocList(items))
        }
        Yaml::Mapping(mapping) => {
            let mut content = SmallMap::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key = to_starlark(key, heap)?
                    .get_hashed()
                    .map_err(|e| anyhow::anyhow!("yaml.decode: a mapping key is not hashable: {e}"))?;
                content.insert_hashed(key, to_starlark(value, heap)?);
            }
            heap.alloc(Dict::new(content))
        }
        Yaml::Tagged(tagged) => to_starlark(tagged.value, heap)?,
    })
}

fn to_yaml(x: Value<'_>, depth: usize) -> anyhow::Result<Yaml> {
    if depth > MAX_ENCODE_DEPTH {
        anyhow::bail!("yaml.encode: nested more than {MAX_ENCODE_DEPTH} levels deep");
    }
    if x.is_none() {
        return Ok(Yaml::Null);
    }
    if let Some(b) = x.unpack_bool() {
        return Ok(Yaml::Bool(b));
    }
    if let Some(s) = x.unpack_str() {
        return Ok(Yaml::String(s.to_owned()));
    }
    if x.get_type() == "int" {
        let text = x.to_str();
        return Ok(match (text.parse::<i64>(), text.parse::<u64>()) {
            (Ok(i), _) => Yaml::Number(i.into()),
            (_, Ok(u)) => Yaml::Number(u.into()),
            _ => anyhow::bail!("yaml.encode: {text} is too large an int"),
        });
    }
    if let Some(f) = x.downcast_ref::<StarlarkFloat>() {
        return Ok(Yaml::Number(Number::from(f.0)));
    }
    if let Some(bytes) = x.downcast_ref::<StarlarkBytes>() {
        return Ok(Yaml::String(String::from_utf8_lossy(bytes.as_bytes()).into_owned()));
    }
    let sequence = ListRef::from_value(x)
        .map(|l| l.content().to_vec())
        .or_else(|| TupleRef::from_value(x).map(|t| t.content().to_vec()));
    if let Some(items) = sequence {
        let items = items.into_iter().map(|item| to_yaml(item, depth + 1));
        return Ok(Yaml::Sequence(items.collect::<anyhow::Result<_>>()?));
    }
    let mut entries: Vec<(Yaml, Yaml)> = if let Some(dict) = DictRef::from_value(x) {
        dict.iter()
            .map(|(k, v)| Ok((to_yaml(k, depth + 1)?, to_yaml(v, depth + 1)?)))
            .collect::<anyhow::Result<_>>()?
    } else if let Some(fields) = StructRef::from_value(x) {
        fields
            .iter()
            .map(|(k, v)| Ok((Yaml::String(k.as_str().to_owned()), to_yaml(v, depth + 1)?)))
            .collect::<anyhow::Result<_>>()?
    } else {
        anyhow::bail!("yaml.encode: unrecognized starlark type: {}", x.get_type());
    };
    entries.sort_by_cached_key(|(key, _)| key_text(key));
    Ok(Yaml::Mapping(entries.into_iter().collect::<Mapping>()))
}

/// The text a key sorts by.
fn key_text(key: &Yaml) -> String {
    match key {
        Yaml::String(s) => s.clone(),
        other => serde_norway::to_string(other).unwrap_or_default(),
    }
}
