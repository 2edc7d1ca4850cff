//! `schema.star`: the constructors an app's `get_schema()` describes its
//! configuration with (`schema.Schema`, `schema.Text`, `schema.Dropdown`,
//! ...), and `schema.HandlerType`.
//!
//! Arguments are unpacked with Pixlet's strictness and messages (every
//! parameter but a few is required, strings must be strings, lists must be
//! lists); the rules about which field types need which fields are checked
//! later, when the whole schema is read ([`crate::schema::validate`]).

mod constructors;
pub mod convert;
mod fields;
pub mod values;

use std::borrow::Cow;
use std::fmt;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::environment::GlobalsBuilder;
use starlark::eval::{Arguments, Evaluator, ParametersSpec, ParametersSpecParam};
use starlark::starlark_simple_value;
use starlark::values::bytes::StarlarkBytes;
use starlark::values::list::ListRef;
use starlark::values::structs::AllocStruct;
use starlark::values::{FrozenValue, Heap, NoSerialize, StarlarkValue, UnpackValue, Value, ValueLike};
use starlark_derive::starlark_value;

use crate::modules::file::File;
use crate::schema::HandlerKind;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("schema", |schema| {
        for constructor in constructors::ALL {
            schema.set(constructor.name, SchemaConstructor::new(constructor));
        }
        let kinds = [
            HandlerKind::Schema,
            HandlerKind::Options,
            HandlerKind::String,
            HandlerKind::Field,
        ];
        let names = ["Schema", "Options", "String", "Field"];
        schema.set(
            "HandlerType",
            AllocStruct(names.into_iter().zip(kinds.map(HandlerKind::number))),
        );
    });
}

/// One constructor: its parameters in Pixlet's positional order, the first
/// `required` of them required, and what it builds.
pub struct Constructor {
    pub name: &'static str,
    pub params: &'static [&'static str],
    pub required: usize,
    pub build: for<'v> fn(&Call<'v, '_>) -> anyhow::Result<Value<'v>>,
}

/// The arguments of one call, by parameter.
pub struct Call<'v, 'a> {
    constructor: &'static Constructor,
    values: &'a [Option<Value<'v>>],
    pub heap: Heap<'v>,
}

impl<'v> Call<'v, '_> {
    /// The value passed for `name` (`None` passed is a value too), if any.
    pub fn value(&self, name: &str) -> Option<Value<'v>> {
        let index = self
            .constructor
            .params
            .iter()
            .position(|p| *p == name)
            .unwrap_or_else(|| panic!("{} has no parameter {name}", self.constructor.name));
        self.values[index]
    }

    /// An argument of the wrong type, in Pixlet's words.
    fn wrong(&self, name: &str, want: &str, got: Value<'v>) -> anyhow::Error {
        let name_of_constructor = self.constructor.name;
        anyhow::anyhow!(
            "unpacking arguments for {name_of_constructor}: {name_of_constructor}: for parameter {name}: got {}, want {want}",
            type_name(got)
        )
    }

    /// A string (see [`text_of`]); `""` when an optional one was left out.
    pub fn string(&self, name: &str) -> anyhow::Result<String> {
        match self.value(name) {
            None => Ok(String::new()),
            Some(v) => text_of(v)
                .map(Cow::into_owned)
                .ok_or_else(|| self.wrong(name, "string", v)),
        }
    }

    /// The string given for `name` as a value, for reading back as it was passed.
    pub fn string_value(&self, name: &str) -> anyhow::Result<Value<'v>> {
        let text = self.string(name)?;
        Ok(self.value(name).unwrap_or_else(|| self.heap.alloc(text)))
    }

    pub fn bool(&self, name: &str) -> anyhow::Result<bool> {
        match self.value(name) {
            None => Ok(false),
            Some(v) => v.unpack_bool().ok_or_else(|| self.wrong(name, "bool", v)),
        }
    }

    /// A list (not a tuple, as in Pixlet), if one was given.
    pub fn list(&self, name: &str) -> anyhow::Result<Option<(Value<'v>, &'v [Value<'v>])>> {
        self.value(name)
            .map(|v| match ListRef::from_value(v) {
                Some(list) => Ok((v, list.content())),
                None => Err(self.wrong(name, "list", v)),
            })
            .transpose()
    }

    /// A function the app defined (`def` or `lambda`).
    pub fn function(&self, name: &str) -> anyhow::Result<Value<'v>> {
        let value = self.value(name).expect("functions are required parameters");
        if value.parameters_spec().is_some() {
            Ok(value)
        } else {
            Err(self.wrong(name, "function", value))
        }
    }

    pub fn int(&self, name: &str) -> anyhow::Result<Value<'v>> {
        let value = self.value(name).expect("ints are required parameters");
        if value.get_type() == "int" {
            Ok(value)
        } else {
            Err(self.wrong(name, "int", value))
        }
    }

    /// A file of the app's folder, as `load("x.mp3", "file")` gives it.
    pub fn file(&self, name: &str) -> anyhow::Result<(Value<'v>, &'v File)> {
        let value = self.value(name).expect("files are required parameters");
        match <&File>::unpack_value(value) {
            Ok(Some(file)) => Ok((value, file)),
            _ => Err(self.wrong(name, "File", value)),
        }
    }
}

/// A string as Pixlet reads one: text, or data that is not UTF-8 (read from
/// a file, a Go string in Pixlet) with each bad byte replaced as Go's JSON
/// encoder replaces it.
pub fn text_of<'v>(value: Value<'v>) -> Option<Cow<'v, str>> {
    if let Some(text) = value.unpack_str() {
        return Some(Cow::Borrowed(text));
    }
    let data = value.downcast_ref::<StarlarkBytes>()?.as_bytes();
    let mut text = String::with_capacity(data.len());
    for chunk in data.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(std::iter::repeat_n('\u{FFFD}', chunk.invalid().len()));
    }
    Some(Cow::Owned(text))
}

/// A value's type as Go Starlark names it: a built-in function is not a
/// `function` there.
pub fn type_name(value: Value) -> &'static str {
    if value.get_type() == "function" && value.parameters_spec().is_none() {
        "builtin_function_or_method"
    } else {
        value.get_type()
    }
}

/// A constructor as the Starlark value apps call.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
struct SchemaConstructor {
    #[allocative(skip)]
    constructor: &'static Constructor,
    #[allocative(skip)]
    parameters: ParametersSpec<FrozenValue>,
}

impl fmt::Debug for Constructor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

starlark_simple_value!(SchemaConstructor);

impl SchemaConstructor {
    fn new(constructor: &'static Constructor) -> Self {
        // Every parameter is optional to the parser, so that a missing one
        // is reported in Pixlet's words below.
        let params = constructor
            .params
            .iter()
            .map(|name| (*name, ParametersSpecParam::Optional));
        Self {
            constructor,
            parameters: ParametersSpec::new_parts(constructor.name, [], params, false, [], false),
        }
    }
}

impl fmt::Display for SchemaConstructor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<built-in function {}>", self.constructor.name)
    }
}

#[starlark_value(type = "builtin_function_or_method")]
impl<'v> StarlarkValue<'v> for SchemaConstructor {
    fn invoke(
        &self,
        _me: Value<'v>,
        args: &Arguments<'v, '_>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let constructor = self.constructor;
        let mut values = vec![None; constructor.params.len()];
        self.parameters.collect(args, &mut values, eval.heap())?;
        if let Some(missing) = constructor.params[..constructor.required]
            .iter()
            .zip(&values)
            .find_map(|(name, value)| value.is_none().then_some(name))
        {
            let name = constructor.name;
            return Err(starlark::Error::new_other(anyhow::anyhow!(
                "unpacking arguments for {name}: {name}: missing argument for {missing}"
            )));
        }
        let call = Call {
            constructor,
            values: &values,
            heap: eval.heap(),
        };
        (constructor.build)(&call).map_err(starlark::Error::new_other)
    }
}
