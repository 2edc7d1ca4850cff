//! `i18n.star` (Tronbyt): `tr(format, *args)` looks `format` up in the
//! app's `locales/*.json` for the board's locale (the text itself when no
//! translation has it) and fills in the arguments with Go's printf verbs,
//! numbers written for that locale.

use starlark::collections::SmallMap;
use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::dict::DictRef;
use starlark::values::float::StarlarkFloat;
use starlark::values::list::ListRef;
use starlark::values::tuple::{TupleRef, UnpackTuple};
use starlark::values::{UnpackValue, Value};

use crate::gotext::numbers::Numbers;
use crate::gotext::printf::{Arg, sprintf};
use crate::runtime::context::RenderContext;

/// How deep lists and dicts passed to `tr` may nest.
const MAX_DEPTH: usize = 32;

/// A Starlark value as the printer takes it (as Pixlet converts it).
fn arg(value: Value, depth: usize) -> anyhow::Result<Arg> {
    if depth > MAX_DEPTH {
        anyhow::bail!("nested more than {MAX_DEPTH} deep");
    }
    if value.is_none() {
        return Ok(Arg::Nil);
    }
    if let Some(b) = value.unpack_bool() {
        return Ok(Arg::Bool(b));
    }
    if let Some(text) = value.unpack_str() {
        return Ok(Arg::Str(text.to_owned()));
    }
    if let Some(f) = StarlarkFloat::unpack_value_opt(value) {
        return Ok(Arg::Float(f.0));
    }
    if value.get_type() == "int" {
        let n = i64::unpack_value(value).ok().flatten();
        return n
            .map(|n| Arg::Int(n.into()))
            .ok_or_else(|| anyhow::anyhow!("int out of range"));
    }
    let items = ListRef::from_value(value)
        .map(|l| l.content().to_vec())
        .or_else(|| TupleRef::from_value(value).map(|t| t.content().to_vec()));
    if let Some(items) = items {
        return Ok(Arg::List(
            items
                .iter()
                .map(|v| arg(*v, depth + 1))
                .collect::<anyhow::Result<_>>()?,
        ));
    }
    if let Some(dict) = DictRef::from_value(value) {
        let mut entries: Vec<(String, Arg)> = dict
            .iter()
            .map(|(k, v)| {
                Ok((
                    k.unpack_str().map_or_else(|| k.to_str(), str::to_owned),
                    arg(v, depth + 1)?,
                ))
            })
            .collect::<anyhow::Result<_>>()?;
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        return Ok(Arg::Map(entries));
    }
    anyhow::bail!("unrecognized starlark type: {}", value.get_type())
}

pub fn members(builder: &mut GlobalsBuilder) {
    i18n_members(builder);
}

#[starlark_module]
fn i18n_members(builder: &mut GlobalsBuilder) {
    /// `format` translated for the board's locale, with `args` filled in.
    fn tr<'v>(
        #[starlark(args)] args: UnpackTuple<Value<'v>>,
        #[starlark(kwargs)] kwargs: SmallMap<String, Value<'v>>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<String> {
        if !kwargs.is_empty() {
            anyhow::bail!("unexpected keyword arguments");
        }
        let Some((format, params)) = args.items.split_first() else {
            anyhow::bail!("missing format argument");
        };
        let format = format
            .unpack_str()
            .ok_or_else(|| anyhow::anyhow!("format argument must be a string, got {}", format.get_type()))?;
        let params: Vec<Arg> = params
            .iter()
            .enumerate()
            .map(|(i, v)| arg(*v, 0).map_err(|e| anyhow::anyhow!("invalid param {i}: {e}")))
            .collect::<anyhow::Result<_>>()?;
        let context = RenderContext::of(eval)?;
        let locale = context.catalog.matched(&context.locale);
        let message = context.catalog.message(&locale, format).unwrap_or(format);
        sprintf(message, &params, &Numbers::for_locale(&locale)).map_err(|e| anyhow::anyhow!("tr: {e}"))
    }
}
