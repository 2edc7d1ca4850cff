//! The values `schema.star`'s constructors return: one Starlark type per
//! constructor, named as in Pixlet (`type(schema.Text(...)) == "Text"`), all
//! sharing one shape: the Rust data the schema is made of, the attributes
//! apps read back, and the app's functions the value refers to.

use std::fmt;
use std::sync::Arc;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::coerce::Coerce;
use starlark::starlark_complex_value;
use starlark::values::{
    Freeze, FrozenValue, Heap, NoSerialize, StarlarkValue, Trace, Value, ValueLifetimeless, ValueLike,
};
use starlark_derive::starlark_value;

use crate::schema::{Choice, Field, HandlerKind, Sound};

/// The Rust data behind a schema value.
#[derive(Debug)]
pub enum Item {
    Field(Box<Field>),
    Choice(Choice),
    Sound(Sound),
    Handler(HandlerKind),
    Schema(Parts),
}

/// What `schema.Schema(...)` was given, checked and copied when it was
/// called: later changes to the lists an app passed do not reach it.
#[derive(Debug)]
pub struct Parts {
    pub version: String,
    /// Each field, with the index among the node's functions of its handler.
    pub fields: Vec<(Field, Option<usize>)>,
    pub notifications: Vec<Field>,
    /// `schema.Handler`s: the function's name, its kind and its index.
    pub handlers: Vec<(String, HandlerKind, usize)>,
}

/// One schema value's contents.
#[derive(Debug, Trace, Freeze, Allocative)]
#[repr(C)]
pub struct NodeGen<V: ValueLifetimeless> {
    #[trace(static)]
    #[freeze(identity)]
    #[allocative(skip)]
    item: Arc<Item>,
    #[trace(static)]
    #[freeze(identity)]
    #[allocative(skip)]
    names: &'static [&'static str],
    /// What reading `names` back gives, in the same order.
    attributes: Vec<V>,
    /// The app's functions `item` refers to by index.
    functions: Vec<V>,
}

pub type Node<'v> = NodeGen<Value<'v>>;

impl<'v> Node<'v> {
    pub fn new(
        item: Item,
        names: &'static [&'static str],
        attributes: Vec<Value<'v>>,
        functions: Vec<Value<'v>>,
    ) -> Self {
        debug_assert_eq!(names.len(), attributes.len());
        Self {
            item: Arc::new(item),
            names,
            attributes,
            functions,
        }
    }
}

impl<'v, V: ValueLike<'v>> NodeGen<V> {
    pub fn item(&self) -> &Item {
        &self.item
    }

    pub fn function(&self, index: usize) -> Option<Value<'v>> {
        self.functions.get(index).map(|f| f.to_value())
    }

    fn attribute(&self, name: &str) -> Option<Value<'v>> {
        let index = self.names.iter().position(|n| *n == name)?;
        Some(self.attributes[index].to_value())
    }
}

/// Declares the Starlark type of one constructor's values, and `node_of`,
/// which reads the contents of any of them.
macro_rules! schema_values {
    ($(($name:ident, $generic:ident, $type_name:literal)),* $(,)?) => {
        $(
            #[derive(Debug, Trace, Freeze, ProvidesStaticType, NoSerialize, Allocative)]
            #[repr(transparent)]
            pub struct $generic<V: ValueLifetimeless>(pub NodeGen<V>);

            starlark_complex_value!(pub $name);

            // SAFETY: a transparent wrapper of a `repr(C)` struct whose only
            // lifetime-bearing fields are `Value`s, which share a layout
            // with `FrozenValue`.
            unsafe impl<'v> Coerce<$generic<Value<'v>>> for $generic<FrozenValue> {}

            impl<V: ValueLifetimeless> fmt::Display for $generic<V> {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "{}(...)", $type_name)
                }
            }

            #[starlark_value(type = $type_name)]
            impl<'v, V: ValueLike<'v>> StarlarkValue<'v> for $generic<V>
            where
                Self: ProvidesStaticType<'v>,
            {
                fn get_attr(&self, attribute: &str, _heap: Heap<'v>) -> Option<Value<'v>> {
                    self.0.attribute(attribute)
                }

                fn dir_attr(&self) -> Vec<String> {
                    self.0.names.iter().map(|n| (*n).to_owned()).collect()
                }
            }
        )*

        /// The contents of `value`, if `schema.star` made it.
        pub fn node_of<'v>(value: Value<'v>) -> Option<&'v Node<'v>> {
            $(
                if let Some(typed) = $name::from_value(value) {
                    return Some(&typed.0);
                }
            )*
            None
        }
    };
}

schema_values!(
    (Schema, SchemaGen, "Schema"),
    (Toggle, ToggleGen, "Toggle"),
    (OptionValue, OptionValueGen, "Option"),
    (Dropdown, DropdownGen, "Dropdown"),
    (Location, LocationGen, "Location"),
    (Text, TextGen, "Text"),
    (LocationBased, LocationBasedGen, "LocationBased"),
    (DateTime, DateTimeGen, "DateTime"),
    (OAuth2, OAuth2Gen, "OAuth2"),
    (PhotoSelect, PhotoSelectGen, "PhotoSelect"),
    (Typeahead, TypeaheadGen, "Typeahead"),
    (Handler, HandlerGen, "Handler"),
    (Generated, GeneratedGen, "Generated"),
    (Color, ColorGen, "Color"),
    (Notification, NotificationGen, "Notification"),
    (SoundValue, SoundValueGen, "Sound"),
);
