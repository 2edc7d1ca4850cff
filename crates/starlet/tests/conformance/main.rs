//! Pixlet's own widget tests (its `render/*_test.go`), expressed through
//! Starlark: the same widgets, built as apps build them, must paint the same
//! pictures.

#[path = "../common/mod.rs"]
mod common;

mod animation_positioned;
mod animation_resampling;
mod animation_timing;
mod animation_transformation;
mod animation_values;
mod antialias;
mod r#box;
mod circle;
mod column;
mod emoji;
mod image;
mod image_formats;
mod marquee;
mod marquee_arguments;
mod marquee_vertical;
mod padding;
mod pie_chart;
mod plot;
mod render_animation;
mod row;
mod sequence;
mod stack;
mod text;
mod text_emoji;
mod vector;
mod vector_cross;
mod vector_spacing;
mod wrappedtext;
