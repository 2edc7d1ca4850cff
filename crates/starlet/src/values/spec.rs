//! How a widget (or any other `render`/`animation` value) is declared: its
//! name, its parameters in Pixlet's positional order, and a function that
//! builds it from the arguments an app passed.
//!
//! One [`Spec`] per widget file; [`crate::values::object`] turns a spec into
//! the Starlark constructor apps call and the value they get back.

use std::any::Any;
use std::sync::Arc;

use starlark::values::float::StarlarkFloat;
use starlark::values::{UnpackValue, Value};

use crate::render::{Color, WidgetRef};
use crate::runtime::context::RenderContext;
use crate::values::color::ColorValue;
use crate::values::object::Object;

/// The most pixels a length parameter may be, either way: far beyond any
/// panel, and small enough that layout arithmetic on it cannot overflow.
pub const MAX_LENGTH: i32 = 1 << 16;

/// A constructor's declaration.
pub struct Spec {
    /// The name apps call, `Box` in `render.Box(...)`.
    pub name: &'static str,
    /// Parameters in positional order.
    pub params: &'static [Param],
    /// Builds the value from checked arguments.
    pub build: fn(&Args<'_, '_>) -> anyhow::Result<Built>,
}

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// One parameter: its name, whether it must be given, and what reading it
/// back (`box.width`) gives when it was not.
#[derive(Debug)]
pub struct Param {
    pub name: &'static str,
    pub required: bool,
    pub absent: Absent,
}

impl Param {
    pub const fn required(name: &'static str) -> Self {
        Self {
            name,
            required: true,
            absent: Absent::None,
        }
    }

    /// An optional parameter that reads back as `absent` when not given.
    pub const fn optional(name: &'static str, absent: Absent) -> Self {
        Self {
            name,
            required: false,
            absent,
        }
    }
}

/// What an optional parameter reads back as when the app did not pass it:
/// Pixlet reads back its Go field, so an unset int is 0, an unset string "".
#[derive(Debug, Clone, Copy)]
pub enum Absent {
    None,
    Int(i32),
    Float(f64),
    Bool(bool),
    Str(&'static str),
    EmptyList,
    EmptyTuple,
}

/// What a constructor made.
#[derive(Debug, Clone)]
pub enum Built {
    /// A widget, which has `frame_count()` (and `size()` when it knows it).
    Widget(WidgetRef),
    /// Anything else apps pass around (a `Root`, a keyframe, a transform),
    /// read back by the constructors that take it.
    Value(Arc<dyn Any + Send + Sync>),
}

/// Calls a function the app passed with one number, the way Pixlet calls a
/// custom easing curve.
pub type Caller<'v, 'a> = &'a dyn Fn(Value<'v>, f64) -> anyhow::Result<Value<'v>>;

/// The arguments of one constructor call, by parameter name.
pub struct Args<'v, 'a> {
    pub(crate) spec: &'static Spec,
    pub(crate) values: &'a [Option<Value<'v>>],
    pub(crate) context: Option<&'a RenderContext>,
    pub(crate) caller: Option<Caller<'v, 'a>>,
}

impl<'v> Args<'v, '_> {
    /// The value passed for `name`; `None` when it was left out or `None`.
    pub fn value(&self, name: &str) -> Option<Value<'v>> {
        let index = self
            .spec
            .params
            .iter()
            .position(|p| p.name == name)
            .unwrap_or_else(|| panic!("{} has no parameter {name}", self.spec.name));
        self.values[index].filter(|v| !v.is_none())
    }

    /// The render's context (canvas size, clock), absent in bare unit tests.
    pub fn context(&self) -> Option<&RenderContext> {
        self.context
    }

    /// Calls the app's `function` with `x` while the constructor runs: Pixlet
    /// calls such functions while painting, when the app's heap is gone here.
    pub fn call_with_number(&self, function: Value<'v>, x: f64) -> anyhow::Result<Value<'v>> {
        let caller = self
            .caller
            .ok_or_else(|| anyhow::anyhow!("{}: functions can only be called inside an app", self.spec.name))?;
        caller(function, x)
    }

    fn wrong(&self, name: &str, want: &str, got: Value<'v>) -> anyhow::Error {
        anyhow::anyhow!(
            "{}: for parameter {name}: got {}, want {want}",
            self.spec.name,
            got.get_type()
        )
    }

    /// An `int`, as Pixlet's integer parameters take (a float is refused).
    pub fn int(&self, name: &str) -> anyhow::Result<Option<i64>> {
        self.value(name).map(|v| self.unpack_int(name, v)).transpose()
    }

    /// A number, int or float.
    pub fn number(&self, name: &str) -> anyhow::Result<Option<f64>> {
        self.value(name)
            .map(|v| match StarlarkFloat::unpack_value_opt(v) {
                Some(f) => Ok(f.0),
                None => self.unpack_int(name, v).map(|i| i as f64),
            })
            .transpose()
    }

    /// A number no further than `limit` from zero: for coordinates and
    /// sizes, which painting work grows with.
    pub fn bounded_number(&self, name: &str, limit: f64) -> anyhow::Result<Option<f64>> {
        self.number(name)?
            .map(|n| {
                if n.is_finite() && n.abs() <= limit {
                    Ok(n)
                } else {
                    Err(anyhow::anyhow!(
                        "{}: {name} is {n}, want a number from -{limit} to {limit}",
                        self.spec.name
                    ))
                }
            })
            .transpose()
    }

    fn unpack_int(&self, name: &str, v: Value<'v>) -> anyhow::Result<i64> {
        match i64::unpack_value(v) {
            Ok(Some(i)) => Ok(i),
            Ok(None) => Err(self.wrong(name, "int", v)),
            Err(e) => Err(anyhow::anyhow!("{}: for parameter {name}: {e}", self.spec.name)),
        }
    }

    pub fn string(&self, name: &str) -> anyhow::Result<Option<&'v str>> {
        self.value(name)
            .map(|v| v.unpack_str().ok_or_else(|| self.wrong(name, "string", v)))
            .transpose()
    }

    pub fn bool(&self, name: &str) -> anyhow::Result<Option<bool>> {
        self.value(name)
            .map(|v| v.unpack_bool().ok_or_else(|| self.wrong(name, "bool", v)))
            .transpose()
    }

    /// A colour: a hex string or a `Color`; `""` means none.
    pub fn color(&self, name: &str) -> anyhow::Result<Option<Color>> {
        let Some(value) = self.value(name) else {
            return Ok(None);
        };
        if let Some(text) = value.unpack_str() {
            if text.is_empty() {
                return Ok(None);
            }
            return Color::parse(text)
                .map(Some)
                .map_err(|e| anyhow::anyhow!("{}: parsing {name}: {e}", self.spec.name));
        }
        if let Some(color) = ColorValue::of(value) {
            return Ok(Some(color));
        }
        Err(self.wrong(name, "color string", value))
    }

    /// A list of colours, hex strings or `Color`s; `""` is transparent.
    pub fn colors(&self, name: &str) -> anyhow::Result<Vec<Color>> {
        self.list(name)?
            .into_iter()
            .enumerate()
            .map(|(i, value)| match (value.unpack_str(), ColorValue::of(value)) {
                (Some(""), _) => Ok(Color::TRANSPARENT),
                (Some(text), _) => Color::parse(text)
                    .map_err(|e| anyhow::anyhow!("{}: parsing color {i} of {name}: {e}", self.spec.name)),
                (None, Some(color)) => Ok(color),
                (None, None) => Err(anyhow::anyhow!(
                    "{}: {name}[{i}] is {}, want color string",
                    self.spec.name,
                    value.get_type()
                )),
            })
            .collect()
    }

    /// A widget.
    pub fn widget(&self, name: &str) -> anyhow::Result<Option<WidgetRef>> {
        self.value(name)
            .map(|v| {
                Object::from_value(v)
                    .and_then(|o| o.widget())
                    .ok_or_else(|| self.wrong(name, "Widget", v))
            })
            .transpose()
    }

    /// A list of widgets; `None` entries are skipped, as Pixlet skips them.
    pub fn widgets(&self, name: &str) -> anyhow::Result<Vec<WidgetRef>> {
        self.list(name)?
            .into_iter()
            .filter(|v| !v.is_none())
            .enumerate()
            .map(|(i, v)| {
                Object::from_value(v).and_then(|o| o.widget()).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: expected {name} to be a list of Widget but found: {} (at index {i})",
                        self.spec.name,
                        v.get_type()
                    )
                })
            })
            .collect()
    }

    /// The items of a list or tuple; empty when left out.
    pub fn list(&self, name: &str) -> anyhow::Result<Vec<Value<'v>>> {
        let Some(value) = self.value(name) else {
            return Ok(Vec::new());
        };
        if let Some(list) = starlark::values::list::ListRef::from_value(value) {
            return Ok(list.content().to_vec());
        }
        if let Some(tuple) = starlark::values::tuple::TupleRef::from_value(value) {
            return Ok(tuple.content().to_vec());
        }
        Err(self.wrong(name, "list", value))
    }

    /// An `int` number of pixels (a width, a padding, an offset), within
    /// [`MAX_LENGTH`] either way.
    pub fn length(&self, name: &str) -> anyhow::Result<Option<i32>> {
        self.int(name)?.map(|v| self.check_length(name, v)).transpose()
    }

    /// `value`, given for `what`, as a number of pixels within [`MAX_LENGTH`].
    pub fn check_length(&self, what: &str, value: i64) -> anyhow::Result<i32> {
        i32::try_from(value)
            .ok()
            .filter(|v| v.abs() <= MAX_LENGTH)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: {what} {value} is out of range (at most {MAX_LENGTH} either way)",
                    self.spec.name
                )
            })
    }

    /// A value another constructor built, of Rust type `T`.
    pub fn built<T: Any + Send + Sync>(&self, name: &str) -> anyhow::Result<Option<Arc<T>>> {
        let want = std::any::type_name::<T>().rsplit("::").next().unwrap_or("value");
        self.value(name)
            .map(|v| built_as::<T>(v).ok_or_else(|| self.wrong(name, want, v)))
            .transpose()
    }
}

/// The `T` a constructor built, if `value` is one.
pub fn built_as<T: Any + Send + Sync>(value: Value<'_>) -> Option<Arc<T>> {
    match Object::from_value(value)?.built() {
        Built::Value(any) => any.clone().downcast::<T>().ok(),
        Built::Widget(_) => None,
    }
}
