//! `animation.star`: the `animation` namespace with the constructors of
//! [`crate::widgets::animation`].

use starlark::environment::GlobalsBuilder;

use crate::values::object::Constructor;
use crate::widgets::animation::ANIMATION;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("animation", |animation| {
        for spec in ANIMATION {
            animation.set(spec.name, Constructor::new(spec));
        }
    });
}
