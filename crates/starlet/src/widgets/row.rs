//! `render.Row`: children side by side, left to right (the layout is
//! [`Vector`]'s).

use std::sync::Arc;

use super::vector::{CrossAlign, MainAlign, Vector};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

pub static SPEC: Spec = Spec {
    name: "Row",
    params: &[
        Param::required("children"),
        Param::optional("main_align", Absent::Str("")),
        Param::optional("cross_align", Absent::Str("")),
        Param::optional("expanded", Absent::Bool(false)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    Ok(Built::Widget(Arc::new(vector(args, false)?)))
}

/// The [`Vector`] a `Row` or `Column` call asks for.
pub(super) fn vector(args: &Args, vertical: bool) -> anyhow::Result<Vector> {
    Ok(Vector {
        children: args.widgets("children")?,
        main_align: MainAlign::parse(args.string("main_align")?.unwrap_or_default()),
        cross_align: CrossAlign::parse(args.string("cross_align")?.unwrap_or_default()),
        expanded: args.bool("expanded")?.unwrap_or(false),
        vertical,
    })
}
