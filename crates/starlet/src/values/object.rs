//! The Starlark side of `render` and `animation`: a constructor value made
//! from a [`Spec`], and the [`Object`] it returns, which keeps the arguments
//! for read-back (`box.width`) next to what was built from them.

use std::cell::RefCell;
use std::fmt;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::coerce::Coerce;
use starlark::environment::{Methods, MethodsBuilder, MethodsStatic};
use starlark::eval::{Arguments, Evaluator, ParametersSpec, ParametersSpecParam};
use starlark::values::list::AllocList;
use starlark::values::none::NoneType;
use starlark::values::tuple::AllocTuple;
use starlark::values::{
    Freeze, FrozenValue, Heap, NoSerialize, StarlarkValue, Trace, Value, ValueLifetimeless, ValueLike,
};
use starlark::{starlark_complex_value, starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;

use super::spec::{Absent, Args, Built, Spec};
use crate::render::{Rect, WidgetRef};
use crate::runtime::context::RenderContext;

/// What a `render.X(...)` or `animation.X(...)` call returned.
#[derive(Debug, Trace, Freeze, ProvidesStaticType, NoSerialize, Allocative)]
#[repr(C)]
pub struct ObjectGen<V: ValueLifetimeless> {
    /// One value per parameter of the spec, absent ones already defaulted.
    arguments: Vec<V>,
    #[trace(static)]
    #[freeze(identity)]
    #[allocative(skip)]
    spec: &'static Spec,
    #[trace(static)]
    #[freeze(identity)]
    #[allocative(skip)]
    built: Built,
}

starlark_complex_value!(pub Object);

// SAFETY: `ObjectGen` is `repr(C)` and `Value`/`FrozenValue` share a layout.
unsafe impl<'v> Coerce<ObjectGen<Value<'v>>> for ObjectGen<FrozenValue> {}

impl<V: ValueLifetimeless> ObjectGen<V> {
    pub fn spec(&self) -> &'static Spec {
        self.spec
    }

    pub fn built(&self) -> &Built {
        &self.built
    }

    /// What the widget worked out for apps to read back, if it is one.
    fn read_back(&self) -> &[(&'static str, i64)] {
        match &self.built {
            Built::Widget(widget) => widget.read_back(),
            Built::Value(_) => &[],
        }
    }

    /// The widget, when this is one.
    pub fn widget(&self) -> Option<WidgetRef> {
        match &self.built {
            Built::Widget(widget) => Some(widget.clone()),
            Built::Value(_) => None,
        }
    }
}

impl<'v> ObjectGen<Value<'v>> {
    /// The value passed for parameter `name` (its read-back value when absent).
    pub fn argument(&self, name: &str) -> Option<Value<'v>> {
        let index = self.spec.params.iter().position(|p| p.name == name)?;
        Some(self.arguments[index])
    }
}

impl<V: ValueLifetimeless> fmt::Display for ObjectGen<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(...)", self.spec.name)
    }
}

#[starlark_value(type = "Widget")]
impl<'v, V: ValueLike<'v>> StarlarkValue<'v> for ObjectGen<V>
where
    Self: ProvidesStaticType<'v>,
{
    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        if let Some(&(_, value)) = self.read_back().iter().find(|(name, _)| *name == attribute) {
            return Some(heap.alloc(value));
        }
        let index = self.spec.params.iter().position(|p| p.name == attribute)?;
        Some(self.arguments[index].to_value())
    }

    fn dir_attr(&self) -> Vec<String> {
        let mut names: Vec<String> = self.spec.params.iter().map(|p| p.name.to_owned()).collect();
        for (name, _) in self.read_back() {
            if !names.iter().any(|known| known == name) {
                names.push((*name).to_owned());
            }
        }
        names
    }

    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("Widget", widget_methods);
        Some(METHODS.methods())
    }
}

#[starlark_module]
fn widget_methods(builder: &mut MethodsBuilder) {
    /// How many frames the widget has when laid out in `bounds`
    /// (`[x0, y0, x1, y1]`, the 64x32 canvas when left out).
    fn frame_count<'v>(this: Value<'v>, #[starlark(default = NoneType)] bounds: Value<'v>) -> anyhow::Result<i32> {
        let widget = this_widget(this, "frame_count")?;
        let bounds = if bounds.is_none() {
            Rect::sized(64, 32)
        } else {
            let corners = starlark::values::tuple::TupleRef::from_value(bounds)
                .map(|t| t.content().to_vec())
                .or_else(|| starlark::values::list::ListRef::from_value(bounds).map(|l| l.content().to_vec()))
                .ok_or_else(|| anyhow::anyhow!("frame_count: bounds must be a tuple of 4 ints"))?;
            let corners: Vec<i32> = corners
                .iter()
                .map(|v| {
                    v.unpack_i32()
                        .ok_or_else(|| anyhow::anyhow!("frame_count: bounds hold ints, not {}", v.get_type()))
                })
                .collect::<anyhow::Result<_>>()?;
            match corners[..] {
                [x0, y0, x1, y1] => Rect::new(x0, y0, x1, y1),
                _ => anyhow::bail!("frame_count: bounds must hold 4 ints, got {}", corners.len()),
            }
        };
        Ok(widget.frame_count(bounds).min(i32::MAX as usize) as i32)
    }

    /// The widget's own `(width, height)`: text and pictures have one.
    fn size<'v>(this: Value<'v>, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let widget = this_widget(this, "size")?;
        let (w, h) = widget.size().ok_or_else(|| {
            anyhow::anyhow!(
                "{} has no size()",
                Object::from_value(this).map_or("value", |o| o.spec.name)
            )
        })?;
        Ok(heap.alloc((w, h)))
    }
}

fn this_widget(this: Value<'_>, method: &str) -> anyhow::Result<WidgetRef> {
    let object = Object::from_value(this).ok_or_else(|| anyhow::anyhow!("{method}() needs a widget"))?;
    object
        .widget()
        .ok_or_else(|| anyhow::anyhow!("{} has no {method}()", object.spec.name))
}

/// A constructor apps call, `render.Box` say.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct Constructor {
    #[allocative(skip)]
    spec: &'static Spec,
    #[allocative(skip)]
    parameters: ParametersSpec<FrozenValue>,
}

starlark_simple_value!(Constructor);

impl Constructor {
    pub fn new(spec: &'static Spec) -> Self {
        let params = spec.params.iter().map(|p| {
            let kind = if p.required {
                ParametersSpecParam::Required
            } else {
                ParametersSpecParam::Optional
            };
            (p.name, kind)
        });
        Self {
            spec,
            parameters: ParametersSpec::new_parts(spec.name, [], params, false, [], false),
        }
    }
}

impl fmt::Display for Constructor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<built-in function {}>", self.spec.name)
    }
}

#[starlark_value(type = "builtin_function_or_method")]
impl<'v> StarlarkValue<'v> for Constructor {
    fn invoke(
        &self,
        _me: Value<'v>,
        args: &Arguments<'v, '_>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let heap = eval.heap();
        let mut values = vec![None; self.spec.params.len()];
        self.parameters.collect(args, &mut values, heap)?;
        let context = eval.extra.and_then(|extra| extra.downcast_ref::<RenderContext>());
        let eval = RefCell::new(eval);
        let caller = |function: Value<'v>, x: f64| {
            let mut eval = eval.borrow_mut();
            let x = eval.heap().alloc(x);
            eval.eval_function(function, &[x], &[])
                .map_err(starlark::Error::into_anyhow)
        };
        let built = (self.spec.build)(&Args {
            spec: self.spec,
            values: &values,
            context,
            caller: Some(&caller),
        })
        .map_err(starlark::Error::new_other)?;
        let arguments = values
            .iter()
            .zip(self.spec.params)
            .map(|(value, param)| match value {
                Some(v) if !v.is_none() => *v,
                _ => absent_value(param.absent, heap),
            })
            .collect();
        Ok(heap.alloc(ObjectGen {
            arguments,
            spec: self.spec,
            built,
        }))
    }
}

fn absent_value<'v>(absent: Absent, heap: Heap<'v>) -> Value<'v> {
    match absent {
        Absent::None => Value::new_none(),
        Absent::Int(i) => heap.alloc(i),
        Absent::Float(f) => heap.alloc(f),
        Absent::Bool(b) => Value::new_bool(b),
        Absent::Str(s) => heap.alloc(s),
        Absent::EmptyList => heap.alloc(AllocList::EMPTY),
        Absent::EmptyTuple => heap.alloc(AllocTuple::EMPTY),
    }
}
