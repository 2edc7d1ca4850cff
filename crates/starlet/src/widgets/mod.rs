//! The widgets of `render.star` and what `animation.star` builds, one file
//! each: the widget, how it lays out and paints, and its constructor's
//! [`Spec`](crate::values::spec::Spec).

pub mod animation;
pub mod arc;
pub mod r#box;
pub mod circle;
pub mod column;
pub mod emoji;
pub mod filter;
pub mod image;
pub mod line;
pub mod marquee;
pub mod padding;
pub mod pie_chart;
pub mod plot;
pub mod polygon;
pub mod render_animation;
pub mod root;
pub mod row;
pub mod sequence;
pub mod stack;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
pub mod vector;
pub mod wrapped_text;

use crate::values::spec::Spec;

/// The constructors of the `render` module.
pub static RENDER: &[&Spec] = &[
    &r#box::SPEC,
    &root::SPEC,
    &text::SPEC,
    &row::SPEC,
    &column::SPEC,
    &stack::SPEC,
    &padding::SPEC,
    &wrapped_text::SPEC,
    &marquee::SPEC,
    &sequence::SPEC,
    &render_animation::SPEC,
    &circle::SPEC,
    &pie_chart::SPEC,
    &plot::SPEC,
    &arc::SPEC,
    &line::SPEC,
    &polygon::SPEC,
    &image::SPEC,
    &emoji::SPEC,
];
