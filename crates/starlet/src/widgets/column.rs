//! `render.Column`: children one under the other, top to bottom (the layout
//! is [`Vector`](super::vector::Vector)'s).

use std::sync::Arc;

use super::row::vector;
use crate::values::spec::{Absent, Args, Built, Param, Spec};

pub static SPEC: Spec = Spec {
    name: "Column",
    params: &[
        Param::required("children"),
        Param::optional("main_align", Absent::Str("")),
        Param::optional("cross_align", Absent::Str("")),
        Param::optional("expanded", Absent::Bool(false)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    Ok(Built::Widget(Arc::new(vector(args, true)?)))
}
