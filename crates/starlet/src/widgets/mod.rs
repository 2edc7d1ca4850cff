//! The widgets of `render.star` and what `animation.star` builds, one file
//! each: the widget, how it lays out and paints, and its constructor's
//! [`Spec`](crate::values::spec::Spec).

pub mod r#box;
pub mod emoji;
pub mod image;
pub mod root;
pub mod text;

use crate::values::spec::Spec;

/// The constructors of the `render` module.
pub static RENDER: &[&Spec] = &[&r#box::SPEC, &root::SPEC, &text::SPEC, &image::SPEC, &emoji::SPEC];
