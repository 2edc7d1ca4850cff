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
mod r#box;
mod text;
