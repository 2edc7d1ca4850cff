//! `encoding/csv.star`: `csv.read_all` into a list of rows of strings and
//! `csv.write_all` back to text, with starlib's options.

use ::csv::{ByteRecord, QuoteStyle, ReaderBuilder, Terminator, WriterBuilder};
use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::bytes::StarlarkBytes;
use starlark::values::dict::DictRef;
use starlark::values::float::StarlarkFloat;
use starlark::values::list::{AllocList, ListRef};
use starlark::values::tuple::TupleRef;
use starlark::values::{Heap, Value, ValueLike};

use super::go_float;
use crate::values::bytes::{alloc_data, data_arg};

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("csv", csv_members);
}

#[starlark_module]
fn csv_members(builder: &mut GlobalsBuilder) {
    /// Every record of the CSV text `source`, each a list of strings.
    ///
    /// `comma` and `comment` are single characters; lines starting with
    /// `comment` are skipped. `fields_per_record` > 0 requires that many
    /// fields, 0 (the default) as many as the first record has, < 0 any
    /// number. The first `skip` records are left out of the result (but
    /// still set the field count).
    #[allow(clippy::too_many_arguments, reason = "starlib's seven parameters, plus the heap")]
    fn read_all<'v>(
        source: Value<'v>,
        #[starlark(default = ",")] comma: &str,
        #[starlark(default = "")] comment: &str,
        #[starlark(default = false)] lazy_quotes: bool,
        #[starlark(default = false)] trim_leading_space: bool,
        #[starlark(default = 0)] fields_per_record: i64,
        #[starlark(default = 0)] skip: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        // Quotes are always read leniently, as with lazy_quotes.
        let _ = lazy_quotes;
        let data = data_arg(source, "read_all", "source")?;
        let comma = delimiter(comma, "comma")?.unwrap_or(b',');
        let comment = delimiter(comment, "comment")?;
        if matches!(comma, b'\r' | b'\n' | b'"') || comment == Some(comma) {
            anyhow::bail!("csv: invalid field or comment delimiter");
        }
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(comma)
            .comment(comment)
            .from_reader(data);
        let mut want_fields = usize::try_from(fields_per_record).ok().filter(|&n| n > 0);
        let mut rows = Vec::new();
        let mut record = ByteRecord::new();
        let mut index = 0i64;
        while reader.read_byte_record(&mut record)? {
            let line = record.position().map_or(0, |p| p.line());
            match want_fields {
                Some(want) if record.len() != want => {
                    anyhow::bail!("record on line {line}: wrong number of fields")
                }
                None if fields_per_record == 0 => want_fields = Some(record.len()),
                _ => {}
            }
            index += 1;
            if index <= skip {
                continue;
            }
            let fields = record.iter().map(|field| {
                let field = normalize_line_ends(field);
                let field = if trim_leading_space {
                    trim_start(&field)
                } else {
                    &field[..]
                };
                alloc_data(heap, field.to_vec())
            });
            rows.push(heap.alloc(AllocList(fields.collect::<Vec<_>>())));
        }
        if index < skip {
            anyhow::bail!("read_all: cannot skip {skip} records, the data has {index}");
        }
        Ok(heap.alloc(AllocList(rows)))
    }

    /// `source` (a list of rows, each a list of values) as CSV text, one
    /// line per row, fields quoted where they must be.
    fn write_all<'v>(source: Value<'v>, #[starlark(default = ",")] comma: &str) -> anyhow::Result<String> {
        let comma = delimiter(comma, "comma")?.unwrap_or(b',');
        let rows = items(source).ok_or_else(|| anyhow::anyhow!("expected value to be an array type"))?;
        let mut writer = WriterBuilder::new()
            .delimiter(comma)
            .terminator(Terminator::Any(b'\n'))
            .quote_style(QuoteStyle::Necessary)
            .from_writer(Vec::new());
        for (i, row) in rows.into_iter().enumerate() {
            let cells = items(row).ok_or_else(|| anyhow::anyhow!("row {i} is not an array type"))?;
            let fields = cells.into_iter().map(go_text).collect::<anyhow::Result<Vec<_>>>()?;
            writer.write_record(&fields)?;
        }
        let text = writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("write_all: {}", e.error()))?;
        Ok(String::from_utf8_lossy(&text).into_owned())
    }
}

/// A one-byte delimiter argument; `""` means the default.
fn delimiter(text: &str, name: &str) -> anyhow::Result<Option<u8>> {
    match text.as_bytes() {
        [] => Ok(None),
        [byte] => Ok(Some(*byte)),
        _ => anyhow::bail!("expected {name} param to be a single-character string"),
    }
}

/// Line breaks inside quoted fields read as `\n`, as Go's reader gives them.
fn normalize_line_ends(field: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut bytes = field.iter().peekable();
    while let Some(&byte) = bytes.next() {
        if byte == b'\r' {
            bytes.next_if_eq(&&b'\n');
            out.push(b'\n');
        } else {
            out.push(byte);
        }
    }
    out
}

fn trim_start(field: &[u8]) -> &[u8] {
    match std::str::from_utf8(field) {
        Ok(text) => text.trim_start().as_bytes(),
        Err(_) => field.trim_ascii_start(),
    }
}

/// The items of a list or tuple.
fn items(value: Value<'_>) -> Option<Vec<Value<'_>>> {
    ListRef::from_value(value)
        .map(|list| list.content().to_vec())
        .or_else(|| TupleRef::from_value(value).map(|tuple| tuple.content().to_vec()))
}

/// A cell as Go's `%v` writes the value starlib converts it to.
fn go_text(value: Value<'_>) -> anyhow::Result<String> {
    if value.is_none() {
        return Ok("<nil>".to_owned());
    }
    if let Some(b) = value.unpack_bool() {
        return Ok(b.to_string());
    }
    if let Some(text) = value.unpack_str() {
        return Ok(text.to_owned());
    }
    if value.get_type() == "int" {
        return Ok(value.to_str());
    }
    if let Some(f) = value.downcast_ref::<StarlarkFloat>() {
        return Ok(go_float::shortest(f.0));
    }
    if let Some(bytes) = value.downcast_ref::<StarlarkBytes>() {
        return Ok(String::from_utf8_lossy(bytes.as_bytes()).into_owned());
    }
    if let Some(list) = items(value) {
        let parts = list.into_iter().map(go_text).collect::<anyhow::Result<Vec<_>>>()?;
        return Ok(format!("[{}]", parts.join(" ")));
    }
    if let Some(dict) = DictRef::from_value(value) {
        let mut parts = dict
            .iter()
            .map(|(k, v)| Ok(format!("{}:{}", go_text(k)?, go_text(v)?)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        parts.sort();
        return Ok(format!("map[{}]", parts.join(" ")));
    }
    anyhow::bail!("unrecognized starlark type: {}", value.get_type())
}
