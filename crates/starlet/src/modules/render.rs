//! `render.star`: the widget constructors, `render.fonts`, and `canvas`,
//! which tells an app the size it draws at.

use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::Value;
use starlark::values::dict::AllocDict;
use starlark::values::tuple::AllocTuple;

use crate::render::fonts;
use crate::runtime::context::RenderContext;
use crate::values::object::Constructor;
use crate::widgets;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("render", |render| {
        for spec in widgets::RENDER {
            render.set(spec.name, Constructor::new(spec));
        }
        render.set("fonts", AllocDict(fonts::names().map(|name| (name, name))));
    });
    builder.namespace("canvas", canvas_members);
}

#[starlark_module]
fn canvas_members(builder: &mut GlobalsBuilder) {
    /// The width frames are drawn at; with `raw`, the panel's own width.
    fn width(#[starlark(default = false)] raw: bool, eval: &mut Evaluator) -> anyhow::Result<i32> {
        let canvas = RenderContext::of(eval)?.canvas;
        Ok(if raw { canvas.width } else { canvas.scaled_width() })
    }

    /// The height frames are drawn at; with `raw`, the panel's own height.
    fn height(#[starlark(default = false)] raw: bool, eval: &mut Evaluator) -> anyhow::Result<i32> {
        let canvas = RenderContext::of(eval)?.canvas;
        Ok(if raw { canvas.height } else { canvas.scaled_height() })
    }

    /// `(width, height)`, as `width()` and `height()` give them.
    fn size<'v>(#[starlark(default = false)] raw: bool, eval: &mut Evaluator<'v, '_, '_>) -> anyhow::Result<Value<'v>> {
        let canvas = RenderContext::of(eval)?.canvas;
        let size = if raw {
            (canvas.width, canvas.height)
        } else {
            (canvas.scaled_width(), canvas.scaled_height())
        };
        Ok(eval.heap().alloc(AllocTuple([size.0, size.1])))
    }

    /// Whether the app draws at twice the panel's size.
    fn is2x(eval: &mut Evaluator) -> anyhow::Result<bool> {
        Ok(RenderContext::of(eval)?.canvas.is2x)
    }
}
