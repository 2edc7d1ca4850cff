//! `render.Root`: the top of every app's widget tree, with how its frames
//! are shown.

use std::sync::Arc;

use crate::render::WidgetRef;
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// What `main` returns.
#[derive(Debug)]
pub struct Root {
    pub child: WidgetRef,
    /// Milliseconds a frame shows; 0 means Pixlet's 50.
    pub delay: i64,
    /// Seconds the picture stays valid; 0 means forever.
    pub max_age: i64,
    pub show_full_animation: bool,
}

pub static SPEC: Spec = Spec {
    name: "Root",
    params: &[
        Param::required("child"),
        Param::optional("delay", Absent::Int(0)),
        Param::optional("max_age", Absent::Int(0)),
        Param::optional("show_full_animation", Absent::Bool(false)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let child = args
        .widget("child")?
        .ok_or_else(|| anyhow::anyhow!("Root: child is required"))?;
    Ok(Built::Value(Arc::new(Root {
        child,
        delay: args.int("delay")?.unwrap_or(0),
        max_age: args.int("max_age")?.unwrap_or(0),
        show_full_animation: args.bool("show_full_animation")?.unwrap_or(false),
    })))
}
