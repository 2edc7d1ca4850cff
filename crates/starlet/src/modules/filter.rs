//! `filter.star` (Tronbyt): widgets that change how their child looks,
//! under the `filter` namespace.

use starlark::environment::GlobalsBuilder;

use crate::values::object::Constructor;
use crate::widgets::filter::FILTER;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("filter", |filter| {
        for spec in FILTER {
            filter.set(spec.name, Constructor::new(spec));
        }
    });
}
