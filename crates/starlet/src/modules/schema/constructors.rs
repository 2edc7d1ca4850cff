//! Each constructor of `schema.star` with the parameters Pixlet declares
//! (in its order, the same ones required), and those that are not input
//! fields: the schema itself, options, handlers, notifications and sounds.

use starlark::values::{UnpackValue, Value};

use super::fields::{
    Common, color, common, date_time, dropdown, generated, location, location_based, oauth2, photo_select, text,
    toggle, typeahead,
};
use super::values::{
    HandlerGen, Item, Node, Notification, NotificationGen, OptionValueGen, Parts, SchemaGen, SoundValueGen, node_of,
};
use super::{Call, Constructor, type_name};
use crate::schema::{Choice, HandlerKind, Sound, VERSION};

pub static ALL: &[Constructor] = &[
    Constructor {
        name: "Schema",
        params: &["version", "fields", "handlers", "notifications"],
        required: 1,
        build: schema,
    },
    simple("Toggle", &["id", "name", "desc", "icon", "default"], 4, toggle),
    Constructor {
        name: "Option",
        params: &["display", "value"],
        required: 2,
        build: option,
    },
    simple(
        "Dropdown",
        &["id", "name", "desc", "icon", "default", "options"],
        6,
        dropdown,
    ),
    simple("Location", &["id", "name", "desc", "icon"], 4, location),
    simple("Text", &["id", "name", "desc", "icon", "default", "secret"], 4, text),
    simple(
        "LocationBased",
        &["id", "name", "desc", "icon", "handler"],
        5,
        location_based,
    ),
    simple("DateTime", &["id", "name", "desc", "icon"], 4, date_time),
    simple(
        "OAuth2",
        &[
            "id",
            "name",
            "desc",
            "icon",
            "handler",
            "client_id",
            "authorization_endpoint",
            "scopes",
        ],
        8,
        oauth2,
    ),
    simple("PhotoSelect", &["id", "name", "desc", "icon"], 4, photo_select),
    simple("Typeahead", &["id", "name", "desc", "icon", "handler"], 5, typeahead),
    simple("Handler", &["handler", "type"], 2, handler),
    simple("Generated", &["source", "handler", "id"], 3, generated),
    simple("Color", &["id", "name", "desc", "icon", "default", "palette"], 5, color),
    simple(
        "Notification",
        &["id", "name", "desc", "icon", "sounds", "builder"],
        6,
        notification,
    ),
    simple("Sound", &["id", "title", "file"], 3, sound),
];

const fn simple(
    name: &'static str,
    params: &'static [&'static str],
    required: usize,
    build: for<'v> fn(&Call<'v, '_>) -> anyhow::Result<Value<'v>>,
) -> Constructor {
    Constructor {
        name,
        params,
        required,
        build,
    }
}

fn option<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let display = call.string("display")?;
    let read_back = vec![call.string_value("display")?, call.string_value("value")?];
    let choice = Choice {
        text: display.clone(),
        display,
        value: call.string("value")?,
    };
    Ok(call.heap.alloc(OptionValueGen(Node::new(
        Item::Choice(choice),
        &["display", "value"],
        read_back,
        vec![],
    ))))
}

fn handler<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let function = call.function("handler")?;
    let number = call.int("type")?;
    let kind = match i64::unpack_value(number).ok().flatten() {
        Some(n) => HandlerKind::from_number(n).ok_or_else(|| anyhow::anyhow!("invalid handler type {n}"))?,
        None => anyhow::bail!("parsing type: {number} out of range (want value in signed 64-bit range)"),
    };
    Ok(call.heap.alloc(HandlerGen(Node::new(
        Item::Handler(kind),
        &["handler", "type"],
        vec![function, number],
        vec![function],
    ))))
}

fn notification<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let Common {
        mut field,
        mut read_back,
    } = common(call, "notification")?;
    let (list, items) = call.list("sounds")?.expect("sounds is required");
    let builder = call.function("builder")?;
    let mut sounds = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate().filter(|(_, v)| !v.is_none()) {
        match node_of(*item).map(|node| node.item()) {
            Some(Item::Sound(sound)) => sounds.push(sound.clone()),
            _ => anyhow::bail!(
                "expected options to be a list of Sound but found: {} (at index {i})",
                type_name(*item)
            ),
        }
    }
    field.sounds = Some(sounds);
    read_back.extend([list, builder]);
    let names = &["id", "name", "desc", "icon", "sounds", "builder"];
    Ok(call.heap.alloc(NotificationGen(Node::new(
        Item::Field(Box::new(field)),
        names,
        read_back,
        vec![],
    ))))
}

fn sound<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let (file_value, file) = call.file("file")?;
    let sound = Sound {
        id: call.string("id")?,
        title: call.string("title")?,
        path: file.name().to_owned(),
    };
    let read_back = vec![call.string_value("id")?, call.string_value("title")?, file_value];
    Ok(call.heap.alloc(SoundValueGen(Node::new(
        Item::Sound(sound),
        &["id", "title", "file"],
        read_back,
        vec![],
    ))))
}

fn schema<'v>(call: &Call<'v, '_>) -> anyhow::Result<Value<'v>> {
    let version = call.string("version")?;
    let fields = call.list("fields")?;
    let handlers = call.list("handlers")?;
    let notifications = call.list("notifications")?;
    if version != VERSION {
        anyhow::bail!("only schema version 1 is supported, not: {version}");
    }
    let mut functions = Vec::new();
    let mut parts = Parts {
        version: version.to_owned(),
        fields: Vec::new(),
        notifications: Vec::new(),
        handlers: Vec::new(),
    };
    for (i, item) in fields.iter().flat_map(|(_, items)| items.iter()).enumerate() {
        if item.is_none() {
            continue;
        }
        let node = node_of(*item).filter(|_| Notification::from_value(*item).is_none());
        let Some(Item::Field(field)) = node.map(|node| node.item()) else {
            anyhow::bail!(
                "expected fields to be a list of Field but found: {} (at index {i})",
                type_name(*item)
            );
        };
        let handler = node.and_then(|node| node.function(0)).map(|function| {
            functions.push(function);
            functions.len() - 1
        });
        parts.fields.push((field.as_ref().clone(), handler));
    }
    for (i, item) in handlers.iter().flat_map(|(_, items)| items.iter()).enumerate() {
        let node = node_of(*item);
        let (Some(Item::Handler(kind)), Some(function)) =
            (node.map(|node| node.item()), node.and_then(|node| node.function(0)))
        else {
            anyhow::bail!(
                "expected handlers to hold Handler but found: {} (at index {i})",
                type_name(*item)
            );
        };
        let name = function.function_name().unwrap_or("lambda").to_owned();
        functions.push(function);
        parts.handlers.push((name, *kind, functions.len() - 1));
    }
    for (i, item) in notifications.iter().flat_map(|(_, items)| items.iter()).enumerate() {
        if item.is_none() {
            continue;
        }
        match node_of(*item).map(|node| node.item()) {
            Some(Item::Field(field)) if Notification::from_value(*item).is_some() => {
                parts.notifications.push(field.as_ref().clone())
            }
            _ => anyhow::bail!(
                "expected notifications to be a list of Notification but found: {} (at index {i})",
                type_name(*item)
            ),
        }
    }
    let list_or_none = |list: Option<(Value<'v>, &[Value<'v>])>| list.map_or_else(Value::new_none, |(v, _)| v);
    let read_back = vec![
        call.string_value("version")?,
        list_or_none(fields),
        list_or_none(handlers),
        list_or_none(notifications),
    ];
    Ok(call.heap.alloc(SchemaGen(Node::new(
        Item::Schema(parts),
        &["version", "fields", "handlers", "notifications"],
        read_back,
        functions,
    ))))
}
