//! Reading what `get_schema()` or a handler returned: a `schema.Schema`, or
//! the plain lists and dicts older apps return, checked against Pixlet's
//! rules, with the functions its handlers name.

use starlark::values::Value;
use starlark::values::dict::DictRef;
use starlark::values::list::ListRef;

use super::values::{Item, node_of};
use super::{text_of, type_name};
use crate::schema::legacy::{self, Tree};
use crate::schema::{Choice, HandlerKind, Schema, VERSION, validate};

/// How deep lists and dicts may nest in a schema (a list holding itself
/// would otherwise never end).
const MAX_DEPTH: usize = 64;

/// A schema read from Starlark, and the handlers a client may call by name.
pub struct Read<'v> {
    pub schema: Schema,
    /// Later entries win over earlier ones of the same name.
    pub handlers: Vec<(String, Value<'v>, HandlerKind)>,
}

/// Reads a schema. `global` finds a function a legacy schema names by its
/// name, among the globals of the file that defines `get_schema()`.
pub fn schema<'v>(value: Value<'v>, global: &dyn Fn(&str) -> Option<Value<'v>>) -> anyhow::Result<Read<'v>> {
    let mut handlers = Vec::new();
    let (mut schema, functions) = match node_of(value).map(|node| (node, node.item())) {
        Some((node, Item::Schema(parts))) => {
            for (name, kind, index) in &parts.handlers {
                let function = node.function(*index).expect("a schema keeps its handlers");
                handlers.push((name.clone(), function, *kind));
            }
            let schema = Schema {
                version: parts.version.clone(),
                fields: parts.fields.iter().map(|(field, _)| field.clone()).collect(),
                notifications: parts.notifications.clone(),
            };
            let functions = parts
                .fields
                .iter()
                .map(|(_, index)| index.and_then(|i| node.function(i)))
                .collect();
            (schema, functions)
        }
        _ => {
            let fields = legacy::fields(&tree(value)?).map_err(anyhow::Error::msg)?;
            let functions = vec![None; fields.len()];
            let schema = Schema {
                version: VERSION.to_owned(),
                fields,
                notifications: Vec::new(),
            };
            (schema, functions)
        }
    };
    validate::schema(&schema).map_err(anyhow::Error::msg)?;
    for (i, (field, function)) in schema.fields.iter_mut().zip(functions).enumerate() {
        let function = match function {
            Some(function) => function,
            None if field.handler.is_empty() => continue,
            None => {
                let name = &field.handler;
                let found = global(name)
                    .ok_or_else(|| anyhow::anyhow!("field {i} references non-existent handler \"{name}\""))?;
                if found.parameters_spec().is_none() {
                    anyhow::bail!("field {i} references \"{name}\" which is not a function");
                }
                found
            }
        };
        let kind = HandlerKind::for_field(&field.kind)
            .ok_or_else(|| anyhow::anyhow!("field {i} of type \"{}\" can't have a handler function", field.kind))?;
        field.handler = format!("{}${}", field.id, field.handler);
        handlers.push((field.handler.clone(), function, kind));
    }
    Ok(Read { schema, handlers })
}

/// The options a handler returned, checked as Pixlet checks them.
pub fn choices(value: Value) -> anyhow::Result<Vec<Choice>> {
    let choices = legacy::choices(&tree(value)?).map_err(anyhow::Error::msg)?;
    for choice in &choices {
        validate::choice(choice).map_err(anyhow::Error::msg)?;
    }
    Ok(choices)
}

/// `value` as the strings, lists and dicts Pixlet reads schemas as.
pub fn tree(value: Value) -> anyhow::Result<Tree> {
    tree_within(value, 0)
}

fn tree_within(value: Value, depth: usize) -> anyhow::Result<Tree> {
    if depth > MAX_DEPTH {
        anyhow::bail!("schema nests lists and dicts more than {MAX_DEPTH} deep");
    }
    if let Some(text) = text_of(value) {
        return Ok(Tree::Str(text.into_owned()));
    }
    if let Some(list) = ListRef::from_value(value) {
        return list
            .content()
            .iter()
            .map(|item| tree_within(*item, depth + 1))
            .collect::<anyhow::Result<_>>()
            .map(Tree::List);
    }
    if let Some(dict) = DictRef::from_value(value) {
        return dict
            .iter()
            .map(|(key, value)| {
                let key = key
                    .unpack_str()
                    .ok_or_else(|| anyhow::anyhow!("dict keys must be string"))?;
                Ok((key.to_owned(), tree_within(value, depth + 1)?))
            })
            .collect::<anyhow::Result<_>>()
            .map(Tree::Dict);
    }
    match node_of(value).map(|node| node.item()) {
        Some(Item::Choice(choice)) => Ok(Tree::Choice(choice.clone())),
        Some(Item::Field(field)) => Ok(Tree::Field(field.clone())),
        _ => anyhow::bail!("type {} not allowed in schema", type_name(value)),
    }
}
