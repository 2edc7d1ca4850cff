//! The input fields of `schema.star` (text, toggles, dropdowns, colours,
//! fields with handlers, ...): the `schema` JSON each makes, and what
//! reading its attributes back gives.

use std::borrow::Cow;

use starlark::values::Value;
use starlark::values::list::AllocList;

use super::values::{
    ColorGen, DateTimeGen, DropdownGen, GeneratedGen, Item, LocationBasedGen, LocationGen, Node, OAuth2Gen,
    PhotoSelectGen, TextGen, ToggleGen, TypeaheadGen, node_of,
};
use super::{Call, text_of, type_name};
use crate::schema::Field;

/// The fields every input field has, and what they read back as.
pub(super) struct Common<'v> {
    pub field: Field,
    pub read_back: Vec<Value<'v>>,
}

/// `id`, `name`, `desc` and `icon`, which most fields start with.
pub(super) fn common<'v>(call: &Call<'v, '_>, kind: &str) -> anyhow::Result<Common<'v>> {
    let mut read_back = Vec::new();
    let mut text = |name: &str| -> anyhow::Result<String> {
        read_back.push(call.string_value(name)?);
        call.string(name)
    };
    let field = Field {
        kind: kind.to_owned(),
        id: text("id")?,
        name: text("name")?,
        description: text("desc")?,
        icon: text("icon")?,
        ..Field::default()
    };
    Ok(Common { field, read_back })
}

const COMMON: [&str; 4] = ["id", "name", "desc", "icon"];

pub(super) fn location<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let Common { field, read_back } = common(call, "location")?;
    Ok(call.heap.alloc(LocationGen(Node::new(
        Item::Field(Box::new(field)),
        &COMMON,
        read_back,
        vec![],
    ))))
}

pub(super) fn date_time<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let Common { field, read_back } = common(call, "datetime")?;
    Ok(call.heap.alloc(DateTimeGen(Node::new(
        Item::Field(Box::new(field)),
        &COMMON,
        read_back,
        vec![],
    ))))
}

pub(super) fn photo_select<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let Common { field, read_back } = common(call, "png")?;
    Ok(call.heap.alloc(PhotoSelectGen(Node::new(
        Item::Field(Box::new(field)),
        &COMMON,
        read_back,
        vec![],
    ))))
}

pub(super) fn text<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let Common {
        mut field,
        mut read_back,
    } = common(call, "text")?;
    field.default = call.string("default")?;
    field.secret = call.bool("secret")?;
    read_back.push(call.string_value("default")?);
    read_back.push(Value::new_bool(field.secret));
    let names = &["id", "name", "desc", "icon", "default", "secret"];
    Ok(call.heap.alloc(TextGen(Node::new(
        Item::Field(Box::new(field)),
        names,
        read_back,
        vec![],
    ))))
}

pub(super) fn toggle<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let Common {
        mut field,
        mut read_back,
    } = common(call, "onoff")?;
    let default = call.bool("default")?;
    field.default = default.to_string();
    read_back.push(Value::new_bool(default));
    let names = &["id", "name", "desc", "icon", "default"];
    Ok(call.heap.alloc(ToggleGen(Node::new(
        Item::Field(Box::new(field)),
        names,
        read_back,
        vec![],
    ))))
}

pub(super) fn dropdown<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let Common {
        mut field,
        mut read_back,
    } = common(call, "dropdown")?;
    field.default = call.string("default")?;
    let (list, items) = call.list("options")?.expect("options is required");
    let mut options = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate().filter(|(_, v)| !v.is_none()) {
        match node_of(*item).map(|node| node.item()) {
            Some(Item::Choice(choice)) => options.push(choice.clone()),
            _ => anyhow::bail!(
                "expected options to be a list of Option but found: {} (at index {i})",
                type_name(*item)
            ),
        }
    }
    field.options = Some(options);
    read_back.push(call.string_value("default")?);
    read_back.push(list);
    let names = &["id", "name", "desc", "icon", "default", "options"];
    Ok(call.heap.alloc(DropdownGen(Node::new(
        Item::Field(Box::new(field)),
        names,
        read_back,
        vec![],
    ))))
}

/// A field whose `handler` the mobile app calls: the function's name is
/// recorded, and the function kept.
fn with_handler<'v>(call: &Call<'v, '_>, kind: &str) -> anyhow::Result<(Field, Vec<Value<'v>>, Value<'v>)> {
    let Common {
        mut field,
        mut read_back,
    } = common(call, kind)?;
    let handler = call.function("handler")?;
    field.handler = handler.function_name().unwrap_or("lambda").to_owned();
    read_back.push(handler);
    Ok((field, read_back, handler))
}

pub(super) fn location_based<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let (field, read_back, handler) = with_handler(call, "locationbased")?;
    let names = &["id", "name", "desc", "icon", "handler"];
    Ok(call.heap.alloc(LocationBasedGen(Node::new(
        Item::Field(Box::new(field)),
        names,
        read_back,
        vec![handler],
    ))))
}

pub(super) fn typeahead<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let (field, read_back, handler) = with_handler(call, "typeahead")?;
    let names = &["id", "name", "desc", "icon", "handler"];
    Ok(call.heap.alloc(TypeaheadGen(Node::new(
        Item::Field(Box::new(field)),
        names,
        read_back,
        vec![handler],
    ))))
}

pub(super) fn oauth2<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let (mut field, mut read_back, handler) = with_handler(call, "oauth2")?;
    field.client_id = call.string("client_id")?;
    field.authorization_endpoint = call.string("authorization_endpoint")?;
    let (list, items) = call.list("scopes")?.expect("scopes is required");
    field.scopes = Some(strings(items, "expected fields to be a list of string")?);
    read_back.extend([
        call.string_value("client_id")?,
        call.string_value("authorization_endpoint")?,
        list,
    ]);
    let names = &[
        "id",
        "name",
        "desc",
        "icon",
        "handler",
        "client_id",
        "authorization_endpoint",
        "scopes",
    ];
    Ok(call.heap.alloc(OAuth2Gen(Node::new(
        Item::Field(Box::new(field)),
        names,
        read_back,
        vec![handler],
    ))))
}

/// The strings of a list, `None`s skipped; `what` says what else was wrong.
fn strings(items: &[Value], what: &str) -> anyhow::Result<Vec<String>> {
    items
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_none())
        .map(|(i, v)| {
            text_of(*v)
                .map(Cow::into_owned)
                .ok_or_else(|| anyhow::anyhow!("{what} but found: {} (at index {i})", type_name(*v)))
        })
        .collect()
}

pub(super) fn generated<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let source = call.string_value("source")?;
    let handler = call.function("handler")?;
    let id = call.string_value("id")?;
    let field = Field {
        kind: "generated".into(),
        id: call.string("id")?,
        source: call.string("source")?,
        handler: handler.function_name().unwrap_or("lambda").to_owned(),
        ..Field::default()
    };
    Ok(call.heap.alloc(GeneratedGen(Node::new(
        Item::Field(Box::new(field)),
        &["source", "handler", "id"],
        vec![source, handler, id],
        vec![handler],
    ))))
}

pub(super) fn color<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let Common {
        mut field,
        mut read_back,
    } = common(call, "color")?;
    field.default =
        normalize_hex_color(&call.string("default")?).map_err(|e| anyhow::anyhow!("malformed default color: {e}"))?;
    read_back.push(call.heap.alloc(field.default.as_str()));
    match call.list("palette")? {
        None => read_back.push(Value::new_none()),
        Some((_, items)) => {
            let mut palette = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate().filter(|(_, v)| !v.is_none()) {
                let text = text_of(*item).ok_or_else(|| {
                    anyhow::anyhow!(
                        "expected palette to be a list of string but found: {} (at index {i})",
                        type_name(*item)
                    )
                })?;
                let hex = normalize_hex_color(&text)
                    .map_err(|e| anyhow::anyhow!("malformed palette color at index {i}: {e}"))?;
                palette.push(hex);
            }
            read_back.push(call.heap.alloc(AllocList(palette.iter().map(String::as_str))));
            field.palette = Some(palette);
        }
    }
    let names = &["id", "name", "desc", "icon", "default", "palette"];
    Ok(call.heap.alloc(ColorGen(Node::new(
        Item::Field(Box::new(field)),
        names,
        read_back,
        vec![],
    ))))
}

/// `#rgb` or `#rrggbb` in lower case, from either with or without the `#`.
fn normalize_hex_color(text: &str) -> Result<String, String> {
    let lower = text.to_lowercase();
    let hex = lower.strip_prefix('#').unwrap_or(&lower);
    if hex.len() != 3 && hex.len() != 6 {
        return Err(format!("expected 3 or 6 hex chars but found {}", hex.len()));
    }
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("expected hex chars a-f,0-9 but found {hex}"));
    }
    Ok(format!("#{hex}"))
}

#[cfg(test)]
mod tests {
    use super::normalize_hex_color;

    #[test]
    fn colors_are_normalised_to_lower_case_with_a_hash() {
        assert_eq!(normalize_hex_color("ABC").unwrap(), "#abc");
        assert_eq!(normalize_hex_color("#A0b1C2").unwrap(), "#a0b1c2");
        assert_eq!(
            normalize_hex_color("##abc").unwrap_err(),
            "expected 3 or 6 hex chars but found 4"
        );
        assert_eq!(
            normalize_hex_color("#xyz").unwrap_err(),
            "expected hex chars a-f,0-9 but found xyz"
        );
    }
}
